"""New, empty documents, departments, projects and indicators shaped by a form family."""

from __future__ import annotations

from desktop.families import Family, Owner, family
from desktop.model import Department, Document, Indicator, MoneyLine, Part, PlanPoint, Project


def new_project(fam: Family) -> Project:
    """An empty project with the family's spending-plan checkpoints and its lists."""
    project = Project(plan=[PlanPoint(label) for label in fam.checkpoints])
    if fam.project is not None:
        _fill_owner(project, fam.project)
    return project


def new_department(fam: Family, unit_code: str = "", unit_name: str = "") -> Department:
    """An empty department with every section, money line and table the family declares."""
    dept = Department(unit_code=unit_code, unit_name=unit_name)
    fill_gaps(dept, fam)
    return dept


def _fill_owner(part: Part, owner: Owner) -> None:
    for f in owner.all_fields:
        if f.type not in ("amount", "percent"):
            part.values.setdefault(f.key, "")
    for section in owner.sections:
        if section.kind in ("list", "indicators"):
            part.lists.setdefault(section.key, [])


def fill_gaps(dept: Department, fam: Family) -> None:
    """Add the fields, lists, money lines and tables ``fam`` declares and ``dept`` lacks (a file
    written before the family gained them, or edited by hand); nothing present is touched."""
    if fam.department is not None:
        _fill_owner(dept, fam.department)
    if fam.money is not None:
        for line in fam.money.lines:
            dept.money.setdefault(line.key, MoneyLine(prior=[None] * max(fam.money.prior_years, 2)))
    for project in dept.projects:
        if fam.project is not None:
            _fill_owner(project, fam.project)


def new_document(family_id: str, year: int, unit_code: str = "", unit_name: str = "") -> Document:
    fam = family(family_id)
    return Document(year=year, family=family_id, unit=fam.money_unit,
                    departments=[new_department(fam, unit_code, unit_name)])


def new_indicator(level1: str = "", level2: str = "") -> Indicator:
    return Indicator(level1=level1, level2=level2)
