"""The Excel export read back with openpyxl, and the written XML for borders on merge edges;
every sheet must show the same form as the Word export."""

from __future__ import annotations

import math
import re
import zipfile
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from lxml import etree
from openpyxl.utils import get_column_letter, range_boundaries

from desktop.blank import new_document, new_project
from desktop.errors import ExportError
from desktop.export import export_docx, export_xlsx
from desktop.export.layout import display_width
from desktop.export.names import sheet_names
from desktop.families import family
from desktop.model import Document, Indicator
from tests.exportcheck import SAMPLES, Grid, export_samples, in_seed_order, load, seed_text
from tests.test_export_docx import body_of, grids

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
STEMS = [p.stem for p in SAMPLES]
SHEET_NAME_FORBIDDEN = re.compile(r"[\\/:*?\[\]]")


@pytest.fixture(scope="module")
def exported(tmp_path_factory) -> dict[str, Path]:
    return export_samples(tmp_path_factory.mktemp("xlsx"), export_xlsx, ".xlsx")


def shown(cell) -> str:
    """A cell's value as Excel shows it with its number format."""
    value = cell.value
    if value is None:
        return ""
    if isinstance(value, (int, float)):
        fmt, _, unit = cell.number_format.partition('"')      # 0.0000"万元": a unit shown as typed
        unit = unit.rstrip('"')
        places = len(fmt.split(".")[1].rstrip("%")) if "." in fmt else 0
        if fmt.endswith("%"):
            return f"{value * 100:.{places}f}%"
        return f"{value:.{places}f}{unit}"
    return str(value)


def table_start(ws) -> int:
    """The first row of the table: the first row with a border."""
    return next(r for r in range(1, ws.max_row + 1) if ws.cell(r, 1).border.left.style == "thin")


def table_end(ws) -> int:
    """The table's last row: the last row with a border (notes under the table have none)."""
    return next(r for r in range(ws.max_row, 0, -1) if ws.cell(r, 1).border.left.style == "thin")


def grid_of(ws) -> Grid:
    first, last = table_start(ws), table_end(ws)
    spans = {}
    covered = set()
    for merged in ws.merged_cells.ranges:
        if merged.min_row < first or merged.min_row > last:
            continue
        spans[(merged.min_row, merged.min_col)] = (merged.max_col - merged.min_col + 1,
                                                   merged.max_row - merged.min_row + 1)
        covered |= {(r, c) for r in range(merged.min_row, merged.max_row + 1)
                    for c in range(merged.min_col, merged.max_col + 1)} - {(merged.min_row, merged.min_col)}
    rows = range(first, last + 1)
    cells = [[(c - 1, shown(ws.cell(r, c)), *spans.get((r, c), (1, 1)))
              for c in range(1, ws.max_column + 1) if (r, c) not in covered] for r in rows]
    text = [[""] * ws.max_column for _ in rows]
    for i, row in enumerate(cells):
        for col, value, span, height in row:
            for r in range(i, i + height):
                for c in range(col, col + span):
                    text[r][c] = value
    return Grid(cells, text)


# ---------------------------------------------------------------- every sample


@pytest.mark.parametrize("stem", STEMS)
def test_every_sheet_shows_the_same_form_as_the_word_export(exported, tmp_path, stem):
    word = tmp_path / "same.docx"
    export_docx(load(stem), word)
    word_grids = grids(body_of(word))
    sheets = openpyxl.load_workbook(exported[stem]).worksheets
    if load(stem).family == "H":
        sheets = sheets[1:]                     # part one is running text in Word
    assert len(sheets) == len(word_grids)
    for ws, expected in zip(sheets, word_grids, strict=True):
        got = grid_of(ws)
        assert got.text == expected.text, ws.title
        assert got.merges() == expected.merges(), ws.title


@pytest.mark.parametrize("stem", STEMS)
def test_every_indicator_row_reads_back_in_the_seeds_order(exported, stem):
    first = 0 if load(stem).family == "H" else 1
    wb = openpyxl.load_workbook(exported[stem])
    rows = [row for ws in wb.worksheets for row in grid_of(ws).indicator_rows(first)]
    assert len(rows) == load(stem).indicator_count()
    assert in_seed_order(rows, seed_text(stem)) == []


@pytest.mark.parametrize("stem", STEMS)
def test_sheet_names_are_valid_and_unique(exported, stem):
    names = openpyxl.load_workbook(exported[stem]).sheetnames
    assert len({n.casefold() for n in names}) == len(names)
    for name in names:
        assert 0 < len(name.encode("utf-16-le")) // 2 <= 31
        assert not SHEET_NAME_FORBIDDEN.search(name) and not name.startswith("'")


def test_sheet_names_of_each_form(exported):
    def names(stem: str) -> list[str]:
        return openpyxl.load_workbook(exported[stem]).sheetnames

    assert names("hebei-luanping-2026-xinfang") == ["部门整体绩效目标", "1.信访工作保障经费", "2.信访维稳经费"]
    assert names("hunan-shifeng-2021-xinfang") == [
        "部门整体支出绩效目标表", "专项资金预算绩效目标汇总表", "附件3-信访岗位津贴", "附件3-社区（村）治安巡逻防控费"]
    assert names("hubei-ezhou-2024-xinfang") == ["部门整体绩效目标表"]


@pytest.mark.parametrize("wanted, expected", [
    (["a/b\\c:d*e?f[g]h"], ["a_b_c_d_e_f_g_h"]),
    (["表", "表", "表"], ["表", "表(2)", "表(3)"]),
    (["History"], ["History(2)"]),
    (["'引号'"], ["引号"]),
    (["", "\x01"], ["表", "表(2)"]),
    (["很" * 40, "很" * 40], ["很" * 30 + "…", "很" * 27 + "…(2)"]),
    (["Abc", "aBC"], ["Abc", "aBC(2)"]),
])
def test_sheet_names_are_cleaned_shortened_and_made_unique(wanted, expected):
    assert sheet_names(wanted) == expected


@pytest.mark.parametrize("stem", STEMS)
def test_every_edge_of_every_merge_has_its_border_in_the_written_xml(exported, stem):
    with zipfile.ZipFile(exported[stem]) as z:
        styles = etree.fromstring(z.read("xl/styles.xml"))
        borders = [{side: b.find(f"{{{MAIN}}}{side}").get("style") for side in ("left", "right", "top", "bottom")}
                   for b in styles.find(f"{{{MAIN}}}borders")]
        xf_border = [int(xf.get("borderId", 0)) for xf in styles.find(f"{{{MAIN}}}cellXfs")]
        sheets = sorted(n for n in z.namelist() if n.startswith("xl/worksheets/sheet"))
        for name in sheets:
            sheet = etree.fromstring(z.read(name))
            style_of = {c.get("r"): int(c.get("s", 0)) for c in sheet.iter(f"{{{MAIN}}}c")}
            first, last = _bordered_rows(style_of, xf_border, borders)
            for merge in sheet.iter(f"{{{MAIN}}}mergeCell"):
                min_col, min_row, max_col, max_row = range_boundaries(merge.get("ref"))
                if min_row < first or min_row > last:
                    continue                    # title lines above and notes under the table have no borders
                for r in range(min_row, max_row + 1):
                    for c in range(min_col, max_col + 1):
                        ref = f"{get_column_letter(c)}{r}"
                        assert ref in style_of, (name, ref)
                        box = borders[xf_border[style_of[ref]]]
                        edges = {"left": c == min_col, "right": c == max_col,
                                 "top": r == min_row, "bottom": r == max_row}
                        for side, on_edge in edges.items():
                            if on_edge:
                                assert box[side] == "thin", (name, merge.get("ref"), ref, side)


def _bordered_rows(style_of: dict[str, int], xf_border: list[int], borders: list[dict]) -> tuple[int, int]:
    rows = [int(re.sub(r"[A-Z]+", "", ref)) for ref, s in style_of.items() if borders[xf_border[s]]["left"] == "thin"]
    return min(rows), max(rows)


@pytest.mark.parametrize("stem", STEMS)
def test_sheets_are_print_ready(exported, stem):
    for ws in openpyxl.load_workbook(exported[stem]).worksheets:
        setup = ws.page_setup
        assert int(setup.paperSize) == int(ws.PAPERSIZE_A4)
        assert ws.sheet_properties.pageSetUpPr.fitToPage is True
        assert (setup.fitToWidth, setup.fitToHeight) == (1, 0)
        assert ws.print_options.horizontalCentered
        assert ws.page_margins.left > 0 and ws.page_margins.top > 0
        first = table_start(ws)
        top, bottom = (int(r) for r in ws.print_title_rows.replace("$", "").split(":"))
        assert top == 1 and bottom == first - 1 or first <= top <= bottom     # titles, or a header band
        assert "&P" in ws.oddFooter.center.text
        expected = "landscape" if load(stem).family == "B" else "portrait"
        assert setup.orientation == expected


@pytest.mark.parametrize("stem", STEMS)
def test_cells_wrap_and_columns_and_rows_fit_chinese_text(exported, stem):
    for ws in openpyxl.load_workbook(exported[stem]).worksheets:
        first = table_start(ws)
        widths = [ws.column_dimensions[get_column_letter(c)].width for c in range(1, ws.max_column + 1)]
        assert all(6 <= w <= 60 for w in widths)
        assert sum(widths) <= (138 if ws.page_setup.orientation == "landscape" else 92) + 0.01
        merged = {(r, c) for m in ws.merged_cells.ranges if m.min_row >= first
                  for r in range(m.min_row, m.max_row + 1) for c in range(m.min_col, m.max_col + 1)}
        for row in ws.iter_rows(min_row=first):
            for cell in row:
                if cell.value is None:
                    continue
                assert cell.alignment.wrap_text and cell.alignment.vertical == "center"
                assert cell.font.name == "宋体" and cell.font.charset == 134
                if (cell.row, cell.column) in merged or not isinstance(cell.value, str):
                    continue
                width = widths[cell.column - 1]
                lines = sum(math.ceil(display_width(line) * 1.05 / (width - 0.5)) for line in cell.value.split("\n"))
                assert ws.row_dimensions[cell.row].height >= lines * 15, (ws.title, cell.coordinate)
                if display_width(cell.value) <= 10:     # short labels such as 一级指标 stay on one line
                    assert width >= display_width(cell.value) * 1.05, (ws.title, cell.coordinate)


def test_amounts_keep_the_documents_precision(exported):
    dingzhou = openpyxl.load_workbook(exported["hebei-dingzhou-2020-xinfang"]).worksheets[1]
    first = table_start(dingzhou)
    budget = dingzhou.cell(first + 1, 3)
    assert (budget.value, budget.number_format, shown(budget)) == (0.54, "0.00", "0.54")
    assert shown(dingzhou.cell(first + 4, 2)) == "25.00"
    shifeng = openpyxl.load_workbook(exported["hunan-shifeng-2021-xinfang"]).worksheets[0]
    first = table_start(shifeng)
    cell = shifeng.cell(first + 3, 3)
    assert (cell.value, cell.number_format, shown(cell)) == (173.4271, '0.0000"万元"', "173.4271万元")
    assert shown(shifeng.cell(first + 4, 3)) == "0"
    ezhou = openpyxl.load_workbook(exported["hubei-ezhou-2024-xinfang"]).worksheets[0]
    first = table_start(ezhou)
    share = ezhou.cell(first + 8, 6)
    assert (share.value, share.number_format, shown(share)) == (0.6572, "0.00%", "65.72%")
    assert shown(ezhou.cell(first + 4, 6)) == "100%"
    assert shown(ezhou.cell(first + 10, 5)) == "149"


def test_h_first_sheet_holds_part_one(exported):
    ws = openpyxl.load_workbook(exported["hebei-luanping-2026-xinfang"]).worksheets[0]
    grid = grid_of(ws)
    doc = load("hebei-luanping-2026-xinfang")
    dept = doc.departments[0]
    assert grid.text[0] == ["总体绩效目标", dept.texts["overall_goal"], dept.texts["overall_goal"]]
    goals = [row for row in grid.text if row[0] == "分项绩效目标"]
    assert [row[1] for row in goals] == [f"（{n}）{g.title}" for n, g in zip("一二三四五", dept.sub_goals)]
    assert goals[0][2] == f"绩效目标：{dept.sub_goals[0].goal}\n绩效指标：{dept.sub_goals[0].indicators}"
    measures = [row for row in grid.text if row[0] == "工作保障措施"]
    assert [row[2] for row in measures] == [m.text for m in dept.measures]


# ---------------------------------------------------------------- failures and awkward text


def _odd_document():
    doc = new_document("H", 2026, "154001", "滦平县信访局本级")
    project = new_project(family("H"))
    project.code, project.name, project.budget = "P1", "项目\x00名称/[1]:?", Decimal("80.00")
    project.goal = "目标\x0b第二行"
    project.indicators = [Indicator("产出指标", "数量指标", "名称\x1b", "描述", "=100%", "+1\x7f")]
    doc.departments[0].projects.append(project)
    return doc


def test_control_characters_and_formula_like_text_stay_plain_text(tmp_path):
    path = tmp_path / "a.xlsx"
    export_xlsx(_odd_document(), path)
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == ["部门整体绩效目标", "1、项目名称__1___"]
    grid = grid_of(wb.worksheets[1])
    assert grid.text[5][1] == "目标\n第二行"
    assert grid.text[7][:5] == ["产出指标", "数量指标", "名称", "描述", "=100%"]
    target = wb.worksheets[1].cell(table_start(wb.worksheets[1]) + 7, 5)
    assert target.data_type == "s" and target.value == "=100%"
    with zipfile.ZipFile(path) as z:
        assert b"<f>" not in z.read("xl/worksheets/sheet2.xml")


def _with_text(size: int) -> Document:
    doc = new_document("H", 2026, "154001", "滦平县信访局本级")
    project = new_project(family("H"))
    project.name = "信访工作保障经费"
    project.indicators = [Indicator("产出指标", "数量指标", "接待人次", "描述", "≥1200人次", "依据"),
                          Indicator("产出指标", "数量指标", "接待人次", "描述", "甲" * size, "依据")]
    doc.departments[0].projects.append(project)
    return doc


def test_a_text_longer_than_a_cell_holds_is_named_and_never_cut(tmp_path):
    """Excel keeps the first 32,767 characters of a cell without a word: refused instead."""
    target = tmp_path / "表.xlsx"
    target.write_bytes(b"old")
    with pytest.raises(ExportError) as caught:
        export_xlsx(_with_text(40_000), target)
    message = caught.value.message
    assert message.startswith("无法导出 Excel：“项目1「信访工作保障经费」 › 绩效指标第2行 › 指标值”有 40,000 个字符")
    assert "32,767" in message and "导出为 Word" in message
    assert target.read_bytes() == b"old"


def test_a_text_that_just_fits_a_cell_is_exported_whole(tmp_path):
    export_xlsx(_with_text(32_767), tmp_path / "表.xlsx")
    values = [c.value for row in openpyxl.load_workbook(tmp_path / "表.xlsx").worksheets[1].iter_rows() for c in row]
    assert "甲" * 32_767 in values


def test_an_amount_excel_would_round_keeps_every_digit_as_text(tmp_path):
    doc = _with_text(1)
    project = doc.departments[0].projects[0]
    project.budget, project.fiscal = Decimal("987654321012.345678"), Decimal("80.25")
    export_xlsx(doc, tmp_path / "表.xlsx")
    ws = openpyxl.load_workbook(tmp_path / "表.xlsx").worksheets[1]
    values = [c.value for row in ws.iter_rows() for c in row]
    assert "987654321012.345678" in values
    assert 80.25 in values                         # an amount Excel holds stays a number
