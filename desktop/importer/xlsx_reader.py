"""A .xlsx read into the neutral grid: one table per worksheet, merged ranges listed once.

A number keeps what Excel shows: the decimals of its number format (``80`` shown ``0.00`` is
``80.00``) and, under a percentage format, the percent (``0.6572`` shown ``0.00%`` is ``65.72``).
"""

from __future__ import annotations

import datetime as dt
import re
import warnings
from decimal import Decimal, InvalidOperation
from pathlib import Path

from desktop.importer.grid import Cell, Grid, Table
from desktop.importer.limits import ImportFileError, open_zip
from desktop.text import clean_text
from desktop.values import AMOUNT_UNITS, TypedAmount, format_amount

MAX_ROWS = 20000
MAX_COLUMNS = 200
_DECIMALS = re.compile(r"\.(0+)")
_QUOTED = re.compile(r'"([^"]*)"')


def _exact(value: float | int, number_format: str) -> tuple[Decimal | None, bool]:
    """The number as shown: its format's decimals added (never rounded away), percent × 100."""
    try:
        number = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
    except (InvalidOperation, ValueError):
        return None, False
    if not number.is_finite():
        return None, False
    fmt = number_format.split(";")[0]
    quoted = "".join(_QUOTED.findall(fmt))          # a unit written in the format: 0.0000"万元", 0"%"
    fmt = _QUOTED.sub("", fmt).replace("\\%", "")
    percent = "%" in fmt
    if percent:
        number = number.scaleb(2)
    found = _DECIMALS.search(fmt)
    places = len(found.group(1)) if found else 0
    exponent = number.normalize().as_tuple().exponent
    if isinstance(exponent, int) and -exponent <= places and abs(number) < Decimal("1e15"):
        number = number.quantize(Decimal(1).scaleb(-places))
    elif isinstance(exponent, int) and exponent > 0:
        number = number.quantize(Decimal(1))
    unit = quoted.strip()
    if unit in AMOUNT_UNITS and not percent:      # the clerk's unit after the number: kept as typed
        number = TypedAmount(number, format_amount(number) + unit)
    return number, percent


def _text(value: object, number_format: str) -> tuple[str, Decimal | None, bool]:
    if value is None:
        return "", None, False
    if isinstance(value, bool):
        return ("是" if value else "否"), None, False
    if isinstance(value, (int, float)):
        number, percent = _exact(value, number_format or "General")
        if number is None:
            return str(value), None, False
        shown = number.typed if isinstance(number, TypedAmount) else format(number, "f")
        return (shown + "%" if percent else shown), number, percent
    if isinstance(value, dt.datetime):
        return (value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")), None, False
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat(), None, False
    return clean_text(str(value)).replace("\r", ""), None, False


def read_xlsx(path: Path) -> Grid:
    open_zip(path).close()               # the limits, before openpyxl unpacks anything
    try:
        import openpyxl
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            book = openpyxl.load_workbook(path, data_only=True)
    except ImportFileError:
        raise
    except Exception as exc:             # openpyxl raises many kinds on a damaged file
        raise ImportFileError(f"“{path.name}”无法作为 Excel 工作簿读取（文件已损坏，或不是 .xlsx 格式）。"
                              "请在 Excel 或 WPS 表格中打开它，另存为 .xlsx 后再导入。") from exc
    grid = Grid(title=clean_text(book.properties.title or ""), source="xlsx")
    try:
        for ws in book.worksheets:
            grid.items.append(_sheet(ws))
    finally:
        book.close()
    return grid


def _sheet(ws) -> Table:
    name = clean_text(ws.title)
    origins: dict[tuple[int, int], tuple[int, int]] = {}
    covered: set[tuple[int, int]] = set()
    for merged in ws.merged_cells.ranges:
        r0, c0, r1, c1 = merged.min_row, merged.min_col, merged.max_row, merged.max_col
        if (r1 - r0 + 1) * (c1 - c0 + 1) > 100000:
            r1 = min(r1, r0 + MAX_ROWS)
            c1 = min(c1, c0 + MAX_COLUMNS)
        origins[(r0, c0)] = (r1 - r0 + 1, c1 - c0 + 1)
        for r in range(r0, r1 + 1):
            for c in range(c0, c1 + 1):
                if (r, c) != (r0, c0):
                    covered.add((r, c))
    rows: list[list[Cell]] = []
    for r, row in enumerate(ws.iter_rows(max_row=min(ws.max_row or 0, MAX_ROWS),
                                         max_col=min(ws.max_column or 0, MAX_COLUMNS)), 1):
        cells: list[Cell] = []
        for cell in row:
            c = cell.column
            if (r, c) in covered:
                continue
            text, number, percent = _text(cell.value, cell.number_format)
            rowspan, colspan = origins.get((r, c), (1, 1))
            if text or (r, c) in origins:
                cells.append(Cell(text, r - 1, c - 1, f"工作表“{name}”{cell.coordinate}", colspan, rowspan,
                                  number, percent))
        rows.append(cells)
    return Table(rows, f"工作表“{name}”", sheet=name)
