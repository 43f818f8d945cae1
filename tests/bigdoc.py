"""A large, realistic family-H document for benchmarks: 200 projects of 50 indicators."""

from __future__ import annotations

from decimal import Decimal

from desktop.blank import new_document, new_project
from desktop.families import family
from desktop.model import Document, Indicator, Measure, SubGoal

_ROWS = [
    ("产出指标", "数量指标", "完成维稳任务", "维稳任务数量", "≥{n}次", "各级省市安保文件"),
    ("产出指标", "质量指标", "执行合格率", "任务执行合格率", "≥95%", "各级省市安保文件"),
    ("产出指标", "时效指标", "工作及时性", "按时完成各项活动相关工作", "100%", "年度工作计划"),
    ("产出指标", "成本指标", "成本控制率", "支出在计划范围内", "≤{budget}万元", "预算批复"),
    ("效益指标", "社会效益指标", "维护社会稳定", "维护社会稳定，促进社会和谐", "信访总量下降{n}%", "年度工作计划"),
    ("满意度指标", "服务对象满意度指标", "人民群众满意度", "受益群众满意度", "≥{sat}%", "问卷调查"),
]


def big_document(projects: int = 200, per_project: int = 50) -> Document:
    fam = family("H")
    doc = new_document("H", 2026, "154001", "滦平县信访局本级")
    dept = doc.departments[0]
    dept.texts["overall_goal"] = "紧紧围绕“维稳是第一责任”理念，狠抓群众合理诉求的解决。" * 20
    dept.sub_goals = [SubGoal(f"分项目标{i}", "落实首办责任。" * 10, "信访事项及时受理率") for i in range(5)]
    dept.measures = [Measure(f"措施{i}", "积极发挥信访联席会议的统筹调度作用。" * 5) for i in range(3)]
    for p in range(projects):
        project = new_project(fam)
        budget = Decimal(10 + p % 90) + Decimal("0.25")
        project.code = f"13082426P{p:012d}"
        project.name = f"信访工作保障经费{p + 1}"
        project.budget, project.fiscal = budget, budget
        project.use = "用于驻京驻秦驻石家庄等地维稳支出及信访局日常工作支出。"
        project.goal = "1.保证信访局工作正常运转。\n2.维护社会大局稳定。"
        for point, percent in zip(project.plan, ("25", "50", "75", "100")):
            point.percent = Decimal(percent)
        for i in range(per_project):
            l1, l2, l3, desc, target, basis = _ROWS[i % len(_ROWS)]
            project.indicators.append(Indicator(
                l1, l2, f"{l3}{i // len(_ROWS) + 1}", desc,
                target.format(n=i + p % 7, budget=budget, sat=90 + i % 10), basis,
            ))
        dept.projects.append(project)
    return doc
