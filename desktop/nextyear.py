"""新建下一年度: next year's document made from this one, and the marks of the values it carried.

Everything follows the family's declarations, never a family id: the money table's
``prior_years`` and the indicator tables' ``history`` columns (``offset`` −1 for last year, −2 …).
In the new document every value keeps its calendar year: a history column takes the value of the
column one year newer, and the newest (offset −1) takes this year's 当年金额 or 指标值, which was a
budget or an expected value and is now to be confirmed as the actual figure. The year labels and
titles are templates (``{year}``, ``{year-1}``) and follow the new year by themselves.

**The mark.** A carried value is remembered with the text it was carried as, under the key
``CARRIED`` — a key no family can declare (family keys are ``[a-z][a-z0-9_]*``), so it never
collides with a field and is saved and read back like any kept key:

- an indicator row: ``row[CARRIED]`` is a JSON object ``{"prior1": "100%"}`` (column → value);
  the mark travels with its row when rows are moved, copied or deleted;
- the department's money lines: ``dept.values[CARRIED]`` is ``{"fiscal.prior1": "593.27"}``
  (line key ``.`` column → amount), as a money line has no room of its own.

``carried_problems`` gives a 提示 (rule ``carried-over``) for each mark whose cell still holds the
carried value: a clerk who types the actual figure clears it by that edit; a clerk who finds the
value right clears it with ``confirm_change`` (one ``set_value``, so one undoable command).
"""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from desktop.families import Family, FieldDef, TableDef, family
from desktop.model import Department, Document, Part
from desktop.rules import Location, Problem, RuleSettings, Severity, check, load_settings
from desktop.values import format_amount

CARRIED = "_carried"
RULE = "carried-over"
MONEY = "money"


# ---------------------------------------------------------------- reading the family

def has_draft(fam: Family) -> bool:
    """Whether the family's printed form has a 草案 mark (a print item shown ``if`` draft)."""
    def walk(node: Any) -> bool:
        if isinstance(node, dict):
            return node.get("if") == "draft" or any(walk(v) for v in node.values())
        if isinstance(node, list):
            return any(walk(v) for v in node)
        return False
    return walk(fam.print)


def _owners(doc: Document, fam: Family) -> Iterator[tuple[int, int | None, Part, tuple[TableDef, ...]]]:
    """(dept, project, part, its indicator tables) for the department and each project."""
    for d, dept in enumerate(doc.departments):
        if fam.department is not None:
            yield d, None, dept, fam.department.tables
        if fam.project is not None:
            for p, project in enumerate(dept.projects):
                yield d, p, project, fam.project.tables


def _current(table: TableDef, row: dict[str, Any]) -> str:
    """This year's value of an indicator row, as a past year's column holds it: the 指标值, or a
    split target's number with its unit (the comparator is the target's, not the figure's)."""
    target = table.by_role("target")
    if target is not None:
        return _text(row.get(target.key))
    parts = [table.by_role("number"), table.by_role("unit")]
    return "".join(_text(row.get(c.key)) for c in parts if c is not None).strip()


def _text(value: Any) -> str:
    if value is None:
        return ""
    return format_amount(value) if isinstance(value, Decimal) else str(value)


def _label(template: str, year: int) -> str:
    """A column label with its year templates filled in (``{year-1}年`` → ``2024年``)."""
    def fill(match: re.Match[str]) -> str:
        return str(year - int(match.group(1) or 0))
    return re.sub(r"\{year(?:-(\d+))?\}", fill, template)


# ---------------------------------------------------------------- marks

def read_marks(text: Any) -> dict[str, str]:
    """A mark's entries; a mark that is not one (edited by hand) holds none."""
    if not isinstance(text, str) or not text.strip():
        return {}
    try:
        raw = json.loads(text)
    except ValueError:
        return {}
    if not isinstance(raw, dict):
        return {}
    return {str(k): v for k, v in raw.items() if isinstance(v, str)}


def write_marks(marks: dict[str, str]) -> str:
    return json.dumps(marks, ensure_ascii=False, separators=(",", ":")) if marks else ""


def _set_marks(container: dict[str, Any], marks: dict[str, str]) -> None:
    if marks:
        container[CARRIED] = write_marks(marks)
    else:
        container.pop(CARRIED, None)


# ---------------------------------------------------------------- next year

@dataclass(frozen=True)
class NextYear:
    """Next year's document and what making it did, for the dialog and the command line."""

    doc: Document
    moved: int          # filled values now one column older
    carried: int        # this year's values now in last year's column, marked to confirm
    dropped: int        # filled values whose year is no longer shown
    cleared: int        # amounts cleared (the clerk chose to clear them)
    draft: bool         # 草案 set

    def details(self) -> list[str]:
        """What moved, was carried, dropped and cleared, one Chinese phrase each."""
        year = self.doc.year - 1
        parts = []
        if self.carried:
            parts.append(f"{self.carried}个{year}年的当年数值已填入“{year}年”一栏，"
                         "标为待核实（检查结果中的提示），请核实为实际数")
        if self.moved:
            parts.append(f"{self.moved}个往年数值随年份移到前一栏")
        if self.dropped:
            parts.append(f"{self.dropped}个更早年份的数值已不在表内年份中，未带入")
        if self.cleared:
            parts.append(f"{self.cleared}项金额已清空")
        if self.draft:
            parts.append("已标注“草案”")
        return parts

    def summary(self) -> str:
        """What was done, in one Chinese sentence."""
        doc = self.doc
        head = f"已生成{doc.year}年度文档（由{doc.year - 1}年度生成，原文件没有改动）"
        return "；".join([head, *self.details()]) + "。"


def next_year(doc: Document, *, keep_amounts: bool = True, draft: bool | None = None) -> NextYear:
    """Next year's document made from ``doc`` (which is not changed).

    ``keep_amounts``: this year's amounts (money lines and their shares, amount fields, amount
    columns of lists and their 合计) stay as next year's starting figures, or are cleared.
    ``draft``: the 草案 mark; by default set where the family prints one.
    """
    fam = family(doc.family)
    new = copy.deepcopy(doc)
    new.year = doc.year + 1
    counts = {"moved": 0, "carried": 0, "dropped": 0, "cleared": 0}
    if fam.money is not None:
        for dept in new.departments:
            _shift_money(dept, fam.money.prior_years, keep_amounts, counts)
    for _d, _p, part, tables in _owners(new, fam):
        for table in tables:
            if table.history:
                for row in part.lists.get(table.key, []):
                    _shift_row(table, row, counts)
    if not keep_amounts:
        for _d, _p, part, _tables in _owners(new, fam):
            owner = fam.department if isinstance(part, Department) else fam.project
            assert owner is not None
            counts["cleared"] += _clear_amounts(part, owner.all_fields, owner.lists)
    new.draft = has_draft(fam) if draft is None else draft
    return NextYear(new, counts["moved"], counts["carried"], counts["dropped"], counts["cleared"], new.draft)


def _filled(value: Any) -> bool:
    return value is not None and _text(value).strip() != ""


def _shift_money(dept: Department, count: int, keep: bool, counts: dict[str, int]) -> None:
    marks = read_marks(dept.values.get(CARRIED))
    moved_marks: dict[str, str] = {k: v for k, v in marks.items() if not _in_money_history(k, count)}
    for key, line in dept.money.items():
        if count:
            old = [line.prior[i] if i < len(line.prior) else None for i in range(count)] + [line.amount]
            while len(line.prior) < count:
                line.prior.append(None)
            if _filled(old[0]):
                counts["dropped"] += 1
            for i in range(count):              # prior i (year − count + i) takes the year after it
                line.prior[i] = old[i + 1]
                if i < count - 1:
                    if _filled(old[i + 1]):
                        counts["moved"] += 1
                    mark = marks.get(f"{key}.prior{i + 1}")
                    if mark is not None:
                        moved_marks[f"{key}.prior{i}"] = mark
            if line.amount is not None:
                counts["carried"] += 1
                moved_marks[f"{key}.prior{count - 1}"] = _text(line.amount)
        if not keep:
            counts["cleared"] += (line.amount is not None) + (line.share is not None)
            line.amount = line.share = None
    _set_marks(dept.values, moved_marks)


def _in_money_history(mark: str, count: int) -> bool:
    column = mark.rpartition(".")[2]
    return column.startswith("prior") and column[5:].isdigit() and int(column[5:]) < count


def _shift_row(table: TableDef, row: dict[str, Any], counts: dict[str, int]) -> None:
    history = table.history                                  # oldest first
    by_offset = {c.offset or 0: c for c in history}
    old = {offset: row.get(c.key, "") for offset, c in by_offset.items()}
    old[0] = _current(table, row)
    marks = read_marks(row.get(CARRIED))
    keys = {c.key for c in history}
    kept = {k: v for k, v in marks.items() if k not in keys}
    oldest = min(by_offset)
    if _filled(old[oldest]):
        counts["dropped"] += 1
    for offset, column in by_offset.items():
        source = old.get(offset + 1, "")
        if source or column.key in row:
            row[column.key] = source
        if offset + 1 == 0:
            if _filled(source):
                counts["carried"] += 1
                kept[column.key] = source
        elif offset + 1 in by_offset:
            if _filled(source):
                counts["moved"] += 1
            mark = marks.get(by_offset[offset + 1].key)
            if mark is not None:
                kept[column.key] = mark
    _set_marks(row, kept)


def _clear_amounts(part: Part, fields: tuple[FieldDef, ...], lists: tuple[Any, ...]) -> int:
    cleared = 0
    for f in fields:
        if f.type == "amount" and _filled(part.values.get(f.key)):
            part.values[f.key] = None
            cleared += 1
    for section in lists:
        amounts = [c.key for c in section.columns if c.type == "amount"]
        for row in part.lists.get(section.key, []):
            for key in amounts:
                if _filled(row.get(key)):
                    row[key] = ""
                    cleared += 1
        totals = part.totals.get(section.key) or {}
        for key in amounts:
            if _filled(totals.get(key)):
                totals[key] = None
                cleared += 1
    return cleared


# ---------------------------------------------------------------- the 提示 of carried values

def _same(carried: str, value: Any) -> bool:
    if isinstance(value, Decimal) or value is None:
        try:
            return value is not None and Decimal(carried) == value
        except InvalidOperation:
            return False
    return carried.strip() == _text(value).strip()


def carried_problems(doc: Document, settings: RuleSettings | None = None) -> list[Problem]:
    """A 提示 for each carried value the clerk has neither changed nor confirmed, in document order."""
    fam = family(doc.family)
    severity = (settings or load_settings()).severity.get(RULE, Severity.INFO)
    problems: list[Problem] = []
    hint = "核实后改为实际数；数值无误时确认即可"
    for d, p, part, tables in _owners(doc, fam):
        if p is None and fam.money is not None and isinstance(part, Department):
            money = fam.money
            for mark, carried in read_marks(part.values.get(CARRIED)).items():
                key, _, column = mark.rpartition(".")
                line = part.money.get(key)
                if line is None or not _in_money_history(mark, money.prior_years):
                    continue
                i = int(column[5:])
                value = line.prior[i] if i < len(line.prior) else None
                if _same(carried, value):
                    year = doc.year - money.prior_years + i
                    problems.append(Problem(RULE, severity,
                                            f"{year}年的金额{carried}是{year}年度文档中的当年金额，请核实为实际数",
                                            hint, Location(d, table=MONEY, field=key, column=column)))
        for table in tables:
            columns = {c.key: c for c in table.history}
            for r, row in enumerate(part.lists.get(table.key, [])):
                if CARRIED not in row:
                    continue
                for key, carried in read_marks(row.get(CARRIED)).items():
                    column = columns.get(key)
                    if column is None or not _same(carried, row.get(key)):
                        continue
                    year = doc.year + (column.offset or 0)
                    label = _label(column.label, doc.year)
                    problems.append(Problem(RULE, severity,
                                            f"“{label}”一栏的“{carried}”是{year}年度文档中的预期值，请核实为实际完成值",
                                            hint, Location(d, p, table.key, r, key)))
    return problems


def confirm_change(doc: Document, loc: Location) -> tuple[Location, str] | None:
    """The one change (for ``edits.set_value``) that clears the mark of the carried value at
    ``loc``; None when the value there carries none (or the place is gone)."""
    if not 0 <= loc.dept < len(doc.departments):
        return None
    dept = doc.departments[loc.dept]
    if loc.table == MONEY and loc.project is None:
        marks = read_marks(dept.values.get(CARRIED))
        entry = f"{loc.field}.{loc.column}"
        if entry not in marks:
            return None
        del marks[entry]
        return Location(loc.dept, field=CARRIED), write_marks(marks)
    if loc.table is None or loc.row is None or loc.field is None:
        return None
    if loc.project is not None and not 0 <= loc.project < len(dept.projects):
        return None
    part: Part = dept.projects[loc.project] if loc.project is not None else dept
    rows = part.lists.get(loc.table, [])
    if not 0 <= loc.row < len(rows):
        return None
    marks = read_marks(rows[loc.row].get(CARRIED))
    if loc.field not in marks:
        return None
    del marks[loc.field]
    return Location(loc.dept, loc.project, loc.table, loc.row, CARRIED), write_marks(marks)


def confirm_all_changes(doc: Document) -> list[tuple[Location, str]]:
    """The changes that clear every mark still shown as a 提示 (one per mark, for one undo step)."""
    changes: dict[Location, dict[str, str]] = {}
    for problem in carried_problems(doc):
        loc = problem.location
        change = confirm_change(doc, loc)
        if change is None:
            continue
        where = change[0]
        marks = changes.setdefault(where, read_marks(_mark_text(doc, where)))
        marks.pop(f"{loc.field}.{loc.column}" if loc.table == MONEY else str(loc.field), None)
    return [(where, write_marks(marks)) for where, marks in changes.items()]


def _mark_text(doc: Document, where: Location) -> Any:
    dept = doc.departments[where.dept]
    if where.table is None:
        return dept.values.get(CARRIED)
    part: Part = dept.projects[where.project] if where.project is not None else dept
    return part.lists[where.table][where.row or 0].get(CARRIED)


def check_all(doc: Document, settings: RuleSettings | None = None) -> list[Problem]:
    """The checker's problems and the carried values' 提示; a mark is not reported as content the
    form does not declare (until ``rules.check`` knows ``CARRIED`` itself)."""
    problems = [p for p in check(doc, settings) if not (p.rule == "undeclared" and p.location.field == CARRIED)]
    if any(p.rule == RULE for p in problems):        # the checker reports them itself
        return problems
    return problems + carried_problems(doc, settings)

