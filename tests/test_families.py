"""Family files: every bundled family validates (JSON Schema and load-time checks), and a broken
family file gives a Chinese message naming the file and the key, never an exception."""

import copy
import json
from pathlib import Path

import jsonschema
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from desktop import families as families_module
from desktop.families import families, family, family_errors
from desktop.familycheck import check
from desktop.resources import resource

FAMILY_FILES = sorted(resource("families").glob("*.json"))
SCHEMA = json.loads(resource("schema", "family.schema.json").read_text(encoding="utf-8"))
VALIDATOR = jsonschema.Draft202012Validator(SCHEMA)


def raw(family_id: str) -> dict:
    return json.loads(resource("families", f"{family_id}.json").read_text(encoding="utf-8"))


def schema_accepts(data) -> bool:
    return not list(VALIDATOR.iter_errors(data))


@pytest.fixture
def family_folder(tmp_path, monkeypatch):
    """Families read from a temporary folder only; the cache is dropped before and after."""
    monkeypatch.setattr(families_module, "folders", lambda: [tmp_path])
    families_module.reload()
    yield tmp_path
    monkeypatch.undo()
    families_module.reload()


def test_schema_is_a_valid_2020_12_schema():
    jsonschema.Draft202012Validator.check_schema(SCHEMA)


@pytest.mark.parametrize("path", FAMILY_FILES, ids=lambda p: p.name)
def test_every_bundled_family_validates_against_the_schema_and_the_load_checks(path):
    data = json.loads(path.read_text(encoding="utf-8"))
    assert list(VALIDATOR.iter_errors(data)) == []
    assert check(data, path.name) == []


def test_every_bundled_family_loads_and_none_is_left_out():
    assert family_errors() == []
    assert set(families()) == {json.loads(p.read_text(encoding="utf-8"))["id"] for p in FAMILY_FILES}


def test_the_first_formats_attributes_are_derived_from_the_new_description():
    b, n, h = family("B"), family("N"), family("H")
    annual = b.department_table("annual")
    assert [(c.key, c.label) for c in annual.columns] == [
        ("level1", "一级指标"), ("level2", "二级指标"), ("level3", "三级指标"), ("prior", "近两年指标值"),
        ("target", "预期当年实现值"), ("basis", "指标值确定依据"), ("category", "指标分类")]
    assert [c.key for c in annual.history] == ["prior0", "prior1"]
    assert [(s.key, s.kind) for s in b.sections] == [
        ("money", "money"), ("functions", "text"), ("annual_tasks", "text"), ("long_term_until", "line"),
        ("long_term_goal", "text"), ("long_term", "table"), ("annual_goal", "text"), ("annual", "table")]
    assert b.money is not None and b.money.label("expense_total") == "合计" and b.money.prior_years == 2
    assert b.money_line_label("expense_total") == "支出构成 › 合计"
    assert [s.kind for s in n.sections] == ["money", "text", "work_plan", "table"]
    assert n.special_fund_label == "专项资金预算绩效目标汇总表"
    assert [f.key for f in n.department_fields] == ["unit_code", "unit_name", "supervisor"]
    assert n.money is not None and n.money.project_spending == "project"
    assert [(f.key, f.kind) for f in h.project_fields] == [
        ("code", "line"), ("name", "line"), ("budget", "amount"), ("fiscal", "amount"), ("other", "amount"),
        ("use", "text"), ("goal", "text")]
    assert h.checkpoints == ("3月底", "6月底", "10月底", "12月底")
    assert h.cost_level2 == {"成本指标"} and h.projects_required and not n.projects_required
    assert h.vocabulary["满意度指标"] == ("服务对象满意度指标",)
    assert h.project is not None and h.project.by_role("other_funds").key == "other"
    assert h.print["blocks"][0]["only"] == "word"


# ---------------------------------------------------------------- broken families


def _project_indicators(data: dict) -> dict:
    return next(s for s in data["project"]["sections"] if s["kind"] == "indicators")


def _h_project_table_rows(data: dict) -> list:
    return data["print"]["blocks"][6]["table"]["rows"]


def missing_group_member(d):
    d["department"]["sections"][0]["groups"][0]["members"].append("grants")


def unprinted_field(d):
    d["project"]["fields"].append({"key": "leader", "label": "项目负责人"})


def two_more_columns(d):
    _project_indicators(d)["columns"][4:4] = [
        {"key": "direction", "label": "指标方向性", "role": "direction"},
        {"key": "weight", "label": "权重", "type": "number"}]


def two_more_columns_typed(d):
    _project_indicators(d)["columns"][4:4] = [
        {"key": "direction", "label": "指标方向性", "role": "direction"},
        {"key": "weight", "label": "权重", "type": "integer", "role": "weight"}]


def unknown_placeholder(d):
    d["print"]["blocks"][6]["table"]["title"] = "{nf:name}绩效目标表（{month}月）"


def bad_role(d):
    d["project"]["fields"][0]["role"] = "boss"


def duplicate_key(d):
    d["project"]["fields"].append({"key": "name", "label": "项目简称"})


def duplicate_role(d):
    d["project"]["fields"][4]["role"] = "budget"


def missing_top_key(d):
    del d["document_title"]


def bad_type(d):
    d["project"]["fields"][2]["type"] = "money"


def unknown_vocabulary(d):
    _project_indicators(d)["vocabulary"] = "national"


def required_kind_outside_vocabulary(d):
    _project_indicators(d)["required_kinds"][0]["level1"] = ["成果指标"]


def target_and_split_number(d):
    _project_indicators(d)["columns"].append({"key": "number", "label": "数值", "role": "number"})


def duplicate_history_offset(d):
    d["department"]["sections"][7]["columns"][4]["offset"] = -2


def unknown_printed_field(d):
    _h_project_table_rows(d)[0]["cells"][1]["field"] = "serial_code"


def span_past_the_table(d):
    _h_project_table_rows(d)[4]["cells"][0]["rows"] = 2


def unbalanced_braces(d):
    d["print"]["blocks"][6]["table"]["sheet"] = "{nf:name"


def misspelt_key(d):
    d["project"]["fields"][0]["requird"] = True


def choice_without_choices(d):
    d["project"]["fields"][0]["type"] = "choice"


BROKEN = [
    # (family, change, path in the message, words in the message, schema also refuses)
    ("B", missing_group_member, "department.sections[0].groups[0].members[3]", "“grants”不是资金表中的行", False),
    ("H", unprinted_field, "project.fields[6]", "“项目负责人”在 Word 和 Excel 中没有打印", False),
    ("H", two_more_columns_typed, "print.blocks[6].table.rows[5]", "占 9 列，而表格共 7 列", False),
    ("H", two_more_columns, "project.sections[2].columns[5].type", "“number”不是可用的取值", True),
    ("H", unknown_placeholder, "print.blocks[6].table.title", "“{month}”不是可用的占位符", False),
    ("H", bad_role, "project.fields[0].role", "“boss”不是可用的取值", True),
    ("H", duplicate_key, "project.fields[6].key", "键名“name”与 project.fields[1] 重复", False),
    ("H", duplicate_role, "project.fields[4].role", "角色“budget”已由 project.fields[2] 担任", False),
    ("H", missing_top_key, "文件顶层", "缺少“document_title”", True),
    ("H", bad_type, "project.fields[2].type", "“money”不是可用的取值", True),
    ("H", unknown_vocabulary, "project.sections[2].vocabulary", "没有名为“national”的词表", False),
    ("H", required_kind_outside_vocabulary, "project.sections[2].required_kinds[0].level1",
     "一级指标“成果指标”不在词表“default”中", False),
    ("H", target_and_split_number, "project.sections[2].columns", "不能两者都有", False),
    ("B", duplicate_history_offset, "department.sections[7].columns[4].offset", "往年 -2 已由第 4 列填写", False),
    ("H", unknown_printed_field, "print.blocks[6].table.rows[0].cells[1].field", "“serial_code”不是项目中定义的项", False),
    ("H", span_past_the_table, "print.blocks[6].table.rows[5]", "跨行", False),
    ("H", unbalanced_braces, "print.blocks[6].table.sheet", "花括号不配对", False),
    ("H", misspelt_key, "project.fields[0].requird", "不认识这一项", True),
    ("H", choice_without_choices, "project.fields[0]", "需要“choices”或“vocabulary”", True),
]


@pytest.mark.parametrize("family_id, change, path, words, schema_refuses", BROKEN,
                         ids=[case[1].__name__ for case in BROKEN])
def test_a_broken_family_gives_a_chinese_message_naming_the_file_and_the_key(
        family_id, change, path, words, schema_refuses):
    data = copy.deepcopy(raw(family_id))
    change(data)
    problems = check(data, f"{family_id}.json")
    expected = f"表式文件“{family_id}.json”中 {path}："
    assert any(p.startswith(expected) and words in p for p in problems), problems
    if schema_refuses:
        assert not schema_accepts(data)


def test_the_schema_refuses_what_the_structure_check_refuses_on_every_structural_case():
    for family_id, change, *_, schema_refuses in BROKEN:
        if schema_refuses:
            data = copy.deepcopy(raw(family_id))
            change(data)
            assert not schema_accepts(data), change.__name__


def test_a_broken_file_is_left_out_with_its_message_and_the_others_still_load(family_folder):
    (family_folder / "H.json").write_text(json.dumps(raw("H"), ensure_ascii=False), encoding="utf-8")
    broken = raw("H")
    broken["id"] = "X"
    two_more_columns_typed(broken)
    (family_folder / "X.json").write_text(json.dumps(broken, ensure_ascii=False), encoding="utf-8")
    (family_folder / "Y.json").write_text('{"format": "jxmb-family",', encoding="utf-8")
    (family_folder / "Z.json").write_bytes("{}".encode("utf-16"))
    twin = raw("H")
    (family_folder / "H2.json").write_text(json.dumps(twin, ensure_ascii=False), encoding="utf-8")
    assert list(families()) == ["H"]
    errors = family_errors()
    assert any(e.startswith("表式文件“X.json”中 print.blocks[6].table.rows[5]：") for e in errors), errors
    assert any(e.startswith("表式文件“Y.json”第 1 行") for e in errors), errors
    assert any(e.startswith("表式文件“Z.json”不是 UTF-8") for e in errors), errors
    assert any(e.startswith("表式文件“H2.json”中 id：表式“H”已由“H.json”定义") for e in errors), errors


def test_a_copy_of_a_family_under_a_new_id_in_another_folder_loads(family_folder, monkeypatch):
    monkeypatch.setattr(families_module, "folders", lambda: [resource("families"), family_folder])
    families_module.reload()
    copied = raw("B")
    copied["id"] = "Q"
    (family_folder / "Q.json").write_text(json.dumps(copied, ensure_ascii=False), encoding="utf-8")
    assert family_errors() == []
    assert family("Q").department_table("annual").columns == family("B").department_table("annual").columns


_json = st.recursive(
    st.none() | st.booleans() | st.integers(-3, 12) | st.sampled_from(["", "x", "{year}", "{bad", "level1", "money"]),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(
        st.sampled_from(["key", "label", "kind", "columns", "rows", "cells", "span", "fields", "sections", "print",
                         "blocks", "table", "money", "field", "type", "role", "lines", "groups", "members"]),
        inner, max_size=5),
    max_leaves=25)


@settings(max_examples=150, deadline=None)
@given(_json)
def test_the_check_never_raises_on_any_json_value(value):
    problems = check(value, "F.json")
    assert problems and all(p.startswith("表式文件“F.json”中 ") for p in problems)


def _paths(value, path=()):
    yield path
    if isinstance(value, dict):
        for k, v in value.items():
            yield from _paths(v, (*path, k))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from _paths(v, (*path, i))


_H_PATHS = [p for p in _paths(raw("H")) if p]
_B_PATHS = [p for p in _paths(raw("B")) if p]


@settings(max_examples=200, deadline=None)
@given(st.sampled_from(["H", "B"]), st.data(),
       st.sampled_from([None, 0, -1, "", "zz", [], {}, True, "{f:nothing}"]))
def test_replacing_or_deleting_any_one_value_of_a_family_never_raises(family_id, data, replacement):
    document = raw(family_id)
    path = data.draw(st.sampled_from(_H_PATHS if family_id == "H" else _B_PATHS))
    parent = document
    for step in path[:-1]:
        parent = parent[step]
    if replacement is None and isinstance(parent, dict):
        del parent[path[-1]]
    else:
        parent[path[-1]] = replacement
    problems = check(document, f"{family_id}.json")    # may be [] (e.g. a label replaced by another word)
    assert all(isinstance(p, str) and p.startswith(f"表式文件“{family_id}.json”") for p in problems)
    if not problems:
        families_module.parse_family(document, f"{family_id}.json")


def test_the_message_reads_in_chinese_with_the_key_named():
    data = raw("H")
    unprinted_field(data)
    [problem] = check(data, "H.json")
    assert problem == ("表式文件“H.json”中 project.fields[6]：“项目负责人”在 Word 和 Excel 中没有打印："
                       "请在 print 中打印它，或标上 \"print\": false（只在编辑器中填写）")
    data["project"]["fields"][6]["print"] = False
    assert check(data, "H.json") == []


def test_the_smallest_complete_example_of_the_format_page_loads():
    page = resource("families", "README.md").read_text(encoding="utf-8")
    example = json.loads(page.split("```json\n", 1)[1].split("```", 1)[0])
    assert schema_accepts(example)
    assert check(example, "S.json") == []
    parsed = families_module.parse_family(example, "S.json")
    assert parsed.project is not None and [c.key for c in parsed.project_table.fields] == [
        "level1", "level2", "level3", "target"]


TEST_FAMILY = Path(__file__).parent / "data" / "families" / "T.json"


def test_the_test_family_with_the_variations_of_other_provinces_loads(family_folder):
    """T (Proof 3 of issue 10): 成本指标 as a 一级, split target, 权重 to 100, 指标方向性, 指标解释,
    评（扣）分标准, money in 元 with one prior year, three prior years of indicator values, a cost
    table with its 合计, 实施期 + 年度 tables, footer fields."""
    data = json.loads(TEST_FAMILY.read_text(encoding="utf-8"))
    assert schema_accepts(data) and check(data, "T.json") == []
    (family_folder / "T.json").write_text(TEST_FAMILY.read_text(encoding="utf-8"), encoding="utf-8")
    assert family_errors() == []
    t = family("T")
    annual = t.project.section("annual").table
    assert annual.by_role("level2") is None and annual.by_role("number").label == "指标值"
    assert [c.offset for c in annual.history] == [-3, -2, -1]
    assert annual.weights == {"total": 100} and annual.cost_level1 == {"成本指标"}
    assert t.money_unit == "元" and t.money.prior_years == 1
    assert t.project.section("cost").total == {"label": "合计", "columns": ["amount", "prior0", "prior1"]}
    assert [s.kind for s in t.project.sections].count("indicators") == 2


def test_the_test_family_with_one_column_too_wide_names_the_row():
    data = json.loads(TEST_FAMILY.read_text(encoding="utf-8"))
    data["print"]["blocks"][1]["table"]["rows"][3]["spans"]["level3"] = 4
    problems = check(data, "T.json")
    assert any(p.startswith("表式文件“T.json”中 print.blocks[1].table.rows[3]：指标表“实施期绩效指标”的 6 列") and
               "占 12 列，而表格共 13 列" in p for p in problems), problems
