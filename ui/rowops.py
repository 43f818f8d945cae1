"""Row operations on any document list, as undo commands: the sheets' and the tree's 插入, 删除,
复制, 上移, 下移 all come here."""

from __future__ import annotations

from desktop import edits
from desktop.edits import PLAN, PROJECTS, ListRef
from ui.commands import InsertRows, MoveRows, RemoveRows
from ui.session import EditSession

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
