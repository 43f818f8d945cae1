"""Plain functions that read and change one value or one list of a ``Document``.

Free of Qt: undo commands call these, and views read through them. A value is addressed by
the checker's ``Location`` (so a problem's location is also the address of the cell to
select); a list of rows (indicators, projects, work-plan items…) by a ``ListRef``.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from desktop.blank import new_department, new_indicator, new_project
from desktop.families import Family
from desktop.model import ROW_CLASSES, Department, Document, Project, Row
from desktop.rules import Location

PROJECTS = "projects"
PLAN = "plan"
INDICATORS = "indicators"
MONEY = "money"
DEPARTMENTS = "departments"     # the document's units: ListRef(0, None, DEPARTMENTS) lists them
TOTAL = "total"     # Location(d, p, list_key, None, column_key, TOTAL): a list's typed 合计 (``Part.totals``)


@dataclass(frozen=True, slots=True)
class ListRef:
    """A list of rows: a department's projects, lists or indicator tables, or a project's."""

    dept: int
    project: int | None
    table: str

    def cell(self, row: int | None, field: str | None = None) -> Location:
        return Location(self.dept, self.project, self.table, row, field)


def rows_of(doc: Document, ref: ListRef) -> list[Any]:
    if ref.table == DEPARTMENTS:
        return doc.departments
    dept = doc.departments[ref.dept]
    if ref.project is not None:
        project = dept.projects[ref.project]
        return project.plan if ref.table == PLAN else project.lists.setdefault(ref.table, [])
    if ref.table == PROJECTS:
        return dept.projects
    return dept.lists.setdefault(ref.table, [])


def _prior_index(name: str) -> int | None:
    return int(name[5:]) if name.startswith("prior") and name[5:].isdigit() else None


def _item_slot(item: Any, name: str) -> tuple[Any, str | int]:
    if isinstance(item, dict):          # a row: every column by its key (prior2 of a three-year table too)
        return item, name
    index = _prior_index(name)
    return (item.prior, index) if index is not None else (item, name)


def total_location(dept: int, project: int | None, list_key: str, column: str) -> Location:
    """Where a list's typed 合计 of ``column`` is (as the checker's list-sum rule names it)."""
    return Location(dept, project, list_key, None, column, TOTAL)


def _slot(doc: Document, loc: Location, create: bool = False) -> tuple[Any, str | int]:
    """The container holding the value at ``loc`` and its attribute name or key/index; a list's
    合计 not typed yet has a container of its own only when ``create`` (a read adds nothing)."""
    dept: Department = doc.departments[loc.dept]
    name = loc.field or ""
    if loc.column == TOTAL and loc.row is None and loc.table is not None:
        part = dept.projects[loc.project] if loc.project is not None else dept
        totals = part.totals.get(loc.table)
        if totals is None:
            totals = {}
            if create:
                part.totals[loc.table] = totals
        return totals, name
    if loc.table == MONEY:
        line = dept.money[name]
        column = loc.column or "amount"
        index = _prior_index(column)
        return (line.prior, index) if index is not None else (line, column)
    if loc.table is not None:
        return _item_slot(rows_of(doc, ListRef(loc.dept, loc.project, loc.table))[loc.row or 0], name)
    part = dept.projects[loc.project] if loc.project is not None else dept
    if isinstance(getattr(type(part), name, None), property):   # the first model's names (amounts: None when empty)
        return part, name
    return part.values, name


def get_value(doc: Document, loc: Location) -> Any:
    """The value at ``loc``: ``str`` for text, ``Decimal | None`` for amounts."""
    container, key = _slot(doc, loc)
    if isinstance(key, int):
        return container[key]
    if isinstance(container, dict):
        return container.get(key) if loc.column == TOTAL else container.get(key, "")   # a 合计 is an amount
    return getattr(container, key)


def set_value(doc: Document, loc: Location, value: Any) -> None:
    container, key = _slot(doc, loc, create=True)
    if isinstance(key, int) or isinstance(container, dict):
        container[key] = value
    else:
        setattr(container, key, value)


def set_row_field(item: Any, name: str, value: Any) -> None:
    """Fill a field of a row that is not in the document yet (a pasted new row)."""
    container, key = _item_slot(item, name)
    if isinstance(key, int) or isinstance(container, dict):
        container[key] = value
    else:
        setattr(container, key, value)


def blank_row(fam: Family, ref: ListRef) -> Any:
    """A new empty row for the list ``ref``."""
    if ref.table == DEPARTMENTS:
        return new_department(fam)
    if ref.table == PROJECTS:
        return new_project(fam)
    owner = fam.project if ref.project is not None else fam.department
    section = owner.section(ref.table) if owner is not None else None
    if section is not None and section.kind == "list":
        return ROW_CLASSES.get(ref.table, Row)()
    return new_indicator()


def unit_label(dept: Department) -> str:
    """A unit as the tree and the commands name it: its code and name."""
    return " ".join(x for x in (dept.unit_code, dept.unit_name) if x) or "（未填写单位名称）"


def copy_row(row: Any) -> Any:
    """An independent copy of a row (a duplicated project shares nothing with its original)."""
    return row.copy() if hasattr(row, "copy") else copy.deepcopy(row)


def duplicate_project(project: Project) -> Project:
    """A copy of ``project`` to start a new one from; its name says it is a copy, and it has no
    code: a code belongs to one project, and the checker asks for the copy's own."""
    twin = project.copy()
    twin.name = f"{project.name}（副本）" if project.name else ""
    twin.code = ""
    return twin


# ---------------------------------------------------------------- changing the year

@dataclass(frozen=True)
class YearShift:
    """What changing the document's year does to the values that belong to a calendar year.

    In a family whose tables show the years before the document's (湖北: 近两年), each value
    belongs to a calendar year: this year's amount or target to the document's year, ``prior0``
    and ``prior1`` to the two years before it. A new year moves every value to the column of its
    own year; a value whose year is no longer shown drops out (and comes back with 撤销). A typed
    share (占比) belongs to this year's amount and is cleared when that amount moves.
    """

    year: int
    changes: tuple[tuple[Location, Any], ...]    # new values, where they differ from the old
    moved: dict[int, int]                        # calendar year → filled values now in another column
    dropped: dict[int, int]                      # calendar year → filled values no longer shown
    shares: int                                  # typed shares cleared

    def summary(self) -> str:
        """The status-bar sentence: what moved and what dropped out."""
        text = f"年度改为{self.year}年"
        parts = []
        if self.moved:
            years = "、".join(f"{y}年" for y in sorted(self.moved))
            parts.append(f"{years}的{sum(self.moved.values())}个数值随年份移到该年的一栏")
        if self.dropped:
            years = "、".join(f"{y}年" for y in sorted(self.dropped))
            parts.append(f"{years}的{sum(self.dropped.values())}个数值已不在表内年份中，已移出")
        if self.shares:
            parts.append(f"{self.shares}个当年占比已清空")
        if not parts:
            return text + "。"
        return f"{text}：{'；'.join(parts)}。撤销（Ctrl+Z）可恢复。"


def _filled(value: Any) -> bool:
    return value is not None and (not isinstance(value, str) or bool(value.strip()))


def year_shift(doc: Document, fam: Family, year: int) -> YearShift:
    """The changes that keep every value with its calendar year when the year becomes ``year``."""
    changes: list[tuple[Location, Any]] = []
    moved: dict[int, int] = {}
    dropped: dict[int, int] = {}
    shares = 0

    def shift(columns: list[tuple[Location, Any, int]]) -> None:
        """``columns``: (cell, value, offset): offset 0 for this year's cell, -1 for last year's…"""
        by_year = {doc.year + offset: value for _, value, offset in columns}
        shown = {year + offset for *_, offset in columns}
        for loc, value, offset in columns:
            new = by_year.get(year + offset)
            if new is None and isinstance(value, str):
                new = ""
            if new != value:
                changes.append((loc, new))
        for calendar, value in by_year.items():
            if _filled(value):
                target = dropped if calendar not in shown else moved
                target[calendar] = target.get(calendar, 0) + 1

    if year != doc.year:
        for d, dept in enumerate(doc.departments):
            count = fam.money.prior_years if fam.money is not None else 0
            if count:               # prior0 … prior{count-1}: the oldest year first, the last one year ago
                for key, line in dept.money.items():
                    def cell(column: str, k: str = key) -> Location:
                        return Location(d, table=MONEY, field=k, column=column)
                    priors = [line.prior[i] if i < len(line.prior) else None for i in range(count)]
                    shift([(cell("amount"), line.amount, 0)]
                          + [(cell(f"prior{i}"), v, i - count) for i, v in enumerate(priors)])
                    if line.share is not None:
                        changes.append((cell("share"), None))
                        shares += 1
            parts = [(dept, None, fam.department)] if fam.department is not None else []
            if fam.project is not None:
                parts += [(project, p, fam.project) for p, project in enumerate(dept.projects)]
            for part, p, owner in parts:
                for table in owner.tables:
                    current = table.by_role("target") or table.by_role("number")
                    if not table.history or current is None:
                        continue
                    ref = ListRef(d, p, table.key)
                    for r, row in enumerate(part.lists.get(table.key, [])):
                        shift([(ref.cell(r, current.key), row.get(current.key, ""), 0)]
                              + [(ref.cell(r, c.key), row.get(c.key, ""), c.offset or 0) for c in table.history])
    return YearShift(year, tuple(changes), moved, dropped, shares)


def amount_sum(values: list[Decimal | None]) -> Decimal | None:
    """The sum of the filled amounts, or None when none is filled."""
    filled = [v for v in values if v is not None]
    return sum(filled, Decimal(0)) if filled else None
