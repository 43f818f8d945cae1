"""Quick fixes: for a problem with one obvious correction, the correction as data.

``fix_for(doc, problem, floor)`` gives the values to write (and, for a spending plan lacking its
last checkpoint, the points to add); the window applies them as one undoable command. Offered for
``>=30件`` → ``≥30件`` (the review's ``notation``), a 合计 or 占比 recomputed (``money-sum``,
``money-share``), a ``**`` template hint removed (``placeholder``), a satisfaction target given a
number from the floor (``satisfaction-number``, ``satisfaction-floor``) and a plan's last
checkpoint set to 100 (``plan-end``). Free of Qt.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from desktop import edits
from desktop.edits import ListRef
from desktop.families import Family, TableDef, family
from desktop.model import Document, PlanPoint
from desktop.review import config
from desktop.rules import Location, Problem
from desktop.values import format_amount, parse_amount

_HUNDRED = Decimal(100)


@dataclass(frozen=True)
class Fix:
    """What a fix does: ``label`` names it (修正为“≥30件”), ``changes`` are the values to write,
    ``insert`` rows to add first (list, position, rows)."""

    label: str
    changes: tuple[tuple[Location, Any], ...] = ()
    insert: tuple[ListRef, int, tuple[Any, ...]] | None = None


def _amount(value: Any) -> Decimal | None:
    if value is None or isinstance(value, Decimal):
        return value
    try:
        return parse_amount(str(value))
    except ValueError:
        raise InvalidOperation from None


def _money(doc: Document, d: int, key: str, column: str) -> Decimal | None:
    line = doc.departments[d].money.get(key)
    if line is None:
        raise InvalidOperation
    return _amount(edits.get_value(doc, Location(d, table=edits.MONEY, field=key, column=column)))


def _money_sum(doc: Document, fam: Family, loc: Location) -> Fix | None:
    if fam.money is None or loc.field is None or loc.column is None:
        return None
    groups = [g for g in fam.money.groups if g.total == loc.field]
    sums = set()
    for group in groups:
        values = [_money(doc, loc.dept, k, loc.column) for k in group.members]
        sums.add(edits.amount_sum(values) or Decimal(0))
    if len(sums) != 1:
        return None             # groups sharing a total disagree: no one obvious total
    total = sums.pop()
    return Fix(f"合计改为各项之和{format_amount(total)}", ((loc, total),))


def _money_share(doc: Document, fam: Family, loc: Location) -> Fix | None:
    if fam.money is None or loc.field is None:
        return None
    group = next((g for g in fam.money.groups if loc.field in (*g.members, g.total)), None)
    if group is None:
        return None
    total = _money(doc, loc.dept, group.total, "amount")
    amount = _money(doc, loc.dept, loc.field, "amount") or Decimal(0)
    if not total:
        return None
    share = (amount * _HUNDRED / total).quantize(Decimal("0.01"))
    return Fix(f"占比改为{format_amount(share)}%", ((loc, share),))


def _table(fam: Family, loc: Location) -> TableDef | None:
    owner = fam.project if loc.project is not None else fam.department
    section = owner.section(loc.table or "") if owner is not None else None
    return section.table if section is not None else None


def _satisfaction(doc: Document, fam: Family, loc: Location, floor: Decimal) -> Fix | None:
    table = _table(fam, loc)
    if table is None or loc.row is None:
        return None
    number = format(floor.normalize(), "f")
    target = table.by_role("target")
    ref = ListRef(loc.dept, loc.project, loc.table or "")
    if target is not None:
        value = f"≥{number}%"
        return Fix(f"指标值改为“{value}”", ((ref.cell(loc.row, target.key), value),))
    cells = [(table.by_role("comparator"), "≥"), (table.by_role("number"), number), (table.by_role("unit"), "%")]
    changes = tuple((ref.cell(loc.row, c.key), v) for c, v in cells if c is not None)
    return Fix(f"指标值改为“≥{number}%”", changes) if changes else None


def _placeholder(doc: Document, fam: Family, loc: Location) -> Fix | None:
    text = edits.get_value(doc, loc)
    if not isinstance(text, str):
        return None
    for mark in fam.checks.placeholders:
        pattern = config().hint_pattern.replace("MARK", re.escape(mark))
        cleaned = re.sub(pattern, "", text).strip()
        if cleaned != text.strip() and mark not in cleaned and cleaned:
            return Fix(f"删去表样提示，改为“{cleaned}”", ((loc, cleaned),))
    return None


def _notation(doc: Document, loc: Location) -> Fix | None:
    text = edits.get_value(doc, loc)
    if not isinstance(text, str):
        return None
    fixed = text
    for old, new in config().rules["notation"]["replace"].items():
        fixed = fixed.replace(old, new)
    return Fix(f"改为“{fixed}”", ((loc, fixed),)) if fixed != text else None


def _plan_end(doc: Document, fam: Family, loc: Location) -> Fix | None:
    if loc.project is None:
        return None
    ref = ListRef(loc.dept, loc.project, edits.PLAN)
    points = edits.rows_of(doc, ref)
    if not points:
        return None
    owner = fam.project
    plan = next((s for s in owner.sections if s.kind == "plan"), None) if owner is not None else None
    checkpoints = plan.checkpoints if plan is not None else ()
    have = {p.label for p in points}
    missing = [label for label in checkpoints if label not in have]
    if missing and checkpoints and checkpoints[-1] in missing:
        rows = tuple(PlanPoint(label, _HUNDRED if label == checkpoints[-1] else None) for label in missing)
        return Fix(f"补齐节点{'、'.join(missing)}，“{checkpoints[-1]}”设为100%",
                   insert=(ref, len(points), rows))
    last = len(points) - 1
    return Fix(f"“{points[last].label}”设为100%", ((ref.cell(last, "percent"), _HUNDRED),))


def fix_for(doc: Document, problem: Problem, floor: Decimal) -> Fix | None:
    """The one obvious correction of ``problem``, or None when there is none."""
    fam = family(doc.family)
    loc = problem.location
    try:
        if problem.rule == "money-sum":
            return _money_sum(doc, fam, loc)
        if problem.rule == "money-share":
            return _money_share(doc, fam, loc)
        if problem.rule in ("satisfaction-number", "satisfaction-floor"):
            return _satisfaction(doc, fam, loc, floor)
        if problem.rule == "placeholder":
            return _placeholder(doc, fam, loc)
        if problem.rule == "notation":
            return _notation(doc, loc)
        if problem.rule == "plan-end":
            return _plan_end(doc, fam, loc)
    except (InvalidOperation, IndexError, KeyError, TypeError):
        return None             # the place has gone or holds what no fix can read
    return None
