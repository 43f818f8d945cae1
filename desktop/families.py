"""Form families, read from ``resources/families/*.json``.

A family declares what its forms hold: department fields and sections, money table lines,
indicator tables and their columns, the 一级/二级 vocabulary and the spending-plan
checkpoints. Code asks the family instead of branching on the province.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from typing import Any

from desktop.resources import resource


@dataclass(frozen=True)
class FieldDef:
    key: str
    label: str
    kind: str = "line"        # line | text | amount | money | table | sub_goals | measures | work_plan
    required: bool = False


@dataclass(frozen=True)
class Requirement:
    """An indicator kind a table must contain: any row whose 一级 or 二级 is in the lists."""

    label: str
    level1: tuple[str, ...] = ()
    level2: tuple[str, ...] = ()


@dataclass(frozen=True)
class TableDef:
    key: str
    label: str
    columns: tuple[FieldDef, ...]
    required: tuple[Requirement, ...]

    @property
    def column_keys(self) -> tuple[str, ...]:
        return tuple(c.key for c in self.columns)

    def has(self, key: str) -> bool:
        return key in self.column_keys


@dataclass(frozen=True)
class MoneyGroup:
    key: str
    label: str
    members: tuple[str, ...]
    total: str


@dataclass(frozen=True)
class MoneyDef:
    prior_years: int
    shares: bool
    lines: tuple[FieldDef, ...]
    groups: tuple[MoneyGroup, ...]
    project_spending: str | None

    def label(self, key: str) -> str:
        return next(line.label for line in self.lines if line.key == key)


@dataclass(frozen=True)
class Family:
    id: str
    name: str
    province: str
    document_title: str
    department_fields: tuple[FieldDef, ...]
    sections: tuple[FieldDef, ...]
    money: MoneyDef | None
    special_fund_label: str | None
    department_tables: tuple[TableDef, ...]
    project_label: str | None
    project_fields: tuple[FieldDef, ...]
    checkpoints: tuple[str, ...]
    project_table: TableDef | None
    vocabulary: dict[str, tuple[str, ...]]
    cost_level2: frozenset[str]

    @property
    def has_projects(self) -> bool:
        return self.project_table is not None

    def project_field(self, key: str) -> FieldDef | None:
        return next((f for f in self.project_fields if f.key == key), None)

    def department_table(self, key: str) -> TableDef:
        return next(t for t in self.department_tables if t.key == key)

    def table(self, key: str) -> TableDef:
        """A department table by key, or the project table for ``indicators``."""
        if key == "indicators" and self.project_table is not None:
            return self.project_table
        return self.department_table(key)

    def section(self, key: str) -> FieldDef | None:
        return next((s for s in self.sections if s.key == key), None)

    @property
    def level1_names(self) -> tuple[str, ...]:
        return tuple(self.vocabulary)


def _field(raw: dict[str, Any]) -> FieldDef:
    return FieldDef(raw["key"], raw["label"], raw.get("kind", "line"), bool(raw.get("required")))


def _table(raw: dict[str, Any]) -> TableDef:
    return TableDef(
        raw["key"], raw["label"], tuple(_field(c) for c in raw["columns"]),
        tuple(
            Requirement(r["label"], tuple(r.get("level1", ())), tuple(r.get("level2", ())))
            for r in raw.get("required", ())
        ),
    )


def _money(raw: dict[str, Any] | None) -> MoneyDef | None:
    if raw is None:
        return None
    return MoneyDef(
        int(raw["prior_years"]), bool(raw["shares"]), tuple(_field(x) for x in raw["lines"]),
        tuple(MoneyGroup(g["key"], g["label"], tuple(g["members"]), g["total"]) for g in raw["groups"]),
        raw.get("project_spending"),
    )


def parse_family(raw: dict[str, Any]) -> Family:
    dept = raw["department"]
    project = raw.get("project")
    special = dept.get("special_fund")
    return Family(
        id=raw["id"], name=raw["name"], province=raw["province"],
        document_title=raw["document_title"],
        department_fields=tuple(_field(f) for f in dept["fields"]),
        sections=tuple(_field(s) for s in dept["sections"]),
        money=_money(dept.get("money")),
        special_fund_label=special["label"] if special else None,
        department_tables=tuple(_table(t) for t in dept.get("tables", ())),
        project_label=project["label"] if project else None,
        project_fields=tuple(_field(f) for f in project["fields"]) if project else (),
        checkpoints=tuple(project.get("checkpoints", ())) if project else (),
        project_table=_table(project["table"]) if project else None,
        vocabulary={k: tuple(v) for k, v in raw["vocabulary"].items()},
        cost_level2=frozenset(raw.get("cost_level2", ())),
    )


@cache
def families() -> dict[str, Family]:
    """Every family under ``resources/families``, by id, in file-name order."""
    found = {}
    for path in sorted(resource("families").glob("*.json")):
        family = parse_family(json.loads(path.read_text(encoding="utf-8")))
        found[family.id] = family
    return found


def family(family_id: str) -> Family:
    return families()[family_id]
