"""The official forms as neutral grids: rows of cells with text, spans and alignment.

Each table of a form is laid out once from the document; the Word and Excel writers only draw
the grid, so both files show the same form. Labels come from the family definition wherever it
declares them; the constants below are the fixed wording of the printed forms themselves.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal
from functools import lru_cache
from itertools import combinations, pairwise, zip_longest
from typing import Any

from desktop.errors import ExportError
from desktop.families import Family, FieldDef, MoneyDef, TableDef, family
from desktop.model import PRIOR_COUNT, Department, Document, Indicator, PlanPoint, Project
from desktop.rules import has_content
from desktop.text import clean_text
from desktop.values import format_amount

LEFT, CENTER, RIGHT = "left", "center", "right"

# Fixed wording of the printed forms (not declared by the families).
BUDGET_LABEL = "预算规模及资金用途"
PLAN_LABEL = "资金支出计划（%）"
FUNDS_LABEL = "总体资金情况"
CURRENT_LABEL = "当年金额"
SHARE_LABEL = "占比"
PRIOR_MONEY_LABEL = "近两年收支金额"
WORK_PLAN_COLUMNS = ("事项", "责任单位/科室", "工作目标")
SPECIAL_AMOUNT_LABEL = "金额"
SPECIAL_TOTAL_LABEL = "合  计"     # two spaces, as the form prints it
SERIAL_LABEL = "序号"
GOAL_PREFIX = "绩效目标："
INDICATORS_PREFIX = "绩效指标："

# Columns whose text is a free sentence and reads better left-aligned.
_SENTENCE_COLUMNS = frozenset({"description", "basis", "remark"})
# A clerk's own numbering at the start of a title: 1、 1. 1． （一） (一) 一、 — never bare digits,
# which may be a year (2025年…).
_NUMBERED = re.compile(r"^\s*(?:\d+[、.．]|[（(][一二三四五六七八九十百零]+[）)]|[一二三四五六七八九十百零]+、)")
_LIST_ITEM = re.compile(r"^\s*\d+[、.．]")
_END_PUNCTUATION = frozenset("。！？；：.!?;:")
_SURROGATES = re.compile(r"[\ud800-\udfff]")
_DIGITS = "零一二三四五六七八九"
_UNITS = ("", "十", "百", "千")


@dataclass(frozen=True, slots=True)
class Cell:
    """One cell placed at grid column ``col``; ``number`` is the amount behind ``text``, if any."""

    col: int
    text: str = ""
    span: int = 1
    rows: int = 1
    align: str = CENTER
    number: Decimal | None = None
    percent: bool = False   # ``number`` is a percentage: Excel stores 65.72 as 0.6572 shown 65.72%
    header: bool = False    # a column heading, printed bold


@dataclass(frozen=True, slots=True)
class Row:
    cells: tuple[Cell, ...]


def heading_row(*cells: Cell) -> Row:
    return Row(tuple(replace(c, header=True) for c in cells))


@dataclass
class Table:
    """One table of the form with what is printed above it."""

    name: str                       # short name, the Excel sheet's before cleaning
    title: str
    widths: tuple[float, ...]       # column widths in millimetres at print size
    rows: list[Row] = field(default_factory=list)
    caption_left: str = ""          # unit header line above the table
    caption_right: str = ""         # 单位：万元
    kicker: str = ""                # 附件2 above the title
    landscape: bool = False
    heading: bool = False           # the title is a heading listed in the Word table of contents
    # (first row, count) of each header band: the column headings of an indicator block (or of a
    # list), repeated at the top of every printed page the block runs onto.
    header_bands: list[tuple[int, int]] = field(default_factory=list)
    # The row after each band's block (parallel to ``header_bands``; the table's end when omitted):
    # rows that follow a block, such as 年度目标, are not headed by the block's headings.
    band_ends: list[int] = field(default_factory=list)

    @property
    def columns(self) -> int:
        return len(self.widths)


@lru_cache(maxsize=65536)
def display_width(line: str) -> int:
    """Width in Latin character cells: a Chinese character counts two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in line)


def text(value: str) -> str:
    """Text as it may appear in a file: no control characters, no lone surrogates, trimmed."""
    return _SURROGATES.sub("", clean_text(value)).strip()


def chinese_number(n: int) -> str:
    """1 → 一, 12 → 十二, 105 → 一百零五 (up to 9999; larger numbers stay in digits)."""
    if not 0 < n < 10000:
        return str(n)
    if n < 20:
        return ("十" if n >= 10 else "") + (_DIGITS[n % 10] if n % 10 or n < 10 else "")
    digits = str(n)
    parts: list[str] = []
    pending_zero = False
    for i, ch in enumerate(digits):
        if ch == "0":
            pending_zero = True
            continue
        if pending_zero and parts:
            parts.append("零")
        pending_zero = False
        parts.append(_DIGITS[int(ch)] + _UNITS[len(digits) - 1 - i])
    return "".join(parts)


def has_number(title: str) -> bool:
    """Whether ``title`` starts with a clerk's own numbering (``1、`` ``1.`` ``（一）`` ``一、``)."""
    return bool(_NUMBERED.match(title))


def numbered(index: int, title: str) -> str:
    """``（一）title`` unless the clerk already numbered it."""
    title = text(title)
    return title if has_number(title) else f"（{chinese_number(index)}）{title}"


def is_list_item(title: str) -> bool:
    """A title the clerk numbered as a list item (``1、`` ``1.``), run in before its text."""
    return bool(_LIST_ITEM.match(text(title)))


def run_in(title: str) -> str:
    """``title`` as the start of its own paragraph's text: ``强化组织推动`` → ``强化组织推动。``."""
    title = text(title)
    return title if not title or title[-1] in _END_PUNCTUATION else title + "。"


def counted(index: int, name: str) -> str:
    """``1、name`` unless the clerk already numbered it."""
    name = text(name)
    return name if has_number(name) else f"{index}、{name}"


def amount(col: int, value: Decimal | None, span: int = 1) -> Cell:
    return Cell(col, format_amount(value), span, number=value)


def percent(col: int, value: Decimal | None, span: int = 1) -> Cell:
    shown = f"{format_amount(value)}%" if value is not None else ""
    return Cell(col, shown, span, number=value, percent=True)


def reporting_unit(dept: Department) -> str:
    """The department that signs the form: the supervisor if given, else the unit itself."""
    return text(dept.supervisor) or text(dept.unit_name)


# ---------------------------------------------------------------- the family's print member


_PLACEHOLDER = re.compile(r"\{([^{}]*)\}")


def _value(part: object, key: str) -> str:
    values = getattr(part, "values", None)
    return text(str(values.get(key) or "")) if isinstance(values, dict) else ""


def render(template: str, doc: Document, fam: Family, dept: Department | None, owner: object = None,
           number: int = 0) -> str:
    """A print template of the family file (§1.6): ``{year}`` ``{year-N}`` ``{unit}`` ``{title}``
    ``{dept:KEY}`` ``{f:KEY}`` (the project under ``each: project``), ``{nf:KEY}`` (numbered
    ``{number}、`` unless the clerk numbered it), ``{…|default}`` when empty."""
    def one(match: re.Match[str]) -> str:
        key, _, default = match.group(1).partition("|")
        kind, _, name = key.partition(":")
        if key == "year":
            value = str(doc.year)
        elif key.startswith("year-") and key[5:].isdigit():
            value = str(doc.year - int(key[5:]))
        elif key == "unit":
            value = doc.unit
        elif key == "title":
            value = fam.document_title
        elif kind == "dept":
            value = _value(dept, name)
        elif kind == "f":
            value = _value(owner, name)
        elif kind == "nf":
            value = counted(number, _value(owner, name)) if _value(owner, name) else ""
        else:       # the family loader refuses other placeholders
            raise ExportError(f"表式“{fam.id}”的打印格式中有无法识别的“{{{match.group(1)}}}”，无法导出。文件没有改动。")
        return value or default
    return text(_PLACEHOLDER.sub(one, template))


def table_specs(fam: Family) -> list[dict]:
    """The family's printed tables (``print.blocks[].table``), in print order."""
    return [block["table"] for block in fam.print.get("blocks", ()) if "table" in block]


def framed(spec: dict, doc: Document, fam: Family, dept: Department | None, owner: object = None,
           number: int = 0, *, first: bool = True, **grid: object) -> Table:
    """A table whose frame is the family's: sheet name, title, captions, kicker, orientation and
    column proportions from ``spec``; ``grid`` gives its rows and header bands."""
    def r(key: str) -> str:
        return render(spec.get(key) or "", doc, fam, dept, owner, number)

    captions = spec.get("captions") or [{}]
    kicker = r("kicker") if first or not spec.get("kicker_once") else ""
    return Table(name=r("sheet") or r("title"), title=r("title"), widths=tuple(float(w) for w in spec["columns"]),
                 caption_left=render(captions[0].get("left", ""), doc, fam, dept, owner, number),
                 caption_right=render(captions[0].get("right", ""), doc, fam, dept, owner, number),
                 kicker=kicker, landscape=spec.get("orientation") == "landscape",
                 heading=bool(spec.get("heading")), **grid)  # type: ignore[arg-type]


def _runs(keys: Sequence[Hashable], blank: Callable[[Hashable], bool]) -> list[int]:
    """Vertical spans for equal neighbours: the run length at a run's first row, 0 inside it."""
    spans = [1] * len(keys)
    start = 0
    for i in range(1, len(keys) + 1):
        if i == len(keys) or keys[i] != keys[start] or blank(keys[start]):
            spans[start] = i - start
            for j in range(start + 1, i):
                spans[j] = 0
            start = i
    return spans


def indicator_header_count(table: TableDef) -> int:
    """How many heading rows ``indicator_rows`` puts above the indicators (its header band)."""
    return 2 if table.has("prior") else 1


def indicator_rows(table: TableDef, rows: Sequence[Indicator], first: int, columns: int,
                   prior_years: Sequence[int]) -> list[Row]:
    """Heading row(s) and one row per indicator, in grid columns ``first`` … ``columns - 1``.

    Equal neighbouring 一级 (and, within them, equal 二级) are merged vertically as on the form.
    Columns left over go to the target column, the one most likely to hold a sentence.
    """
    spans = {c.key: PRIOR_COUNT if c.key == "prior" else 1 for c in table.columns}
    spare = columns - first - sum(spans.values())
    spans["target"] = spans.get("target", 1) + spare
    place: dict[str, int] = {}
    col = first
    for c in table.columns:
        place[c.key] = col
        col += spans[c.key]

    has_prior = "prior" in spans
    head_rows = 2 if has_prior else 1
    top = tuple(Cell(place[c.key], c.label, spans[c.key], 1 if c.key == "prior" else head_rows)
                for c in table.columns)
    result = [heading_row(*top)]
    if has_prior:
        years = tuple(Cell(place["prior"] + i, f"{year}年") for i, year in enumerate(prior_years[-PRIOR_COUNT:]))
        result.append(heading_row(*years))

    level1 = _runs([(text(r.level1),) for r in rows], lambda k: not k[0])
    run_start = 0
    keys2 = []
    for i, r in enumerate(rows):
        if level1[i]:
            run_start = i
        keys2.append((run_start, text(r.level2)))
    level2 = _runs(keys2, lambda k: not k[1])

    for i, r in enumerate(rows):
        cells: list[Cell] = []
        for c in table.columns:
            key, at = c.key, place[c.key]
            if key == "level1":
                if level1[i]:
                    cells.append(Cell(at, text(r.level1), rows=level1[i]))
            elif key == "level2":
                if level2[i]:
                    cells.append(Cell(at, text(r.level2), rows=level2[i]))
            elif key == "prior":
                cells.extend(Cell(at + j, text(v)) for j, v in enumerate(r.prior[:PRIOR_COUNT]))
            else:
                align = LEFT if key in _SENTENCE_COLUMNS else CENTER
                cells.append(Cell(at, text(getattr(r, key)), spans[key], align=align))
        result.append(Row(tuple(cells)))
    return result


def labelled(label: str, body: list[Row]) -> list[Row]:
    """``body`` with ``label`` in column 0 spanning all its rows (at least one row)."""
    if not body:
        body = [Row(())]
    first = body[0]
    return [Row((Cell(0, label, rows=len(body)), *first.cells)), *body[1:]]


def text_row(label: str, value: str, columns: int) -> Row:
    return Row((Cell(0, label), Cell(1, text(value), columns - 1, align=LEFT)))


# ---------------------------------------------------------------- family H




def _even_spans(widths: Sequence[float], parts: int) -> list[int]:
    """Column counts that split ``widths`` into ``parts`` consecutive groups of the most even width."""
    best: tuple[float, list[int]] = (math.inf, [])
    for cuts in combinations(range(1, len(widths)), parts - 1):
        bounds = (0, *cuts, len(widths))
        sizes = [sum(widths[a:b]) for a, b in pairwise(bounds)]
        spread = max(sizes) - min(sizes)
        if spread < best[0]:
            best = (spread, [b - a for a, b in pairwise(bounds)])
    return best[1]


def _plan_cells(points: Sequence[PlanPoint], widths: Sequence[float]) -> tuple[tuple[Cell, ...], tuple[Cell, ...]]:
    """Checkpoint labels and their percentages spread evenly over grid columns 1 and on."""
    room = len(widths) - 1
    if not points or len(points) > room:
        labels = "　".join(text(p.label) for p in points)
        values = "　".join(format_amount(p.percent) for p in points)
        return (Cell(1, labels, room),), (Cell(1, values, room),)
    labels, values = [], []
    col = 1
    for point, span in zip(points, _even_spans(widths[1:], len(points)), strict=True):
        labels.append(Cell(col, text(point.label), span))
        values.append(amount(col, point.percent, span))
        col += span
    return tuple(labels), tuple(values)


def h_project_table(doc: Document, fam: Family, dept: Department, number: int, project: Project) -> Table:
    """``N、<项目名称>绩效目标表``: project, budget and use, spending plan, goal, indicators."""
    assert fam.project_table is not None
    spec = next(t for t in table_specs(fam) if t.get("each") == "project")
    widths = tuple(float(w) for w in spec["columns"])
    columns = len(widths)

    def label(key: str) -> str:
        f = fam.project_field(key)
        return f.label if f else ""

    name = text(project.name)
    rows = [
        Row((Cell(0, label("code")), Cell(1, text(project.code), 3), Cell(4, label("name")), Cell(5, name, 2))),
        Row((Cell(0, BUDGET_LABEL, rows=2), Cell(1, label("budget")), amount(2, project.budget),
             Cell(3, label("fiscal")), amount(4, project.fiscal), Cell(5, label("other")), amount(6, project.other))),
        Row((Cell(1, text(project.use), columns - 1, align=LEFT),)),
    ]
    points = project.plan or [PlanPoint(c) for c in fam.checkpoints]
    labels, values = _plan_cells(points, widths)
    rows.append(Row((Cell(0, PLAN_LABEL, rows=2), *labels)))
    rows.append(Row(values))
    rows.append(text_row(label("goal"), project.goal, columns))
    bands = [(len(rows), indicator_header_count(fam.project_table))]
    rows.extend(indicator_rows(fam.project_table, project.indicators, 0, columns, doc.prior_years))
    return framed(spec, doc, fam, dept, project, number, rows=rows, header_bands=bands)


def h_text_table(doc: Document, fam: Family, dept: Department) -> Table:
    """Part one as a table, for Excel, where there is no running text."""
    rows: list[Row] = []
    for section in fam.sections:
        if section.kind == "text":
            rows.append(text_row(section.label, dept.texts.get(section.key, ""), 3))
        elif section.kind == "sub_goals":
            rows.extend(labelled(section.label, [
                Row((Cell(1, numbered(i, g.title), align=LEFT), Cell(2, _sub_goal_text(g.goal, g.indicators), align=LEFT)))
                for i, g in enumerate(filled(dept.sub_goals), 1)
            ]))
        elif section.kind == "measures":
            rows.extend(labelled(section.label, [
                Row((Cell(1, numbered(i, m.title), align=LEFT), Cell(2, text(m.text), align=LEFT)))
                for i, m in enumerate(filled(dept.measures), 1)
            ]))
    spec = next(t for t in table_specs(fam) if t.get("each") == "department")
    return framed(spec, doc, fam, dept, rows=rows)


def _sub_goal_text(goal: str, indicators: str) -> str:
    """The goal, labelled 绩效目标： only when a 绩效指标： line follows it (as the seeds print)."""
    if not text(indicators):
        return text(goal)
    return "\n".join((GOAL_PREFIX + text(goal), INDICATORS_PREFIX + text(indicators)))


def h_project_tables(doc: Document) -> list[Table]:
    """Every project table, numbered through the document."""
    fam = family(doc.family)
    found: list[Table] = []
    for dept in doc.departments:
        for project in dept.projects:
            found.append(h_project_table(doc, fam, dept, len(found) + 1, project))
    return found


def _h_tables(doc: Document) -> list[Table]:
    fam = family(doc.family)
    return [h_text_table(doc, fam, d) for d in doc.departments] + h_project_tables(doc)


# ---------------------------------------------------------------- department tables (families N and B)


def _money_side_by_side(doc: Document, money: MoneyDef, dept: Department, label: str) -> list[Row]:
    """Family N: the total on one line, then the groups side by side (收入性质 | 支出性质)."""
    total_key = money.groups[0].total
    total = dept.money.get(total_key)
    total_amount = total.amount if total else None
    shown = f"{money.label(total_key)}：{format_amount(total_amount)}{doc.unit}" if total_amount is not None \
        else f"{money.label(total_key)}："
    places = ((1, 2, 1), (3, 4, 2))    # (label column, amount column, amount span) per group
    body = [
        Row((Cell(1, shown, 5, align=LEFT),)),
        Row(tuple(Cell(at, g.label, 2 if at == 1 else 3) for g, (at, _, _) in zip(money.groups, places, strict=True))),
    ]
    members = zip_longest(*(g.members for g in money.groups))
    for i, keys in enumerate(members):
        cells: list[Cell] = []
        for key, (at, amount_at, span) in zip(keys, places, strict=True):
            if key is None:
                cells += [Cell(at), Cell(amount_at, span=span)]
                continue
            line = dept.money.get(key)
            prefix = "其中：" if i == 0 else ""
            cells += [Cell(at, prefix + money.label(key), align=LEFT),
                      amount(amount_at, line.amount if line else None, span)]
        body.append(Row(tuple(cells)))
    return labelled(f"{label}\n（{doc.unit}）", body)


def _money_stacked(doc: Document, money: MoneyDef, dept: Department, label: str) -> list[Row]:
    """Family B: one line per row under 收入构成 / 支出构成 with share and the prior years."""
    years = [doc.year - money.prior_years + i for i in range(money.prior_years)]
    body = [
        heading_row(Cell(1, FUNDS_LABEL, 3, 2), Cell(4, CURRENT_LABEL, rows=2), Cell(5, SHARE_LABEL, rows=2),
                    Cell(6, PRIOR_MONEY_LABEL, 3)),
        heading_row(Cell(6, f"{years[0]}年"), Cell(7, f"{years[1]}年", 2)),
    ]
    for group in money.groups:
        keys = (*group.members, group.total)
        for i, key in enumerate(keys):
            line = dept.money.get(key)
            prior = line.prior if line else [None, None]
            cells = [Cell(2, money.label(key), 2),
                     amount(4, line.amount if line else None),
                     percent(5, line.share if line else None),
                     amount(6, prior[0]), amount(7, prior[1], 2)]
            if i == 0:
                cells.insert(0, Cell(1, group.label, rows=len(keys)))
            body.append(Row(tuple(cells)))
    return labelled(label, body)


def filled(rows: Sequence[Any]) -> list[Any]:
    """The rows of a list that hold something: an empty row prints as a bare （一） or an empty
    line, and the checker has already warned of it."""
    return [row for row in rows if has_content(row)]


def _work_plan(dept: Department, label: str, columns: int) -> list[Row]:
    item, unit, goal = WORK_PLAN_COLUMNS
    body = [heading_row(Cell(1, item), Cell(2, unit), Cell(3, goal, columns - 3))]
    body += [Row((Cell(1, text(w.item)), Cell(2, text(w.unit)), Cell(3, text(w.goal), columns - 3, align=LEFT)))
             for w in filled(dept.work_plan)]
    return labelled(label, body)


def department_rows(doc: Document, fam: Family, dept: Department, columns: int,
                    labels: dict[str, str] | None = None) -> tuple[list[Row], list[tuple[int, int]], list[int]]:
    """The department fields, then every section the family declares, in its order; and the
    header band of each indicator table among them, with the row after its block.

    ``labels`` replaces a section's printed label (the form's wording differs from the field's).
    """
    bands: list[tuple[int, int]] = []
    ends: list[int] = []
    labels = labels or {}
    rows = [text_row(_field_label(fam, "unit_name"), dept.unit_name, columns)]
    pairs = [f for f in fam.department_fields if f.key not in ("unit_code", "unit_name", "supervisor")]
    rows += _field_pairs(dept, pairs, columns)
    for section in fam.sections:
        label = labels.get(section.key, section.label)
        if section.kind == "money" and fam.money is not None:
            stacked = fam.money.shares or fam.money.prior_years
            build = _money_stacked if stacked else _money_side_by_side
            rows += build(doc, fam.money, dept, label)
        elif section.kind == "text":
            rows.append(text_row(label, dept.texts.get(section.key, ""), columns))
        elif section.kind == "work_plan":
            rows += _work_plan(dept, label, columns)
        elif section.kind == "table":
            table = fam.department_table(section.key)
            body = indicator_rows(table, dept.tables.get(section.key, []), 1, columns, doc.prior_years)
            bands.append((len(rows), indicator_header_count(table)))
            rows += labelled(label, body)
            ends.append(len(rows))
    return rows, bands, ends


def _field_label(fam: Family, key: str) -> str:
    return next(f.label for f in fam.department_fields if f.key == key)


def _field_pairs(dept: Department, fields: Sequence[FieldDef], columns: int) -> list[Row]:
    """Short fields two to a row: label | value | label | value."""
    half = (columns - 1) // 2
    rows = []
    for i in range(0, len(fields), 2):
        first, *rest = fields[i:i + 2]
        cells = [Cell(0, first.label), Cell(1, text(getattr(dept, first.key)), half - 1)]
        if rest:
            cells += [Cell(half, rest[0].label, 2), Cell(half + 2, text(getattr(dept, rest[0].key)), columns - half - 2)]
        else:
            cells[-1] = Cell(1, text(getattr(dept, first.key)), columns - 1)
        rows.append(Row(tuple(cells)))
    return rows


# ---------------------------------------------------------------- family N


def _n_tables(doc: Document) -> list[Table]:
    """The department table, then (when it has sub-items) 附件2 and one 附件3 per sub-item: the
    family's three printed tables, in its order."""
    fam = family(doc.family)
    assert fam.project_table is not None
    dept_spec, summary_spec, item_spec = table_specs(fam)
    found: list[Table] = []
    for dept in doc.departments:
        rows, bands, ends = department_rows(doc, fam, dept, len(dept_spec["columns"]))
        found.append(framed(dept_spec, doc, fam, dept, rows=rows, header_bands=bands, band_ends=ends))
        if dept.projects:
            found.append(_n_summary(doc, fam, dept, summary_spec))
            for i, project in enumerate(dept.projects):
                found.append(_n_item(doc, fam, dept, project, item_spec, first=i == 0))
    return found


def _n_summary(doc: Document, fam: Family, dept: Department, spec: dict) -> Table:
    """附件2: 合计 first, then one row per sub-item numbered 一、二、…"""
    field_label = {f.key: f.label for f in fam.project_fields}
    rows = [
        heading_row(Cell(0, SERIAL_LABEL), Cell(1, field_label["name"]), Cell(2, SPECIAL_AMOUNT_LABEL),
                    Cell(3, field_label["period_goal"]), Cell(4, field_label["goal"])),
        Row((Cell(0), Cell(1, SPECIAL_TOTAL_LABEL), amount(2, dept.special_total), Cell(3), Cell(4))),
    ]
    # 附件2 may word a goal differently from the sub-item's own table (石峰): its own texts, if typed.
    rows += [Row((Cell(0, chinese_number(i)), Cell(1, text(p.name)), amount(2, p.budget),
                  Cell(3, text(p.values.get("summary_period_goal") or p.period_goal), align=LEFT),
                  Cell(4, text(p.values.get("summary_goal") or p.goal), align=LEFT)))
             for i, p in enumerate(dept.projects, 1)]
    return framed(spec, doc, fam, dept, rows=rows, header_bands=[(0, 1)])


def _n_item(doc: Document, fam: Family, dept: Department, project: Project, spec: dict, *, first: bool) -> Table:
    """附件3: one 专项资金支出方向绩效目标表 per sub-item."""
    assert fam.project_table is not None
    columns = len(spec["columns"])
    label = {f.key: f.label for f in fam.project_fields}
    band = (4, indicator_header_count(fam.project_table))   # below the four rows of fields
    rows = [
        Row((Cell(0, label["name"]), Cell(1, text(project.name), 2),
             Cell(3, label["special"]), Cell(4, text(project.special), 2))),
        Row((Cell(0, label["budget"]), amount(1, project.budget, 2),
             Cell(3, label["period"]), Cell(4, text(project.period), 2))),
        text_row(label["period_goal"], project.period_goal, columns),
        text_row(label["goal"], project.goal, columns),
        *labelled(fam.project_table.label,
                  indicator_rows(fam.project_table, project.indicators, 1, columns, doc.prior_years)),
    ]
    return framed(spec, doc, fam, dept, project, first=first, rows=rows, header_bands=[band])


# ---------------------------------------------------------------- family B


def _b_tables(doc: Document) -> list[Table]:
    fam = family(doc.family)
    (spec,) = table_specs(fam)
    found = []
    for dept in doc.departments:
        until = text(dept.texts.get("long_term_until", "")) or "　"
        # The form heads each goal with its label and a colon (长期目标：, 年度目标：).
        labels = {s.key: f"{s.label}：" for s in fam.sections if s.key in ("long_term_goal", "annual_goal")}
        if "long_term_goal" in labels:
            labels["long_term_goal"] += f"\n（截止{until}年）"
        rows, bands, ends = department_rows(doc, fam, dept, len(spec["columns"]), labels)
        found.append(framed(spec, doc, fam, dept, rows=rows, header_bands=bands, band_ends=ends))
    return found


_LAYOUTS: dict[str, Callable[[Document], list[Table]]] = {"H": _h_tables, "N": _n_tables, "B": _b_tables}


def tables(doc: Document) -> list[Table]:
    """Every table of the document's form, in print order."""
    layout = _LAYOUTS.get(doc.family)
    if layout is None:
        raise ExportError(f"表样“{doc.family}”还没有导出格式，无法导出。文件没有改动。")
    return layout(doc)
