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


UNKNOWN = "本表式没有的一项"   # a key the family does not declare: named so, never shown as the key
_MONEY_COLUMNS = {"amount": "当年金额", "share": "占比", "prior": "往年金额"}


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
    projects_required: bool = False   # the form is incomplete without at least one project

    def money_line_label(self, key: str) -> str | None:
        """A money line as the form names it: its group and its label (``支出构成 › 合计``)."""
        if self.money is None or key not in {line.key for line in self.money.lines}:
            return None
        groups = [g.label for g in self.money.groups if key in (*g.members, g.total)]
        label = self.money.label(key)
        return f"{groups[0]} › {label}" if len(groups) == 1 else label

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

    def file_label(self, path: tuple[str | int, ...]) -> str | None:
        """How this family's form names the last step of a path in a project file
        (``departments, 0, money, expense_total`` → ``支出构成 › 合计``): ``""`` for a step the
        form has no word for and that the next step names (``texts``, ``tables``), ``UNKNOWN`` for a
        key the family does not declare, None when the family has nothing to say (a general word)."""
        *above, key = path
        if not isinstance(key, str):
            return None
        parent = above[-1] if above else None
        grand = above[-2] if len(above) > 1 else None
        if parent in ("texts", "tables"):
            if parent == "texts":
                section = self.section(key)
                return section.label if section else UNKNOWN
            table = next((t for t in self.department_tables if t.key == key), None)
            return table.label if table else UNKNOWN
        if key in ("texts", "tables") and isinstance(parent, int):
            return ""
        if key == "money" and isinstance(parent, int):
            section = self.section("money")
            return section.label if section else None
        if parent == "money":
            return self.money_line_label(key) or UNKNOWN
        if grand == "money":
            return _MONEY_COLUMNS.get(key)
        if isinstance(parent, int) and grand == "departments":
            found = next((f for f in self.department_fields if f.key == key), None)
            return found.label if found else (self.project_label if key == "projects" else None)
        if isinstance(parent, int) and grand == "projects":
            found = self.project_field(key)
            if found is None and key == "indicators" and self.project_table is not None:
                return self.project_table.label
            return found.label if found else None
        if isinstance(parent, int) and len(above) > 2:       # a column of an indicator row
            table = self.project_table if grand == "indicators" else (
                next((t for t in self.department_tables if t.key == grand), None))
            column = next((c for c in table.columns if c.key == key), None) if table else None
            return column.label if column else None
        return None


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
        projects_required=bool(project.get("required")) if project else False,
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
