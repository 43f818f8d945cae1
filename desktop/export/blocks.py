"""The family's printed form (``print.blocks``) read into neutral grids.

One engine prints every family: each table block of the family file becomes a ``Table`` of rows
and cells, for the Word and the Excel writer alike; the row kinds (``cells``, ``plan``, ``list``,
``rows_of``, ``money``, ``indicators``) are those of the format page
(``resources/families/README.md``). Nothing here knows a form: every word printed comes from
the family file or from what the clerk typed.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Any

from desktop.errors import ExportError
from desktop.export.layout import (
    CENTER,
    LEFT,
    Cell,
    Row,
    Table,
    amount,
    chinese_number,
    counted,
    filled,
    has_number,
    heading_row,
    percent,
    percent_text,
    plan_cells,
    runs,
    text,
)
from desktop.families import Family, FieldDef, Owner, Section, family
from desktop.model import Department, Document, Part, PlanPoint, Project
from desktop.model import Row as DataRow
from desktop.values import as_typed

# Roles of indicator columns that hold a sentence: printed left-aligned.
_SENTENCE_ROLES = frozenset({"description", "basis", "remark", "explanation", "scoring"})
_PLACEHOLDER = re.compile(r"\{([^{}]*)\}")
_NO_DEPARTMENT = Department()


@dataclass(frozen=True)
class Scope:
    """What a template or a cell reads: the document, the block's department, the project (under
    ``each: project``), a list row, and the running numbers."""

    doc: Document
    fam: Family
    dept: Department
    part: Part | None = None          # the department or project the block is printed for
    row: DataRow | None = None        # a list row (``{c:key}``)
    columns: Sequence[FieldDef] = ()  # the list's columns (``{label:key}`` of a column)
    number: int = 0                   # the table's number in its block (``{n}``, ``{nf:key}``)
    serial: int = 0                   # the list row's number (``{cn}`` in a row)
    year: int | None = None           # ``{year}`` of a money header's past-year cell

    @property
    def owner(self) -> Owner | None:
        return self.fam.project if isinstance(self.part, Project) else self.fam.department


def targets(block: dict, target: str) -> bool:
    """Whether ``block`` is printed in ``target`` (``word`` or ``excel``)."""
    return block.get("only", target) == target


def owner_value(part: Part | None, key: str) -> Any:
    return part.values.get(key) if part is not None else None


def shown(value: Any) -> str:
    """A value as printed: amounts as typed to their places, text cleaned."""
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return as_typed(value)
    return text(str(value))


def field_label(scope: Scope, key: str, where: str | None = None) -> str:
    """The label of a field, a section or a list column of the scope, rendered."""
    owner = {"project": scope.fam.project, "department": scope.fam.department}.get(where or "", scope.owner)
    column = next((c for c in scope.columns if c.key == key), None)
    if column is not None:
        return render(column.label, scope)
    if owner is not None:
        found = owner.field(key)
        if found is not None:
            return render(found.label, scope)
        section = owner.section(key)
        if section is not None:
            return render(section.label, scope)
    return ""


def render_filled(template: str, scope: Scope) -> tuple[str, bool]:
    """``template`` with its placeholders filled; and whether it printed anything of its own: False
    when it has placeholders and every one came out empty (``绩效指标：{c:indicators}`` of a row with
    no indicators), so that the line can be left out."""
    found: list[bool] = []

    def one(match: re.Match[str]) -> str:
        key, _, default = match.group(1).partition("|")
        value = _placeholder(key, scope)
        found.append(bool(value))
        return value or default
    result = text(_PLACEHOLDER.sub(one, template))
    return result, any(found) or not found


def render(template: str, scope: Scope) -> str:
    """A print template of the family file: ``{year}`` ``{year-N}`` ``{unit}`` ``{title}``
    ``{dept:KEY}`` ``{f:KEY}`` ``{nf:KEY}`` (numbered ``{n}、`` unless the clerk numbered it)
    ``{c:KEY}`` ``{label:KEY}`` ``{n}`` ``{cn}``, with ``{…|default}`` when empty."""
    return render_filled(template, scope)[0]


def _placeholder(key: str, scope: Scope) -> str:
    doc = scope.doc
    kind, _, name = key.partition(":")
    if key == "year":
        return str(scope.year if scope.year is not None else doc.year)
    if key.startswith("year-") and key[5:].isdigit():
        return str(doc.year - int(key[5:]))
    if key == "unit":
        return doc.unit
    if key == "title":
        return scope.fam.document_title
    if key == "n":
        return str(scope.serial or scope.number)
    if key == "cn":
        return chinese_number(scope.serial or scope.number)
    if kind == "dept":
        return shown(scope.dept.values.get(name))
    if kind == "f":
        return shown(owner_value(scope.part, name))
    if kind == "nf":
        value = shown(owner_value(scope.part, name))
        return counted(scope.number, value, _numbering(scope)) if value else ""
    if kind == "c":
        return shown(scope.row.get(name)) if scope.row is not None else ""
    if kind == "label":
        return field_label(scope, name)
    # The family loader refuses other placeholders: a file changed since it was read.
    raise ExportError(f"表式“{scope.fam.id}”的打印格式中有无法识别的“{{{key}}}”，无法导出。文件没有改动。")


def _numbering(scope: Scope) -> str:
    """How ``{nf:…}`` numbers: the department's field with role ``numbering`` (``1、`` or ``1.``)."""
    owner = scope.fam.department
    found = owner.by_role("numbering") if owner is not None else None
    style = shown(scope.dept.values.get(found.key)) if found is not None else ""
    return style if "1" in style else "1、"


def lines(parts: Sequence[dict], scope: Scope) -> list[str]:
    """The printed lines of a list of text parts (a prose row, a cell's ``lines``): a part whose
    placeholders all came out empty is left out; a part's ``lead`` (``绩效目标：``) starts it only
    when other parts are printed with it."""
    found = []
    for part in parts:
        value, printed = render_filled(part.get("text", ""), scope)
        if printed and value:
            found.append((part, value))
    if len(found) > 1:
        return [part.get("lead", "") + value for part, value in found]
    return [value for _, value in found]


def numbered_text(cell: dict, value: str, scope: Scope) -> str:
    """``value`` after the cell's ``number`` template (``（{cn}）``), unless the clerk numbered it."""
    if "number" not in cell or has_number(value):
        return value
    return render(cell["number"], scope) + value


# ---------------------------------------------------------------- cells


def _field_cell(col: int, cell: dict, scope: Scope, span: int, align: str) -> Cell:
    where = cell.get("scope")
    part: Part | None = scope.dept if where == "department" else scope.part
    owner = scope.fam.department if where == "department" else scope.owner
    key = cell["field"]
    value = owner_value(part, key)
    if (value is None or value == "") and "or" in cell:
        key, value = cell["or"], owner_value(part, cell["or"])
    definition = owner.field(key) if owner is not None else None
    kind = definition.type if definition is not None else "line"
    if isinstance(value, Decimal) or (value is None and kind in ("amount", "percent")):
        made = percent(col, value, span) if kind == "percent" else amount(col, value, span)
        return replace(made, align=align)
    return Cell(col, shown(value), span, align=align)


def _money_cell(col: int, cell: dict, scope: Scope, span: int, align: str) -> Cell:
    key, _, part = cell["money"].partition(".")
    money = scope.fam.money
    line = scope.dept.money.get(key)
    label = money.label(key) if money is not None else ""
    if part == "label":
        value, number, is_percent = label, None, False
    elif part == "share":
        number, is_percent = (line.share if line else None), True
        value = percent_text(number)
    else:
        index = int(part[5:]) if part.startswith("prior") else None
        number = (line.amount if index is None else (line.prior[index] if index < len(line.prior) else None)) \
            if line else None
        value, is_percent = as_typed(number), False
    if "format" in cell:
        return Cell(col, text(cell["format"].replace("{label}", label).replace("{value}", value)
                              .replace("{unit}", scope.doc.unit if value and not value.endswith(scope.doc.unit)
                                        else "")), span, align=align)
    return Cell(col, value, span, align=align, number=number, percent=is_percent)


def make_cell(col: int, cell: dict, scope: Scope) -> Cell:
    """One declared cell at grid column ``col``."""
    if "_year" in cell:          # a money heading of a past year
        scope = replace(scope, year=cell["_year"])
    span, rows = cell.get("span", 1), cell.get("rows", 1)
    align = cell.get("align", CENTER)
    if "field" in cell:
        made = _field_cell(col, cell, scope, span, align)
    elif "money" in cell:
        made = _money_cell(col, cell, scope, span, align)
    elif "label" in cell:
        made = Cell(col, field_label(scope, cell["label"], cell.get("scope")), span, align=align)
    elif "column" in cell:
        value = shown(scope.row.get(cell["column"])) if scope.row is not None else ""
        made = Cell(col, numbered_text(cell, value, scope), span, align=align)
    elif "serial" in cell:
        made = Cell(col, chinese_number(scope.serial) if cell["serial"] == "cn" else str(scope.serial), span,
                    align=align)
    elif "_amount" in cell:      # a typed total
        made = replace(amount(col, cell["_amount"], span), align=align)
    elif "literal" in cell:      # a word of the family file itself (a money group's label)
        made = Cell(col, cell["literal"], span, align=align)
    elif "lines" in cell:
        made = Cell(col, "\n".join(lines(cell["lines"], scope)), span, align=align)
    elif "text" in cell:
        made = Cell(col, numbered_text(cell, render(cell["text"], scope), scope), span, align=align)
    else:
        made = Cell(col, "", span, align=align)
    return replace(made, rows=rows, header=bool(cell.get("header")))


class _Grid:
    """Places cells left to right, skipping columns a cell above still covers (``rows``)."""

    def __init__(self) -> None:
        self.covered: dict[int, int] = {}     # grid column → rows still covered below this one

    def place(self, cells: Sequence[dict], scope: Scope, first: int = 0, *, header: bool = False) -> Row:
        col = first
        below = {c: n - 1 for c, n in self.covered.items() if n > 1}
        made = []
        for cell in cells:
            while col in self.covered:
                col += 1
            built = make_cell(col, cell, scope)
            if header:
                built = replace(built, header=True)
            made.append(built)
            if built.rows > 1:
                for c in range(col, col + built.span):
                    below[c] = built.rows - 1
            col += built.span
        self.covered = below
        return Row(tuple(made))


def labelled(label: str, body: list[Row]) -> list[Row]:
    """``body`` with ``label`` in column 0 spanning all its rows (at least one row)."""
    if not body:
        body = [Row(())]
    first = body[0]
    return [Row((Cell(0, label, rows=len(body)), *first.cells)), *body[1:]]


# ---------------------------------------------------------------- blocks of rows


@dataclass
class _Built:
    rows: list[Row]
    band: int = 0       # header rows at the top of ``rows`` that head the block on every page


def _indicators(spec: dict, scope: Scope, section: Section, width: int) -> _Built:
    """Heading row(s), then one row per indicator; equal neighbours of the ``merge`` columns are
    merged downwards (each within the run of the one before it), as the forms print them."""
    table = section.table
    assert table is not None
    first = 1 if spec.get("label") else 0
    columns = table.fields
    spans = {c.key: int(spec.get("spans", {}).get(c.key, 1)) for c in columns}
    place, col = {}, first
    for c in columns:
        place[c.key] = col
        col += spans[c.key]
    if "header" in spec:
        grid = _Grid()
        head_scope = replace(scope, columns=columns)        # {"label": "level2"} names a column
        head = [grid.place(cells, head_scope, first, header=True) for cells in spec["header"]]
    else:
        head = _indicator_header(spec, scope, columns, place, spans)
    rows: Sequence[DataRow] = part_list(scope.part, section.key)
    merged: dict[str, list[int]] = {}
    outer: list[tuple[int, ...]] = [()] * len(rows)     # where each row's runs of the columns before start
    for key in spec.get("merge", ()):
        keys = [(*outer[i], text(str(r.get(key) or ""))) for i, r in enumerate(rows)]
        merged[key] = runs(keys, lambda k: not k[-1])
        start = 0
        for i in range(len(rows)):
            start = i if merged[key][i] else start
            outer[i] = (*outer[i], start)
    body = []
    for i, r in enumerate(rows):
        cells = []
        for c in columns:
            value = shown(r.get(c.key))
            if c.key in merged:
                if merged[c.key][i]:
                    cells.append(Cell(place[c.key], value, spans[c.key], rows=merged[c.key][i]))
                continue
            align = LEFT if c.role in _SENTENCE_ROLES else CENTER
            cells.append(Cell(place[c.key], value, spans[c.key], align=align))
        body.append(Row(tuple(cells)))
    result = [*head, *body]
    if first:
        result = labelled(render(spec["label"], scope), result)
    return _Built(result, len(head))


def _indicator_header(spec: dict, scope: Scope, columns: Sequence[FieldDef], place: dict[str, int],
                      spans: dict[str, int]) -> list[Row]:
    """Column labels; a ``group`` heads its columns from a row above (近两年指标值 over 2022年 2023年)."""
    groups = spec.get("groups") or []
    grouped = {key: g for g in groups for key in g["columns"]}
    depth = 2 if groups else 1
    top, below, done = [], [], set()
    for c in columns:
        group = grouped.get(c.key)
        if group is None:
            top.append(Cell(place[c.key], render(c.label, scope), spans[c.key], rows=depth))
            continue
        if id(group) not in done:
            done.add(id(group))
            members = [x for x in columns if x.key in group["columns"]]
            top.append(Cell(place[c.key], render(group["label"], scope), sum(spans[x.key] for x in members)))
        below.append(Cell(place[c.key], render(c.label, scope), spans[c.key]))
    head = [heading_row(*top)]
    if below:
        head.append(heading_row(*below))
    return head


def part_list(part: Part | None, key: str) -> list[DataRow]:
    return part.lists.get(key, []) if part is not None else []


def _list(spec: dict, scope: Scope, section: Section) -> _Built:
    """One row per list row that holds something; its column headings first when ``header``."""
    first = 1 if spec.get("label") else 0
    list_scope = replace(scope, columns=section.columns)
    body = []
    if spec.get("header"):
        heads = [{**cell, "label": cell["column"]} if "column" in cell else cell for cell in spec["cells"]]
        heads = [{k: v for k, v in cell.items() if k not in ("column", "number", "align")} for cell in heads]
        body.append(_Grid().place(heads, list_scope, first, header=True))
    for serial, row in enumerate(filled(part_list(scope.part, section.key)), 1):
        body.append(_Grid().place(spec["cells"], replace(list_scope, row=row, serial=serial), first))
    if section.total:
        body.append(_total_row(spec["cells"], list_scope, section, first))
    if first:
        body = labelled(render(spec["label"], list_scope), body)
    return _Built(body)


def _total_row(cells: Sequence[dict], scope: Scope, section: Section, first: int) -> Row:
    """The list's 合计 as the clerk typed it: its label in the first cell, each total under its column."""
    assert section.total is not None
    typed = scope.part.totals.get(section.key, {}) if scope.part is not None else {}
    summed = set(section.total.get("columns", ()))
    made = []
    for i, cell in enumerate(cells):
        base = {k: cell[k] for k in ("span", "rows") if k in cell}
        if i == 0 and cell.get("column") not in summed:
            made.append({**base, "literal": section.total.get("label", "")})
        elif cell.get("column") in summed:
            value = typed.get(cell["column"])
            made.append({**base, "_amount": value} if isinstance(value, Decimal) or value is None
                        else {**base, "literal": shown(value)})
        else:
            made.append(base)
    return _Grid().place(made, scope, first)


def _plan(spec: dict, scope: Scope, section: Section, widths: Sequence[float]) -> _Built:
    """The checkpoints and their percentages, under the plan's label."""
    project = scope.part
    points = list(project.plan) if isinstance(project, Project) and project.plan else \
        [PlanPoint(c) for c in section.checkpoints]
    labels, values = plan_cells(points, widths)
    label = render(spec.get("label", "{label:" + section.key + "}"), scope)
    return _Built([Row((Cell(0, label, rows=2), *labels)), Row(values)])


def _money(spec: dict, scope: Scope, section: Section) -> _Built:
    """The money table stacked: per group, its members and its total, one line a row."""
    money = section.money
    assert money is not None
    first = 1 if spec.get("label") else 0
    years = [scope.doc.year - money.prior_years + i for i in range(money.prior_years)]

    def expand(cells: Sequence[dict]) -> Iterator[dict]:
        for cell in cells:
            part = cell.get("part")
            if part == "prior":
                for i, _year in enumerate(years):
                    last = i == len(years) - 1
                    base = {k: v for k, v in cell.items() if k not in ("part", "last_span")}
                    if last:
                        base["span"] = cell.get("last_span", 1)
                    yield {**base, "_prior": i}
            elif part == "share" and not money.shares:
                continue
            else:
                yield cell

    rows = []
    grid = _Grid()
    for header in spec.get("header") or []:
        # a past year's heading renders {year} as its own year
        cells = [{**{k: v for k, v in cell.items() if k != "_prior"}, "_year": years[cell["_prior"]]}
                 if "_prior" in cell else cell for cell in expand(header)]
        rows.append(grid.place(cells, scope, first, header=True))
    for group in money.groups:
        keys = (*group.members, group.total)
        for i, key in enumerate(keys):
            cells = []
            for cell in expand(spec["cells"]):
                part = cell.get("part")
                base = {k: v for k, v in cell.items() if k not in ("part", "_prior")}
                if part == "group":
                    if i == 0:
                        cells.append({**base, "literal": group.label, "rows": len(keys)})
                    continue
                if part == "line":
                    cells.append({**base, "money": f"{key}.label"})
                elif part == "amount":
                    cells.append({**base, "money": f"{key}.amount"})
                elif part == "share":
                    cells.append({**base, "money": f"{key}.share"})
                elif "_prior" in cell:
                    cells.append({**base, "money": f"{key}.prior{cell['_prior']}"})
                else:
                    cells.append(base)
            rows.append(grid.place(cells, scope, first))
    if first:
        rows = labelled(render(spec["label"], scope), rows)
    return _Built(rows)


def _rows_of(spec: dict, scope: Scope) -> _Built:
    """In a department's table, one row per project."""
    return _Built([_Grid().place(spec["cells"], replace(scope, part=project, serial=i), 0)
                   for i, project in enumerate(scope.dept.projects, 1)])


# ---------------------------------------------------------------- tables


def _owner_section(scope: Scope, key: str) -> Section:
    owner = scope.owner
    section = owner.section(key) if owner is not None else None
    if section is None:     # the family loader refuses this: a file changed since it was read
        raise ExportError(f"表式“{scope.fam.id}”的打印格式引用了没有定义的“{key}”，无法导出。文件没有改动。")
    return section


def condition(name: str | None, scope: Scope) -> bool:
    """An ``if``: ``draft`` (the document is a draft), ``projects`` (the department has projects),
    or a field's key (it is not empty)."""
    if not name:
        return True
    if name == "draft":
        return scope.doc.draft
    if name == "projects":
        return bool(scope.dept.projects)
    value = owner_value(scope.part, name)
    return value is not None and value != ""


def build_table(spec: dict, scope: Scope, *, first: bool = True) -> Table:
    """One printed table of the family for the scope's department or project."""
    widths = tuple(float(w) for w in spec["columns"])
    width = len(widths)
    rows: list[Row] = []
    bands: list[tuple[int, int]] = []
    ends: list[int] = []
    grid = _Grid()
    for row in spec["rows"]:
        start = len(rows)
        if "indicators" in row:
            built = _indicators(row, scope, _owner_section(scope, row["indicators"]), width)
            bands.append((start, built.band))
            rows += built.rows
            ends.append(len(rows))
        elif "list" in row:
            rows += _list(row, scope, _owner_section(scope, row["list"])).rows
        elif "plan" in row:
            rows += _plan(row, scope, _owner_section(scope, row["plan"]), widths).rows
        elif "money" in row:
            rows += _money(row, scope, _owner_section(replace(scope, part=scope.dept), row["money"])).rows
        elif "rows_of" in row:
            rows += _rows_of(row, scope).rows
        else:
            if not condition(row.get("if"), scope):
                continue
            placed = grid.place(row["cells"], scope)
            rows.append(placed)
            if placed.cells and all(c.header for c in placed.cells):     # column headings: a band
                if bands and sum(bands[-1]) == start:
                    bands[-1] = (bands[-1][0], bands[-1][1] + 1)
                else:
                    bands.append((start, 1))
            continue
        grid = _Grid()
    captions = []
    for caption in spec.get("captions") or ():
        line = tuple(render(caption.get(side, ""), scope) for side in ("left", "center", "right"))
        if any(line):
            captions.append(line)
    kicker = render(spec.get("kicker", ""), scope) if first or not spec.get("kicker_once") else ""
    title = render(spec.get("title", ""), scope)
    return Table(name=render(spec.get("sheet", ""), scope) or title, title=title, widths=widths, rows=rows,
                 captions=captions, kicker=kicker, landscape=spec.get("orientation") == "landscape",
                 heading=int(spec.get("heading") or 0),
                 notes=[render(note, scope) for note in spec.get("notes", ())],
                 header_bands=[b for b in bands if b[1]], band_ends=ends)


def department_scope(doc: Document, fam: Family, dept: Department) -> Scope:
    return Scope(doc, fam, dept, dept)


def block_tables(block: dict, doc: Document, fam: Family, counter: list[int], dept: Department) -> list[Table]:
    """The tables one table block prints for ``dept`` (one, or one per project); ``counter``
    holds the block's running table number through the document."""
    spec = block["table"]
    scope = department_scope(doc, fam, dept)
    if not condition(spec.get("if"), scope):
        return []
    found = []
    for i, project in enumerate(dept.projects if _each(block) == "project" else [None]):
        counter[0] += 1
        part_scope = replace(scope, number=counter[0]) if project is None else \
            replace(scope, part=project, number=counter[0])
        found.append(build_table(spec, part_scope, first=i == 0))
    return found


def printed(fam: Family, target: str) -> list[dict]:
    """The family's blocks printed in ``target`` (``word`` or ``excel``), in print order."""
    return [b for b in fam.print.get("blocks", ()) if targets(b, target)
            and ("table" not in b or targets(b["table"], target))]


def laid_out(doc: Document, fam: Family, run: Sequence[dict]) -> list[tuple[int, Table]]:
    """The tables of a run of consecutive table blocks, a department at a time (its table, then
    its projects'), each with the position in ``run`` of the block that printed it; a block
    printed once for the document (``each: document``) is printed with the first department."""
    counters = [[0] for _ in run]
    found: list[tuple[int, Table]] = []
    for d, dept in enumerate(doc.departments or [_NO_DEPARTMENT]):
        for k, block in enumerate(run):
            if d == 0 or _each(block) != "document":
                found += [(k, table) for table in block_tables(block, doc, fam, counters[k], dept)]
    return found


def tables(doc: Document, target: str = "excel") -> list[Table]:
    """Every table of the document's form printed in ``target``, in print order."""
    fam = family(doc.family)
    return [table for _, table in laid_out(doc, fam, [b for b in printed(fam, target) if "table" in b])]


def _each(block: dict) -> str:
    return block["table"].get("each", block.get("each", "document"))

