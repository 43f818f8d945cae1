"""A project's spending plan (资金支出计划（%）): one row, a column per checkpoint."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt

from desktop.edits import PLAN, ListRef
from desktop.model import PlanPoint
from desktop.rules import Location
from desktop.values import with_percent
from ui.commands import InsertRows
from ui.models.table import PERCENT, Column, DocTableModel
from ui.session import EditSession


class PlanModel(DocTableModel):
    def __init__(self, session: EditSession, parent: Any = None) -> None:
        super().__init__(session, parent)
        self.ref: ListRef | None = None
        self.columns = []
        session.rowsAboutToBeInserted.connect(self._about_to_change)
        session.rowsAboutToBeRemoved.connect(self._about_to_change)
        session.rowsInserted.connect(self._changed)
        session.rowsRemoved.connect(self._changed)

    def bind(self, dept: int | None, project: int | None) -> None:
        self.beginResetModel()
        self.ref = ListRef(dept, project, PLAN) if dept is not None and project is not None else None
        self.columns = self._columns()
        self.endResetModel()

    def _columns(self) -> list[Column]:
        points = self.session.rows(self.ref) if self.ref is not None else []
        return [Column("percent", point.label, PERCENT, 6) for point in points]

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() or not self.columns else 1

    def location(self, row: int, column: int) -> Location | None:
        return self.ref.cell(column, "percent") if self.ref is not None else None

    def cell_of(self, loc: Location) -> tuple[int, int] | None:
        ref = self.ref
        if ref is None or loc.row is None or (loc.dept, loc.project, loc.table) != (ref.dept, ref.project, PLAN):
            return None
        return (0, loc.row)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:  # noqa: N802
        if orientation == Qt.Orientation.Vertical and role == Qt.ItemDataRole.DisplayRole:
            return "累计支出"
        return super().headerData(section, orientation, role)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        value = super().data(index, role)
        if role == Qt.ItemDataRole.DisplayRole and value:
            return with_percent(value)      # a percent typed as 25% keeps its own sign
        return value

    def missing_checkpoints(self) -> list[str]:
        """The family's checkpoints this project's plan lacks (it came from an older form)."""
        have = {column.label for column in self.columns}
        owner = self.session.family.project
        plan = next((s for s in owner.sections if s.kind == "plan"), None) if owner is not None else None
        return [label for label in (plan.checkpoints if plan is not None else ()) if label not in have]

    def add_missing_checkpoints(self) -> None:
        """Add the lacking checkpoints at the end, in the family's order, as one undo step."""
        missing = self.missing_checkpoints()
        if self.ref is None or not missing:
            return
        self.session.stack.push(InsertRows(self.session, self.ref, len(self.columns),
                                           [PlanPoint(label) for label in missing],
                                           "补齐资金支出计划节点"))

    def _about_to_change(self, ref: ListRef, first: int, last: int) -> None:
        if ref == self.ref:
            self.beginResetModel()

    def _changed(self, ref: ListRef, first: int, last: int) -> None:
        if ref == self.ref:
            self.columns = self._columns()
            self.endResetModel()
