"""One open document with its file, its undo stack, and the signals views follow.

Commands change the document only through the methods here, so every view learns of every
change, whether it comes from typing, pasting, undo or redo.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoStack

from desktop import edits
from desktop.edits import ListRef
from desktop.families import Family, family
from desktop.model import Document
from desktop.projectfile import FileStamp
from desktop.rules import Location


class EditSession(QObject):
    valuesChanged = Signal(list)                   # the Locations one change wrote, in one signal
    rowsAboutToBeInserted = Signal(object, int, int)  # ListRef, first, last
    rowsInserted = Signal(object, int, int)
    rowsAboutToBeRemoved = Signal(object, int, int)
    rowsRemoved = Signal(object, int, int)
    documentFieldChanged = Signal(str)             # "year" | "draft"
    rowsFocusRequested = Signal(object, list)      # ListRef, rows to select after a row command
    changed = Signal()                             # after any change

    # ``revision`` goes up with every change to the document: a new command, a merge into the
    # last one (typing on in the same field leaves the stack's index where it was), undo, redo.
    # Two equal revisions mean the same content, whatever the undo index says.

    def __init__(self, doc: Document, path: Path | None = None, parent: QObject | None = None,
                 name: str | Callable[[Document], str] | None = None) -> None:
        """``name`` titles a document that has no file yet (a copy of a sample); a function of
        the document when the title tells what the document says (its year, its department)."""
        super().__init__(parent)
        self.doc = doc
        self.path = path
        self.name = name
        self.disk: FileStamp | None = None      # the file as it was opened or last saved here
        self.family: Family = family(doc.family)
        self.revision = 0
        self.stack = QUndoStack(self)
        self.stack.indexChanged.connect(self._revised)   # emitted on a merge too, with the same index

    def _revised(self) -> None:
        self.revision += 1
        self.changed.emit()

    # ------------------------------------------------------------ reading

    def value(self, loc: Location) -> Any:
        return edits.get_value(self.doc, loc)

    def rows(self, ref: ListRef) -> list[Any]:
        return edits.rows_of(self.doc, ref)

    @property
    def display_name(self) -> str:
        if self.path:
            return self.path.name
        return (self.name(self.doc) if callable(self.name) else self.name) or "未命名"

    # ------------------------------------------------------------ changing (called by commands)

    def set_values(self, changes: Iterable[tuple[Location, Any]]) -> None:
        """Write the values, then tell the views once: a 20,000-cell paste is one notification,
        not 20,000 (each view handles the whole batch in one pass)."""
        self.revision += 1
        written = []
        for loc, value in changes:
            edits.set_value(self.doc, loc, value)
            written.append(loc)
        if written:
            self.valuesChanged.emit(written)

    def set_document_field(self, name: str, value: Any) -> None:
        self.revision += 1
        setattr(self.doc, name, value)
        self.documentFieldChanged.emit(name)

    def insert_rows(self, ref: ListRef, index: int, items: Sequence[Any]) -> None:
        """Insert ``items`` as one block starting at ``index``."""
        if not items:
            return
        self.revision += 1
        self.rowsAboutToBeInserted.emit(ref, index, index + len(items) - 1)
        self.rows(ref)[index:index] = list(items)
        self.rowsInserted.emit(ref, index, index + len(items) - 1)

    def remove_rows(self, ref: ListRef, rows: Iterable[int]) -> list[Any]:
        """Remove the rows (any order, any gaps); return the removed items in ascending row order."""
        self.revision += 1
        target = self.rows(ref)
        ordered = sorted(set(rows))
        removed = [target[r] for r in ordered]
        for first, last in reversed(_blocks(ordered)):
            self.rowsAboutToBeRemoved.emit(ref, first, last)
            del target[first:last + 1]
            self.rowsRemoved.emit(ref, first, last)
        return removed

    def insert_scattered(self, ref: ListRef, rows: Sequence[int], items: Sequence[Any]) -> None:
        """Put ``items`` back at ascending ``rows``: the inverse of ``remove_rows``."""
        pairs = list(zip(rows, items))
        start = 0
        while start < len(pairs):
            end = start
            while end + 1 < len(pairs) and pairs[end + 1][0] == pairs[end][0] + 1:
                end += 1
            self.insert_rows(ref, pairs[start][0], [item for _, item in pairs[start:end + 1]])
            start = end + 1

    def request_focus(self, ref: ListRef, rows: list[int]) -> None:
        self.rowsFocusRequested.emit(ref, rows)


def _blocks(ordered: list[int]) -> list[tuple[int, int]]:
    """Ascending row numbers grouped into contiguous (first, last) blocks."""
    blocks: list[tuple[int, int]] = []
    for row in ordered:
        if blocks and blocks[-1][1] == row - 1:
            blocks[-1] = (blocks[-1][0], row)
        else:
            blocks.append((row, row))
    return blocks
