"""The projects page: every project in a table (reorder, add, copy, delete), and for families
with special funds the 汇总表's 合计 with the live sum of the projects' amounts."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import QModelIndex, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget

from desktop.edits import PROJECTS
from desktop.rules import Location
from desktop.values import format_amount
from ui.editors.page import FormPage
from ui.models.projects import ProjectsModel
from ui.models.table import LABEL
from ui.session import EditSession

PROJECT_OPS = (("insert", "新建项目"), ("duplicate", "复制为新项目"), ("remove", "删除项目"),
               ("up", "上移"), ("down", "下移"))


class ProjectsPage(FormPage):
    openProject = Signal(int, int)  # dept, project

    def __init__(self, session: EditSession, dept: int) -> None:
        super().__init__(session)
        self.dept = dept
        fam = session.family
        self.title(fam.project_label or "项目")
        self._sum: QLabel | None = None
        if fam.special_fund_label:
            self.heading(fam.special_fund_label, "special_total")
            row = QWidget()
            line = QHBoxLayout(row)
            line.setContentsMargins(0, 0, 0, 0)
            line.addWidget(self.form_label("合计（万元）"))
            total = self.line_field(Location(dept, field="special_total"), "专项资金合计", amount=True)
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
        bar = self.toolbar(self.view, PROJECT_OPS)
        opener = QPushButton("打开项目")
        opener.clicked.connect(self._open_current)
        bar.layout().insertWidget(0, opener)
        self.column.addWidget(bar)
        hint = QLabel("双击“指标数”或“检查”一栏打开项目；拖动行号可调整项目顺序。")
        hint.setStyleSheet("color: #6b6b6b;")
        self.column.addWidget(self.view)
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
        if self._sum is None:
            return
        dept = self.session.doc.departments[self.dept]
        budgets = [p.budget for p in dept.projects if p.budget is not None]
        total = sum(budgets, Decimal(0))
        same = dept.special_total == total
        self._sum.setText(f"{'✓' if same else '✗'} 各{self.session.family.project_label}金额之和为 {format_amount(total)}"
                          + ("，与合计一致" if same else ""))
        self._sum.setStyleSheet(f"color: {'#1e7b34' if same else '#b3261e'};")
