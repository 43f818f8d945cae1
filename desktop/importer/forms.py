"""A family's printed form (its ``print`` member) compiled for reading: per printed table, its
frame (title, kicker, captions) and its rows as patterns, with where each value goes.

Every word comes from the family file; this module only knows the print member's vocabulary.
"""

from __future__ import annotations

from dataclasses import dataclass
from dataclasses import field as _field
from typing import Any

from desktop.families import Family, Owner, Section
from desktop.importer.templates import Pattern, compile_template

Target = tuple[str, ...]     # ("field", key) | ("or", key, other) | ("money", line, part) | ("column", key)


@dataclass(frozen=True)
class SpecCell:
    kind: str                          # const | value | empty
    col: int
    span: int = 1
    rows: int = 1
    pattern: Pattern | None = None     # const: the text; value with a format: the format
    target: Target = ()
    number: Pattern | None = None      # a list cell's automatic numbering (（一）, 1、)
    parts: tuple[tuple[Pattern, str], ...] = ()   # a cell of ``lines``: each line's text and lead


@dataclass
class CellsRow:
    cells: list[SpecCell]
    index: int = 0

    @property
    def consts(self) -> list[SpecCell]:
        return [c for c in self.cells if c.kind == "const"]


@dataclass
class IndicatorsRow:
    key: str
    section: Section
    label: Pattern | None
    merge: tuple[str, ...]
    groups: dict[str, str]             # column key → the group heading above it
    index: int = 0


@dataclass
class ListRow:
    key: str
    section: Section
    label: Pattern | None
    header: bool
    cells: list[SpecCell]
    index: int = 0


@dataclass
class MoneyRow:
    key: str
    section: Section
    label: Pattern | None
    header: list[list[SpecCell]]       # heading rows; a cell's target is ("part", name)
    cells: list[SpecCell]              # the parts of a line row: target ("part", name)
    index: int = 0


@dataclass
class PlanRow:
    key: str
    section: Section
    label: Pattern | None
    index: int = 0


@dataclass
class RowsOf:
    cells: list[SpecCell]
    index: int = 0


AnyRow = CellsRow | IndicatorsRow | ListRow | MoneyRow | PlanRow | RowsOf


@dataclass
class TableForm:
    number: int
    each: str                          # document | department | project
    frames: list[tuple[str, Pattern]]  # (title | kicker | caption | notes | empty, pattern)
    rows: list[AnyRow]
    columns: int


@dataclass
class ProseItem:
    heading: Pattern
    field: str | None = None
    list: str | None = None
    run_in: str = ""
    row: list[SpecCell] = _field(default_factory=list)


@dataclass
class Form:
    family: Family
    tables: list[TableForm]
    cover: list[tuple[Pattern, str | None, Pattern | None]]    # (text, its "if", its "or")
    headings: list[Pattern]
    contents: Pattern | None
    prose: list[ProseItem]
    labels: dict[str, dict[str, str]]         # owner (department | project) → key → label


def _labels(owner: Owner | None) -> dict[str, str]:
    if owner is None:
        return {}
    found = {f.key: f.label for f in owner.all_fields}
    found.update({s.key: s.label for s in owner.sections})
    return found


class _Builder:
    def __init__(self, fam: Family) -> None:
        self.fam = fam
        self.dept = _labels(fam.department)
        self.proj = _labels(fam.project)
        self.codes = frozenset(f.key for owner in (fam.department, fam.project) if owner is not None
                               for f in owner.all_fields if f.type == "code")

    def labels(self, scope: str) -> dict[str, str]:
        return {**self.dept, **self.proj} if scope == "project" else {**self.proj, **self.dept}

    def pattern(self, template: str, scope: str, numbered: bool = False) -> Pattern:
        return compile_template(template, self.labels(scope), self.fam.document_title, numbered=numbered,
                                codes=self.codes)

    def owner(self, scope: str) -> Owner | None:
        return self.fam.project if scope == "project" else self.fam.department

    def section(self, scope: str, key: str) -> Section | None:
        for owner in (self.owner(scope), self.fam.department, self.fam.project):
            found = owner.section(key) if owner is not None else None
            if found is not None:
                return found
        return None

    def cell(self, raw: dict[str, Any], col: int, scope: str) -> SpecCell:
        span, rows = int(raw.get("span", 1)), int(raw.get("rows", 1))
        cell_scope = raw.get("scope", scope)
        number = self.pattern(raw["number"], scope) if raw.get("number") else None
        if "label" in raw:
            label = self.labels(cell_scope).get(raw["label"], raw["label"])
            return SpecCell("const", col, span, rows, self.pattern(label, scope))
        if "field" in raw:
            target = ("or", raw["field"], raw["or"]) if raw.get("or") else ("field", raw["field"])
            return SpecCell("value", col, span, rows, None, target)
        if "column" in raw:
            return SpecCell("value", col, span, rows, None, ("column", raw["column"]), number)
        if "money" in raw:
            line, _, part = str(raw["money"]).partition(".")
            money = self.fam.money
            label = money.label(line) if money is not None and line in {x.key for x in money.lines} else line
            fmt = raw.get("format", "{value}")
            if part == "label":
                return SpecCell("const", col, span, rows, self.pattern(fmt.replace("{value}", label), scope))
            template = fmt.replace("{label}", label).replace("{value}", "{f:__value__}")
            pattern = None if template == "{f:__value__}" else self.pattern(template, scope)
            return SpecCell("value", col, span, rows, pattern, ("money", line, part or "amount"))
        if "lines" in raw:
            parts = tuple((self.pattern(p.get("text", ""), scope), p.get("lead", "")) for p in raw["lines"])
            return SpecCell("value", col, span, rows, None, ("lines",), number, parts)
        if "literal" in raw:
            return SpecCell("const", col, span, rows, self.pattern(str(raw["literal"]), scope))
        if "serial" in raw:
            return SpecCell("const", col, span, rows, self.pattern("{" + raw["serial"] + "}", scope))
        if "part" in raw:
            pattern = self.pattern(raw["text"], scope) if raw.get("text") else None
            return SpecCell("value", col, span, rows, pattern, ("part", raw["part"]))
        if "text" in raw:
            pattern = self.pattern(raw["text"], scope)
            if pattern.captures and pattern.literal == 0 and len(pattern.captures) == 1 and pattern.captures[0].kind == "c":
                return SpecCell("value", col, span, rows, None, ("column", pattern.captures[0].key), number)
            if any(c.kind == "c" for c in pattern.captures):
                return SpecCell("value", col, span, rows, pattern, ("template",), number,
                                ((pattern, raw.get("lead", "")),))
            return SpecCell("const", col, span, rows, pattern, (), number)
        if "part" in raw:
            pattern = self.pattern(raw["text"], scope) if raw.get("text") else None
            return SpecCell("value", col, span, rows, pattern, ("part", raw["part"]))
        return SpecCell("empty", col, span, rows)

    def cells(self, raws: list[dict[str, Any]], scope: str, held: dict[int, int], first: int = 0) -> list[SpecCell]:
        out = []
        col = first
        for raw in raws:
            while held.get(col, 0) > 0:
                col += 1
            cell = self.cell(raw, col, scope)
            out.append(cell)
            if cell.rows > 1:
                for c in range(col, col + cell.span):
                    held[c] = cell.rows
            col += cell.span
        for c in list(held):
            held[c] -= 1
        return out

    def table(self, number: int, spec: dict[str, Any]) -> TableForm:
        each = spec.get("each", "document")
        scope = "project" if each == "project" else "department"
        frames: list[tuple[str, Pattern]] = []
        for key in ("kicker", "title"):
            if spec.get(key):
                frames.append((key, self.pattern(spec[key], scope, numbered=True)))
        for caption in spec.get("captions") or ():
            for side in ("left", "center", "right"):
                if caption.get(side):
                    frames.append(("caption", self.pattern(caption[side], scope)))
        for note in spec.get("notes") or ():
            text = note if isinstance(note, str) else (note.get("text") or "")
            if text:
                frames.append(("notes", self.pattern(text, scope)))
        if spec.get("empty"):
            frames.append(("empty", self.pattern(spec["empty"], scope)))
        rows: list[AnyRow] = []
        held: dict[int, int] = {}
        for i, raw in enumerate(spec.get("rows") or ()):
            label = self.pattern(raw["label"], scope) if raw.get("label") else None
            if "cells" in raw and "list" not in raw and "money" not in raw and "rows_of" not in raw:
                rows.append(CellsRow(self.cells(raw["cells"], scope, held), i))
                continue
            held = {}
            first = 1 if label is not None else 0
            if "indicators" in raw:
                section = self.section(scope, raw["indicators"])
                if section is None or section.table is None:
                    continue
                groups = {c.key: c.group for c in section.table.fields if c.group}
                for group in raw.get("groups") or ():
                    for key in group.get("columns", ()):
                        groups[key] = group.get("label", "")
                rows.append(IndicatorsRow(raw["indicators"], section, label, tuple(raw.get("merge") or ()), groups, i))
            elif "list" in raw:
                section = self.section(scope, raw["list"])
                if section is not None:
                    rows.append(ListRow(raw["list"], section, label, bool(raw.get("header")),
                                        self.cells(raw.get("cells") or [], scope, {}, first), i))
            elif "money" in raw:
                section = self.section(scope, raw["money"])
                if section is not None:
                    header = [self.cells(h, scope, {}, first) for h in raw.get("header") or ()]
                    rows.append(MoneyRow(raw["money"], section, label, header,
                                         self.cells(raw.get("cells") or [], scope, {}, first), i))
            elif "plan" in raw:
                section = self.section("project", raw["plan"])
                if section is not None:
                    rows.append(PlanRow(raw["plan"], section, label, i))
            elif "rows_of" in raw:
                rows.append(RowsOf(self.cells(raw.get("cells") or [], "project", {}), i))
        return TableForm(number, each, frames, rows, len(spec.get("columns") or ()))


def compile_form(fam: Family) -> Form:
    """The family's printed form as patterns (cached per family by the caller)."""
    build = _Builder(fam)
    tables: list[TableForm] = []
    cover: list[tuple[Pattern, str | None, Pattern | None]] = []
    headings: list[Pattern] = []
    prose: list[ProseItem] = []
    for block in fam.print.get("blocks", ()):
        if "table" in block:
            tables.append(build.table(len(tables), block["table"]))
        elif "cover" in block:
            cover += [(build.pattern(c.get("text", ""), "department"), c.get("if"),
                       build.pattern(c["or"], "department") if c.get("or") else None) for c in block["cover"]]
        elif "heading" in block:
            headings.append(build.pattern(block["heading"], "department", numbered=True))
        elif "prose" in block:
            for item in block["prose"]:
                heading = build.pattern(item.get("heading", ""), "department", numbered=True)
                row = [build.cell(c, i, "department") for i, c in enumerate(item.get("row") or ())]
                prose.append(ProseItem(heading, item.get("field"), item.get("list"), item.get("run_in", ""), row))
    word = fam.print.get("word") or {}
    contents = build.pattern(word["contents_title"], "department") if word.get("contents_title") else None
    return Form(fam, tables, cover, headings, contents, prose,
                {"department": build.dept, "project": build.proj})
