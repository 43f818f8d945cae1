"""Form families, read from ``resources/families/*.json`` (format ``jxmb-family`` version 1).

A family file describes a whole form: the fields and sections of a department and of a project
(with types and the roles the checker reads), indicator tables with their columns, money tables,
vocabularies, requirements and the printed form (``print``, kept as checked raw dicts for the
layout). ``desktop/familycheck.py`` checks a file before it is parsed; a broken file is left out
of ``families()`` and its Chinese message is in ``family_errors()``. Code asks the family
instead of branching on the province.

The attributes of the first format (``department_fields``, ``sections``, ``money``,
``project_fields``, ``project_table``, ``department_tables``, ``checkpoints``, ``vocabulary``,
``cost_level2``, ``special_fund_label``) are derived from the new description at load time, so
code written against them keeps running while it moves to ``department``/``project`` (Owner).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from desktop import familycheck
from desktop.resources import resource

UNKNOWN = "本表式没有的一项"   # a key the family does not declare: named so, never shown as the key
_MONEY_COLUMNS = {"amount": "当年金额", "share": "占比", "prior": "往年金额"}
_MONEY_COLUMN_LABELS = {"amount": "当年金额", "share": "占比", "prior": "{year}年"}


@dataclass(frozen=True)
class FieldDef:
    """A field of an owner, or a column of a list or an indicator table.

    ``kind`` is the first format's word (line | text | amount, and for the derived ``sections``
    money | table | sub_goals | measures | work_plan): kept for code not yet moved to ``type``.
    """

    key: str
    label: str
    kind: str = "line"
    required: bool = False
    type: str = "line"        # line | text | amount | percent | integer | choice | date | phone | code
    role: str | None = None
    printed: bool = True      # False: an editor-only field ("print": false)
    choices: tuple[str, ...] = ()
    vocabulary: str | None = None
    offset: int | None = None  # history columns: -1 = the year before the document's
    group: str | None = None   # the word the form puts above this one (近两年指标值, 专项资金…汇总表)
    width: float | None = None


@dataclass(frozen=True)
class Requirement:
    """An indicator kind a table must contain: any row whose 一级 or 二级 is in the lists."""

    label: str
    level1: tuple[str, ...] = ()
    level2: tuple[str, ...] = ()


@dataclass(frozen=True)
class TableDef:
    """An indicator table. ``columns`` is the first format's view (the history columns as one
    ``prior`` column labelled with their group); ``fields`` are the columns as declared."""

    key: str
    label: str
    columns: tuple[FieldDef, ...]
    required: tuple[Requirement, ...]
    fields: tuple[FieldDef, ...] = ()
    vocabulary: str = "default"
    needed: bool = False                          # the section's own "required"
    weights: dict[str, Any] | None = None
    level1_scores: dict[str, tuple[float, float]] | None = None
    cost_level1: frozenset[str] = frozenset()
    cost_level2: frozenset[str] = frozenset()

    def by_role(self, role: str) -> FieldDef | None:
        return next((c for c in self.fields if c.role == role), None)

    @property
    def history(self) -> tuple[FieldDef, ...]:
        """The columns of past years, oldest first."""
        return tuple(sorted((c for c in self.fields if c.role == "history"), key=lambda c: c.offset or 0))

    @property
    def column_keys(self) -> tuple[str, ...]:
        return tuple(c.key for c in self.columns)

    def has(self, key: str) -> bool:
        return key in self.column_keys


@dataclass(frozen=True)
class MoneyGroup:
    """Money lines the form heads together (支出构成), with the line that holds their total."""

    key: str
    label: str
    members: tuple[str, ...]
    total: str


@dataclass(frozen=True)
class MoneyDef:
    """The department's money table: its lines, their groups, and the columns beside this year's."""

    prior_years: int
    shares: bool
    lines: tuple[FieldDef, ...]
    groups: tuple[MoneyGroup, ...]
    project_spending: str | None
    key: str = "money"
    title: str = ""              # the section's label (``label(key)`` names a line)
    required: bool = False
    column_labels: dict[str, str] = field(default_factory=lambda: dict(_MONEY_COLUMN_LABELS))

    def label(self, key: str) -> str:
        return next(line.label for line in self.lines if line.key == key)


@dataclass(frozen=True)
class Section:
    """One section of an owner, in the editor's order: a headed ``field``, a ``list`` of rows,
    an ``indicators`` table, the department's ``money`` table or a project's spending ``plan``."""

    kind: str
    key: str
    label: str
    required: bool = False
    field: FieldDef | None = None               # kind field
    columns: tuple[FieldDef, ...] = ()          # kind list (indicator columns: table.fields)
    stretch: str | None = None
    total: dict[str, Any] | None = None         # kind list: {"label": "合计", "columns": [...]}
    table: TableDef | None = None               # kind indicators
    money: MoneyDef | None = None               # kind money
    checkpoints: tuple[str, ...] = ()           # kind plan


@dataclass(frozen=True)
class Owner:
    """A department or a project: short fields, then sections."""

    label: str
    required: bool
    fields: tuple[FieldDef, ...]
    sections: tuple[Section, ...]

    def field(self, key: str) -> FieldDef | None:
        """A field by key, among the short fields and the headed-field sections."""
        return next((f for f in self.all_fields if f.key == key), None)

    @property
    def all_fields(self) -> tuple[FieldDef, ...]:
        return (*self.fields, *(s.field for s in self.sections if s.field is not None))

    def section(self, key: str) -> Section | None:
        return next((s for s in self.sections if s.key == key), None)

    def by_role(self, role: str) -> FieldDef | None:
        return next((f for f in self.all_fields if f.role == role), None)

    @property
    def tables(self) -> tuple[TableDef, ...]:
        return tuple(s.table for s in self.sections if s.table is not None)

    @property
    def lists(self) -> tuple[Section, ...]:
        return tuple(s for s in self.sections if s.kind == "list")


@dataclass(frozen=True)
class Checks:
    """The family's words for the checker: placeholders left in a text, and 不适用 entries."""

    placeholders: tuple[str, ...] = ()
    not_applicable_level3: tuple[str, ...] = ()
    not_applicable_target: tuple[str, ...] = ()


@dataclass(frozen=True)
class Family:
    """One form family, as read from its file (see the module's docstring)."""

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
    # the format itself (the attributes above are derived from these)
    source: str = ""
    money_unit: str = "万元"
    department: Owner | None = None
    project: Owner | None = None
    vocabularies: dict[str, dict[str, tuple[str, ...]]] = field(default_factory=dict)
    checks: Checks = Checks()
    print: dict[str, Any] = field(default_factory=dict)   # the checked ``print`` member, as in the file

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
        owner = self.project if "projects" in above else self.department
        if owner is not None:                      # file format 3: values / lists / totals by key
            if key in ("values", "lists", "totals") and isinstance(parent, int):
                return ""
            if parent in ("values", "lists", "totals"):
                found = owner.field(key) if parent == "values" else owner.section(key)
                return found.label if found is not None else UNKNOWN
            if len(above) >= 3 and above[-3] == "lists" and isinstance(parent, int) and isinstance(grand, str):
                section = owner.section(grand)
                column = next((c for c in section.columns if c.key == key), None) if section else None
                if column is None:
                    return UNKNOWN
                if "{" in column.label:          # a year template: no year here, name the column by its place
                    years = f"前{-column.offset}年" if column.offset else "往年"
                    return f"{column.group} › {years}" if column.group else years
                return column.label
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


_OLD_KIND = {"text": "text", "amount": "amount"}


def _field(raw: dict[str, Any]) -> FieldDef:
    kind = raw.get("type", "line")
    return FieldDef(
        raw["key"], raw["label"], _OLD_KIND.get(kind, "line"), bool(raw.get("required")),
        type=kind, role=raw.get("role"), printed=raw.get("print", True) is not False,
        choices=tuple(raw.get("choices") or ()), vocabulary=raw.get("vocabulary"),
        offset=raw.get("offset"), group=raw.get("group"), width=raw.get("width"),
    )


def _table(raw: dict[str, Any]) -> TableDef:
    fields = tuple(_field(c) for c in raw["columns"])
    old: list[FieldDef] = []           # the first format's columns: history as one "prior" column
    for column in fields:
        if column.role == "history":
            if not any(c.key == "prior" for c in old):
                old.append(FieldDef("prior", column.group or column.label))
        else:
            old.append(column)
    cost = raw.get("cost") or {}
    scores = raw.get("level1_scores")
    return TableDef(
        raw["key"], raw["label"], tuple(old),
        tuple(
            Requirement(r["label"], tuple(r.get("level1", ())), tuple(r.get("level2", ())))
            for r in raw.get("required_kinds") or ()
        ),
        fields=fields, vocabulary=raw["vocabulary"], needed=bool(raw.get("required")),
        weights=raw.get("weights"),
        level1_scores={k: (v[0], v[1]) for k, v in scores.items()} if scores else None,
        cost_level1=frozenset(cost.get("level1", ())), cost_level2=frozenset(cost.get("level2", ())),
    )


def _money(raw: dict[str, Any]) -> MoneyDef:
    labels = dict(_MONEY_COLUMN_LABELS)
    labels.update(raw.get("column_labels") or {})
    return MoneyDef(
        int(raw["prior_years"]), bool(raw["shares"]),
        tuple(FieldDef(x["key"], x["label"], "amount", type="amount") for x in raw["lines"]),
        tuple(MoneyGroup(g["key"], g["label"], tuple(g["members"]), g["total"]) for g in raw["groups"]),
        (raw.get("roles") or {}).get("project_spending"),
        key=raw["key"], title=raw["label"], required=bool(raw.get("required")), column_labels=labels,
    )


def _section(raw: dict[str, Any]) -> Section:
    kind = raw["kind"]
    base = {"kind": kind, "key": raw["key"], "label": raw["label"], "required": bool(raw.get("required"))}
    if kind == "field":
        return Section(**base, field=_field(raw))
    if kind == "list":
        return Section(**base, columns=tuple(_field(c) for c in raw["columns"]), stretch=raw.get("stretch"),
                       total=raw.get("total"))
    if kind == "indicators":
        table = _table(raw)
        return Section(**base, columns=table.fields, table=table)
    if kind == "money":
        return Section(**base, money=_money(raw))
    return Section(**base, checkpoints=tuple(raw["checkpoints"]))


def _owner(raw: dict[str, Any], label: str) -> Owner:
    return Owner(raw.get("label", label), bool(raw.get("required")),
                 tuple(_field(f) for f in raw["fields"]), tuple(_section(s) for s in raw["sections"]))


def _old_section(section: Section) -> FieldDef | None:
    """A section as the first format named it (``kind`` text/line/money/table or the list's key)."""
    if section.field is not None:
        return FieldDef(section.key, section.label, "text" if section.field.type == "text" else "line",
                        section.required, type=section.field.type, role=section.field.role,
                        printed=section.field.printed)
    if section.kind == "list":
        return FieldDef(section.key, section.label, section.key, section.required)
    if section.kind == "indicators":
        return FieldDef(section.key, section.label, "table", section.required)
    if section.kind == "money":
        return FieldDef(section.key, section.label, "money", section.required)
    return None                           # a plan: the first format had it as project checkpoints


def parse_family(raw: dict[str, Any], source: str = "") -> Family:
    """A family from a file's JSON that ``familycheck.check`` accepted."""
    dept = _owner(raw["department"], "部门")
    project = _owner(raw["project"], "项目") if raw.get("project") is not None else None
    vocabularies = {name: {k: tuple(v) for k, v in words.items()} for name, words in raw["vocabularies"].items()}
    default = vocabularies.get("default") or next(iter(vocabularies.values()))
    money = next((s.money for s in dept.sections if s.money is not None), None)
    special = dept.by_role("projects_total")
    project_table = next((s.table for s in project.sections if s.table is not None), None) if project else None
    plan = next((s for s in project.sections if s.kind == "plan"), None) if project else None
    tables = (*dept.tables, *(project.tables if project else ()))
    checks = raw.get("checks") or {}
    not_applicable = checks.get("not_applicable") or {}
    return Family(
        id=raw["id"], name=raw["name"], province=raw["province"],
        document_title=raw["document_title"],
        department_fields=tuple(f for f in dept.fields if f.role != "projects_total"),
        sections=tuple(old for old in map(_old_section, dept.sections) if old is not None),
        money=money,
        special_fund_label=(special.group or special.label) if special is not None else None,
        department_tables=dept.tables,
        project_label=project.label if project else None,
        project_fields=project.all_fields if project else (),
        checkpoints=plan.checkpoints if plan else (),
        project_table=project_table,
        vocabulary=default,
        cost_level2=frozenset().union(*(t.cost_level2 for t in tables)),
        projects_required=project.required if project else False,
        source=source, money_unit=raw.get("money_unit", "万元"), department=dept, project=project,
        vocabularies=vocabularies,
        checks=Checks(tuple(checks.get("placeholders", ())), tuple(not_applicable.get("level3", ())),
                      tuple(not_applicable.get("target", ()))),
        print=raw["print"],
    )


def folders() -> list[Path]:
    """Where family files are read from (tests monkeypatch this to add a folder)."""
    return [resource("families")]


def _read(path: Path) -> tuple[Any, list[str]]:
    """A family file's JSON, or None and why it cannot be read."""
    name = path.name
    try:
        return json.loads(path.read_text(encoding="utf-8")), []
    except UnicodeDecodeError:
        return None, [f"表式文件“{name}”不是 UTF-8 编码的文字，无法读取"]
    except json.JSONDecodeError as error:
        return None, [f"表式文件“{name}”第 {error.lineno} 行第 {error.colno} 列不是正确的 JSON 写法，无法读取"]
    except OSError as error:
        return None, [f"表式文件“{name}”无法打开（{error.strerror or '读取失败'}）"]


# Reading a family is in three steps, each done once (until ``reload``): every file's JSON
# (``_files``, cheap), one file checked and parsed (``_made``, the costly part), and the whole
# set with its errors (``_loaded``). Opening a document needs its own family only (``find``),
# so the others are checked when something first asks for all of them or for their errors.
_whole: list[dict[str, Family]] = []      # ``families()`` once read: ``find`` then answers from it
_alone: dict[str, Family] = {}            # what ``find`` read before that

@cache
def _files() -> tuple[tuple[Path, Any, tuple[str, ...]], ...]:
    """(path, JSON or None, why it cannot be read) of every family file, in reading order."""
    found = []
    for folder in folders():
        for path in sorted(folder.glob("*.json")):
            raw, problems = _read(path)
            found.append((path, raw, tuple(problems)))
    return tuple(found)


@cache
def _made(index: int) -> tuple[Family | None, tuple[str, ...]]:
    """The family of ``_files()[index]``, or None and its Chinese messages."""
    path, raw, problems = _files()[index]
    if problems:                 # not readable as JSON
        return None, problems
    problems = tuple(familycheck.check(raw, path.name))
    if problems:
        return None, problems
    return parse_family(raw, path.name), ()


@cache
def _loaded() -> tuple[dict[str, Family], tuple[str, ...]]:
    found: dict[str, Family] = {}
    errors: list[str] = []
    for index, (path, _, _) in enumerate(_files()):
        family, problems = _made(index)
        if family is None:
            errors.extend(problems)
        elif family.id in found:
            errors.append(f"表式文件“{path.name}”中 id：表式“{family.id}”已由“{found[family.id].source}”定义，"
                          "这个文件没有使用")
        else:
            found[family.id] = family
    _whole[:] = [found]
    return found, tuple(errors)


def find(family_id: str) -> Family | None:
    """``families().get(family_id)``, checking only the files that declare this id: the first
    of them that is right is the one ``families`` uses (a file left out declares nothing).
    A dictionary look-up once found: ``family`` is asked for often (for each problem described)."""
    if _whole:
        return _whole[0].get(family_id)
    found = _alone.get(family_id)
    if found is None:
        found = _first_right(family_id)
        if found is not None:
            _alone[family_id] = found
    return found


def _first_right(family_id: str) -> Family | None:
    for index, (_, raw, _) in enumerate(_files()):
        if isinstance(raw, dict) and raw.get("id") == family_id:
            family, _ = _made(index)
            if family is not None:
                return family
    return None


def families() -> dict[str, Family]:
    """Every family that loads, by id, in file-name order (broken files are left out)."""
    return _loaded()[0]


def family_errors() -> list[str]:
    """One Chinese message per problem of a family file that was left out."""
    return list(_loaded()[1])


def reload() -> None:
    """Forget what was read (after the folders changed)."""
    for cached in (_loaded, _made, _files):
        cached.cache_clear()
    _whole.clear()
    _alone.clear()


def family(family_id: str) -> Family:
    """``families()[family_id]`` (a KeyError for an id no family has), read as ``find`` reads it."""
    found = find(family_id)
    if found is None:
        raise KeyError(family_id)
    return found
