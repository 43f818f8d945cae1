"""Table models over parts of the document.

``DocTableModel`` maps each cell to a ``Location``: it reads values through the session, turns
an edit into an undo command, and colours the cells the checker found problems in.
``ListTableModel`` adds rows that can be inserted, removed, duplicated, moved and dragged.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QFont, QUndoCommand

from desktop import edits
from desktop.edits import ListRef
from desktop.rules import Location, Problem
from desktop.text import clean_text
from desktop.values import as_typed, parse_amount
from ui import checking, rowops
from ui.checking import ProblemIndex
from ui.commands import Batch, InsertRows, SetValues, push_values
from ui.session import EditSession

Index = QModelIndex | QPersistentModelIndex

# Kinds of column: how a cell is edited and how typed text becomes a value.
TEXT, AMOUNT, PERCENT, LEVEL1, LEVEL2, LEVEL3, LABEL = "text", "amount", "percent", "level1", "level2", "level3", "label"
CHOICE = "choice"   # picked from the column's own list (指标方向性: 正向/反向)


@dataclass(frozen=True)
class Column:
    key: str           # the field of the row (``Location.field``), or a computed column's name
    label: str
    kind: str = TEXT
    width: int = 10    # default width in characters of a CJK text
    whole: bool = False  # never cut: as wide as its longest text (a code: two codes never look the same)


def to_value(kind: str, text: str) -> Any:
    """Typed or pasted text as the value to store; ``ValueError`` (Chinese) if it is not one."""
    if kind in (AMOUNT, PERCENT):
        return parse_amount(text)
    return clean_text(text)


def to_text(kind: str, value: Any) -> str:
    if kind in (AMOUNT, PERCENT):
        if isinstance(value, str):      # a row's cell not typed yet reads ""; a list's amount read from a file is its text
            return value
        return as_typed(value)          # as typed (25%)
    return value or ""


_R = Qt.ItemDataRole
_ANSWERED = frozenset(int(r) for r in (_R.DisplayRole, _R.EditRole, _R.BackgroundRole, _R.ToolTipRole,
                                       _R.ForegroundRole, _R.FontRole, _R.TextAlignmentRole))   # by ``data``
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)


class DocTableModel(QAbstractTableModel):
    """Base of every table: subclasses say which location each cell shows."""

    message = Signal(str)   # a note for the status bar, e.g. why a typed amount was refused

    columns: list[Column]

    def __init__(self, session: EditSession, parent: Any = None) -> None:
        super().__init__(parent)
        self.session = session
        self.problems = checking.EMPTY
        session.valuesChanged.connect(self._values_changed)

    # ------------------------------------------------------------ what subclasses define

    def location(self, row: int, column: int) -> Location | None:
        """The location a cell edits, or None for a label or computed cell."""
        return None

    def cell_of(self, loc: Location) -> tuple[int, int] | None:
        """The cell showing ``loc``, if this table shows it."""
        return None

    def row_problems(self, row: int) -> list[Problem]:
        """Problems about a whole row (a blank row, say); they colour every cell of the row."""
        return []

    def computed(self, row: int, column: int) -> tuple[str, str] | None:
        """For a cell left empty: a computed value to show greyed, and a tooltip explaining it."""
        return None

    # ------------------------------------------------------------ Qt model interface

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.columns)

    def kind(self, column: int) -> str:
        return self.columns[column].kind

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:  # noqa: N802
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return self.columns[section].label if 0 <= section < len(self.columns) else None
        return str(section + 1)

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        base = Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsEnabled
        if self.location(index.row(), index.column()) is not None and self.kind(index.column()) != LABEL:
            base |= Qt.ItemFlag.ItemIsEditable
        return base

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role not in _ANSWERED or not index.isValid():   # a delegate asks for a dozen roles a cell
            return None
        row, column = index.row(), index.column()
        if role == _R.TextAlignmentRole:
            return _RIGHT if self.kind(column) in (AMOUNT, PERCENT) else None
        if role == _R.BackgroundRole or role == _R.ToolTipRole:
            problems = self.problems_at(row, column)
            if role == _R.BackgroundRole:
                severity = checking.worst(problems)
                return checking.BACKGROUND[severity] if severity else None
            if problems:
                return checking.tooltip(problems)
            shown = self.computed(row, column)
            return shown[1] if shown else None
        loc = self.location(row, column)
        if role == _R.DisplayRole or role == _R.EditRole:
            if loc is None:
                return self.label(row, column)
            text = to_text(self.kind(column), self.session.value(loc))
            if not text and role == _R.DisplayRole:
                shown = self.computed(row, column)
                return shown[0] if shown else text
            return text
        # the foreground or the font: a computed value shown in an empty cell is grey italic
        if loc is not None and self.session.value(loc) in (None, "") and self.computed(row, column):
            if role == _R.ForegroundRole:
                return checking.COMPUTED
            font = QFont()
            font.setItalic(True)
            return font
        return None

    def label(self, row: int, column: int) -> str:
        """Text of a cell that is not a document value (a line label, a count)."""
        return ""

    def row_texts(self, row: int) -> list[str]:
        """The text each cell of a row shows, for fitting the row's height."""
        return [self.data(self.index(row, column)) or "" for column in range(len(self.columns))]

    def problems_at(self, row: int, column: int) -> list[Problem]:
        loc = self.location(row, column)
        found = self.problems.at(loc) if loc is not None else []
        return found + self.row_problems(row)

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:  # noqa: N802
        if role != Qt.ItemDataRole.EditRole or not index.isValid():
            return False
        loc = self.location(index.row(), index.column())
        if loc is None:
            return False
        try:
            new = to_value(self.kind(index.column()), str(value))
        except ValueError as exc:
            self.message.emit(f"{exc}，未修改。")
            return False
        changes = self.changes_for(index.row(), index.column(), new)
        push_values(self.session, changes, f"修改“{self.columns[index.column()].label}”")
        return True

    def changes_for(self, row: int, column: int, value: Any) -> list[tuple[Location, Any]]:
        """The values an edit of one cell sets (a subclass may add dependent ones)."""
        loc = self.location(row, column)
        assert loc is not None
        return [(loc, value)]

    # ------------------------------------------------------------ problems and notifications

    def set_problems(self, index: ProblemIndex) -> None:
        self.problems = index
        if self.rowCount() and self.columnCount():
            self.dataChanged.emit(self.index(0, 0), self.index(self.rowCount() - 1, self.columnCount() - 1),
                                  [Qt.ItemDataRole.BackgroundRole, Qt.ItemDataRole.ToolTipRole])

    def _values_changed(self, locs: list[Location]) -> None:
        """One dataChanged over the cells this table shows, and each dependant column once."""
        cells = [cell for loc in locs if (cell := self.cell_of(loc)) is not None]
        if not cells:
            return
        rows = [row for row, _ in cells]
        columns = {column: row for row, column in cells}
        self.dataChanged.emit(self.index(min(rows), min(columns)), self.index(max(rows), max(columns)))
        for column, row in columns.items():
            self.after_value_changed(row, column)

    def after_value_changed(self, row: int, column: int) -> None:
        """Hook for cells that depend on the changed one (sums, spans); called once per column
        of a change, with one of its rows."""

    # ------------------------------------------------------------ writing many cells

    def write(self, cells: list[tuple[int, int, str]], text: str) -> list[str]:
        """Write text into cells (row, column, text) as one undo step: a paste, a fill or a clear.

        Rows past the end are added where the table can grow; label columns and columns past
        the end are skipped. Returns Chinese notes on what was refused or left out.
        """
        notes: list[str] = []
        count = self.rowCount()
        if not self.can_add_rows() and any(row >= count for row, _, _ in cells):
            notes.append(f"超出表格的{max(r for r, _, _ in cells) + 1 - count}行未粘贴")
            cells = [cell for cell in cells if cell[0] < count]
        width = self.columnCount()
        widest = max((c for _, c, _ in cells), default=-1)
        if widest >= width:
            notes.append(f"超出表格的{widest + 1 - width}列未粘贴")
        new_rows = [self.new_row() for _ in range(max((r + 1 - count for r, _, _ in cells), default=0))]
        kinds = [c.kind for c in self.columns]
        changes: list[tuple[Location, Any]] = []
        for row, column, cell in cells:
            if column >= width or kinds[column] == LABEL:
                continue
            try:
                value = to_value(kinds[column], cell)
            except ValueError as exc:
                notes.append(f"第{row + 1}行“{self.columns[column].label}”：{exc}")
                continue
            if row < count:
                changes.extend(self.changes_for(row, column, value))
            else:
                edits.set_row_field(new_rows[row - count], self.columns[column].key, value)
        commands: list[QUndoCommand] = [self.insert_command(count, new_rows)] if new_rows else []
        changing = SetValues(self.session, changes, text)
        if not changing.changes_nothing:
            commands.append(changing)
        if commands:
            self.session.stack.push(Batch(text, commands))
        return notes

    def can_add_rows(self) -> bool:
        """Whether pasting past the last row adds rows (lists can; fixed tables cannot)."""
        return False

    def new_row(self) -> Any:
        """A blank row for a table that can grow."""
        return None

    def insert_command(self, index: int, items: list[Any]) -> QUndoCommand:
        """The command adding rows to a table that can grow."""
        return QUndoCommand()


class ListTableModel(DocTableModel):
    """Rows of a document list (``ListRef``); may be rebound to another list of the same kind."""

    def __init__(self, session: EditSession, ref: ListRef | None, columns: list[Column], parent: Any = None) -> None:
        super().__init__(session, parent)
        self.ref = ref
        self.columns = columns
        self._column_of = {c.key: i for i, c in enumerate(columns)}
        session.rowsAboutToBeInserted.connect(self._about_to_insert)
        session.rowsInserted.connect(self._inserted)
        session.rowsAboutToBeRemoved.connect(self._about_to_remove)
        session.rowsRemoved.connect(self._removed)

    def bind(self, ref: ListRef | None) -> None:
        self.beginResetModel()
        self.ref = ref
        self.endResetModel()

    def rows(self) -> list[Any]:
        return self.session.rows(self.ref) if self.ref is not None else []

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() or self.ref is None else len(self.rows())

    def location(self, row: int, column: int) -> Location | None:
        if self.ref is None or self.kind(column) == LABEL:
            return None
        return self.ref.cell(row, self.columns[column].key)

    def cell_of(self, loc: Location) -> tuple[int, int] | None:
        ref = self.ref
        if ref is None or loc.row is None or (loc.dept, loc.project, loc.table) != (ref.dept, ref.project, ref.table):
            return None
        column = self._column_of.get(loc.field) if loc.field else 0  # a whole row: its first cell
        return None if column is None else (loc.row, column)

    def row_problems(self, row: int) -> list[Problem]:
        return self.problems.at(self.ref.cell(row)) if self.ref is not None else []

    def row_texts(self, row: int) -> list[str]:
        """As ``data`` shows them, read straight from the row (a sheet fits 20,000 pasted rows)."""
        item = self.rows()[row]
        texts = []
        for column, spec in enumerate(self.columns):
            if spec.kind == LABEL:
                texts.append(self.label(row, column))
                continue
            key = spec.key
            prior = key[5:]
            if isinstance(item, dict):
                value = item.get(key)
            elif key.startswith("prior") and prior.isdigit():
                value = item.prior[int(prior)] if int(prior) < len(item.prior) else None
            else:
                value = getattr(item, key, None)
            texts.append(to_text(spec.kind, value))
        return texts

    # ------------------------------------------------------------ row commands

    def can_add_rows(self) -> bool:
        return self.ref is not None

    def new_row(self) -> Any:
        assert self.ref is not None
        return edits.blank_row(self.session.family, self.ref)

    def insert_command(self, index: int, items: list[Any]) -> QUndoCommand:
        assert self.ref is not None
        return InsertRows(self.session, self.ref, index, items, f"插入{len(items)}{rowops.noun(self.ref)}")

    # ------------------------------------------------------------ session notifications

    def _mine(self, ref: ListRef) -> bool:
        return ref == self.ref

    def _about_to_insert(self, ref: ListRef, first: int, last: int) -> None:
        if self._mine(ref):
            self.beginInsertRows(QModelIndex(), first, last)

    def _inserted(self, ref: ListRef, first: int, last: int) -> None:
        if self._mine(ref):
            self.endInsertRows()
            self.after_rows_changed()

    def _about_to_remove(self, ref: ListRef, first: int, last: int) -> None:
        if self._mine(ref):
            self.beginRemoveRows(QModelIndex(), first, last)

    def _removed(self, ref: ListRef, first: int, last: int) -> None:
        if self._mine(ref):
            self.endRemoveRows()
            self.after_rows_changed()

    def after_rows_changed(self) -> None:
        """Hook for state derived from the rows (spans)."""
