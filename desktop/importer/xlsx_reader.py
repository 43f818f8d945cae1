"""A .xlsx read into the neutral grid: one table per worksheet, merged ranges listed once.

The workbook's parts are read directly (lxml, no entity expansion): the shared strings, the
number formats of the cell styles, each sheet's cells and merged ranges. A number keeps what
Excel shows: the decimals of its number format (``80`` shown ``0.00`` is ``80.00``), under a
percentage format the percent (``0.6572`` shown ``0.00%`` is ``65.72``), and a unit written in
the format (``25`` shown ``0"%"``) as typed.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from decimal import Decimal, InvalidOperation
from pathlib import Path

from lxml import etree

from desktop.importer.grid import Cell, Grid, Table
from desktop.importer.limits import ImportFileError, core_title, open_zip, read_part
from desktop.text import clean_text
from desktop.values import AMOUNT_UNITS, TypedAmount, format_amount

MAX_ROWS = 20000
MAX_COLUMNS = 200
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG = "http://schemas.openxmlformats.org/package/2006/relationships"
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, remove_comments=True)
_DECIMALS = re.compile(r"\.(0+)")
_QUOTED = re.compile(r'"([^"]*)"')
_REF = re.compile(r"([A-Z]{1,3})([0-9]{1,7})")
# Excel's built-in number formats that matter here (the rest show numbers as they are).
_BUILTIN = {2: "0.00", 4: "#,##0.00", 9: "0%", 10: "0.00%", 11: "0.00E+00"}
_DATES = set(range(14, 23)) | set(range(45, 48))


def _q(tag: str) -> str:
    return f"{{{MAIN}}}{tag}"


def _exact(value: str, number_format: str) -> tuple[Decimal | None, bool]:
    """The number as shown: its format's decimals added (never rounded away), percent × 100."""
    try:
        number = Decimal(value)
    except (InvalidOperation, ValueError):
        return None, False
    if not number.is_finite():
        return None, False
    digits = len(number.as_tuple().digits)
    if digits > 15 and isinstance(number.as_tuple().exponent, int):   # Excel keeps 15 significant digits
        number = number.quantize(Decimal(1).scaleb(number.adjusted() - 14)).normalize()
    fmt = number_format.split(";")[0]
    quoted = "".join(_QUOTED.findall(fmt))          # a unit written in the format: 0.0000"万元", 0"%"
    fmt = _QUOTED.sub("", fmt).replace("\\%", "")
    percent = "%" in fmt
    if percent:
        number = number.scaleb(2)
    if "E" in number_format.upper() and "E+" in number_format.upper():
        return number.normalize(), percent
    found = _DECIMALS.search(fmt)
    places = len(found.group(1)) if found else 0
    normal = number.normalize()
    exponent = normal.as_tuple().exponent
    if isinstance(exponent, int) and -exponent <= places and abs(number) < Decimal("1e15"):
        number = normal.quantize(Decimal(1).scaleb(-places))
    else:
        number = normal if isinstance(exponent, int) and exponent <= 0 else normal.quantize(Decimal(1))
    unit = quoted.strip()
    if unit in AMOUNT_UNITS and not percent:      # the clerk's unit after the number: kept as typed
        number = TypedAmount(number, format_amount(number) + unit)
    return number, percent


def _column(letters: str) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n


def _parse(data: bytes, path: Path, part: str) -> etree._Element:
    try:
        return etree.fromstring(data, _PARSER)
    except etree.XMLSyntaxError as exc:
        raise ImportFileError(f"“{path.name}”的 {part} 已损坏（XML 不完整），无法读取。请在 Excel 或 WPS 表格中"
                              "打开它，另存为 .xlsx 后再导入。") from exc


def _texts(el: etree._Element) -> str:
    """A string item's text: its runs (phonetic guides left out)."""
    return "".join(t.text or "" for t in el.iter(_q("t")) if not any(
        a.tag == _q("rPh") for a in t.iterancestors()))


def _shared(archive: zipfile.ZipFile, names: set[str], path: Path) -> list[str]:
    if "xl/sharedStrings.xml" not in names:
        return []
    root = _parse(read_part(archive, "xl/sharedStrings.xml", path), path, "共享文字")
    return [_texts(si) for si in root.iterchildren(_q("si"))]


def _formats(archive: zipfile.ZipFile, names: set[str], path: Path) -> list[str]:
    """The number format of each cell style (``s`` of a cell), by index."""
    if "xl/styles.xml" not in names:
        return []
    root = _parse(read_part(archive, "xl/styles.xml", path), path, "样式")
    custom = {int(n.get("numFmtId", "0")): n.get("formatCode", "") for n in root.iter(_q("numFmt"))
              if (n.get("numFmtId") or "").isdigit()}
    found = []
    xfs = root.find(_q("cellXfs"))
    for xf in (xfs.iterchildren(_q("xf")) if xfs is not None else ()):
        raw = xf.get("numFmtId", "0")
        number = int(raw) if raw.isdigit() else 0
        found.append("DATE" if number in _DATES and number not in custom else custom.get(number, _BUILTIN.get(number, "General")))
    return found


def _sheets(archive: zipfile.ZipFile, names: set[str], path: Path) -> list[tuple[str, str]]:
    """(name, part) of each worksheet, in the workbook's order."""
    if "xl/workbook.xml" not in names:
        raise ImportFileError(f"“{path.name}”不是 Excel 工作簿（缺少工作簿部分），可能是改了扩展名的其他文件。"
                              "请在 Excel 或 WPS 表格中打开并另存为 .xlsx 后再导入。")
    book = _parse(read_part(archive, "xl/workbook.xml", path), path, "工作簿")
    targets: dict[str, str] = {}
    if "xl/_rels/workbook.xml.rels" in names:
        rels = _parse(read_part(archive, "xl/_rels/workbook.xml.rels", path), path, "关系")
        for rel in rels.iter(f"{{{PKG}}}Relationship"):
            target = rel.get("Target", "")
            full = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join("xl", target))
            targets[rel.get("Id", "")] = full
    found = []
    for i, sheet in enumerate(book.iter(_q("sheet")), 1):
        part = targets.get(sheet.get(f"{{{REL}}}id", ""), f"xl/worksheets/sheet{i}.xml")
        if part in names:
            found.append((clean_text(sheet.get("name", f"Sheet{i}")), part))
    return found


def _value(c: etree._Element, shared: list[str], formats: list[str]) -> tuple[str, Decimal | None, bool]:
    kind = c.get("t", "n")
    v = c.find(_q("v"))
    raw = v.text if v is not None and v.text is not None else ""
    if kind == "s":
        index = int(raw) if raw.isdigit() else -1
        return (clean_text(shared[index]) if 0 <= index < len(shared) else ""), None, False
    if kind == "inlineStr":
        found = c.find(_q("is"))
        return (clean_text(_texts(found)) if found is not None else ""), None, False
    if kind in ("str", "e"):
        return clean_text(raw), None, False
    if kind == "b":
        return ("是" if raw == "1" else "否") if raw else "", None, False
    if not raw:
        return "", None, False
    style = c.get("s", "0")
    fmt = formats[int(style)] if style.isdigit() and int(style) < len(formats) else "General"
    if fmt == "DATE" or re.search(r"[yd]", _QUOTED.sub("", fmt).lower()):
        return raw, None, False        # a date: kept as Excel's serial number text, not an amount
    number, percent = _exact(raw, fmt)
    if number is None:
        return clean_text(raw), None, False
    shown = number.typed if isinstance(number, TypedAmount) else format(number, "f")
    return (shown + "%" if percent else shown), number, percent


def _sheet(name: str, root: etree._Element, shared: list[str], formats: list[str]) -> Table:
    origins: dict[tuple[int, int], tuple[int, int]] = {}
    covered: set[tuple[int, int]] = set()
    for merged in root.iter(_q("mergeCell")):
        parts = [_REF.fullmatch(p) for p in (merged.get("ref") or "").split(":")]
        if len(parts) != 2 or not all(parts):
            continue
        (c0, r0), (c1, r1) = ((_column(m.group(1)), int(m.group(2))) for m in parts)  # type: ignore[union-attr]
        r1, c1 = min(r1, r0 + MAX_ROWS, MAX_ROWS), min(c1, c0 + MAX_COLUMNS, MAX_COLUMNS)
        origins[(r0, c0)] = (r1 - r0 + 1, c1 - c0 + 1)
        for r in range(r0, r1 + 1):
            for c in range(c0, c1 + 1):
                if (r, c) != (r0, c0):
                    covered.add((r, c))
    rows: dict[int, list[Cell]] = {}
    for c in root.iter(_q("c")):
        ref = _REF.fullmatch(c.get("r") or "")
        if ref is None:
            continue
        col, r = _column(ref.group(1)), int(ref.group(2))
        if r > MAX_ROWS or col > MAX_COLUMNS or (r, col) in covered:
            continue
        text, number, percent = _value(c, shared, formats)
        rowspan, colspan = origins.get((r, col), (1, 1))
        if text or (r, col) in origins:
            rows.setdefault(r, []).append(Cell(text, r - 1, col - 1, f"工作表“{name}”{ref.group(0)}", colspan,
                                               rowspan, number, percent))
    last = max(rows, default=0)
    return Table([sorted(rows.get(r, []), key=lambda x: x.col) for r in range(1, last + 1)],
                 f"工作表“{name}”", sheet=name)


def read_xlsx(path: Path) -> Grid:
    archive = open_zip(path)
    with archive:
        names = set(archive.namelist())
        sheets = _sheets(archive, names, path)
        shared = _shared(archive, names, path)
        formats = _formats(archive, names, path)
        title = core_title(archive, names)
        grid = Grid(title=title, source="xlsx")
        for name, part in sheets:
            root = _parse(read_part(archive, part, path), path, f"工作表“{name}”")
            grid.items.append(_sheet(name, root, shared, formats))
    return grid
