"""Every piece of text in a document with the place it was typed, for naming a value that a
format cannot hold in the words the checker uses (``describe_location``)."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator

from desktop.model import Department, Document, Indicator
from desktop.rules import Location

_DEPARTMENT_FIELDS = ("unit_code", "unit_name", "supervisor", "preparer", "phone")
_PROJECT_FIELDS = ("code", "name", "use", "goal", "period", "period_goal", "special")
_LISTS = ("sub_goals", "measures", "work_plan")


def texts(doc: Document) -> Iterator[tuple[Location, str]]:
    """(where, text) of every text value of ``doc``, in document order."""
    for d, dept in enumerate(doc.departments):
        yield from _department(d, dept)


def _department(d: int, dept: Department) -> Iterator[tuple[Location, str]]:
    for key in _DEPARTMENT_FIELDS:
        yield Location(d, field=key), getattr(dept, key)
    for key, value in dept.texts.items():
        yield Location(d, field=key), value
    for key in _LISTS:
        for r, row in enumerate(getattr(dept, key)):
            for f in dataclasses.fields(row):
                if isinstance(getattr(row, f.name), str):
                    yield Location(d, table=key, row=r, field=f.name), getattr(row, f.name)
    for key, rows in dept.tables.items():
        yield from _indicators(rows, d, None, key)
    for p, project in enumerate(dept.projects):
        for key in _PROJECT_FIELDS:
            yield Location(d, p, field=key), getattr(project, key)
        for r, point in enumerate(project.plan):
            yield Location(d, p, table="plan", row=r), point.label
        yield from _indicators(project.indicators, d, p, "indicators")


def _indicators(rows: list[Indicator], d: int, p: int | None, table: str) -> Iterator[tuple[Location, str]]:
    for r, row in enumerate(rows):
        for f in dataclasses.fields(row):
            value = getattr(row, f.name)
            if isinstance(value, str):
                yield Location(d, p, table=table, row=r, field=f.name), value
        for i, value in enumerate(row.prior):
            yield Location(d, p, table=table, row=r, field=f"prior{i}"), value
