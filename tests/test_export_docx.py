"""The Word export read back: python-docx for the text, the raw XML for merges, fonts, repeated
headers and the page; every sample against its seed."""

from __future__ import annotations

import os
import zipfile
from decimal import Decimal
from pathlib import Path

import docx
import pytest
from lxml import etree

from desktop import atomic
from desktop.blank import new_document, new_project
from desktop.cli import main
from desktop.export import default_export_name, export_docx
from desktop.export.names import safe_file_name
from desktop.families import family
from desktop.model import Indicator, Measure, SubGoal
from desktop.values import as_typed
from tests.exportcheck import SAMPLES, SEEDS, Grid, export_samples, in_seed_order, load, seed_text

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W}
STEMS = [p.stem for p in SAMPLES]


def q(name: str) -> str:
    return f"{{{W}}}{name}"


def part(path: Path, name: str) -> etree._Element:
    with zipfile.ZipFile(path) as z:
        return etree.fromstring(z.read(name))


def cell_text(tc: etree._Element) -> str:
    return "\n".join("".join(t.text or "" for t in p.iter(q("t"))) for p in tc.findall(q("p")))


def _grid_of(tbl: etree._Element) -> tuple[str, ...]:
    return tuple(c.get(q("w")) for c in tbl.findall("w:tblGrid/w:gridCol", NS))


def _is_seam(p: etree._Element) -> bool:
    """An empty paragraph exactly 1 pt high: the joint of a split table."""
    spacing = p.find("w:pPr/w:spacing", NS)
    return (p.tag == q("p") and not "".join(p.itertext()) and spacing is not None
            and spacing.get(q("line")) == "20" and spacing.get(q("lineRule")) == "exact")


def pieces(body: etree._Element) -> list[list[etree._Element]]:
    """The body's tables, each as the w:tbl pieces that read as one table: consecutive w:tbl with
    the same grid joined only by a hairline paragraph."""
    found: list[list[etree._Element]] = []
    children = list(body)
    for i, el in enumerate(children):
        if el.tag != q("tbl"):
            continue
        if (i >= 2 and found and children[i - 2] is found[-1][-1] and _is_seam(children[i - 1])
                and _grid_of(children[i - 2]) == _grid_of(el)):
            found[-1].append(el)
        else:
            found.append([el])
    return found


def grids(body: etree._Element) -> list[Grid]:
    """Every table of the body as a grid (split pieces joined), merges resolved from w:gridSpan and w:vMerge."""
    found = []
    for tbls in pieces(body):
        raw = []
        for tr in (tr for tbl in tbls for tr in tbl.findall(q("tr"))):
            row, col = [], 0
            for tc in tr.findall(q("tc")):
                span_el = tc.find("w:tcPr/w:gridSpan", NS)
                span = int(span_el.get(q("val"))) if span_el is not None else 1
                vmerge = tc.find("w:tcPr/w:vMerge", NS)
                state = None if vmerge is None else vmerge.get(q("val"), "continue")
                row.append((col, cell_text(tc), span, state))
                col += span
            raw.append(row)
        width = max(sum(s for _, _, s, _ in row) for row in raw)
        text = [[""] * width for _ in raw]
        cells: list[list[tuple[int, str, int, int]]] = [[] for _ in raw]
        for r, row in enumerate(raw):
            for col, value, span, state in row:
                if state == "continue":
                    value = text[r - 1][col]
                else:
                    rows = 1
                    if state == "restart":
                        while r + rows < len(raw) and any(
                                c == col and s == "continue" for c, _, _, s in raw[r + rows]):
                            rows += 1
                    cells[r].append((col, value, span, rows))
                for c in range(col, col + span):
                    text[r][c] = value
        found.append(Grid(cells, text))
    return found


@pytest.fixture(scope="module")
def exported(tmp_path_factory) -> dict[str, Path]:
    return export_samples(tmp_path_factory.mktemp("docx"), export_docx, ".docx")


def body_of(path: Path) -> etree._Element:
    return part(path, "word/document.xml").find(q("body"))


def paragraphs(path: Path) -> list[tuple[str, str]]:
    """(style id, text) of every body paragraph outside tables."""
    return [(p.style.style_id, p.text) for p in docx.Document(str(path)).paragraphs]


# ---------------------------------------------------------------- every sample


def test_the_seed_of_every_sample_is_inside_the_project_so_that_every_clone_compares_with_it():
    project = Path(__file__).resolve().parents[1]
    assert SEEDS.is_relative_to(project)
    assert [stem for stem in STEMS if not (SEEDS / f"{stem}.txt").is_file()] == []


@pytest.mark.parametrize("stem", STEMS)
def test_every_indicator_row_reads_back_in_the_seeds_order(exported, stem):
    first = 0 if load(stem).family == "H" else 1
    rows = [row for g in grids(body_of(exported[stem])) for row in g.indicator_rows(first)]
    doc = load(stem)
    assert len(rows) == doc.indicator_count()
    assert in_seed_order(rows, seed_text(stem)) == []


@pytest.mark.parametrize("stem", STEMS)
def test_every_run_names_its_east_asian_font_and_no_theme_font_anywhere(exported, stem):
    with zipfile.ZipFile(exported[stem]) as z:
        for name in ("word/document.xml", "word/styles.xml", "word/footer1.xml", "word/footer2.xml"):
            assert b"Theme" not in z.read(name), name
    body = body_of(exported[stem])
    runs = list(body.iter(q("r")))
    assert runs
    for run in runs:
        if run.find(q("t")) is None:
            continue
        fonts = run.find("w:rPr/w:rFonts", NS)
        assert fonts is not None and fonts.get(q("eastAsia")) in {"宋体", "仿宋_GB2312", "黑体", "楷体", "方正小标宋简体"}
        assert fonts.get(q("ascii")) == fonts.get(q("eastAsia"))
        assert run.find("w:rPr/w:color", NS).get(q("val")) == "000000"


@pytest.mark.parametrize("stem", STEMS)
def test_tables_use_song_and_rows_stay_whole(exported, stem):
    for tbl in body_of(exported[stem]).findall(q("tbl")):
        rows = tbl.findall(q("tr"))
        assert all(tr.find("w:trPr/w:cantSplit", NS) is not None for tr in rows)
        assert {f.get(q("eastAsia")) for f in tbl.iter(q("rFonts"))} == {"宋体"}
        assert tbl.find("w:tblPr/w:tblLayout", NS).get(q("type")) == "fixed"


@pytest.mark.parametrize("stem", STEMS)
def test_pages_are_a4_with_gbt_9704_margins_and_numbered(exported, stem):
    word = docx.Document(str(exported[stem]))
    for section in word.sections:
        width, height = sorted((section.page_width.mm, section.page_height.mm))
        assert (round(width), round(height)) == (210, 297)
        if section.page_width < section.page_height:
            margins = [round(m.mm) for m in (section.top_margin, section.bottom_margin,
                                             section.left_margin, section.right_margin)]
            assert margins == [37, 35, 28, 26]
    last = word.sections[-1]
    assert "PAGE" in "".join(last.footer.paragraphs[0]._p.xpath(".//w:instrText/text()"))
    assert "PAGE" in "".join(last.even_page_footer.paragraphs[0]._p.xpath(".//w:instrText/text()"))


# ---------------------------------------------------------------- family H


def _number(dept, i: int) -> str:
    """The number before the i-th project's title, in the department's style (滦平 writes 1.)."""
    return (dept.values.get("numbering") or "1、").replace("1", str(i), 1)


@pytest.mark.parametrize("stem", ["hebei-dingzhou-2020-xinfang", "hebei-luanping-2026-xinfang"])
def test_h_cover_contents_and_parts(exported, stem):
    doc = load(stem)
    dept = doc.departments[0]
    paras = paragraphs(exported[stem])
    texts = [t for _, t in paras]
    assert texts[0] == (dept.supervisor or dept.unit_name)
    assert texts[1] == f"{doc.year}年部门预算绩效文本"
    assert ("（草案）" in texts[:4]) == doc.draft
    headings = [(s, t) for s, t in paras if s.startswith("Heading")]
    projects = [f"{_number(dept, i)}{p.name}绩效目标表" for i, p in enumerate(dept.projects, 1)]
    assert [t for s, t in headings if s in ("Heading1", "Heading2")] == [
        "第一部分　部门整体绩效目标", "一、总体绩效目标", "二、分项绩效目标", "三、工作保障措施",
        "第二部分　预算项目绩效目标", *projects]
    assert [t for s, t in headings if s == "Heading3"] == [
        *(f"（{n}）{g.title}" for n, g in zip("一二三四五六七八九", dept.sub_goals) if g.indicators),
        *(f"（{n}）{m.title}" for n, m in zip("一二三四五六七八九", dept.measures) if not m.title[0].isdigit())]
    for n, goal in zip("一二三四五六七八九", dept.sub_goals):
        if goal.indicators:
            assert f"绩效目标：{goal.goal}" in texts and f"绩效指标：{goal.indicators}" in texts
        else:                                       # one text, run in after its title (定州)
            assert f"（{n}）{goal.title}。{goal.goal}" in texts
    assert dept.texts["overall_goal"].split("\n")[0] in texts


@pytest.mark.parametrize("stem", ["hebei-dingzhou-2020-xinfang", "hebei-luanping-2026-xinfang"])
def test_h_contents_is_a_toc_field_with_its_page_numbers_that_word_does_not_ask_to_update(exported, stem):
    body = body_of(exported[stem])
    instructions = "".join(body.xpath(".//w:instrText/text()", namespaces=NS))
    assert 'TOC \\o "1-2" \\h \\z \\u' in instructions
    assert body.xpath(".//w:fldChar[@w:dirty]", namespaces=NS) == []
    settings = part(exported[stem], "word/settings.xml")
    assert settings.find(q("updateFields")) is None
    entries = [(p.style.style_id, p.text) for p in docx.Document(str(exported[stem])).paragraphs
               if p.style.style_id in ("TOC1", "TOC2")]
    dept = load(stem).departments[0]
    assert [t.rsplit("\t", 1)[0] for _, t in entries if t] == [
        "第一部分　部门整体绩效目标", "一、总体绩效目标", "二、分项绩效目标", "三、工作保障措施",
        "第二部分　预算项目绩效目标", *(f"{_number(dept, i)}{p.name}绩效目标表" for i, p in enumerate(dept.projects, 1))]
    anchors = set(body.xpath(".//w:hyperlink/@w:anchor", namespaces=NS))
    assert anchors <= set(body.xpath(".//w:bookmarkStart/@w:name", namespaces=NS))


def test_h_sections_cover_and_contents_unnumbered_body_from_page_1(exported):
    word = docx.Document(str(exported["hebei-luanping-2026-xinfang"]))
    sections = word.sections
    assert len(sections) == 3
    refs = [s._sectPr.findall(q("footerReference")) for s in sections]
    assert [len(r) for r in refs] == [0, 0, 2]
    assert sections[2]._sectPr.find(q("pgNumType")).get(q("start")) == "1"


@pytest.mark.parametrize("stem", ["hebei-dingzhou-2020-xinfang", "hebei-luanping-2026-xinfang"])
def test_h_project_tables_match_the_form_and_the_document(exported, stem):
    doc = load(stem)
    dept = doc.departments[0]
    word = docx.Document(str(exported[stem]))
    captions = [p.text for p in word.paragraphs if p.style.style_id == "TableCaption"]
    assert captions == [f"{dept.unit_code} {dept.unit_name}\t单位：万元"] * len(dept.projects)
    tables = grids(body_of(exported[stem]))
    assert len(tables) == len(dept.projects)
    for grid, project in zip(tables, dept.projects, strict=True):
        t = grid.text
        amount = as_typed      # 25% in 滦平's plan prints as typed
        assert t[0] == ["项目编码", *[project.code] * 3, "项目名称", *[project.name] * 2]
        assert t[1] == ["预算规模及资金用途", "预算数", amount(project.budget), "其中：财政资金",
                        amount(project.fiscal), "其他资金", amount(project.other)]
        assert t[2] == ["预算规模及资金用途", *[project.use] * 6]
        assert t[3][0] == t[4][0] == "资金支出计划（%）"
        assert [c[1] for c in grid.cells[3]][1:] == [p.label for p in project.plan]
        assert [c[1] for c in grid.cells[4]] == [amount(p.percent) for p in project.plan]
        assert t[5] == ["绩效目标", *[project.goal] * 6]
        assert t[6] == ["一级指标", "二级指标", "三级指标", "绩效指标描述", "指标值", "指标值", "指标值确定依据"]
        assert [row for row in t[7:]] == [
            [i.level1, i.level2, i.level3, i.description, i.target, i.target, i.basis] for i in project.indicators]
        merges = grid.merges()
        assert (1, 0, 2, 1) in merges and (3, 0, 2, 1) in merges       # labels over two rows
        assert (2, 1, 1, 6) in merges and (5, 1, 1, 6) in merges       # 资金用途 and 绩效目标 span the row
        level1 = {(r, rows) for r, c, rows, span in merges if c == 0 and r >= 7}
        assert level1 == set(_runs([i.level1 for i in project.indicators], 7))


def _runs(values: list[str], offset: int) -> list[tuple[int, int]]:
    """(first row, length) of each run of two or more equal values."""
    found, start = [], 0
    for i in range(1, len(values) + 1):
        if i == len(values) or values[i] != values[start]:
            if i - start > 1:
                found.append((offset + start, i - start))
            start = i
    return found


def test_h_seed_values_dingzhou(exported):
    first = grids(body_of(exported["hebei-dingzhou-2020-xinfang"]))[0].text
    assert first[0][1] == "202-0204-JBN-HZ7M" and first[1][2] == "0.54" and first[1][4] == "0.54"
    assert [first[3][c] for c in (1, 3, 4, 6)] == ["3月底", "6月底", "10月底", "12月底"]
    assert [first[4][c] for c in (1, 3, 4, 6)] == ["25.00", "50.00", "75.00", "100.00"]
    assert first[5][1] == "1、保障残疾军日常生活\n2、残疾军人员生活补助及时发放到位"
    assert first[7] == ["产出指标", "时效指标", "资金到位情况", "及时申报资金", "≥90", "≥90", "申报资金占总资金的比例"]
    assert first[8][0] == "产出指标" and first[8][1] == "质量指标"


def test_h_seed_values_luanping(exported):
    tables = grids(body_of(exported["hebei-luanping-2026-xinfang"]))
    first = tables[0].text
    assert first[0][1] == "13082426P000327100327" and first[1][2] == "80.00"
    assert [c[1] for c in tables[0].cells[3][1:]] == ["3月底", "6月底", "10月底"]
    assert [c[1] for c in tables[0].cells[4]] == ["25%", "50%", "75%"]       # as the seed prints them
    assert [c[1] for c in tables[1].cells[4]] == ["25%", "50%", "100%"]
    assert (7, 0, 4, 1) in tables[0].merges()      # 产出指标 over its four rows


# ---------------------------------------------------------------- families N and B


def test_n_department_table_summary_and_sub_item_tables(exported):
    path = exported["hunan-shifeng-2021-xinfang"]
    texts = [t for _, t in paragraphs(path)]
    assert texts[:2] == ["2021年部门整体支出绩效目标表", "填报单位：石峰区信访局"]
    assert "附件2" in texts and texts.index("附件2") < texts.index("2021年专项资金预算绩效目标汇总表")
    assert texts.count("附件3") == 1 and texts.count("2021年专项资金支出方向绩效目标表") == 2
    assert texts.count("项目主管部门：石峰区信访局\t金额单位：万元") == 3
    dept, summary, first, second = grids(body_of(path))
    t = dept.text
    assert t[0] == ["部门名称", *["信访局本级"] * 5]
    assert t[1][0] == "年度预算申请\n（万元）" and t[1][1] == "资金总额：173.4271万元"
    assert [c[1] for c in dept.cells[2]] == ["按收入性质分", "按支出性质分"]
    assert [c[1] for c in dept.cells[3]] == ["其中：一般公共预算拨款", "173.4271万元", "其中：基本支出", "134.8291万元"]
    assert [c[1] for c in dept.cells[4]] == ["政府性基金拨款", "0", "项目支出", "38.598万元"]
    assert [c[1] for c in dept.cells[5]] == ["其他资金", "0", "", ""]
    assert (1, 0, 5, 1) in dept.merges()
    assert t[6][0] == "部门职责概述" and t[6][1].startswith("（一）负责处理人民群众")
    assert [c[1] for c in dept.cells[7]] == ["年度重点工作计划", "事项", "责任单位/科室", "工作目标"]
    assert [c[1] for c in dept.cells[8]][:2] == ["强化责任担当", "区信访局"]
    assert [r[1] for r in summary.text] == ["支出方向（子项）", "合  计", "信访岗位津贴", "社区（村）治安巡逻防控费"]
    assert [r[0] for r in summary.text] == ["序号", "", "一", "二"]
    assert [r[2] for r in summary.text] == ["金额", "38.598", "1.878", "36.72"]
    for grid, name, amount in ((first, "信访岗位津贴", "1.878"), (second, "社区（村）治安巡逻防控费", "36.72")):
        assert grid.text[0] == ["支出方向（子项）", name, name, "所属专项", name, name]
        assert grid.text[1] == ["项目金额", amount, amount, "项目实施期", "1年", "1年"]
        assert grid.text[4][:3] == ["年度绩效指标", "一级指标", "二级指标"]
        assert (4, 0, 10, 1) in grid.merges()                       # the label beside 1 + 9 rows
        assert (5, 1, 4, 1) in grid.merges() and (9, 1, 5, 1) in grid.merges()   # 产出 / 效益


def test_b_is_one_landscape_table_with_money_and_two_prior_years(exported):
    path = exported["hubei-ezhou-2024-xinfang"]
    word = docx.Document(str(path))
    assert [s.orientation for s in word.sections] == [1]              # WD_ORIENT.LANDSCAPE
    texts = [t for _, t in paragraphs(path)]
    assert texts[:2] == ["部门整体绩效目标表", "单位：万元"]
    (grid,) = grids(body_of(path))
    t = grid.text
    assert t[0] == ["部门（单位）名称", *["鄂州市信访局"] * 8]
    assert [c[1] for c in grid.cells[1]] == ["填报人", "罗意", "联系电话", "02760830727"]
    assert [c[1] for c in grid.cells[2]] == ["部门总体资金情况", "总体资金情况", "当年金额", "占比", "近两年收支金额"]
    assert [c[1] for c in grid.cells[3]] == ["2022年", "2023年"]
    assert [c[1] for c in grid.cells[4]] == ["收入构成", "财政拨款", "593.27", "100%", "589.23", "652.23"]
    assert [c[1] for c in grid.cells[8]] == ["支出构成", "人员类项目支出", "389.89", "65.72%", "466.25", "435.23"]
    assert [c[1] for c in grid.cells[11]] == ["合计", "593.27", "100%", "591.47", "658.57"]
    assert {(2, 0, 10, 1), (4, 1, 4, 1), (8, 1, 4, 1)} <= grid.merges()
    labels = [row[0] for row in t]
    assert labels.index("部门职能概述") < labels.index("年度工作任务") < labels.index("长期目标：\n（截止　年）")
    assert labels.index("长期绩效指标") < labels.index("年度目标：") < labels.index("年度绩效指标")
    annual = labels.index("年度绩效指标")
    assert t[annual][1:] == ["一级指标", "二级指标", "三级指标", "近两年指标值", "近两年指标值",
                             "预期当年实现值", "指标值确定依据", "指标分类"]
    assert t[annual + 1][4:6] == ["2022年", "2023年"]
    assert t[annual + 2][1:] == ["运行成本", "公用经费控制", "公用经费控制率", "100%", "100%", "≤100%",
                                 "预算支出标准", "绩效基本型"]


# ---------------------------------------------------------------- failures and awkward text


def _h_document():
    doc = new_document("H", 2026, "154001", "滦平县信访局本级")
    dept = doc.departments[0]
    dept.texts["overall_goal"] = "总体\x0b目标\x01"
    dept.sub_goals = [SubGoal("标题\x07", "目标\x0c内容", "")]
    dept.measures = [Measure("措施\x1f", "内容\ud800")]
    project = new_project(family("H"))
    project.code, project.name, project.budget = "P1", "项目\x00名称", Decimal("1.50")
    project.indicators = [Indicator("产出指标", "数量指标", "名称\x1b", "描述\x08", "=100%", "依据\x7f")]
    dept.projects.append(project)
    return doc


def test_control_characters_pasted_from_word_never_break_the_file(tmp_path):
    path = tmp_path / "控制字符.docx"
    export_docx(_h_document(), path)
    texts = [t for _, t in paragraphs(path)]
    assert "总体" in texts and "目标" in texts
    (grid,) = grids(body_of(path))
    assert grid.text[0][5] == "项目名称"
    assert grid.text[7][:5] == ["产出指标", "数量指标", "名称", "描述", "=100%"]


# ---------------------------------------------------------------- names


@pytest.mark.parametrize("stem, name", [
    ("hebei-dingzhou-2020-xinfang", "定州市信访局2020年部门预算绩效文本.docx"),
    ("hebei-luanping-2026-xinfang", "滦平县信访局2026年部门预算绩效文本（草案）.docx"),
    ("hunan-shifeng-2021-xinfang", "石峰区信访局2021年部门整体支出绩效目标表.docx"),
    ("hubei-ezhou-2024-xinfang", "鄂州市信访局2024年部门整体绩效目标表.docx"),
])
def test_default_export_name_is_unit_year_and_form(stem, name):
    assert default_export_name(load(stem), ".docx") == name


@pytest.mark.parametrize("stem, safe", [
    ('a\\b/c:d*e?f"g<h>i|j', "a_b_c_d_e_f_g_h_i_j.docx"),
    ("名称. . ", "名称.docx"),
    ("CON", "_CON.docx"),
    ("com1.备份", "_com1.备份.docx"),
    ("LPT9", "_LPT9.docx"),
    ("", "预算绩效目标.docx"),
    ("...", "预算绩效目标.docx"),
    ("tab\there\x01", "tab_here.docx"),
])
def test_file_names_are_safe_for_windows(stem, safe):
    assert safe_file_name(stem, ".docx") == safe


def test_long_names_are_shortened():
    assert len(safe_file_name("长" * 300, ".xlsx")) <= 130


# ---------------------------------------------------------------- command line


def test_cli_exports_both_files_and_warns_about_errors(tmp_path, capsys):
    source = next(p for p in SAMPLES if "dingzhou" in p.stem)     # a sample with errors
    out_docx, out_xlsx = tmp_path / "a.docx", tmp_path / "a.xlsx"
    assert main(["export", str(source), "--docx", str(out_docx), "--xlsx", str(out_xlsx)]) == 0
    out, err = capsys.readouterr()
    assert out.splitlines() == [f"已导出 Word 文件：{out_docx}", f"已导出 Excel 文件：{out_xlsx}"]
    assert "个错误" in err and "仍按原样导出" in err
    assert zipfile.is_zipfile(out_docx) and zipfile.is_zipfile(out_xlsx)


def test_cli_export_exits_2_on_a_locked_target(tmp_path, capsys, monkeypatch):
    def locked(*args):
        raise PermissionError(13, "in use")

    pauses: list[float] = []
    monkeypatch.setattr(os, "replace", locked)
    monkeypatch.setattr(atomic, "_pause", pauses.append)       # retried as for Word, without real waiting
    assert main(["export", str(SAMPLES[1]), "--docx", str(tmp_path / "a.docx")]) == 2
    assert len(pauses) == atomic.REPLACE_TRIES - 1
    err = capsys.readouterr().err
    assert "无法导出“a.docx”" in err and "Traceback" not in err


def test_cli_export_needs_an_output(capsys):
    assert main(["export", str(SAMPLES[1])]) == 2
    assert "--docx" in capsys.readouterr().err


def test_a_text_over_ten_megabytes_is_exported_whole(tmp_path):
    """libxml2 refuses a text node over 10 MB ("Text node too long", an English traceback); Word
    holds it, so it is written whole."""
    doc = new_document("H", 2026, "154001", "滦平县信访局本级")
    project = new_project(family("H"))
    project.name = "信访工作保障经费"
    project.use = "用于驻京维稳支出。" * 400_000                     # 3.6 million characters, 10.8 MB
    doc.departments[0].projects.append(project)
    export_docx(doc, tmp_path / "长.docx")
    with zipfile.ZipFile(tmp_path / "长.docx") as z:
        body = etree.fromstring(z.read("word/document.xml"), etree.XMLParser(huge_tree=True))
    assert project.use in {t.text for t in body.iter(q("t"))}


def test_empty_list_rows_are_left_out_not_printed_as_bare_numbers(tmp_path):
    """An empty 分项绩效目标 or 工作保障措施 row (the checker warns of it) printed as a bare （一）
    heading; the rows with content keep their order and are numbered without the gap."""
    doc = new_document("H", 2026, "154001", "滦平县信访局本级")
    dept = doc.departments[0]
    dept.sub_goals = [SubGoal("", "", ""), SubGoal("信访问题处理", "畅通信访渠道", "办结率")]
    dept.measures = [Measure("  ", ""), Measure("强化组织", "成立领导小组")]
    path = tmp_path / "空行.docx"
    export_docx(doc, path)
    texts = [t for _, t in paragraphs(path)]
    assert "（一）" not in texts and "（二）" not in texts
    assert "（一）信访问题处理" in texts and "（一）强化组织" in texts
