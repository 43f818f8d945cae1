"""New, empty documents, departments, projects and indicators shaped by a form family."""

from __future__ import annotations

from desktop.families import Family, family
from desktop.model import Department, Document, Indicator, MoneyLine, PlanPoint, Project


def new_project(fam: Family) -> Project:
    """An empty project with the family's spending-plan checkpoints."""
    return Project(plan=[PlanPoint(label) for label in fam.checkpoints])


def new_department(fam: Family, unit_code: str = "", unit_name: str = "") -> Department:
    """An empty department with every section, money line and table the family declares."""
    dept = Department(unit_code=unit_code, unit_name=unit_name)
    fill_gaps(dept, fam)
    return dept


def fill_gaps(dept: Department, fam: Family) -> None:
    """Add the sections, money lines and tables ``fam`` declares and ``dept`` lacks (a file
    written before the family gained them, or edited by hand); nothing present is touched."""
    for section in fam.sections:
        if section.kind in ("text", "line"):
            dept.texts.setdefault(section.key, "")
    if fam.money is not None:
        for line in fam.money.lines:
            dept.money.setdefault(line.key, MoneyLine())
    for table in fam.department_tables:
        dept.tables.setdefault(table.key, [])


def new_document(family_id: str, year: int, unit_code: str = "", unit_name: str = "") -> Document:
    fam = family(family_id)
    return Document(year=year, family=family_id,
                    departments=[new_department(fam, unit_code, unit_name)])


def new_indicator(level1: str = "", level2: str = "") -> Indicator:
    return Indicator(level1=level1, level2=level2)
