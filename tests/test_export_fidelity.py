"""The printed forms against the seeds, on what the exports used to get wrong (issue 10,
"Fidelity"): repeated header rows, doubled numbering, wording the seeds do not have, the Word
page grid and parts, the Excel sheets."""

from __future__ import annotations

import zipfile
from decimal import Decimal
from pathlib import Path

import docx
import openpyxl
import pytest
from openpyxl.utils import get_column_letter

from desktop.blank import new_document, new_project
from desktop.export import export_docx, export_xlsx
from desktop.export.layout import display_width
from desktop.export.names import sheet_names
from desktop.families import family
from desktop.model import Indicator, Measure, SubGoal
from tests.exportcheck import SAMPLES, SEEDS, export_samples, load, seed_text, squeeze
from tests.test_export_docx import NS, body_of, cell_text, grids, part, pieces, q
from tests.test_export_xlsx import table_start

STEMS = [p.stem for p in SAMPLES]


@pytest.fixture(scope="module")
def word(tmp_path_factory) -> dict[str, Path]:
    return export_samples(tmp_path_factory.mktemp("docx"), export_docx, ".docx")


@pytest.fixture(scope="module")
def excel(tmp_path_factory) -> dict[str, Path]:
    return export_samples(tmp_path_factory.mktemp("xlsx"), export_xlsx, ".xlsx")


def _header_rows(tbl) -> list[list[str]]:
    return [[cell_text(tc) for tc in tr.findall(q("tc"))] for tr in tbl.findall(q("tr"))
            if tr.find("w:trPr/w:tblHeader", NS) is not None]


def _is_header(tr) -> bool:
    return tr.find("w:trPr/w:tblHeader", NS) is not None


# ---------------------------------------------------------------- the repeated rows


@pytest.mark.parametrize("stem", STEMS)
def test_word_repeats_the_indicator_headings_not_the_first_data_row(word, stem):
    """Each indicator block heads a piece of its table; only its heading rows repeat on later pages."""
    first = 0 if load(stem).family == "H" else 1
    blocks = 0
    for tbls in pieces(body_of(word[stem])):
        for tbl in tbls:
            rows = tbl.findall(q("tr"))
            marked = [i for i, tr in enumerate(rows) if _is_header(tr)]
            assert marked == list(range(len(marked))), "only a piece's top rows can repeat"
            heads = [[squeeze(t) for t in row] for row in _header_rows(tbl)]     # 一级\n指标 is 一级指标
            if any("一级指标" in row for row in heads):
                blocks += 1
                assert heads[0][first] == "一级指标"
            for row in heads:
                assert "部门名称" not in row and "项目编码" not in row and "部门（单位）名称" not in row
    assert blocks == sum(1 for d in load(stem).departments for _ in d.tables) + sum(
        len(d.projects) for d in load(stem).departments)


def test_word_ezhou_page_two_starts_with_the_annual_headings(word):
    """鄂州: the 长期 and 年度 blocks each head a piece; 年度's two heading rows (with the years) repeat."""
    (tbls,) = pieces(body_of(word["hubei-ezhou-2024-xinfang"]))
    assert len(tbls) == 4                   # fields and money | 长期 block | 年度目标 | 年度 block
    assert _header_rows(tbls[0]) == _header_rows(tbls[2]) == []
    assert cell_text(tbls[2].find("w:tr/w:tc", NS)) == "年度目标："
    long_term, annual = _header_rows(tbls[1]), _header_rows(tbls[3])
    assert long_term == [["长期绩效指标", "一级指标", "二级指标", "三级指标", "指标值", "指标值确定依据", "指标分类"]]
    assert annual[0][:2] == ["年度绩效指标", "一级指标"] and "2022年" in annual[1] and "2023年" in annual[1]
    # the upper pieces have no bottom border and their last row keeps with the next piece
    for tbl in tbls[:3]:
        assert tbl.find("w:tblPr/w:tblBorders/w:bottom", NS).get(q("val")) == "nil"
        last = tbl.findall(q("tr"))[-1]
        assert all(p.find("w:pPr/w:keepNext", NS) is not None for p in last.iter(q("p")))
    assert tbls[3].find("w:tblPr/w:tblBorders/w:bottom", NS).get(q("val")) == "single"


def test_word_h_project_heading_rows_repeat(word):
    for tbls in pieces(body_of(word["hebei-dingzhou-2020-xinfang"])):
        assert len(tbls) == 2
        assert _header_rows(tbls[0]) == []
        assert _header_rows(tbls[1]) == [["一级指标", "二级指标", "三级指标", "绩效指标描述", "指标值", "指标值确定依据"]]


def _title_rows(ws) -> list[list[str]]:
    top, bottom = (int(r) for r in ws.print_title_rows.replace("$", "").split(":"))
    return [[str(ws.cell(r, c).value or "") for c in range(1, ws.max_column + 1)] for r in range(top, bottom + 1)]


@pytest.mark.parametrize("stem", STEMS)
def test_excel_repeats_the_first_header_band(excel, stem):
    for ws in openpyxl.load_workbook(excel[stem]).worksheets:
        rows = _title_rows(ws)
        if ws.title == "部门整体绩效目标":
            assert [r[0] for r in rows][-1] != "总体绩效目标"        # running text: the title rows
            continue
        flat = [squeeze(str(v)) for r in rows for v in r]
        assert "一级指标" in flat or "序号" in flat, ws.title
        assert "项目编码" not in flat and "部门名称" not in flat and "部门（单位）名称" not in flat


def test_excel_ezhou_repeats_the_annual_headings_never_the_long_term_ones_over_annual_rows(excel):
    """One band per sheet: 鄂州's 长期 and 年度 blocks head their columns differently, so the sheet
    repeats the 年度 band, which Excel prints only on the pages after it appears."""
    ws = openpyxl.load_workbook(excel["hubei-ezhou-2024-xinfang"]).worksheets[0]
    rows = _title_rows(ws)
    assert len(rows) == 2
    assert rows[0][1] == "一级指标"
    assert "近两年指标值" in rows[0] and "2022年" in rows[1] and "2023年" in rows[1]


def _long_h_document(rows: int = 60):
    doc = new_document("H", 2026, "154001", "滦平县信访局本级")
    project = new_project(family("H"))
    project.code, project.name, project.budget = "P1", "信访工作保障经费", Decimal("80.00")
    project.indicators = [Indicator("产出指标", "数量指标", f"指标{i}", "描述", "≥90%", "依据") for i in range(rows)]
    doc.departments[0].projects.append(project)
    return doc


def test_excel_a_long_sheet_freezes_below_the_header_band_and_repeats_it(tmp_path):
    export_xlsx(_long_h_document(), tmp_path / "长.xlsx")
    ws = openpyxl.load_workbook(tmp_path / "长.xlsx").worksheets[1]
    top, bottom = (int(r) for r in ws.print_title_rows.replace("$", "").split(":"))
    assert top == bottom == table_start(ws) + 6
    assert [ws.cell(top, c).value for c in range(1, 5)] == ["一级指标", "二级指标", "三级指标", "绩效指标描述"]
    assert ws.freeze_panes == f"A{bottom + 1}"


def test_excel_a_short_sheet_is_not_frozen(excel):
    ws = openpyxl.load_workbook(excel["hebei-dingzhou-2020-xinfang"]).worksheets[1]
    assert ws.freeze_panes is None


def test_word_a_long_project_repeats_its_indicator_headings(tmp_path):
    export_docx(_long_h_document(), tmp_path / "长.docx")
    (tbls,) = pieces(body_of(tmp_path / "长.docx"))
    assert [len(t.findall(q("tr"))) for t in tbls] == [6, 61]
    assert _header_rows(tbls[1]) == [["一级指标", "二级指标", "三级指标", "绩效指标描述", "指标值", "指标值确定依据"]]
    (grid,) = grids(body_of(tmp_path / "长.docx"))
    assert len(grid.text) == 67 and grid.text[7][2] == "指标0"


# ---------------------------------------------------------------- the clerk's own numbering


def _numbered_document():
    doc = new_document("H", 2020, "202002", "定州市信访局")
    dept = doc.departments[0]
    dept.texts["overall_goal"] = "总体目标"
    dept.sub_goals = [SubGoal("（一）信访问题处理", "畅通信访渠道。", "")]
    dept.measures = [Measure("1、强化组织推动", "成立领导小组。"), Measure("一、完善制度建设", "完善制度。"),
                     Measure("规范财务管理", "严格审批程序。")]
    for name in ("1、残疾军困难补助", "2025年信访经费", "3.群众工作中心经费"):
        project = new_project(family("H"))
        project.code, project.name, project.budget = "P", name, Decimal("1")
        dept.projects.append(project)
    return doc


def test_a_clerks_own_numbering_is_not_doubled_in_word(tmp_path):
    export_docx(_numbered_document(), tmp_path / "编号.docx")
    paras = [(p.style.style_id, p.text) for p in docx.Document(str(tmp_path / "编号.docx")).paragraphs]
    texts = [t for _, t in paras]
    assert "（一）信访问题处理。畅通信访渠道。" in texts
    assert "1、强化组织推动。成立领导小组。" in texts
    assert ("Heading3", "一、完善制度建设") in paras and ("Heading3", "（三）规范财务管理") in paras
    titles = ["1、残疾军困难补助绩效目标表", "2、2025年信访经费绩效目标表", "3.群众工作中心经费绩效目标表"]
    assert [t for s, t in paras if s == "Heading2"][-3:] == titles
    assert [t.rsplit("\t", 1)[0] for s, t in paras if s == "TOC2" and t][-3:] == titles
    assert not any("（一）（一）" in t or "（一）1、" in t or "1、1、" in t or "（二）一、" in t for t in texts)


def test_a_clerks_own_numbering_is_not_doubled_in_excel(tmp_path):
    export_xlsx(_numbered_document(), tmp_path / "编号.xlsx")
    wb = openpyxl.load_workbook(tmp_path / "编号.xlsx")
    assert wb.sheetnames[1:] == ["1、残疾军困难补助", "2、2025年信访经费", "3.群众工作中心经费"]
    assert wb.worksheets[1]["A1"].value == "1、残疾军困难补助绩效目标表"
    values = [c.value for row in wb.worksheets[0].iter_rows() for c in row if c.value]
    assert "1、强化组织推动" in values and "（一）信访问题处理" in values and "一、完善制度建设" in values
    assert "畅通信访渠道。" in values                     # no 绩效目标： before a goal without 绩效指标


# ---------------------------------------------------------------- the seeds' wording


def _part_one(path: Path) -> list[str]:
    texts = [p.text for p in docx.Document(str(path)).paragraphs if not p.style.style_id.startswith("TOC")]
    start = texts.index("第一部分　部门整体绩效目标")
    return [t for t in texts[start:texts.index("第二部分　预算项目绩效目标")] if t]


def test_dingzhou_part_one_reads_as_its_seed(word):
    """定州 runs each title into its text (（一）信访问题处理。畅通…, 1、强化组织推动。成立…), no 绩效目标：."""
    seed = seed_text("hebei-dingzhou-2020-xinfang")
    part = _part_one(word["hebei-dingzhou-2020-xinfang"])
    assert [t for t in part if squeeze(t) not in seed] == []
    assert not any(t.startswith("绩效目标：") for t in part)
    assert any(t.startswith("1、强化组织推动。成立由局主要领导任组长") for t in part)
    assert any(t.startswith("（一）信访问题处理。畅通信访渠道") for t in part)


def test_luanping_keeps_its_labelled_goals_and_indicators(word):
    part = _part_one(word["hebei-luanping-2026-xinfang"])
    assert sum(t.startswith("绩效目标：") for t in part) == sum(t.startswith("绩效指标：") for t in part) == 5


def test_ezhou_goal_labels_keep_their_colons(word):
    seed = seed_text("hubei-ezhou-2024-xinfang")
    (grid,) = grids(body_of(word["hubei-ezhou-2024-xinfang"]))
    labels = [row[0] for row in grid.text]
    assert "长期目标：\n（截止　年）" in labels and "年度目标：" in labels
    assert squeeze("长期目标：\n（截止　年）") in seed and "年度目标：" in seed


def test_shifeng_summary_total_is_spelt_as_the_seed(word, excel):
    summary = grids(body_of(word["hunan-shifeng-2021-xinfang"]))[1]
    assert summary.text[1][1] == "合  计"
    assert "\t合  计\n" in (SEEDS / "hunan-shifeng-2021-xinfang.txt").read_text(encoding="utf-8")
    ws = openpyxl.load_workbook(excel["hunan-shifeng-2021-xinfang"])["专项资金预算绩效目标汇总表"]
    assert ws.cell(table_start(ws) + 1, 2).value == "合  计"


# ---------------------------------------------------------------- the Word page and parts


@pytest.mark.parametrize("stem", STEMS)
def test_word_page_grid_holds_28_characters_of_16_point_a_line(word, stem):
    """GB/T 9704: 28 characters of 三号 a line. Word's character pitch is the default font size plus
    charSpace/4096 pt; 28 of them fill the text width."""
    body = body_of(word[stem])
    styles = part(word[stem], "word/styles.xml")
    default = int(styles.find("w:docDefaults/w:rPrDefault/w:rPr/w:sz", NS).get(q("val"))) / 2
    assert default == 16
    width = None
    for sect in body.iter(q("sectPr")):
        grid = sect.find(q("docGrid"))
        assert grid.get(q("type")) == "linesAndChars"
        pitch = default + int(grid.get(q("charSpace"))) / 4096
        size, margins = sect.find(q("pgSz")), sect.find(q("pgMar"))
        if size.get(q("orient")) != "landscape":
            width = (int(size.get(q("w"))) - int(margins.get(q("left"))) - int(margins.get(q("right")))) / 20
            assert int(width / pitch) == 28 and width / pitch - 28 < 0.05
    # No written style snaps to the grid (LibreOffice gives a 16 pt character two cells of it);
    # running text is condensed so that 28 characters, and never 29, fill a line everywhere.
    for sid in ("TableText", "TableCaption", "Title", "Heading1", "BodyText", "Heading2", "Heading3"):
        style = styles.find(f"w:style[@w:styleId='{sid}']", NS)
        assert style.find("w:pPr/w:snapToGrid", NS).get(q("val")) == "0", sid
    for sid in ("BodyText", "Heading2", "Heading3") if width else ():       # a portrait page
        style = styles.find(f"w:style[@w:styleId='{sid}']", NS)
        advance = int(style.find("w:rPr/w:sz", NS).get(q("val"))) / 2 + int(
            style.find("w:rPr/w:spacing", NS).get(q("val"))) / 20
        assert 28 * advance <= width < 29 * advance, sid


@pytest.mark.parametrize("stem", STEMS)
def test_word_has_a_theme_part_and_never_asks_to_update_fields(word, stem):
    with zipfile.ZipFile(word[stem]) as z:
        names = z.namelist()
        assert "word/theme/theme1.xml" in names
        assert b"officedocument.theme+xml" in z.read("[Content_Types].xml")
        assert b'Target="theme/theme1.xml"' in z.read("word/_rels/document.xml.rels")
        assert b"updateFields" not in z.read("word/settings.xml")
        assert b"w:dirty" not in z.read("word/document.xml")


# ---------------------------------------------------------------- the Excel sheets


def test_excel_a_short_label_never_wraps_its_bracket_alone(excel):
    """附件3's 支出方向（子项） in a column narrower than the label put ） alone on a second line."""
    for name in ("附件3-信访岗位津贴", "附件3-社区（村）治安巡逻防控费"):
        ws = openpyxl.load_workbook(excel["hunan-shifeng-2021-xinfang"])[name]
        first = table_start(ws)
        assert ws.cell(first, 1).value == "支出方向（子项）"
        width = ws.column_dimensions[get_column_letter(1)].width
        assert width >= display_width("支出方向（子项）") * 1.05 + 0.5        # one line, as the test of fit reads it


@pytest.mark.parametrize("wanted, expected", [
    (["很" * 40, "很" * 40], ["很" * 30 + "…", "很" * 27 + "…(2)"]),
    # cut where the name reads best, marked with …: before a bracket the cut would leave open,
    # after a pause mark near the end
    (["2、冀财行【2019】50号 2020年解决特殊疑难信访问题中央补助资金"], ["2、冀财行【2019】50号 2020年解决特殊疑难信访问题…"]),
    (["附件3-社区（村）治安巡逻防控费（一期工程及其配套设施建设项目）"], ["附件3-社区（村）治安巡逻防控费…"]),
    (["信访工作保障经费、信访维稳经费、群众工作中心经费、其他经费支出项目"], ["信访工作保障经费、信访维稳经费、群众工作中心经费…"]),
    (["附件3-" + "甲" * 40, "附件3-" + "甲" * 40, "附件3-" + "甲" * 40],
     ["附件3-" + "甲" * 26 + "…", "附件3-" + "甲" * 23 + "…(2)", "附件3-" + "甲" * 23 + "…(3)"]),
])
def test_excel_sheet_names_cut_at_31_characters_are_marked_and_unique(wanted, expected):
    names = sheet_names(wanted)
    assert names == expected
    assert all(len(n.encode("utf-16-le")) // 2 <= 31 for n in names)


def test_excel_dingzhou_long_project_sheet_is_marked_as_cut(excel):
    names = openpyxl.load_workbook(excel["hebei-dingzhou-2020-xinfang"]).sheetnames
    assert names[2].startswith("2、冀财行【2019】50号") and names[2].endswith("…")


def test_shifeng_summary_keeps_its_own_goal_texts_and_each_sub_item_table_its_own(word, excel):
    """石峰's 附件2 words the second sub-item's goals differently from its 附件3 table: both kept."""
    seed = seed_text("hunan-shifeng-2021-xinfang")
    summary_text = "有效维护辖区稳定，化解社会矛盾、促进社会和谐发展。"
    item_text = "有效维护辖区稳定，化解社会矛盾，促进社会和谐稳定。"
    assert seed.index(summary_text) < seed.index(item_text)
    _, summary, first, second = grids(body_of(word["hunan-shifeng-2021-xinfang"]))
    assert summary.text[3][3:] == [summary_text, summary_text]
    assert summary.text[2][3] == summary.text[2][4] == first.text[2][1]      # the same text: typed once
    assert second.text[2][1] == second.text[3][1] == item_text
    wb = openpyxl.load_workbook(excel["hunan-shifeng-2021-xinfang"])
    values = [c.value for ws in wb.worksheets for row in ws.iter_rows() for c in row]
    assert values.count(summary_text) == 2 and values.count(item_text) == 2


@pytest.mark.parametrize("stem", STEMS)
def test_excel_measures_columns_in_the_table_font(excel, stem):
    """Column widths are counted in the digit width of the workbook's default font: it is the
    宋体 11 the widths and heights are estimated for (Calibri made a viewer without it substitute a
    wider face, widen every column by a quarter and leave 石峰's 部门职责概述 row a quarter empty)."""
    with zipfile.ZipFile(excel[stem]) as z:
        styles = z.read("xl/styles.xml").decode()
    first_font = styles[styles.index("<fonts"):].split("</font>")[0]
    assert '<name val="宋体"/>' in first_font and '<charset val="134"/>' in first_font


def test_excel_shifeng_duties_row_is_as_tall_as_its_text_at_the_merged_width(excel):
    ws = openpyxl.load_workbook(excel["hunan-shifeng-2021-xinfang"]).worksheets[0]
    row = next(r for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value == "部门职责概述")
    value = ws.cell(row, 2).value
    merged = next(m for m in ws.merged_cells.ranges if m.min_row == row and m.min_col == 2)
    width = sum(ws.column_dimensions[get_column_letter(c)].width for c in range(2, merged.max_col + 1))
    lines = sum(max(1, -(-display_width(line) * 1.05 // (width - 0.5))) for line in value.split("\n"))
    assert lines * 15 <= ws.row_dimensions[row].height <= lines * 15 + 4 + 0.01


# ---------------------------------------------------------------- the print member drives the frames


def test_titles_captions_columns_and_headings_come_from_the_family_file(tmp_path, monkeypatch):
    """A family file's print member, edited, changes the printed form with no code change."""
    import copy
    import dataclasses

    from desktop.export import blocks, docx_writer

    fam = family("H")
    printed = copy.deepcopy(fam.print)
    spec = next(b["table"] for b in printed["blocks"] if b.get("table", {}).get("each") == "project")
    spec["title"] = "{nf:name}项目支出绩效目标表"
    spec["sheet"] = "{f:name}"
    spec["captions"] = [{"left": "{dept:unit_name}", "right": "金额单位：{unit}"}]
    spec["columns"] = [10, 10, 10, 10, 10, 10, 40]
    next(b for b in printed["blocks"] if "heading" in b)["heading"] = "第一部分　整体目标"
    printed["word"]["contents_title"] = "目录"
    changed = dataclasses.replace(fam, print=printed)
    monkeypatch.setattr(blocks, "family", lambda _id: changed)
    monkeypatch.setattr(docx_writer, "family", lambda _id: changed)
    doc = _numbered_document()
    export_docx(doc, tmp_path / "改.docx")
    paras = [(p.style.style_id, p.text) for p in docx.Document(str(tmp_path / "改.docx")).paragraphs]
    assert ("Heading1", "第一部分　整体目标") in paras and ("TOCHeading", "目录") in paras
    assert ("Heading2", "2、2025年信访经费项目支出绩效目标表") in paras
    assert ("TableCaption", "定州市信访局\t金额单位：万元") in paras
    tbl = body_of(tmp_path / "改.docx").find(q("tbl"))
    cols = [int(c.get(q("w"))) for c in tbl.findall("w:tblGrid/w:gridCol", NS)]
    assert abs(cols[-1] - 4 * cols[0]) <= 4
    export_xlsx(doc, tmp_path / "改.xlsx")
    assert openpyxl.load_workbook(tmp_path / "改.xlsx").sheetnames[1:] == [
        "1、残疾军困难补助", "2025年信访经费", "3.群众工作中心经费"]
