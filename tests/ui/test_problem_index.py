"""The problem index built from the incremental checker's groups, reusing the previous index,
answers every question exactly as an index of the full check's problems does."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desktop.rules import Checker, check
from tests.test_rules_incremental import _apply, _document, _edit, _family_t
from ui.checking import ProblemIndex

IN_PLACE = {"cell", "value", "plan", "year", "unit", "department value", "row amount", "settings"}


def _answers(index: ProblemIndex, doc) -> tuple:
    places = {p.location for p in index.problems}
    projects = [(d, p) for d, dept in enumerate(doc.departments) for p in range(len(dept.projects) + 1)]
    parts = {(p.location.dept, p.location.table or p.location.field or "") for p in index.problems}
    return (index.problems, index.counts, {loc: index.at(loc) for loc in places},
            {where: index.in_project(*where) for where in projects}, {part: index.in_part(*part) for part in parts})


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(family_id=st.sampled_from(["H", "T"]), edits=st.lists(_edit(), min_size=1, max_size=10))
def test_the_index_of_an_incremental_check_answers_as_the_index_of_a_full_check(family_id, edits):
    with _family_t():
        doc = _document(family_id)
        checker = Checker()
        index = ProblemIndex(checker.check(doc), checker.kept, checker.fresh)
        for edit in edits:
            if edit[0] != "settings":
                _apply(doc, edit)
            index = ProblemIndex(checker.check(doc), checker.kept, checker.fresh, index)
            assert _answers(index, doc) == _answers(ProblemIndex(check(doc)), doc)
            grouped = [p for group in index.groups() for p in group]
            assert sorted(map(id, grouped)) == sorted(map(id, index.problems))


def test_an_unchanged_project_keeps_its_group_from_one_index_to_the_next():
    doc = _document()
    checker = Checker()
    first = ProblemIndex(checker.check(doc), checker.kept, checker.fresh)
    doc.departments[0].projects[1].indicators[0]["target"] = ""
    second = ProblemIndex(checker.check(doc), checker.kept, checker.fresh, first)
    kept = {id(group) for group in first.groups()[1:]} & {id(group) for group in second.groups()[1:]}
    assert len(kept) == len(doc.departments[0].projects) - 1


def test_the_panel_model_keeps_its_rows_when_only_problems_beyond_those_listed_change(qapp):
    from tests.bigdoc import big_document
    from ui.models.problems import LISTED, ProblemsModel

    doc = big_document(projects=30, per_project=50)
    for project in doc.departments[0].projects:
        for row in project.indicators:
            row["basis"] = ""                      # 1,500 warnings: 500 listed
    model = ProblemsModel()
    checker = Checker()

    def warnings() -> tuple:
        group = next(model.index(g, 0) for g in range(model.rowCount()) if model.data(model.index(g, 0)).startswith("警告"))
        return group.row(), model.data(group), [model.data(model.index(r, 0, group)) for r in range(model.rowCount(group))]

    index = ProblemIndex(checker.check(doc), checker.kept, checker.fresh)
    assert model.set_problems(doc, index)
    row, title, shown = warnings()
    assert len(shown) == LISTED and "1500" in title
    told = []
    model.dataChanged.connect(lambda top, bottom, roles: told.append((top.row(), bottom.row(), top.parent().isValid())))
    doc.departments[0].projects[29].indicators[49]["basis"] = "文件"   # the last warning goes
    index = ProblemIndex(checker.check(doc), checker.kept, checker.fresh, index)
    assert not model.set_problems(doc, index)
    assert warnings()[1:] == (title.replace("1500", "1499"), shown)
    assert (row, row, False) in told and all(top == bottom and not child for top, bottom, child in told)
    doc.departments[0].projects[0].indicators[0]["basis"] = "文件"     # a listed one goes
    index = ProblemIndex(checker.check(doc), checker.kept, checker.fresh, index)
    assert model.set_problems(doc, index)
    assert warnings()[2] != shown and "1498" in warnings()[1]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(edits=st.lists(_edit().filter(lambda e: e[0] in IN_PLACE), min_size=1, max_size=8))
def test_the_trees_marks_from_kept_groups_equal_marks_made_from_every_problem(qapp, edits):
    """The document tree keeps what an unchanged project's group marked; after edits in place (the
    window resets the tree when rows, projects or units come and go) its marks are those a new
    tree makes from the whole check."""
    from ui.models.tree import DocumentTreeModel
    from ui.session import EditSession

    doc = _document("H")
    tree = DocumentTreeModel(EditSession(doc))
    checker = Checker()
    index = ProblemIndex(checker.check(doc), checker.kept, checker.fresh)
    tree.set_problems(index)
    for edit in edits:
        if edit[0] != "settings":
            _apply(doc, edit)
        index = ProblemIndex(checker.check(doc), checker.kept, checker.fresh, index)
        tree.set_problems(index)
        fresh_tree = DocumentTreeModel(EditSession(doc))
        fresh_tree.set_problems(ProblemIndex(check(doc)))
        assert tree._marks == fresh_tree._marks
