"""Each rule both fires on a mistake and stays quiet on a correct document."""

from collections.abc import Callable
from decimal import Decimal as D

import pytest

from desktop.blank import new_document, new_project
from desktop.families import family
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
    dept.tables["long_term"] = [r.copy() for r in rows]
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
    ("required", lambda d: setattr(_row(d, 0), "target", ""), "指标值未填写",
     Location(0, 0, "indicators", 0, "target")),
    ("required", lambda d: setattr(_row(d, 0), "level3", ""), "三级指标未填写",
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
    ("basis-missing", lambda d: setattr(_row(d, 0), "basis", ""), "依据未填写",
     Location(0, 0, "indicators", 0, "basis")),
    ("description-missing", lambda d: setattr(_row(d, 0), "description", ""), "描述未填写",
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
    assert problem.message == "2022年指标值未填写"
    assert describe_location(doc, problem.location) == "年度绩效指标第1行 › 2022年指标值"


def test_n_money_and_special_funds():
    doc = clean_n()
    dept = doc.departments[0]
    dept.money["basic"].amount = D("134.8")
    assert [p.message for p in _only(doc, "money-sum")] == ["按支出性质分各项之和为173.398，资金总额填写为173.4271"]
    doc = clean_n()
    doc.departments[0].special_total = D("40")
    assert [p.message for p in _only(doc, "special-sum")] == ["各子项金额之和为38.598，合计填写为40"]
    doc = clean_n()
    doc.departments[0].projects[1].budget = D("40")
    doc.departments[0].special_total = D("41.878")
    assert [p.message for p in _only(doc, "project-spending")] == ["项目预算合计41.878超过部门项目支出38.598"]


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
        ("资金总额未填写", "年度预算申请 › 资金总额 › 金额")]
