"""A department's plain lists (分项绩效目标, 工作保障措施, 年度重点工作计划…) with the columns the
family declares for them, and the typed 合计 row of a list that declares a ``total``."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QFont

from desktop.edits import TOTAL, ListRef, total_location
from desktop.families import FieldDef, Section
from desktop.rules import Location
from desktop.values import format_amount, parse_amount
from ui.models.indicators import year_label
from ui.models.table import AMOUNT, PERCENT, TEXT, Column, DocTableModel, ListTableModel
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


class ListTotalsModel(DocTableModel):
    """The 合计 row of a list whose section declares a ``total``: the clerk types it under the
    list's own columns (``Part.totals[list][column]``, where the checker's list-sum rule looks);
    left empty, it shows the sum of the rows greyed."""

    def __init__(self, session: EditSession, ref: ListRef | None, section: Section, parent: Any = None) -> None:
        super().__init__(session, parent)
        assert section.total is not None
        self.section = section
        self.ref = ref
        self.total_label = str(section.total.get("label", ""))
        self.total_columns = tuple(section.total.get("columns") or ())
        self.columns = list_columns(section.columns, session.doc.year)
        session.documentFieldChanged.connect(self._document_field_changed)
        session.rowsInserted.connect(self._rows_changed)
        session.rowsRemoved.connect(self._rows_changed)
        session.valuesChanged.connect(self._list_values_changed)

    def bind(self, ref: ListRef | None) -> None:
        self.beginResetModel()
        self.ref = ref
        self.endResetModel()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() or self.ref is None else 1

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:  # noqa: N802
        if orientation == Qt.Orientation.Vertical and role == Qt.ItemDataRole.DisplayRole:
            return ""
        return super().headerData(section, orientation, role)

    def location(self, row: int, column: int) -> Location | None:
        key = self.columns[column].key
        if self.ref is None or row != 0 or key not in self.total_columns:
            return None
        return total_location(self.ref.dept, self.ref.project, self.ref.table, key)

    def cell_of(self, loc: Location) -> tuple[int, int] | None:
        ref = self.ref
        if ref is None or loc.column != TOTAL or loc.row is not None \
                or (loc.dept, loc.project, loc.table) != (ref.dept, ref.project, ref.table):
            return None
        column = next((i for i, c in enumerate(self.columns) if c.key == loc.field), None)
        return None if column is None or loc.field not in self.total_columns else (0, column)

    def label(self, row: int, column: int) -> str:
        first = next((i for i, c in enumerate(self.columns) if c.key not in self.total_columns), None)
        return self.total_label if column == first else ""

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.FontRole and self.location(index.row(), index.column()) is None:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.TextAlignmentRole and self.location(index.row(), index.column()) is None:
            return int(Qt.AlignmentFlag.AlignCenter)
        return super().data(index, role)

    def computed(self, row: int, column: int) -> tuple[str, str] | None:
        """The rows' sum, shown greyed in an empty 合计 (never stored unless typed)."""
        key = self.columns[column].key
        if self.ref is None or key not in self.total_columns:
            return None
        added, found = Decimal(0), False
        for item in self.session.rows(self.ref):
            value = item.get(key) if isinstance(item, dict) else getattr(item, key, None)
            try:
                amount = parse_amount(value) if isinstance(value, str) else value
            except ValueError:
                return None         # a row's amount is not a number: no sum to show
            if isinstance(amount, Decimal):
                added, found = added + amount, True
        if not found:
            return None
        shown = format_amount(added)
        return shown, f"未填写；各项之和为 {shown}。请填写{self.total_label}。"

    def _refresh(self) -> None:
        if self.rowCount():
            self.dataChanged.emit(self.index(0, 0), self.index(0, len(self.columns) - 1))

    def _rows_changed(self, ref: ListRef, first: int, last: int) -> None:
        if ref == self.ref:
            self._refresh()

    def _list_values_changed(self, locs: list[Location]) -> None:
        ref = self.ref
        if ref is not None and any(loc.row is not None and (loc.dept, loc.project, loc.table) ==
                                   (ref.dept, ref.project, ref.table) for loc in locs):
            self._refresh()

    def _document_field_changed(self, name: str) -> None:
        if name == "year":
            self.columns = list_columns(self.section.columns, self.session.doc.year)
            self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(self.columns) - 1)
