"""The rule checker: every problem in a document, with the numbers and where it is.

Thresholds, word lists and severity overrides come from ``resources/rules.json``; what a
family requires (fields, sections, columns, vocabulary) comes from its definition. A full
check of 10,000 indicators must stay well under 50 ms, so the per-indicator loop is flat,
target parsing is cached, and family look-ups are prepared once per family.
"""

from __future__ import annotations

import dataclasses
import enum
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache
from typing import Any

from desktop.families import UNKNOWN, MoneyDef, TableDef, family
from desktop.model import PRIOR_COUNT, Department, Document, Indicator, Project
from desktop.resources import resource
from desktop.values import format_amount, parse_target


class Severity(enum.Enum):
    ERROR = "错误"
    WARNING = "警告"
    INFO = "提示"


@dataclass(frozen=True, slots=True)
class Location:
    """Where a problem is, precise enough for the editor to select the field or cell.

    See ``describe_location`` for how each combination reads; ``column`` is used by money
    tables only (``amount``, ``share``, ``prior0``, ``prior1``).
    """

    dept: int
    project: int | None = None
    table: str | None = None
    row: int | None = None
    field: str | None = None
    column: str | None = None


@dataclass(frozen=True, slots=True)
class Problem:
    rule: str
    severity: Severity
    message: str
    hint: str
    location: Location


# Every rule with its default severity; rules.json may override a severity by rule id.
RULES: dict[str, Severity] = {
    "required": Severity.ERROR,
    "duplicate-code": Severity.ERROR,
    "budget-split": Severity.ERROR,
    "money-sum": Severity.ERROR,
    "money-share": Severity.WARNING,
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
    "satisfaction-number": Severity.WARNING,
    "satisfaction-floor": Severity.WARNING,
    "vague": Severity.WARNING,
    "target-is-name": Severity.WARNING,
    "basis-missing": Severity.WARNING,
    "prior-missing": Severity.WARNING,
    "description-missing": Severity.INFO,
}


@dataclass(frozen=True)
class RuleSettings:
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


@cache
def _vocabulary(family_id: str) -> dict[str, frozenset[str]]:
    return {k: frozenset(v) for k, v in family(family_id).vocabulary.items()}


@cache
def _home_of_level2(family_id: str) -> dict[str, str]:
    """二级 → the first 一级 it belongs to, to say where a misplaced 二级 belongs."""
    homes: dict[str, str] = {}
    for level1, names in family(family_id).vocabulary.items():
        for name in names:
            homes.setdefault(name, level1)
    return homes


def _has_content(row: Any) -> bool:
    """Whether a list row (a dataclass of text fields) holds anything but blanks."""
    return any(str(getattr(row, f.name)).strip() for f in dataclasses.fields(row))


_HUNDRED = Decimal(100)
_ZERO = Decimal(0)


class _Checker:
    """One run over one document; collects problems in document order."""

    def __init__(self, doc: Document, settings: RuleSettings) -> None:
        self.doc = doc
        self.fam = family(doc.family)
        self.settings = settings
        self.problems: list[Problem] = []
        self.vague = _vague_pattern(settings.vague_words)
        self.codes: dict[str, tuple[int, int]] = {}   # project code → where it first appears

    def add(self, rule: str, message: str, hint: str, location: Location) -> None:
        self.problems.append(Problem(rule, self.settings.severity_of(rule), message, hint, location))

    # ------------------------------------------------------------ department

    def department(self, d: int, dept: Department) -> None:
        fam = self.fam
        for f in fam.department_fields:
            if f.required and not getattr(dept, f.key).strip():
                self.add("required", f"“{f.label}”未填写", f"填写{f.label}", Location(d, field=f.key))
        for section in fam.sections:
            if section.kind in ("text", "line"):
                if section.required and not dept.texts.get(section.key, "").strip():
                    self.add("required", f"“{section.label}”未填写", f"填写{section.label}",
                             Location(d, field=section.key))
            elif section.kind in ("sub_goals", "measures", "work_plan"):
                self.list_rows(d, section.kind, section.label, section.required, getattr(dept, section.kind))
        if fam.money is not None:
            self.money(d, dept, fam.money)
        for table in fam.department_tables:
            self.table(table, dept.tables.get(table.key, []), Location(d, table=table.key), None)
        if fam.has_projects:
            if fam.projects_required and not dept.projects:
                self.add("required", f"“{fam.project_label}”至少需要一项", f"添加{fam.project_label}",
                         Location(d, table="projects"))
            self.special_funds(d, dept, fam.money)
            for p, project in enumerate(dept.projects):
                self.project(d, p, project)

    def list_rows(self, d: int, key: str, label: str, required: bool, rows: list[Any]) -> None:
        """A department list (分项绩效目标, 工作保障措施…): empty rows are warned and do not count."""
        at = len(self.problems)
        filled = 0
        for r, row in enumerate(rows):
            if _has_content(row):
                filled += 1
            else:
                self.add("empty-row", f"第{r + 1}项是空的", "删除此项或填写内容", Location(d, table=key, row=r))
        if required and not filled:
            hint = f"填写空的一项或添加{label}" if rows else f"添加{label}"
            self.problems.insert(at, Problem("required", self.settings.severity_of("required"),
                                             f"“{label}”至少需要一项", hint, Location(d, table=key)))

    def money(self, d: int, dept: Department, money: MoneyDef) -> None:
        years = [("amount", f"{self.doc.year}年")]
        years += [(f"prior{i}", f"{self.doc.year - money.prior_years + i}年") for i in range(money.prior_years)]

        def value(key: str, column: str) -> Decimal | None:
            line = dept.money.get(key)
            if line is None:
                return None
            return line.amount if column == "amount" else line.prior[int(column[-1])]

        asked: set[str] = set()     # groups may share a total (Hunan): ask for it once
        for group in money.groups:
            total_label = money.label(group.total)
            for column, year in years:
                members = [value(k, column) for k in group.members]
                total = value(group.total, column)
                if total is None and all(v is None for v in members):
                    if column == "amount" and group.total not in asked:
                        asked.add(group.total)
                        shared = sum(g.total == group.total for g in money.groups) > 1
                        whose = "" if shared else f"{group.label}的"
                        self.add("required", f"{whose}{total_label}未填写", "填写当年金额",
                                 Location(d, table="money", field=group.total, column=column))
                    continue
                added = sum((v for v in members if v is not None), _ZERO)
                if total is None or added != total:
                    prefix = year if money.prior_years else ""
                    shown = "未填写" if total is None else f"填写为{format_amount(total)}"
                    self.add("money-sum",
                             f"{prefix}{group.label}各项之和为{format_amount(added)}，{total_label}{shown}",
                             f"核对{group.label}各行金额与{total_label}",
                             Location(d, table="money", field=group.total, column=column))
            if money.shares:
                self.shares(d, dept, group.members, group.total, group.label)

    def shares(self, d: int, dept: Department, members: tuple[str, ...], total_key: str, label: str) -> None:
        total_line = dept.money.get(total_key)
        if total_line is None or not total_line.amount:
            return
        tolerance = self.settings.share_tolerance
        typed_sum = _ZERO
        any_typed = False
        for key in (*members, total_key):
            line = dept.money.get(key)
            if line is None or line.share is None:
                continue
            computed = (line.amount or _ZERO) * _HUNDRED / total_line.amount
            if abs(computed - line.share) > tolerance:
                self.add("money-share",
                         f"占比应为{computed.quantize(Decimal('0.01'))}%，填写为{format_amount(line.share)}%",
                         "占比 = 本行当年金额 ÷ 合计", Location(d, table="money", field=key, column="share"))
            if key != total_key:
                typed_sum += line.share
                any_typed = True
        if any_typed and abs(typed_sum - _HUNDRED) > tolerance * len(members):
            self.add("share-sum", f"{label}各项占比之和为{format_amount(typed_sum)}%，应为100%",
                     "核对各行占比", Location(d, table="money", field=total_key, column="share"))

    def special_funds(self, d: int, dept: Department, money: MoneyDef | None) -> None:
        budgets = sum((p.budget for p in dept.projects if p.budget is not None), _ZERO)
        if self.fam.special_fund_label and dept.projects:
            if dept.special_total is None:
                self.add("required", "专项资金合计未填写", "填写专项资金合计", Location(d, field="special_total"))
            elif budgets != dept.special_total:
                self.add("special-sum",
                         f"各子项金额之和为{format_amount(budgets)}，合计填写为{format_amount(dept.special_total)}",
                         "核对各子项金额与合计", Location(d, field="special_total"))
        if money is not None and money.project_spending and dept.projects:
            line = dept.money.get(money.project_spending)
            if line is not None and line.amount is not None and budgets > line.amount:
                self.add("project-spending",
                         f"项目预算合计{format_amount(budgets)}超过部门{money.label(money.project_spending)}"
                         f"{format_amount(line.amount)}",
                         "核对各项目预算数与部门项目支出",
                         Location(d, table="money", field=money.project_spending, column="amount"))

    # ------------------------------------------------------------ project

    def project(self, d: int, p: int, project: Project) -> None:
        fam = self.fam
        code_field = fam.project_field("code")
        code = project.code.strip()
        if code_field is not None and code:
            first = self.codes.setdefault(code, (d, p))
            if first != (d, p):
                self.add("duplicate-code", f"{code_field.label}“{code}”与{self.project_name(*first)}重复",
                         f"每个项目的{code_field.label}应唯一；复制来的项目请填写它自己的{code_field.label}",
                         Location(d, p, field="code"))
        for f in fam.project_fields:
            if not f.required:
                continue
            value = getattr(project, f.key)
            if value is None or (isinstance(value, str) and not value.strip()):
                self.add("required", f"“{f.label}”未填写", f"填写{f.label}", Location(d, p, field=f.key))
        if fam.project_field("fiscal") and (project.fiscal is not None or project.other is not None):
            parts = (project.fiscal or _ZERO) + (project.other or _ZERO)
            if project.budget is not None and parts != project.budget:
                self.add("budget-split",
                         f"预算数{format_amount(project.budget)}不等于财政资金与其他资金之和{format_amount(parts)}",
                         "预算数 = 财政资金 + 其他资金", Location(d, p, field="budget"))
        self.plan(d, p, project)
        assert fam.project_table is not None
        self.table(fam.project_table, project.indicators, Location(d, p, table="indicators"), project.budget)

    def project_name(self, d: int, p: int) -> str:
        """A project as the clerk finds it in the tree: 项目2「…」, with its department if several."""
        name = self.doc.departments[d].projects[p].name.strip()
        where = f"部门{d + 1}的" if len(self.doc.departments) > 1 else ""
        return f"{where}项目{p + 1}「{name}」" if name else f"{where}项目{p + 1}"

    def plan(self, d: int, p: int, project: Project) -> None:
        if not project.plan and self.fam.checkpoints:
            self.add("required", "资金支出计划未填写", "按本表式的节点（" + "、".join(self.fam.checkpoints) + "）填写累计支出比例",
                     Location(d, p, table="plan"))
            return
        previous: Decimal | None = None
        complete = True
        for i, point in enumerate(project.plan):
            where = Location(d, p, table="plan", row=i, field="percent")
            if point.percent is None:
                self.add("required", f"资金支出计划“{point.label}”未填写", "填写截至该节点的累计支出比例", where)
                complete = False
                continue
            if not _ZERO <= point.percent <= _HUNDRED:
                self.add("plan-range", f"资金支出计划“{point.label}”为{format_amount(point.percent)}%，"
                         "应在0到100之间", "填写累计支出百分比", where)
            if previous is not None and point.percent < previous:
                self.add("plan-order", f"资金支出计划“{point.label}”为{format_amount(point.percent)}%，"
                         f"小于上一节点的{format_amount(previous)}%", "支出计划是累计比例，不能减少", where)
            previous = point.percent
        if complete and project.plan and previous != _HUNDRED:
            last = project.plan[-1]
            self.add("plan-end", f"资金支出计划最后一个节点“{last.label}”为{format_amount(last.percent)}%，应为100%",
                     "年底前应支出全部预算",
                     Location(d, p, table="plan", row=len(project.plan) - 1, field="percent"))

    # ------------------------------------------------------------ indicator tables

    def table(self, table: TableDef, rows: list[Indicator], where: Location, budget: Decimal | None) -> None:
        add = self.add
        fam_id = self.fam.id
        vocabulary = _vocabulary(fam_id)
        cost_level2 = self.fam.cost_level2
        marker = self.settings.satisfaction_marker
        floor = self.settings.satisfaction_floor
        vague = self.vague.search
        not_applicable = self.settings.not_applicable_prefixes
        has_basis = table.has("basis")
        has_prior = table.has("prior")
        has_description = table.has("description")
        seen: dict[str, int] = {}
        dept, project, key = where.dept, where.project, where.table
        at = len(self.problems)
        empty = 0
        for r, ind in enumerate(rows):
            level1, level2, level3, target = ind.level1, ind.level2, ind.level3.strip(), ind.target.strip()
            if not (level1.strip() or level2.strip() or level3 or target or ind.description.strip()
                    or ind.basis.strip() or ind.remark.strip() or ind.category.strip()
                    or any(v.strip() for v in ind.prior)):
                add("empty-row", f"第{r + 1}行是空行", "删除此行或填写指标", Location(dept, project, key, r))
                empty += 1
                continue
            if not level1:
                add("required", "一级指标未填写", "从列表中选择一级指标", Location(dept, project, key, r, "level1"))
            elif level1 not in vocabulary:
                add("level1-vocabulary", f"一级指标“{level1}”不在本表式的指标体系中",
                    "一级指标可选：" + "、".join(vocabulary), Location(dept, project, key, r, "level1"))
            if not level2:
                add("required", "二级指标未填写", "从列表中选择二级指标", Location(dept, project, key, r, "level2"))
            elif level1 in vocabulary and level2 not in vocabulary[level1]:
                home = _home_of_level2(fam_id).get(level2)
                message = (f"二级指标“{level2}”属于一级指标“{home}”，不属于“{level1}”" if home
                           else f"二级指标“{level2}”不在“{level1}”之下")
                add("level2-vocabulary", message, f"“{level1}”下可选：" + "、".join(sorted(vocabulary[level1])),
                    Location(dept, project, key, r, "level2"))
            if not level3:
                add("required", "三级指标未填写", "填写指标名称", Location(dept, project, key, r, "level3"))
            else:
                first = seen.setdefault(level3, r)
                if first != r:
                    add("duplicate-level3", f"三级指标“{level3}”与第{first + 1}行重复", "合并或改名",
                        Location(dept, project, key, r, "level3"))
            if has_description and not ind.description.strip():
                add("description-missing", "绩效指标描述未填写", "说明该指标衡量什么",
                    Location(dept, project, key, r, "description"))
            if has_basis and not ind.basis.strip():
                add("basis-missing", "指标值确定依据未填写", "写明依据，如文件、标准或历史数据",
                    Location(dept, project, key, r, "basis"))
            if has_prior:
                for i, value in enumerate(ind.prior):
                    if not value.strip():
                        year = self.doc.year - len(ind.prior) + i
                        add("prior-missing", f"{year}年指标值未填写", "填写该年的实际值；没有时填“无”",
                            Location(dept, project, key, r, f"prior{i}"))
            if not target:
                add("required", "指标值未填写", "填写可衡量的目标值", Location(dept, project, key, r, "target"))
                continue
            value = parse_target(target)
            satisfaction = marker in level3 or marker in level2 or marker in level1
            if value.number is not None:
                if value.comparator in ("≥", ">") and value.number == _ZERO:
                    add("cannot-fail", f"指标值“{target}”不可能达不到，起不到考核作用",
                        "填写实际要达到的数量或比例", Location(dept, project, key, r, "target"))
                elif value.unit == "%" and value.number > _HUNDRED:
                    add("percent-over-100", f"指标值“{target}”超过100%", "核对比例",
                        Location(dept, project, key, r, "target"))
                if satisfaction and value.unit in ("%", "") and value.number < floor \
                        and value.comparator not in ("≤", "<"):
                    add("satisfaction-floor", f"满意度目标{format_amount(value.number)}%低于{format_amount(floor)}%",
                        f"满意度目标一般不低于{format_amount(floor)}%", Location(dept, project, key, r, "target"))
                if budget is not None and level2 in cost_level2 and value.unit in ("万元", "元"):
                    amount = value.number if value.unit == "万元" else value.number / 10000
                    if amount > budget:
                        add("cost-over-budget",
                            f"成本指标“{target}”超过项目预算{format_amount(budget)}万元",
                            "成本目标不应超过预算数", Location(dept, project, key, r, "target"))
            elif target.startswith(not_applicable):
                pass  # 无直接经济效益: the clerk states that the indicator does not apply
            elif satisfaction:
                add("satisfaction-number", f"满意度指标值“{target}”没有具体数值",
                    f"填写可衡量的比例，如“≥90%”（不低于{format_amount(floor)}%）",
                    Location(dept, project, key, r, "target"))
            else:
                word = vague(target)
                if word:
                    add("vague", f"指标值“{target}”含“{word.group()}”，表述模糊、无法衡量",
                        "改为具体的数量、比例或可核实的结果", Location(dept, project, key, r, "target"))
                elif target == level3:
                    add("target-is-name", f"指标值与三级指标相同（“{target}”），没有给出目标",
                        "填写该指标要达到的值", Location(dept, project, key, r, "target"))
        if empty == len(rows):
            self.problems.insert(at, Problem("required", self.settings.severity_of("required"),
                                             f"“{table.label}”还没有指标", "添加绩效指标", where))
            return
        for requirement in table.required:
            if not any(ind.level1 in requirement.level1 or ind.level2 in requirement.level2 for ind in rows):
                add("indicator-kinds", f"“{table.label}”缺少{requirement.label}",
                    f"添加至少一条{requirement.label}", where)


def check(doc: Document, settings: RuleSettings | None = None) -> list[Problem]:
    """Every problem in ``doc``, in document order."""
    checker = _Checker(doc, settings or load_settings())
    for d, dept in enumerate(doc.departments):
        checker.department(d, dept)
    return checker.problems


def counts(problems: Iterable[Problem]) -> dict[Severity, int]:
    result = dict.fromkeys(Severity, 0)
    for problem in problems:
        result[problem.severity] += 1
    return result


# ---------------------------------------------------------------- describing locations

_LIST_LABELS = {
    "sub_goals": ("分项绩效目标", {"title": "标题", "goal": "绩效目标", "indicators": "绩效指标"}),
    "measures": ("工作保障措施", {"title": "标题", "text": "内容"}),
    "work_plan": ("年度重点工作计划", {"item": "事项", "unit": "责任单位/科室", "goal": "工作目标"}),
}
_INDICATOR_LABELS = {"level1": "一级指标", "level2": "二级指标", "level3": "三级指标", "description": "绩效指标描述",
                     "target": "指标值", "basis": "指标值确定依据", "remark": "备注", "category": "指标分类"}

_PLAN_LABEL = "资金支出计划"


def _numbered(label: str, row: int | None, unit: str) -> str:
    return label + (f"第{row + 1}{unit}" if row is not None else "")


def _field_label(doc: Document, table: TableDef | None, key: str) -> str:
    if key.startswith("prior") and key[5:].isdigit():
        return f"{doc.year - PRIOR_COUNT + int(key[5:])}年指标值"
    if table is not None:
        for column in table.columns:
            if column.key == key:
                return column.label
    return _INDICATOR_LABELS.get(key, UNKNOWN)


def describe_location(doc: Document, loc: Location) -> str:
    """A Chinese path to the place in the form's own words, e.g.
    ``项目3「劳务派遣人员工资」 › 绩效指标第2行 › 指标值``. Never an internal key, and never an
    error for a place that has just gone (a problem listed before the re-check)."""
    fam = family(doc.family)
    parts: list[str] = []
    dept = doc.departments[loc.dept] if 0 <= loc.dept < len(doc.departments) else None
    if len(doc.departments) > 1:
        unit = dept.unit_name.strip() if dept is not None else ""
        parts.append(f"部门{loc.dept + 1}「{unit}」" if unit else f"部门{loc.dept + 1}")
    if loc.project is not None:
        projects = dept.projects if dept is not None else []
        project = projects[loc.project] if 0 <= loc.project < len(projects) else None
        name = project.name.strip() if project is not None else ""
        parts.append(f"项目{loc.project + 1}「{name}」" if name else f"项目{loc.project + 1}")
        if loc.table == "plan":
            plan = project.plan if project is not None else []
            label = plan[loc.row].label.strip() if loc.row is not None and 0 <= loc.row < len(plan) else ""
            parts.append(f"{_PLAN_LABEL} › {label}" if label else _PLAN_LABEL)
        elif loc.table is not None:
            table = fam.project_table if loc.table == "indicators" else None
            parts.append(_numbered(table.label, loc.row, "行") if table is not None else UNKNOWN)
            if loc.field and table is not None:
                parts.append(_field_label(doc, table, loc.field))
        elif loc.field:
            f = fam.project_field(loc.field)
            parts.append(f.label if f else UNKNOWN)
        return " › ".join(parts)
    if loc.table == "money":
        section = fam.section("money")
        parts.append(section.label if section else "资金情况")
        if loc.field:
            parts.append(fam.money_line_label(loc.field) or UNKNOWN)
        if loc.column and fam.money is not None:
            columns = {"amount": "当年金额" if fam.money.prior_years else "金额", "share": "占比"}
            for i in range(fam.money.prior_years):
                columns[f"prior{i}"] = f"{doc.year - fam.money.prior_years + i}年"
            parts.append(columns.get(loc.column, UNKNOWN))
    elif loc.table == "projects":
        parts.append(_numbered(fam.project_label or "项目", loc.row, "项"))
    elif loc.table in _LIST_LABELS:
        label, fields = _LIST_LABELS[loc.table]
        section = fam.section(loc.table)
        parts.append(_numbered(section.label if section else label, loc.row, "项"))
        if loc.field:
            parts.append(fields.get(loc.field, UNKNOWN))
    elif loc.table is not None:
        table = next((t for t in fam.department_tables if t.key == loc.table), None)
        parts.append(_numbered(table.label, loc.row, "行") if table is not None else UNKNOWN)
        if loc.field and table is not None:
            parts.append(_field_label(doc, table, loc.field))
    elif loc.field == "special_total":
        parts.append(f"{fam.special_fund_label or '专项资金'} › 合计")
    elif loc.field:
        f = next((x for x in fam.department_fields if x.key == loc.field), None) or fam.section(loc.field)
        parts.append(f.label if f else UNKNOWN)
    return " › ".join(parts) or "部门"
