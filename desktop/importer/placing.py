"""The grid placed into a document of one family, through its compiled form.

Each paragraph and each row is recognised as a part of the printed form (a title, a caption, a
row of labels and values, an indicator table's headings and rows, a list, the money table, the
spending plan); what is recognised is marked placed, everything else is listed with its place.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from desktop.blank import fill_gaps, new_project
from desktop.families import Family, FieldDef, Owner
from desktop.importer.forms import (
    AnyRow,
    CellsRow,
    Form,
    IndicatorsRow,
    ListRow,
    MoneyRow,
    PlanRow,
    ProseItem,
    RowsOf,
    SpecCell,
    TableForm,
)
from desktop.importer.grid import Cell, Grid, Paragraph, Table
from desktop.importer.templates import NUMBERING, Capture, Pattern, compile_template, loose, norm, strip_label
from desktop.model import ROW_CLASSES, Department, Indicator, MoneyLine, Part, PlanPoint, Project, Row
from desktop.values import parse_amount

_TOC_LINE = re.compile(r".*(?:\t|…{2,}|\.{4,}|·{4,})\s*\d+\s*$", re.DOTALL)


def _literal_text(pattern: Pattern) -> str:
    """The text a pattern without values stands for (its regex's literal characters), as norm
    compares; ``\x00`` when it has alternatives (then only the pattern itself can tell)."""
    source = re.sub(r"\\s[*+]|\(\?::\\s\*\)\?|\(\?:\\s\*\)\?", "", pattern.regex.pattern)
    source = source.replace(r"(?::\s*)?", "")
    if re.search(r"(?<!\\)[\[\](){}|?*+]", source):
        return "\x00"
    return norm(re.sub(r"\\(.)", r"\1", source))


def read_parts(parts: tuple[tuple[Pattern, str], ...], lines: list[str]) -> dict[str, str]:
    """The values of a cell printed as ``lines`` (``{c:goal}`` then ``绩效指标：{c:indicators}``):
    a line that is a part with words of its own starts that part, any other line continues the
    part before it (or the first part that is only a value); a part's ``lead`` is taken off."""
    values: dict[str, str] = {}
    used: set[int] = set()
    current: str | None = None
    plain = next((i for i, (p, _) in enumerate(parts) if p.literal == 0), None)
    for line in lines:
        if not line.strip():
            continue
        hit = next((i for i, (p, _) in enumerate(parts) if p.literal and i not in used and p.match(line)), None)
        if hit is not None:
            used.add(hit)
            for capture, value in (parts[hit][0].match(line) or {}).items():
                if capture.kind == "c":
                    values[capture.key] = value
                    current = capture.key
            continue
        if current is None and plain is not None:
            keys = [c.key for c in parts[plain][0].captures if c.kind == "c"]
            current = keys[0] if keys else None
            lead = parts[plain][1]
            if current is not None and lead and loose(line).lstrip().startswith(loose(lead)):
                line = line.lstrip()[len(lead):]
        if current is None:
            continue
        values[current] = f"{values[current]}\n{line.strip()}" if values.get(current) else line.strip()
    return values


@dataclass
class Unplaced:
    place: str
    text: str
    reason: str = ""


@dataclass
class Placed:
    """What one family made of the grid."""

    family: Family
    department: Department
    years: Counter = field(default_factory=Counter)
    units: Counter = field(default_factory=Counter)
    draft: bool = False
    placed: int = 0
    total: int = 0
    anchors: int = 0          # cells recognised by the form's own words (labels, headings, titles)
    unplaced: list[Unplaced] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def share(self) -> float:
        return self.placed / self.total if self.total else 0.0


@dataclass
class _Mode:
    """The open dynamic block: its row of the form and what its headings told."""

    row: AnyRow
    table: TableForm
    columns: list[tuple[int, int, Any]] = field(default_factory=list)   # (first col, last col, what)
    held: dict[str, tuple[str, int]] = field(default_factory=dict)     # merged column → (text, rows left)
    group: str | None = None
    line: str | None = None
    plan_labels: list[tuple[int, int, str]] = field(default_factory=list)
    count: int = 0
    labels: set[str] = field(default_factory=set)


class Placer:
    def __init__(self, form: Form, grid: Grid) -> None:
        self.form = form
        self.fam = form.family
        self.grid = grid
        self.dept = Department()
        self.result = Placed(self.fam, self.dept)
        self.table_i: int | None = None      # the printed table being read
        self.row_i = -1
        self.project: Project | None = None
        self.summary: list[tuple[Project, dict[str, str]]] = []   # rows of a rows_of table
        self.claimed = 0
        self.mode: _Mode | None = None
        self.expect: CellsRow | None = None  # a row of values with no label, expected next
        self.prose: ProseItem | None = None
        self.prose_row: Row | None = None
        self.prose_free: str | None = None
        self.in_contents = False
        self.seen_heading = False
        self.cover_at = 0
        self.peek: Paragraph | None = None     # in a worksheet: the next row, when it is one text
        self.literals: dict[Pattern, str] = {}
        self.contents_seen = False
        self.since_title = 99                # paragraphs and rows since a table's title
        self.respelled = 0
        self.note_labels: set[str] = set()     # the columns the notes below speak of
        self.filled_down = 0
        self.seen_table = False
        self.weak: dict[str, tuple[str, str | None]] = {}         # values the cover gives, used where nothing else does
        self.all_labels = {norm(v) for owner in form.labels.values() for v in owner.values() if v}

    # ------------------------------------------------------------ the run

    def run(self) -> Placed:
        self.at = 0
        items = self.grid.items
        while self.at < len(items):
            item = items[self.at]
            if isinstance(item, Paragraph):
                if not self.joined(item):
                    self.paragraph(item)
            else:
                self.table(item)
            self.at += 1
        self.finish()
        return self.result

    def following(self) -> Paragraph | None:
        """The next paragraph with text, if the next item with text is one (in a worksheet, the
        next row when it holds one text)."""
        if self.peek is not None:
            return self.peek
        for item in self.grid.items[self.at + 1:]:
            if isinstance(item, Paragraph):
                if item.text.strip():
                    return item
                continue
            return None
        return None

    def heading_like(self, text: str) -> bool:
        return any(h.match(text) is not None for h in self.form.headings) or any(
            i.heading.literal and i.heading.match(text) is not None for i in self.form.prose) or any(
            kind == "title" and p.literal and p.match(text) is not None for t in self.form.tables for kind, p in t.frames)

    def joined(self, p: Paragraph) -> bool:
        """A heading typed over two lines (``第一部分`` / ``部门整体绩效目标``): read as one."""
        text = p.text.strip()
        after = self.following()
        if not text or after is None or len(text) > 12 or self.heading_like(text):
            return False
        both = f"{text} {after.text.strip()}"
        if not self.heading_like(both):
            return False
        self.paragraph(Paragraph(both, p.place, p.style or after.style))
        self.mark(after)
        self.at = self.grid.items.index(after, self.at)
        return True

    def mark(self, cell: Cell | Paragraph) -> None:
        self.result.placed += 1

    def miss(self, cell: Cell | Paragraph, reason: str = "") -> None:
        self.result.unplaced.append(Unplaced(cell.place, cell.text.strip(), reason))

    # ------------------------------------------------------------ owners

    def owner_def(self, table: TableForm) -> Owner | None:
        return self.fam.project if table.each == "project" else self.fam.department

    def part(self, table: TableForm, start: bool = False) -> Part:
        if table.each != "project":
            return self.dept
        if start or self.project is None:
            self.start_project()
        assert self.project is not None
        return self.project

    def start_project(self, name: str = "") -> None:
        """A new project, or the next one a summary table (附件2) listed and no table read yet."""
        if self.claimed < len(self.summary):
            pick = self.claimed
            if name:
                pick = next((i for i in range(self.claimed, len(self.summary))
                             if norm(self.summary[i][0].values.get("name", "")) == norm(name)), self.claimed)
            self.summary.insert(self.claimed, self.summary.pop(pick))
            self.project = self.summary[self.claimed][0]
            self.claimed += 1
            return
        self.project = new_project(self.fam)
        self.project.plan = []
        self.dept.projects.append(self.project)

    def enter(self, table: TableForm, row_i: int) -> None:
        """Reading row ``row_i`` of ``table``: a row at or before the last one read starts a new
        project (the form printed again for the next one)."""
        self.seen_table = True
        if table.each == "project" and (self.table_i != table.number or row_i <= self.row_i or self.project is None):
            if not (self.table_i == table.number and self.row_i == -1 and self.project is not None):
                self.start_project()
        self.table_i, self.row_i = table.number, row_i

    # ------------------------------------------------------------ values

    def field_def(self, owner: Owner | None, key: str) -> FieldDef | None:
        return owner.field(key) if owner is not None else None

    def convert(self, field_def: FieldDef | None, cell: Cell | None, text: str) -> tuple[Any, str]:
        """The value for a field from a cell's text: an amount as Decimal (the spreadsheet's
        exact number when there is one), anything else the text as written."""
        kind = field_def.type if field_def is not None else "line"
        if kind in ("amount", "percent"):
            if cell is not None and cell.number is not None and text == cell.text.strip():
                return cell.number, ""
            try:
                return parse_amount(text), ""
            except ValueError as error:
                return None, str(error)
        return text, ""

    def put(self, part: Part, owner: Owner | None, key: str, text: str, cell: Cell | None) -> bool:
        field_def = self.field_def(owner, key)
        value, problem = self.convert(field_def, cell, text)
        if problem:
            if cell is not None:
                self.miss(cell, problem)
            return False
        old = part.values.get(key)
        if old not in (None, "") and old != value:
            if cell is not None:
                self.miss(cell, f"与前面读到的“{old}”不同，没有采用")
            return False
        if value not in (None, ""):
            part.values[key] = value
        return True

    def captures(self, found: dict[Capture, str], table: TableForm | None, cell: Cell | None) -> None:
        for capture, value in found.items():
            if capture.kind == "year":
                if value.isdigit():
                    self.result.years[int(value) + int(capture.key or 0)] += 1
            elif capture.kind == "unit":
                self.result.units[value] += 1
            elif capture.kind == "number":
                self.numbering(value)
            elif capture.kind == "dept":
                self.put(self.dept, self.fam.department, capture.key, value, None)
            elif capture.kind in ("f", "nf") and table is not None:
                if capture.key == "__value__":
                    continue
                part = self.part(table)
                self.put(part, self.owner_def(table), capture.key, value, None)

    def numbering(self, prefix: str) -> None:
        """The style of a title's number (``1、`` or ``1.``), for a field that chooses it."""
        owner = self.fam.department
        field_def = owner.by_role("numbering") if owner is not None else None
        if field_def is None or not prefix.strip() or self.dept.values.get(field_def.key):
            return
        style = re.sub(r"\d+", "1", loose(prefix).strip())
        choice = next((c for c in field_def.choices if loose(c) == style), None)
        if choice is not None and choice != field_def.choices[0]:   # the first choice: the form's own
            self.dept.values[field_def.key] = choice

    # ------------------------------------------------------------ paragraphs

    def paragraph(self, p: Paragraph) -> None:
        text = p.text.strip()
        if not text:
            return
        self.since_title += 1
        style = p.style.lower()
        if style.startswith("toc") or (self.form.contents is not None and self.form.contents.match(text) is not None):
            self.in_contents = not style.startswith("toc") or self.in_contents
            self.contents_seen = True
            self.mark(p)
            return
        if (self.in_contents or self.contents_seen and not self.seen_table) and _TOC_LINE.match(text):
            self.mark(p)
            return
        self.in_contents = False
        if not self.seen_heading and not self.seen_table and self.cover(p):
            return
        if any(h.match(text) is not None for h in self.form.headings):
            self.result.anchors += 1
            self.seen_heading = True
            self.end_prose()
            self.mark(p)
            return
        for item in self.form.prose:
            if item.heading.literal and item.heading.match(text) is not None and (p.heading or len(text) < 30):
                self.seen_heading = True
                self.result.anchors += 1
                self.end_prose()
                self.prose = item
                self.mark(p)
                return
        parts = [t for t in text.split("\t") if t.strip()]
        if all(self.frame(t, p) for t in parts):
            self.mark(p)
            return
        if self.prose is not None and self.prose_text(p):
            return
        self.miss(p)

    def cover(self, p: Paragraph) -> bool:
        """The cover's texts, in order; one that is only a value (the unit's name) is taken at its
        place and only where the tables do not give the value (they say it more exactly)."""
        for i, (pattern, condition, other) in enumerate(self.form.cover[self.cover_at:], self.cover_at):
            if pattern.literal == 0 and i != self.cover_at:
                continue
            if pattern.literal == 0:       # only a value: a cover only if the next text is the cover's next
                after = self.following()
                rest = [c for c, _, _ in self.form.cover[i + 1:] if c.literal]
                if after is None or not rest or rest[0].match(after.text) is None:
                    continue
            found = pattern.match(p.text)
            if found is None:
                continue
            self.cover_at = i + 1
            if condition == "draft":
                self.result.draft = True
            fallback = next((c.key for c in other.captures if c.kind == "dept"), None) if other else None
            for capture, value in found.items():
                if capture.kind == "dept" and value:
                    self.weak.setdefault(capture.key, (value, fallback))
            self.captures({c: v for c, v in found.items() if c.kind != "dept"}, None, None)
            self.mark(p)
            return True
        return False

    def frame(self, text: str, where: Cell | Paragraph) -> bool:
        """A title, kicker, caption or note of a printed table (which may start a new project)."""
        best: tuple[int, TableForm, str, dict[Capture, str]] | None = None
        for table in self.form.tables:
            for kind, pattern in table.frames:
                if pattern.literal == 0 and not (kind == "caption" and self.since_title <= 1):
                    continue
                found = pattern.match(text)
                if found is not None and (best is None or pattern.literal > best[0]):
                    best = (pattern.literal, table, kind, found)
        if best is None:
            return False
        literal, table, kind, found = best
        self.result.anchors += literal > 0
        if kind == "title":
            self.end_prose()
            self.mode = None
            self.expect = None
            if table.each == "project":
                name = next((v for c, v in found.items() if c.kind in ("nf", "f") and c.key == "name"), "")
                self.start_project(name)
            self.table_i, self.row_i = table.number, -1
            self.since_title = 0
        self.captures(found, table, None)
        return True

    def end_prose(self) -> None:
        self.prose = None
        self.prose_row = None

    def prose_text(self, p: Paragraph) -> bool:
        item = self.prose
        assert item is not None
        text = p.text.strip()
        if item.field is not None:
            old = self.dept.values.get(item.field) or ""
            self.dept.values[item.field] = f"{old}\n{text}" if old else text
            self.mark(p)
            return True
        if item.list is None:
            return False
        rows = self.dept.lists.setdefault(item.list, [])
        numbered = re.match(rf"\s*{NUMBERING}", loose(text)) is not None
        if p.heading or numbered or self.prose_row is None:
            cls = ROW_CLASSES.get(item.list, Row)
            self.prose_row = cls()
            rows.append(self.prose_row)
            title_cell = item.row[0] if item.row else None
            title_key = title_cell.target[1] if title_cell and len(title_cell.target) > 1 else "title"
            title, rest = text, ""
            if not p.heading and item.run_in and item.run_in in text:
                title, _, rest = text.partition(item.run_in)
            self.prose_row[title_key] = self.unnumber(title, title_cell, len(rows))
            self.prose_free = next((c.target[1] for c in item.row[1:] if c.target and c.target[0] == "column"), None)
            if rest.strip() and self.prose_free:
                self.add_free(item, rest.strip())
            self.mark(p)
            return True
        self.add_free(item, text)
        self.mark(p)
        return True

    def add_free(self, item: ProseItem, text: str) -> None:
        assert self.prose_row is not None
        for cell in item.row[1:]:
            if cell.pattern is not None and cell.pattern.literal:
                found = cell.pattern.match(text)
                if found:
                    for capture, value in found.items():
                        if capture.kind == "c":
                            self.prose_row[capture.key] = value
                    return
        key = self.prose_free
        if key is None:
            return
        label = self.column_label(item.list or "", key)
        if not self.prose_row.get(key):
            lead = next((c.parts[0][1] for c in item.row[1:] if c.parts and c.target == ("column", key)), "")
            if lead and loose(text).startswith(loose(lead)):
                text = text[len(lead):]
            text = strip_label(text, label) if label else text
        old = self.prose_row.get(key) or ""
        self.prose_row[key] = f"{old}\n{text}" if old else text

    def column_label(self, list_key: str, key: str) -> str:
        section = self.fam.department.section(list_key) if self.fam.department else None
        if section is None and self.fam.project is not None:
            section = self.fam.project.section(list_key)
        column = next((c for c in section.columns if c.key == key), None) if section else None
        return column.label if column else ""

    def unnumber(self, text: str, cell: SpecCell | None, index: int) -> str:
        """A list title without the number the form put before it (（一）), kept when the clerk's own."""
        text = text.strip()
        if cell is not None and cell.number is not None:
            found = cell.number.regex.match(loose(text))
            if found and found.end() < len(text):
                return text[found.end():].strip()
        return text

    # ------------------------------------------------------------ tables

    def table(self, table: Table) -> None:
        self.end_prose()
        above: dict[int, str] = {}
        rows = [[c for c in row if c.text.strip()] for row in table.rows]
        for i, (row, live) in enumerate(zip(table.rows, rows, strict=True)):
            after = next((r for r in rows[i + 1:] if r), None)
            self.peek = Paragraph(after[0].text, after[0].place) if after is not None and len(after) == 1 else None
            if live:
                self.row(live, above)
            for c in row:
                for col in range(c.col, c.col + c.colspan):
                    above[col] = norm(c.text)
        self.peek = None

    def row(self, cells: list[Cell], above: dict[int, str]) -> None:
        self.since_title += 1
        if len(cells) <= 2 and all(self.frame(c.text, c) for c in cells):
            for c in cells:
                self.mark(c)
            return
        # A label repeated under itself (label cells not merged) is the same label.
        repeated = [c for c in cells if norm(c.text) in self.all_labels and above.get(c.col) == norm(c.text)
                    or (self.mode is not None and norm(c.text) in self.mode.labels)]
        rest = [c for c in cells if c not in repeated]
        for c in repeated:
            self.mark(c)
        if not rest:
            return
        if self.header(rest):
            return
        if self.static(rest):
            return
        if self.expect is not None:
            expect, self.expect = self.expect, None
            self.fill(expect, self.form.tables[self.table_i or 0], rest, [])
            return
        if self.mode is not None and self.data(rest):
            return
        if len(rest) <= 2 and self.as_paragraph(rest):
            return
        for c in rest:
            self.miss(c)

    def as_paragraph(self, cells: list[Cell]) -> bool:
        """A row of one text (and maybe a page number) read as a paragraph: the Word form's cover,
        contents, headings and running text typed into a worksheet."""
        placed, missed = self.result.placed, len(self.result.unplaced)
        self.paragraph(Paragraph("\t".join(c.text.strip() for c in cells), cells[0].place))
        if self.result.placed > placed:
            for c in cells[1:]:
                self.mark(c)
            return True
        del self.result.unplaced[missed:]
        return False

    def tables_in_order(self) -> list[TableForm]:
        tables = self.form.tables
        if self.table_i is None:
            return list(tables)
        return tables[self.table_i:] + tables[:self.table_i]

    # ---- static rows

    def literal(self, pattern: Pattern) -> str:
        """What a pattern without values matches, compared as ``norm`` compares."""
        found = self.literals.get(pattern)
        if found is None:
            found = self.literals[pattern] = _literal_text(pattern)
        return found

    def static(self, cells: list[Cell]) -> bool:
        first_norm = norm(cells[0].text)
        best: tuple[int, int, TableForm, CellsRow, list[tuple[SpecCell, Cell]]] | None = None
        for rank, table in enumerate(self.tables_in_order()):
            for spec in table.rows:
                if not isinstance(spec, CellsRow) or not spec.consts:
                    continue
                first = spec.consts[0].pattern
                if first is not None and not first.captures and self.literal(first) not in ("\x00", first_norm):
                    continue           # the row's first cell must be the first label: a quick no
                matched = self.align_consts(spec, cells)
                if matched is None:
                    continue
                score = len(matched)
                if best is None or score > best[0] or score == best[0] and rank < best[1]:
                    best = (score, rank, table, spec, matched)
        if best is None:
            return False
        _, _, table, spec, matched = best
        self.mode = None
        self.enter(table, spec.index)
        self.fill(spec, table, cells, matched)
        following = table.rows[spec.index + 1] if spec.index + 1 < len(table.rows) else None
        self.expect = following if isinstance(following, CellsRow) and not following.consts else None
        rows_of = next((r for r in table.rows[spec.index + 1:] if isinstance(r, RowsOf)), None)
        if rows_of is not None:
            self.mode = _Mode(rows_of, table)
            if len(matched) == len(rows_of.cells) == len(cells):
                self.mode.columns = [(c.col, c.col + c.colspan - 1, slot)
                                     for c, slot in zip(cells, rows_of.cells, strict=True)]
            else:
                self.mode.columns = [(s.col, s.col + s.span - 1, s) for s in rows_of.cells]
        return True

    def align_consts(self, spec: CellsRow, cells: list[Cell]) -> list[tuple[SpecCell, Cell]] | None:
        """Each label of ``spec`` matched to a cell, in order; the row's first cell must be one."""
        out: list[tuple[SpecCell, Cell]] = []
        at = 0
        for const in spec.consts:
            assert const.pattern is not None
            while at < len(cells) and const.pattern.match(cells[at].text) is None:
                at += 1
            if at == len(cells):
                return None
            out.append((const, cells[at]))
            at += 1
        if out[0][1] is not cells[0]:
            return None
        return out

    def fill(self, spec: CellsRow, table: TableForm, cells: list[Cell], matched: list[tuple[SpecCell, Cell]]) -> None:
        part = self.part(table)
        used = {id(c) for _, c in matched}
        for const, cell in matched:
            assert const.pattern is not None
            found = const.pattern.match(cell.text) or {}
            self.captures(found, table, cell)
            self.mark(cell)
            self.result.anchors += 1
        # values between the labels, in order, or by column when some are empty
        bounds = [-1] + [cells.index(c) for _, c in matched] + [len(cells)]
        spec_bounds = [-1] + [spec.cells.index(s) for s, _ in matched] + [len(spec.cells)]
        for (a, b), (sa, sb) in zip(zip(bounds, bounds[1:]), zip(spec_bounds, spec_bounds[1:]), strict=False):
            file_cells = [c for c in cells[a + 1:b] if id(c) not in used]
            slots = [s for s in spec.cells[sa + 1:sb] if s.kind == "value"]
            for slot, cell in self.pair(slots, file_cells):
                if slot is None:
                    self.miss(cell)
                    continue
                if self.value(slot, table, part, cell):
                    self.mark(cell)

    def pair(self, slots: list[SpecCell], cells: list[Cell]) -> list[tuple[SpecCell | None, Cell]]:
        if len(slots) == len(cells):
            return list(zip(slots, cells, strict=True))
        out: list[tuple[SpecCell | None, Cell]] = []
        free = list(slots)
        for cell in cells:
            if not free:
                out.append((None, cell))
                continue
            slot = min(free, key=lambda s: abs(s.col - cell.col))
            free.remove(slot)
            out.append((slot, cell))
        return out

    def value(self, slot: SpecCell, table: TableForm, part: Part, cell: Cell) -> bool:
        text = cell.text.strip()
        kind = slot.target[0] if slot.target else ""
        if slot.pattern is not None and kind == "money":
            found = slot.pattern.match(cell.text)
            if found is None:
                return False
            for capture, value in found.items():
                if capture.key == "__value__":
                    text = value
            self.captures({c: v for c, v in found.items() if c.key != "__value__"}, table, cell)
            cell = Cell(text, cell.row, cell.col, cell.place)
        if kind == "field":
            return self.put(part, self.owner_def(table), slot.target[1], text, cell)
        if kind == "or":
            if isinstance(part, Project):
                part.values.setdefault("__or__", {})[slot.target[1]] = (slot.target[2], text)
            return True
        if kind == "money":
            return self.money(slot.target[1], slot.target[2], text, cell)
        return False

    def money(self, line: str, part: str, text: str, cell: Cell) -> bool:
        if part == "label":
            return True
        try:
            value = cell.number if cell.number is not None and text == cell.text.strip() else parse_amount(text)
        except ValueError as error:
            self.miss(cell, str(error))
            return False
        money = self.dept.money.setdefault(line, MoneyLine(prior=[None] * self.prior_count()))
        if part == "share" and value is not None:
            value = Decimal(value)            # the form prints a share with its %: the number is the share
        if part == "amount":
            money.amount = value
        elif part == "share":
            money.share = value
        elif part.startswith("prior") and part[5:].isdigit():
            i = int(part[5:])
            while len(money.prior) <= i:
                money.prior.append(None)
            money.prior[i] = value
        return True

    def prior_count(self) -> int:
        return max(self.fam.money.prior_years, 2) if self.fam.money is not None else 2

    # ---- dynamic blocks: headings

    def header(self, cells: list[Cell]) -> bool:
        if self.mode is not None and isinstance(self.mode.row, (IndicatorsRow, MoneyRow)) and self.sub_header(cells):
            return True
        # the best fitting indicator table; of equal ones, the nearest in the form
        best: tuple[int, TableForm, IndicatorsRow] | None = None
        for table in self.tables_in_order():
            for spec in table.rows:
                fit = self.indicator_fit(spec, cells) if isinstance(spec, IndicatorsRow) else None
                if fit is not None and (best is None or fit[0] > best[0]):
                    best = (fit[0], table, spec)
        if best is not None:
            return self.indicator_header(best[1], best[2], cells)
        for table in self.tables_in_order():
            for spec in table.rows:
                if isinstance(spec, ListRow) and self.list_header(table, spec, cells):
                    return True
                if isinstance(spec, MoneyRow) and self.money_header(table, spec, cells):
                    return True
                if isinstance(spec, PlanRow) and self.plan_header(table, spec, cells):
                    return True
        return False

    def _head_patterns(self, spec: IndicatorsRow) -> list[tuple[str, Pattern]]:
        table_def = spec.section.table
        assert table_def is not None
        return [(c.key, compile_template(c.label, {}, self.fam.document_title)) for c in table_def.fields]

    def indicator_fit(self, spec: IndicatorsRow, cells: list[Cell]) -> tuple[int, list, list, list] | None:
        """How well ``cells`` are the headings of ``spec``'s table: (score, columns, label cells,
        words it does not have), or None."""
        table_def = spec.section.table
        assert table_def is not None
        level1 = table_def.by_role("level1")
        if level1 is None or norm(level1.label) not in {norm(c.text) for c in cells}:
            return None                # a quick no: the headings always name the 一级 column
        heads = self._head_patterns(spec)
        groups = {norm(g): [k for k, gg in spec.groups.items() if gg == g] for g in set(spec.groups.values())}
        columns: list[tuple[int, int, Any]] = []
        label_cells: list[Cell] = []
        strange: list[Cell] = []          # a heading word the family does not have (指标值 over two columns)
        hits = 0
        for cell in cells:
            key = next((k for k, p in heads if p.literal and p.match(cell.text) is not None and k not in spec.groups), None)
            if key is not None:
                columns.append((cell.col, cell.col + cell.colspan - 1, key))
                hits += 1
            elif norm(cell.text) in groups:
                keys = groups[norm(cell.text)]
                width = max(1, cell.colspan // max(1, len(keys)))
                for i, k in enumerate(keys):
                    columns.append((cell.col + i * width, cell.col + (i + 1) * width - 1 if i < len(keys) - 1
                                    else cell.col + cell.colspan - 1, k))
                hits += 1
            elif spec.label is not None and spec.label.match(cell.text) is not None:
                label_cells.append(cell)
            else:
                strange.append(cell)
        if len(strange) > 1:
            return None
        level1 = table_def.by_role("level1")
        level3 = table_def.by_role("level3")
        found = {k for _, _, k in columns}
        if not (level1 and level3 and level1.key in found and level3.key in found):
            return None
        plain = [c for c in table_def.fields if c.role != "history"]
        if hits < max(2, len(plain) // 2):
            return None
        return hits + 2 * len(label_cells) - 2 * len(strange), columns, label_cells, strange

    def indicator_header(self, table: TableForm, spec: IndicatorsRow, cells: list[Cell]) -> bool:
        fit = self.indicator_fit(spec, cells)
        if fit is None:
            return False
        _, columns, label_cells, strange = fit
        same = self.mode is not None and self.mode.row is spec and self.mode.table is table
        self.enter(table, spec.index) if not same else None
        if not same:
            self.mode = _Mode(spec, table, columns)
            self.mode.labels = {norm(c.text) for c in label_cells}
        else:
            assert self.mode is not None
            self.mode.columns = columns
        self.expect = None
        for c in cells:
            if c in strange:
                self.miss(c, "表头中本表式没有的栏目名，已略过")
            else:
                self.mark(c)
        self.result.anchors += len(cells) - len(strange)
        return True

    def sub_header(self, cells: list[Cell]) -> bool:
        """The second heading row: the years of the history columns (2022年 | 2023年)."""
        mode = self.mode
        assert mode is not None
        if isinstance(mode.row, IndicatorsRow):
            heads = dict(self._head_patterns(mode.row))
            history = [k for k in mode.row.groups]
            placed: list[tuple[int, int, Any]] = []
            groups = {norm(g) for g in mode.row.groups.values()}
            for cell in cells:
                key = next((k for k in history if heads.get(k) and heads[k].match(cell.text) is not None), None)
                if key is None:
                    key = next((k for k, p in heads.items() if k not in history and p.literal
                                and p.match(cell.text) is not None), None)
                    if key is None and norm(cell.text) in groups:
                        continue
                    if key is None:
                        return False
                found = heads[key].match(cell.text) or {}
                self.captures(found, None, cell)
                placed.append((cell.col, cell.col + cell.colspan - 1, key))
            mode.columns = [c for c in mode.columns if c[2] not in {p[2] for p in placed}] + placed
        else:
            years = []
            for cell in cells:
                found = re.fullmatch(r"\s*((?:19|20|21)\d\d)\s*年?\s*", loose(cell.text))
                if found is None:
                    return False
                years.append((int(found.group(1)), cell))
            years.sort(key=lambda y: y[0])
            prior = self.fam.money.prior_years if self.fam.money else len(years)
            if years and len(years) == prior:
                self.result.years[years[-1][0] + 1] += 1
            spans = [c for c in mode.columns if c[2] == "prior"]
            mode.columns = [c for c in mode.columns if c[2] != "prior"]
            for i, (_, cell) in enumerate(years):
                mode.columns.append((cell.col, cell.col + cell.colspan - 1, f"prior{i}"))
            del spans
        for c in cells:
            self.mark(c)
        return True

    def list_header(self, table: TableForm, spec: ListRow, cells: list[Cell]) -> bool:
        if spec.label is None or spec.label.match(cells[0].text) is None:
            if not (spec.header and self.mode is not None and self.mode.row is spec and self.column_heads(spec, cells)):
                return False
            for c in cells:
                self.mark(c)
            return True
        self.enter(table, spec.index)
        self.mode = _Mode(spec, table)
        self.mode.labels = {norm(cells[0].text)}
        self.mark(cells[0])
        self.result.anchors += 1
        rest = cells[1:]
        self.expect = None
        if spec.header and rest and self.column_heads(spec, rest):
            for c in rest:
                self.mark(c)
        elif rest:
            self.data(rest)
        return True

    def column_heads(self, spec: ListRow, cells: list[Cell]) -> bool:
        labels = {norm(c.label): c.key for c in spec.section.columns}
        keys = [labels.get(norm(c.text)) for c in cells]
        if not keys or None in keys:
            return False
        assert self.mode is not None
        self.mode.columns = [(c.col, c.col + c.colspan - 1, k) for c, k in zip(cells, keys, strict=True)]
        return True

    def money_header(self, table: TableForm, spec: MoneyRow, cells: list[Cell]) -> bool:
        heads: list[tuple[Pattern, list[str]]] = []
        for row in spec.header:
            for h in row:
                if h.pattern is None or not h.pattern.literal:
                    continue
                covered = [p.target[1] for p in spec.cells if p.target and h.col <= p.col < h.col + h.span]
                heads.append((h.pattern, covered))
        columns: list[tuple[int, int, Any]] = []
        hits = 0
        label = False
        for cell in cells:
            found = next((parts for p, parts in heads if p.match(cell.text) is not None), None)
            if found is not None:
                hits += 1
                for part in found:
                    if part in ("amount", "share", "prior"):
                        columns.append((cell.col, cell.col + cell.colspan - 1, part))
            elif spec.label is not None and spec.label.match(cell.text) is not None:
                label = True
            else:
                return False
        if hits < 2:
            return False
        self.enter(table, spec.index)
        self.mode = _Mode(spec, table, columns)
        self.mode.labels = {norm(c.text) for c in cells} if label else set()
        self.expect = None
        for c in cells:
            self.mark(c)
        self.result.anchors += len(cells)
        return True

    def plan_header(self, table: TableForm, spec: PlanRow, cells: list[Cell]) -> bool:
        if spec.label is None or spec.label.match(cells[0].text) is None:
            return False
        self.enter(table, spec.index)
        self.mode = _Mode(spec, table)
        self.mode.labels = {norm(cells[0].text)}
        self.mode.plan_labels = [(c.col, c.col + c.colspan - 1, c.text.strip()) for c in cells[1:]]
        self.result.anchors += 1
        self.expect = None
        for c in cells:
            self.mark(c)
        return True

    # ---- dynamic blocks: rows

    def data(self, cells: list[Cell]) -> bool:
        mode = self.mode
        assert mode is not None
        spec = mode.row
        if isinstance(spec, IndicatorsRow):
            return self.indicator_row(mode, spec, cells)
        if isinstance(spec, ListRow):
            return self.list_row(mode, spec, cells)
        if isinstance(spec, MoneyRow):
            return self.money_row(mode, spec, cells)
        if isinstance(spec, PlanRow):
            return self.plan_row(mode, cells)
        if isinstance(spec, RowsOf):
            return self.rows_of(mode, cells)
        return False

    def rows_of(self, mode: _Mode, cells: list[Cell]) -> bool:
        """A row of a table listing the projects (附件2): a project each, read again by its own table."""
        project = new_project(self.fam)
        project.plan = []
        owner = self.fam.project
        for cell in cells:
            slot = self.column_of(mode, cell)
            if slot is None:
                self.miss(cell, "不在任何一栏下")
                continue
            if slot.kind == "const":
                self.mark(cell)
                continue
            target = slot.target
            if target and target[0] == "field" and self.put(project, owner, target[1], cell.text.strip(), cell):
                self.mark(cell)
            elif target and target[0] == "or":
                project.values.setdefault("__or__", {})[target[1]] = (target[2], cell.text.strip())
                self.mark(cell)
            else:
                self.miss(cell)
        if any(v for k, v in project.values.items()):
            self.dept.projects.append(project)
            self.summary.append((project, {}))
        return True

    def column_of(self, mode: _Mode, cell: Cell) -> Any:
        for first, last, what in mode.columns:
            if first <= cell.col <= last:
                return what
        return None

    def learn(self, mode: _Mode, keys: list[Any], cells: list[Cell]) -> None:
        """A row with a cell for every column, in order: the columns are where its cells are (a
        table retyped without its merges has its heading cells elsewhere than its values)."""
        if len(cells) != len(keys) or [self.column_of(mode, c) for c in cells] == keys:
            return
        mode.columns = [(c.col, c.col + c.colspan - 1, k) for c, k in zip(cells, keys, strict=True)]

    def indicator_row(self, mode: _Mode, spec: IndicatorsRow, cells: list[Cell]) -> bool:
        table_def = spec.section.table
        if table_def is not None:
            self.learn(mode, [c.key for c in table_def.fields], cells)
        row = Indicator()
        for key, (text, left) in list(mode.held.items()):
            row[key] = text
            mode.held[key] = (text, left - 1)
            if left - 1 <= 0:
                del mode.held[key]
        for cell in cells:
            key = self.column_of(mode, cell)
            if key is None or (key in row and key not in mode.held and row.get(key) != ""):
                if key in row and key in spec.merge and cell.rowspan >= 1 and key not in mode.held:
                    pass
                self.miss(cell, "不在任何一栏下" if key is None else "")
                continue
            row[key] = cell.text.strip()
            if key in spec.merge and cell.rowspan > 1:
                mode.held[key] = (cell.text.strip(), cell.rowspan - 1)
            self.mark(cell)
        if not any(v for v in row.values()):
            return True
        self.vocabulary_words(spec, row)
        rows = self.part(mode.table).lists.get(spec.key) or []
        covered = {k for k, _ in mode.held.items()}
        for i, key in enumerate(spec.merge):   # merged on the form: a blank under a value is that value
            outer = spec.merge[:i]
            if rows and not row.get(key) and rows[-1].get(key) and key not in covered and any(
                    row.get(k) for k in row if k not in spec.merge) and all(
                    row.get(k) == rows[-1].get(k) for k in outer):
                row[key] = rows[-1][key]
                self.filled_down += 1
                self.note_labels.add(self.column_name(spec, key))
        part = self.part(mode.table)
        part.lists.setdefault(spec.key, []).append(row)
        return True

    def column_name(self, spec: IndicatorsRow, key: str) -> str:
        table_def = spec.section.table
        column = next((c for c in table_def.fields if c.key == key), None) if table_def else None
        return column.label if column is not None else key

    def vocabulary_words(self, spec: IndicatorsRow, row: Indicator) -> None:
        """A 一级 or 二级 that is a word of the table's vocabulary but for spaces or a line break
        typed to fit a narrow cell (``运行\n成本``) is that word; the report counts them."""
        table_def = spec.section.table
        if table_def is None:
            return
        words = self.fam.vocabularies.get(table_def.vocabulary) or self.fam.vocabulary
        known = {norm(w): w for level1, level2 in words.items() for w in (level1, *level2)}
        for role in ("level1", "level2"):
            column = table_def.by_role(role)
            value = row.get(column.key) if column is not None else None
            if column is None or not value or value in known.values():
                continue
            word = known.get(norm(value))
            if word is not None:
                row[column.key] = word
                self.respelled += 1
                self.note_labels.add(column.label)

    def list_row(self, mode: _Mode, spec: ListRow, cells: list[Cell]) -> bool:
        cls = ROW_CLASSES.get(spec.key, Row)
        row = cls()
        mode.count += 1
        slots = spec.cells
        if mode.columns:
            pairs = []
            for cell in cells:
                key = self.column_of(mode, cell)
                slot = next((s for s in slots if s.target == ("column", key)), None)
                pairs.append((slot, cell))
        else:
            pairs = self.pair(slots, cells)
        for slot, cell in pairs:
            if slot is None:
                self.miss(cell)
                continue
            text = cell.text.strip()
            if slot.target and slot.target[0] == "column":
                key = slot.target[1]
                value = self.unnumber(text, slot, mode.count)
                label = self.column_label(spec.key, key)
                row[key] = strip_label(value, label) if label else value
            elif slot.parts and (slot.target == ("lines",) or len(slot.parts) == 1):
                values = read_parts(slot.parts, text.split("\n"))
                first = next((c.key for p, _ in slot.parts for c in p.captures if c.kind == "c"), None)
                for key, value in values.items():
                    label = self.column_label(spec.key, key)
                    value = self.unnumber(value, slot, mode.count) if key == first else value
                    row[key] = strip_label(value, label) if label else value
            elif slot.pattern is not None:
                found = slot.pattern.match(text)
                keys = [c for c in slot.pattern.captures if c.kind == "c"]
                if found is None:
                    found = {keys[0]: text} if keys else {}
                for capture, value in found.items():
                    if capture.kind == "c":
                        label = self.column_label(spec.key, capture.key)
                        value = self.unnumber(value, slot, mode.count) if capture is keys[0] else value
                        row[capture.key] = strip_label(value, label) if label else value
            self.mark(cell)
        if any(v for v in row.values()):
            self.part(mode.table).lists.setdefault(spec.key, []).append(row)
        return True

    def money_row(self, mode: _Mode, spec: MoneyRow, cells: list[Cell]) -> bool:
        money = self.fam.money
        if money is None:
            return False
        groups = {norm(g.label): g for g in money.groups}
        parts = ["amount", *(["share"] if money.shares else []), *(f"prior{i}" for i in range(money.prior_years))]
        lines = {norm(x.label) for x in money.lines}
        values = [c for c in cells if norm(c.text) not in groups and norm(c.text) not in lines]
        self.learn(mode, parts, values)
        for cell in cells:
            text = norm(cell.text)
            if text in groups:
                mode.group = groups[text].key
                self.mark(cell)
                continue
            group = next((g for g in money.groups if g.key == mode.group), None)
            keys = (*group.members, group.total) if group else tuple(x.key for x in money.lines)
            line = next((k for k in keys if norm(money.label(k)) == text), None)
            if line is None and group is None:
                line = next((x.key for x in money.lines if norm(x.label) == text), None)
            if line is not None and self.column_of(mode, cell) is None:
                mode.line = line
                self.mark(cell)
                continue
            part = self.column_of(mode, cell)
            if part is None or mode.line is None:
                self.miss(cell, "不在任何一栏下")
                continue
            if part == "prior":
                part = "prior0"
            if self.money(mode.line, part, cell.text.strip(), cell):
                self.mark(cell)
        return True

    def plan_row(self, mode: _Mode, cells: list[Cell]) -> bool:
        if self.project is None or not mode.plan_labels:
            return False
        points: list[PlanPoint] = [PlanPoint(label) for _, _, label in mode.plan_labels]
        spans = mode.plan_labels
        for i, cell in enumerate(cells):
            at = next((j for j, (a, b, _) in enumerate(spans) if a <= cell.col <= b), None)
            if at is None and len(cells) == len(spans):
                at = i
            if at is None:
                self.miss(cell)
                continue
            try:
                points[at].percent = cell.number if cell.number is not None else parse_amount(cell.text)
            except ValueError as error:
                self.miss(cell, str(error))
                continue
            self.mark(cell)
        self.project.plan = points
        self.mode = None
        return True

    # ------------------------------------------------------------ the end

    def finish(self) -> None:
        for project in self.dept.projects:
            pending = project.values.pop("__or__", {})
            for key, (other, text) in pending.items():
                own = project.values.get(other) or ""
                if not own:
                    project.values[other] = text
                elif norm(own) != norm(text):
                    project.values[key] = text
            if not project.plan and self.fam.checkpoints:
                project.plan = [PlanPoint(c) for c in self.fam.checkpoints]
        for key, (value, fallback) in self.weak.items():
            # printed "or" the fallback: the fallback's own value means the field was left empty
            if fallback is not None and norm(str(self.dept.values.get(fallback) or "")) == norm(value):
                continue
            if not self.dept.values.get(key):
                self.put(self.dept, self.fam.department, key, value, None)
        words = "、".join(sorted(self.note_labels))
        if self.filled_down:
            self.result.notes.append(f"有 {self.filled_down} 处{words}空着（原表未合并单元格），"
                                     "已按上一行填写，请核对。")
        if self.respelled:
            self.result.notes.append(f"有 {self.respelled} 处{words}中的空格或换行已去掉，"
                                     "写成指标体系中的名称。")
        fill_gaps(self.dept, self.fam)
        self.result.total = self.grid.cells()
