"""The rule checker: every problem in a document, with the numbers and where it is.

Thresholds, word lists and severity overrides come from ``resources/rules.json``; what a
family requires comes from its definition: the checker reads each field's and each column's
*role* and *label* from the family (``_shape_of``), so a column the form lacks is never
required and every message uses the form's own words. A full check of 10,000 indicators must
stay well under 50 ms, so the per-indicator loop is flat, target parsing is cached, and the
family's shape is prepared once per family.
"""

from __future__ import annotations

import dataclasses
import enum
import gc
import json
import re
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache
from itertools import chain
from typing import Any

from desktop.families import UNKNOWN, family
from desktop.model import Department, Document, Project
from desktop.resources import resource
from desktop.text import shorten
from desktop.values import TargetValue, format_amount, parse_amount, parse_target


class Severity(enum.Enum):
    ERROR = "错误"
    WARNING = "警告"
    INFO = "提示"


@dataclass(frozen=True, slots=True)
class Location:
    """Where a problem is, precise enough for the editor to select the field or cell.

    See ``describe_location`` for how each combination reads; ``column`` is used by money
    tables only (``amount``, ``share``, ``prior0``, ``prior1``…).
    """

    dept: int
    project: int | None = None
    table: str | None = None
    row: int | None = None
    field: str | None = None
    column: str | None = None


@dataclass(frozen=True, slots=True)
class Problem:
    """One problem: its rule id, severity, Chinese message and hint, and where it is."""

    rule: str
    severity: Severity
    message: str
    hint: str
    location: Location


# Every rule with its default severity; rules.json may override a severity by rule id.
RULES: dict[str, Severity] = {
    "required": Severity.ERROR,
    "amount-format": Severity.ERROR,
    "duplicate-code": Severity.ERROR,
    "budget-split": Severity.ERROR,
    "money-sum": Severity.ERROR,
    "money-share": Severity.WARNING,
    "list-sum": Severity.ERROR,
    "share-sum": Severity.WARNING,
    "special-sum": Severity.ERROR,
    "project-spending": Severity.ERROR,
    "plan-range": Severity.ERROR,
    "plan-order": Severity.ERROR,
    "plan-end": Severity.ERROR,
    "level1-vocabulary": Severity.ERROR,
    "level2-vocabulary": Severity.ERROR,
    "indicator-kinds": Severity.ERROR,
    "empty-row": Severity.WARNING,
    "duplicate-level3": Severity.WARNING,
    "cost-over-budget": Severity.ERROR,
    "percent-over-100": Severity.WARNING,
    "cannot-fail": Severity.ERROR,
    "split-target": Severity.ERROR,
    "weight-sum": Severity.ERROR,
    "score-range": Severity.ERROR,
    "satisfaction-number": Severity.WARNING,
    "satisfaction-floor": Severity.WARNING,
    "vague": Severity.WARNING,
    "target-is-name": Severity.WARNING,
    "placeholder": Severity.WARNING,
    "basis-missing": Severity.WARNING,
    "prior-missing": Severity.WARNING,
    "description-missing": Severity.INFO,
    "undeclared": Severity.INFO,
    "carried-over": Severity.INFO,
}
CARRIED = "_carried"    # a value carried into next year waits here for the clerk (desktop/nextyear.py)


@dataclass(frozen=True)
class RuleSettings:
    """Thresholds, word lists and severity overrides, from ``resources/rules.json``."""

    satisfaction_floor: Decimal
    share_tolerance: Decimal
    satisfaction_marker: str
    not_applicable_prefixes: tuple[str, ...]
    vague_words: tuple[str, ...]
    severity: dict[str, Severity] = field(default_factory=dict)

    def replace(self, **changes: object) -> RuleSettings:
        return dataclasses.replace(self, **changes)

    def severity_of(self, rule: str) -> Severity:
        return self.severity.get(rule, RULES[rule])


@cache
def load_settings() -> RuleSettings:
    raw = json.loads(resource("rules.json").read_text(encoding="utf-8"))
    by_name = {s.value: s for s in Severity}
    return RuleSettings(
        satisfaction_floor=Decimal(str(raw["satisfaction_floor"])),
        share_tolerance=Decimal(str(raw["share_tolerance"])),
        satisfaction_marker=raw["satisfaction_marker"],
        not_applicable_prefixes=tuple(raw["not_applicable_prefixes"]),
        vague_words=tuple(raw["vague_words"]),
        severity={rule: by_name[name] for rule, name in raw.get("severity", {}).items()},
    )


@cache
def _vague_pattern(words: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile("|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)))


# ---------------------------------------------------------------- the family's shape
#
# What the checker needs to know about a form, read once per family from its definition: for
# each owner (department, project) its fields and sections, for each table its columns by role.
# ``_shape_of`` is the only code that reads the family; everything below reads the shape.
# Shapes are never compared or hashed (one per family object, found by identity): ``eq=False``
# spares making their ``__eq__`` and ``__hash__``, half of what creating each class costs at start.

@dataclass(frozen=True, eq=False)
class _Col:
    """A field or a column."""

    key: str
    label: str                       # may hold {year}/{year-N}: see ``_render``
    role: str | None = None
    required: bool = False
    choices: tuple[str, ...] = ()
    offset: int | None = None        # history columns: the year relative to the document's


@dataclass(frozen=True, eq=False)
class _Table:
    """An indicator table."""

    key: str
    label: str
    columns: tuple[_Col, ...]
    vocabulary: dict[str, frozenset[str]]
    vocabulary_order: tuple[str, ...]
    homes: dict[str, str]                                    # 二级 → the first 一级 it belongs to
    requirements: tuple[tuple[str, frozenset[str], frozenset[str]], ...]   # label, 一级s, 二级s
    cost_level1: frozenset[str] = frozenset()
    cost_level2: frozenset[str] = frozenset()
    weight_total: Decimal | None = None
    weight_plus: dict[str, Decimal] = field(default_factory=dict)   # 三级 → its own fixed weight
    level1_scores: dict[str, tuple[Decimal, Decimal]] = field(default_factory=dict)
    required: bool = True                # the form is incomplete without a row

    def __post_init__(self) -> None:
        object.__setattr__(self, "by_role", {c.role: c for c in self.columns if c.role})
        object.__setattr__(self, "by_key", {c.key: c for c in self.columns})
        object.__setattr__(self, "history", tuple(c for c in self.columns if c.role == "history"))

    def role(self, role: str) -> _Col | None:
        return self.by_role.get(role)  # type: ignore[attr-defined]


@dataclass(frozen=True, eq=False)
class _List:
    """A list section (rows of columns), with its typed 合计 if it declares one."""

    key: str
    label: str
    required: bool
    columns: tuple[_Col, ...]
    total_label: str = ""
    total_columns: tuple[str, ...] = ()      # columns whose typed 合计 must equal their sum


@dataclass(frozen=True, eq=False)
class _Money:
    """The department's money table."""

    key: str
    label: str
    required: bool
    prior_years: int
    shares: bool
    lines: dict[str, str]                                     # key → label
    groups: tuple[tuple[str, tuple[str, ...], str], ...]      # label, members, total
    project_spending: str | None
    column_labels: dict[str, str]

    def line_label(self, key: str) -> str | None:
        """A line as the form names it: its group and its label (``支出构成 › 合计``)."""
        if key not in self.lines:
            return None
        groups = [label for label, members, total in self.groups if key in (*members, total)]
        return f"{groups[0]} › {self.lines[key]}" if len(groups) == 1 else self.lines[key]


@dataclass(frozen=True, eq=False)
class _Plan:
    """A project's spending plan: its checkpoints."""

    key: str
    label: str
    checkpoints: tuple[str, ...]


@dataclass(frozen=True, eq=False)
class _Owner:
    """A department or a project."""

    label: str
    required: bool
    fields: tuple[_Col, ...]          # header fields and headed field sections, in order
    lists: tuple[_List, ...]
    tables: tuple[_Table, ...]
    money: _Money | None
    plan: _Plan | None
    order: tuple[tuple[str, str], ...]   # (kind, key) of every field and section, in form order

    def field(self, key: str) -> _Col | None:
        return next((f for f in self.fields if f.key == key), None)

    def by_role(self, role: str) -> _Col | None:
        return next((f for f in self.fields if f.role == role), None)

    def table(self, key: str | None) -> _Table | None:
        return next((t for t in self.tables if t.key == key), None)

    def list(self, key: str | None) -> _List | None:
        return next((t for t in self.lists if t.key == key), None)


@dataclass(frozen=True, eq=False)
class _Shape:
    """What the checker reads of a family."""

    department: _Owner
    project: _Owner | None
    placeholders: tuple[str, ...]
    na_level3: frozenset[str]
    na_target: frozenset[str]


_TEMPLATE = re.compile(r"\{year(?:([+-])(\d+))?\}")


def _render(label: str, year: int) -> str:
    """A label with its ``{year}``/``{year-N}`` placeholders filled in."""
    if "{" not in label:
        return label
    return _TEMPLATE.sub(lambda m: str(year + (int(m[2]) if m[1] == "+" else -int(m[2] or 0))), label)


def _short(label: str) -> str:
    """A field label without the form's leading ``其中：`` (a label inside a sentence)."""
    for lead in ("其中：", "其中:"):
        if label.startswith(lead):
            return label[len(lead):]
    return label


def _without_unit(label: str) -> str:
    """A label without its trailing unit in brackets (``资金支出计划（%）``): the messages give
    the unit with each number."""
    for unit in ("（%）", "(%)"):
        if label.endswith(unit) and len(label) > len(unit):
            return label[:-len(unit)]
    return label


def _vocab(vocabulary: dict[str, Iterable[str]]) -> tuple[dict[str, frozenset[str]], tuple[str, ...], dict[str, str]]:
    homes: dict[str, str] = {}
    for level1, names in vocabulary.items():
        for name in names:
            homes.setdefault(name, level1)
    return {k: frozenset(v) for k, v in vocabulary.items()}, tuple(vocabulary), homes


def _col(f: Any) -> _Col:
    label = f"{f.group} › {f.label}" if f.group else f.label      # 近两年指标值 › {year-2}年
    return _Col(f.key, label, f.role, f.required, tuple(f.choices or ()), f.offset)


def _number(value: Any) -> Decimal:
    return Decimal(str(value))


def _table(fam: Any, t: Any, required: bool) -> _Table:
    vocabulary, order, homes = _vocab(fam.vocabularies.get(t.vocabulary) or {})
    weights = t.weights or {}
    total = weights.get("total")
    return _Table(t.key, t.label, tuple(_col(c) for c in t.fields), vocabulary, order, homes,
                  tuple((r.label, frozenset(r.level1), frozenset(r.level2)) for r in t.required),
                  cost_level1=frozenset(t.cost_level1), cost_level2=frozenset(t.cost_level2),
                  weight_total=_number(total) if total is not None else None,
                  weight_plus={k: _number(v) for k, v in (weights.get("plus") or {}).items()},
                  level1_scores={k: (_number(v[0]), _number(v[1])) for k, v in (t.level1_scores or {}).items()},
                  required=required)


def _owner(fam: Any, owner: Any) -> _Owner:
    fields = [_col(f) for f in owner.fields]
    order: list[tuple[str, str]] = [("field", f.key) for f in owner.fields]
    lists, tables, money, plan = [], [], None, None
    for s in owner.sections:
        if s.kind == "field" and s.field is not None:
            fields.append(_col(s.field))
            order.append(("field", s.key))
        elif s.kind == "list":
            total = s.total or {}
            lists.append(_List(s.key, s.label, s.required, tuple(_col(c) for c in s.columns),
                               total.get("label", ""), tuple(total.get("columns", ()))))
            order.append(("list", s.key))
        elif s.kind == "indicators" and s.table is not None:
            tables.append(_table(fam, s.table, s.required))
            order.append(("indicators", s.key))
        elif s.kind == "money" and s.money is not None:
            m = s.money
            money = _Money(s.key, s.label, s.required, m.prior_years, m.shares,
                           {line.key: line.label for line in m.lines},
                           tuple((g.label, g.members, g.total) for g in m.groups), m.project_spending,
                           dict(m.column_labels))
            order.append(("money", s.key))
        elif s.kind == "plan":
            plan = _Plan(s.key, _without_unit(s.label), tuple(s.checkpoints))
            order.append(("plan", s.key))
    return _Owner(owner.label, owner.required, tuple(fields), tuple(lists), tuple(tables), money, plan, tuple(order))


def _make_shape(fam: Any) -> _Shape:
    checks = fam.checks
    return _Shape(_owner(fam, fam.department), _owner(fam, fam.project) if fam.project is not None else None,
                  tuple(checks.placeholders), frozenset(checks.not_applicable_level3),
                  frozenset(checks.not_applicable_target))


_SHAPES: dict[int, tuple[Any, _Shape]] = {}


def _shape_of(fam: Any) -> _Shape:
    """The checker's view of a family, prepared once per family object."""
    found = _SHAPES.get(id(fam))
    if found is None or found[0] is not fam:
        found = _SHAPES[id(fam)] = (fam, _make_shape(fam))
    return found[1]


# ---------------------------------------------------------------- reading the document
#
# Values are read by key, whatever the model holds: a dict row, or an attribute (a key the
# model lacks reads as empty, never an AttributeError).

def _text(value: Any) -> str:
    if isinstance(value, str):
        return value
    return "" if value is None else format_amount(value) if isinstance(value, Decimal) else str(value)


def _row_dict(row: Any) -> dict[str, Any]:
    """An indicator or list row as ``key → value``; ``priorI`` for the prior-year list."""
    if isinstance(row, dict):
        return row
    values = dict(vars(row))
    prior = values.pop("prior", None)
    if prior:
        for i, value in enumerate(prior):
            values[f"prior{i}"] = value
    return values


def _owner_value(owner: Any, key: str) -> Any:
    values = getattr(owner, "values", None)
    if isinstance(values, dict):
        return values.get(key)
    texts = getattr(owner, "texts", None)
    if isinstance(texts, dict) and key in texts:
        return texts[key]
    return getattr(owner, key, None)


def _owner_rows(owner: Any, key: str) -> list[Any]:
    lists = getattr(owner, "lists", None)
    if isinstance(lists, dict):
        return lists.get(key) or []
    if isinstance(owner, Project):
        return owner.indicators if key == "indicators" else []
    tables = getattr(owner, "tables", None)
    if isinstance(tables, dict) and key in tables:
        return tables[key]
    rows = getattr(owner, key, None)
    return rows if isinstance(rows, list) else []


def _money_value(line: Any, column: str) -> Any:
    if line is None:
        return None
    if isinstance(line, dict):
        return line.get(column)
    if column.startswith("prior"):
        prior = getattr(line, "prior", None) or []
        i = int(column[5:])
        return prior[i] if i < len(prior) else None
    return getattr(line, column, None)


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def has_content(row: Any) -> bool:
    """Whether a row holds anything but blanks (the exports leave such rows out, as it warns)."""
    return any(any(not _blank(x) for x in v) if isinstance(v, list) else not _blank(v)
               for v in (row if isinstance(row, dict) else vars(row)).values())


_HUNDRED = Decimal(100)
_ZERO = Decimal(0)
_WAN = Decimal(10000)


class _Checker:
    """One run over one document; collects problems in document order."""

    def __init__(self, doc: Document, settings: RuleSettings) -> None:
        self.doc = doc
        self.fam = family(doc.family)
        self.shape = _shape_of(self.fam)
        self.settings = settings
        self.problems: list[Problem] = []
        self.vague = _vague_pattern(settings.vague_words)
        self.codes: dict[str, tuple[int, int]] = {}   # project code → where it first appears
        self.memory: _Memory | None = None            # projects' problems at the last check (``Checker``)
        self.kept: list[tuple[int, list[Problem]]] = []   # (where in ``problems``, a project's problems)

    def add(self, rule: str, message: str, hint: str, location: Location) -> None:
        self.problems.append(Problem(rule, self.settings.severity_of(rule), message, hint, location))

    def amount(self, value: Any, where: Location) -> Decimal | None:
        """An amount as a number: typed text is read; text that is no amount is reported."""
        if value is None or isinstance(value, Decimal):
            return value
        try:
            return parse_amount(_text(value))
        except ValueError as error:
            self.add("amount-format", str(error), "填写数字", where)
            return None

    # ------------------------------------------------------------ owners

    def undeclared(self, value: Any, where: Location) -> None:
        self.add("undeclared", f"文件中有本表式没有的内容（“{shorten(_text(value).strip())}”），已原样保留，不会打印",
                 "这项内容来自别的表式或更新的版本；如需打印，请使用含有这一项的表式", where)

    def extra_rows(self, declared: set[str], row: dict[str, Any], where: Location) -> None:
        """A row's non-empty values under keys its table does not declare (one problem a row)."""
        for key in row.keys() - declared:
            if not _blank(row[key]):
                self.undeclared(row[key], dataclasses.replace(where, field=key))
                return

    def fields(self, owner: _Owner, values: Any, at: Location) -> None:
        # (field values under undeclared keys are not reported yet: a version-2 file carries
        # fields its form never had, e.g. 主管部门 in 河北 documents)
        lists = getattr(values, "lists", None)
        if isinstance(lists, dict):
            known = {x.key for x in owner.lists} | {t.key for t in owner.tables}
            for key, rows in lists.items():
                content = next((r for r in rows if has_content(r)), None) if key not in known else None
                if content is not None:
                    text = next(v for v in _row_dict(content).values() if not _blank(v))
                    self.undeclared(text, dataclasses.replace(at, table=key))
        for f in owner.fields:
            if f.required and f.role != "projects_total" and _blank(_owner_value(values, f.key)):
                self.add("required", f"“{f.label}”未填写", f"填写{f.label}",
                         dataclasses.replace(at, field=f.key))

    def department(self, d: int, dept: Department) -> None:
        shape = self.shape.department
        self.fields(shape, dept, Location(d))
        for kind, key in shape.order:
            if kind == "list":
                self.list_rows(Location(d), shape.list(key), _owner_rows(dept, key), dept)
            elif kind == "money" and shape.money is not None:
                self.money(d, dept, shape.money)
            elif kind == "indicators":
                table = shape.table(key)
                assert table is not None
                self.table(table, _owner_rows(dept, key), Location(d, table=key), None)
        project = self.shape.project
        if project is not None:
            if project.required and not dept.projects:
                self.add("required", f"“{project.label}”至少需要一项", f"添加{project.label}",
                         Location(d, table="projects"))
            self.special_funds(d, dept, shape.money, project)
            for p, item in enumerate(dept.projects):
                self.project(d, p, item, project)

    def remembered(self, d: int, p: int, item: Project, shape: _Owner) -> None:
        """``project_content`` for a project whose content is the same as at the last check:
        its problems then; none of them depends on any other project (see ``Checker``)."""
        memory = self.memory
        if memory is None:
            self.project_content(d, p, item, shape)
            return
        problems = memory.recall(d, p, item)
        if problems is None:
            outer, self.problems = self.problems, []
            self.project_content(d, p, item, shape)
            problems, self.problems = self.problems, outer
            memory.keep(d, p, item, problems)
        self.kept.append((len(self.problems), problems))
        self.problems.extend(problems)

    def list_rows(self, at: Location, shape: _List | None, rows: list[Any], owner: Any) -> None:
        """A list (分项绩效目标, 工作保障措施, a cost composition…): empty rows are warned and do not
        count; a typed 合计 must equal its column's sum."""
        assert shape is not None
        d, p, key = at.dept, at.project, shape.key
        declared = {c.key for c in shape.columns}
        first = len(self.problems)
        filled = 0
        for r, row in enumerate(rows):
            if has_content(row):
                filled += 1
                values = _row_dict(row)
                for c in shape.columns:
                    if c.required and _blank(values.get(c.key)):
                        self.add("required", f"“{c.label}”未填写", f"填写{c.label}", Location(d, p, key, r, c.key))
                if isinstance(row, dict) and len(row.keys() - declared):
                    self.extra_rows(declared, row, Location(d, p, key, r))
            else:
                self.add("empty-row", f"第{r + 1}项是空的", "删除此项或填写内容", Location(d, p, key, r))
        if shape.required and not filled:
            hint = f"填写空的一项或添加{shape.label}" if rows else f"添加{shape.label}"
            self.problems.insert(first, Problem("required", self.settings.severity_of("required"),
                                                f"“{shape.label}”至少需要一项", hint, Location(d, p, key)))
        if shape.total_columns:
            typed_totals = (getattr(owner, "totals", None) or {}).get(key) or {}
            labels = {c.key: c.label for c in shape.columns}
            for column in shape.total_columns:
                added = _ZERO
                for r, row in enumerate(rows):
                    added += self.amount(_row_dict(row).get(column), Location(d, p, key, r, column)) or _ZERO
                where = Location(d, p, key, None, column, "total")
                typed = self.amount(typed_totals.get(column), where)
                if typed is None and added == _ZERO:
                    continue
                if typed != added:
                    shown = "未填写" if typed is None else f"填写为{format_amount(typed)}"
                    self.add("list-sum", f"“{labels.get(column, UNKNOWN)}”各项之和为{format_amount(added)}，"
                             f"{shape.total_label}{shown}", f"核对各项{labels.get(column, UNKNOWN)}与{shape.total_label}", where)

    def money(self, d: int, dept: Department, money: _Money) -> None:
        years = [("amount", f"{self.doc.year}年")]
        years += [(f"prior{i}", f"{self.doc.year - money.prior_years + i}年") for i in range(money.prior_years)]
        lines = getattr(dept, "money", None) or {}

        def value(key: str, column: str) -> Decimal | None:
            return self.amount(_money_value(lines.get(key), column),
                               Location(d, table="money", field=key, column=column))

        asked: set[str] = set()     # groups may share a total (Hunan): ask for it once
        for label, members, total_key in money.groups:
            total_label = money.lines.get(total_key, UNKNOWN)
            for column, year in years:
                parts = [value(k, column) for k in members]
                total = value(total_key, column)
                if total is None and all(v is None for v in parts):
                    if column == "amount" and money.required and total_key not in asked:
                        asked.add(total_key)
                        shared = sum(g[2] == total_key for g in money.groups) > 1
                        whose = "" if shared else f"{label}的"
                        self.add("required", f"{whose}{total_label}未填写", "填写当年金额",
                                 Location(d, table="money", field=total_key, column=column))
                    continue
                added = sum((v for v in parts if v is not None), _ZERO)
                if total is None or added != total:
                    prefix = year if money.prior_years else ""
                    shown = "未填写" if total is None else f"填写为{format_amount(total)}"
                    self.add("money-sum",
                             f"{prefix}{label}各项之和为{format_amount(added)}，{total_label}{shown}",
                             f"核对{label}各行金额与{total_label}",
                             Location(d, table="money", field=total_key, column=column))
            if money.shares:
                self.shares(d, lines, members, total_key, label)

    def shares(self, d: int, lines: dict[str, Any], members: tuple[str, ...], total_key: str, label: str) -> None:
        def value(key: str, column: str) -> Decimal | None:
            raw = _money_value(lines.get(key), column)
            try:
                return raw if raw is None or isinstance(raw, Decimal) else parse_amount(_text(raw))
            except ValueError:
                return None     # reported by the sums

        total = value(total_key, "amount")
        if not total:
            return
        tolerance = self.settings.share_tolerance
        typed_sum = _ZERO
        any_typed = False
        for key in (*members, total_key):
            share = value(key, "share")
            if share is None:
                continue
            computed = (value(key, "amount") or _ZERO) * _HUNDRED / total
            if abs(computed - share) > tolerance:
                self.add("money-share",
                         f"占比应为{computed.quantize(Decimal('0.01'))}%，填写为{format_amount(share)}%",
                         "占比 = 本行当年金额 ÷ 合计", Location(d, table="money", field=key, column="share"))
            if key != total_key:
                typed_sum += share
                any_typed = True
        if any_typed and abs(typed_sum - _HUNDRED) > tolerance * len(members):
            self.add("share-sum", f"{label}各项占比之和为{format_amount(typed_sum)}%，应为100%",
                     "核对各行占比", Location(d, table="money", field=total_key, column="share"))

    def special_funds(self, d: int, dept: Department, money: _Money | None, project: _Owner) -> None:
        budget = project.by_role("budget")
        budgets = _ZERO
        if budget is not None:
            for p, item in enumerate(dept.projects):
                value = self.amount(_owner_value(item, budget.key), Location(d, p, field=budget.key))
                budgets += value or _ZERO
        total = self.shape.department.by_role("projects_total")
        if total is not None and dept.projects:
            typed = self.amount(_owner_value(dept, total.key), Location(d, field=total.key))
            if typed is None:
                self.add("required", f"“{total.label}”未填写", f"填写{total.label}", Location(d, field=total.key))
            elif budget is not None and budgets != typed:
                total_label = total.label.rsplit(" › ", 1)[-1]
                self.add("special-sum",
                         f"各{_short(budget.label)}之和为{format_amount(budgets)}，{total_label}填写为{format_amount(typed)}",
                         f"核对各{_short(budget.label)}与{total_label}", Location(d, field=total.key))
        if money is not None and money.project_spending and dept.projects and budget is not None:
            key = money.project_spending
            line = self.amount(_money_value((getattr(dept, "money", None) or {}).get(key), "amount"),
                               Location(d, table="money", field=key, column="amount"))
            if line is not None and budgets > line:
                self.add("project-spending",
                         f"各{_short(budget.label)}合计{format_amount(budgets)}超过部门"
                         f"{money.lines.get(key, UNKNOWN)}{format_amount(line)}",
                         f"核对各{_short(budget.label)}与部门{money.lines.get(key, UNKNOWN)}",
                         Location(d, table="money", field=key, column="amount"))

    # ------------------------------------------------------------ project

    def project(self, d: int, p: int, item: Project, shape: _Owner) -> None:
        """A project's problems: its code against the projects before it, then its content."""
        code_field = shape.by_role("code")
        code = _text(_owner_value(item, code_field.key)).strip() if code_field is not None else ""
        if code_field is not None and code:
            first = self.codes.setdefault(code, (d, p))
            if first != (d, p):
                self.add("duplicate-code", f"{code_field.label}“{code}”与{self.project_name(*first)}重复",
                         f"每个项目的{code_field.label}应唯一；复制来的项目请填写它自己的{code_field.label}",
                         Location(d, p, field=code_field.key))
        self.remembered(d, p, item, shape)

    def project_content(self, d: int, p: int, item: Project, shape: _Owner) -> None:
        """The problems of a project that depend on nothing but its content, its place (d, p),
        the document's year and unit, the family and the settings: every location is (d, p)'s."""
        self.fields(shape, item, Location(d, p))
        budget_field, fiscal_field, other_field = (shape.by_role(r) for r in ("budget", "fiscal", "other_funds"))
        budget = self.amount(_owner_value(item, budget_field.key), Location(d, p, field=budget_field.key)) \
            if budget_field is not None else None
        if budget_field is not None and fiscal_field is not None and other_field is not None:
            fiscal = self.amount(_owner_value(item, fiscal_field.key), Location(d, p, field=fiscal_field.key))
            other = self.amount(_owner_value(item, other_field.key), Location(d, p, field=other_field.key))
            if budget is not None and (fiscal is not None or other is not None):
                parts = (fiscal or _ZERO) + (other or _ZERO)
                if parts != budget:
                    b, f, o = _short(budget_field.label), _short(fiscal_field.label), _short(other_field.label)
                    self.add("budget-split",
                             f"{b}{format_amount(budget)}不等于{f}与{o}之和{format_amount(parts)}",
                             f"{b} = {f} + {o}", Location(d, p, field=budget_field.key))
        for kind, key in shape.order:
            if kind == "plan" and shape.plan is not None:
                self.plan(d, p, item, shape.plan)
            elif kind == "list":
                self.list_rows(Location(d, p), shape.list(key), _owner_rows(item, key), item)
            elif kind == "indicators":
                table = shape.table(key)
                assert table is not None
                self.table(table, _owner_rows(item, key), Location(d, p, table=key), budget)

    def project_name(self, d: int, p: int) -> str:
        """A project as the clerk finds it in the tree: 项目2「…」, with its department if several."""
        return _project_name(self.doc, self.shape, d, p)

    def plan(self, d: int, p: int, project: Project, shape: _Plan) -> None:
        points = getattr(project, "plan", None) or []
        if not points and shape.checkpoints:
            self.add("required", f"{shape.label}未填写", "按本表式的节点（" + "、".join(shape.checkpoints) + "）填写累计支出比例",
                     Location(d, p, table=shape.key))
            return
        previous: Decimal | None = None
        complete = True
        last_percent: Decimal | None = None
        for i, point in enumerate(points):
            where = Location(d, p, table=shape.key, row=i, field="percent")
            percent = self.amount(point.percent, where)
            if percent is None:
                if _blank(point.percent):
                    self.add("required", f"{shape.label}“{point.label}”未填写", "填写截至该节点的累计支出比例", where)
                complete = False
                continue
            if not _ZERO <= percent <= _HUNDRED:
                self.add("plan-range", f"{shape.label}“{point.label}”为{format_amount(percent)}%，"
                         "应在0到100之间", "填写累计支出百分比", where)
            if previous is not None and percent < previous:
                self.add("plan-order", f"{shape.label}“{point.label}”为{format_amount(percent)}%，"
                         f"小于上一节点的{format_amount(previous)}%", "支出计划是累计比例，不能减少", where)
            previous = last_percent = percent
        if complete and points and previous != _HUNDRED:
            last = points[-1]
            self.add("plan-end", f"{shape.label}最后一个节点“{last.label}”为{format_amount(last_percent)}%，应为100%",
                     "年底前应支出全部预算",
                     Location(d, p, table=shape.key, row=len(points) - 1, field="percent"))

    # ------------------------------------------------------------ indicator tables

    def table(self, table: _Table, rows: list[Any], where: Location, budget: Decimal | None) -> None:
        add = self.add
        year = self.doc.year
        unit = self.doc.unit
        vocabulary = table.vocabulary
        marker = self.settings.satisfaction_marker
        floor = self.settings.satisfaction_floor
        vague = self.vague.search
        not_applicable = self.settings.not_applicable_prefixes
        placeholders = self.shape.placeholders
        na_level3, na_target = self.shape.na_level3, self.shape.na_target
        role = table.role
        c1, c2, c3 = role("level1"), role("level2"), role("level3")
        k1, k2, k3 = (c.key if c else "" for c in (c1, c2, c3))
        ct, cc, cn, cu = role("target"), role("comparator"), role("number"), role("unit")
        cw = role("weight")
        # the target's column: one string, or comparator | number | unit
        target_col = ct or cn
        # columns only checked for ``required`` (besides the ones the rules below know)
        plain = tuple(c for c in table.columns
                      if c.required and c.role not in ("level1", "level2", "level3", "target", "number"))
        soft = tuple((c, rule, hint) for c, rule, hint in (
            (role("description"), "description-missing", "说明该指标衡量什么"),
            (role("basis"), "basis-missing", "写明依据，如文件、标准或历史数据"),
        ) if c is not None and not c.required)
        history = tuple((c, _render(c.label, year)) for c in table.history if not c.required)
        cost1, cost2 = table.cost_level1, table.cost_level2
        direct = not table.history    # a model row's attributes are its columns (no prior-year list to expand)
        declared = set(table.by_key) | {CARRIED}  # type: ignore[attr-defined]
        seen: dict[str, int] = {}
        dept, project, key = where.dept, where.project, where.table
        at = len(self.problems)
        empty = 0
        counted: list[dict[str, Any]] = []       # rows that can satisfy a required kind
        weights: list[tuple[int, dict[str, Any], Decimal]] = []
        for r, raw in enumerate(rows):
            ind = raw if isinstance(raw, dict) else vars(raw) if direct else _row_dict(raw)
            if ind is raw and not ind.keys() <= declared:
                self.extra_rows(declared, ind, Location(dept, project, key, r))
            level1 = ind.get(k1, "") if k1 else ""
            level2 = ind.get(k2, "") if k2 else ""
            level3 = ind.get(k3, "") if k3 else ""
            if level1.__class__ is not str or level2.__class__ is not str or level3.__class__ is not str:
                level1, level2, level3 = _text(level1), _text(level2), _text(level3)
            level3 = level3.strip()
            if ct is not None:
                target = ind.get(ct.key, "")
                target = (target if target.__class__ is str else _text(target)).strip()
            elif cn is not None:
                target = "".join(_text(ind.get(c.key)).strip() for c in (cc, cn, cu) if c is not None)
            else:
                target = ""
            if not (level3 or target or level1.strip() or level2.strip()) and not has_content(ind):
                add("empty-row", f"第{r + 1}行是空行", "删除此行或填写指标", Location(dept, project, key, r))
                empty += 1
                continue
            applicable = not (na_level3 and level3 in na_level3 and (target in na_target or not target_col))
            if c1 is not None:
                if not level1:
                    if c1.required and applicable:
                        add("required", f"“{c1.label}”未填写", f"从列表中选择{c1.label}",
                            Location(dept, project, key, r, k1))
                elif vocabulary and level1 not in vocabulary:
                    add("level1-vocabulary", f"{c1.label}“{level1}”不在本表式的指标体系中",
                        f"{c1.label}可选：" + "、".join(table.vocabulary_order), Location(dept, project, key, r, k1))
            if c2 is not None:
                if not level2:
                    if c2.required and applicable:
                        add("required", f"“{c2.label}”未填写", f"从列表中选择{c2.label}",
                            Location(dept, project, key, r, k2))
                elif vocabulary and c1 is not None and level1 in vocabulary and level2 not in vocabulary[level1]:
                    home = table.homes.get(level2)
                    l1 = c1.label
                    message = (f"{c2.label}“{level2}”属于{l1}“{home}”，不属于“{level1}”" if home
                               else f"{c2.label}“{level2}”不在“{level1}”之下")
                    add("level2-vocabulary", message, f"“{level1}”下可选：" + "、".join(sorted(vocabulary[level1])),
                        Location(dept, project, key, r, k2))
            if c3 is not None:
                if not level3:
                    if c3.required:
                        add("required", f"“{c3.label}”未填写", "填写指标名称", Location(dept, project, key, r, k3))
                else:
                    first = seen.setdefault(level3, r)
                    if first != r and applicable:
                        add("duplicate-level3", f"{c3.label}“{level3}”与第{first + 1}行重复", "合并或改名",
                            Location(dept, project, key, r, k3))
                    for mark in placeholders:
                        if mark in level3:
                            add("placeholder", f"“{c3.label}”中有“{mark}”：这是表样留给填写的位置，请换成实际的数值",
                                f"把“{mark}”换成实际的数值", Location(dept, project, key, r, k3))
                            break
            if cw is not None:
                raw_weight = _text(ind.get(cw.key)).strip()
                if raw_weight:
                    try:
                        weight = parse_amount(raw_weight)
                    except ValueError as error:
                        add("weight-sum", f"“{cw.label}”{error}", f"{cw.label}填写数字",
                            Location(dept, project, key, r, cw.key))
                    else:
                        if weight is not None:
                            weights.append((r, ind, weight))
            if not applicable:
                continue
            counted.append(ind)
            for c in plain:
                v = ind.get(c.key)
                if not v or (v.__class__ is str and not v.strip()):
                    add("required", f"“{_render(c.label, year)}”未填写", f"填写{_render(c.label, year)}",
                        Location(dept, project, key, r, c.key))
            for c, rule, hint in soft:
                v = ind.get(c.key)
                if not v or (v.__class__ is str and not v.strip()):
                    add(rule, f"“{c.label}”未填写", hint, Location(dept, project, key, r, c.key))
            for c, label in history:
                v = ind.get(c.key)
                if not v or (v.__class__ is str and not v.strip()):
                    add("prior-missing", f"“{label}”未填写", "填写该年的实际值；没有时填“无”",
                        Location(dept, project, key, r, c.key))
            if target_col is None:
                continue
            tk = target_col.key
            if cn is not None and ct is None:
                value = self.split_target(table, ind, Location(dept, project, key, r))
                if value is None:
                    continue
            else:
                if not target:
                    if target_col.required:
                        add("required", f"“{target_col.label}”未填写", "填写可衡量的目标值",
                            Location(dept, project, key, r, tk))
                    continue
                value = parse_target(target)
            for mark in placeholders:
                if mark in target:
                    add("placeholder", f"“{target_col.label}”中有“{mark}”：这是表样留给填写的位置，请换成实际的数值",
                        f"把“{mark}”换成实际的数值", Location(dept, project, key, r, tk))
                    break
            satisfaction = marker in level3 or marker in level2 or marker in level1
            if value.number is not None:
                if value.comparator in ("≥", ">") and value.number == _ZERO:
                    add("cannot-fail", f"{target_col.label}“{target}”不可能达不到，起不到考核作用",
                        "填写实际要达到的数量或比例", Location(dept, project, key, r, tk))
                elif value.unit == "%" and value.number > _HUNDRED:
                    add("percent-over-100", f"{target_col.label}“{target}”超过100%", "核对比例",
                        Location(dept, project, key, r, tk))
                if satisfaction and value.unit in ("%", "") and value.number < floor \
                        and value.comparator not in ("≤", "<"):
                    add("satisfaction-floor", f"满意度目标{format_amount(value.number)}%低于{format_amount(floor)}%",
                        f"满意度目标一般不低于{format_amount(floor)}%", Location(dept, project, key, r, tk))
                if budget is not None and (level2 in cost2 or level1 in cost1) and value.unit in ("万元", "元"):
                    amount = value.number if value.unit == unit else (
                        value.number / _WAN if value.unit == "元" else value.number * _WAN)
                    if amount > budget:
                        add("cost-over-budget",
                            f"成本指标“{target}”超过项目预算{format_amount(budget)}{unit}",
                            "成本目标不应超过预算数", Location(dept, project, key, r, tk))
            elif target.startswith(not_applicable):
                pass  # 无直接经济效益: the clerk states that the indicator does not apply
            elif satisfaction:
                add("satisfaction-number", f"满意度{target_col.label}“{target}”没有具体数值",
                    f"填写可衡量的比例，如“≥90%”（不低于{format_amount(floor)}%）",
                    Location(dept, project, key, r, tk))
            else:
                word = vague(target)
                if word:
                    contains = "" if word.group() == target.strip() else f"含“{word.group()}”，"
                    add("vague", f"{target_col.label}“{target}”{contains}表述模糊、无法衡量",
                        "改为具体的数量、比例或可核实的结果", Location(dept, project, key, r, tk))
                elif target == level3:
                    add("target-is-name", f"{target_col.label}与{c3.label if c3 else ''}相同（“{target}”），没有给出目标",
                        "填写该指标要达到的值", Location(dept, project, key, r, tk))
        if empty == len(rows):
            if not table.required:
                return
            self.problems.insert(at, Problem("required", self.settings.severity_of("required"),
                                             f"“{table.label}”还没有指标", "添加绩效指标", where))
            return
        for label, names1, names2 in table.requirements:
            if not any(_text(ind.get(k1)) in names1 or _text(ind.get(k2)) in names2 for ind in counted):
                add("indicator-kinds", f"“{table.label}”缺少{label}", f"添加至少一条{label}", where)
        if cw is not None:
            self.weights(table, cw, weights, k1, k3, where)

    def split_target(self, table: _Table, ind: dict[str, Any], at: Location) -> TargetValue | None:
        """comparator | number | unit read as one target; None when the number is missing or no number."""
        cc, cn, cu = table.role("comparator"), table.role("number"), table.role("unit")
        assert cn is not None
        comparator = _text(ind.get(cc.key)).strip() if cc is not None else ""
        number = _text(ind.get(cn.key)).strip()
        unit = _text(ind.get(cu.key)).strip() if cu is not None else ""
        if cc is not None and comparator and cc.choices and comparator not in cc.choices:
            self.add("split-target", f"{cc.label}“{comparator}”不是可选的符号", f"{cc.label}可选：" + "、".join(cc.choices),
                     dataclasses.replace(at, field=cc.key))
            return None
        if not number:
            if cn.required:
                self.add("required", f"“{cn.label}”未填写", "填写可衡量的目标值", dataclasses.replace(at, field=cn.key))
            return None
        value = parse_target(f"{comparator}{number}{unit}")
        if value.number is None or value.prefix:
            if not (cc is None and cu is None):   # comparator and unit have their own columns
                self.add("split-target", f"{cn.label}“{number}”不是数字",
                         f"{cn.label}只填数字，符号和单位填在各自的列中", dataclasses.replace(at, field=cn.key))
                return None
        if cu is not None and cu.required and not unit:
            self.add("required", f"“{cu.label}”未填写", f"填写{cu.label}，如“%”“个”“万元”",
                     dataclasses.replace(at, field=cu.key))
        return value

    def weights(self, table: _Table, cw: _Col, weights: list[tuple[int, dict[str, Any], Decimal]],
                k1: str, k3: str, where: Location) -> None:
        if table.weight_total is not None and weights:
            expected = table.weight_total + sum(table.weight_plus.values(), _ZERO)
            added = sum((w for _, _, w in weights), _ZERO)
            if added != expected:
                self.add("weight-sum", f"“{table.label}”的{cw.label}之和为{format_amount(added)}，应为{format_amount(expected)}",
                         f"核对各行{cw.label}", where)
            for r, ind, w in weights:
                fixed = table.weight_plus.get(_text(ind.get(k3)).strip())
                if fixed is not None and w != fixed:
                    self.add("weight-sum", f"“{_text(ind.get(k3)).strip()}”的{cw.label}应为{format_amount(fixed)}，"
                             f"填写为{format_amount(w)}", f"核对{cw.label}", Location(where.dept, where.project, where.table, r, cw.key))
        for level1, (low, high) in table.level1_scores.items():
            rows = [(r, w) for r, ind, w in weights if _text(ind.get(k1)) == level1]
            if not rows:
                continue
            added = sum((w for _, w in rows), _ZERO)
            if not low <= added <= high:
                self.add("score-range", f"“{level1}”各行{cw.label}之和为{format_amount(added)}，"
                         f"应在{format_amount(low)}到{format_amount(high)}之间", f"核对“{level1}”各行{cw.label}", where)


@contextmanager
def _collector_waits() -> Iterator[None]:
    """The cycle collector waits while a check makes its problems (thousands of objects, no
    cycle among them; collecting meanwhile costs a sixth of a check of 20,000 problems)."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()


def _has_marks(doc: Document) -> bool:
    """Whether ``doc`` holds any mark of a carried value (``CARRIED`` in a department's values or
    in a row of a list): the only places ``nextyear.carried_problems`` finds its 提示 in."""
    for dept in doc.departments:
        if CARRIED in dept.values:
            return True
        for part in (dept, *dept.projects):
            for rows in part.lists.values():
                if any(CARRIED in row for row in rows):
                    return True
    return False


def _carried(doc: Document, settings: RuleSettings) -> list[Problem]:
    """The 提示 of values carried into next year that the clerk has not yet confirmed. A document
    without marks (any but the first days of a next year's) needs no look at them: the next-year
    module is then not even loaded, which spares a millisecond of the editor's start."""
    if not _has_marks(doc):
        return []
    from desktop.nextyear import carried_problems  # imported here: nextyear imports this module
    return carried_problems(doc, settings)


def check(doc: Document, settings: RuleSettings | None = None) -> list[Problem]:
    """Every problem in ``doc``, in document order (the carried values' 提示 last)."""
    checker = _Checker(doc, settings or load_settings())
    with _collector_waits():
        for d, dept in enumerate(doc.departments):
            checker.department(d, dept)
    checker.problems.extend(_carried(doc, checker.settings))
    return checker.problems


def _frozen(values: dict[str, Any]) -> tuple[dict[str, Any], tuple[Any, ...]]:
    """A mapping's content as a copy that equals another (``_same_values``) only for the same
    texts and the same amounts written the same way (Decimal("1.0") == Decimal("1.00"), but a
    message quotes them differently)."""
    return dict(values), tuple((k, _written(v)) for k, v in values.items() if v.__class__ is not str)


def _written(value: Any) -> tuple[Any, ...]:
    """A value that is no text by its type and its written forms (an amount typed with its unit
    keeps that text too: ``values.TypedAmount``)."""
    return value.__class__, str(value), getattr(value, "typed", None)


def _same_values(values: dict[str, Any], copy: tuple[dict[str, Any], tuple[Any, ...]]) -> bool:
    texts, others = copy
    return values == texts and all(_written(values[k]) == written for k, written in others)


def _plan_copy(item: Project) -> tuple[Any, ...]:
    return tuple((point.label, _written(point.percent)) for point in item.plan)


class _Memory:
    """For each project, a copy of its content when it was last checked and the problems found.

    Rows that hold texts only (as rows do) are copied as dicts and compared as dicts, in C;
    values that are not texts are compared by their type and their written form."""

    def __init__(self, context: tuple[Any, ...]) -> None:
        self.context = context
        self.projects: dict[tuple[int, int], tuple[tuple[Any, ...], list[Problem]]] = {}

    @staticmethod
    def _copy(item: Project) -> tuple[Any, ...] | None:
        """None for a project holding a row that is no mapping (it is then checked every time)."""
        lists: dict[str, tuple[bool, list[Any]]] = {}
        for key, rows in item.lists.items():
            if not all(isinstance(row, dict) for row in rows):
                return None
            try:
                "".join(chain.from_iterable(map(dict.values, rows)))      # TypeError: not only texts
            except TypeError:
                lists[key] = (False, [_frozen(row) for row in rows])
            else:
                lists[key] = (True, [dict(row) for row in rows])
        return (_frozen(item.values), lists, {k: _frozen(v) for k, v in item.totals.items()}, _plan_copy(item))

    @staticmethod
    def _same(item: Project, copy: tuple[Any, ...]) -> bool:
        values, lists, totals, plan = copy
        if not _same_values(item.values, values) or item.lists.keys() != lists.keys():
            return False
        for key, rows in item.lists.items():
            texts, copied = lists[key]
            if len(rows) != len(copied):
                return False
            try:
                same = all(map(dict.__eq__, rows, copied)) if texts else all(map(_same_values, rows, copied))
            except (TypeError, AttributeError):     # a row that is no longer a mapping
                return False
            if not same:
                return False
        return (item.totals.keys() == totals.keys()
                and all(_same_values(v, totals[k]) for k, v in item.totals.items()) and _plan_copy(item) == plan)

    def recall(self, d: int, p: int, item: Project) -> list[Problem] | None:
        found = self.projects.get((d, p))
        return found[1] if found is not None and self._same(item, found[0]) else None

    def keep(self, d: int, p: int, item: Project, problems: list[Problem]) -> None:
        copy = self._copy(item)
        if copy is None:
            self.projects.pop((d, p), None)
        else:
            self.projects[(d, p)] = (copy, problems)


class Checker:
    """``check`` of one document again and again as it is edited: a project whose content is
    the same as at the last check keeps the problems found then (the same objects), so that one
    edit re-checks one project. The result is always exactly ``check``'s (tests/test_rules_incremental.py).

    After ``check``, ``kept`` holds the lists of problems taken as they were, each one project's
    (all at that project's place), and ``fresh`` every other problem, both in document order."""

    def __init__(self) -> None:
        self._memory: _Memory | None = None
        self.kept: list[list[Problem]] = []
        self.fresh: list[Problem] = []

    def check(self, doc: Document, settings: RuleSettings | None = None) -> list[Problem]:
        checker = _Checker(doc, settings or load_settings())
        context = (doc.family, id(checker.shape), doc.year, doc.unit, checker.settings)
        if self._memory is None or self._memory.context != context:
            self._memory = _Memory(context)
        checker.memory = self._memory
        with _collector_waits():
            for d, dept in enumerate(doc.departments):
                checker.department(d, dept)
        checker.problems.extend(_carried(doc, checker.settings))
        places = {(d, p) for d, dept in enumerate(doc.departments) for p in range(len(dept.projects))}
        for gone in self._memory.projects.keys() - places:
            del self._memory.projects[gone]
        problems = checker.problems
        self.kept = [kept for _, kept in checker.kept]
        self.fresh, start = [], 0
        for at, kept in checker.kept:
            self.fresh += problems[start:at]
            start = at + len(kept)
        self.fresh += problems[start:]
        return problems


def counts(problems: Iterable[Problem]) -> dict[Severity, int]:
    result = dict.fromkeys(Severity, 0)
    for problem in problems:
        result[problem.severity] += 1
    return result


# ---------------------------------------------------------------- describing locations

def _numbered(label: str, row: int | None, unit: str) -> str:
    return label + (f"第{row + 1}{unit}" if row is not None else "")


def _project_name(doc: Document, shape: _Shape, d: int, p: int) -> str:
    name_field = shape.project.by_role("name") if shape.project is not None else None
    project = doc.departments[d].projects[p]
    name = _text(_owner_value(project, name_field.key)).strip() if name_field is not None else ""
    where = f"部门{d + 1}的" if len(doc.departments) > 1 else ""
    return f"{where}项目{p + 1}「{name}」" if name else f"{where}项目{p + 1}"


def _in_owner(doc: Document, owner: _Owner, loc: Location, points: list[Any]) -> list[str]:
    """The part of a location inside one owner (department or project)."""
    if owner.plan is not None and loc.table == owner.plan.key:
        label = ""
        if loc.row is not None and 0 <= loc.row < len(points):
            label = _text(points[loc.row].label).strip()
        return [f"{owner.plan.label} › {label}" if label else owner.plan.label]
    table = owner.table(loc.table)
    if table is not None:
        parts = [_numbered(table.label, loc.row, "行")]
        if loc.field:
            column = table.by_key.get(loc.field)  # type: ignore[attr-defined]
            parts.append(_render(column.label, doc.year) if column is not None else UNKNOWN)
        return parts
    listed = owner.list(loc.table)
    if listed is not None:
        parts = [_numbered(listed.label, loc.row, "项")]
        if loc.field:
            column = next((c for c in listed.columns if c.key == loc.field), None)
            parts.append(column.label if column is not None else UNKNOWN)
        if loc.column == "total" and loc.row is None:
            parts.append(listed.total_label or UNKNOWN)
        return parts
    money = owner.money
    if money is not None and loc.table == "money":
        parts = [money.label]
        if loc.field:
            parts.append(money.line_label(loc.field) or UNKNOWN)
        if loc.column:
            labels = money.column_labels
            if loc.column in ("amount", "share"):
                parts.append(labels.get(loc.column, UNKNOWN))
            elif loc.column.startswith("prior") and loc.column[5:].isdigit() \
                    and int(loc.column[5:]) < money.prior_years:
                year = doc.year - money.prior_years + int(loc.column[5:])
                parts.append(_render(labels.get("prior", "{year}年"), year))
            else:
                parts.append(UNKNOWN)
        return parts
    if loc.table is not None:
        return [UNKNOWN]
    if loc.field:
        f = owner.field(loc.field)
        return [f.label if f is not None else UNKNOWN]
    return []


def describe_location(doc: Document, loc: Location) -> str:
    """A Chinese path to the place in the form's own words, e.g.
    ``项目3「劳务派遣人员工资」 › 绩效指标第2行 › 指标值``. Never an internal key, and never an
    error for a place that has just gone (a problem listed before the re-check)."""
    shape = _shape_of(family(doc.family))
    parts: list[str] = []
    dept = doc.departments[loc.dept] if 0 <= loc.dept < len(doc.departments) else None
    if len(doc.departments) > 1:
        name_field = shape.department.by_role("unit_name")
        unit = _text(_owner_value(dept, name_field.key)).strip() if dept is not None and name_field else ""
        parts.append(f"部门{loc.dept + 1}「{unit}」" if unit else f"部门{loc.dept + 1}")
    if loc.project is not None:
        projects = dept.projects if dept is not None else []
        project = projects[loc.project] if 0 <= loc.project < len(projects) else None
        if project is not None and dept is not None:
            parts.append(_project_name(doc, shape, loc.dept, loc.project).removeprefix(
                f"部门{loc.dept + 1}的"))
        else:
            parts.append(f"项目{loc.project + 1}")
        if shape.project is not None:
            parts += _in_owner(doc, shape.project, loc, getattr(project, "plan", None) or [])
        elif loc.table is not None or loc.field:
            parts.append(UNKNOWN)
        return " › ".join(parts)
    if loc.table == "projects":
        label = shape.project.label if shape.project is not None else "项目"
        parts.append(_numbered(label, loc.row, "项"))
    else:
        parts += _in_owner(doc, shape.department, loc, [])
    return " › ".join(parts) or "部门"
