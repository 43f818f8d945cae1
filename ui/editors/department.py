"""The department editor: the header fields, then every section the family declares, in order
(``Family.department``: fields, then field / list / indicators / money sections)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QSignalBlocker
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QLabel, QPushButton, QSpinBox, QWidget

from desktop.edits import ListRef
from desktop.families import Section
from desktop.rules import Location
from ui.commands import ChangeYear, SetDocumentField
from ui.editors.page import FormPage
from ui.editors.totals import TotalsSheet, list_with_totals
from ui.models.indicators import IndicatorTableModel
from ui.models.lists import ListModel, ListTotalsModel
from ui.models.money import MoneyModel
from ui.session import EditSession


class DepartmentPage(FormPage):
    def __init__(self, session: EditSession, dept: int) -> None:
        super().__init__(session)
        self.dept = dept
        fam = session.family
        self._title = self.title("")
        self._header()
        assert fam.department is not None
        for section in fam.department.sections:
            self._section(section)
        self.column.addStretch(1)
        session.documentFieldChanged.connect(self._document_field_changed)
        self._document_field_changed("year")

    def _header(self) -> None:
        fam = self.session.family
        doc = self.session.doc
        self.anchors["header"] = self._title
        grid = self.add_grid()
        self.year = QSpinBox()
        self.year.setRange(1900, 2999)      # as the project file allows
        self.year.setSuffix(" 年")
        self.year.setKeyboardTracking(False)
        self.year.setAccessibleName("年度")
        self.year.setValue(doc.year)
        self.year.valueChanged.connect(self._change_year)
        self.draft = QCheckBox("草案")
        self.draft.setChecked(doc.draft)
        self.draft.setToolTip("封面标注“（草案）”")
        self.draft.toggled.connect(
            lambda on: self.session.stack.push(SetDocumentField(self.session, "draft", on, "修改“草案”标记")))
        year_row = QWidget()
        row = QHBoxLayout(year_row)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.year)
        row.addWidget(self.draft)
        row.addStretch(1)
        row.addWidget(QLabel(f"金额单位：{doc.unit}"))
        grid.addWidget(self.form_label("年度"), 0, 0)
        grid.addWidget(year_row, 0, 1, 1, 3)
        assert fam.department is not None
        fields = [f for f in fam.department.fields if f.role != "projects_total"]   # on the projects page
        for i, f in enumerate(fields):
            r, c = 1 + i // 2, (i % 2) * 2
            grid.addWidget(self.form_label(f.label), r, c)
            grid.addWidget(self.line_field(Location(self.dept, field=f.key), f.label, amount=f.type == "amount"),
                           r, c + 1)
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(3, 1)

    def _change_year(self, year: int) -> None:
        """A new year moves the values of each calendar year with it; the status bar says what moved."""
        stack = self.session.stack
        stack.push(ChangeYear(self.session, year))
        top = stack.command(stack.index() - 1) if stack.index() else None
        if isinstance(top, ChangeYear):
            self.message.emit(top.shift.summary())
        else:       # stepped back to where it started: the merged change went away
            self.message.emit(f"年度改回{year}年，各数值仍在原来的一栏。")

    def _section(self, section: Section) -> None:
        d = self.dept
        self.heading(section.label, section.key)
        if section.field is not None:
            f = section.field
            widget = (self.text_field(Location(d, field=f.key), f.label) if f.type == "text"
                      else self.line_field(Location(d, field=f.key), f.label, amount=f.type == "amount"))
            self.column.addWidget(widget)
        elif section.money is not None:
            self.note(lambda index: [p for p in index.in_part(d, "money") if p.location.field is None])
            money = MoneyModel(self.session, d, section.money)
            view = self.sheet(money, fit_width=True)
            self.column.addWidget(view)
            self.column.addWidget(self._money_bar(money))
        elif section.table is not None:
            ref = ListRef(d, None, section.key)
            self.note(lambda index, key=section.key: [p for p in index.in_part(d, key) if p.location.row is None])
            self._sheet_part(lambda: self._table(section, ref), len(self.session.rows(ref)))
        elif section.kind == "list":
            ref = ListRef(d, None, section.key)
            self.note(lambda index, key=section.key: [p for p in index.in_part(d, key) if p.location.row is None])
            self._sheet_part(lambda: self._list(section, ref), len(self.session.rows(ref)) + (section.total is not None))

    def _sheet_part(self, build: Callable[[], None], rows: int) -> None:
        """A table or list under its heading: built now if it is the page's first sheet (on the
        first screen), else deferred until it is about to be seen."""
        if self.built_sheets or self._deferred:
            self.defer(build, self.sheet_height(rows))
        else:
            build()

    def _table(self, section: Section, ref: ListRef) -> None:
        assert section.table is not None
        view = self.sheet(IndicatorTableModel(self.session, ref, section.table))
        self.column.addWidget(self.toolbar(view))
        self.column.addWidget(view)

    def _list(self, section: Section, ref: ListRef) -> None:
        view = self.sheet(ListModel(self.session, ref, section), section.stretch)
        self.column.addWidget(self.toolbar(view))
        if section.total is None:
            self.column.addWidget(view)
            return
        row = TotalsSheet(ListTotalsModel(self.session, ref, section), view, self.body)
        row.message.connect(self.message)
        self.built_sheets.append(row)
        self.column.addLayout(list_with_totals(view, row))

    def _money_bar(self, money: MoneyModel) -> QWidget:
        bar = QWidget()
        row = QHBoxLayout(bar)
        row.setContentsMargins(0, 0, 0, 0)
        hint = QLabel("灰色斜体是未填写的合计与占比按各项自动算出的值。")
        hint.setStyleSheet("color: #6b6b6b;")
        button = QPushButton("填入计算值")
        button.setToolTip("把自动算出的合计与占比填入空白单元格（可撤销）")
        button.clicked.connect(
            lambda: money.fill_computed() or self.message.emit("没有需要填入的合计或占比。"))
        row.addWidget(button)
        row.addWidget(hint)
        row.addStretch(1)
        return bar

    def _document_field_changed(self, name: str) -> None:
        doc = self.session.doc
        self._title.setText(f"{doc.year}年{self.session.family.document_title}" + ("（草案）" if doc.draft else ""))
        with QSignalBlocker(self.year), QSignalBlocker(self.draft):
            self.year.setValue(doc.year)
            self.draft.setChecked(doc.draft)
