"""Every piece of text in a document with the place it was typed, for naming a value that a
format cannot hold in the words the checker uses (``describe_location``)."""

from __future__ import annotations

from collections.abc import Iterator

from desktop.model import Department, Document, Part
from desktop.rules import Location


def texts(doc: Document) -> Iterator[tuple[Location, str]]:
    """(where, text) of every text value of ``doc``, in document order."""
    for d, dept in enumerate(doc.departments):
        yield from _department(d, dept)


def _part(part: Part, d: int, p: int | None) -> Iterator[tuple[Location, str]]:
    for key, value in part.values.items():
        if isinstance(value, str):
            yield Location(d, p, field=key), value
    for table, rows in part.lists.items():
        for r, row in enumerate(rows):
            for key, value in row.items():
                if isinstance(value, str):
                    yield Location(d, p, table=table, row=r, field=key), value


def _department(d: int, dept: Department) -> Iterator[tuple[Location, str]]:
    yield from _part(dept, d, None)
    for p, project in enumerate(dept.projects):
        yield from _part(project, d, p)
        for r, point in enumerate(project.plan):
            yield Location(d, p, table="plan", row=r), point.label
