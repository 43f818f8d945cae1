"""The checker that re-checks only the projects an edit changed (``rules.Checker``), and the
index built from its groups (``ui.checking.ProblemIndex``), give exactly what a full check gives,
after any sequence of edits."""

import copy
import json
from collections.abc import Iterator
from contextlib import contextmanager
from decimal import Decimal
from pathlib import Path
from unittest.mock import patch

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desktop.blank import new_department, new_document, new_project
from desktop.families import families, family, parse_family
from desktop.model import Document, Indicator, PlanPoint, Row
from desktop.rules import Checker, check, load_settings
from desktop.values import TypedAmount
from tests.bigdoc import big_document

TEXTS = ["", " ", "≥3次", "≥95%", "良好", "≤10.25万元", "满意度", "产出指标", "数量指标", "效益指标",
         "不在体系", "指标1", "XXX", "≥0次", "120%", "文件"]
AMOUNTS = [None, Decimal("10.25"), Decimal("10.250"), Decimal("0"), Decimal("5"), "abc", "5", "-1",
           TypedAmount(Decimal("5"), "5万元"), TypedAmount(Decimal("5"), "5%")]


TEST_FAMILY = Path(__file__).parent / "data" / "families" / "T.json"


@contextmanager
def _family_t() -> Iterator[None]:
    """The test family T (tests/data/families/T.json): two tables, one with history columns
    labelled by the year, weights, a cost list with amounts."""
    fam = parse_family(json.loads(TEST_FAMILY.read_text(encoding="utf-8")), "T.json")
    with patch.dict(families(), {"T": fam}):
        yield


def _document(family_id: str = "H") -> Document:
    if family_id == "H":
        doc = big_document(projects=4, per_project=6)
    else:
        doc = new_document(family_id, 2026, "1", "测试局")
        for p in range(4):
            project = new_project(family(family_id))
            project.name, project.code, project.budget = f"项目{p}", f"P{p}", Decimal("10.25")
            project.lists["annual"] = [Indicator(level1="产出指标", level3=f"指标{i}", number="3", unit="次",
                                                 weight="10", direction="正向", prior1="2")
                                       for i in range(3)]
            project.lists["long_term"] = [Indicator(level1="产出指标", level2="数量指标", level3="长期", number="1")]
            project.lists["cost"] = [Row(detail="设备", amount="5"), Row(detail="", amount="")]
            doc.departments[0].projects.append(project)
    doc.departments[0].projects[2].code = doc.departments[0].projects[0].code     # a duplicate code
    return doc


def _columns(doc: Document) -> list[tuple[str, list[str]]]:
    """Each list and table of a project: its key and its columns' keys."""
    owner = family(doc.family).project
    return [(s.key, [c.key for c in (s.table.fields if s.table is not None else s.columns)])
            for s in owner.sections if s.kind in ("indicators", "list")]


@st.composite
def _edit(draw: st.DrawFn) -> tuple:
    kind = draw(st.sampled_from(["cell", "cell", "cell", "value", "plan", "add row", "remove row",
                                 "add project", "remove project", "move project", "year", "unit",
                                 "department value", "row amount", "settings", "add department",
                                 "remove department"]))
    return kind, draw(st.integers(0, 10 ** 6)), draw(st.sampled_from(TEXTS)), draw(st.sampled_from(AMOUNTS))


def _apply(doc: Document, edit: tuple) -> None:
    kind, n, text, amount = edit
    dept = doc.departments[0]
    projects = dept.projects
    project = projects[n % len(projects)] if projects else None
    if kind == "year":
        doc.year = 2020 + n % 3
    elif kind == "unit":
        doc.unit = ["万元", "元"][n % 2]
    elif kind == "add department":
        other = new_department(family(doc.family), "2", text)
        other.projects = [project.copy() for project in projects[:2]]     # the same projects, elsewhere
        doc.departments.insert(n % 2, other)
    elif kind == "remove department":
        if len(doc.departments) > 1:
            del doc.departments[n % len(doc.departments)]
    elif kind == "department value":
        dept.values[["unit_name", "special_total", "overall_goal"][n % 3]] = text if n % 2 else amount
    elif kind == "add project":
        fresh = new_project(family(doc.family))
        fresh.name, fresh.code = text, ["", "13082426P000000000001"][n % 2]
        fresh.indicators.append(Indicator("产出指标", "数量指标", text, text, text, text))
        projects.insert(n % (len(projects) + 1), fresh)
    elif project is None:
        return
    elif kind == "remove project":
        projects.remove(project)
    elif kind == "move project":
        projects.insert(0, projects.pop(n % len(projects)))
    elif kind == "value":
        key = ["name", "code", "budget", "fiscal", "other", "goal"][n % 6]
        project.values[key] = amount if key in ("budget", "fiscal", "other") else text
    elif kind == "plan":
        if project.plan:
            project.plan[n % len(project.plan)].percent = [Decimal("50"), Decimal("100"), None, Decimal("100.0"),
                                                           Decimal("120"), TypedAmount(Decimal("100"), "100%")][n % 6]
        else:
            project.plan.append(PlanPoint("年底", Decimal("100")))
    else:
        tables = _columns(doc)
        key, columns = tables[n % len(tables)]
        rows = project.lists.setdefault(key, [])
        if kind == "add row":
            rows.insert(n % (len(rows) + 1), Indicator(**{c: text for c in columns[:3]}))
        elif kind == "remove row" and rows:
            del rows[n % len(rows)]
        elif kind == "row amount" and rows:
            rows[n % len(rows)][columns[n // 7 % len(columns)]] = amount
        elif kind == "cell" and rows:
            rows[n % len(rows)][columns[n // 7 % len(columns)]] = text


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(family_id=st.sampled_from(["H", "T"]), edits=st.lists(_edit(), min_size=1, max_size=12))
def test_after_any_edits_the_incremental_check_is_the_full_check(family_id, edits):
    with _family_t():
        _edits_check_as_a_full_check(_document(family_id), edits)


def _edits_check_as_a_full_check(doc: Document, edits: list[tuple]) -> None:
    checker = Checker()
    strict = load_settings()
    lenient = strict.replace(satisfaction_floor=Decimal(50))
    rules = strict
    assert checker.check(doc, rules) == check(doc, rules)
    for edit in edits:
        if edit[0] == "settings":
            rules = lenient if rules is strict else strict
        else:
            _apply(doc, edit)
        incremental = checker.check(doc, rules)
        assert incremental == check(doc, rules)
        # every problem is in one group; the kept groups are each one project's
        grouped = checker.fresh + [p for group in checker.kept for p in group]
        assert sorted(map(id, grouped)) == sorted(map(id, incremental))
        for group in checker.kept:
            assert len({(p.location.dept, p.location.project) for p in group}) <= 1


def test_an_unchanged_project_keeps_its_problem_objects_and_an_edited_one_is_checked_again():
    doc = _document()
    checker = Checker()
    first = checker.check(doc)
    doc.departments[0].projects[1].indicators[0]["target"] = ""
    second = checker.check(doc)
    assert second == check(doc) and second != first
    same = {id(p) for p in first} & {id(p) for p in second}
    assert all(p.location.project != 1 for p in second if id(p) in same)
    assert any(p.location.project == 0 for p in second if id(p) in same)


def test_an_amount_written_differently_is_checked_again():
    doc = _document()
    project = doc.departments[0].projects[0]
    project.indicators[3]["target"] = "≤20万元"             # over the budget of 10.25
    checker = Checker()
    checker.check(doc)
    project.budget = Decimal("10.250")                       # equal, but quoted otherwise in the message
    assert checker.check(doc) == check(doc)
    assert any("10.250" in p.message for p in check(doc))


def test_a_row_edited_in_place_is_seen():
    doc = _document()
    checker = Checker()
    checker.check(doc)
    row = doc.departments[0].projects[3].indicators[0]
    before = copy.copy(row)
    row["target"] = "≥0次"
    assert checker.check(doc) == check(doc) != []
    row.clear()
    row.update(before)
    assert checker.check(doc) == check(doc)


def test_the_cycle_collector_waits_while_problems_are_made_and_is_then_as_it_was(monkeypatch):
    import gc

    from desktop import rules

    during = []
    department = rules._Checker.department
    monkeypatch.setattr(rules._Checker, "department",
                        lambda self, d, dept: during.append(gc.isenabled()) or department(self, d, dept))
    doc = _document()
    assert gc.isenabled()
    check(doc)
    Checker().check(doc)
    assert during == [False, False] and gc.isenabled()
