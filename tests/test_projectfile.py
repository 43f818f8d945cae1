import json
import os
from dataclasses import fields, is_dataclass, replace
from decimal import Decimal
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from desktop import atomic, projectfile
from desktop.blank import fill_gaps, new_document
from desktop.errors import ProjectFileError, describe_os_error
from desktop.families import family
from desktop.model import (
    Department,
    Document,
    Indicator,
    Measure,
    MoneyLine,
    PlanPoint,
    Project,
    SubGoal,
    WorkItem,
)
from desktop.resources import resource
from desktop.text import clean_text

SCHEMA = json.loads(resource("schema", "project.schema.json").read_text(encoding="utf-8"))

texts = st.text(st.characters(blacklist_categories=("Cc", "Cs")), max_size=12)
amounts = st.none() | st.decimals(min_value=0, max_value=10**9, places=4, allow_nan=False)
indicators = st.builds(Indicator, texts, texts, texts, texts, texts, texts, texts, texts,
                       st.lists(texts, min_size=2, max_size=2))
projects = st.builds(
    Project, code=texts, name=texts, budget=amounts, fiscal=amounts, other=amounts, use=texts,
    plan=st.lists(st.builds(PlanPoint, texts, amounts), max_size=4), goal=texts, period=texts,
    period_goal=texts, special=texts, indicators=st.lists(indicators, max_size=4),
)
departments = st.builds(
    Department, unit_code=texts, unit_name=texts, supervisor=texts, preparer=texts, phone=texts,
    texts=st.dictionaries(st.sampled_from(["overall_goal", "duties", "functions"]), texts),
    sub_goals=st.lists(st.builds(SubGoal, texts, texts, texts), max_size=2),
    measures=st.lists(st.builds(Measure, texts, texts), max_size=2),
    work_plan=st.lists(st.builds(WorkItem, texts, texts, texts), max_size=2),
    money=st.dictionaries(st.sampled_from(["total", "fiscal", "income_total"]),
                          st.builds(MoneyLine, amounts, amounts, st.lists(amounts, min_size=2, max_size=2))),
    special_total=amounts,
    tables=st.dictionaries(st.sampled_from(["annual", "long_term"]), st.lists(indicators, max_size=3)),
    projects=st.lists(projects, max_size=3),
)


def _complete(doc: Document) -> Document:
    """What opening gives: every part the family declares is there (see the test below).

    A file holds text: a value is read back as an amount where the family declares an amount
    field, so amounts are only generated there (N declares 专项资金合计 and 项目金额, H a project's
    three amounts, B no projects)."""
    fam = family(doc.family)
    for dept in doc.departments:
        if fam.department.by_role("projects_total") is None:
            dept.special_total = None
        if fam.project is None:
            dept.projects = []
        for project in dept.projects:
            for key in ("budget", "fiscal", "other"):
                declared = fam.project.field(key)
                if declared is None or declared.type != "amount":
                    setattr(project, key, None)
        fill_gaps(dept, fam)
    return doc


documents = st.builds(Document, year=st.integers(1900, 2999), family=st.sampled_from(["H", "N", "B"]),
                      unit=st.just("万元"), draft=st.booleans(),
                      departments=st.lists(departments, min_size=1, max_size=2)).map(_complete)


def _cleaned(value: Any) -> Any:
    """``value`` with every text cleaned as opening a file cleans it (``clean_text``): what typing,
    pasting and opening ever put into a document."""
    if isinstance(value, str):
        return clean_text(value)
    if is_dataclass(value) and not isinstance(value, type):
        return replace(value, **{f.name: _cleaned(getattr(value, f.name)) for f in fields(value)})
    if isinstance(value, list):
        return [_cleaned(v) for v in value]
    if isinstance(value, dict):
        return {k: _cleaned(v) for k, v in value.items()}
    return value


def _with_name(name: str) -> Document:
    doc = new_document("H", 2020, "1", name)
    doc.departments[0].projects.append(Project(name=name, indicators=[Indicator(description=name)]))
    return doc


# Texts go through clean_text on the way in (typing, pasting, opening): line and paragraph
# separators become line breaks, noncharacters and controls go. A document as the editor holds it
# comes back exactly; any other comes back as it would have been cleaned.
@settings(max_examples=60, suppress_health_check=[HealthCheck.too_slow])
@given(doc=documents)
@example(doc=_with_name("甲\u2028乙"))
@example(doc=_with_name("甲\u2029乙\r\n丙"))
@example(doc=_with_name("甲\ufffe乙\uffff"))
def test_save_then_open_gives_an_equal_document_that_satisfies_the_schema(doc, tmp_path_factory):
    path = tmp_path_factory.mktemp("rt") / "文档.jxmb"
    projectfile.save(doc, path)
    jsonschema.validate(json.loads(path.read_text(encoding="utf-8")), SCHEMA)
    opened = projectfile.load(path)
    assert opened == _cleaned(doc)
    assert _cleaned(opened) == opened                    # and such a document comes back exactly
    projectfile.save(opened, path)
    assert projectfile.load(path) == opened


def test_amounts_are_kept_exactly(tmp_path):
    doc = new_document("H", 2020, "202002", "定州市信访局")
    doc.departments[0].projects.append(Project(budget=Decimal("0.54"), fiscal=Decimal("173.4271")))
    path = tmp_path / "a.jxmb"
    projectfile.save(doc, path)
    assert '"budget": "0.54"' in path.read_text(encoding="utf-8")
    assert projectfile.load(path).departments[0].projects[0].fiscal == Decimal("173.4271")


def test_saving_keeps_the_previous_version_as_bak(tmp_path):
    path = tmp_path / "定州.jxmb"
    first = new_document("H", 2020, "1", "旧")
    second = new_document("H", 2020, "1", "新")
    projectfile.save(first, path)
    projectfile.save(second, path)
    assert projectfile.load(path) == second
    assert projectfile.load(path.with_name("定州.jxmb.bak")) == first


@pytest.mark.parametrize("stage", ["after-write", "during-backup"])
def test_a_crash_between_write_and_replace_leaves_the_whole_old_file(tmp_path, monkeypatch, stage):
    path = tmp_path / "a.jxmb"
    old = new_document("B", 2024, "", "鄂州市信访局")
    projectfile.save(old, path)
    before = path.read_bytes()
    real_replace = os.replace

    def crash(src, dst):
        if stage == "during-backup" or Path(dst) == path:
            raise KeyboardInterrupt("power cut")
        real_replace(src, dst)

    monkeypatch.setattr(os, "replace", crash)
    with pytest.raises(KeyboardInterrupt):
        projectfile.save(new_document("B", 2025, "", "新"), path)
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir() if p.suffix == ".tmp"] == []


def test_a_locked_target_gives_a_chinese_message_and_keeps_the_file(tmp_path, monkeypatch):
    path = tmp_path / "a.jxmb"
    projectfile.save(new_document("H", 2020), path)
    before = path.read_bytes()

    def locked(src, dst):
        raise PermissionError(13, "locked")

    pauses: list[float] = []
    monkeypatch.setattr(os, "replace", locked)
    monkeypatch.setattr(atomic, "_pause", pauses.append)       # retried as for Word, without real waiting
    with pytest.raises(ProjectFileError, match="正被其他程序"):
        projectfile.save(new_document("H", 2021), path)
    assert path.read_bytes() == before
    assert pauses == [atomic.REPLACE_PAUSE] * (atomic.REPLACE_TRIES - 1)


def test_a_full_disk_gives_a_chinese_message(tmp_path, monkeypatch):
    def full(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    with pytest.raises(ProjectFileError, match="磁盘空间不足"):
        projectfile.save(new_document("H", 2020), tmp_path / "a.jxmb")
    assert list(tmp_path.iterdir()) == []


def _v2(document: dict) -> str:
    return json.dumps({"format": "jxmb", "version": 2, "document": document}, ensure_ascii=False)


@pytest.mark.parametrize(("content", "message"), [
    (b"", "空的"),
    (b"\xff\xfe\x00garbage", "UTF-8"),
    (b'{"format": "jxmb", "version": 2, "docu', "损坏或不完整"),
    (b'{"a": ' * 200_000, "嵌套过深"),
    (b"PK\x03\x04 a zip file", "不是绩效目标编辑器的项目文件"),
    (b'{"hello": "world"}', "不是绩效目标编辑器的项目文件"),
    (b'{"format": "jxmb", "version": 7, "document": {}}', "更新版本"),
    (b'{"format": "jxmb", "version": "2", "document": {}}', "无法识别"),
    (_v2({"year": 2020, "family": "X", "departments": []}).encode(), "表式“X”"),
    (_v2({"year": "2020", "family": "H", "departments": []}).encode(), "年度：应为整数"),
    (_v2({"year": 2020, "family": "H", "departments": [{"projects": [{"budget": 5}]}]}).encode(),
     "部门 › 第1项 › 预算项目 › 第1项 › 预算数：应为文字"),
    (_v2({"year": 2020, "family": "H", "departments": [{"projects": [{"budget": "5元"}]}]}).encode(),
     "“5元”不是数字"),
    (_v2({"year": 2020, "family": "H", "departments": [{"projects": [{"budget": "-80"}]}]}).encode(),
     "预算数：“-80”是负数"),
    (_v2({"year": 2020, "family": "H", "departments": [{"projects": [{"budget": "1e-999999999"}]}]}).encode(),
     "小数位数过多"),
    (b'{"format": "jxmb", "version": 2, "document": {"year": 1' + b"0" * 5000 + b"}}", "长得不合理的数字"),
    (_v2({"year": 2020, "family": "H", "departments": {}}).encode(), "部门：应为列表"),
    (_v2({"year": 2020, "family": "H"}).encode(), "部门：缺少此项"),
])
def test_malformed_files_raise_one_error_type_with_a_chinese_message(tmp_path, content, message):
    path = tmp_path / "坏文件.jxmb"
    path.write_bytes(content)
    with pytest.raises(ProjectFileError) as caught:
        projectfile.load(path)
    assert message in caught.value.message


def test_a_missing_file_is_reported_in_chinese(tmp_path):
    with pytest.raises(ProjectFileError, match="找不到"):
        projectfile.load(tmp_path / "没有.jxmb")


def test_version_1_files_migrate_on_open():
    v1 = {
        "format": "jxmb", "version": 1,
        "document": {
            "year": 2020, "family": "N", "unit": "万元", "draft": False,
            "checkpoints": ["3月底", "6月底", "10月底"],
            "departments": [{
                "unit_code": "202002", "unit_name": "定州市信访局",
                "money": {"total": {"amount": 12345678.123456, "share": None, "prior": [1, 2.5]}},
                "special_total": 38.598,
                "projects": [{"name": "残疾军困难补助", "budget": 0.54, "fiscal": 0.54, "other": None,
                              "plan": [25, 50, 75, 100], "indicators": []}],
            }],
        },
    }
    doc = projectfile.loads(json.dumps(v1))
    dept = doc.departments[0]
    assert dept.projects[0].budget == Decimal("0.54")
    assert [(p.label, p.percent) for p in dept.projects[0].plan] == [
        ("3月底", 25), ("6月底", 50), ("10月底", 75), ("第4个节点", 100)]    # no value is dropped
    assert dept.money["total"].amount == Decimal("12345678.123456")
    assert dept.money["total"].prior == [Decimal(1), Decimal("2.5")]
    assert dept.special_total == Decimal("38.598")
    jsonschema.validate(projectfile.to_dict(doc), SCHEMA)


@pytest.mark.parametrize("family_id", ["H", "N", "B"])
def test_a_file_lacking_parts_of_its_family_opens_with_them_added(family_id):
    """Hand-edited files, and files saved before a family gained a section, table or money line."""
    assert projectfile.loads(_v2({"year": 2024, "family": family_id, "departments": []})) == \
        new_document(family_id, 2024)
    bare = projectfile.loads(_v2({"year": 2024, "family": family_id, "departments": [
        {"unit_name": "甲", "texts": {"extra": "保留"}, "tables": {}, "money": {}}]}))
    expected = new_document(family_id, 2024, "", "甲")
    expected.departments[0].texts["extra"] = "保留"
    assert bare == expected


def test_control_characters_in_a_file_are_cleaned_on_open():
    raw = _v2({"year": 2020, "family": "H", "departments": [{"unit_name": "定州\u0007市\u000b信访局"}]})
    assert projectfile.loads(raw).departments[0].unit_name == "定州市\n信访局"


@pytest.mark.skipif(os.name == "nt", reason="POSIX permission bits")
def test_saved_files_are_readable_like_any_other_new_file(tmp_path):
    path = tmp_path / "a.jxmb"
    projectfile.save(new_document("H", 2020), path)
    umask = os.umask(0)
    os.umask(umask)
    assert path.stat().st_mode & 0o777 == 0o666 & ~umask


def test_a_name_of_245_bytes_saves_and_keeps_its_backup(tmp_path):
    path = tmp_path / ("甲" * 80 + ".jxmb")                       # 245 bytes: the limit is 255
    projectfile.save(new_document("H", 2020, "1", "旧"), path)
    projectfile.save(new_document("H", 2020, "1", "新"), path)
    assert projectfile.load(path).departments[0].unit_name == "新"
    assert projectfile.load(path.with_name(path.name + ".bak")).departments[0].unit_name == "旧"
    assert sorted(p.suffix for p in tmp_path.iterdir()) == [".bak", ".jxmb"]


def test_a_name_too_long_for_its_backup_keeps_a_shortened_backup(tmp_path):
    path = tmp_path / ("甲" * 83 + ".jxmb")                       # 254 bytes: NAME.jxmb.bak would not fit
    projectfile.save(new_document("H", 2020, "1", "旧"), path)
    projectfile.save(new_document("H", 2020, "1", "新"), path)
    (backup,) = [p for p in tmp_path.iterdir() if p != path]
    assert backup.name.endswith(".jxmb.bak") and backup.name.startswith("甲" * 70)
    assert projectfile.load(backup).departments[0].unit_name == "旧"


def test_a_name_too_long_is_said_plainly(tmp_path):
    path = tmp_path / ("甲" * 84 + ".jxmb")                       # 257 bytes
    with pytest.raises(ProjectFileError) as caught:
        projectfile.save(new_document("H", 2020), path)
    assert "文件名或路径太长" in caught.value.message and "代码" not in caught.value.message
    assert list(tmp_path.iterdir()) == []


def test_a_path_longer_than_windows_allows_is_refused_before_writing(tmp_path, monkeypatch):
    monkeypatch.setattr(atomic, "_path_limit", lambda: len(str(tmp_path)) + 12)   # as MAX_PATH would
    with pytest.raises(ProjectFileError, match="文件名或路径太长"):
        projectfile.save(new_document("H", 2020), tmp_path / "一个较长的文件名称.jxmb")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("winerror, length", [(206, 30), (3, 300)])
def test_windows_errors_for_long_names_are_said_plainly(winerror, length):
    exc = FileNotFoundError(2, "The filename or extension is too long")
    exc.winerror = winerror
    message = describe_os_error(exc, Path("C:/") / ("子" * length) / "a.jxmb", "保存")
    assert "文件名或路径太长" in message


def test_a_missing_folder_with_a_short_path_is_still_a_missing_folder():
    exc = FileNotFoundError(2, "The system cannot find the path specified")
    exc.winerror = 3
    assert "找不到" in describe_os_error(exc, Path("C:/没有/a.jxmb"), "保存")


def test_a_path_that_just_fits_windows_keeps_a_shortened_backup(tmp_path, monkeypatch):
    path = tmp_path / "一个较长的文件名称.jxmb"
    monkeypatch.setattr(atomic, "_path_limit", lambda: len(str(path)) + 2)    # NAME.jxmb.bak: 4 more
    projectfile.save(new_document("H", 2020, "1", "旧"), path)
    projectfile.save(new_document("H", 2020, "1", "新"), path)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["一个较长的文~.jxmb.bak", path.name]


LONE_SURROGATE_KEY = (b'{"format":"jxmb","version":2,"document":{"year":2020,"family":"H",'
                      b'"departments":[{"texts":{"\\ud800":"x"}}]}}')


def test_a_key_no_file_can_hold_is_cleaned_on_open_so_the_file_can_be_saved(tmp_path):
    path = tmp_path / "坏键.jxmb"
    path.write_bytes(LONE_SURROGATE_KEY)
    assert len(LONE_SURROGATE_KEY) == 108
    doc = projectfile.load(path)
    projectfile.save(doc, path)                                  # was UnicodeEncodeError
    again = projectfile.load(path)
    assert again == doc and "x" in again.departments[0].texts.values()
    projectfile.dumps(doc, compact=True).encode("utf-8")         # the autosaved copy too


@pytest.mark.parametrize("part, value", [("texts", '"x"'), ("money", '{"amount": "1"}'), ("tables", "[]")])
def test_two_keys_that_cleaning_would_merge_are_refused_not_merged(part, value):
    raw = ('{"format":"jxmb","version":2,"document":{"year":2020,"family":"H","departments":[{"%s":'  # noqa: UP031
           '{"\\ud800": %s, "\\ud801": %s}}]}}' % (part, value, value))
    with pytest.raises(ProjectFileError) as caught:
        projectfile.loads(raw)
    caught.value.message.encode("utf-8")                         # the message itself can be shown and logged
    assert "名称相同" in caught.value.message


def test_a_message_quoting_a_lone_surrogate_can_be_shown_and_logged():
    raw = ('{"format":"jxmb","version":2,"document":{"year":2020,"family":"H","departments":'
           '[{"projects":[{"budget":"5\\ud800"}]}]}}')
    with pytest.raises(ProjectFileError) as caught:
        projectfile.loads(raw)
    assert "不是数字" in caught.value.message
    caught.value.message.encode("utf-8")


def test_a_document_holding_a_character_no_file_can_hold_is_refused_with_its_place(tmp_path):
    doc = new_document("H", 2020, "1", "定州\ud800信访局")
    path = tmp_path / "a.jxmb"
    with pytest.raises(ProjectFileError) as caught:
        projectfile.save(doc, path)
    assert "单位名称" in caught.value.message and "无法保存的字符" in caught.value.message
    caught.value.message.encode("utf-8")
    assert not path.exists()


# ---------------------------------------------------------------- version 2 files (issue 10: migrate on open)

V2_FILES = sorted((Path(__file__).parent / "data" / "v2").glob("*.jxmb"))
V2_SCHEMA = json.loads((Path(__file__).parent / "data" / "v2" / "project-v2.schema.json").read_text(encoding="utf-8"))


def _leaves(value: Any) -> list[str]:
    """Every non-empty text of a file's document (amounts are texts in versions 2 and 3)."""
    if isinstance(value, str):
        return [value] if value else []
    if isinstance(value, dict):
        return [leaf for k, v in value.items() if k not in ("family", "unit") for leaf in _leaves(v)]
    if isinstance(value, list):
        return [leaf for v in value for leaf in _leaves(v)]
    return []


@pytest.mark.parametrize("path", V2_FILES, ids=lambda p: p.name)
def test_every_version_2_file_opens_keeps_every_text_and_saves_as_version_3_stably(path, tmp_path):
    old = json.loads(path.read_text(encoding="utf-8"))
    assert old["version"] == 2
    jsonschema.validate(old, V2_SCHEMA)                  # the fixture is a true version-2 file
    doc = projectfile.load(path)
    saved = tmp_path / path.name
    projectfile.save(doc, saved)
    new = json.loads(saved.read_text(encoding="utf-8"))
    jsonschema.validate(new, SCHEMA)
    assert new["version"] == 3
    assert sorted(_leaves(new["document"])) == sorted(_leaves(old["document"]))   # nothing typed is lost
    again = projectfile.load(saved)
    assert again == doc
    assert projectfile.dumps(again) == projectfile.dumps(doc)                      # v3 → v3 byte-stable


def test_a_version_2_project_becomes_values_and_lists_by_key():
    doc = projectfile.load(next(p for p in V2_FILES if "dingzhou" in p.name))
    new = projectfile.to_dict(doc)["document"]["departments"][0]["projects"][0]
    assert new["values"] == {"code": "202-0204-JBN-HZ7M", "name": "残疾军困难补助", "budget": "0.54",
                             "fiscal": "0.54", "use": "残疾军困难补助金",
                             "goal": "1、保障残疾军日常生活\n2、残疾军人员生活补助及时发放到位"}
    assert new["plan"] == [{"label": "3月底", "percent": "25.00"}, {"label": "6月底", "percent": "50.00"},
                           {"label": "10月底", "percent": "75.00"}, {"label": "12月底", "percent": "100.00"}]
    assert new["lists"]["indicators"][0] == {"level1": "产出指标", "level2": "时效指标", "level3": "资金到位情况",
                                             "description": "及时申报资金", "target": "≥90",
                                             "basis": "申报资金占总资金的比例"}
    project = doc.departments[0].projects[0]
    assert project.budget == Decimal("0.54") and project.indicators[0].level3 == "资金到位情况"


def test_version_2_prior_years_become_prior_columns():
    doc = projectfile.load(next(p for p in V2_FILES if "ezhou" in p.name))
    old = json.loads(next(p for p in V2_FILES if "ezhou" in p.name).read_text(encoding="utf-8"))
    old_row = old["document"]["departments"][0]["tables"]["annual"][0]
    row = doc.departments[0].lists["annual"][0]
    assert [row.get("prior0", ""), row.get("prior1", "")] == old_row["prior"]
    assert row.prior[:] == old_row["prior"]                       # the first model's view still reads
    old_line = old["document"]["departments"][0]["money"]["fiscal"]
    line = doc.departments[0].money["fiscal"]
    assert [format(v, "f") if v is not None else None for v in line.prior] == old_line["prior"]


def test_a_key_the_family_does_not_declare_is_kept_and_saved_back(tmp_path):
    text = json.dumps({"format": "jxmb", "version": 3, "document": {
        "year": 2024, "family": "H", "unit": "万元", "draft": False, "departments": [{
            "values": {"unit_name": "甲", "leader": "张三"},
            "lists": {"sub_goals": [{"title": "一", "weight": "30"}], "risks": [{"level1": "风险"}]},
            "totals": {"costs": {"amount": "12.5"}},
            "money": {"grants": {"amount": "3.00", "prior2": "1"}},
            "projects": [{"values": {"name": "项目", "owner": "李四", "budget": "10.00"},
                          "lists": {"indicators": [{"level1": "产出指标", "weight": "20"}]},
                          "totals": {}, "plan": []}]}]}}, ensure_ascii=False)
    doc = projectfile.loads(text)
    dept = doc.departments[0]
    assert dept.values["leader"] == "张三" and dept.lists["sub_goals"][0]["weight"] == "30"
    assert dept.projects[0].budget == Decimal("10.00") and dept.projects[0].values["owner"] == "李四"
    path = tmp_path / "a.jxmb"
    projectfile.save(doc, path)
    saved = json.loads(path.read_text(encoding="utf-8"))["document"]["departments"][0]
    assert saved["values"]["leader"] == "张三"
    assert saved["lists"]["risks"] == [{"level1": "风险"}]
    assert saved["totals"] == {"costs": {"amount": "12.5"}}
    assert saved["money"]["grants"] == {"amount": "3.00", "prior2": "1"}
    assert saved["projects"][0]["values"]["owner"] == "李四"
    assert saved["projects"][0]["lists"]["indicators"][0]["weight"] == "20"


def test_a_version_3_value_of_the_wrong_type_is_named_in_the_forms_words():
    text = json.dumps({"format": "jxmb", "version": 3, "document": {
        "year": 2024, "family": "H", "unit": "万元", "draft": False, "departments": [{
            "values": {}, "lists": {}, "totals": {}, "money": {},
            "projects": [{"values": {"budget": "十万"}, "lists": {}, "totals": {}, "plan": []}]}]}})
    with pytest.raises(ProjectFileError) as caught:
        projectfile.loads(text)
    assert str(caught.value).startswith("项目文件内容有误：文档 › 部门 › 第1项 › 预算项目 › 第1项 › 预算数：“十万”不是数字")


def test_a_document_of_a_family_whose_file_is_broken_says_so_with_the_files_message(tmp_path, monkeypatch):
    from desktop import families as families_module
    broken = json.loads(resource("families", "H.json").read_text(encoding="utf-8"))
    broken["id"] = "X"
    del broken["project"]["fields"][1]["label"]
    (tmp_path / "X.json").write_text(json.dumps(broken, ensure_ascii=False), encoding="utf-8")
    monkeypatch.setattr(families_module, "folders", lambda: [resource("families"), tmp_path])
    families_module.reload()
    try:
        text = json.dumps({"format": "jxmb", "version": 3, "document": {
            "year": 2024, "family": "X", "unit": "万元", "draft": False, "departments": []}})
        with pytest.raises(ProjectFileError) as caught:
            projectfile.loads(text)
        assert str(caught.value).startswith("项目文件内容有误：文档 › 表式：表式“X”的定义文件有误，无法打开："
                                            "表式文件“X.json”中 project.fields[1]：缺少“label”")
    finally:
        monkeypatch.undo()
        families_module.reload()


def test_a_blank_amount_and_an_amount_typed_into_a_list_row_save_and_open(tmp_path):
    """A blank amount field is saved as blank, an amount a row holds is saved as its text: saving
    never fails on what the editor holds, and opening never refuses a blank."""
    doc = new_document("H", 2024, "1", "甲")
    project = Project(name="项目")
    project.values["budget"] = ""
    project.indicators.append(Indicator(level1="产出指标"))
    project.indicators[0]["weight"] = Decimal("20.50")
    doc.departments[0].projects.append(project)
    path = tmp_path / "a.jxmb"
    projectfile.save(doc, path)
    opened = projectfile.load(path).departments[0].projects[0]
    assert opened.budget is None and opened.indicators[0]["weight"] == "20.50"
