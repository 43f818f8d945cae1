"""The department's projects as a table: one row per project, with its short fields."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QFont

from desktop.edits import INDICATORS, PROJECTS, ListRef
from desktop.rules import Location, Problem, Severity
from desktop.values import format_amount
from ui import checking
from ui.models.table import AMOUNT, LABEL, TEXT, Column, ListTableModel
from ui.session import EditSession

COUNT, CHECK = "count", "check"
Index = QModelIndex | QPersistentModelIndex


class ProjectsModel(ListTableModel):
    def __init__(self, session: EditSession, dept: int, parent: Any = None) -> None:
        owner = session.family.project
        assert owner is not None
        columns = [Column(f.key, f.label, AMOUNT if f.type in ("amount", "percent") else TEXT,
                          16 if f.role == "name" else 8, whole=f.type == "code")
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


class ProjectTotalsModel(QAbstractTableModel):
    """The 合计 row under the projects: each amount column summed over the projects, read-only;
    where the form's money table has a 项目支出 line (role ``project_spending``), the budgets'
    sum is compared with it in the 检查 column."""

    def __init__(self, projects: ProjectsModel, parent: Any = None) -> None:
        super().__init__(parent)
        self.projects = projects
        self.session = projects.session
        fam = self.session.family
        owner = fam.project
        assert owner is not None
        self._budget = owner.by_role("budget")
        self._name = owner.by_role("name")
        money = fam.money
        self._spending = money.project_spending if money is not None else None
        self._spending_label = money.label(self._spending) if money is not None and self._spending else ""
        for signal in (self.session.valuesChanged, self.session.rowsInserted, self.session.rowsRemoved):
            signal.connect(self._changed)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else 1

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.projects.columns)

    def flags(self, index: Index) -> Qt.ItemFlag:
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def total(self, key: str) -> Decimal | None:
        """The sum of a column's amounts over the projects (blank ones count 0); None if none is typed."""
        ref = self.projects.ref
        if ref is None:
            return None
        values = [v for p in range(self.projects.rowCount())
                  if isinstance(v := self.session.value(Location(ref.dept, p, field=key)), Decimal)]
        return sum(values, Decimal(0)) if values else None

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        return "" if role == Qt.ItemDataRole.DisplayRole else None

    def spending(self) -> Decimal | None:
        """The money table's 项目支出, if the form has that line and it is typed."""
        ref = self.projects.ref
        if self._spending is None or ref is None:
            return None
        value = self.session.value(Location(ref.dept, table="money", field=self._spending, column="amount"))
        return value if isinstance(value, Decimal) else None

    def comparison(self) -> tuple[str, bool] | None:
        """What the 检查 cell says of the budgets' sum against 项目支出, and whether it is a problem."""
        spending = self.spending()
        if self._budget is None or spending is None:
            return None
        budgets = self.total(self._budget.key) or Decimal(0)
        label = self._spending_label
        if budgets > spending:
            return f"超过{label}{format_amount(spending)}", True
        if budgets == spending:
            return f"与{label}一致", False
        return f"{label}为{format_amount(spending)}", False

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        spec = self.projects.columns[index.column()]
        if role == Qt.ItemDataRole.FontRole:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.TextAlignmentRole:
            if spec.kind == AMOUNT:
                return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            return int(Qt.AlignmentFlag.AlignCenter if self._name is not None and spec.key == self._name.key
                       else Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        comparison = self.comparison() if spec.key == CHECK else None
        if role == Qt.ItemDataRole.ForegroundRole and comparison is not None:
            return checking.FOREGROUND[Severity.ERROR] if comparison[1] else None
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        if spec.kind == AMOUNT:
            total = self.total(spec.key)
            return "" if total is None else format_amount(total)
        if spec.key == COUNT:
            return str(sum(len(p.indicators) for p in self.projects.rows()))
        if spec.key == CHECK:
            return comparison[0] if comparison is not None else ""
        if self._name is not None and spec.key == self._name.key:
            return "合计"
        return ""

    def _changed(self, *_args: Any) -> None:
        self.dataChanged.emit(self.index(0, 0), self.index(0, self.columnCount() - 1))
