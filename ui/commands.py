"""Undoable changes. Each command holds locations and row numbers, never a ``QModelIndex``,
and changes the document only through ``EditSession``; its text names the change in the
编辑 menu (撤销 “…”).
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from PySide6.QtGui import QUndoCommand

from desktop.edits import ListRef, YearShift, year_shift
from desktop.rules import Location
from desktop.values import as_typed
from ui.session import EditSession

_TYPING_ID = 1
_YEAR_ID = 2



def _same(old: object, new: object) -> bool:
    if isinstance(old, Decimal) and isinstance(new, Decimal):
        return old == new and as_typed(old) == as_typed(new)
    return old == new

class SetValues(QUndoCommand):
    """Set one or many values (an edit, a paste, a clear).

    Consecutive typing into the same field merges into one command while ``merge_key`` is
    the same; the field's editor changes the key when it loses focus.
    """

    def __init__(self, session: EditSession, changes: Sequence[tuple[Location, Any]], text: str,
                 merge_key: object = None) -> None:
        super().__init__(text)
        self.session = session
        self.new = list(changes)
        self.old = [(loc, session.value(loc)) for loc, _ in changes]
        self.merge_key = merge_key

    @property
    def changes_nothing(self) -> bool:
        """Every value stays as it was, as typed: 25 over 25% (equal numbers) is a change."""
        return all(_same(old, new) for (_, old), (_, new) in zip(self.old, self.new))

    def id(self) -> int:  # noqa: A003 - QUndoCommand::id
        return _TYPING_ID if self.merge_key is not None else -1

    def mergeWith(self, other: QUndoCommand) -> bool:  # noqa: N802 - Qt virtual
        if not isinstance(other, SetValues) or other.merge_key != self.merge_key:
            return False
        if [loc for loc, _ in other.new] != [loc for loc, _ in self.new]:
            return False
        self.new = other.new
        self.setObsolete(self.changes_nothing)
        return True

    def redo(self) -> None:
        self.session.set_values(self.new)

    def undo(self) -> None:
        self.session.set_values(reversed(self.old))


class SetDocumentField(QUndoCommand):
    """Change the document's year or draft mark."""

    def __init__(self, session: EditSession, name: str, value: Any, text: str) -> None:
        super().__init__(text)
        self.session, self.name = session, name
        self.old, self.new = getattr(session.doc, name), value

    def redo(self) -> None:
        self.session.set_document_field(self.name, self.new)

    def undo(self) -> None:
        self.session.set_document_field(self.name, self.old)


class ChangeYear(QUndoCommand):
    """Change the document's year, moving every value that belongs to a calendar year with it
    (see ``desktop.edits.year_shift``). Steps in a row (the spin box's arrows, the wheel) merge
    into one change from the first year, so going 2024 → 2026 → 2024 loses nothing."""

    def __init__(self, session: EditSession, year: int) -> None:
        super().__init__()
        self.session = session
        self.old_year = session.doc.year
        self._plan(year)

    def _plan(self, year: int) -> None:
        self.shift: YearShift = year_shift(self.session.doc, self.session.family, year)
        self.old = [(loc, self.session.value(loc)) for loc, _ in self.shift.changes]
        self.setText(f"修改“年度”为{year}年")

    def id(self) -> int:  # noqa: A003 - QUndoCommand::id
        return _YEAR_ID

    def mergeWith(self, other: QUndoCommand) -> bool:  # noqa: N802 - Qt virtual
        if not isinstance(other, ChangeYear):
            return False
        other.undo()
        self.undo()
        self._plan(other.shift.year)
        self.redo()
        self.setObsolete(self.shift.year == self.old_year)
        return True

    def redo(self) -> None:
        self.session.set_document_field("year", self.shift.year)
        self.session.set_values(self.shift.changes)

    def undo(self) -> None:
        self.session.set_values(reversed(self.old))
        self.session.set_document_field("year", self.old_year)


class InsertRows(QUndoCommand):
    def __init__(self, session: EditSession, ref: ListRef, index: int, items: Sequence[Any], text: str) -> None:
        super().__init__(text)
        self.session, self.ref, self.index, self.items = session, ref, index, list(items)

    def redo(self) -> None:
        self.session.insert_rows(self.ref, self.index, self.items)
        self.session.request_focus(self.ref, list(range(self.index, self.index + len(self.items))))

    def undo(self) -> None:
        self.session.remove_rows(self.ref, range(self.index, self.index + len(self.items)))
        self.session.request_focus(self.ref, [max(0, self.index - 1)] if self.session.rows(self.ref) else [])


class RemoveRows(QUndoCommand):
    def __init__(self, session: EditSession, ref: ListRef, rows: Sequence[int], text: str) -> None:
        super().__init__(text)
        self.session, self.ref, self.rows = session, ref, sorted(set(rows))
        self.items: list[Any] = []

    def redo(self) -> None:
        self.items = self.session.remove_rows(self.ref, self.rows)
        remaining = len(self.session.rows(self.ref))
        self.session.request_focus(self.ref, [min(self.rows[0], remaining - 1)] if remaining else [])

    def undo(self) -> None:
        self.session.insert_scattered(self.ref, self.rows, self.items)
        self.session.request_focus(self.ref, self.rows)


class MoveRows(QUndoCommand):
    """Move rows (any selection) so that they form one block starting at ``dest``.

    ``dest`` counts rows after the moved ones are taken out.
    """

    def __init__(self, session: EditSession, ref: ListRef, rows: Sequence[int], dest: int, text: str) -> None:
        super().__init__(text)
        self.session, self.ref, self.rows, self.dest = session, ref, sorted(set(rows)), dest

    def redo(self) -> None:
        items = self.session.remove_rows(self.ref, self.rows)
        self.session.insert_rows(self.ref, self.dest, items)
        self.session.request_focus(self.ref, list(range(self.dest, self.dest + len(items))))

    def undo(self) -> None:
        items = self.session.remove_rows(self.ref, range(self.dest, self.dest + len(self.rows)))
        self.session.insert_scattered(self.ref, self.rows, items)
        self.session.request_focus(self.ref, self.rows)


class Batch(QUndoCommand):
    """Several commands undone and redone as one (a paste that adds rows and fills cells)."""

    def __init__(self, text: str, commands: Sequence[QUndoCommand]) -> None:
        super().__init__(text)
        self.commands = list(commands)

    def redo(self) -> None:
        for command in self.commands:
            command.redo()

    def undo(self) -> None:
        for command in reversed(self.commands):
            command.undo()


def push_values(session: EditSession, changes: Sequence[tuple[Location, Any]], text: str,
                merge_key: object = None) -> bool:
    """Push a ``SetValues`` unless it would change nothing; return whether it was pushed."""
    command = SetValues(session, changes, text, merge_key)
    if command.changes_nothing:
        return False
    session.stack.push(command)
    return True
