"""新建下一年度: every value keeps its calendar year, this year's figures become last year's (marked
for the clerk to confirm), plans and indicators are kept, amounts kept or cleared, 草案 set where
the form has one, and the old document is not touched."""

from decimal import Decimal
from pathlib import Path

import pytest

from desktop import families as families_module
from desktop import projectfile
from desktop.blank import new_document, new_project
from desktop.edits import get_value, set_value
from desktop.families import Family, family
from desktop.model import Document, Indicator
from desktop.nextyear import CARRIED, carried_problems, check_all, confirm_change, has_draft, next_year
from desktop.resources import resource

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = sorted(resource("samples").glob("*" + projectfile.SUFFIX))


@pytest.fixture
def with_test_family(monkeypatch):
    """Family T (tests/data/families): three history columns and one prior money year."""
    monkeypatch.setattr(families_module, "folders",
                        lambda: [resource("families"), ROOT / "tests" / "data" / "families"])
    families_module.reload()
    yield
    monkeypatch.undo()
    families_module.reload()


def _t_document() -> Document:
    t = family("T")
    doc = new_document("T", 2025)
    project = new_project(t)
    doc.departments[0].projects.append(project)
    table = next(tb for tb in t.project.tables if len(tb.history) == 3)
    row = Indicator(level1="产出指标", level3="培训人次")
    number, unit = table.by_role("number"), table.by_role("unit")
    row[number.key], row[unit.key] = "95", "%"
    for column, value in zip(table.history, ("2022年值", "2023年值", "2024年值")):
        row[column.key] = value
    project.lists[table.key] = [row]
    line = doc.departments[0].money[t.money.lines[0].key]
    line.amount, line.prior[0] = Decimal("100"), Decimal("50")
    return doc


def _by_year(doc: Document, fam: Family) -> dict[tuple, object]:
    """Every year-bound value by (place, calendar year): money lines and indicator history
    columns, this year's amount and 指标值 included; empty values left out."""
    found: dict[tuple, object] = {}
    count = fam.money.prior_years if fam.money is not None else 0
    for d, dept in enumerate(doc.departments):
        for key, line in dept.money.items():
            for i in range(count):
                found[(d, "money", key, doc.year - count + i)] = line.prior[i]
            found[(d, "money", key, doc.year)] = line.amount
        owners = [(None, dept, fam.department)] + [(p, project, fam.project) for p, project in enumerate(dept.projects)]
        for p, part, owner in owners:
            for table in owner.tables if owner is not None else ():
                if not table.history:
                    continue
                for r, row in enumerate(part.lists.get(table.key, [])):
                    for column in table.history:
                        found[(d, p, table.key, r, doc.year + column.offset)] = row.get(column.key, "")
                    target = table.by_role("target")
                    current = row.get(target.key, "") if target is not None else \
                        row.get(table.by_role("number").key, "") + row.get(table.by_role("unit").key, "")
                    found[(d, p, table.key, r, doc.year)] = current
    return {k: v for k, v in found.items() if v not in (None, "")}


def _shown_years(doc: Document, fam: Family) -> set[tuple]:
    return set(_by_year(doc, fam))


def _check_years(old: Document, new: Document) -> int:
    """Each value of the new document's past years is the old document's value of that year."""
    fam = family(old.family)
    before, after = _by_year(old, fam), _by_year(new, fam)
    past = {k: v for k, v in after.items() if k[-1] < new.year}
    expected = {k: v for k, v in before.items() if k[-1] >= new.year - _depth(fam, k)}
    assert past == expected
    return len(past)


def _depth(fam: Family, key: tuple) -> int:
    if key[1] == "money":
        return fam.money.prior_years
    owner = fam.department if key[1] is None else fam.project
    table = next(t for t in owner.tables if t.key == key[2])
    return -min(c.offset for c in table.history)


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.stem)
def test_next_year_on_every_sample_puts_each_years_value_in_that_years_column(path):
    old = projectfile.load(path)
    made = next_year(old)
    new = made.doc
    assert new.year == old.year + 1
    carried = _check_years(old, new)
    fam = family(old.family)
    has_history = bool(fam.money and fam.money.prior_years) or any(
        t.history for owner in (fam.department, fam.project) if owner for t in owner.tables)
    assert (carried > 0) == has_history
    assert made.carried == len(carried_problems(new))
    assert projectfile.load(path) == old                          # the old document is not touched


def test_ezhou_2025_the_2023_column_becomes_the_older_one_and_2024_takes_this_years_figures():
    old = projectfile.load(resource("samples", "hubei-ezhou-2024-xinfang.jxmb"))
    new = next_year(old).doc
    line, was = new.departments[0].money["fiscal"], old.departments[0].money["fiscal"]
    assert (line.prior[0], line.prior[1], line.amount) == (was.prior[1], was.amount, was.amount)
    row, before = new.departments[0].lists["annual"][0], old.departments[0].lists["annual"][0]
    assert (row["prior0"], row["prior1"], row["target"]) == (before["prior1"], before["target"], before["target"])
    assert new.departments[0].lists["long_term"] == old.departments[0].lists["long_term"]
    assert [p.message for p in carried_problems(new)][:1] == ["2024年的金额593.27是2024年度文档中的当年金额，请核实为实际数"]


def test_three_history_columns_and_one_money_year_move_by_their_offsets(with_test_family):
    old = _t_document()
    made = next_year(old)
    t = family("T")
    _check_years(old, made.doc)
    table = next(tb for tb in t.project.tables if len(tb.history) == 3)
    row = made.doc.departments[0].projects[0].lists[table.key][0]
    assert [row.get(c.key, "") for c in table.history] == ["2023年值", "2024年值", "95%"]
    assert (made.moved, made.dropped) == (2 + 0, 1 + 1)             # 2023, 2024 moved; 2022 and money 2024 dropped
    assert made.carried == 2                                          # 95% and the money line's 100


def test_a_carried_value_is_a_hint_until_the_clerk_changes_or_confirms_it(tmp_path):
    old = projectfile.load(resource("samples", "hubei-ezhou-2024-xinfang.jxmb"))
    path = tmp_path / "鄂州2025.jxmb"
    projectfile.save(next_year(old).doc, path)
    doc = projectfile.load(path)                                     # the marks are saved and read back
    hints = carried_problems(doc)
    assert len(hints) == 45 and {p.severity.value for p in hints} == {"提示"}
    money, indicator = hints[0], next(p for p in hints if p.location.table == "annual")
    assert [p.rule for p in check_all(doc)].count("undeclared") == 0  # the mark is no content of the form
    set_value(doc, indicator.location, "98%")                          # the actual figure typed
    change = confirm_change(doc, money.location)                      # the figure found right
    assert change is not None and change[0].field == CARRIED
    set_value(doc, *change)
    left = carried_problems(doc)
    assert len(left) == 43 and money.location not in [p.location for p in left]
    assert indicator.location not in [p.location for p in left]
    assert get_value(doc, money.location) == Decimal("593.27")        # confirming changes no value
    assert confirm_change(doc, money.location) is None


def test_an_unconfirmed_value_stays_marked_as_it_moves_on_another_year():
    old = projectfile.load(resource("samples", "hubei-ezhou-2024-xinfang.jxmb"))
    twice = next_year(next_year(old).doc).doc
    hints = carried_problems(twice)
    line = twice.departments[0].money["fiscal"]
    assert line.prior[0] == Decimal("593.27")                        # 2024's figure, now in the 2024 column
    years = {p.message[:5] for p in hints if p.location.field == "fiscal"}
    assert years == {"2024年", "2025年"}


def test_amounts_are_cleared_when_the_clerk_chooses_and_plans_and_indicators_are_kept():
    old = projectfile.load(resource("samples", "hebei-luanping-2026-xinfang.jxmb"))
    made = next_year(old, keep_amounts=False)
    project, was = made.doc.departments[0].projects[0], old.departments[0].projects[0]
    assert (project.budget, project.fiscal) == (None, None) and was.budget == Decimal("80.00")
    assert project.plan == was.plan and project.indicators == was.indicators
    assert made.cleared >= 2 and "金额已清空" in made.summary()
    kept = next_year(old).doc.departments[0].projects[0]
    assert kept.budget == Decimal("80.00")
    ezhou = next_year(projectfile.load(resource("samples", "hubei-ezhou-2024-xinfang.jxmb")), keep_amounts=False).doc
    line = ezhou.departments[0].money["fiscal"]
    assert (line.amount, line.share, line.prior[1]) == (None, None, Decimal("593.27"))


def test_draft_is_set_where_the_form_prints_one():
    for path in SAMPLES:
        old = projectfile.load(path)
        fam = family(old.family)
        assert next_year(old).doc.draft is has_draft(fam)
        assert next_year(old, draft=False).doc.draft is False
    assert {f for f in ("H", "B") if has_draft(family(f))} == {"H"}


def test_the_checker_itself_reports_carried_values_and_not_their_mark():
    """rules.check (the window's checker) gives the 提示 of carried values, never the mark as
    content the form does not declare."""
    from desktop.rules import Checker
    from desktop.rules import check as rules_check

    doc = next_year(projectfile.load(resource("samples", "hubei-ezhou-2024-xinfang.jxmb"))).doc
    found = rules_check(doc)
    carried = [p for p in found if p.rule == "carried-over"]
    assert carried and not [p for p in found if p.rule == "undeclared"]
    assert Checker().check(doc) == found
