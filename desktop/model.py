"""The document being edited: plain dataclasses, amounts as ``Decimal``.

One model serves every form family. Which fields, sections, tables and checkpoints a family
shows is declared in ``resources/families/*.json`` (see ``families.py``); the model simply
holds everything any family may need, and unused parts stay empty.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

Amount = Decimal | None

# Indicator text fields, in the order the widest form shows them.
INDICATOR_FIELDS: tuple[str, ...] = (
    "level1", "level2", "level3", "description", "target", "basis", "remark", "category",
)
PRIOR_COUNT = 2  # 近两年指标值: the two years before the fiscal year


@dataclass
class Indicator:
    """One row of an indicator table (绩效指标)."""

    level1: str = ""
    level2: str = ""
    level3: str = ""
    description: str = ""   # 绩效指标描述
    target: str = ""        # 指标值, exactly as typed
    basis: str = ""         # 指标值确定依据
    remark: str = ""        # 备注
    category: str = ""      # 指标分类
    prior: list[str] = field(default_factory=lambda: ["", ""])  # oldest year first

    def copy(self) -> Indicator:
        return Indicator(**{k: getattr(self, k) for k in INDICATOR_FIELDS}, prior=list(self.prior))


@dataclass
class PlanPoint:
    """One checkpoint of the spending plan: cumulative percent spent by ``label``."""

    label: str
    percent: Amount = None


@dataclass
class Project:
    """A budget project (河北) or a special-fund sub-item (湖南 支出方向)."""

    code: str = ""
    name: str = ""
    budget: Amount = None     # 预算数 / 项目金额
    fiscal: Amount = None     # 其中：财政资金
    other: Amount = None      # 其他资金
    use: str = ""             # 资金用途
    plan: list[PlanPoint] = field(default_factory=list)
    goal: str = ""            # 绩效目标 / 年度绩效目标
    period: str = ""          # 项目实施期
    period_goal: str = ""     # 实施期绩效目标
    special: str = ""         # 所属专项
    indicators: list[Indicator] = field(default_factory=list)

    def copy(self) -> Project:
        return Project(
            code=self.code, name=self.name, budget=self.budget, fiscal=self.fiscal,
            other=self.other, use=self.use,
            plan=[PlanPoint(p.label, p.percent) for p in self.plan],
            goal=self.goal, period=self.period, period_goal=self.period_goal,
            special=self.special, indicators=[i.copy() for i in self.indicators],
        )


@dataclass
class SubGoal:
    """分项绩效目标: a titled sub-goal with its indicator line."""

    title: str = ""
    goal: str = ""
    indicators: str = ""


@dataclass
class Measure:
    """工作保障措施: one numbered measure."""

    title: str = ""
    text: str = ""


@dataclass
class WorkItem:
    """年度重点工作计划: one row."""

    item: str = ""
    unit: str = ""
    goal: str = ""


@dataclass
class MoneyLine:
    """One line of a department money table: this year's amount, its typed share, prior years."""

    amount: Amount = None
    share: Amount = None      # 占比 in percent, as typed
    prior: list[Amount] = field(default_factory=lambda: [None, None])  # oldest year first


@dataclass
class Department:
    unit_code: str = ""
    unit_name: str = ""
    supervisor: str = ""      # 主管部门 / 填报单位
    preparer: str = ""        # 填报人
    phone: str = ""           # 联系电话
    texts: dict[str, str] = field(default_factory=dict)   # text sections by family key
    sub_goals: list[SubGoal] = field(default_factory=list)
    measures: list[Measure] = field(default_factory=list)
    work_plan: list[WorkItem] = field(default_factory=list)
    money: dict[str, MoneyLine] = field(default_factory=dict)
    special_total: Amount = None  # 专项资金合计 as typed
    tables: dict[str, list[Indicator]] = field(default_factory=dict)
    projects: list[Project] = field(default_factory=list)


@dataclass
class Document:
    year: int
    family: str
    unit: str = "万元"
    draft: bool = False       # 河北 cover: （草案）
    departments: list[Department] = field(default_factory=list)

    @property
    def prior_years(self) -> tuple[int, int]:
        return (self.year - 2, self.year - 1)

    def indicator_count(self) -> int:
        return sum(
            len(p.indicators) for d in self.departments for p in d.projects
        ) + sum(len(t) for d in self.departments for t in d.tables.values())
