"""An indicator table (绩效指标) with the family's columns, vocabulary and merged-cell runs."""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt

from desktop import projectfile
from desktop.edits import ListRef
from desktop.errors import ProjectFileError
from desktop.families import TableDef
from desktop.resources import resource
from desktop.rules import Location
from ui.models.table import CHOICE, LEVEL1, LEVEL2, LEVEL3, TEXT, Column, ListTableModel
from ui.session import EditSession

# default widths (in CJK characters) by role; a column's own ``width`` wins
_WIDTHS = {"level1": 6, "level2": 9, "level3": 10, "description": 13, "target": 9, "basis": 11,
           "remark": 11, "category": 7, "history": 7, "comparator": 4, "number": 6, "unit": 5, "weight": 4,
           "direction": 5, "explanation": 13, "scoring": 13, "value_type": 5}
_KINDS = {"level1": LEVEL1, "level2": LEVEL2, "level3": LEVEL3}
SPANNED = ("level1", "level2")      # roles whose equal neighbours show as one merged cell
_YEAR = re.compile(r"\{year(?:([+-])(\d+))?\}")


def year_label(label: str, year: int) -> str:
    """A column label with its ``{year}``/``{year-N}`` filled in for the document's year."""
    return _YEAR.sub(lambda m: str(year + (int(m[2]) if m[1] == "+" else -int(m[2] or 0))), label)


def indicator_columns(table: TableDef, year: int) -> list[Column]:
    """The table's columns as the family declares them; a history column's label is rendered
    with the document's year, under its group (近两年指标值)."""
    columns = []
    for c in table.fields:
        label = year_label(c.label, year)
        kind = _KINDS.get(c.role or "") or (CHOICE if c.type == "choice" and c.choices else TEXT)
        width = int(c.width) if c.width else _WIDTHS.get(c.role or "", 10)
        columns.append(Column(c.key, f"{c.group}\n{label}" if c.group else label, kind, width))
    return columns


def _cell(row: Any, key: str) -> str:
    """A row's value by column key (a dict row, or a model row's attribute)."""
    if isinstance(row, dict):
        return row.get(key) or ""
    if key.startswith("prior") and key[5:].isdigit():
        prior = getattr(row, "prior", None) or []
        return prior[int(key[5:])] if int(key[5:]) < len(prior) else ""
    return getattr(row, key, "") or ""


@cache
def sample_level3() -> frozenset[str]:
    """三级指标 names in the bundled samples, offered as completions."""
    names: set[str] = set()
    for path in sorted(resource("samples").glob("*" + projectfile.SUFFIX)):
        try:
            doc = projectfile.load(path)
        except ProjectFileError:
            continue
        names.update(_level3_names(doc))
    return frozenset(names)


def _level3_names(doc: Any) -> set[str]:
    names = set()
    for dept in doc.departments:
        for rows in [*dept.tables.values(), *(p.indicators for p in dept.projects)]:
            names.update(i.level3.strip() for i in rows)
    names.discard("")
    return names


class IndicatorTableModel(ListTableModel):
    def __init__(self, session: EditSession, ref: ListRef | None, table: TableDef, parent: Any = None) -> None:
        self.table = table
        super().__init__(session, ref, indicator_columns(table, session.doc.year), parent)
        self._runs: dict[int, list[tuple[int, int]]] = {}
        self._key_of = {c.role: c.key for c in table.fields if c.role}     # role → column key
        self._choices = {c.key: list(c.choices) for c in table.fields if c.choices}
        self._merged = [self._key_of[r] for r in SPANNED if r in self._key_of]
        self._spanned = {self._column_of[k] for k in self._merged}
        self.dataChanged.connect(self._forget_runs)
        self.modelReset.connect(self._forget_runs)
        session.documentFieldChanged.connect(self._document_field_changed)

    # ------------------------------------------------------------ vocabulary

    def choices(self, row: int, column: int) -> list[str]:
        """The list a 一级/二级 cell picks from: the family's vocabulary (二级 under the row's 一级)."""
        spec = self.columns[column]
        if spec.kind == CHOICE:
            return self._choices.get(spec.key, [])
        vocabulary = self._vocabulary()
        if spec.kind == LEVEL1:
            return list(vocabulary)
        level1 = _cell(self.rows()[row], self._key_of.get("level1", ""))
        if level1 in vocabulary:
            return list(vocabulary[level1])
        return list(dict.fromkeys(name for names in vocabulary.values() for name in names))

    def _vocabulary(self) -> dict[str, tuple[str, ...]]:
        fam = self.session.family
        return fam.vocabularies.get(self.table.vocabulary) or fam.vocabulary

    def completions(self) -> list[str]:
        """三级指标 names already in the document and in the samples."""
        return sorted(_level3_names(self.session.doc) | sample_level3())

    def changes_for(self, row: int, column: int, value: Any) -> list[tuple[Location, Any]]:
        """A new 一级 clears a 二级 that does not belong under it."""
        changes = super().changes_for(row, column, value)
        key2 = self._key_of.get("level2")
        if self.columns[column].kind == LEVEL1 and key2 in self._column_of and self.ref is not None:
            level2 = _cell(self.rows()[row], key2)
            allowed = self._vocabulary().get(value, ())
            if level2 and level2 not in allowed:
                changes.append((self.ref.cell(row, key2), ""))
        return changes

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """一级 and 二级 are centred, as on the printed form."""
        if role == Qt.ItemDataRole.TextAlignmentRole and index.isValid() and index.column() in self._spanned:
            return int(Qt.AlignmentFlag.AlignCenter)
        return super().data(index, role)

    # ------------------------------------------------------------ merged runs of equal 一级/二级

    def run(self, row: int, column: int) -> tuple[int, int] | None:
        """The rows (first, last) shown as one merged cell with ``row``, or None if unmerged."""
        if column not in self._spanned:
            return None
        runs = self._runs.get(column)
        if runs is None:
            runs = self._runs[column] = self._compute_runs(column)
        first, last = runs[row] if row < len(runs) else (row, row)
        return (first, last) if first != last else None

    def _compute_runs(self, column: int) -> list[tuple[int, int]]:
        keys = self._merged[:self._merged.index(self.columns[column].key) + 1]
        values = [tuple(_cell(ind, k) for k in keys) for ind in self.rows()]
        runs: list[tuple[int, int]] = []
        start = 0
        for i in range(1, len(values) + 1):
            if i == len(values) or values[i] != values[start] or not values[start][-1]:
                runs += [(start, i - 1)] * (i - start)
                start = i
        return runs

    def _forget_runs(self, *_args: Any) -> None:
        self._runs.clear()

    def after_value_changed(self, row: int, column: int) -> None:
        if column in self._spanned and self.rowCount():
            self._runs.clear()
            last = self.rowCount() - 1
            for spanned in sorted(self._spanned):
                self.dataChanged.emit(self.index(0, spanned), self.index(last, spanned),
                                      [Qt.ItemDataRole.DisplayRole])

    def after_rows_changed(self) -> None:
        self._runs.clear()

    def _document_field_changed(self, name: str) -> None:
        if name == "year":
            self.columns = indicator_columns(self.table, self.session.doc.year)
            self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(self.columns) - 1)
