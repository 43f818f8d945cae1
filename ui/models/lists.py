"""A department's plain lists (分项绩效目标, 工作保障措施, 年度重点工作计划…) with the columns the
family declares for them."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt

from desktop.edits import ListRef
from desktop.families import FieldDef, Section
from ui.models.indicators import year_label
from ui.models.table import AMOUNT, PERCENT, TEXT, Column, ListTableModel
from ui.session import EditSession

_WIDTHS = {"text": 30, "amount": 8, "percent": 6}     # by type, in CJK characters; a column's width wins
_KINDS = {"amount": AMOUNT, "percent": PERCENT}


def list_columns(columns: tuple[FieldDef, ...], year: int) -> list[Column]:
    return [Column(c.key, year_label(c.label, year), _KINDS.get(c.type, TEXT),
                   int(c.width) if c.width else _WIDTHS.get(c.type, 12)) for c in columns]


class ListModel(ListTableModel):
    def __init__(self, session: EditSession, ref: ListRef | None, section: Section | None = None,
                 parent: Any = None) -> None:
        if section is None:
            assert ref is not None and session.family.department is not None
            section = session.family.department.section(ref.table)
        assert section is not None and section.kind == "list", ref
        self.section = section
        super().__init__(session, ref, list_columns(section.columns, session.doc.year), parent)
        session.documentFieldChanged.connect(self._document_field_changed)

    def _document_field_changed(self, name: str) -> None:
        if name == "year":
            self.columns = list_columns(self.section.columns, self.session.doc.year)
            self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(self.columns) - 1)
