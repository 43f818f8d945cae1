"""Each rule both fires on a mistake and stays quiet on a correct document."""

import copy
import re
from collections.abc import Callable
from decimal import Decimal as D

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desktop.blank import new_department, new_document, new_project
from desktop.edits import duplicate_project
from desktop.families import families, family
from desktop.model import Document, Indicator, Measure, SubGoal, WorkItem
from desktop.rules import Location, Severity, check, describe_location, load_settings


def _h_indicators(budget: str) -> list[Indicator]:
    return [
        Indicator("产出指标", "数量指标", "完成维稳任务", "维稳任务数量", "≥75次", "安保文件"),
        Indicator("产出指标", "成本指标", "成本控制率", "支出在计划范围内", f"≤{budget}万元", "预算"),
        Indicator("效益指标", "社会效益指标", "维护社会稳定", "促进社会和谐", "全年不发生重大群体性事件", "工作计划"),
        Indicator("满意度指标", "服务对象满意度指标", "人民群众满意度", "群众满意度", "≥95%", "问卷"),
    ]


def clean_h() -> Document:
    doc = new_document("H", 2026, "154001", "滦平县信访局本级")
    dept = doc.departments[0]
    dept.texts["overall_goal"] = "狠抓群众合理诉求的解决。"
    dept.sub_goals = [SubGoal("认真做好群众信访管理接待工作", "落实首办责任。", "信访事项及时受理率")]
    dept.measures = [Measure("发挥联席会议作用", "形成合力。")]
    project = new_project(family("H"))
    project.code, project.name, project.use, project.goal = "13082426P000327100327", "信访工作保障经费", "维稳", "1.正常运转"
    project.budget, project.fiscal = D("80.00"), D("80.00")
    for point, percent in zip(project.plan, ("25", "50", "75", "100")):
        point.percent = D(percent)
    project.indicators = _h_indicators("80")
    dept.projects.append(project)
    return doc


def clean_n() -> Document:
    doc = new_document("N", 2021, "", "信访局本级")
    dept = doc.departments[0]
    dept.supervisor = "石峰区信访局"
    for key, value in {"total": "173.4271", "general": "173.4271", "fund": "0", "other": "0",
                       "basic": "134.8291", "project": "38.598"}.items():
        dept.money[key].amount = D(value)
    dept.texts["duties"] = "（一）负责处理人民群众来信来访。"
    dept.work_plan = [WorkItem("强化责任担当", "区信访局", "落实主体责任。")]
    rows = [
        Indicator("产出指标", "产出数量", "信访工作人员岗位津贴", target="8人", remark="235元/人/月"),
        Indicator("效益指标", "社会效益", "维护社会稳定", target="良好"),
        Indicator("效益指标", "社会公众及服务对象满意度", "群众满意度", target="≥90%"),
    ]
    dept.tables["annual"] = [r.copy() for r in rows]
    dept.special_total = D("38.598")
    for name, budget in (("信访岗位津贴", "1.878"), ("社区（村）治安巡逻防控费", "36.72")):
        project = new_project(family("N"))
        project.name = project.special = name
        project.budget, project.period = D(budget), "1年"
        project.period_goal = project.goal = "稳定信访工作人员队伍。"
        project.indicators = [r.copy() for r in rows]
        dept.projects.append(project)
    return doc


def clean_b() -> Document:
    doc = new_document("B", 2024, "", "鄂州市信访局")
    dept = doc.departments[0]
    dept.preparer, dept.phone = "罗意", "02760830727"
    for key in ("functions", "annual_tasks", "long_term_goal", "annual_goal"):
        dept.texts[key] = "确保各项工作正常运转。"
    lines = {"fiscal": ("593.27", "100", "589.23", "652.23"), "unit_funds": (None, None, "3.32", "3.53"),
             "income_total": ("593.27", "100", "592.55", "655.76"),
             "personnel": ("389.89", "65.72", "466.25", "435.23"), "operation": ("54.38", "9.17", "12.99", "57.59"),
             "specific": ("149", "25.11", "112.23", "162.94"), "expense_total": ("593.27", "100", "591.47", "655.76")}
    for key, (amount, share, *prior) in lines.items():
        line = dept.money[key]
        line.amount = D(amount) if amount else None
        line.share = D(share) if share else None
        line.prior = [D(p) for p in prior]
    rows = [
        Indicator("履职效能", "数量指标", "信访件及时受理率", target="100%", basis="国家标准", category="绩效基本型",
                  prior=["100%", "100%"]),
        Indicator("社会效应", "社会效益", "全市信访量", target="信访总量持平，形势平稳可控", basis="国家标准",
                  category="绩效基本型", prior=["持平", "持平"]),
        Indicator("满意度", "服务对象满意度", "信访群众满意率", target="95%", basis="国家标准", category="绩效基本型",
                  prior=["95%", "95%"]),
    ]
    dept.tables["long_term"] = [Indicator(**{k: v for k, v in r.items() if not k.startswith("prior")}) for r in rows]
    dept.tables["annual"] = [r.copy() for r in rows]
    return doc


@pytest.mark.parametrize("make", [clean_h, clean_n, clean_b])
def test_a_correct_document_has_no_problem(make):
    assert check(make()) == []


def _only(doc: Document, rule: str) -> list:
    problems = check(doc)
    assert problems, f"{rule} did not fire"
    assert {p.rule for p in problems} == {rule}, [(p.rule, p.message) for p in problems]
    return problems


def _project(doc: Document):
    return doc.departments[0].projects[0]


def _row(doc: Document, i: int = 0) -> Indicator:
    return _project(doc).indicators[i]


Mutation = Callable[[Document], None]
H_CASES: list[tuple[str, Mutation, str, Location]] = [
    ("required", lambda d: setattr(_project(d), "name", " "), "“项目名称”未填写", Location(0, 0, field="name")),
    ("required", lambda d: d.departments[0].texts.update(overall_goal=""), "“总体绩效目标”未填写",
     Location(0, field="overall_goal")),
    ("required", lambda d: d.departments[0].measures.clear(), "“工作保障措施”至少需要一项",
     Location(0, table="measures")),
    ("required", lambda d: setattr(_row(d, 0), "target", ""), "“指标值”未填写",
     Location(0, 0, "indicators", 0, "target")),
    ("required", lambda d: setattr(_row(d, 0), "level3", ""), "“三级指标”未填写",
     Location(0, 0, "indicators", 0, "level3")),
    ("budget-split", lambda d: setattr(_project(d), "other", D("5")), "预算数80.00不等于财政资金与其他资金之和85.00",
     Location(0, 0, field="budget")),
    ("plan-end", lambda d: _project(d).plan.pop(), "最后一个节点“10月底”为75%，应为100%",
     Location(0, 0, "plan", 2, "percent")),
    ("plan-order", lambda d: setattr(_project(d).plan[1], "percent", D("20")), "小于上一节点的25%",
     Location(0, 0, "plan", 1, "percent")),
    ("plan-range", lambda d: setattr(_project(d).plan[0], "percent", D("-5")), "应在0到100之间",
     Location(0, 0, "plan", 0, "percent")),
    ("level1-vocabulary", lambda d: setattr(_row(d, 0), "level1", "产出"), "一级指标“产出”不在",
     Location(0, 0, "indicators", 0, "level1")),
    ("level2-vocabulary", lambda d: setattr(_row(d, 0), "level2", "社会效益指标"),
     "二级指标“社会效益指标”属于一级指标“效益指标”，不属于“产出指标”", Location(0, 0, "indicators", 0, "level2")),
    ("indicator-kinds", lambda d: _project(d).indicators.pop(), "缺少满意度指标",
     Location(0, 0, "indicators")),
    ("empty-row", lambda d: _project(d).indicators.append(Indicator()), "第5行是空行",
     Location(0, 0, "indicators", 4)),
    ("duplicate-level3", lambda d: setattr(_row(d, 1), "level3", "完成维稳任务"), "与第1行重复",
     Location(0, 0, "indicators", 1, "level3")),
    ("cost-over-budget", lambda d: setattr(_row(d, 1), "target", "≤90万元"), "超过项目预算80.00万元",
     Location(0, 0, "indicators", 1, "target")),
    ("percent-over-100", lambda d: setattr(_row(d, 0), "target", "120%"), "超过100%",
     Location(0, 0, "indicators", 0, "target")),
    ("cannot-fail", lambda d: setattr(_row(d, 0), "target", "≥0"), "不可能达不到",
     Location(0, 0, "indicators", 0, "target")),
    ("satisfaction-number", lambda d: setattr(_row(d, 3), "target", "群众比较满意"), "没有具体数值",
     Location(0, 0, "indicators", 3, "target")),
    ("satisfaction-floor", lambda d: setattr(_row(d, 3), "target", "≥80%"), "满意度目标80%低于85%",
     Location(0, 0, "indicators", 3, "target")),
    ("vague", lambda d: setattr(_row(d, 2), "target", "社会效益进一步提高"), "含“进一步提高”",
     Location(0, 0, "indicators", 2, "target")),
    ("target-is-name", lambda d: setattr(_row(d, 2), "target", "维护社会稳定"), "指标值与三级指标相同",
     Location(0, 0, "indicators", 2, "target")),
    ("basis-missing", lambda d: setattr(_row(d, 0), "basis", ""), "“指标值确定依据”未填写",
     Location(0, 0, "indicators", 0, "basis")),
    ("description-missing", lambda d: setattr(_row(d, 0), "description", ""), "“绩效指标描述”未填写",
     Location(0, 0, "indicators", 0, "description")),
]


@pytest.mark.parametrize(("rule", "mutate", "message", "where"), H_CASES, ids=[f"{c[0]}-{i}" for i, c in enumerate(H_CASES)])
def test_each_rule_fires_with_its_numbers_and_location(rule, mutate, message, where):
    doc = clean_h()
    mutate(doc)
    problems = _only(doc, rule)
    assert any(message in p.message and p.location == where for p in problems), \
        [(p.message, p.location) for p in problems]


def test_money_sums_name_the_year_and_both_numbers():
    doc = clean_b()
    doc.departments[0].money["specific"].prior[1] = D("165.38")
    doc.departments[0].money["expense_total"].prior[1] = D("658.57")
    doc.departments[0].money["income_total"].prior[1] = D("658.57")
    messages = [p.message for p in _only(doc, "money-sum")]
    assert messages == ["2023年收入构成各项之和为655.76，合计填写为658.57",
                        "2023年支出构成各项之和为658.20，合计填写为658.57"]


def test_shares_are_checked_against_line_over_total():
    doc = clean_b()
    doc.departments[0].money["operation"].share = D("10.17")
    problems = check(doc)
    assert {p.rule for p in problems} == {"money-share", "share-sum"}
    share = next(p for p in problems if p.rule == "money-share")
    assert share.message == "占比应为9.17%，填写为10.17%"
    assert share.location == Location(0, table="money", field="operation", column="share")


def test_prior_year_values_are_required_where_the_family_has_them():
    doc = clean_b()
    doc.departments[0].tables["annual"][0].prior[0] = ""
    problem, = _only(doc, "prior-missing")
    assert problem.message == "“近两年指标值 › 2022年”未填写"
    assert describe_location(doc, problem.location) == "年度绩效指标第1行 › 近两年指标值 › 2022年"


def test_n_money_and_special_funds():
    doc = clean_n()
    dept = doc.departments[0]
    dept.money["basic"].amount = D("134.8")
    assert [p.message for p in _only(doc, "money-sum")] == ["按支出性质分各项之和为173.398，资金总额填写为173.4271"]
    doc = clean_n()
    doc.departments[0].special_total = D("40")
    assert [p.message for p in _only(doc, "special-sum")] == ["各项目金额之和为38.598，合计填写为40"]
    doc = clean_n()
    doc.departments[0].projects[1].budget = D("40")
    doc.departments[0].special_total = D("41.878")
    assert [p.message for p in _only(doc, "project-spending")] == ["各项目金额合计41.878超过部门项目支出38.598"]


def test_satisfaction_floor_comes_from_settings():
    doc = clean_h()
    settings = load_settings().replace(satisfaction_floor=D("98"))
    assert [p.rule for p in check(doc, settings)] == ["satisfaction-floor"]


def test_severity_can_be_overridden_in_settings():
    doc = clean_h()
    _row(doc, 0).target = "≥0"
    settings = load_settings().replace(severity={"cannot-fail": Severity.WARNING})
    assert check(doc, settings)[0].severity is Severity.WARNING


def test_locations_read_as_chinese_paths():
    doc = clean_h()
    loc = Location(0, 0, "indicators", 1, "target")
    assert describe_location(doc, loc) == "项目1「信访工作保障经费」 › 绩效指标第2行 › 指标值"
    assert describe_location(doc, Location(0, 0, "plan", 3, "percent")) == "项目1「信访工作保障经费」 › 资金支出计划 › 12月底"
    b = clean_b()
    assert describe_location(b, Location(0, table="money", field="expense_total", column="prior1")) == \
        "部门总体资金情况 › 支出构成 › 合计 › 2023年"


def test_a_stated_not_applicable_target_is_not_a_problem():
    doc = clean_h()
    row = _row(doc, 2)
    row.level3 = row.target = "无直接经济效益"
    assert check(doc) == []


def test_a_total_shared_by_two_money_groups_is_asked_for_once_and_located_without_a_group():
    doc = new_document("N", 2021)
    problems = [p for p in check(doc) if p.location.field == "total"]
    assert [(p.message, describe_location(doc, p.location)) for p in problems] == [
        ("资金总额未填写", "年度预算申请 › 资金总额 › 当年金额")]


# ---------------------------------------------------------------- duplicate project codes

def test_the_same_project_code_twice_is_an_error_at_the_second():
    doc = clean_h()
    twin = _project(doc).copy()
    twin.name = "信访专项经费"
    doc.departments[0].projects.append(twin)
    problem, = _only(doc, "duplicate-code")
    assert problem.severity is Severity.ERROR
    assert problem.message == "项目编码“13082426P000327100327”与项目1「信访工作保障经费」重复"
    assert problem.location == Location(0, 1, field="code")


def test_codes_are_compared_across_departments_and_blanks_around_them_do_not_hide_a_twin():
    doc = clean_h()
    second = copy.deepcopy(doc.departments[0])
    second.unit_name = "第二单位"
    second.projects[0].code = " 13082426P000327100327 "
    doc.departments.append(second)
    problem, = _only(doc, "duplicate-code")
    assert problem.location == Location(1, 0, field="code")
    assert "部门1的项目1「信访工作保障经费」" in problem.message


def test_a_copied_project_gets_no_code_and_is_asked_for_one():
    doc = clean_h()
    doc.departments[0].projects.append(duplicate_project(_project(doc)))
    copy_ = doc.departments[0].projects[1]
    assert copy_.code == "" and copy_.name == "信访工作保障经费（副本）"
    problem, = _only(doc, "required")
    assert (problem.message, problem.location) == ("“项目编码”未填写", Location(0, 1, field="code"))


# ---------------------------------------------------------------- empty rows do not count

def test_empty_sub_goal_and_measure_rows_are_warned_and_do_not_satisfy_at_least_one():
    doc = clean_h()
    dept = doc.departments[0]
    dept.sub_goals = [SubGoal(" ", "", "")]
    dept.measures = [Measure("发挥联席会议作用", "形成合力。"), Measure()]
    found = [(p.rule, p.message, describe_location(doc, p.location)) for p in check(doc)]
    assert found == [
        ("required", "“分项绩效目标”至少需要一项", "分项绩效目标"),
        ("empty-row", "第1项是空的", "分项绩效目标第1项"),
        ("empty-row", "第2项是空的", "工作保障措施第2项"),
    ]


def test_a_document_of_empty_rows_and_no_project_is_not_clean():
    """The issue's document: its only sub-goal and measure rows are empty and it has no project."""
    doc = clean_h()
    dept = doc.departments[0]
    dept.sub_goals, dept.measures, dept.projects = [SubGoal()], [Measure()], []
    found = [(p.rule, p.severity, describe_location(doc, p.location)) for p in check(doc)]
    assert found == [
        ("required", Severity.ERROR, "分项绩效目标"),
        ("empty-row", Severity.WARNING, "分项绩效目标第1项"),
        ("required", Severity.ERROR, "工作保障措施"),
        ("empty-row", Severity.WARNING, "工作保障措施第1项"),
        ("required", Severity.ERROR, "预算项目"),
    ]
    assert check(doc)[-1].message == "“预算项目”至少需要一项"


def test_which_forms_need_projects_is_the_family_s_word():
    assert family("H").projects_required
    assert not family("N").projects_required     # a department may have no special funds
    doc = clean_n()
    doc.departments[0].projects = []
    assert check(doc) == []


def test_empty_work_plan_rows_are_warned_and_do_not_count():
    doc = clean_n()
    doc.departments[0].work_plan = [WorkItem(), WorkItem("", " ", "")]
    found = [(p.rule, p.message, describe_location(doc, p.location)) for p in check(doc)]
    assert found == [("required", "“年度重点工作计划”至少需要一项", "年度重点工作计划"),
                     ("empty-row", "第1项是空的", "年度重点工作计划第1项"),
                     ("empty-row", "第2项是空的", "年度重点工作计划第2项")]


def test_an_indicator_table_of_empty_rows_has_no_indicators():
    doc = clean_h()
    _project(doc).indicators = [Indicator(), Indicator(level3=" ")]
    found = [(p.rule, p.message) for p in check(doc)]
    assert found == [("required", "“绩效指标”还没有指标"), ("empty-row", "第1行是空行"), ("empty-row", "第2行是空行")]


def test_a_row_holding_only_prior_year_values_is_not_empty():
    doc = clean_b()
    doc.departments[0].tables["annual"].append(Indicator(prior=["98%", ""]))
    rules = {p.rule for p in check(doc)}
    assert "empty-row" not in rules and "required" in rules


def test_an_empty_spending_plan_is_reported():
    doc = clean_h()
    _project(doc).plan = []
    problem, = _only(doc, "required")
    assert problem.message == "资金支出计划未填写"
    assert describe_location(doc, problem.location) == "项目1「信访工作保障经费」 › 资金支出计划"


# ---------------------------------------------------------------- locations in the form's words

_ASCII_WORD = re.compile(r"[A-Za-z_]")
_CLERK = st.text(st.sampled_from("甲乙丙丁信访 0123456789.％%≥，"), max_size=5)


@st.composite
def _documents(draw: st.DrawFn) -> Document:
    """Random documents of any family: rows filled, half-filled or empty; missing plan points;
    one or two departments; codes that repeat. Clerk text has no ASCII letters, so any letter in
    a location or message is an internal key."""
    fam_id = draw(st.sampled_from(sorted(families())))
    fam = family(fam_id)
    doc = new_document(fam_id, draw(st.integers(1990, 2100)))
    doc.departments = [new_department(fam) for _ in range(draw(st.integers(1, 2)))]
    level1 = st.sampled_from(["", *fam.vocabulary]) | _CLERK
    level2 = st.sampled_from(["", *(n for names in fam.vocabulary.values() for n in names)]) | _CLERK
    target = st.sampled_from(["", "≥90%", "80%", "较好", "≥0", "120%", "≤5万元"]) | _CLERK
    indicators = st.builds(Indicator, level1, level2, _CLERK, _CLERK, target, _CLERK, _CLERK, _CLERK,
                           st.lists(_CLERK, min_size=2, max_size=2))
    amounts = st.none() | st.decimals(0, 1000, places=2)
    for dept in doc.departments:
        dept.unit_name = draw(_CLERK)
        for key in dept.texts:
            dept.texts[key] = draw(_CLERK)
        dept.sub_goals = draw(st.lists(st.builds(SubGoal, _CLERK, _CLERK, _CLERK), max_size=2))
        dept.measures = draw(st.lists(st.builds(Measure, _CLERK, _CLERK), max_size=2))
        dept.work_plan = draw(st.lists(st.builds(WorkItem, _CLERK, _CLERK, _CLERK), max_size=2))
        for line in dept.money.values():
            line.amount, line.share = draw(amounts), draw(amounts)
            line.prior = [draw(amounts), draw(amounts)]
        for key in dept.tables:
            dept.tables[key] = draw(st.lists(indicators, max_size=3))
        dept.special_total = draw(amounts)
        if fam.has_projects:
            for _ in range(draw(st.integers(0, 3))):
                project = new_project(fam)
                project.code = draw(st.sampled_from(["", "130826", "130827"]))
                project.name, project.use, project.goal = draw(_CLERK), draw(_CLERK), draw(_CLERK)
                project.budget, project.fiscal = draw(amounts), draw(amounts)
                project.plan = project.plan[:draw(st.integers(0, len(project.plan)))]
                for point in project.plan:
                    point.percent = draw(st.none() | st.decimals(-10, 120, places=0))
                project.indicators = draw(st.lists(indicators, max_size=3))
                dept.projects.append(project)
    return doc


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_documents())
def test_every_location_message_and_hint_is_in_the_form_s_words(doc):
    for problem in check(doc):
        for text in (describe_location(doc, problem.location), problem.message, problem.hint):
            assert not _ASCII_WORD.search(text), (problem.rule, text)


_KEYS = ["amount", "share", "prior0", "prior1", "prior7", "level1", "target", "name", "code", "budget", "title",
         "text", "item", "goal", "unit_name", "special_total", "overall_goal", "expense_total", "total", "zz_extra"]


@settings(max_examples=120, deadline=None)
@given(_documents(), st.integers(-1, 3), st.none() | st.integers(-1, 3),
       st.sampled_from([None, "money", "plan", "indicators", "projects", "sub_goals", "measures", "work_plan",
                        "annual", "long_term", "zz_table"]),
       st.none() | st.integers(-1, 40), st.none() | st.sampled_from(_KEYS), st.none() | st.sampled_from(_KEYS))
def test_any_location_even_one_that_has_just_gone_reads_in_chinese(doc, dept, project, table, row, field, column):
    """A listed problem may point at a row that was just removed, or come from an older file."""
    text = describe_location(doc, Location(dept, project, table, row, field, column))
    assert text and not _ASCII_WORD.search(text), text


# ---------------------------------------------------------------- rules follow the form's shape
#
# Small families in the family format, built here: each declares only what the test needs (its
# fields are editor-only, its tables and money are printed by one block each).

_VOCABULARY = {
    "成本指标": ["经济成本指标", "社会成本指标"],
    "产出指标": ["数量指标", "质量指标", "时效指标", "成本指标"],
    "效益指标": ["社会效益指标"],
    "满意度指标": ["服务对象满意度指标"],
}
_KINDS = [{"label": "产出指标", "level1": ["产出指标"]}, {"label": "满意度指标", "level1": ["满意度指标"]}]
_LEVELS = [{"key": "level1", "label": "一级指标", "role": "level1", "required": True},
           {"key": "level2", "label": "二级指标", "role": "level2", "required": True},
           {"key": "level3", "label": "三级指标", "role": "level3", "required": True}]
_TARGET = {"key": "target", "label": "指标值", "role": "target", "required": True}
_SPLIT = [{"key": "sign", "label": "计算符号", "role": "comparator", "type": "choice", "choices": ["≥", "≤", "=", ">", "<"]},
          {"key": "value", "label": "指标值", "role": "number", "required": True},
          {"key": "unit", "label": "度量单位", "role": "unit"}]


def _form(columns: list[dict], *, table: dict | None = None, project_fields: tuple[dict, ...] = (),
          dept_fields: tuple[dict, ...] = (), money: dict | None = None, checks: dict | None = None,
          project_lists: tuple[dict, ...] = ()) -> dict:
    blocks: list[dict] = [{"table": {"each": "project", "title": "绩效目标表", "columns": [10] * len(columns),
                                     "rows": [{"indicators": "indicators"}]}}]
    for listed in project_lists:
        blocks.append({"table": {"each": "project", "title": listed["label"], "columns": [10] * len(listed["columns"]),
                                 "rows": [{"list": listed["key"], "cells": [{"column": c["key"]} for c in listed["columns"]]}]}})
    sections: list[dict] = []
    if money is not None:
        sections.append(money)
        width = 3 + bool(money["shares"]) + money["prior_years"]
        blocks.append({"table": {"each": "department", "title": "资金", "columns": [10] * width, "rows": [
            {"money": "money", "cells": [{"part": "group"}, {"part": "line"}, {"part": "amount"}, {"part": "share"},
                                         {"part": "prior"}]}]}})
    return {
        "format": "jxmb-family", "version": 1, "id": "R", "name": "测试 项目表", "province": "测试",
        "document_title": "项目表", "money_unit": "万元",
        "department": {"label": "单位", "sections": sections, "fields": [
            {"key": "unit_name", "label": "单位名称", "role": "unit_name", "required": True, "print": False},
            *dept_fields]},
        "project": {"label": "项目", "required": True, "fields": [
            {"key": "name", "label": "项目名称", "role": "name", "required": True, "print": False},
            {"key": "budget", "label": "年度资金总额", "type": "amount", "role": "budget", "required": True, "print": False},
            *project_fields],
            "sections": [{"kind": "indicators", "key": "indicators", "label": "绩效指标", "required": True,
                          "vocabulary": "default", "columns": columns, "required_kinds": _KINDS,
                          "cost": {"level2": ["成本指标"]}, **(table or {})}, *project_lists]},
        "vocabularies": {"default": _VOCABULARY},
        "checks": checks or {},
        "print": {"blocks": blocks},
    }


@pytest.fixture
def form(monkeypatch):
    """Registers a family built by ``_form`` (checked as a family file is) under id R."""
    from desktop import familycheck
    from desktop.families import parse_family

    def register(raw: dict):
        assert familycheck.check(raw, "R.json") == []
        fam = parse_family(raw, "R.json")
        monkeypatch.setitem(families(), fam.id, fam)
        return fam
    return register


def _set(owner, key: str, value: str) -> None:
    """A typed value into a field, whatever the model holds it in."""
    if isinstance(getattr(owner, "values", None), dict):
        owner.values[key] = value
    else:
        setattr(owner, key, D(value) if key in ("budget", "fiscal", "other") else value)


def _rows_of(owner, key: str) -> list:
    if isinstance(getattr(owner, "lists", None), dict):
        return owner.lists.setdefault(key, [])
    return owner.indicators if key == "indicators" else owner.tables.setdefault(key, [])


def _r_document(rows: list[dict], budget: str = "80") -> Document:
    doc = new_document("R", 2025, "", "金安区体育局")
    project = new_project(family("R"))
    _set(project, "name", "体育场馆免费开放")
    _set(project, "budget", budget)
    _rows_of(project, "indicators")[:] = rows
    doc.departments[0].projects.append(project)
    return doc


def _problems(doc: Document) -> list[tuple[str, str, str]]:
    return [(p.rule, p.message, describe_location(doc, p.location)) for p in check(doc)]


_OUTPUT = {"level1": "产出指标", "level2": "数量指标", "level3": "开放场馆数"}
_PLEASED = {"level1": "满意度指标", "level2": "服务对象满意度指标", "level3": "群众满意度"}


def test_a_table_without_a_level2_column_never_asks_for_one(form):
    form(_form([_LEVELS[0], _LEVELS[2], _TARGET]))
    rows = [{"level1": "产出指标", "level3": "开放场馆数", "target": "≥3个"},
            {"level1": "满意度指标", "level3": "群众满意度", "target": "≥90%"}]
    assert _problems(_r_document(rows)) == []
    rows[0]["level1"] = "产出"
    assert _problems(_r_document(rows)) == [
        ("level1-vocabulary", "一级指标“产出”不在本表式的指标体系中", "项目1「体育场馆免费开放」 › 绩效指标第1行 › 一级指标"),
        ("indicator-kinds", "“绩效指标”缺少产出指标", "项目1「体育场馆免费开放」 › 绩效指标")]


def test_rows_that_are_dict_subclasses_are_read_by_key(form):
    """The document model's rows are dicts of their own class (with no instance ``__dict__``)."""
    class Row(dict):
        __slots__ = ()

    form(_form([_LEVELS[0], _LEVELS[2], _TARGET]))
    rows = [Row(level1="产出指标", level3="开放场馆数", target="≥0个"), Row(level1="满意度指标", level3="群众满意度", target="≥90%")]
    assert [p[0] for p in _problems(_r_document(rows))] == ["cannot-fail"]


def test_every_message_names_the_column_as_the_form_labels_it(form):
    columns = [*_LEVELS, {**_TARGET, "label": "预期值"},
               {"key": "basis", "label": "绩效标准", "role": "basis"},
               {"key": "direction", "label": "指标方向性", "role": "direction", "type": "choice",
                "choices": ["正向", "反向"], "required": True}]
    form(_form(columns))
    rows = [{**_OUTPUT, "target": "", "basis": "", "direction": ""},
            {**_PLEASED, "target": "≥90%", "basis": "历史标准", "direction": "正向"}]
    assert _problems(_r_document(rows)) == [
        ("required", "“指标方向性”未填写", "项目1「体育场馆免费开放」 › 绩效指标第1行 › 指标方向性"),
        ("basis-missing", "“绩效标准”未填写", "项目1「体育场馆免费开放」 › 绩效指标第1行 › 绩效标准"),
        ("required", "“预期值”未填写", "项目1「体育场馆免费开放」 › 绩效指标第1行 › 预期值")]


def test_a_field_key_the_model_does_not_have_is_checked_like_any_other(form):
    form(_form([*_LEVELS, _TARGET],
               project_fields=({"key": "owner", "label": "项目责任人", "required": True, "print": False},),
               dept_fields=({"key": "contact", "label": "联系人", "required": True, "print": False},)))
    doc = _r_document([{**_OUTPUT, "target": "≥3个"}, {**_PLEASED, "target": "≥90%"}])
    assert _problems(doc) == [("required", "“联系人”未填写", "联系人"),
                              ("required", "“项目责任人”未填写", "项目1「体育场馆免费开放」 › 项目责任人")]


def _money_section(prior_years: int) -> dict:
    return {"kind": "money", "key": "money", "label": "部门资金情况", "required": True, "shares": False,
            "prior_years": prior_years,
            "lines": [{"key": "fiscal", "label": "财政拨款"}, {"key": "others", "label": "其他资金"},
                      {"key": "income_total", "label": "合计"}],
            "groups": [{"key": "income", "label": "收入构成", "members": ["fiscal", "others"], "total": "income_total"}]}


def _put_money(dept, key: str, column: str, value: str) -> None:
    line = dept.money[key]
    if isinstance(line, dict):
        line[column] = value
    elif column == "amount":
        line.amount = D(value)
    else:
        i = int(column.removeprefix("prior"))
        line.prior = [*line.prior, *[None] * (i + 1 - len(line.prior))]
        line.prior[i] = D(value)


@pytest.mark.parametrize("prior_years", [1, 3])
def test_money_has_as_many_prior_years_as_the_form(form, prior_years):
    form(_form([*_LEVELS, _TARGET], money=_money_section(prior_years)))
    doc = _r_document([{**_OUTPUT, "target": "≥3个"}, {**_PLEASED, "target": "≥90%"}])
    dept = doc.departments[0]
    for column in ("amount", *(f"prior{i}" for i in range(prior_years))):
        _put_money(dept, "fiscal", column, "100")
        _put_money(dept, "income_total", column, "100")
    assert _problems(doc) == []          # 其他资金 left empty in every year
    _put_money(dept, "income_total", "prior0", "120")
    oldest = 2025 - prior_years
    assert _problems(doc) == [("money-sum", f"{oldest}年收入构成各项之和为100，合计填写为120",
                               f"部门资金情况 › 收入构成 › 合计 › {oldest}年")]


@pytest.mark.parametrize(("sign", "value", "unit", "rule", "message", "column"), [
    ("≥", "0", "%", "cannot-fail", "指标值“≥0%”不可能达不到，起不到考核作用", "指标值"),
    ("≥", "120", "%", "percent-over-100", "指标值“≥120%”超过100%", "指标值"),
    ("约", "95", "%", "split-target", "计算符号“约”不是可选的符号", "计算符号"),
    ("≥", "九十五", "%", "split-target", "指标值“九十五”不是数字", "指标值"),
    ("≥", "", "%", "required", "“指标值”未填写", "指标值"),
    ("≤", "90", "万元", "cost-over-budget", "成本指标“≤90万元”超过项目预算80万元", "指标值"),
])
def test_a_target_split_over_sign_number_and_unit_is_read_as_one(form, sign, value, unit, rule, message, column):
    form(_form([*_LEVELS, *_SPLIT]))
    cost = {"level1": "产出指标", "level2": "成本指标", "level3": "项目总成本", "sign": "≤", "value": "80", "unit": "万元"}
    rows = [{**_OUTPUT, "sign": "≥", "value": "3", "unit": "个"}, cost,
            {**_PLEASED, "sign": "≥", "value": "90", "unit": "%"}]
    assert _problems(_r_document(rows)) == []
    changed = 1 if rule == "cost-over-budget" else 0
    rows[changed] = {**rows[changed], "sign": sign, "value": value, "unit": unit}
    assert _problems(_r_document(rows)) == [
        (rule, message, f"项目1「体育场馆免费开放」 › 绩效指标第{changed + 1}行 › {column}")]


def test_a_split_satisfaction_target_below_the_floor_is_warned(form):
    form(_form([*_LEVELS, *_SPLIT]))
    rows = [{**_OUTPUT, "sign": "≥", "value": "3", "unit": "个"}, {**_PLEASED, "sign": "≥", "value": "80", "unit": "%"}]
    assert [p[:2] for p in _problems(_r_document(rows))] == [("satisfaction-floor", "满意度目标80%低于85%")]


def test_weights_add_up_to_the_form_s_total(form):
    weight = {"key": "weight", "label": "权重", "role": "weight"}
    form(_form([*_LEVELS, _TARGET, weight], table={"weights": {"total": 100}}))
    rows = [{**_OUTPUT, "target": "≥3个", "weight": "40"}, {**_PLEASED, "target": "≥90%", "weight": "60"}]
    assert _problems(_r_document(rows)) == []
    rows[1]["weight"] = "50"
    assert _problems(_r_document(rows)) == [
        ("weight-sum", "“绩效指标”的权重之和为90，应为100", "项目1「体育场馆免费开放」 › 绩效指标")]
    rows[1]["weight"] = "六十"
    assert [p[0] for p in _problems(_r_document(rows))] == ["weight-sum", "weight-sum"]
    assert "“权重”“六十”" in check(_r_document(rows))[0].message


def test_cost_as_a_level1_of_its_own_keeps_to_its_score_range(form):
    weight = {"key": "weight", "label": "分值", "role": "weight"}
    form(_form([*_LEVELS, _TARGET, weight],
               table={"weights": {"total": 100}, "level1_scores": {"成本指标": [0, 20]}, "cost": {"level1": ["成本指标"]}}))
    rows = [{"level1": "成本指标", "level2": "经济成本指标", "level3": "项目总成本", "target": "≤80万元", "weight": "20"},
            {**_OUTPUT, "target": "≥3个", "weight": "40"}, {**_PLEASED, "target": "≥90%", "weight": "40"}]
    assert _problems(_r_document(rows)) == []
    rows[0].update(target="≤85万元", weight="25")
    rows[1]["weight"] = "35"
    assert _problems(_r_document(rows)) == [
        ("cost-over-budget", "成本指标“≤85万元”超过项目预算80万元", "项目1「体育场馆免费开放」 › 绩效指标第1行 › 指标值"),
        ("score-range", "“成本指标”各行分值之和为25，应在0到20之间", "项目1「体育场馆免费开放」 › 绩效指标")]


_P_CHECKS = {"placeholders": ["**"], "not_applicable": {"level3": ["本项目不适用此指标"], "target": ["无"]}}


def test_a_template_placeholder_left_in_is_pointed_out(form):
    form(_form([*_LEVELS, _TARGET], checks=_P_CHECKS))
    rows = [{**_OUTPUT, "target": "≥3个"},
            {"level1": "产出指标", "level2": "成本指标", "level3": "项目总成本(≤**万元)", "target": "≤**万元"},
            {**_PLEASED, "target": "≥90%"}]
    assert _problems(_r_document(rows)) == [
        ("placeholder", "“三级指标”中有“**”：这是表样留给填写的位置，请换成实际的数值",
         "项目1「体育场馆免费开放」 › 绩效指标第2行 › 三级指标"),
        ("placeholder", "“指标值”中有“**”：这是表样留给填写的位置，请换成实际的数值",
         "项目1「体育场馆免费开放」 › 绩效指标第2行 › 指标值")]


def test_a_row_stated_not_applicable_is_accepted_but_does_not_count_as_a_kind(form):
    form(_form([*_LEVELS, _TARGET], checks=_P_CHECKS))
    na = {"level3": "本项目不适用此指标", "target": "无"}
    rows = [{**_OUTPUT, "target": "≥3个"},
            {"level1": "产出指标", "level2": "质量指标", **na}, {"level1": "产出指标", "level2": "时效指标", **na},
            {**_PLEASED, "target": "≥90%"}]
    assert _problems(_r_document(rows)) == []
    rows[3] = {**_PLEASED, **na}
    assert _problems(_r_document(rows)) == [
        ("indicator-kinds", "“绩效指标”缺少满意度指标", "项目1「体育场馆免费开放」 › 绩效指标")]


def test_a_cost_list_s_typed_total_must_equal_each_column_s_sum(form):
    from desktop.model import Row
    cost = {"kind": "list", "key": "cost", "label": "项目预算成本构成", "columns": [
        {"key": "detail", "label": "明细"}, {"key": "amount", "label": "金额", "type": "amount"},
        {"key": "basis", "label": "测算依据", "type": "text"}, {"key": "prior0", "label": "上年实际", "type": "amount"}],
        "total": {"label": "合计", "columns": ["amount", "prior0"]}}
    form(_form([*_LEVELS, _TARGET], project_lists=(cost,)))
    doc = _r_document([{**_OUTPUT, "target": "≥3个"}, {**_PLEASED, "target": "≥90%"}])
    project = doc.departments[0].projects[0]
    project.lists["cost"] = [Row(detail="场馆维护", amount="30", prior0="10"), Row(detail="水电", amount="50")]
    project.totals["cost"] = {"amount": "80", "prior0": "10"}
    assert _problems(doc) == []
    project.totals["cost"] = {"amount": "90"}
    assert _problems(doc) == [
        ("list-sum", "“金额”各项之和为80，合计填写为90", "项目1「体育场馆免费开放」 › 项目预算成本构成 › 金额 › 合计"),
        ("list-sum", "“上年实际”各项之和为10，合计未填写", "项目1「体育场馆免费开放」 › 项目预算成本构成 › 上年实际 › 合计")]


def test_a_value_the_form_has_no_column_or_list_for_is_kept_and_reported(form):
    from desktop.model import Row
    form(_form([*_LEVELS, _TARGET]))
    doc = _r_document([{**_OUTPUT, "target": "≥3个", "weight": "40"}, {**_PLEASED, "target": "≥90%"}])
    doc.departments[0].lists["old_plan"] = [Row(item="旧表的一项")]
    message = "文件中有本表式没有的内容（“{}”），已原样保留，不会打印"
    assert _problems(doc) == [
        ("undeclared", message.format("旧表的一项"), "本表式没有的一项"),
        ("undeclared", message.format("40"), "项目1「体育场馆免费开放」 › 绩效指标第1行 › 本表式没有的一项")]
    assert {p.severity for p in check(doc)} == {Severity.INFO}
