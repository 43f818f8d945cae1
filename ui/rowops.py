"""Operations on the rows and cells of any document list: one table of what each is called and
which keys run it (the 编辑 menu, a sheet's context menu and toolbar, the tree), and the undo
commands behind the row operations: 插入, 删除, 复制, 上移, 下移 all come here."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QWidget

from desktop import edits
from desktop.edits import PLAN, PROJECTS, ListRef
from ui.commands import InsertRows, MoveRows, RemoveRows
from ui.session import EditSession


@dataclass(frozen=True)
class Op:
    """One operation: its id (what ``SheetView.run`` takes), the menu text, its shortcuts
    (``QKeySequence`` strings, the first one shown in the menu), the text of its toolbar button
    over a list (empty: no button) and over the list of projects."""

    id: str  # noqa: A003 - the operation's name
    text: str
    keys: tuple[str, ...] = ()
    button: str = ""
    project_button: str = ""


OPS: tuple[Op, ...] = (
    Op("cut", "剪切", ("Ctrl+X",)),
    Op("copy", "复制", ("Ctrl+C",)),
    Op("paste", "粘贴", ("Ctrl+V",)),
    Op("clear", "清除内容", ("Del",)),
    Op("fill_down", "填充（向下）", ("Ctrl+D",)),   # as in Excel and WPS
    Op("insert", "插入行", ("Ctrl+Shift+=", "Ctrl++"), "插入行", "新建项目"),
    Op("remove", "删除行", ("Ctrl+-",), "删除行", "删除项目"),
    Op("duplicate", "复制行", ("Ctrl+Shift+D",), "复制行", "复制为新项目"),
    Op("up", "上移", ("Alt+Shift+Up",), "上移", "上移"),
    Op("down", "下移", ("Alt+Shift+Down",), "下移", "下移"),
)
BY_ID = {op.id: op for op in OPS}
CELL_OPS = ("cut", "copy", "paste", "clear", "fill_down")     # the 编辑 menu's first group
ROW_OPS = ("insert", "remove", "duplicate", "up", "down")       # its second group
TREE_OPS = ("remove", "up", "down")                             # the tree's context menu, after its own
PROJECT_BUTTONS = ("insert", "duplicate", "remove", "up", "down")   # the projects page, in this order
MENU_GROUPS = (CELL_OPS, ROW_OPS)   # a sheet's context menu: these groups, a separator between


def text(op: str) -> str:
    return BY_ID[op].text


def keys(op: str) -> list[str]:
    return list(BY_ID[op].keys)


def actions(owner: QWidget, run: Callable[[str], object]) -> dict[str, QAction]:
    """One action per operation, by id, with its text and shortcuts, added to ``owner`` (so that
    its keys work anywhere in it); triggering one calls ``run(id)``."""
    made = {}
    for op in OPS:
        action = QAction(op.text, owner)
        action.setShortcuts([QKeySequence(k) for k in op.keys])
        action.triggered.connect(lambda _checked=False, o=op.id: run(o))
        owner.addAction(action)
        made[op.id] = action
    return made


def buttons(project: bool = False) -> tuple[tuple[str, str], ...]:
    """(id, text) of a list's toolbar buttons; the projects list words them as projects."""
    if project:
        return tuple((op, BY_ID[op].project_button) for op in PROJECT_BUTTONS)
    return tuple((op.id, op.button) for op in OPS if op.button)


_NOUNS = {PROJECTS: "个项目", "sub_goals": "项分项目标", "measures": "项保障措施", "work_plan": "项工作计划",
          PLAN: "个节点"}


def noun(ref: ListRef) -> str:
    """How rows of this list are counted in a command's text: 插入2条指标, 删除1个项目."""
    return _NOUNS.get(ref.table, "条指标")


def insert_blank(session: EditSession, ref: ListRef, index: int, count: int = 1) -> None:
    items = [edits.blank_row(session.family, ref) for _ in range(count)]
    session.stack.push(InsertRows(session, ref, index, items, f"插入{count}{noun(ref)}"))


def remove(session: EditSession, ref: ListRef, rows: list[int]) -> None:
    session.stack.push(RemoveRows(session, ref, rows, f"删除{len(set(rows))}{noun(ref)}"))


def duplicate(session: EditSession, ref: ListRef, rows: list[int]) -> None:
    """Copies of the rows, inserted after the last of them; a copied project is named as a copy."""
    source = session.rows(ref)
    copy = edits.duplicate_project if ref.table == PROJECTS else edits.copy_row
    items = [copy(source[r]) for r in sorted(set(rows))]
    text = f"复制为新项目（{len(items)}个）" if ref.table == PROJECTS else f"复制{len(items)}{noun(ref)}"
    session.stack.push(InsertRows(session, ref, max(rows) + 1, items, text))


def move(session: EditSession, ref: ListRef, rows: list[int], dest: int) -> None:
    """Move ``rows`` so that they start at ``dest`` (counted without them); nothing if already there."""
    rows = sorted(set(rows))
    if rows != list(range(dest, dest + len(rows))):
        session.stack.push(MoveRows(session, ref, rows, dest, f"移动{len(rows)}{noun(ref)}"))


def move_by(session: EditSession, ref: ListRef, rows: list[int], step: int) -> None:
    """Move the rows up (step −1) or down (+1) as a block, if there is room."""
    rows = sorted(set(rows))
    dest = rows[0] + step
    if 0 <= dest <= len(session.rows(ref)) - len(rows):
        move(session, ref, rows, dest)
