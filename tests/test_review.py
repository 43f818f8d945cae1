"""The review (自评) and the quick fixes in the domain: rules and explanations as data, the
review's own rules, grades with reasons, and each fix's values."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest

from desktop import edits, projectfile, quickfix, review
from desktop.model import PlanPoint
from desktop.resources import resource, samples
from desktop.rules import RULES, Location, check

BY_NAME = {p.stem: p for p in samples()}


def _doc(name: str):  # type: ignore[no-untyped-def]
    return projectfile.load(BY_NAME[name])


def _graded(doc):  # type: ignore[no-untyped-def]
    return review.review(doc, check(doc))


def test_every_rule_has_an_explanation_and_every_graded_rule_exists():
    own = set(review.config().rules)
    for rule in (*RULES, *own):
        found = review.explanation(rule)
        assert found is not None and found.title and found.why and found.good, rule
    graded = {r for side in review.config().sides for r in side.rules}
    assert graded <= set(RULES) | own
    assert own <= graded
    assert [s.label for s in review.config().sides] == ["完整性", "相关性", "适当性", "可行性"]


def test_the_grades_follow_the_bands_declared_in_the_review_file():
    raw = json.loads(resource("review", "review.json").read_text(encoding="utf-8"))
    cfg = review.config()
    best, second = raw["grades"][0], raw["grades"][1]
    assert cfg.grade(best["min"], best["side_min"], False) == best["grade"]
    assert cfg.grade(best["min"], best["side_min"], True) == second["grade"]        # an 错误 keeps it from the best
    assert cfg.grade(100, best["side_min"] - 1, False) == second["grade"]           # one weak side is enough
    assert cfg.grade(0, 0, False) == raw["grades"][-1]["grade"]


@pytest.mark.parametrize("name", sorted(BY_NAME))
def test_each_sample_is_graded_with_its_reasons(name):
    doc = _doc(name)
    result = _graded(doc)
    assert len(result.departments) == len(doc.departments)
    assert len(result.parts) == sum(1 + len(d.projects) for d in doc.departments)
    for grade in (*result.departments, *result.parts):
        assert grade.grade in "优良中差"
        assert 0 <= grade.score <= 100
        if grade.grade != "优":
            assert grade.reasons()
        for side in grade.sides:
            assert side.score == 100 or side.reasons
    page = review.review_html(doc, result)
    assert result.departments[0].grade in page and "可行性" in page


def test_the_dingzhou_sample_cannot_be_excellent_and_says_why():
    result = _graded(_doc("hebei-dingzhou-2020-xinfang"))
    whole = result.departments[0]
    assert whole.grade != "优"
    reasons = " ".join(whole.reasons())
    assert "不可能达不到" in reasons and "满意度没有数值" in reasons
    impossible = next(g for g in result.parts if any(p.rule == "cannot-fail" for p in g.problems))
    assert impossible.grade in ("中", "差")


def test_fixing_the_problems_raises_the_grade():
    doc = _doc("hebei-dingzhou-2020-xinfang")
    before = _graded(doc).departments[0]
    for problem in check(doc):
        if problem.rule == "cannot-fail":
            edits.set_value(doc, problem.location, "≥3个")
        fix = quickfix.fix_for(doc, problem, Decimal(90))
        if fix is not None:
            for loc, value in fix.changes:
                edits.set_value(doc, loc, value)
    after = _graded(doc).departments[0]
    assert after.score > before.score
    assert not [p for p in after.problems if p.rule in ("cannot-fail", "satisfaction-number")]


def test_a_goal_sentence_no_indicator_measures_is_found():
    doc = _doc("hebei-luanping-2026-xinfang")
    project = doc.departments[0].projects[1]
    project.goal = "3.完成全县电动自行车充电桩的安装调试"
    found = [p for p in review.review_problems(doc) if p.rule == "goal-uncovered" and p.location.project == 1]
    assert found and "充电桩" in found[0].message
    project.indicators[0].level3 = "电动自行车充电桩安装数量"
    assert not [p for p in review.review_problems(doc) if p.rule == "goal-uncovered" and p.location.project == 1]


def test_an_effect_restating_an_output_and_costs_out_of_scale_are_found():
    doc = _doc("hebei-luanping-2026-xinfang")
    rows = doc.departments[0].projects[0].indicators
    output = next(r for r in rows if r.level1 == "产出指标")
    effect = next(r for r in rows if r.level1 in ("效益指标", "效果指标"))
    assert not [p for p in review.review_problems(doc) if p.rule == "effect-restates-output"]
    effect.level3 = output.level3
    found = [p for p in review.review_problems(doc) if p.rule == "effect-restates-output"]
    assert found and found[0].location.row == rows.index(effect)
    cost = next(r for r in rows if r.level2 == "成本指标")
    cost.target = "≤1万元"
    scale = [p for p in review.review_problems(doc) if p.rule == "cost-scale" and p.location.project == 0]
    assert scale and "预算80" in scale[0].message
    for r in [r for r in rows if r.level2 == "成本指标"]:
        rows.remove(r)
    assert [p for p in review.review_problems(doc) if p.rule == "cost-missing" and p.location.project == 0]


def test_a_qualitative_target_is_unmeasurable_unless_the_checker_said_so_already():
    doc = _doc("hunan-shifeng-2021-xinfang")
    problems = check(doc)
    found = [p for p in review.review_problems(doc, problems) if p.rule == "unmeasurable"]
    reported = {p.location for p in problems}
    assert found and not {p.location for p in found} & reported
    assert all("没有数值" in p.message for p in found)


# ---------------------------------------------------------------- quick fixes

def _problem(doc, rule: str):  # type: ignore[no-untyped-def]
    return next(p for p in check(doc) + review.review_problems(doc) if p.rule == rule)


def test_fix_a_keyboard_comparator():
    doc = _doc("hebei-luanping-2026-xinfang")
    loc = Location(0, 1, "indicators", 0, "target")
    edits.set_value(doc, loc, ">=30件，<=2天")
    fix = quickfix.fix_for(doc, _problem(doc, "notation"), Decimal(85))
    assert fix is not None and fix.changes == ((loc, "≥30件，≤2天"),)


def test_fix_a_total_and_a_share():
    doc = _doc("hubei-ezhou-2024-xinfang")
    problem = _problem(doc, "money-sum")
    fix = quickfix.fix_for(doc, problem, Decimal(85))
    line = doc.departments[0].money
    members = ("fiscal", "special_account", "unit_funds") if problem.location.field == "income_total" \
        else ("personnel", "operation", "specific")
    column = problem.location.column
    expected = sum((edits.get_value(doc, Location(0, table="money", field=k, column=column)) or Decimal(0))
                   for k in members)
    assert fix.changes == ((problem.location, expected),)
    line["operation"].share = Decimal("1")
    share = next(p for p in check(doc) if p.rule == "money-share" and p.location.field == "operation")
    fix = quickfix.fix_for(doc, share, Decimal(85))
    value = (line["operation"].amount * 100 / line["expense_total"].amount).quantize(Decimal("0.01"))
    assert fix.changes == ((share.location, value),)
    for loc, new in fix.changes:
        edits.set_value(doc, loc, new)
    assert not [p for p in check(doc) if p.rule == "money-share" and p.location.field == "operation"]


def test_fix_a_template_hint():
    doc = _doc("anhui-jinzhai-2021-wuye-xmzc")
    problem = _problem(doc, "placeholder")
    text = edits.get_value(doc, problem.location)
    fix = quickfix.fix_for(doc, problem, Decimal(85))
    (loc, value), = fix.changes
    assert "**" in text and "**" not in value and value and text.startswith(value.rstrip("。"))


def test_fix_a_satisfaction_target_with_the_floor_given():
    doc = _doc("hebei-dingzhou-2020-xinfang")
    problem = _problem(doc, "satisfaction-number")
    fix = quickfix.fix_for(doc, problem, Decimal("92.5"))
    assert fix.changes == ((problem.location, "≥92.5%"),)
    low = problem.location
    edits.set_value(doc, low, "≥60%")
    floor = next(p for p in check(doc) if p.rule == "satisfaction-floor" and p.location == low)
    assert quickfix.fix_for(doc, floor, Decimal(90)).changes == ((low, "≥90%"),)


def test_fix_a_plan_s_last_checkpoint():
    doc = _doc("hebei-luanping-2026-xinfang")
    problem = _problem(doc, "plan-end")
    fix = quickfix.fix_for(doc, problem, Decimal(85))
    ref, at, rows = fix.insert
    assert (ref.project, at) == (0, 3) and rows == (PlanPoint("12月底", Decimal(100)),)
    plan = doc.departments[0].projects[0].plan
    plan.append(PlanPoint("12月底", Decimal(90)))
    problem = _problem(doc, "plan-end")
    fix = quickfix.fix_for(doc, problem, Decimal(85))
    assert fix.insert is None and fix.changes == ((Location(0, 0, "plan", 3, "percent"), Decimal(100)),)


def test_no_fix_where_there_is_no_one_obvious_correction():
    doc = _doc("hebei-dingzhou-2020-xinfang")
    for rule in ("cannot-fail", "target-is-name"):
        assert quickfix.fix_for(doc, _problem(doc, rule), Decimal(85)) is None
