"""The department's projects as a table: one row per project, with its short fields."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt

from desktop.edits import INDICATORS, PROJECTS, ListRef
from desktop.rules import Location, Problem
from ui import checking
from ui.models.table import AMOUNT, LABEL, TEXT, Column, ListTableModel
from ui.session import EditSession

COUNT, CHECK = "count", "check"


class ProjectsModel(ListTableModel):
    def __init__(self, session: EditSession, dept: int, parent: Any = None) -> None:
        owner = session.family.project
        assert owner is not None
        columns = [Column(f.key, f.label, AMOUNT if f.type in ("amount", "percent") else TEXT, 16 if f.role == "name" else 8)
                   for f in owner.all_fields if f.type != "text"]
        columns += [Column(COUNT, "指标数", LABEL, 4), Column(CHECK, "检查", LABEL, 9)]
        super().__init__(session, ListRef(dept, None, PROJECTS), columns, parent)
        session.rowsInserted.connect(self._indicators_changed)
        session.rowsRemoved.connect(self._indicators_changed)

    def location(self, row: int, column: int) -> Location | None:
        if self.kind(column) == LABEL or self.ref is None:
            return None
        return Location(self.ref.dept, row, field=self.columns[column].key)

    def cell_of(self, loc: Location) -> tuple[int, int] | None:
        if self.ref is None or loc.dept != self.ref.dept or loc.project is None or loc.table is not None:
            return None
        column = self._column_of.get(loc.field or "")
        return None if column is None else (loc.project, column)

    def row_problems(self, row: int) -> list[Problem]:
        return []

    def label(self, row: int, column: int) -> str:
        key = self.columns[column].key
        if key == COUNT:
            return str(len(self.rows()[row].indicators))
        problems = self._project_problems(row)
        if not problems:
            return "无问题"
        tally = checking.ProblemIndex(problems).counts
        return "，".join(f"{n}个{s.value}" for s, n in tally.items() if n)

    def _project_problems(self, row: int) -> list[Problem]:
        return self.problems.in_project(self.ref.dept, row) if self.ref is not None else []

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if index.isValid() and self.columns[index.column()].key == CHECK:
            severity = checking.worst(self._project_problems(index.row()))
            if role == Qt.ItemDataRole.DecorationRole and severity:
                return checking.severity_icon(severity)
            if role == Qt.ItemDataRole.ForegroundRole and severity:
                return checking.FOREGROUND[severity]
        return super().data(index, role)

    def problems_at(self, row: int, column: int) -> list[Problem]:
        loc = self.location(row, column)
        return self.problems.at(loc) if loc is not None else []

    def _indicators_changed(self, ref: ListRef, first: int, last: int) -> None:
        """An indicator was added or removed: refresh the project's count."""
        if self.ref is not None and ref.table == INDICATORS and ref.dept == self.ref.dept and ref.project is not None:
            column = self._column_of[COUNT]
            self.dataChanged.emit(self.index(ref.project, column), self.index(ref.project, column))
