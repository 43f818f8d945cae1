"""The document being edited: values by the keys the form family declares.

A department and a project are a ``Part``: ``values`` (field key → value), ``lists`` (list or
indicator-table key → rows) and ``totals`` (list key → column → the typed 合计). A row is a
``Row``: a dict of column key → text. A department also has its ``money`` lines and its
projects; a project its spending ``plan``. Any key is kept, whether the family declares it or
not (a file from a newer family keeps what the clerk typed). Texts are ``str``; amounts are
``Decimal`` (exact, as typed) or None.

A value that is absent reads as empty. Two documents are equal when they hold the same
non-empty values (an empty string, None and an absent key are the same thing).

The first model's attribute names (``dept.unit_name``, ``dept.texts``, ``dept.sub_goals``,
``project.budget``, ``ind.level1``, ``ind.prior[0]`` …) are kept as views onto these dicts, so
code written against them runs unchanged while it moves to keys.
"""

from __future__ import annotations

from collections.abc import Iterator, MutableMapping, MutableSequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

Amount = Decimal | None

# The first model's indicator fields, in the order the widest form shows them.
INDICATOR_FIELDS: tuple[str, ...] = (
    "level1", "level2", "level3", "description", "target", "basis", "remark", "category",
)
PRIOR_COUNT = 2  # the first model's 近两年指标值: the two years before the fiscal year


def _empty(value: Any) -> bool:
    return value is None or value == "" or (isinstance(value, (list, dict)) and not value)


def _filled(mapping: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in mapping.items() if not _empty(v)}


def _prior_index(key: str) -> int | None:
    return int(key[5:]) if key.startswith("prior") and key[5:].isdigit() else None


class _PriorView(MutableSequence):
    """``row.prior``: the ``prior0``, ``prior1`` … keys of a row as a list (oldest first)."""

    def __init__(self, row: Row) -> None:
        self._row = row

    def __len__(self) -> int:
        found = [i for i in map(_prior_index, self._row) if i is not None]
        return max(PRIOR_COUNT, max(found, default=-1) + 1)

    def __getitem__(self, i):  # type: ignore[override]
        if isinstance(i, slice):
            return [self[j] for j in range(len(self))[i]]
        if i < 0:
            i += len(self)
        if not 0 <= i < len(self):
            raise IndexError(i)
        return self._row.get(f"prior{i}", "")

    def __setitem__(self, i, value) -> None:  # type: ignore[override]
        if i < 0:
            i += len(self)
        self._row[f"prior{i}"] = value

    def __delitem__(self, i) -> None:  # type: ignore[override]
        raise TypeError("prior years are columns: set them, do not delete them")

    def insert(self, index: int, value: Any) -> None:
        raise TypeError("prior years are columns: set them, do not insert them")

    def __add__(self, other: list[Any]) -> list[Any]:
        return list(self) + list(other)

    def __radd__(self, other: list[Any]) -> list[Any]:
        return list(other) + list(self)

    def __eq__(self, other: object) -> bool:
        return list(self) == list(other) if isinstance(other, (list, _PriorView)) else NotImplemented

    def __repr__(self) -> str:
        return repr(list(self))


class Row(dict):
    """One row of a list or an indicator table: column key → text.

    Subclasses name the first model's fields (``ind.level1``) for code not yet moved to keys;
    those read as ``""`` when absent. ``prior`` is a list view of the ``priorI`` keys.
    """

    FIELDS: tuple[str, ...] = ()
    __slots__ = ()

    def __init__(self, *args: Any, prior: list[str] | None = None, **values: Any) -> None:
        super().__init__()
        if len(args) == len(self.FIELDS) + 1 and prior is None and isinstance(args[-1], list):
            *args, prior = args            # the first model's Indicator(…, prior)
        if len(args) > len(self.FIELDS):
            raise TypeError(f"{type(self).__name__} takes at most {len(self.FIELDS)} positional values")
        for name, value in zip(self.FIELDS, args, strict=False):
            values.setdefault(name, value)
        self.update({k: v for k, v in values.items() if not _empty(v)})
        for i, value in enumerate(prior or ()):
            if not _empty(value):
                self[f"prior{i}"] = value

    def __getattr__(self, name: str) -> Any:
        if name in type(self).FIELDS:
            return self.get(name, "")
        if name == "prior":
            return _PriorView(self)
        raise AttributeError(name)

    def __setattr__(self, name: str, value: Any) -> None:
        if name in type(self).FIELDS:
            self[name] = value
        elif name == "prior":
            for key in [k for k in self if _prior_index(k) is not None]:
                del self[key]
            for i, item in enumerate(value):
                self[f"prior{i}"] = item
        else:
            raise AttributeError(name)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, dict):
            return NotImplemented
        return _filled(self) == _filled(other)

    def __ne__(self, other: object) -> bool:
        result = self.__eq__(other)
        return result if result is NotImplemented else not result

    __hash__ = None  # type: ignore[assignment]

    def copy(self) -> Row:  # type: ignore[override]
        twin = type(self)()
        twin.update(self)
        return twin

    def __repr__(self) -> str:
        return f"{type(self).__name__}({dict.__repr__(self)})"


class Indicator(Row):
    """One row of an indicator table (绩效指标)."""

    FIELDS = INDICATOR_FIELDS
    __slots__ = ()


class SubGoal(Row):
    """分项绩效目标: a titled sub-goal with its indicator line."""

    FIELDS = ("title", "goal", "indicators")
    __slots__ = ()


class Measure(Row):
    """工作保障措施: one numbered measure."""

    FIELDS = ("title", "text")
    __slots__ = ()


class WorkItem(Row):
    """年度重点工作计划: one row."""

    FIELDS = ("item", "unit", "goal")
    __slots__ = ()


# The first model's row classes for the lists it knew; any other list holds plain ``Row``s.
ROW_CLASSES: dict[str, type[Row]] = {"sub_goals": SubGoal, "measures": Measure, "work_plan": WorkItem}


@dataclass
class PlanPoint:
    """One checkpoint of the spending plan: cumulative percent spent by ``label``."""

    label: str
    percent: Amount = None


@dataclass
class MoneyLine:
    """One line of a department money table: this year's amount, its typed share, prior years."""

    amount: Amount = None
    share: Amount = None      # 占比 in percent, as typed
    prior: list[Amount] = field(default_factory=lambda: [None] * PRIOR_COUNT)  # oldest year first

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, MoneyLine):
            return NotImplemented
        width = max(len(self.prior), len(other.prior))
        pad = [None] * width
        return (self.amount, self.share, (self.prior + pad)[:width]) == \
            (other.amount, other.share, (other.prior + pad)[:width])


class _KeyView(MutableMapping):
    """A part of a dict: the keys not in ``hidden`` (``dept.texts`` over ``dept.values``)."""

    def __init__(self, data: dict[str, Any], hidden: tuple[str, ...]) -> None:
        self._data = data
        self._hidden = hidden

    def __getitem__(self, key: str) -> Any:
        if key in self._hidden:
            raise KeyError(key)
        return self._data[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self._data[key] = value

    def __delitem__(self, key: str) -> None:
        if key in self._hidden:
            raise KeyError(key)
        del self._data[key]

    def __iter__(self) -> Iterator[str]:
        return (k for k in list(self._data) if k not in self._hidden)

    def __len__(self) -> int:
        return sum(1 for _ in self)

    def __repr__(self) -> str:
        return repr(dict(self))


def _value_property(key: str, default: Any) -> property:
    def get(self: Part) -> Any:
        return self.values.get(key, default)

    def set(self: Part, value: Any) -> None:
        self.values[key] = value

    return property(get, set)


def _list_property(key: str) -> property:
    def get(self: Part) -> list[Any]:
        return self.lists.setdefault(key, [])

    def set(self: Part, rows: list[Any]) -> None:
        self.lists[key] = rows

    return property(get, set)


class Part:
    """What a department and a project have in common."""

    values: dict[str, Any]
    lists: dict[str, list[Row]]
    totals: dict[str, dict[str, Any]]

    def _eq_key(self) -> tuple[Any, ...]:
        return (_filled(self.values), {k: v for k, v in self.lists.items() if v},
                {k: _filled(v) for k, v in self.totals.items() if _filled(v)})


_DEPARTMENT_VALUES = ("unit_code", "unit_name", "supervisor", "preparer", "phone", "special_total")
_DEPARTMENT_LISTS = ("sub_goals", "measures", "work_plan")


@dataclass(init=False, eq=False)
class Department(Part):
    """A unit (部门): its values and lists, its money table and its projects."""

    values: dict[str, Any]
    lists: dict[str, list[Row]]
    totals: dict[str, dict[str, Any]]
    money: dict[str, MoneyLine]
    projects: list[Project]

    def __init__(self, values: dict[str, Any] | None = None, lists: dict[str, list[Row]] | None = None,
                 totals: dict[str, dict[str, Any]] | None = None, money: dict[str, MoneyLine] | None = None,
                 projects: list[Project] | None = None, **old: Any) -> None:
        self.values = dict(values or {})
        self.lists = dict(lists or {})
        self.totals = dict(totals or {})
        self.money = dict(money or {})
        self.projects = list(projects or [])
        for name, value in old.items():
            if not hasattr(type(self), name):
                raise TypeError(f"Department has no field {name!r}")
            setattr(self, name, value)

    unit_code = _value_property("unit_code", "")
    unit_name = _value_property("unit_name", "")
    supervisor = _value_property("supervisor", "")
    preparer = _value_property("preparer", "")
    phone = _value_property("phone", "")
    special_total = _value_property("special_total", None)
    sub_goals = _list_property("sub_goals")
    measures = _list_property("measures")
    work_plan = _list_property("work_plan")

    @property
    def texts(self) -> MutableMapping[str, Any]:
        """The first model's text sections: every value but the header fields."""
        return _KeyView(self.values, _DEPARTMENT_VALUES)

    @texts.setter
    def texts(self, texts: dict[str, str]) -> None:
        for key in list(self.texts):
            del self.values[key]
        self.values.update(texts)

    @property
    def tables(self) -> MutableMapping[str, list[Row]]:
        """The first model's indicator tables: every list but the three lists it knew."""
        return _KeyView(self.lists, _DEPARTMENT_LISTS)

    @tables.setter
    def tables(self, tables: dict[str, list[Row]]) -> None:
        for key in list(self.tables):
            del self.lists[key]
        self.lists.update(tables)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Department):
            return NotImplemented
        return (self._eq_key(), self.money, self.projects) == (other._eq_key(), other.money, other.projects)


@dataclass(init=False, eq=False)
class Project(Part):
    """A budget project (河北) or a special-fund sub-item (湖南 支出方向)."""

    values: dict[str, Any]
    lists: dict[str, list[Row]]
    totals: dict[str, dict[str, Any]]
    plan: list[PlanPoint]

    def __init__(self, values: dict[str, Any] | None = None, lists: dict[str, list[Row]] | None = None,
                 totals: dict[str, dict[str, Any]] | None = None, plan: list[PlanPoint] | None = None,
                 **old: Any) -> None:
        self.values = dict(values or {})
        self.lists = dict(lists or {})
        self.totals = dict(totals or {})
        self.plan = list(plan or [])
        for name, value in old.items():
            if not hasattr(type(self), name):
                raise TypeError(f"Project has no field {name!r}")
            setattr(self, name, value)

    code = _value_property("code", "")
    name = _value_property("name", "")
    budget = _value_property("budget", None)     # 预算数 / 项目金额
    fiscal = _value_property("fiscal", None)     # 其中：财政资金
    other = _value_property("other", None)       # 其他资金
    use = _value_property("use", "")
    goal = _value_property("goal", "")
    period = _value_property("period", "")
    period_goal = _value_property("period_goal", "")
    special = _value_property("special", "")
    indicators = _list_property("indicators")

    def copy(self) -> Project:
        """A deep copy: the copy shares no dict, row or plan point with this project."""
        return Project(
            values=dict(self.values),
            lists={k: [row.copy() for row in rows] for k, rows in self.lists.items()},
            totals={k: dict(v) for k, v in self.totals.items()},
            plan=[PlanPoint(p.label, p.percent) for p in self.plan],
        )

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Project):
            return NotImplemented
        return (self._eq_key(), self.plan) == (other._eq_key(), other.plan)


@dataclass
class Document:
    """A whole project file: the year, the form family, the money unit and the departments."""

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
            len(rows) for d in self.departments for part in (d, *d.projects)
            for rows in part.lists.values() if rows and isinstance(rows[0], Indicator)
        )
