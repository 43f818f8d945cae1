"""The projects page: every project in a table (reorder, add, copy, delete), and for families
with special funds the 汇总表's 合计 with the live sum of the projects' amounts."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.edits import PROJECTS
from desktop.rules import Location
from desktop.values import format_amount
from ui import rowops
from ui.editors.delegates import CellDelegate
from ui.editors.page import FormPage
from ui.editors.sheet import SheetView
from ui.models.projects import ProjectsModel, ProjectTotalsModel
from ui.models.table import LABEL
from ui.session import EditSession


class ProjectsPage(FormPage):
    openProject = Signal(int, int)  # dept, project

    def __init__(self, session: EditSession, dept: int) -> None:
        super().__init__(session)
        self.dept = dept
        fam = session.family
        self.title(fam.project_label or "项目")
        self._sum: QLabel | None = None
        assert fam.department is not None
        self._total = fam.department.by_role("projects_total")     # the typed sum of the projects' budgets
        self._budget = fam.project.by_role("budget") if fam.project is not None else None
        if self._total is not None:
            total_field = self._total
            self.heading(total_field.group or total_field.label, total_field.key)
            row = QWidget()
            line = QHBoxLayout(row)
            line.setContentsMargins(0, 0, 0, 0)
            line.addWidget(self.form_label(f"{total_field.label}（{session.doc.unit}）"))
            total = self.line_field(Location(dept, field=total_field.key), total_field.label, amount=True)
            total.setMaximumWidth(total.fontMetrics().horizontalAdvance("0") * 16)
            line.addWidget(total)
            self._sum = QLabel()
            line.addWidget(self._sum, 1)
            self.column.addWidget(row)
            session.valuesChanged.connect(self._update_sum)
            session.rowsInserted.connect(self._update_sum)
            session.rowsRemoved.connect(self._update_sum)
        self.heading(f"{fam.project_label}一览", PROJECTS)
        self.model = ProjectsModel(session, dept)
        self.view = self.sheet(self.model, stretch="name")
        self.view.doubleClicked.connect(self._double_clicked)
        bar = self.toolbar(self.view, rowops.buttons(project=True))
        opener = QPushButton("打开项目")
        opener.clicked.connect(self._open_current)
        bar.layout().insertWidget(0, opener)
        self.column.addWidget(bar)
        hint = QLabel("双击“指标数”或“检查”一栏打开项目；拖动行号可调整项目顺序。")
        hint.setStyleSheet("color: #6b6b6b;")
        self.totals = TotalsRow(ProjectTotalsModel(self.model), self.view)
        table = QVBoxLayout()          # the 合计 row right under the projects, as their last row
        table.setSpacing(0)
        table.addWidget(self.view)
        table.addWidget(self.totals)
        self.column.addLayout(table)
        self.column.addWidget(hint)
        self.column.addStretch(1)
        self._update_sum()

    def _double_clicked(self, index: QModelIndex) -> None:
        if self.model.kind(index.column()) == LABEL:
            self.openProject.emit(self.dept, index.row())

    def _open_current(self) -> None:
        rows = self.view.selected_rows()
        if rows:
            self.openProject.emit(self.dept, rows[0])

    def _update_sum(self, *_args: object) -> None:
        if self._sum is None or self._total is None:
            return
        dept = self.session.doc.departments[self.dept]
        budgets = []
        if self._budget is not None:
            for p in range(len(dept.projects)):
                value = self.session.value(Location(self.dept, p, field=self._budget.key))
                if isinstance(value, Decimal):
                    budgets.append(value)
        total = sum(budgets, Decimal(0))
        typed = self.session.value(Location(self.dept, field=self._total.key))
        same = typed == total
        budget_label = self._budget.label if self._budget is not None else "金额"
        self._sum.setText(f"{'✓' if same else '✗'} 各{self.session.family.project_label}{budget_label}之和为 "
                          f"{format_amount(total)}" + (f"，与{self._total.label}一致" if same else ""))
        self._sum.setStyleSheet(f"color: {'#1e7b34' if same else '#b3261e'};")


class TotalsRow(QTableView):
    """A read-only 合计 row under a sheet, its columns as wide as the sheet's (kept so when they
    change), no header: it reads as the sheet's last row."""

    def __init__(self, model: ProjectTotalsModel, sheet: SheetView) -> None:
        super().__init__()
        self.sheet = sheet
        self.setModel(model)
        self.setItemDelegate(CellDelegate(self))
        self.setShowGrid(False)
        self.setWordWrap(True)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setStyleSheet("QTableView { border: 1px solid palette(mid); border-top: none; }")
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.horizontalHeader().hide()
        self.verticalHeader().setDefaultAlignment(Qt.AlignmentFlag.AlignCenter)
        model.headerDataChanged.connect(self._follow)
        sheet.horizontalHeader().sectionResized.connect(self._follow)
        sheet.horizontalHeader().geometriesChanged.connect(self._follow)
        sheet.verticalHeader().geometriesChanged.connect(self._follow)
        model.dataChanged.connect(self._follow)
        self._follow()

    def _follow(self, *_args: object) -> None:
        for column in range(self.model().columnCount()):
            self.setColumnWidth(column, self.sheet.columnWidth(column))
        numbers = self.sheet.verticalHeader()
        self.verticalHeader().setFixedWidth(0 if numbers.isHidden() else numbers.width())
        self.resizeRowToContents(0)
        self.setFixedWidth(self.sheet.width())
        self.setFixedHeight(self.rowHeight(0) + 2)
