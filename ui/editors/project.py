"""The project editor: the project's fields as on its 绩效目标表, the spending plan, the indicators.

Built once per family and rebound when another project is selected.
"""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGridLayout, QLabel, QPushButton

from desktop.edits import INDICATORS, ListRef
from desktop.families import FieldDef
from desktop.model import Project
from desktop.rules import Location
from desktop.values import format_amount
from ui.editors.page import FormPage
from ui.models.indicators import IndicatorTableModel
from ui.models.plan import PlanModel
from ui.session import EditSession

_SPLIT = ("fiscal", "other")


def field_rows(fields: tuple[FieldDef, ...]) -> list[list[FieldDef]]:
    """Group fields into form rows as the printed table does: short fields share a row, at most
    three; a different kind of field (amounts after text lines) starts a new row unless the
    row would otherwise hold one field alone."""
    rows: list[list[FieldDef]] = []
    for f in fields:
        last = rows[-1] if rows else None
        short = f.kind != "text" and last is not None and last[0].kind != "text" and len(last) < 3
        if short and last is not None and (last[-1].kind == f.kind or len(last) == 1):
            last.append(f)
        else:
            rows.append([f])
    return rows


class ProjectPage(FormPage):
    def __init__(self, session: EditSession, dept: int, project: int) -> None:
        """Built showing project ``project`` of department ``dept`` (its fields are read at once,
        so it must exist: department 1 may have none)."""
        super().__init__(session)
        fam = session.family
        self.dept, self.project = dept, project
        self._title = self.title("")
        self.anchors["header"] = self._title
        grid = self.add_grid()
        self.plan = PlanModel(session)
        self._split_label: QLabel | None = None
        row = 0
        fields = fam.project_fields
        plan_before = next((i for i, f in enumerate(fields) if f.key == "goal"), len(fields))
        for group in field_rows(fields[:plan_before]) + [[]] + field_rows(fields[plan_before:]):
            if not group:
                if fam.checkpoints:
                    row = self._plan_row(grid, row)
                continue
            span = 6 // len(group) - 1
            for i, f in enumerate(group):
                loc = Location(dept, project, field=f.key)
                grid.addWidget(self.form_label(f.label), row, i * (span + 1))
                widget = (self.text_field(loc, f.label) if f.kind == "text"
                          else self.line_field(loc, f.label, amount=f.kind == "amount"))
                grid.addWidget(widget, row, i * (span + 1) + 1, 1, span)
            row += 1
            if any(f.key == "budget" for f in group) and any(fam.project_field(k) for k in _SPLIT):
                self._split_label = QLabel()
                grid.addWidget(self._split_label, row, 1, 1, 5)
                row += 1
        for column in (1, 3, 5):
            grid.setColumnStretch(column, 1)
        table = fam.project_table
        assert table is not None
        self.heading(table.label, INDICATORS)
        self.note(lambda index: [p for p in index.in_project(self.dept, self.project)
                                 if p.location.table == INDICATORS and p.location.row is None])
        self.indicators = IndicatorTableModel(session, None, table)
        self.indicator_sheet = self.sheet(self.indicators)
        self.column.addWidget(self.toolbar(self.indicator_sheet))
        self.column.addWidget(self.indicator_sheet)
        self.column.addStretch(1)
        session.valuesChanged.connect(self._values_changed)

    def _plan_row(self, grid: QGridLayout, row: int) -> int:
        grid.addWidget(self.form_label("资金支出计划（%）"), row, 0)
        self.plan_sheet = self.sheet(self.plan, fit_width=True)
        self.plan_sheet.verticalHeader().setVisible(False)
        grid.addWidget(self.plan_sheet, row, 1, 1, 5)
        self._complete_plan = QPushButton()
        self._complete_plan.setToolTip("按本表式的节点补上缺少的支出计划节点（可撤销）")
        self._complete_plan.clicked.connect(self.plan.add_missing_checkpoints)
        self.plan.modelReset.connect(self._show_plan_completion)
        grid.addWidget(self._complete_plan, row + 1, 1, Qt.AlignmentFlag.AlignLeft)
        self.anchors["plan"] = self.plan_sheet
        return row + 2

    def _show_plan_completion(self) -> None:
        missing = self.plan.missing_checkpoints()
        self._complete_plan.setVisible(bool(missing))
        self._complete_plan.setText(f"补上节点：{'、'.join(missing)}")

    def bind(self, dept: int, project: int) -> None:
        """Show another project (or the same one at a new position after projects moved)."""
        self.dept, self.project = dept, project
        for binding in self.bindings:
            binding.rebind(Location(dept, project, field=binding.loc.field))
        self.plan.bind(dept, project)
        self.indicators.bind(ListRef(dept, project, INDICATORS))
        self._update_title()
        self._update_split()
        self.verticalScrollBar().setValue(0)

    def unbind(self) -> None:
        """Let go of the project before the projects list changes under it."""
        self.plan.bind(None, None)
        self.indicators.bind(None)

    def _project(self) -> Project:
        return self.session.doc.departments[self.dept].projects[self.project]

    def _update_title(self) -> None:
        name = self._project().name or "（未填写名称）"
        self._title.setText(f"{self.project + 1}. {name}")

    def _update_split(self) -> None:
        """The live check that 预算数 = 财政资金 + 其他资金."""
        if self._split_label is None:
            return
        p = self._project()
        parts = [v for v in (p.fiscal, p.other) if v is not None]
        if not parts:
            self._split_label.setText("")
            return
        total = sum(parts, Decimal(0))
        names = "＋".join(f.label.removeprefix("其中：") for f in self.session.family.project_fields if f.key in _SPLIT)
        if p.budget == total:
            self._split_label.setText(f"✓ {names} ＝ {format_amount(total)}，与预算数一致")
            self._split_label.setStyleSheet("color: #1e7b34;")
        else:
            budget = format_amount(p.budget) if p.budget is not None else "未填写"
            self._split_label.setText(f"✗ {names} ＝ {format_amount(total)}，预算数为 {budget}，两者不相等")
            self._split_label.setStyleSheet("color: #b3261e;")

    def _values_changed(self, locs: list[Location]) -> None:
        fields = {loc.field for loc in locs
                  if loc.dept == self.dept and loc.project == self.project and loc.table is None}
        if "name" in fields:
            self._update_title()
        if fields & {"budget", *_SPLIT}:
            self._update_split()
