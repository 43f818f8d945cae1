"""A .docx read into the neutral grid: body paragraphs and tables in reading order.

The XML is read directly (lxml, no entity expansion, no network): a table's merges come from
``w:gridSpan`` and ``w:vMerge``, so a merged cell is listed once with its spans.
"""

from __future__ import annotations

from pathlib import Path

from lxml import etree

from desktop.importer.grid import Cell, Grid, Paragraph, Table
from desktop.importer.limits import ImportFileError, core_title, open_zip, read_part
from desktop.text import clean_text

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_P, _TBL, _TR, _TC, _SDT = (f"{{{W}}}{n}" for n in ("p", "tbl", "tr", "tc", "sdt"))
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, remove_comments=True)


def _attr(el: etree._Element | None, name: str) -> str | None:
    return None if el is None else el.get(f"{{{W}}}{name}")


def paragraph_text(p: etree._Element) -> str:
    """A paragraph's text: runs, tabs and line breaks (deleted text of tracked changes left out)."""
    parts: list[str] = []
    for el in p.iter(f"{{{W}}}t", f"{{{W}}}tab", f"{{{W}}}br", f"{{{W}}}cr", f"{{{W}}}delText"):
        tag = etree.QName(el).localname
        if tag == "t":
            parts.append(el.text or "")
        elif tag == "tab":
            parent = el.getparent()
            if parent is not None and etree.QName(parent).localname == "r":
                parts.append("\t")
        elif tag in ("br", "cr"):
            parts.append("\n")
    return clean_text("".join(parts))


def _styles(archive, path: Path) -> dict[str, str]:
    try:
        raw = archive.read("word/styles.xml")
    except KeyError:
        return {}
    except Exception:
        return {}
    try:
        root = etree.fromstring(raw, _PARSER)
    except etree.XMLSyntaxError:
        return {}
    names: dict[str, str] = {}
    for style in root.iter(f"{{{W}}}style"):
        sid = _attr(style, "styleId")
        name = style.find(f"{{{W}}}name")
        if sid:
            names[sid] = _attr(name, "val") or sid
    return names


def _cell_text(tc: etree._Element) -> str:
    return "\n".join(paragraph_text(p) for p in tc.iter(_P))


def _table(tbl: etree._Element, number: int) -> Table:
    """The cells of one table; a vertical merge is the cell where it starts, with its rowspan."""
    rows: list[list[Cell]] = []
    open_merges: dict[int, tuple[int, int]] = {}      # column → (row index, cell index) of its start
    spans: dict[tuple[int, int], int] = {}
    for r, tr in enumerate(tbl.iterchildren(_TR)):
        row: list[Cell] = []
        col = 0
        before = tr.find(f"{{{W}}}trPr/{{{W}}}gridBefore")
        if before is not None:
            col = int(_attr(before, "val") or 0) if (_attr(before, "val") or "0").isdigit() else 0
        for tc in tr.iterchildren(_TC):
            pr = tc.find(f"{{{W}}}tcPr")
            span_el = pr.find(f"{{{W}}}gridSpan") if pr is not None else None
            raw_span = _attr(span_el, "val") or "1"
            span = max(1, min(int(raw_span), 64)) if raw_span.isdigit() else 1
            vmerge = pr.find(f"{{{W}}}vMerge") if pr is not None else None
            if vmerge is not None and _attr(vmerge, "val") not in ("restart",) and col in open_merges:
                start = open_merges[col]
                spans[start] = spans.get(start, 1) + 1
            else:
                text = _cell_text(tc)
                place = f"第{number}个表格第{r + 1}行第{col + 1}列"
                row.append(Cell(text, r, col, place, colspan=span))
                if vmerge is not None:
                    open_merges[col] = (r, len(row) - 1)
                else:
                    open_merges.pop(col, None)
            col += span
        rows.append(row)
    for (r, i), rowspan in spans.items():
        c = rows[r][i]
        rows[r][i] = Cell(c.text, c.row, c.col, c.place, c.colspan, rowspan)
    return Table(rows, f"第{number}个表格")


def _walk(parent: etree._Element, grid: Grid, styles: dict[str, str], counts: list[int]) -> None:
    for el in parent.iterchildren():
        if el.tag == _P:
            counts[0] += 1
            style_el = el.find(f"{{{W}}}pPr/{{{W}}}pStyle")
            style = styles.get(_attr(style_el, "val") or "", _attr(style_el, "val") or "")
            grid.items.append(Paragraph(paragraph_text(el), f"第{counts[0]}段", style))
        elif el.tag == _TBL:
            counts[1] += 1
            grid.items.append(_table(el, counts[1]))
        elif el.tag == _SDT:                       # a content control (a table of contents)
            content = el.find(f"{{{W}}}sdtContent")
            if content is not None:
                _walk(content, grid, styles, counts)


def read_docx(path: Path) -> Grid:
    archive = open_zip(path)
    with archive:
        names = set(archive.namelist())
        if "word/document.xml" not in names:
            raise ImportFileError(f"“{path.name}”不是 Word 文档（缺少正文部分），可能是改了扩展名的其他文件。"
                                  "请在 Word 或 WPS 中打开并另存为 .docx 后再导入。")
        raw = read_part(archive, "word/document.xml", path)
        styles = _styles(archive, path)
        title = core_title(archive, names)
    try:
        root = etree.fromstring(raw, _PARSER)
    except etree.XMLSyntaxError as exc:
        raise ImportFileError(f"“{path.name}”的正文已损坏（XML 不完整），无法读取。请在 Word 或 WPS 中打开它，"
                              "另存为一份新文件后再导入。") from exc
    body = root.find(f"{{{W}}}body")
    grid = Grid(title=title, source="docx")
    if body is not None:
        _walk(body, grid, styles, [0, 0])
    return grid
