"""The project editor: the project's fields as on its 绩效目标表, the spending plan, the indicators.

Built once per family and rebound when another project is selected.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGridLayout, QLabel, QPushButton

from desktop.edits import ListRef
from desktop.families import FieldDef, Section
from desktop.rules import Location
from desktop.values import as_typed, format_amount, parse_amount
from ui.editors.page import FormPage
from ui.editors.totals import TotalsSheet, list_with_totals
from ui.models.indicators import IndicatorTableModel
from ui.models.lists import ListModel, ListTotalsModel
from ui.models.plan import PlanModel
from ui.session import EditSession

_SPLIT = ("fiscal", "other_funds")      # roles whose sum is the budget


def _shape(f: FieldDef) -> str:
    """How a field is laid out: a text box, an amount or a line."""
    return "text" if f.type == "text" else "amount" if f.type in ("amount", "percent") else "line"


def field_rows(fields: tuple[FieldDef, ...] | list[FieldDef]) -> list[list[FieldDef]]:
    """Group fields into form rows as the printed table does: short fields share a row, at most
    three; a different kind of field (amounts after text lines) starts a new row unless the
    row would otherwise hold one field alone."""
    rows: list[list[FieldDef]] = []
    for f in fields:
        last = rows[-1] if rows else None
        short = _shape(f) != "text" and last is not None and _shape(last[0]) != "text" and len(last) < 3
        if short and last is not None and (_shape(last[-1]) == _shape(f) or len(last) == 1):
            last.append(f)
        else:
            rows.append([f])
    return rows


class ProjectPage(FormPage):
    def __init__(self, session: EditSession, dept: int, project: int) -> None:
        """Built showing project ``project`` of department ``dept`` (its fields are read at once,
        so it must exist: department 1 may have none). The project's fields, then its sections
        in the family's order: headed fields, the spending plan, any number of indicator tables."""
        super().__init__(session)
        owner = session.family.project
        assert owner is not None
        self.owner = owner
        self.dept, self.project = dept, project
        self._title = self.title("")
        self.anchors["header"] = self._title
        self.plan = PlanModel(session)
        self._split_label: QLabel | None = None
        self._roles = {f.role: f.key for f in owner.all_fields if f.role}
        self.tables: list[IndicatorTableModel] = []
        self.lists: list[ListModel] = []
        self.list_totals: list[ListTotalsModel] = []     # the 合计 rows of lists that declare one
        grid, row = self.add_grid(), 0
        for group in field_rows(owner.fields):
            row = self._field_row(grid, row, group)
        for section in owner.sections:
            if section.field is not None:
                if grid is None:
                    grid, row = self.add_grid(), 0
                row = self._field_row(grid, row, [section.field])
            elif section.kind == "plan":
                if grid is None:
                    grid, row = self.add_grid(), 0
                row = self._plan_row(grid, row, section.label)
            elif section.table is not None or section.kind == "list":
                if grid is not None:
                    self._stretch(grid)
                    grid = None
                if section.table is not None:
                    self._table(section)
                else:
                    self._list(section)
        if grid is not None:
            self._stretch(grid)
        self.indicators = self.tables[0]
        self.indicator_sheet = self.sheets[self._first_table]
        self.column.addStretch(1)
        session.valuesChanged.connect(self._values_changed)

    @staticmethod
    def _stretch(grid: QGridLayout) -> None:
        for column in (1, 3, 5):
            grid.setColumnStretch(column, 1)

    def _field_row(self, grid: QGridLayout, row: int, group: list[FieldDef]) -> int:
        span = 6 // len(group) - 1
        for i, f in enumerate(group):
            loc = Location(self.dept, self.project, field=f.key)
            grid.addWidget(self.form_label(f.label), row, i * (span + 1))
            widget = (self.text_field(loc, f.label) if _shape(f) == "text"
                      else self.line_field(loc, f.label, amount=_shape(f) == "amount"))
            grid.addWidget(widget, row, i * (span + 1) + 1, 1, span)
        row += 1
        if any(f.role == "budget" for f in group) and any(r in self._roles for r in _SPLIT):
            self._split_label = QLabel()
            grid.addWidget(self._split_label, row, 1, 1, 5)
            row += 1
        return row

    def _list(self, section: Section) -> None:
        """A list of the project's own (a cost composition), rebound with the project."""
        key = section.key
        self.heading(section.label, key)
        self.note(lambda index: [p for p in index.in_project(self.dept, self.project)
                                 if p.location.table == key and p.location.row is None])
        model = ListModel(self.session, None, section)
        self.lists.append(model)
        view = self.sheet(model, section.stretch)
        self.column.addWidget(self.toolbar(view))
        if section.total is None:
            self.column.addWidget(view)
            return
        totals = ListTotalsModel(self.session, None, section)
        self.list_totals.append(totals)
        row = TotalsSheet(totals, view, self.body)
        row.message.connect(self.message)
        self.built_sheets.append(row)
        self.column.addLayout(list_with_totals(view, row))

    def _table(self, section: Section) -> None:
        assert section.table is not None
        key = section.key
        self.heading(section.label, key)
        self.note(lambda index: [p for p in index.in_project(self.dept, self.project)
                                 if p.location.table == key and p.location.row is None])
        model = IndicatorTableModel(self.session, None, section.table)
        if not self.tables:
            self._first_table = len(self.sheets)
        self.tables.append(model)
        view = self.sheet(model)
        self.column.addWidget(self.toolbar(view))
        self.column.addWidget(view)

    def _plan_row(self, grid: QGridLayout, row: int, label: str) -> int:
        grid.addWidget(self.form_label(label), row, 0)
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
        for model in self.tables:
            model.bind(ListRef(dept, project, model.table.key))
        for listed in (*self.lists, *self.list_totals):
            listed.bind(ListRef(dept, project, listed.section.key))
        self._update_title()
        self._update_split()
        self.verticalScrollBar().setValue(0)

    def unbind(self) -> None:
        """Let go of the project before the projects list changes under it."""
        self.plan.bind(None, None)
        for model in (*self.tables, *self.lists, *self.list_totals):
            model.bind(None)

    def _value(self, role: str) -> Any:
        """The shown project's value of the field with ``role`` (None if the form has no such field)."""
        key = self._roles.get(role)
        if key is None:
            return None
        value = self.session.value(Location(self.dept, self.project, field=key))
        if isinstance(value, str) and self.owner.field(key) is not None and _shape(self.owner.field(key)) == "amount":
            try:
                return parse_amount(value)
            except ValueError:
                return None
        return value

    def _update_title(self) -> None:
        name = self._value("name") or "（未填写名称）"
        self._title.setText(f"{self.project + 1}. {name}")

    def _update_split(self) -> None:
        """The live check that 预算数 = 财政资金 + 其他资金."""
        if self._split_label is None:
            return
        parts = [v for v in (self._value(r) for r in _SPLIT) if v is not None]
        if not parts:
            self._split_label.setText("")
            return
        total = sum(parts, Decimal(0))
        names = "＋".join(f.label.removeprefix("其中：").removeprefix("其中:")
                        for f in self.owner.all_fields if f.role in _SPLIT)
        budget_value = self._value("budget")
        budget_label = next((f.label for f in self.owner.all_fields if f.role == "budget"), "")
        if budget_value == total:
            self._split_label.setText(f"✓ {names} ＝ {format_amount(total)}，与{budget_label}一致")
            self._split_label.setStyleSheet("color: #1e7b34;")
        else:
            budget = as_typed(budget_value) if budget_value is not None else "未填写"
            self._split_label.setText(f"✗ {names} ＝ {format_amount(total)}，{budget_label}为 {budget}，两者不相等")
            self._split_label.setStyleSheet("color: #b3261e;")

    def _values_changed(self, locs: list[Location]) -> None:
        fields = {loc.field for loc in locs
                  if loc.dept == self.dept and loc.project == self.project and loc.table is None}
        if self._roles.get("name") in fields:
            self._update_title()
        if fields & {self._roles.get(r) for r in ("budget", *_SPLIT)} - {None}:
            self._update_split()
