"""Several units in one document (a 部门 and its 下属单位 hand in one file): add, rename, move
and remove a unit, each as one undoable command. Each unit has its own pages, projects and
money; the exports print every unit in order."""

from __future__ import annotations

from desktop.edits import DEPARTMENTS, ListRef, blank_row, unit_label
from desktop.rules import Location
from ui.commands import InsertRows, MoveRows, RemoveRows, push_values
from ui.session import EditSession

UNITS = ListRef(0, None, DEPARTMENTS)


def is_units(ref: ListRef) -> bool:
    return ref.table == DEPARTMENTS


def add(session: EditSession, at: int, code: str, name: str) -> None:
    """A new empty unit at position ``at``, with every section, money line and table of the form."""
    dept = blank_row(session.family, UNITS)
    dept.unit_code, dept.unit_name = code, name
    session.stack.push(InsertRows(session, UNITS, at, [dept], f"添加单位“{unit_label(dept)}”"))


def rename(session: EditSession, dept: int, code: str, name: str) -> bool:
    """A unit's new code and name; False when they are what it has."""
    changes = [(Location(dept, field="unit_code"), code), (Location(dept, field="unit_name"), name)]
    return push_values(session, changes, f"修改单位为“{' '.join(x for x in (code, name) if x)}”")


def remove(session: EditSession, dept: int) -> bool:
    """Remove a unit with its projects (撤销 brings it back); the last unit stays."""
    if len(session.doc.departments) <= 1:
        return False
    label = unit_label(session.doc.departments[dept])
    session.stack.push(RemoveRows(session, UNITS, [dept], f"删除单位“{label}”"))
    return True


def move_by(session: EditSession, dept: int, step: int) -> bool:
    """Move a unit up (step −1) or down (+1); False at the top or the bottom."""
    dest = dept + step
    if not 0 <= dest < len(session.doc.departments):
        return False
    label = unit_label(session.doc.departments[dept])
    session.stack.push(MoveRows(session, UNITS, [dept], dest, f"移动单位“{label}”"))
    return True
