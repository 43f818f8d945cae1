"""审核 before sending (自评): a grade 优/良/中/差 per project and for the department, from
four sides (完整性, 相关性, 适当性, 可行性), with the reasons.

It is advice, read from ``resources/review/review.json``: which rules count for which side, how
much a problem costs, the grade bands, and the review's own rules (a goal sentence no indicator
measures, a 效益 row restating a 产出 row, no cost indicator or costs out of scale with the budget,
``>=`` written for ``≥``). The checker's problems and these rules' findings are graded alike;
``explanation(rule)`` tells a clerk why a rule matters and what a good value looks like.

Free of Qt.
"""

from __future__ import annotations

import html
import json
import re
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from typing import Any

from desktop import library
from desktop.families import Family, family
from desktop.model import Document
from desktop.resources import resource
from desktop.rules import Location, Problem, Severity, describe_location, load_settings
from desktop.text import shorten
from desktop.values import parse_amount, parse_target

_SEVERITY = {s.value: s for s in Severity}
_WAN = Decimal(10000)


@dataclass(frozen=True)
class Explanation:
    title: str
    why: str
    good: str


@cache
def _explanations() -> dict[str, Explanation]:
    raw = json.loads(resource("review", "explanations.json").read_text(encoding="utf-8"))
    return {k: Explanation(v["title"], v["why"], v["good"]) for k, v in raw["rules"].items()}


def explanation(rule: str) -> Explanation | None:
    return _explanations().get(rule)


@dataclass(frozen=True)
class Side:
    key: str
    label: str
    question: str
    rules: frozenset[str]


@dataclass(frozen=True)
class Config:
    sides: tuple[Side, ...]
    deduction: dict[Severity, int]
    rule_cap: int
    grades: tuple[tuple[str, int, int], ...]     # (grade, minimum score, minimum of each side), best first
    best_without: Severity                       # a part with such a problem is not graded best
    rules: dict[str, dict[str, Any]]             # the review's own rules and their parameters
    hint_pattern: str

    def side_of(self, rule: str) -> Side | None:
        return next((s for s in self.sides if rule in s.rules), None)

    def grade(self, score: float, lowest_side: float, has_worst: bool) -> str:
        names = [g for g, _, _ in self.grades]
        found = next((g for g, low, side in self.grades if score >= low and lowest_side >= side), names[-1])
        if has_worst and found == names[0] and len(names) > 1:
            found = names[1]
        return found


@cache
def config() -> Config:
    raw = json.loads(resource("review", "review.json").read_text(encoding="utf-8"))
    return Config(
        tuple(Side(s["key"], s["label"], s["question"], frozenset(s["rules"])) for s in raw["dimensions"]),
        {_SEVERITY[k]: int(v) for k, v in raw["deduction"].items()},
        int(raw["rule_cap"]),
        tuple((g["grade"], int(g["min"]), int(g.get("side_min", 0))) for g in raw["grades"]),
        _SEVERITY[raw["best_without"]],
        dict(raw["review_rules"]),
        raw["quick_fix"]["hint_pattern"],
    )


# ---------------------------------------------------------------- the review's own rules

_HAN = re.compile(r"[\u3400-\u9fff]")
_DIGIT = re.compile(r"[0-9０-９]")
_SENTENCE = re.compile(r"[。；;！!？?\n]|(?:^|\s)[（(]?[0-9一二三四五六七八九十]{1,2}[)）、.．]")


def _han(text: str) -> str:
    return "".join(c for c in text if _HAN.match(c))


def _grams(text: str, ignore: frozenset[str]) -> set[str]:
    han = _han(text)
    return {han[i:i + 2] for i in range(len(han) - 1)} - ignore


def _similar(a: str, b: str) -> float:
    ga, gb = _grams(a, frozenset()), _grams(b, frozenset())
    if not ga or not gb:
        return 1.0 if a.strip() == b.strip() and a.strip() else 0.0
    return len(ga & gb) / min(len(ga), len(gb))


def _severity(name: str) -> Severity:
    return _SEVERITY[config().rules[name]["severity"]]


def _problem(rule: str, message: str, hint: str, loc: Location) -> Problem:
    return Problem(rule, _severity(rule), message, hint, loc)


def _cell(table: Any, row: dict[str, Any], role: str) -> str:
    column = table.by_role(role)
    value = row.get(column.key) if column is not None else None
    return value.strip() if isinstance(value, str) else ""


def review_problems(doc: Document, problems: list[Problem] | None = None) -> list[Problem]:
    """The review's own findings (the checker's ``problems`` are graded beside them; a target
    the checker already found fault with is not found unmeasurable too)."""
    fam = family(doc.family)
    reported = {x.location for x in problems or ()}
    not_applicable = (*load_settings().not_applicable_prefixes, *fam.checks.not_applicable_target)
    cfg = config()
    kinds = library.kinds()
    found: list[Problem] = []
    goal_rule = cfg.rules["goal-uncovered"]
    ignore = frozenset(goal_rule.get("ignore", ()))
    replace = cfg.rules["notation"]["replace"]
    by_owner: dict[tuple[int, int | None], list[library.TablePart]] = defaultdict(list)
    for part in library.table_parts(doc, fam):
        by_owner[(part.dept, part.project)].append(part)
        table, key = part.table, part.table.key
        rows = part.part.lists.get(key) or []
        target_col = table.by_role("target") or table.by_role("number")
        outputs: list[str] = []
        effects: list[tuple[int, str]] = []
        for r, row in enumerate(rows):
            level3 = _cell(table, row, "level3")
            kind = kinds.of(_cell(table, row, "level1"), _cell(table, row, "level2"))
            group = kind.group if kind is not None else ""
            if group == "output" and level3:
                outputs.append(level3)
            elif group == "effect" and level3:
                effects.append((r, level3))
            if target_col is not None:
                text = row.get(target_col.key)
                if isinstance(text, str) and any(old in text for old in replace):
                    fixed = text
                    for old, new in replace.items():
                        fixed = fixed.replace(old, new)
                    found.append(_problem("notation", f"{target_col.label}“{shorten(text)}”的比较符号应写作“{shorten(fixed)}”",
                                          "把“>=”“<=”写成“≥”“≤”", Location(part.dept, part.project, key, r, target_col.key)))
                where = Location(part.dept, part.project, key, r, target_col.key)
                target = library.row_target(table, row)
                if target and level3 and where not in reported and parse_target(target).number is None \
                        and not target.startswith(not_applicable) and not _DIGIT.search(target):
                    found.append(_problem("unmeasurable", f"{target_col.label}“{shorten(target)}”没有数值，年底无法衡量是否达到",
                                          "写数量、比例或完成时间", where))
        similar = float(cfg.rules["effect-restates-output"]["similar"])
        for r, level3 in effects:
            twin = next((o for o in outputs if _similar(level3, o) >= similar), None)
            if twin is not None:
                column = table.by_role("level3")
                found.append(_problem("effect-restates-output", f"效益指标“{shorten(level3)}”与产出指标“{shorten(twin)}”说的是同一件事",
                                      "效益指标应写产出带来的结果", Location(part.dept, part.project, key, r,
                                                                   column.key if column else None)))
    for (d, p), parts in by_owner.items():
        owner = parts[0].owner
        owner_part = parts[0].part
        rows = [(part, row) for part in parts for row in (owner_part.lists.get(part.table.key) or [])]
        found += _goal_coverage(d, p, owner, owner_part, rows, goal_rule, ignore)
        if p is not None:
            found += _costs(doc, fam, d, p, parts)
    return found


def _goal_coverage(d: int, p: int | None, owner: Any, part: Any, rows: list[Any], rule: dict[str, Any],
                   ignore: frozenset[str]) -> list[Problem]:
    words: set[str] = set()
    for table_part, row in rows:
        table = table_part.table
        text = " ".join(_cell(table, row, r) for r in ("level3", "description", "target", "basis"))
        words |= _grams(text, ignore)
    if not rows:
        return []          # no indicators yet: the checker asks for them
    found = []
    for f in owner.all_fields:
        if f.role not in library.GOAL_ROLES:
            continue
        text = part.values.get(f.key)
        if not isinstance(text, str):
            continue
        for sentence in _SENTENCE.split(text):
            sentence = sentence.strip(" ，,、：:")
            if len(_han(sentence)) < int(rule["min_chars"]):
                continue
            shared = _grams(sentence, ignore) & words
            if len(shared) < int(rule["min_shared"]):
                found.append(_problem("goal-uncovered", f"{f.label}“{shorten(sentence, 24)}”没有衡量它的指标",
                                      "增加一条衡量这句目标的指标", Location(d, p, field=f.key)))
    return found


def _costs(doc: Document, fam: Family, d: int, p: int, parts: list[library.TablePart]) -> list[Problem]:
    owner = parts[0].owner
    budget_field = owner.by_role("budget")
    if budget_field is None:
        return []
    raw = parts[0].part.values.get(budget_field.key)
    try:
        budget = raw if isinstance(raw, Decimal) else parse_amount(raw) if isinstance(raw, str) else None
    except ValueError:
        return []
    if not budget:
        return []
    kinds = library.kinds()
    cost_kind = kinds.by_id("output.cost")
    costs: list[Decimal] = []
    has_cost = False
    can_cost = False
    for part in parts:
        vocabulary = library.table_vocabulary(fam, part.table)
        has2 = part.table.by_role("level2") is not None
        placed = library.place(vocabulary, "", "", cost_kind, has2)
        can_cost = can_cost or bool(placed[0])
        for row in part.part.lists.get(part.table.key) or []:
            kind = kinds.of(_cell(part.table, row, "level1"), _cell(part.table, row, "level2"))
            if kind is not cost_kind:
                continue
            has_cost = True
            value = parse_target(library.row_target(part.table, row))
            if value.number is not None and value.unit in ("万元", "元"):
                amount = value.number if value.unit == doc.unit else (
                    value.number / _WAN if value.unit == "元" else value.number * _WAN)
                costs.append(amount)
    where = Location(d, p, field=budget_field.key)
    if not has_cost:
        if not can_cost:
            return []
        return [_problem("cost-missing", "没有成本指标，无法判断资金与产出是否相称", "增加一条成本指标", where)]
    share = Decimal(str(config().rules["cost-scale"]["min_share"]))
    if costs and sum(costs) < budget * share:
        total = sum(costs)
        return [_problem("cost-scale", f"成本指标合计{total.normalize():f}{doc.unit}，仅为预算{budget.normalize():f}"
                                       f"{doc.unit}的{(total * 100 / budget).quantize(Decimal('1'))}%",
                         "成本指标应覆盖项目的主要支出", where)]
    return []


# ---------------------------------------------------------------- grading

@dataclass(frozen=True)
class SideScore:
    side: Side
    score: float
    reasons: tuple[str, ...]          # one line a rule: how many, the first message, the points


@dataclass(frozen=True)
class Grade:
    """One project's (or the department's own part's, or the whole department's) grade."""

    title: str
    dept: int
    project: int | None               # None: the department
    score: float
    grade: str
    sides: tuple[SideScore, ...]
    problems: tuple[Problem, ...]

    def reasons(self) -> list[str]:
        return [f"{s.side.label}：{reason}" for s in self.sides for reason in s.reasons]


@dataclass(frozen=True)
class Review:
    departments: tuple[Grade, ...]    # each department as a whole
    parts: tuple[Grade, ...]          # the department's own part and each project


def _score(cfg: Config, problems: list[Problem]) -> tuple[SideScore, ...]:
    sides = []
    for side in cfg.sides:
        by_rule: dict[str, list[Problem]] = defaultdict(list)
        for problem in problems:
            if problem.rule in side.rules:
                by_rule[problem.rule].append(problem)
        lost = 0
        reasons = []
        for rule, found in by_rule.items():
            points = min(cfg.rule_cap, sum(cfg.deduction.get(x.severity, 0) for x in found))
            lost += points
            title = explanation(rule).title if explanation(rule) else rule
            more = f"等{len(found)}处" if len(found) > 1 else ""
            reasons.append(f"{title}{more}（扣{points}分）：{found[0].message}")
        sides.append(SideScore(side, max(0, 100 - lost), tuple(reasons)))
    return tuple(sides)


def _grade(cfg: Config, title: str, d: int, p: int | None, problems: list[Problem],
           sides: tuple[SideScore, ...] | None = None) -> Grade:
    sides = sides if sides is not None else _score(cfg, problems)
    score = sum(s.score for s in sides) / len(sides) if sides else 100.0
    lowest = min((s.score for s in sides), default=100.0)
    worst = any(x.severity == cfg.best_without for x in problems if cfg.side_of(x.rule) is not None)
    return Grade(title, d, p, round(score, 1), cfg.grade(score, lowest, worst), sides, tuple(problems))


def review(doc: Document, problems: list[Problem]) -> Review:
    """Grade ``doc`` from the checker's ``problems`` and the review's own findings."""
    cfg = config()
    fam = family(doc.family)
    every = list(problems) + review_problems(doc, problems)
    by_part: dict[tuple[int, int | None], list[Problem]] = defaultdict(list)
    for problem in every:
        by_part[(problem.location.dept, problem.location.project)].append(problem)
    parts: list[Grade] = []
    departments: list[Grade] = []
    for d, dept in enumerate(doc.departments):
        name = library.owner_texts(dept, fam.department)[0] if fam.department is not None else ""
        own = _grade(cfg, f"{name or '部门'}（部门）", d, None, by_part.get((d, None), []))
        # the department's own part counts in the whole when it has tables or money to grade, or
        # something was found in it (a department of projects only is graded by its projects)
        graded = fam.department is not None and any(s.kind in ("indicators", "money") for s in fam.department.sections)
        mine = [own] if graded or own.problems or not dept.projects else []
        parts.append(own)
        for p, _ in enumerate(dept.projects):
            title = describe_location(doc, Location(d, p))
            mine.append(_grade(cfg, title, d, p, by_part.get((d, p), [])))
        parts += mine[1:] if mine and mine[0] is own else mine
        sides = tuple(SideScore(side, round(sum(g.sides[i].score for g in mine) / len(mine), 1),
                                tuple(r for g in mine for r in (
                                    [f"{g.title} {x}" for x in g.sides[i].reasons])))
                      for i, side in enumerate(cfg.sides))
        all_problems = [x for g in mine for x in g.problems]
        departments.append(_grade(cfg, f"{name or '部门'}（整体）", d, None, all_problems, sides))
    return Review(tuple(departments), tuple(parts))


def review_html(doc: Document, result: Review) -> str:
    """The review as a page the clerk can open in a browser, print or send with the targets."""
    esc = html.escape
    lines = ["<!DOCTYPE html>", "<html lang=\"zh-CN\"><head><meta charset=\"utf-8\">",
             "<title>绩效目标自评</title>",
             "<style>body{font-family:'宋体',SimSun,serif;margin:2em}table{border-collapse:collapse}"
             "td,th{border:1px solid #444;padding:4px 8px}h2{margin-top:1.5em}</style></head><body>",
             f"<h1>{doc.year}年预算绩效目标自评</h1>",
             "<p>按财政部门审核的四个方面（完整性、相关性、适当性、可行性）评分，仅供提交前自查。</p>"]
    for grade in (*result.departments, *result.parts):
        lines.append(f"<h2>{esc(grade.title)}：{esc(grade.grade)}（{grade.score:g}分）</h2>")
        lines.append("<table><tr><th>方面</th><th>得分</th><th>理由</th></tr>")
        for side in grade.sides:
            reasons = "<br>".join(esc(r) for r in side.reasons) or "未发现问题"
            lines.append(f"<tr><td>{esc(side.side.label)}</td><td>{side.score:g}</td><td>{reasons}</td></tr>")
        lines.append("</table>")
    lines.append("</body></html>")
    return "\n".join(lines)
