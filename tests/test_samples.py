"""The four real seed documents: they load, satisfy the schema, and the checker finds exactly
the mistakes they were submitted with (FORMS.md, last section) and nothing else."""

import copy
import json
import re
from decimal import Decimal

import jsonschema
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desktop import projectfile
from desktop.edits import set_value, year_shift
from desktop.errors import ProjectFileError
from desktop.families import family
from desktop.resources import resource
from desktop.rules import check, describe_location

SAMPLES = sorted(resource("samples").glob("*.jxmb"))
SCHEMA = json.loads(resource("schema", "project.schema.json").read_text(encoding="utf-8"))

EXPECTED = {
    "anhui-jinan-2025-tiyu-xmzc": [],       # its 本项目不适用此指标 | 无 row is how the form says so
    "anhui-jinzhai-2021-wuye-xmzc": [
        ("placeholder", "项目1「物业管理」 › 绩效指标第4行 › 三级指标"),
        ("placeholder", "项目1「物业管理」 › 绩效指标第5行 › 三级指标"),
        ("vague", "项目1「物业管理」 › 绩效指标第6行 › 指标值"),
        ("vague", "项目1「物业管理」 › 绩效指标第7行 › 指标值"),
        ("placeholder", "项目1「物业管理」 › 绩效指标第9行 › 三级指标"),
    ],
    "hebei-dingzhou-2020-xinfang": [
        ("satisfaction-number", "项目2「冀财行【2019】50号 2020年解决特殊疑难信访问题中央补助资金」 › 绩效指标第4行 › 指标值"),
        ("satisfaction-number", "项目4「群众工作中心经费」 › 绩效指标第4行 › 指标值"),
        ("cannot-fail", "项目5「招商引资工作经费」 › 绩效指标第1行 › 指标值"),
        ("cannot-fail", "项目5「招商引资工作经费」 › 绩效指标第2行 › 指标值"),
        ("satisfaction-number", "项目5「招商引资工作经费」 › 绩效指标第4行 › 指标值"),
        ("target-is-name", "项目6「政务外网费用」 › 绩效指标第3行 › 指标值"),
        ("satisfaction-number", "项目6「政务外网费用」 › 绩效指标第4行 › 指标值"),
    ],
    "hebei-luanping-2026-xinfang": [
        ("plan-end", "项目1「信访工作保障经费」 › 资金支出计划 › 10月底"),
    ],
    "hubei-ezhou-2024-xinfang": [
        ("money-sum", "部门总体资金情况 › 收入构成 › 合计 › 2023年"),
        ("money-sum", "部门总体资金情况 › 支出构成 › 合计 › 2023年"),
        ("target-is-name", "长期绩效指标第32行 › 指标值"),
        ("target-is-name", "长期绩效指标第33行 › 指标值"),
    ],
    "hunan-shifeng-2021-xinfang": [
        ("satisfaction-number", "年度绩效指标第10行 › 指标值"),
        ("satisfaction-number", "项目1「信访岗位津贴」 › 年度绩效指标第9行 › 指标值"),
        ("satisfaction-number", "项目2「社区（村）治安巡逻防控费」 › 年度绩效指标第9行 › 指标值"),
    ],
}


def test_every_seed_is_a_sample():
    assert [p.stem for p in SAMPLES] == sorted(EXPECTED)


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.stem)
def test_sample_satisfies_the_schema_and_round_trips(path):
    raw = json.loads(path.read_text(encoding="utf-8"))
    jsonschema.validate(raw, SCHEMA)
    doc = projectfile.load(path)
    assert projectfile.loads(projectfile.dumps(doc)) == doc


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.stem)
def test_the_checker_finds_the_real_mistakes_and_nothing_else(path):
    doc = projectfile.load(path)
    found = [(p.rule, describe_location(doc, p.location)) for p in check(doc)]
    assert found == EXPECTED[path.stem]


def test_the_messages_carry_the_real_numbers():
    doc = projectfile.load(resource("samples", "hubei-ezhou-2024-xinfang.jxmb"))
    messages = [p.message for p in check(doc) if p.rule == "money-sum"]
    assert messages == ["2023年收入构成各项之和为655.76，合计填写为658.57",
                        "2023年支出构成各项之和为658.20，合计填写为658.57"]
    luanping = projectfile.load(resource("samples", "hebei-luanping-2026-xinfang.jxmb"))
    assert check(luanping)[0].message == "资金支出计划最后一个节点“10月底”为75%，应为100%"


# ---------------------------------------------------------------- mutated samples: messages in the form's words

_ASCII_WORD = re.compile(r"[A-Za-z_]")
_WRONG = st.sampled_from([5, True, [], {}, "甲乙", None, "１２甲", ["甲"], {"甲": 1}])


def paths_in(value: object, path: tuple = ()) -> list[tuple]:
    """Every place in a raw file: each key of a mapping, each item of a list."""
    found = [path]
    if isinstance(value, dict):
        for key, child in value.items():
            found += paths_in(child, path + (key,))
    elif isinstance(value, list):
        for i, child in enumerate(value):
            found += paths_in(child, path + (i,))
    return found


_RAW = {path.stem: json.loads(path.read_text(encoding="utf-8")) for path in SAMPLES}


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(sorted(_RAW)), st.data())
def test_a_mutated_sample_is_refused_or_checked_in_the_form_s_words(name, data):
    """Any value of a sample replaced by one of the wrong kind, or a key the form does not have
    added: the refusal names the place as the form does (never ``资金情况 › expense_total``), and a
    file that still opens is described so too."""
    raw = copy.deepcopy(_RAW[name])
    paths = [p for p in paths_in(raw["document"], ("document",)) if len(p) > 1]
    path = data.draw(st.sampled_from(paths))
    parent = raw
    for step in path[:-1]:
        parent = parent[step]
    if isinstance(parent, dict) and data.draw(st.booleans()):
        parent["zz_" + str(path[-1])] = data.draw(_WRONG)       # a key the family does not declare
    else:
        parent[path[-1]] = data.draw(_WRONG)
    try:
        doc = projectfile.loads(json.dumps(raw, ensure_ascii=False))
    except ProjectFileError as exc:
        assert not _ASCII_WORD.search(exc.message), (path, exc.message)
        return
    for problem in check(doc):
        where = describe_location(doc, problem.location)
        assert not _ASCII_WORD.search(where), (path, where)


# ---------------------------------------------------------------- a new year keeps each value with its year

def _by_year(doc) -> dict:
    """Every filled money value and indicator value, by (line or row, calendar year)."""
    fam = family(doc.family)
    found = {}
    for d, dept in enumerate(doc.departments):
        for key, line in dept.money.items():
            n = fam.money.prior_years
            cells = {doc.year: line.amount, **{doc.year - n + i: v for i, v in enumerate(line.prior)}}
            found.update({((d, key), y): v for y, v in cells.items() if v is not None})
        for key, rows in dept.tables.items():
            if not fam.department_table(key).has("prior"):
                continue
            for r, ind in enumerate(rows):
                cells = {doc.year: ind.target, **{doc.year - len(ind.prior) + i: v for i, v in enumerate(ind.prior)}}
                found.update({((d, key, r), y): v for y, v in cells.items() if v})
    return found


def _apply(doc, shift) -> None:
    doc.year = shift.year
    for loc, value in shift.changes:
        set_value(doc, loc, value)


def test_changing_the_year_moves_history_with_it():
    """The issue: on 鄂州, 2024 → 2025 relabelled 2022年/2023年 as 2023年/2024年 and left 589.23
    (a 2022 figure) under 2023年."""
    doc = projectfile.load(resource("samples", "hubei-ezhou-2024-xinfang.jxmb"))
    before = _by_year(doc)
    assert before[((0, "fiscal"), 2022)] == Decimal("589.23")
    shift = year_shift(doc, family("B"), 2025)
    _apply(doc, shift)
    fiscal = doc.departments[0].money["fiscal"]
    assert (fiscal.prior, fiscal.amount, fiscal.share) == ([Decimal("652.23"), Decimal("593.27")], None, None)
    row = doc.departments[0].tables["annual"][0]
    assert (row.prior, row.target) == (["100%", "≤100%"], "")         # 2024 target now under 2024年
    after = _by_year(doc)
    assert after == {k: v for k, v in before.items() if k[1] >= 2023}      # nothing under another year
    assert shift.dropped == {2022: sum(1 for k in before if k[1] == 2022)}
    assert shift.moved == {y: sum(1 for k in before if k[1] == y) for y in (2023, 2024)}
    assert shift.summary().startswith("年度改为2025年：2023年、2024年的")
    assert "2022年的" in shift.summary() and "已移出" in shift.summary() and "当年占比已清空" in shift.summary()


@settings(max_examples=40, deadline=None)
@given(st.integers(-4, 4))
def test_any_year_change_shows_each_value_under_its_own_year_or_not_at_all(offset):
    doc = projectfile.load(resource("samples", "hubei-ezhou-2024-xinfang.jxmb"))
    before = _by_year(doc)
    _apply(doc, year_shift(doc, family("B"), 2024 + offset))
    window = range(2024 + offset - 2, 2024 + offset + 1)
    assert _by_year(doc) == {k: v for k, v in before.items() if k[1] in window}


def test_a_year_change_in_a_family_without_history_changes_only_the_year():
    doc = projectfile.load(resource("samples", "hebei-luanping-2026-xinfang.jxmb"))
    shift = year_shift(doc, family("H"), 2027)
    assert shift.changes == () and shift.summary() == "年度改为2027年。"
