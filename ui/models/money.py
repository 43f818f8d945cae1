"""A department's money table (资金情况): lines by group, this year, shares and prior years.

Empty 合计 and 占比 cells show the computed value greyed; ``fill_computed`` types them in.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt

from desktop.edits import MONEY, amount_sum
from desktop.families import MoneyDef
from desktop.rules import Location
from desktop.values import format_amount, with_percent
from ui.commands import push_values
from ui.models.indicators import year_label
from ui.models.table import AMOUNT, LABEL, PERCENT, Column, DocTableModel
from ui.session import EditSession

_CENT = Decimal("0.01")


class MoneyModel(DocTableModel):
    def __init__(self, session: EditSession, dept: int, money: MoneyDef, parent: Any = None) -> None:
        super().__init__(session, parent)
        self.dept = dept
        self.money = money
        self.keys = [line.key for line in money.lines]
        # what the label columns show, asked for each cell painted: worked out once (the form's lines never change)
        self._lines = [money.label(key) for key in self.keys]
        self._groups = [labels[0] if len(labels) == 1 else ""
                        for labels in ([g.label for g in money.groups if key in (*g.members, g.total)] for key in self.keys)]
        self._runs = self._group_runs(self._groups)
        self.columns = self._columns()
        self._value_column = {c.key: i for i, c in enumerate(self.columns)}
        session.documentFieldChanged.connect(self._document_field_changed)

    def _columns(self) -> list[Column]:
        money = self.money
        labels = money.column_labels        # the family's column titles (defaults: 当年金额, 占比, {year}年)
        amount = labels.get("amount", "当年金额")
        if not money.prior_years and amount == "当年金额":
            amount = "金额"                  # one year only: no "this year" to tell apart
        columns = [Column("group", "类别", LABEL, 7), Column("line", "项目", LABEL, 9), Column("amount", amount, AMOUNT, 7)]
        if money.shares:
            columns.append(Column("share", labels.get("share", "占比"), PERCENT, 6))
        year = self.session.doc.year
        columns += [Column(f"prior{i}", year_label(labels.get("prior", "{year}年"), year - money.prior_years + i),
                           AMOUNT, 7) for i in range(money.prior_years)]
        return columns

    def _document_field_changed(self, name: str) -> None:
        if name == "year":
            self.columns = self._columns()
            self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(self.columns) - 1)

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.keys)

    def location(self, row: int, column: int) -> Location | None:
        key = self.columns[column].key
        if key in ("group", "line"):
            return None
        return Location(self.dept, table=MONEY, field=self.keys[row], column=key)

    def cell_of(self, loc: Location) -> tuple[int, int] | None:
        if loc.dept != self.dept or loc.table != MONEY or loc.field not in self.keys:
            return None
        column = self._value_column.get(loc.column or "amount")
        return None if column is None else (self.keys.index(loc.field), column)

    def label(self, row: int, column: int) -> str:
        if self.columns[column].key == "line":
            return self._lines[row]
        return self._groups[row]

    def run(self, row: int, column: int) -> tuple[int, int] | None:
        """The 类别 column merges the rows of one group, as on the printed form."""
        return self._runs[row] if self.columns[column].key == "group" else None

    @staticmethod
    def _group_runs(groups: list[str]) -> list[tuple[int, int] | None]:
        """For each row, the rows (first, last) of its run of one group's label, or None."""
        runs: list[tuple[int, int] | None] = []
        for row, label in enumerate(groups):
            first = last = row
            while label and first > 0 and groups[first - 1] == label:
                first -= 1
            while label and last + 1 < len(groups) and groups[last + 1] == label:
                last += 1
            runs.append((first, last) if first != last else None)
        return runs

    # ------------------------------------------------------------ computed sums and shares

    def _value(self, key: str, column: str) -> Decimal | None:
        value: Decimal | None = self.session.value(Location(self.dept, table=MONEY, field=key, column=column))
        return value

    def _computed_value(self, row: int, column: str) -> Decimal | None:
        key = self.keys[row]
        if column == "share":
            total_key = next((g.total for g in self.money.groups if key in (*g.members, g.total)), None)
            amount = self._value(key, "amount") if key != total_key else None
            total = self._amount_or_sum(total_key) if total_key else None
            if key == total_key:
                amount = total
            if not total or amount is None:
                return None
            return (amount * 100 / total).quantize(_CENT)
        group = next((g for g in self.money.groups if g.total == key), None)
        if group is None:
            return None
        return amount_sum([self._value(k, column) for k in group.members])

    def _amount_or_sum(self, total_key: str) -> Decimal | None:
        """A total's typed amount, or the sum of its members when it is empty."""
        typed = self._value(total_key, "amount")
        if typed is not None:
            return typed
        return self._computed_value(self.keys.index(total_key), "amount")

    def computed(self, row: int, column: int) -> tuple[str, str] | None:
        key = self.columns[column].key
        if key in ("group", "line"):
            return None
        value = self._computed_value(row, key)
        if value is None:
            return None
        shown = format_amount(value) + ("%" if key == "share" else "")
        how = "本行金额 ÷ 合计" if key == "share" else "各项之和"
        return shown, f"未填写；按{how}计算为 {shown}。可点“填入计算值”填入。"

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        value = super().data(index, role)
        if role == Qt.ItemDataRole.DisplayRole and value and self.kind(index.column()) == PERCENT:
            return with_percent(value)
        return value

    def after_value_changed(self, row: int, column: int) -> None:
        """Sums and shares depend on every amount: refresh the value columns."""
        self.dataChanged.emit(self.index(0, 2), self.index(len(self.keys) - 1, len(self.columns) - 1))

    def fill_computed(self) -> bool:
        """Type every computed 合计 and 占比 into its empty cell, as one undo step."""
        changes: list[tuple[Location, Any]] = []
        for row in range(len(self.keys)):
            for column, col in enumerate(self.columns):
                loc = self.location(row, column)
                if loc is not None and self.session.value(loc) is None:
                    value = self._computed_value(row, col.key)
                    if value is not None:
                        changes.append((loc, value))
        return push_values(self.session, changes, "填入计算的合计与占比")
