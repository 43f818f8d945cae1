"""The checking panel's model: problems grouped by severity, with counts, filtered by severity."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, Qt

from desktop.model import Document
from desktop.rules import Location, Problem, Severity, describe_location
from ui import checking
from ui.checking import ORDER, ProblemIndex

Index = QModelIndex | QPersistentModelIndex
ProblemRole = Qt.ItemDataRole.UserRole
_GROUP = 0  # internal id of a group row; a problem's is its group's position + 1
LISTED = 500


class ProblemsModel(QAbstractItemModel):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.shown: set[Severity] = set(ORDER)
        self._doc: Document | None = None
        self._all: dict[Severity, list[Problem]] = {s: [] for s in ORDER}
        self._groups: list[tuple[Severity, list[Problem]]] = []
        self._counts: dict[Severity, int] = {s: 0 for s in ORDER}
        self._places: dict[Location, str] = {}    # described when shown: names change without a new check

    def set_problems(self, doc: Document, index: ProblemIndex) -> bool:
        """List the problems, at most ``LISTED`` of each severity: nobody reads twenty thousand,
        and listing them would stall every keystroke. The counts stay whole. When the listed
        problems are those listed already (an edit far down a long list), only the counts are
        told of; True when the list was laid anew (a view then expands its groups again)."""
        chosen: dict[Severity, list[Problem]] = {s: [] for s in ORDER}
        wanted = sum(min(LISTED, count) for count in index.counts.values())
        for problem in index.problems:
            if not wanted:
                break
            listed = chosen[problem.severity]
            if len(listed) < LISTED:
                listed.append(problem)
                wanted -= 1
        if doc is self._doc and chosen == self._all:
            self._counts = dict(index.counts)
            roles = [Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole]
            for g in range(len(self._groups)):      # one group each: a tree view measures every row of a span
                self.dataChanged.emit(self.index(g, 0), self.index(g, 0), roles)
            return False
        self.beginResetModel()
        self._doc = doc
        self._places = {}
        self._all = chosen
        self._counts = dict(index.counts)
        self._regroup()
        self.endResetModel()
        return True

    def places_changed(self) -> None:
        """A name a location is read by changed (a project renamed, a new year): the same
        problems, described again."""
        self._places = {}
        roles = [Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole]
        for g, (_, items) in enumerate(self._groups):
            if items:
                self.dataChanged.emit(self.createIndex(0, 0, g + 1), self.createIndex(len(items) - 1, 0, g + 1), roles)

    def _place(self, problem: Problem) -> str:
        where = self._places.get(problem.location)
        if where is None and self._doc is not None:
            where = self._places[problem.location] = describe_location(self._doc, problem.location)
        return where or ""

    def clear(self) -> None:
        self.beginResetModel()
        self._doc = None
        self._places = {}
        self._all = {s: [] for s in ORDER}
        self._counts = {s: 0 for s in ORDER}
        self._groups = []
        self.endResetModel()

    def set_shown(self, shown: set[Severity]) -> None:
        self.beginResetModel()
        self.shown = shown
        self._regroup()
        self.endResetModel()

    def _regroup(self) -> None:
        self._groups = [(s, self._all[s]) for s in ORDER if s in self.shown and self._all.get(s)]

    def problem(self, index: Index) -> Problem | None:
        if not index.isValid() or index.internalId() == _GROUP:
            return None
        return self._groups[index.internalId() - 1][1][index.row()]

    def find(self, problem: Problem) -> QModelIndex:
        """The row showing an equal problem (after a re-check), or an invalid index."""
        for g, (_, items) in enumerate(self._groups):
            for r, candidate in enumerate(items):
                if candidate == problem:
                    return self.createIndex(r, 0, g + 1)
        return QModelIndex()

    def index(self, row: int, column: int, parent: Index = QModelIndex()) -> QModelIndex:  # noqa: B008
        if not self.hasIndex(row, column, parent):
            return QModelIndex()
        if not parent.isValid():
            return self.createIndex(row, column, _GROUP)
        return self.createIndex(row, column, parent.row() + 1)

    def parent(self, index: Index = QModelIndex()) -> QModelIndex:  # type: ignore[override]  # noqa: B008
        if not index.isValid() or index.internalId() == _GROUP:
            return QModelIndex()
        return self.createIndex(index.internalId() - 1, 0, _GROUP)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        if not parent.isValid():
            return len(self._groups)
        if parent.internalId() == _GROUP and parent.column() == 0:
            return len(self._groups[parent.row()][1])
        return 0

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 1

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        if index.internalId() == _GROUP:
            severity, items = self._groups[index.row()]
            if role == Qt.ItemDataRole.DisplayRole:
                total = self._counts[severity]
                more = f"，列出 {len(items)}" if total > len(items) else ""
                return f"{severity.value}（{total}{more}）"
            if role == Qt.ItemDataRole.ToolTipRole and self._counts[severity] > len(items):
                return f"只列出前 {len(items)} 个{severity.value}，改正后显示其余"
            if role == Qt.ItemDataRole.DecorationRole:
                return checking.severity_icon(severity)
            return None
        problem = self._groups[index.internalId() - 1][1][index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return f"{problem.message}\n{self._place(problem)}"
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{problem.message}\n建议：{problem.hint}\n位置：{self._place(problem)}"
        if role == ProblemRole:
            return problem
        return None
