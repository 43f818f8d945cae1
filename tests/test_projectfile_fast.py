"""The project file's quick paths give exactly what its step-by-step reader and the standard
library's writer give: the same document (same row classes, same Decimals, same cleaned texts),
the same Chinese message for a bad file, and the same bytes on disk."""

import json
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desktop import projectfile
from desktop.blank import new_document, new_project
from desktop.errors import ProjectFileError
from desktop.families import family
from desktop.model import Indicator, Row
from tests.test_projectfile import documents
from tests.test_samples import paths_in


def _sample_raw() -> dict[str, Any]:
    """A small version-3 file of family H: amounts, a plan, rows with every kind of text."""
    doc = new_document("H", 2026, "1", "信访局")
    dept = doc.departments[0]
    dept.values["overall_goal"] = "总目标\n第二行"
    for p in range(2):
        project = new_project(family("H"))
        project.name, project.budget, project.fiscal = f"项目{p}", Decimal("10.25"), Decimal("0")
        for point, percent in zip(project.plan, ("25", "50", "75", "100")):
            point.percent = Decimal(percent)
        project.indicators.extend([
            Indicator("产出指标", "数量指标", "完成任务", "任务数量", "≥3次", "文件\r\n第二行\x07"),
            Indicator("效益指标", "社会效益指标", "稳定", "维护稳定\t和谐", "", "计划", remark="备注"),
        ])
        dept.projects.append(project)
    return projectfile.to_dict(doc)


_texts = st.text(st.sampled_from("甲a1.\n\r\t\x00\x0b\x7f\u2028\ud800\ufffe %-") | st.characters(), max_size=6)
_scalars = (st.none() | st.booleans() | st.integers(-5, 3000) | _texts
            | st.sampled_from(["", "0", "-0", "0.00", "1.50", "1e3", "NaN", " 2 ", "1_0", "0.1234567",
                               "1e12", "-1", "abc", "≥95%", "25%", "5万元", "%", "1e3%"]))
_values = st.recursive(_scalars, lambda inner: st.lists(inner, max_size=3)
                       | st.dictionaries(_texts, inner, max_size=3), max_leaves=6)


def _outcome(text: str) -> tuple[str, str]:
    try:
        return "document", repr(projectfile.loads(text))
    except ProjectFileError as error:
        return "refused", error.message


def _step_by_step(monkeypatch: pytest.MonkeyPatch, text: str) -> tuple[str, str]:
    with monkeypatch.context() as patch:
        for name in ("_plain_rows", "_plain_values", "_plain_plan"):
            patch.setattr(projectfile, name, lambda *_args: None)
        return _outcome(text)


@settings(max_examples=400, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
          deadline=None)
@given(data=st.data())
def test_a_file_changed_anywhere_opens_or_is_refused_as_the_step_by_step_reader_does(data, monkeypatch):
    raw = _sample_raw()
    for _ in range(data.draw(st.integers(1, 3))):
        path = data.draw(st.sampled_from(paths_in(raw)[1:]))
        parent = raw
        for step in path[:-1]:
            parent = parent[step]
        action = data.draw(st.sampled_from(["replace", "delete", "add"]))
        if action == "delete":
            del parent[path[-1]]
        elif action == "add" and isinstance(parent, dict):
            parent[data.draw(_texts)] = data.draw(_values)
        else:
            parent[path[-1]] = data.draw(_values)
    text = json.dumps(raw, ensure_ascii=data.draw(st.booleans()))
    assert _outcome(text) == _step_by_step(monkeypatch, text)


def test_the_quick_reader_reads_what_the_step_by_step_reader_reads(monkeypatch):
    text = json.dumps(_sample_raw())
    quick = _outcome(text)
    assert quick[0] == "document" and "Indicator(" in quick[1] and "Decimal('10.25')" in quick[1]
    assert "维护稳定\\t和谐" in quick[1] and "总目标\\n第二行" in quick[1]
    assert quick == _step_by_step(monkeypatch, text)


@pytest.mark.parametrize("row, cleaned", [({"target": "a\r\nb\x00"}, "a\nb"), ({"target": "\u2028x"}, "\nx")])
def test_texts_of_rows_are_cleaned_as_the_step_by_step_reader_cleans_them(row, cleaned):
    rows = projectfile._plain_rows([row], Indicator)
    assert rows == [Indicator(target=cleaned)] and type(rows[0]) is Indicator


@pytest.mark.parametrize("rows", [[{"target": 1}], [{"target": None}], [["x"]], [{"\ud800": "x"}], {"a": "b"}])
def test_rows_the_quick_reader_cannot_take_are_left_to_the_step_by_step_reader(rows):
    assert projectfile._plain_rows(rows, Row) is None


@settings(max_examples=60, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(doc=documents, compact=st.booleans())
def test_saved_bytes_are_those_the_standard_library_writes(doc, compact):
    data = projectfile.to_dict(doc)
    assert projectfile._json_bytes(data, compact) == projectfile._json_text(data, compact).encode("utf-8")


def test_every_character_is_written_as_the_standard_library_writes_it():
    every = "".join(chr(c) for c in range(0x110000) if not 0xD800 <= c < 0xE000)
    data = {"a": [every[i:i + 999] for i in range(0, len(every), 999)], "b": {"": [], "x": {}, "y": [{}]},
            "c": [True, False, None, 2026, -1]}
    for compact in (False, True):
        assert projectfile._json_bytes(data, compact) == projectfile._json_text(data, compact).encode("utf-8")


def test_rows_holding_amounts_or_nones_are_written_without_them():
    doc = new_document("H", 2026)
    rows = doc.departments[0].lists["costs"] = [Row(item="a"), Row(item="b")]
    rows[0]["amount"], rows[1]["amount"] = Decimal("1.50"), None
    written = projectfile.to_dict(doc)["document"]["departments"][0]["lists"]["costs"]
    assert written == [{"item": "a", "amount": "1.50"}, {"item": "b"}]


def test_without_msgspec_the_standard_library_writes_the_file(monkeypatch):
    doc = new_document("H", 2026, "1", "信访局")
    made = projectfile.encode(doc)
    monkeypatch.setattr(projectfile, "_WRITER", [None])
    assert projectfile.encode(doc) == made == projectfile._json_text(projectfile.to_dict(doc), False).encode()


def test_the_cycle_collector_waits_while_a_file_is_read_and_is_then_as_it_was(monkeypatch):
    import gc

    text = json.dumps(_sample_raw())
    during = []
    read = projectfile._read_document
    monkeypatch.setattr(projectfile, "_read_document", lambda r: during.append(gc.isenabled()) or read(r))
    assert gc.isenabled()
    projectfile.loads(text)
    assert during == [False] and gc.isenabled()
    with pytest.raises(ProjectFileError):
        projectfile.loads("{")
    assert gc.isenabled()
    gc.disable()
    try:
        projectfile.loads(text)
        assert not gc.isenabled()
    finally:
        gc.enable()
