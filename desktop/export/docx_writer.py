"""The Word (.docx) export, built on ``resources/templates/official.docx``.

The template carries the page (A4, GB/T 9704 margins), the footers with the page number and the
styles (Title, Heading 1-3, Body Text, toc 1-2, 表格文字, 表头说明, Table Grid). The body is
written as WordprocessingML text and the whole document part is parsed once from it: python-docx's
table API rebuilds its row and cell lists on every access, and moving a parsed body into the
template's tree costs lxml time that grows with the square of a table's rows (3,000 rows took
9 s, 6,000 rows 36 s); both are quadratic, the single parse is linear. Every run
names its font for Latin and East Asian text alike, taken from its style in the template, so
Word never substitutes a Japanese or Latin face.
"""

from __future__ import annotations

import copy
import io
import math
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from typing import Any
from xml.sax.saxutils import escape, quoteattr

import docx
from docx.oxml.ns import qn
from docx.oxml.parser import element_class_lookup
from lxml import etree

from desktop.export import blocks, layout
from desktop.export.layout import CENTER, LEFT, RIGHT, Row, Table, text
from desktop.export.progress import Progress, Steps
from desktop.families import family
from desktop.model import Department, Document
from desktop.resources import resource

TEMPLATE = resource("templates", "official.docx")
# The document part as python-docx would parse it, without libxml2's 10 MB limit on one text
# node: Word holds longer text, so a long paste is exported whole rather than refused.
_PARSER = etree.XMLParser(resolve_entities=False, huge_tree=True)
_PARSER.set_element_class_lookup(element_class_lookup)
_JC = {LEFT: "left", CENTER: "center", RIGHT: "right"}
_LANDSCAPE_FOOTER = 850  # footer distance on landscape pages, twips
# For the page estimate: line height and spacing in points by style (the template's values).
_METRICS = {"BodyText": (28.0, 0.0), "Heading2": (28.0, 0.0), "Heading3": (28.0, 0.0),
            "Heading1": (40.0, 28.0), "Title": (40.0, 0.0), "TableCaption": (16.0, 9.0)}
_INDENTED = frozenset({"BodyText", "Heading2", "Heading3"})
_CELL_MARGINS = 5.7      # left + right cell margins of Table Grid, points
_CELL_PADDING = 2.8      # top + bottom cell margins, points


@dataclass(frozen=True)
class _Page:
    """A section's page setup, as sectPr XML without and with footers; sizes in twips."""

    plain: str
    with_footer: str
    text_width: int
    text_height: int


def _sections(template_sect: etree._Element) -> dict[bool, _Page]:
    """Portrait and landscape page setups derived from the template's section (key: landscape)."""
    pages = {}
    for landscape in (False, True):
        sect = copy.deepcopy(template_sect)
        size, margins = sect.find(qn("w:pgSz")), sect.find(qn("w:pgMar"))
        width, height = int(size.get(qn("w:w"))), int(size.get(qn("w:h")))
        if landscape:
            size.set(qn("w:w"), str(height))
            size.set(qn("w:h"), str(width))
            size.set(qn("w:orient"), "landscape")
            top, right, bottom, left = (margins.get(qn(f"w:{k}")) for k in ("top", "right", "bottom", "left"))
            # The portrait text block turned a quarter: same area, binding side on top.
            margins.set(qn("w:top"), left)
            margins.set(qn("w:bottom"), right)
            margins.set(qn("w:left"), top)
            margins.set(qn("w:right"), bottom)
            margins.set(qn("w:footer"), str(_LANDSCAPE_FOOTER))
            width = height
        text_width = width - int(margins.get(qn("w:left"))) - int(margins.get(qn("w:right")))
        text_height = int(size.get(qn("w:h"))) - int(margins.get(qn("w:top"))) - int(margins.get(qn("w:bottom")))
        with_footer = etree.tostring(sect, encoding="unicode")
        for ref in sect.findall(qn("w:footerReference")) + sect.findall(qn("w:headerReference")):
            sect.remove(ref)
        pages[landscape] = _Page(etree.tostring(sect, encoding="unicode"), with_footer, text_width, text_height)
    return pages


def _style_fonts(word: docx.document.Document) -> dict[str, tuple[str, int, int]]:
    """East Asian font, size (half-points) and character spacing (twips, negative when condensed)
    of each paragraph style in the template."""
    fonts = {}
    defaults = word.styles.element.find(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}")
    default_font = defaults.find(qn("w:rFonts")).get(qn("w:eastAsia"))
    default_size = int(defaults.find(qn("w:sz")).get(qn("w:val")))
    for style in word.styles.element.findall(qn("w:style")):
        rpr = style.find(qn("w:rPr"))
        rfonts = rpr.find(qn("w:rFonts")) if rpr is not None else None
        size = rpr.find(qn("w:sz")) if rpr is not None else None
        spacing = rpr.find(qn("w:spacing")) if rpr is not None else None
        fonts[style.get(qn("w:styleId"))] = (
            rfonts.get(qn("w:eastAsia")) if rfonts is not None else default_font,
            int(size.get(qn("w:val"))) if size is not None else default_size,
            int(spacing.get(qn("w:val"))) if spacing is not None else 0,
        )
    return fonts


class _Pager:
    """A rough page count as the body is written, for the contents' page numbers.

    The contents are written with these numbers and not marked for updating (Word would ask on
    every open); they are right for the usual one-table-per-page documents, and 更新域 in Word
    recomputes them.
    """

    def __init__(self) -> None:
        self.page = 1
        self.used = 0.0

    def new_page(self) -> None:
        if self.used > 0:
            self.page += 1
            self.used = 0.0

    def place(self, height: float, capacity: float, *, whole: bool) -> None:
        """Place a block; a ``whole`` block moves to the next page rather than split."""
        if self.used + height <= capacity:
            self.used += height
        elif whole or self.used == 0:
            self.new_page()
            self.used = min(height, capacity)
        else:
            overflow = self.used + height - capacity
            self.page += 1 + int(overflow // capacity)
            self.used = overflow % capacity


@dataclass
class _Body:
    """WordprocessingML for the document body, collected as text."""

    fonts: dict[str, tuple[str, int]]
    pages: dict[bool, _Page]
    parts: list[str] = field(default_factory=list)
    toc: list[tuple[int, str, str, int]] = field(default_factory=list)   # level, text, bookmark, page
    landscape: bool = False
    pager: _Pager = field(default_factory=_Pager)
    steps: Steps = field(default_factory=lambda: Steps(None, 1))   # one step per table row
    _bookmarks: int = 0

    @property
    def page(self) -> _Page:
        return self.pages[self.landscape]

    # -------------------------------------------------------- runs and paragraphs

    def run(self, value: str, style: str, *, font: str | None = None, size: int | None = None,
            bold: bool = False) -> str:
        face = quoteattr(font or self.fonts[style][0])
        props = (f"<w:rFonts w:ascii={face} w:hAnsi={face} w:eastAsia={face} w:cs={face} w:hint=\"eastAsia\"/>"
                 + ("<w:b/><w:bCs/>" if bold else "") + '<w:color w:val="000000"/>'
                 + (f'<w:sz w:val="{size}"/><w:szCs w:val="{size}"/>' if size else ""))
        pieces = value.split("\t")
        inner = "<w:tab/>".join(f'<w:t xml:space="preserve">{escape(p)}</w:t>' for p in pieces)
        return f"<w:r><w:rPr>{props}</w:rPr>{inner}</w:r>"

    def paragraph(self, value: str, style: str, *, align: str | None = None, page_break: bool = False,
                  keep_next: bool = False, bookmark: str = "", extra: str = "", font: str | None = None,
                  size: int | None = None) -> str:
        ppr = f'<w:pStyle w:val="{style}"/>'
        ppr += "<w:keepNext/>" if keep_next else ""
        ppr += "<w:pageBreakBefore/>" if page_break else ""
        ppr += extra
        if align:
            ppr += '<w:ind w:firstLineChars="0" w:firstLine="0"/>' + f'<w:jc w:val="{_JC[align]}"/>'
        body = self.run(value, style, font=font, size=size) if value else ""
        if bookmark:
            self._bookmarks += 1
            n = self._bookmarks
            body = f'<w:bookmarkStart w:id="{n}" w:name="{bookmark}"/>{body}<w:bookmarkEnd w:id="{n}"/>'
        return f"<w:p><w:pPr>{ppr}</w:pPr>{body}</w:p>"

    def add(self, value: str, style: str, **options: Any) -> None:
        self._flow(value, style, bool(options.get("page_break")), indent=not options.get("align"))
        self.parts.append(self.paragraph(value, style, **options))

    def _flow(self, value: str, style: str, page_break: bool, *, indent: bool) -> None:
        if page_break or style == "Heading1":
            self.pager.new_page()
        size = self.fonts[style][1] / 2
        advance = size + self.fonts[style][2] / 20      # a Chinese character, condensed as its style says
        line, space = _METRICS.get(style, (size * 1.3, 0.0))
        width = self.page.text_width / 20 - (2 * advance if indent and style in _INDENTED else 0)
        per_line = max(1, int(width / advance))
        lines = max(1, math.ceil(layout.display_width(value) / 2 / per_line))
        self.pager.place(lines * line + space, self.page.text_height / 20, whole=lines == 1)

    def heading(self, value: str, level: int, **options: Any) -> None:
        """A heading listed in the table of contents."""
        bookmark = f"_Toc{len(self.toc) + 1:08d}"
        self.add(value, f"Heading{level}", bookmark=bookmark, **options)
        self.toc.append((level, value, bookmark, self.pager.page))

    def lines(self, value: str, style: str = "BodyText", prefix: str = "") -> None:
        """Running text, one paragraph per line; ``prefix`` starts the first one."""
        lines = [line.strip() for line in text(value).split("\n") if line.strip()] or [""]
        lines[0] = prefix + lines[0]
        for line in lines:
            self.add(line, style)

    def section_break(self, *, footer: bool, landscape: bool = False) -> None:
        """End the current section here; the next one has ``landscape`` pages."""
        sect = self.page.with_footer if footer else self.page.plain
        self.parts.append(f"<w:p><w:pPr>{sect}</w:pPr></w:p>")
        self.landscape = landscape
        self.pager.new_page()

    # -------------------------------------------------------- tables

    def table(self, table: Table, *, page_break: bool) -> None:
        if table.landscape != self.landscape:
            self.section_break(footer=True, landscape=table.landscape)
            page_break = False
        if table.kicker:
            self.add(table.kicker, "BodyText", align=LEFT, page_break=page_break, keep_next=True, font="黑体")
            page_break = False
        if table.heading:
            self.heading(table.title, table.heading, align=CENTER, page_break=page_break, keep_next=True)
        else:
            self.add(table.title, "Title", page_break=page_break)
        for left, centre, right in table.captions:
            self.caption(left, centre, right)
        self.parts.append(self.grid(table))
        for note in table.notes:
            self.add(note, "TableCaption", align=LEFT)

    def caption(self, left: str, centre: str, right: str) -> None:
        """A line above the table: one part aligned on its side, or several set on tab stops."""
        present = [(value, align) for value, align in ((left, LEFT), (centre, CENTER), (right, RIGHT)) if value]
        if len(present) == 1:
            value, align = present[0]
            self.add(value, "TableCaption", keep_next=True, align=align)
        elif present:
            width = self.page.text_width
            stops = ([f'<w:tab w:val="center" w:pos="{width // 2}"/>'] if centre else []) + \
                ([f'<w:tab w:val="right" w:pos="{width}"/>'] if right else [])
            value = "\t".join(v for v in (left, centre, right) if v)
            if not left:
                value = "\t" + value
            self.add(value, "TableCaption", keep_next=True, extra=f"<w:tabs>{''.join(stops)}</w:tabs>")

    def grid(self, table: Table) -> str:
        """The table's rows as one or more consecutive ``w:tbl`` that read as one table.

        Word repeats only a table's top rows on later pages, so the table is split where each
        header band starts (and where its block ends); the band's rows head their piece and are
        marked ``tblHeader``. The
        pieces share one grid, are joined by a hairline paragraph kept with its neighbours, and
        the upper piece has no bottom border: the seam never breaks across a page and is not seen.
        A band whose start a vertical merge crosses is not split at (its rows do not repeat).
        """
        scale = self.page.text_width / sum(table.widths)
        cols = [round(w * scale) for w in table.widths]
        bands = {first: count for first, count in table.header_bands if 0 <= first < len(table.rows)}
        ends = {end: 0 for end in table.band_ends if 0 < end < len(table.rows) and end not in bands}
        splits = {**ends, **bands}      # row → header rows of the piece it starts
        font, size, _ = self.fonts["TableText"]
        capacity = self.page.text_height / 20
        repeated = 0.0              # height of the current piece's header rows
        header_left = 0             # header rows still to write in the current piece
        merging: dict[int, tuple[int, int]] = {}     # column → (rows still covered, span)
        pieces: list[list[str]] = [[]]
        for index, row in enumerate(table.rows):
            if index in splits and not merging:
                if pieces[-1]:
                    pieces[-1][-1] = _keep_with_next(pieces[-1][-1])
                    pieces.append([])
                header_left, repeated = splits[index], 0.0
            header = header_left > 0
            pieces[-1].append(self._row(row, header, cols, merging, font))
            height = _row_height(row, cols, size / 2)
            if header:
                header_left -= 1
                repeated += height
            if self.pager.used + height > capacity:
                self.pager.new_page()
                self.pager.used = repeated if not header else 0.0
            self.pager.place(height, capacity, whole=True)
            self.steps.advance()
        return _SEAM.join(self._table_start(cols, bottom=i == len(pieces) - 1) + "".join(rows) + "</w:tbl>"
                          for i, rows in enumerate(pieces))

    @staticmethod
    def _table_start(cols: list[int], *, bottom: bool) -> str:
        sides = ("top", "left", "bottom", "right", "insideH", "insideV")
        borders = "".join(
            f'<w:{side} w:val="single" w:sz="4" w:space="0" w:color="000000"/>' if bottom or side != "bottom"
            else '<w:bottom w:val="nil"/>' for side in sides)
        return (f'<w:tbl><w:tblPr><w:tblStyle w:val="TableGrid"/><w:tblW w:w="{sum(cols)}" w:type="dxa"/>'
                f'<w:jc w:val="center"/><w:tblBorders>{borders}</w:tblBorders><w:tblLayout w:type="fixed"/>'
                '<w:tblLook w:val="0000" w:firstRow="0" w:lastRow="0" w:firstColumn="0" w:lastColumn="0" '
                'w:noHBand="1" w:noVBand="1"/></w:tblPr><w:tblGrid>'
                + "".join(f'<w:gridCol w:w="{c}"/>' for c in cols) + "</w:tblGrid>")

    def _row(self, row: Row, repeat: bool, cols: list[int], merging: dict[int, tuple[int, int]], font: str) -> str:
        out = ["<w:tr><w:trPr><w:cantSplit/>", "<w:tblHeader/>" if repeat else "", "</w:trPr>"]
        starts = {cell.col: cell for cell in row.cells}
        col = 0
        while col < len(cols):
            if col in merging:
                left, span = merging[col]
                if left > 1:
                    merging[col] = (left - 1, span)
                else:
                    del merging[col]
                out.append(_tc(cols, col, span, "<w:vMerge/>", _EMPTY_CELL_PARAGRAPH))
                col += span
                continue
            cell = starts.get(col)
            if cell is None:
                out.append(_tc(cols, col, 1, "", _EMPTY_CELL_PARAGRAPH))
                col += 1
                continue
            vmerge = ""
            if cell.rows > 1:
                merging[col] = (cell.rows - 1, cell.span)
                vmerge = '<w:vMerge w:val="restart"/>'
            jc = "" if cell.align == CENTER else f'<w:jc w:val="{_JC[cell.align]}"/>'
            paragraphs = "".join(
                f'<w:p><w:pPr><w:pStyle w:val="TableText"/>{jc}</w:pPr>'
                + (self.run(line, "TableText", font=font, bold=cell.header) if line else "") + "</w:p>"
                for line in cell.text.split("\n")
            )
            out.append(_tc(cols, col, cell.span, vmerge, paragraphs))
            col += cell.span
        out.append("</w:tr>")
        return "".join(out)

    # -------------------------------------------------------- table of contents

    def contents(self, levels: int = 2) -> str:
        """A TOC field over headings 1 to ``levels``, with the entries already filled in for first display."""
        field_start = (
            '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
            f'<w:r><w:instrText xml:space="preserve"> TOC \\o "1-{levels}" \\h \\z \\u </w:instrText></w:r>'
            '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
        )
        out = []
        for i, (level, value, bookmark, page) in enumerate(self.toc):
            style = f"TOC{level}"
            entry = (
                f'<w:hyperlink w:anchor="{bookmark}" w:history="1">{self.run(value, style)}'
                f'<w:r><w:tab/></w:r><w:r><w:fldChar w:fldCharType="begin"/></w:r>'
                f'<w:r><w:instrText xml:space="preserve"> PAGEREF {bookmark} \\h </w:instrText></w:r>'
                f'<w:r><w:fldChar w:fldCharType="separate"/></w:r>{self.run(str(page), style)}'
                '<w:r><w:fldChar w:fldCharType="end"/></w:r></w:hyperlink>'
            )
            out.append(f'<w:p><w:pPr><w:pStyle w:val="{style}"/></w:pPr>{field_start if i == 0 else ""}{entry}</w:p>')
        if not out:
            out.append(f'<w:p><w:pPr><w:pStyle w:val="TOC1"/></w:pPr>{field_start}</w:p>')
        out.append('<w:p><w:pPr><w:pStyle w:val="TOC1"/></w:pPr><w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>')
        return "".join(out)


_EMPTY_CELL_PARAGRAPH = '<w:p><w:pPr><w:pStyle w:val="TableText"/></w:pPr></w:p>'
# Between two pieces of one split table: a paragraph 1 pt high, kept with the next piece.
_SEAM = ('<w:p><w:pPr><w:pStyle w:val="TableText"/><w:keepNext/><w:spacing w:before="0" w:after="0" '
         'w:line="20" w:lineRule="exact"/><w:rPr><w:sz w:val="2"/><w:szCs w:val="2"/></w:rPr></w:pPr></w:p>')


def _keep_with_next(row: str) -> str:
    """A written row whose paragraphs are kept with what follows (the next piece of its table)."""
    return row.replace('<w:pPr><w:pStyle w:val="TableText"/>', '<w:pPr><w:pStyle w:val="TableText"/><w:keepNext/>')


def _tc(cols: list[int], col: int, span: int, vmerge: str, content: str) -> str:
    width = sum(cols[col:col + span])
    grid_span = f'<w:gridSpan w:val="{span}"/>' if span > 1 else ""
    return (f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/>{grid_span}{vmerge}'
            f'<w:vAlign w:val="center"/></w:tcPr>{content}</w:tc>')


def _row_height(row: Row, cols: list[int], size: float) -> float:
    """Estimated height in points of a row of ``size``-point table text."""
    lines = 1
    for cell in row.cells:
        if cell.rows == 1:
            room = sum(cols[cell.col:cell.col + cell.span]) / 20 - _CELL_MARGINS
            per_line = max(1.0, room / size * 2)
            lines = max(lines, sum(max(1, math.ceil(layout.display_width(t) / per_line))
                                   for t in cell.text.split("\n")))
    return lines * size * 1.3 + _CELL_PADDING


class _Flow:
    """The family's ``print.blocks`` for Word, written in order: cover, contents, headings,
    running text (``prose``) and tables, each table on a new page."""

    def __init__(self, doc: Document) -> None:
        """Lays out every table once, so that their rows can be counted for the progress."""
        self.doc = doc
        self.fam = family(doc.family)
        self.word = self.fam.print.get("word") or {}
        self.departments = doc.departments or [Department()]
        self.fresh = True           # nothing on this page yet: the next table needs no page break
        self.contents_at: int | None = None
        # the blocks in order, a run of consecutive table blocks as one item with its tables
        self.items: list[dict | tuple[list[dict], list[tuple[int, Table]]]] = []
        for block in blocks.printed(self.fam, "word"):
            last = self.items[-1] if self.items else None
            if "table" not in block:
                self.items.append(block)
            elif isinstance(last, tuple):
                last[0].append(block)
            else:
                self.items.append(([block], []))
        for item in self.items:
            if isinstance(item, tuple):
                item[1].extend(blocks.laid_out(doc, self.fam, item[0]))

    @property
    def rows(self) -> int:
        return sum(len(table.rows) for item in self.items if isinstance(item, tuple) for _, table in item[1])

    def scope(self, dept: Department) -> blocks.Scope:
        return blocks.department_scope(self.doc, self.fam, dept)

    def write(self, body: _Body) -> None:
        self.body = body
        for block in self.items:
            if isinstance(block, tuple):
                self.tables(*block)
            elif "cover" in block:
                self.cover(block["cover"])
            elif "contents" in block:
                self.contents()
            elif "heading" in block:
                level = int(block.get("level", 1))
                self.body.heading(blocks.render(block["heading"], self.scope(self.departments[0])), level)
                self.fresh = level == 1
            elif "prose" in block:
                for dept in self.departments:
                    self.prose(block["prose"], dept)
        if self.contents_at is not None:
            self.body.parts[self.contents_at] = self.body.contents(int(self.word.get("contents_levels", 2)))

    def cover(self, lines: list[dict]) -> None:
        scope = self.scope(self.departments[0])
        for line in lines:
            if "if" in line and not blocks.condition(line["if"], scope):
                continue
            spacing = "".join(f' w:{key}="{int(line[key])}"' for key in ("before", "after") if key in line)
            value, printed = blocks.render_filled(line["text"], scope)
            if not (printed and value) and "or" in line:
                value = blocks.render(line["or"], scope)
            self.body.add(value, "Title",
                          size=int(line["size"] * 2) if "size" in line else None, font=line.get("font"),
                          extra=f"<w:spacing{spacing}/>" if spacing else "")
        self.body.section_break(footer=False)
        self.fresh = True

    def contents(self) -> None:
        """The contents' place: filled in once every heading and its page is known."""
        self.body.add(self.word.get("contents_title", ""), "TOCHeading")
        self.contents_at = len(self.body.parts)
        self.body.parts.append("")
        self.body.section_break(footer=False)
        if self.word.get("number_pages_from_body"):
            self.body.pager = _Pager()      # the body's pages are numbered from 1
        self.fresh = True

    def prose(self, items: list[dict], dept: Department) -> None:
        body = self.body
        scope = self.scope(dept)
        if len(self.departments) > 1:
            body.add(text(dept.unit_name), "Title", keep_next=True)
        for number, item in enumerate(items, 1):
            item_scope = replace(scope, serial=number)
            if "heading" in item:
                body.heading(blocks.render(item["heading"], item_scope), int(item.get("level", 2)))
            if "field" in item:
                body.lines(blocks.shown(dept.values.get(item["field"])))
            if "list" in item:
                self.prose_list(item, dept, scope)
        self.fresh = False

    def prose_list(self, item: dict, dept: Department, scope: blocks.Scope) -> None:
        """Each row that holds something: its title as a heading with its paragraphs below, or
        run into its one paragraph (``run_in``) when ``run_in_if`` holds: ``single`` (one
        paragraph) or ``numbered`` (the clerk numbered the title as a list, ``1、``)."""
        section = self.fam.department.section(item["list"]) if self.fam.department else None
        columns = section.columns if section else ()
        title_part, *rest = item["row"]
        for serial, row in enumerate(layout.filled(dept.lists.get(item["list"], [])), 1):
            row_scope = replace(scope, row=row, serial=serial, columns=columns)
            raw_title = blocks.render(title_part.get("text", ""), row_scope)
            title = blocks.numbered_text(title_part, raw_title, row_scope)
            paragraphs = blocks.lines(rest, row_scope)
            when = item.get("run_in_if", "single")
            runs_in = "run_in" in item and (len(paragraphs) == 1 if when == "single" else layout.is_list_item(raw_title))
            if runs_in and paragraphs:
                self.body.lines("\n".join(paragraphs), prefix=layout.run_in(title, item["run_in"]))
                continue
            self.body.add(title, "Heading3")
            for paragraph in paragraphs:
                self.body.lines(paragraph)

    def tables(self, run: list[dict], laid: list[tuple[int, Table]]) -> None:
        """A run of table blocks, a department at a time (its table, then its projects')."""
        for _, table in laid:
            if not self.body.parts:
                self.body.landscape = table.landscape
            self.body.table(table, page_break=not self.fresh)
            self.fresh = False
        made = {k for k, _ in laid}
        for k, block in enumerate(run):
            if k not in made and block["table"].get("empty"):
                self.body.add(blocks.render(block["table"]["empty"], self.scope(self.departments[0])), "BodyText")
                self.fresh = False


def build_docx(doc: Document, progress: Progress | None = None) -> bytes:
    """The document's official Word form, as the bytes of a .docx file.

    ``progress(done, total)`` is told of each table row written and may return False to cancel
    (``ExportCancelled``)."""
    fam = family(doc.family)
    flow = _Flow(doc)
    steps = Steps(progress, flow.rows + 1)   # one step per table row; the last, the file's parts
    word = docx.Document(str(TEMPLATE))
    part = word.part
    root = part.element.find(qn("w:body"))
    template_sect = root.find(qn("w:sectPr"))
    body = _Body(_style_fonts(word), _sections(template_sect), steps=steps)
    flow.write(body)
    last = body.pages[body.landscape].with_footer
    if (fam.print.get("word") or {}).get("number_pages_from_body"):
        last = last.replace("<w:pgNumType", '<w:pgNumType w:start="1"', 1)
    for child in list(root):
        root.remove(child)
    shell = etree.tostring(part.element, encoding="unicode")
    assert shell.count("<w:body/>") == 1, "the template's document part has one body, prefixed w"
    # The part is saved from its element: the new one, parsed in one pass (see the module's docstring).
    part._element = etree.fromstring(shell.replace("<w:body/>", f"<w:body>{''.join(body.parts)}{last}</w:body>"),
                                     _PARSER)
    props = word.core_properties
    props.title = f"{doc.year}年{fam.document_title}"
    props.author = props.last_modified_by = ""
    props.created = props.modified = datetime.now(UTC).replace(microsecond=0)
    stream = io.BytesIO()
    word.save(stream)
    steps.finish()
    return stream.getvalue()
