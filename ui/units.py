"""Several units in one document (a 部门 and its 下属单位 hand in one file): add, rename, move
and remove a unit, each as one undoable command. Each unit has its own pages, projects and
money; the exports print every unit in order."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction

from desktop.edits import DEPARTMENTS, ListRef, blank_row, unit_label
from desktop.rules import Location
from ui.commands import InsertRows, MoveRows, RemoveRows, push_values
from ui.models.tree import DEPT, Node
from ui.session import EditSession

if TYPE_CHECKING:
    from ui.mainwindow import MainWindow

UNITS = ListRef(0, None, DEPARTMENTS)


def is_units(ref: ListRef) -> bool:
    return ref.table == DEPARTMENTS


def add(session: EditSession, at: int, code: str, name: str) -> None:
    """A new empty unit at position ``at``, with every section, money line and table of the form."""
    dept = blank_row(session.family, UNITS)
    dept.unit_code, dept.unit_name = code, name
    session.stack.push(InsertRows(session, UNITS, at, [dept], f"添加单位“{unit_label(dept)}”"))


def rename(session: EditSession, dept: int, code: str, name: str) -> bool:
    """A unit's new code and name; False when they are what it has."""
    changes = [(Location(dept, field="unit_code"), code), (Location(dept, field="unit_name"), name)]
    return push_values(session, changes, f"修改单位为“{' '.join(x for x in (code, name) if x)}”")


def remove(session: EditSession, dept: int) -> bool:
    """Remove a unit with its projects (撤销 brings it back); the last unit stays."""
    if len(session.doc.departments) <= 1:
        return False
    label = unit_label(session.doc.departments[dept])
    session.stack.push(RemoveRows(session, UNITS, [dept], f"删除单位“{label}”"))
    return True


def move_by(session: EditSession, dept: int, step: int) -> bool:
    """Move a unit up (step −1) or down (+1); False at the top or the bottom."""
    dest = dept + step
    if not 0 <= dest < len(session.doc.departments):
        return False
    label = unit_label(session.doc.departments[dept])
    session.stack.push(MoveRows(session, UNITS, [dept], dest, f"移动单位“{label}”"))
    return True


class UnitActions(QObject):
    """编辑 › 单位 and the tree's unit entries: 添加单位, 修改单位名称, 单位上移, 单位下移, 删除单位.

    Around a change to the units, the window's tree and pages (which count units by position)
    are let go and made again: ``about_to_change`` and ``changed`` follow the session."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window

        def action(text: str, slot: Callable[[], object], tip: str = "") -> QAction:
            made = QAction(text, window)
            made.setStatusTip(tip)
            made.triggered.connect(lambda _checked=False: slot())
            window.addAction(made)
            return made

        self.add_action = action("添加单位(&U)…", self.add, "在文档中添加一个下属单位")
        self.rename_action = action("修改单位名称…", self.rename)
        self.up_action = action("单位上移", lambda: self.move_by(-1))
        self.down_action = action("单位下移", lambda: self.move_by(1))
        self.remove_action = action("删除单位…", self.remove)

    def actions(self) -> list[QAction]:
        return [self.add_action, self.rename_action, self.up_action, self.down_action, self.remove_action]

    def watch(self, session: EditSession) -> None:
        session.rowsAboutToBeInserted.connect(self.about_to_change)
        session.rowsAboutToBeRemoved.connect(self.about_to_change)
        session.rowsInserted.connect(self.changed)
        session.rowsRemoved.connect(self.changed)

    def update(self) -> None:
        session = self.window.session
        count = len(session.doc.departments) if session is not None else 0
        unit = self._current()
        self.add_action.setEnabled(count > 0)
        self.rename_action.setEnabled(count > 0)
        self.remove_action.setEnabled(count > 1)
        self.up_action.setEnabled(count > 1 and unit > 0)
        self.down_action.setEnabled(count > 1 and unit < count - 1)

    def _current(self) -> int:
        node = self.window.current_node()
        return node.dept if node is not None else 0

    # ------------------------------------------------------------ the tree and pages around a change

    def about_to_change(self, ref: ListRef, _first: int, _last: int) -> None:
        if is_units(ref):
            tree = self.window.tree
            tree.remember_expanded()
            tree.show_document(None)
            self.window.drop_pages()

    def changed(self, ref: ListRef, first: int, last: int) -> None:
        window, session = self.window, self.window.session
        if not is_units(ref) or session is None:
            return
        model = window.tree.show_document(session)
        assert model is not None
        window.tree.restore_expanded()
        for d in range(first, min(last, len(session.doc.departments) - 1) + 1):
            window.tree.expand(model.index_of(Node(DEPT, d)))
        window.make_pages(None)
        if window.runner is not None:     # the last check's locations count the units as they were
            window.runner.run()
            model.set_problems(window.runner.index)

    # ------------------------------------------------------------ the actions

    def add(self) -> None:
        from ui import dialogs

        session = self.window.session
        if session is None:
            return
        dialog = dialogs.UnitDialog("添加单位", parent=self.window)
        if dialog.exec():
            add(session, self._current() + 1, *dialog.values())

    def rename(self) -> None:
        from ui import dialogs

        session = self.window.session
        if session is None:
            return
        d = self._current()
        dept = session.doc.departments[d]
        dialog = dialogs.UnitDialog("修改单位名称", dept.unit_code, dept.unit_name, self.window)
        if dialog.exec():
            rename(session, d, *dialog.values())

    def move_by(self, step: int) -> None:
        if self.window.session is not None:
            move_by(self.window.session, self._current(), step)

    def remove(self) -> None:
        from ui import dialogs

        session = self.window.session
        if session is None or len(session.doc.departments) <= 1:
            return
        d = self._current()
        if dialogs.ask_remove_unit(self.window, session.doc.departments[d]):
            remove(session, d)
