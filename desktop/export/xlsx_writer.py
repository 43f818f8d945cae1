"""The Excel (.xlsx) export: one worksheet per table of the form, ready to print.

Excel neither fits column widths nor grows rows for wrapped text in merged cells, so widths and
heights are estimated here from the text, a Chinese character counting as two Latin ones.
Borders are written on every cell of a merged range: Excel draws a merge's edge from the edge
cells, not from the top-left one.

What a workbook cannot hold is never cut. A cell holds at most 32,767 characters, a sheet at most
1,048,576 rows: the export is refused, naming the place in the form's words (the Word form has
no such limit). An amount of more than 15 significant digits, which Excel would round, is
written as the text shown on the form, every digit kept.
"""

from __future__ import annotations

import datetime
import io
import math
import zipfile
from copy import copy
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.cell.cell import Cell as OpenpyxlCell
from openpyxl.drawing.spreadsheet_drawing import SpreadsheetDrawing
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.styles.cell_style import StyleArray
from openpyxl.utils import get_column_letter
from openpyxl.utils.indexed_list import IndexedList
from openpyxl.worksheet._writer import WorksheetWriter
from openpyxl.worksheet.cell_range import CellRange
from openpyxl.worksheet.page import PageMargins
from openpyxl.worksheet.worksheet import Worksheet
from openpyxl.writer.excel import ExcelWriter

from desktop.errors import ExportError
from desktop.export import blocks
from desktop.export.layout import CENTER, LEFT, Cell, Table, display_width, text
from desktop.export.located import texts
from desktop.export.names import sheet_names
from desktop.export.progress import Progress, Steps
from desktop.families import family
from desktop.model import Document
from desktop.rules import describe_location
from desktop.values import TypedAmount

_GB2312 = 134                   # font charset: Excel keeps Chinese in a Chinese face
_TABLE_FONT = Font(name="宋体", size=11, charset=_GB2312)
_HEADER_FONT = Font(name="宋体", size=11, bold=True, charset=_GB2312)
_TITLE_FONT = Font(name="黑体", size=16, charset=_GB2312)
_KICKER_FONT = Font(name="黑体", size=12, charset=_GB2312)
_THIN = Side(style="thin", color="000000")
_BOX = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_FLUSH = "flush"
# Left-aligned text is indented one step (about one character) so that it does not touch the border.
_ALIGN = {a: Alignment(horizontal=a, vertical="center", wrap_text=True, indent=1 if a == LEFT else 0)
          for a in (LEFT, CENTER, "right")}
_ALIGN[_FLUSH] = Alignment(horizontal=LEFT, vertical="center", wrap_text=True)    # lines above and below
_INDENT = 1.5                   # width units the indent takes from a left-aligned cell's room
_MIN_WIDTH, _MAX_WIDTH = 6, 60
_BRACKETS = (("（", "）"), ("(", ")"))
_BRACKETED_LABEL = 20           # display width of the longest label kept on one line for its bracket
_CHAR = 1.05                    # Excel width units per Latin character cell of 11-point 宋体
_PAGE_WIDTH = {False: 92.0, True: 138.0}   # printable width of A4 in Excel units (portrait, landscape)
_LINE_POINTS = 15.0             # height of one line of 11-point 宋体
_PADDING_POINTS = 4.0
_PAGE_POINTS = {False: 680.0, True: 460.0}   # printable height of A4 in points at 100 % (portrait, landscape)
_FROZEN_MAX = 300.0             # frozen rows may take at most this height of the window, points
CELL_LIMIT = 32_767             # characters (UTF-16 code units) in one cell
ROW_LIMIT = 1_048_576           # rows in one worksheet
_DIGITS = 15                    # significant digits of an Excel number


def _lines(value: str, width: float) -> int:
    """Lines ``value`` takes when wrapped in a column ``width`` units wide."""
    room = max(1.0, (width - 0.5) / _CHAR)
    return sum(max(1, math.ceil(display_width(line) / room)) for line in value.split("\n"))


def _height(cell: Cell, widths: list[float]) -> float:
    """Points needed by the cell's wrapped text."""
    room = sum(widths[cell.col:cell.col + cell.span]) - (_INDENT if cell.align == LEFT else 0.0)
    return _lines(cell.text, room) * _LINE_POINTS + _PADDING_POINTS


def _number_format(value: Decimal, percent: bool) -> str:
    """The places typed; a unit the clerk typed after the number (``25%`` in a plan,
    ``134.8291万元``) shown after it as written, the number unscaled."""
    exponent = value.as_tuple().exponent
    places = -exponent if isinstance(exponent, int) and exponent < 0 else 0
    digits = "0." + "0" * places if places else "0"
    if percent:
        return digits + "%"
    unit = value.unit if isinstance(value, TypedAmount) else ""
    return digits + (f'"{unit}"' if unit else "")


def _exact(value: Decimal) -> bool:
    """Whether Excel's numbers (15 significant digits) hold ``value`` exactly."""
    return len(value.normalize().as_tuple().digits) <= _DIGITS


def _number(value: Decimal, percent: bool) -> int | float:
    scaled = value / 100 if percent else value
    return int(scaled) if scaled == scaled.to_integral_value() and not percent else float(scaled)


def _widths(table: Table) -> list[float]:
    """Column widths fitted to the text of cells that occupy one column, within the page width.

    When the text wants more than the page, the columns that want more than their share of the
    room (shares in the proportions of the printed form) get their share and wrap; the others
    keep their fitted width.
    """
    wanted = [float(_MIN_WIDTH)] * table.columns
    for row in table.rows:
        for cell in row.cells:
            if cell.span == 1 and cell.text:
                longest = max(display_width(line) for line in cell.text.split("\n"))
                wanted[cell.col] = max(wanted[cell.col], min(_MAX_WIDTH, longest * _CHAR + 2))
    room = _PAGE_WIDTH[table.landscape]
    if sum(wanted) <= room:
        return _filled(wanted, table.widths, room)
    # A short label with a bracket (支出方向（子项）) keeps its column wide enough for one line:
    # wrapped, its closing bracket would stand alone on the second line.
    settled = {i: wanted[i] for i in _bracketed_label_columns(table)}
    if sum(settled.values()) > room / 2:
        settled = {}
    while True:
        free = [i for i in range(table.columns) if i not in settled]
        left = room - sum(settled.values())
        weight = sum(table.widths[i] for i in free)
        share = {i: left * table.widths[i] / weight for i in free}
        fits = [i for i in free if wanted[i] <= share[i]]
        if not fits:
            return [settled.get(i, share.get(i, 0.0)) for i in range(table.columns)]
        settled.update((i, wanted[i]) for i in fits)


def _filled(wanted: list[float], proportions: tuple[float, ...], room: float) -> list[float]:
    """Widths that fill the page as the printed form's proportions share it, each column at least
    as wide as its text wants (which all fit): the sheet prints as wide as the Word table."""
    settled: dict[int, float] = {}
    while True:
        free = [i for i in range(len(wanted)) if i not in settled]
        left = room - sum(settled.values())
        weight = sum(proportions[i] for i in free)
        share = {i: left * proportions[i] / weight for i in free}
        over = [i for i in free if wanted[i] > share[i]]
        if not over:
            return [settled.get(i, share.get(i, 0.0)) for i in range(len(wanted))]
        settled.update((i, wanted[i]) for i in over)


def _bracketed_label_columns(table: Table) -> set[int]:
    found = set()
    for row in table.rows:
        for cell in row.cells:
            value = cell.text
            if (cell.span == 1 and "\n" not in value and display_width(value) <= _BRACKETED_LABEL
                    and any(o in value[1:] and c in value for o, c in _BRACKETS)):
                found.add(cell.col)
    return found


def _default_font(workbook: Workbook) -> None:
    """The workbook's default font is the table's 宋体 11: Excel measures column widths in the
    digit width of that font, and the widths and heights here are estimated for it (with
    Calibri, a viewer without it substitutes a wider face and every column grows)."""
    workbook._fonts = IndexedList([_TABLE_FONT])              # font 0, the Normal style's
    workbook._named_styles["Normal"].font = _TABLE_FONT


class _Styles:
    """Cell formats of one workbook, each registered once.

    Assigning ``font``/``border``/… to a cell hashes the style objects against the workbook's
    lists every time (most of the export's time for 200 sheets); a registered format is copied
    onto each further cell instead.
    """

    def __init__(self) -> None:
        self._known: dict[tuple[int, str, bool, str], StyleArray] = {}

    def apply(self, target: OpenpyxlCell, font: Font, align: str, *, boxed: bool = True,
              number_format: str = "General") -> None:
        key = (id(font), align, boxed, number_format)   # the fonts are module constants
        known = self._known.get(key)
        if known is not None:
            # Shared, not copied: nothing changes a cell's format after this, and a format set
            # field by field (below) starts from an array of the cell's own.
            target._style = known
            return
        target._style = StyleArray()
        target.font = font
        target.alignment = _ALIGN[align]
        if boxed:
            target.border = _BOX
        target.number_format = number_format
        self._known[key] = copy(target._style)


def _new_cell(ws: Worksheet, row: int, column: int) -> OpenpyxlCell:
    """A cell of the sheet, made directly (``ws.cell`` looks it up and checks its arguments)."""
    target = OpenpyxlCell(ws, row=row, column=column)
    ws._cells[(row, column)] = target
    return target


def _write_cell(ws: Worksheet, styles: _Styles, row: int, cell: Cell) -> None:
    target = _new_cell(ws, row, cell.col + 1)
    number_format = "General"
    if cell.number is not None and _exact(cell.number):
        target._value = _number(cell.number, cell.percent)
        target.data_type = "n"
        number_format = _number_format(cell.number, cell.percent)
    elif cell.text:
        target._value = cell.text
        target.data_type = "s"      # text such as "=100%" is a target, not a formula
    styles.apply(target, _HEADER_FONT if cell.header else _TABLE_FONT, cell.align, number_format=number_format)


def _merge(ws: Worksheet, styles: _Styles, row: int, col: int, rows: int = 1, span: int = 1,
           boxed: bool = True) -> None:
    """Merge the range and box each of its cells, so that every edge of the merge has its border.

    (``Worksheet.merge_cells`` would re-create and re-style the covered cells, slowly.)
    """
    last_row, last_col = row + rows - 1, col + span - 1
    # A plain range, into the set itself: openpyxl's MergedCellRange re-reads the borders of cells
    # styled just below, and MultiCellRange.add compares it with every merge so far (12,000 rows
    # in one table took 51 s). The grid's merges never overlap.
    ws.merged_cells.ranges.add(CellRange(min_col=col, min_row=row, max_col=last_col, max_row=last_row))
    if boxed:
        for r in range(row, last_row + 1):
            for c in range(col, last_col + 1):
                if r != row or c != col:
                    styles.apply(_new_cell(ws, r, c), _TABLE_FONT, CENTER)


def _banner(ws: Worksheet, styles: _Styles, row: int, value: str, font: Font, first: int, last: int,
            align: str = CENTER) -> None:
    """A line of text above the table, merged over columns ``first`` … ``last`` without borders."""
    if last > first:
        _merge(ws, styles, row, first, span=last - first + 1, boxed=False)
    target = ws.cell(row, first, value)
    target.data_type = "s"
    styles.apply(target, font, _FLUSH if align == LEFT else align, boxed=False)


def _length(value: str) -> int:
    return len(value.encode("utf-16-le")) // 2


def _refuse_what_excel_cannot_hold(doc: Document, tables: list[Table], names: list[str]) -> None:
    """``ExportError`` naming the first text longer than a cell holds, or a table taller than a sheet."""
    for table, name in zip(tables, names, strict=True):
        if len(table.rows) + 3 > ROW_LIMIT:      # kicker, title and caption above the table
            raise ExportError(f"无法导出 Excel：表“{name}”有 {len(table.rows):,} 行，超过 Excel 一个工作表最多的 "
                              f"{ROW_LIMIT:,} 行。为了不丢内容，没有导出；可以导出为 Word。没有写入任何文件。")
    over = [(name, t) for table, name in zip(tables, names, strict=True)
            for t in (table.title, table.kicker, *(part for line in table.captions for part in line), *table.notes,
                      *(c.text for r in table.rows for c in r.cells))
            if len(t) > CELL_LIMIT // 2 and _length(t) > CELL_LIMIT]
    if not over:
        return
    found = [(loc, value) for loc, value in texts(doc) if _length(text(value)) > CELL_LIMIT]
    if found:
        loc, value = found[0]
        where, size = f"“{describe_location(doc, loc)}”", _length(text(value))
        more = f"（另有 {len(found) - 1} 处也太长）" if len(found) > 1 else ""
    else:   # several texts that share one cell, together too long
        where, size, more = f"表“{over[0][0]}”中合在一格的几段文字", _length(over[0][1]), ""
    raise ExportError(f"无法导出 Excel：{where}有 {size:,} 个字符{more}，超过 Excel 一个单元格最多能容纳的 "
                      f"{CELL_LIMIT:,} 个字符。为了不截断内容，没有导出。请缩短这段文字，或导出为 Word。"
                      "没有写入任何文件。")


def _caption(ws: Worksheet, styles: _Styles, row: int, caption: tuple[str, str, str], columns: int) -> None:
    """A line above the table: each part present on its side of the row, in merged cells."""
    present = [(value, align) for value, align in zip(caption, (LEFT, CENTER, "right"), strict=True) if value]
    if len(present) == 1:
        _banner(ws, styles, row, present[0][0], _TABLE_FONT, 1, columns, present[0][1])
        return
    split = max(1, columns // len(present))
    start = 1
    for i, (value, align) in enumerate(present):
        last = columns if i == len(present) - 1 else min(columns, start + split - 1)
        _banner(ws, styles, row, value, _TABLE_FONT, start, last, align)
        start = last + 1


def _write_sheet(ws: Worksheet, styles: _Styles, table: Table, steps: Steps) -> None:
    columns = table.columns
    widths = _widths(table)
    row = 1
    if table.kicker:
        _banner(ws, styles, row, table.kicker, _KICKER_FONT, 1, columns, LEFT)
        row += 1
    _banner(ws, styles, row, table.title, _TITLE_FONT, 1, columns)
    ws.row_dimensions[row].height = 30
    row += 1
    for caption in table.captions:
        _caption(ws, styles, row, caption, columns)
        row += 1
    first = row

    heights = [0.0] * len(table.rows)
    tall: list[tuple[int, Cell]] = []
    for index, grid_row in enumerate(table.rows):
        r = first + index
        for cell in grid_row.cells:
            if cell.span > 1 or cell.rows > 1:
                _merge(ws, styles, r, cell.col + 1, cell.rows, cell.span)
            _write_cell(ws, styles, r, cell)
            if cell.rows == 1:
                heights[index] = max(heights[index], _height(cell, widths))
            else:
                tall.append((index, cell))
        steps.advance()
    for index, cell in tall:
        need = _height(cell, widths)
        covered = heights[index:index + cell.rows]
        if need > sum(covered):
            heights[index + cell.rows - 1] += need - sum(covered)
    for index, height in enumerate(heights):
        ws.row_dimensions[first + index].height = max(height, _LINE_POINTS + _PADDING_POINTS)
    for c, width in enumerate(widths, 1):
        ws.column_dimensions[get_column_letter(c)].width = width
    for i, note in enumerate(table.notes):
        _banner(ws, styles, first + len(table.rows) + i, note, _TABLE_FONT, 1, columns, LEFT)
    _page_setup(ws, table, first)
    _freeze(ws, table, first, heights)


def _freeze(ws: Worksheet, table: Table, first: int, heights: list[float]) -> None:
    """On a sheet longer than a printed page, the rows down to the first header band stay in
    view while scrolling (when they leave most of the window for the table)."""
    if not table.header_bands:
        return
    start, count = table.header_bands[0]
    above = sum(heights[:start + count])
    if sum(heights) > _PAGE_POINTS[table.landscape] and above <= _FROZEN_MAX:
        ws.freeze_panes = f"A{first + start + count}"


def _repeated_band(table: Table) -> tuple[int, int] | None:
    """The header band a sheet repeats (it holds one): the first, unless the bands head their
    columns differently (鄂州's 长期 and 年度 blocks); then the last, which Excel repeats only on
    the pages after it appears, so no page shows another block's headings."""
    if not table.header_bands:
        return None

    def texts(band: tuple[int, int]) -> list[tuple[tuple[int, str, int], ...]]:
        start, count = band
        return [tuple((c.col, c.text, c.span) for c in row.cells if c.header)
                for row in table.rows[start:start + count]]

    first = texts(table.header_bands[0])
    if all(texts(band) == first for band in table.header_bands[1:]):
        return table.header_bands[0]
    return table.header_bands[-1]


def _page_setup(ws: Worksheet, table: Table, first: int) -> None:
    """A4, one page wide, the header band (else the title rows) on every page, centred, numbered.

    A sheet repeats one band of rows (``_repeated_band``). Excel prints it at the top of the
    pages after the one it first appears on."""
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape" if table.landscape else "portrait"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.horizontalCentered = True
    ws.page_margins = PageMargins(left=0.6, right=0.6, top=0.75, bottom=0.75, header=0.3, footer=0.3)
    band = _repeated_band(table)
    if band:
        start, count = band
        ws.print_title_rows = f"{first + start}:{first + start + count - 1}"
    else:
        ws.print_title_rows = f"1:{first - 1}"
    ws.oddFooter.center.text = "第 &P 页，共 &N 页"
    ws.oddFooter.center.size = 10


class _InMemory(ExcelWriter):
    """openpyxl's writer, each sheet's XML kept in memory: openpyxl writes every sheet to a
    temporary file and deletes it (200 sheets, 200 files for an antivirus to scan)."""

    def write_worksheet(self, ws: Worksheet) -> None:
        ws._drawing = SpreadsheetDrawing()
        ws._drawing.charts = ws._charts
        ws._drawing.images = ws._images
        out = io.BytesIO()
        writer = WorksheetWriter(ws, out)
        writer.write()
        ws._rels = writer._rels
        self._archive.writestr(ws.path[1:], out.getvalue())
        self.manifest.append(ws)


def _save(workbook: Workbook, stream: io.BytesIO) -> None:
    """``workbook.save(stream)`` without temporary files."""
    archive = zipfile.ZipFile(stream, "w", zipfile.ZIP_DEFLATED, allowZip64=True)
    workbook.properties.modified = datetime.datetime.now(tz=datetime.UTC).replace(tzinfo=None)
    _InMemory(workbook, archive).save()


def build_xlsx(doc: Document, progress: Progress | None = None) -> bytes:
    """The document's official forms as the bytes of an .xlsx workbook.

    ``progress(done, total)`` is told of each table row written and may return False to cancel
    (``ExportCancelled``); ``ExportError`` if a text or a table does not fit in a workbook."""
    tables = blocks.tables(doc, "excel")
    names = sheet_names(t.name for t in tables)
    _refuse_what_excel_cannot_hold(doc, tables, names)
    steps = Steps(progress, sum(len(t.rows) for t in tables) + 1)   # the last step: the file's parts
    workbook = Workbook()
    workbook.remove(workbook.active)
    # The year and form in the file's properties, as in the Word form (an import reads them back).
    workbook.properties.title = f"{doc.year}年{family(doc.family).document_title}"
    _default_font(workbook)
    styles = _Styles()
    for table, name in zip(tables, names, strict=True):
        _write_sheet(workbook.create_sheet(name), styles, table, steps)
    if not tables:
        workbook.create_sheet("空")
    stream = io.BytesIO()
    _save(workbook, stream)
    steps.finish()
    return stream.getvalue()
