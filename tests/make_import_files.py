"""Builds the hand-made test files of tests/data/import/ from the seed texts, the way clerks make
them: python-docx and openpyxl, the seed's own labels (extra spaces, full-width characters, line
breaks such as 部门（单位）\\n名称, 合  计), and the variations issue 11 lists.

    python -m tests.make_import_files          (writes tests/data/import/*.docx, *.xlsx)

A seed text is a Word file's text: rows of a table are blocks of lines separated by a blank
line, each cell starting with a tab (a line without a tab continues the cell above); other
lines are paragraphs. Every value written comes from the seed.
"""

from __future__ import annotations

import re
import sys
import zipfile
from datetime import datetime
from pathlib import Path

import docx
import openpyxl
from docx.enum.section import WD_ORIENT
from docx.shared import Mm

ROOT = Path(__file__).parent
SEEDS = ROOT / "data" / "seeds"
OUT = ROOT / "data" / "import"
FIELD_CODE = re.compile(r"\s+TC\s.*$|\[bookmark: [^\]]*\]")  # Word's TC fields and bookmarks the extraction kept
STAMP = datetime(2026, 1, 1)                      # fixed, so that building again gives the same files
_FULL = str.maketrans("0123456789.", "０１２３４５６７８９．")

Table = list[list[str]]


def _from_markdown(text: str) -> str:
    """A seed extracted as Markdown (``| a | b |`` rows, ``#`` headings) in the tab form above;
    ``<br>`` in a cell is a line break."""
    out: list[str] = []
    was_row = False
    for line in text.splitlines():
        stripped = line.strip()
        if stripped.startswith("|"):
            cells = [c.strip() for c in stripped.strip("|").split("|")]
            if all(re.fullmatch(r":?-*:?", c) for c in cells):
                continue
            out += ["\t" + c.replace("<br>", "\n") for c in cells] + [""]
            was_row = True
            continue
        if was_row:
            out.append("")
            was_row = False
        out.append(re.sub(r"^#+\s*", "", line))
    return "\n".join(out)


def parse_seed(text: str) -> list[str | Table]:
    """Paragraphs (str) and tables (rows of cell texts), in order."""
    if re.search(r"^\|.*\|\s*$", text, re.MULTILINE):
        text = _from_markdown(text)
    items: list[str | Table] = []
    table: Table | None = None
    row: list[str] | None = None
    blank = True
    for raw in text.splitlines():
        line = FIELD_CODE.sub("", raw.rstrip("\r"))
        if not line.strip() and not line.startswith("\t"):
            if row is not None:
                assert table is not None
                table.append(row)
                row = None
            if blank and table is not None:      # two blank lines: the table ended
                items.append(table)
                table = None
            blank = True
            continue
        if line.startswith("\t"):
            if row is None:
                row = []
                if table is None:
                    table = []
            row.append(line[1:].strip(" "))
        elif row is not None:
            row[-1] = f"{row[-1]}\n{line.strip()}" if row[-1] else line.strip()
        else:
            if table is not None:
                items.append(table)
                table = None
            if line.strip():
                items.append(line.strip())
        blank = False
    if row is not None and table is not None:
        table.append(row)
    if table is not None:
        items.append(table)
    return _captions(items)


def _captions(items: list[str | Table]) -> list[str | Table]:
    """Single-cell rows at a table's top or bottom (``202002定州市信访局``, ``单位：万元``) are the
    captions a clerk types above the table: paragraphs."""
    out: list[str | Table] = []
    for item in items:
        if isinstance(item, str):
            out.append(item)
            continue
        rows = [r for r in item]
        head = []
        while rows and len([c for c in rows[0] if c.strip()]) <= 1 and len(rows[0]) <= 2:
            head.append("\t".join(c for c in rows.pop(0) if c.strip()))
        tail = []
        while rows and len([c for c in rows[-1] if c.strip()]) <= 1 and len(rows[-1]) <= 2:
            tail.insert(0, "\t".join(c for c in rows.pop() if c.strip()))
        out += [h for h in head if h]
        if rows:
            out.append(rows)
        out += [t for t in tail if t]
    return out


def parse_line_seed(text: str, header: str = "一级指标", joined: tuple[str, ...] = ("(万元)",)) -> list[str | Table]:
    """A seed whose table rows are lines with cells apart by spaces (安徽 金寨, a published page):
    a cell in ``joined`` belongs under the cell before it (``项目资金\n(万元)``); a label alone on
    its line takes the next line as its value; rows under the indicator heading are padded on the
    left where the form merges cells (一级 written once), the rows of money where the label spans."""
    lines = [line.rstrip() for line in text.splitlines()]
    lines = [line for line in lines if not line.startswith("http") and "extracted" not in line]
    start = next(i for i, line in enumerate(lines) if len(line.split()) > 1)
    items: list[str | Table] = [line.strip() for line in lines[:start] if line.strip()]
    table: Table = []
    width = 0
    i = start
    notes: list[str] = []
    while i < len(lines):
        line = lines[i]
        i += 1
        if not line.strip():
            continue
        if line.startswith("注") or notes:
            notes.append(line.strip())
            continue
        cells = line.split()
        for part in joined:
            if part in cells and cells.index(part) > 0:
                at = cells.index(part)
                cells[at - 1:at + 1] = [f"{cells[at - 1]}\n{part}"]
        indented = line.startswith((" ", "\t"))
        if len(cells) == 1 and not indented and i < len(lines) and len(lines[i].split()) == 1 and not width:
            cells.append(lines[i].strip())
            i += 1
        if header in cells:
            width = len(cells)
        elif width and len(cells) < width - 1:
            cells = [""] * (width - len(cells)) + cells
        elif width:
            cells = [""] + cells
        elif indented:
            cells = ["", *cells, ""][:3] if len(cells) == 1 else ["", *cells]
        table.append(cells)
    items.append(table)
    return items + notes


def thousands(items: list[str | Table]) -> list[str | Table]:
    """Amounts of a thousand and more written with a thousands separator and cents (``1,125.00``)."""
    def change(cell: str) -> str:
        if re.fullmatch(r"\d{4,}(?:\.\d+)?", cell):
            whole, _, cents = cell.partition(".")
            return f"{int(whole):,}.{(cents + '00')[:2]}"
        return cell
    return [[[change(c) for c in r] for r in item] if isinstance(item, list) else item for item in items]


# ---------------------------------------------------------------- variations


def split_indicators(items: list[str | Table], header: str = "一级指标") -> list[str | Table]:
    """Each table with an indicator heading cut in two at its middle, the heading repeated (a
    table that runs over a page, as clerks retype it), with an empty row before the cut."""
    out: list[str | Table] = []
    for item in items:
        if isinstance(item, list):
            at = next((i for i, r in enumerate(item) if any(c.strip() == header for c in r)), None)
            if at is not None and len(item) - at > 4:
                cut = at + 1 + (len(item) - at - 1) // 2
                width = max(len(r) for r in item)
                out.append(item[:cut] + [[""] * width])
                out.append([item[at]] + item[cut:])
                continue
        out.append(item)
    return out


def repeat_headers(items: list[str | Table], header: str = "一级指标") -> list[str | Table]:
    """The indicator heading row repeated inside the table, and an empty row after it."""
    out: list[str | Table] = []
    for item in items:
        if isinstance(item, list):
            at = next((i for i, r in enumerate(item) if any(c.strip() == header for c in r)), None)
            if at is not None and len(item) - at > 4:
                mid = at + 3
                item = item[:mid] + [list(item[at]), [""] * len(item[at])] + item[mid:]
        out.append(item)
    return out


def renumber_titles(items: list[str | Table], style: str) -> list[str | Table]:
    """Project titles numbered ``1.`` instead of ``1、``; part headings ``（一）``."""
    out: list[str | Table] = []
    for item in items:
        if isinstance(item, str):
            item = re.sub(r"^(\d+)、(.*绩效目标表)$", r"\1.\2" if style == "dot" else r"\1、\2", item)
        out.append(item)
    return out


def amounts(items: list[str | Table], how: str) -> list[str | Table]:
    """Amounts as clerks write them: ``0.54万元`` or full-width digits (values unchanged)."""
    def change(cell: str) -> str:
        if re.fullmatch(r"\d+\.\d+", cell):
            return cell + "万元" if how == "wan" else cell.translate(_FULL)
        return cell
    return [[[change(c) for c in r] for r in item] if isinstance(item, list) else item for item in items]


# ---------------------------------------------------------------- writers


def _merge_down(table, rows: Table, columns: int) -> None:
    """Merge an empty cell into the filled one above it, in the first ``columns`` columns."""
    for col in range(columns):
        start = None
        for r in range(len(rows) + 1):
            filled = r < len(rows) and col < len(rows[r]) and rows[r][col].strip()
            empty = r < len(rows) and (col >= len(rows[r]) or not rows[r][col].strip()) and any(
                c.strip() for c in rows[r])
            if r < len(rows) and empty and start is not None:
                continue
            if start is not None and r - 1 > start:
                table.cell(start, col).merge(table.cell(r - 1, col))
            start = r if filled else None


def write_docx(items: list[str | Table], path: Path, *, merge: int = 0, landscape: bool = False) -> None:
    document = docx.Document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    if landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = Mm(297), Mm(210)
    for item in items:
        if isinstance(item, str):
            document.add_paragraph(item)
            continue
        width = max(len(r) for r in item)
        table = document.add_table(rows=len(item), cols=width)
        table.style = "Table Grid"
        for r, row in enumerate(item):
            cells = table.rows[r].cells
            for c, text in enumerate(row):
                cells[c].text = text
        if merge:
            _merge_down(table, item, merge)
    document.core_properties.title = ""
    document.core_properties.created = document.core_properties.modified = STAMP
    document.save(str(path))


def _number(text: str) -> tuple[object, str] | None:
    found = re.fullmatch(r"[\s　]*(\d+(?:\.\d+)?)(%?)[\s　]*", text)
    if not found:
        return None
    digits, percent = found.groups()
    places = len(digits.split(".")[1]) if "." in digits else 0
    fmt = ("0." + "0" * places if places else "0") + ("%" if percent else "")
    value = float(digits) / 100 if percent else (float(digits) if places else int(digits))
    return value, fmt


def write_xlsx(items: list[str | Table], path: Path, *, numbers: bool = False, sheets: bool = False) -> None:
    """One sheet with everything (several project tables in one sheet), or a sheet per table;
    ``numbers``: amounts and percents as Excel numbers (``65.72%`` as 0.6572 shown 0.00%)."""
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = "Sheet1"
    r = 1
    for item in items:
        if isinstance(item, str):
            for c, part in enumerate(item.split("\t"), 1):
                ws.cell(r, c * 2 - 1, part)
            r += 1
            continue
        for row in item:
            for c, text in enumerate(row, 1):
                if not text:
                    continue
                cell = ws.cell(r, c)
                found = _number(text) if numbers else None
                if found is not None:
                    cell.value, cell.number_format = found
                else:
                    cell.value = text
            r += 1
        if sheets:
            ws = book.create_sheet(f"表{len(book.worksheets)}")
            r = 1
    book.properties.created = book.properties.modified = STAMP
    book.save(path)


def _settle(path: Path) -> None:
    """The file's zip entries dated ``STAMP`` and its dates fixed, so a new build is the same bytes."""
    with zipfile.ZipFile(path) as archive:
        parts = [(i.filename, archive.read(i.filename)) for i in archive.infolist()]
    stamp = STAMP.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts:
            if name == "docProps/core.xml":
                data = re.sub(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*", rb"\g<1>" + stamp, data)
            archive.writestr(zipfile.ZipInfo(name, STAMP.timetuple()[:6]), data, zipfile.ZIP_DEFLATED)


def build() -> list[Path]:
    OUT.mkdir(parents=True, exist_ok=True)
    seed = {p.stem: parse_seed(p.read_text(encoding="utf-8")) for p in sorted(SEEDS.glob("*.txt"))}
    made: list[Path] = []

    def out(name: str) -> Path:
        made.append(OUT / name)
        return OUT / name

    ding = seed["hebei-dingzhou-2020-xinfang"]
    write_docx(ding, out("定州-原样.docx"))
    write_docx(amounts(split_indicators(ding), "wan"), out("定州-合并单元格-指标表分页.docx"), merge=2)
    write_xlsx(renumber_titles(ding, "dot"), out("定州-一张工作表.xlsx"), numbers=True)
    luan = seed["hebei-luanping-2026-xinfang"]
    write_docx(amounts(renumber_titles(luan, "dot"), "full"), out("滦平-全角数字.docx"))
    write_xlsx(repeat_headers(luan), out("滦平-重复表头.xlsx"), sheets=True)
    ezhou = seed["hubei-ezhou-2024-xinfang"]
    write_docx(ezhou, out("鄂州-原样.docx"), landscape=True)
    write_xlsx(repeat_headers(ezhou), out("鄂州-百分比数字-重复表头.xlsx"), numbers=True)
    write_docx(split_indicators(ezhou), out("鄂州-合并单元格-指标表分页.docx"), merge=3, landscape=True)
    shifeng = seed["hunan-shifeng-2021-xinfang"]
    write_docx(shifeng, out("石峰-原样.docx"))
    write_xlsx(amounts(shifeng, "wan"), out("石峰-万元.xlsx"))
    jinzhai = SEEDS / "anhui-jinzhai-2021-wuye-xmzc.txt"
    if jinzhai.is_file():
        rows = parse_line_seed(jinzhai.read_text(encoding="utf-8"))
        write_docx(thousands(rows), out("金寨-千位分隔.docx"), merge=2)
        write_xlsx(rows, out("金寨-数字.xlsx"), numbers=True)
    for path in made:
        _settle(path)
    return made


if __name__ == "__main__":
    for made in build():
        print(made.relative_to(ROOT.parent))
    sys.exit(0)
