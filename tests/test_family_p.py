"""Family P, the national standard 项目支出绩效目标表 (issue 10 Proof 2), added as data only: it
loads, its two 安徽 seeds open as samples and are checked in P's own labels, with the template's
``**`` placeholders reported and ``本项目不适用此指标`` | ``无`` accepted (FORMS.md, family P)."""

from __future__ import annotations

import json

import jsonschema

from desktop import familycheck, projectfile
from desktop.families import families, family, family_errors
from desktop.resources import resource
from desktop.rules import check, describe_location

JINAN = "anhui-jinan-2025-tiyu-xmzc"        # 六安市金安区体育局 2025, 项目支出绩效目标表
JINZHAI = "anhui-jinzhai-2021-wuye-xmzc"    # 金寨经济开发区 2021, 项目支出绩效目标申报表


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


# ---------------------------------------------------------------- the two seeds


def test_both_seeds_open_as_p_documents_with_every_indicator_row():
    jinan, jinzhai = load(JINAN), load(JINZHAI)
    assert (jinan.family, jinan.year, jinzhai.family, jinzhai.year) == ("P", 2025, "P", 2021)
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
        ("vague", where.format(6, "指标值"), "指标值“显著改善”含“显著改善”，表述模糊、无法衡量"),
        ("vague", where.format(7, "指标值"), "指标值“显著提高”含“显著提高”，表述模糊、无法衡量"),
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
    project.lists["indicators"][3]["target"] = "≤1200万元"
    got = [p for p in found(doc) if p[0] not in ("placeholder", "vague")]
    assert got == [
        ("required", "项目1「物业管理」 › 实施单位", "“实施单位”未填写"),
        ("budget-split", "项目1「物业管理」 › 年度资金总额", "年度资金总额1125不等于财政拨款与其他资金之和1000"),
        ("cost-over-budget", "项目1「物业管理」 › 绩效指标第4行 › 指标值", "成本指标“≤1200万元”超过项目预算1125万元"),
    ]
    assert family("P").project.field("fiscal").label == "其中:财政拨款"
