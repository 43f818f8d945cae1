"""Family P, the national standard 项目支出绩效目标表 (issue 10 Proof 2), added as data only: it
loads, its two 安徽 seeds open as samples and are checked in their form's own labels, with the
template's ``**`` placeholders reported and ``本项目不适用此指标`` | ``无`` accepted (FORMS.md, family P).
The 2021 seed is of the form's 2021 edition, family P21 (项目支出绩效目标申报表, 主管部门, no
项目责任人/单位(盖章) line, notes under the table): a second family file, no code."""

from __future__ import annotations

import json

import jsonschema
import openpyxl
import pytest

from desktop import familycheck, projectfile
from desktop.export import export_docx, export_xlsx
from desktop.families import families, family, family_errors
from desktop.resources import resource
from desktop.rules import check, describe_location
from tests.test_export_docx import NS, body_of, cell_text, grids, paragraphs, q
from tests.test_export_xlsx import grid_of

JINAN = "anhui-jinan-2025-tiyu-xmzc"        # 六安市金安区体育局 2025, 项目支出绩效目标表
JINZHAI = "anhui-jinzhai-2021-wuye-xmzc"    # 金寨经济开发区 2021, 项目支出绩效目标申报表 (P21)
NOTES_2021 = ["注: 1.“其他资金”是指与财政拨款共同用于同一项目的单位自有资金、社会资金等。",
              "2.各单位可根据项目特点自行增加或减少二级指标,并细化"]      # cut short as the seed has it


def load(stem: str):
    return projectfile.load(resource("samples", f"{stem}.jxmb"))


def found(doc) -> list[tuple[str, str, str]]:
    return [(p.rule, describe_location(doc, p.location), p.message) for p in check(doc)]


# ---------------------------------------------------------------- the family file


def test_p_loads_with_no_error_and_satisfies_the_schema():
    path = resource("families", "P.json")
    raw = json.loads(path.read_text(encoding="utf-8"))
    assert familycheck.check(raw, path.name) == []
    jsonschema.validate(raw, json.loads(resource("schema", "family.schema.json").read_text(encoding="utf-8")))
    assert family_errors() == []
    fam = families()["P"]
    assert fam.document_title == "项目支出绩效目标表"
    assert [f.label for f in fam.project.fields] == [
        "项目责任人", "项目名称", "主管部门及代码", "实施单位", "项目来源", "项目期",
        "年度资金总额", "其中:财政拨款", "其他资金"]
    assert [c.label for c in fam.project.tables[0].fields] == ["一级指标", "二级指标", "三级指标", "指标值"]
    assert fam.checks.placeholders == ("**",)
    assert (fam.checks.not_applicable_level3, fam.checks.not_applicable_target) == (("本项目不适用此指标",), ("无",))


def test_p21_is_p_in_the_2021_wording_and_satisfies_the_schema():
    path = resource("families", "P21.json")
    raw = json.loads(path.read_text(encoding="utf-8"))
    assert familycheck.check(raw, path.name) == []
    jsonschema.validate(raw, json.loads(resource("schema", "family.schema.json").read_text(encoding="utf-8")))
    fam, p = families()["P21"], families()["P"]
    assert (fam.province, fam.document_title) == (p.province, "项目支出绩效目标申报表")
    assert [f.label for f in fam.project.fields] == [
        "项目名称", "主管部门", "实施单位", "年度资金总额", "其中:财政拨款", "其他资金"]
    assert [c.label for c in fam.project.tables[0].fields] == ["一级指标", "二级指标", "三级指标", "指标值"]
    assert fam.vocabulary["满意度指标"] == ("服务对象满意度指标",)
    assert {k: v for k, v in fam.vocabulary.items() if k != "满意度指标"} == {
        k: v for k, v in p.vocabulary.items() if k != "满意度指标"}
    assert fam.checks == p.checks


# ---------------------------------------------------------------- the two seeds


def test_both_seeds_open_as_p_documents_with_every_indicator_row():
    jinan, jinzhai = load(JINAN), load(JINZHAI)
    assert (jinan.family, jinan.year, jinzhai.family, jinzhai.year) == ("P", 2025, "P21", 2021)
    a, b = jinan.departments[0].projects[0], jinzhai.departments[0].projects[0]
    assert (a.values["name"], a.values["supervisor"], a.values["source"], a.values["period"]) == (
        "2025金安国际网球公开赛(国际系列赛事)", "[042]六安市金安区体育局", "本级申报项目", "3年")
    assert [str(a.values[k]) for k in ("budget", "fiscal", "other")] == ["1000.00", "1000.00", "0.00"]
    assert (str(b.values["budget"]), str(b.values["fiscal"]), b.values.get("other")) == ("1125", "1125", None)
    assert [(r["level2"], r["target"]) for r in a.lists["indicators"]] == [
        ("数量指标", "1种"), ("数量指标", "1种"), ("质量指标", "100%"), ("质量指标", "100%"),
        ("时效指标", "2025年年底前"), ("成本指标", "≤1000万元"), ("经济效益指标", "经济效益良好"),
        ("社会效益指标", "效果良好"), ("生态效益指标", "无"), ("可持续影响指标", "影响可持续"),
        ("满意度指标", "≥95%")]
    assert [r["target"] for r in b.lists["indicators"]] == [
        "8个", "房屋设备、设施的管理到位,环境卫生整洁,车辆停放有序", "2021年全年", "≤1125万元", "≥95%",
        "显著改善", "显著提高", "持续保障", "≥90%"]
    assert projectfile.loads(projectfile.dumps(jinan)) == jinan


def test_jinan_2025_checks_clean_with_its_not_applicable_row():
    doc = load(JINAN)
    row = doc.departments[0].projects[0].lists["indicators"][8]
    assert (row["level2"], row["level3"], row["target"]) == ("生态效益指标", "本项目不适用此指标", "无")
    assert found(doc) == []


def test_jinzhai_2021_placeholders_and_vague_targets_are_its_real_mistakes():
    where = "项目1「物业管理」 › 绩效指标第{}行 › {}"
    placeholder = "“三级指标”中有“**”：这是表样留给填写的位置，请换成实际的数值"
    assert found(load(JINZHAI)) == [
        ("placeholder", where.format(4, "三级指标"), placeholder),      # 项目总成本(≤**万元)
        ("placeholder", where.format(5, "三级指标"), placeholder),      # …遗留物业费(≥**%)。
        ("vague", where.format(6, "指标值"), "指标值“显著改善”表述模糊、无法衡量"),
        ("vague", where.format(7, "指标值"), "指标值“显著提高”表述模糊、无法衡量"),
        ("placeholder", where.format(9, "三级指标"), placeholder),      # 小区居民满意度(≥**%)
    ]


def test_a_not_applicable_row_is_not_asked_for_its_levels_but_a_real_indicator_is():
    doc = load(JINAN)
    rows = doc.departments[0].projects[0].lists["indicators"]
    rows[8]["level1"] = rows[8]["level2"] = ""
    assert found(doc) == []
    rows[8]["level3"] = "生态环境改善"
    assert [p[:2] for p in found(doc)] == [
        ("required", "项目1「2025金安国际网球公开赛(国际系列赛事)」 › 绩效指标第9行 › 一级指标"),
        ("required", "项目1「2025金安国际网球公开赛(国际系列赛事)」 › 绩效指标第9行 › 二级指标")]


def test_a_not_applicable_row_does_not_stand_for_the_kind_it_names():
    doc = load(JINAN)
    project = doc.departments[0].projects[0]
    project.lists["indicators"] = [r for r in project.lists["indicators"]
                                   if r["level1"] != "效益指标" or r["target"] == "无"]
    assert found(doc) == [("indicator-kinds", "项目1「2025金安国际网球公开赛(国际系列赛事)」 › 绩效指标",
                           "“绩效指标”缺少效益指标")]


def test_the_messages_use_p_s_labels():
    doc = load(JINZHAI)
    project = doc.departments[0].projects[0]
    project.values["fiscal"] = project.values["budget"] - 125
    project.values["implementer"] = ""
    project.values["supervisor"] = ""
    project.lists["indicators"][3]["target"] = "≤1200万元"
    got = [p for p in found(doc) if p[0] not in ("placeholder", "vague")]
    assert got == [
        ("required", "项目1「物业管理」 › 主管部门", "“主管部门”未填写"),
        ("required", "项目1「物业管理」 › 实施单位", "“实施单位”未填写"),
        ("budget-split", "项目1「物业管理」 › 年度资金总额", "年度资金总额1125不等于财政拨款与其他资金之和1000"),
        ("cost-over-budget", "项目1「物业管理」 › 绩效指标第4行 › 指标值", "成本指标“≤1200万元”超过项目预算1125万元"),
    ]
    assert family("P21").project.field("fiscal").label == "其中:财政拨款"
    doc = load(JINAN)
    doc.departments[0].projects[0].values["supervisor"] = ""
    assert ("required", "项目1「2025金安国际网球公开赛(国际系列赛事)」 › 主管部门及代码", "“主管部门及代码”未填写") in found(doc)



# ---------------------------------------------------------------- the printed form, Word and Excel
#
# The rows each seed shows, top to bottom, as (grid column, text, columns spanned, rows spanned) of
# the cells starting in the row; texts as the seed has them, its in-cell line breaks included
# (项目资金\n(万元), 年度\n目标, 绩\n效\n指\n标). 2025's 一级\n指标 is printed on one line as 2021
# has it (the column holds it), and 主管部门及代码 is broken before 及代码 so that Excel does not
# leave 码 alone on a line. 2021 (P21) prints 主管部门, 年度目标 and 绩效指标 on one line, as its seed.

_HEAD = [(1, "一级指标", 1, 1), (2, "二级指标", 1, 1), (3, "三级指标", 1, 1), (4, "指标值", 1, 1)]
LABELS = {2025: ("主管部门\n及代码", "年度\n目标", "绩\n效\n指\n标"), 2021: ("主管部门", "年度目标", "绩效指标")}


def _top(year, name, supervisor, implementer, source, budget, fiscal, other, goal):
    supervisor_label, goal_label, _ = LABELS[year]
    rows = [[(0, "项目名称", 1, 1), (1, name, 4, 1)],
            [(0, supervisor_label, 1, 1), (1, supervisor, 2, 1), (3, "实施单位", 1, 1), (4, implementer, 1, 1)]]
    if source:
        rows.append([(0, "项目来源", 1, 1), (1, source[0], 2, 1), (3, "项目期", 1, 1), (4, source[1], 1, 1)])
    return rows + [
        [(0, "项目资金\n(万元)", 1, 3), (1, "年度资金总额:", 2, 1), (3, budget, 2, 1)],
        [(1, "其中:财政拨款", 2, 1), (3, fiscal, 2, 1)],
        [(1, "其他资金", 2, 1), (3, other, 2, 1)],
        [(0, goal_label, 1, 1), (1, goal, 4, 1)]]


FORMS = {
    JINAN: (_top(2025, "2025金安国际网球公开赛(国际系列赛事)", "[042]六安市金安区体育局", "六安市金安区体育局",
                 ("本级申报项目", "3年"), "1000.00", "1000.00", "0.00",
                 "打造金安国际网球公开赛等一系列的品牌赛事,提升六安城市的知名度和美誉度。"), 12, [
        [(1, "产出指标", 1, 6), (2, "数量指标", 1, 2), (3, "开展运动种类", 1, 1), (4, "1种", 1, 1)],
        [(3, "打造品牌赛事种类", 1, 1), (4, "1种", 1, 1)],
        [(2, "质量指标", 1, 2), (3, "经费支出合规率", 1, 1), (4, "100%", 1, 1)],
        [(3, "赛事完成率", 1, 1), (4, "100%", 1, 1)],
        [(2, "时效指标", 1, 1), (3, "完成时间", 1, 1), (4, "2025年年底前", 1, 1)],
        [(2, "成本指标", 1, 1), (3, "项目总成本", 1, 1), (4, "≤1000万元", 1, 1)],
        [(1, "效益指标", 1, 4), (2, "经济效益指标", 1, 1),
         (3, "提升六安城市知名度和美誉度,推动体育消费、“网球+”产业深度融合", 1, 1), (4, "经济效益良好", 1, 1)],
        [(2, "社会效益指标", 1, 1), (3, "打造金安国际网球公开赛等系列品牌赛事,提升六安城市的知名度和美誉度。", 1, 1),
         (4, "效果良好", 1, 1)],
        [(2, "生态效益指标", 1, 1), (3, "本项目不适用此指标", 1, 1), (4, "无", 1, 1)],
        [(2, "可持续影响指标", 1, 1), (3, "打造金安国际网球\n公开赛等系列品牌赛事", 1, 1), (4, "影响可持续", 1, 1)],
        [(1, "满意度指标", 1, 1), (2, "满意度指标", 1, 1), (3, "群众满意度", 1, 1), (4, "≥95%", 1, 1)]]),
    JINZHAI: (_top(2021, "物业管理", "县财政局", "安徽金寨经济开发区管理委员会", None, "1125", "1125", "",
                   "目标1:维护辖区各安置小区安全巡逻、环境卫生及物业日常管理"), 10, [
        [(1, "产出指标", 1, 4), (2, "数量指标", 1, 1), (3, "指标1:安置小区物业费", 1, 1), (4, "8个", 1, 1)],
        [(2, "质量指标", 1, 1), (3, "指标1:完成开发区工委、管委下达的安置小区物业费清算任务,指导小区物业开展文明创建等工作。", 1, 1),
         (4, "房屋设备、设施的管理到位,环境卫生整洁,车辆停放有序", 1, 1)],
        [(2, "时效指标", 1, 1), (3, "指标1:按时保质完成开发区安置小区物业管理工作", 1, 1), (4, "2021年全年", 1, 1)],
        [(2, "成本指标", 1, 1), (3, "指标1:项目总成本(≤**万元)", 1, 1), (4, "≤1125万元", 1, 1)],
        [(1, "效益指标", 1, 4), (2, "经济效益指标", 1, 1), (3, "指标1:清算8个安置小区本年度物业费和历史的遗留物业费(≥**%)。", 1, 1),
         (4, "≥95%", 1, 1)],
        [(2, "社会效益指标", 1, 1), (3, "指标1:改善安置小区群众生活质量,提升安置小区生活水平。助力全县文明城市创建。", 1, 1),
         (4, "显著改善", 1, 1)],
        [(2, "生态效益指标", 1, 1), (3, "指标1:优化安置小区生活环境,提高居民生活质量,营造安全舒适的居住环境。", 1, 1),
         (4, "显著提高", 1, 1)],
        [(2, "可持续影响指标", 1, 1), (3, "指标1:持续提供人力物力保障,解决居民群众生产生活问题", 1, 1), (4, "持续保障", 1, 1)],
        [(1, "满意度指标", 1, 1), (2, "服务对象满意度指标", 1, 1), (3, "指标1:小区居民满意度(≥**%)", 1, 1), (4, "≥90%", 1, 1)]]),
}
YEARS = {JINAN: 2025, JINZHAI: 2021}
TITLES = {JINAN: "项目支出绩效目标表", JINZHAI: "项目支出绩效目标申报表"}
ABOVE = {JINAN: [["项目支出绩效目标表"], ["(2025年度)"], ["项目责任人:", "单位(盖章):"]],
         JINZHAI: [["项目支出绩效目标申报表"], ["(2021年度)"]]}
NOTES = {JINAN: [], JINZHAI: NOTES_2021}


def expected_rows(stem: str) -> list[list[tuple[int, str, int, int]]]:
    top, label_rows, indicators = FORMS[stem]
    head = [(0, LABELS[YEARS[stem]][2], 1, label_rows), *_HEAD]
    return [*top, head, *indicators]


@pytest.fixture(scope="module")
def exported(tmp_path_factory) -> dict[str, tuple]:
    folder = tmp_path_factory.mktemp("p")
    paths = {}
    for stem in FORMS:
        paths[stem] = (folder / f"{stem}.docx", folder / f"{stem}.xlsx")
        export_docx(load(stem), paths[stem][0])
        export_xlsx(load(stem), paths[stem][1])
    return paths


@pytest.mark.parametrize("stem", list(FORMS))
def test_word_prints_the_seed_s_title_lines_and_every_row_with_its_merges(exported, stem):
    word = exported[stem][0]
    lines = [("Title", TITLES[stem]), ("TableCaption", f"({YEARS[stem]}年度)")]
    if stem == JINAN:
        lines.append(("TableCaption", "项目责任人:\t单位(盖章):"))
    notes = [("TableCaption", note) for note in NOTES[stem]]
    assert [p for p in paragraphs(word) if p[1]] == lines + notes
    (grid,) = grids(body_of(word))
    assert grid.cells == expected_rows(stem)
    assert len(grid.text[0]) == 5


@pytest.mark.parametrize("stem", list(FORMS))
def test_word_repeats_the_indicator_heading_row_on_every_page(exported, stem):
    headers = [[cell_text(tc) for tc in tr.findall(q("tc"))]
               for tr in body_of(exported[stem][0]).iter(q("tr")) if tr.find("w:trPr/w:tblHeader", NS) is not None]
    assert headers == [[LABELS[YEARS[stem]][2], "一级指标", "二级指标", "三级指标", "指标值"]]


@pytest.mark.parametrize("stem", list(FORMS))
def test_excel_prints_the_same_form_on_one_portrait_sheet(exported, stem):
    (ws,) = openpyxl.load_workbook(exported[stem][1]).worksheets
    assert ws.title == "1、" + load(stem).departments[0].projects[0].values["name"]
    texts = [[ws.cell(r, c).value for c in range(1, 6) if ws.cell(r, c).value] for r in range(1, ws.max_row + 1)]
    rows = len(expected_rows(stem))
    assert texts[:len(ABOVE[stem])] == ABOVE[stem]
    assert texts[len(ABOVE[stem]) + rows:] == [[note] for note in NOTES[stem]]
    grid = grid_of(ws)
    assert grid.cells == expected_rows(stem)
    head = len(ABOVE[stem]) + len(FORMS[stem][0]) + 1
    assert ws.print_title_rows == f"${head}:${head}"
    assert ws.page_setup.orientation == "portrait"
