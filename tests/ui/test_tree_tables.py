"""A project form with several indicator tables (T: 实施期绩效指标 and 年度绩效指标): the tree
lists each table under the project with its rows, marks them and leads to them."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from desktop import families as families_module
from desktop import projectfile
from desktop.families import family
from desktop.resources import resource
from ui.models.tree import INDICATOR, PROJECT, PROJECT_TABLE, Node
from ui.treeview import TreeTarget

FOLDER = Path(__file__).resolve().parents[1] / "data" / "families"


@pytest.fixture
def t_window(window, qtbot, monkeypatch, tmp_path):  # type: ignore[no-untyped-def]
    """The window showing a T document: one project with a row in each table, the 年度 row's
    三级指标 empty."""
    from desktop.blank import new_document, new_project
    from desktop.model import Row

    monkeypatch.setattr(families_module, "folders", lambda: [resource("families"), FOLDER])
    families_module.reload()
    t = family("T")
    doc = new_document("T", 2025, "", "测试单位")
    project = new_project(t)
    project.values.update(name="网球中心", code="P1")
    project.lists["long_term"].append(Row(level1="产出指标", level3="场馆开放天数", comparator="≥", number="300", unit="天"))
    project.lists["annual"].append(Row(level1="产出指标", level3="培训人次", comparator="≥", number="100", unit="人次",
                                       weight="50", direction="正向"))
    project.lists["annual"].append(Row(level1="效益指标", level3="", comparator="≥", number="90", unit="%",
                                       weight="50", direction="正向"))
    doc.departments[0].projects.append(project)
    path = tmp_path / "测试.jxmb"
    projectfile.save(doc, path)
    assert window.open_file(path)
    qtbot.waitUntil(lambda: not window.runner.pending())
    yield window
    if window.session is not None:
        window.session.stack.setClean()
    monkeypatch.undo()
    families_module.reload()


def test_each_indicator_table_of_a_project_is_listed_with_its_rows(t_window, qtbot):
    window = t_window
    model = window.tree_model
    project = model.index_of(Node(PROJECT, 0, project=0))
    assert [model.index(r, 0, project).data() for r in range(model.rowCount(project))] == ["实施期绩效指标", "年度绩效指标"]
    long_term, annual = (model.index(r, 0, project) for r in range(2))
    assert [model.index(r, 0, long_term).data() for r in range(model.rowCount(long_term))] == ["场馆开放天数"]
    assert [model.index(r, 0, annual).data() for r in range(model.rowCount(annual))] == ["培训人次", "（未填写三级指标）"]
    # identity: each index maps to its node and back, parents included
    for table in (long_term, annual):
        node = model.node(table)
        assert node.kind == PROJECT_TABLE and model.index_of(node) == table and model.parent(table) == project
        for r in range(model.rowCount(table)):
            row = model.index(r, 0, table)
            assert model.index_of(model.node(row)) == row and model.parent(row) == table
    assert model.node(model.index(1, 0, annual)) == Node(INDICATOR, 0, section=1, project=0, row=1)
    # marks: the 年度 row without 三级指标, its table and the project; not the 实施期 table
    qtbot.waitUntil(lambda: model.data(model.index(1, 0, annual), Qt.ItemDataRole.DecorationRole) is not None, timeout=2000)
    assert "“三级指标”未填写" in model.data(model.index(1, 0, annual), Qt.ItemDataRole.ToolTipRole)
    assert model.data(annual, Qt.ItemDataRole.DecorationRole) is not None
    assert "“三级指标”未填写" not in model.data(model.index(0, 0, long_term), Qt.ItemDataRole.ToolTipRole)
    assert "“三级指标”未填写" not in model.data(model.index(0, 0, annual), Qt.ItemDataRole.ToolTipRole)
    window.tree.expandAll()


def test_a_row_added_in_the_second_table_appears_under_it(t_window, qtbot):
    window = t_window
    model = window.tree_model
    window.select_node(Node(PROJECT, 0, project=0))
    page = window.centre.project_page
    annual_sheet = next(s for s in page.sheets if getattr(s.model(), "table", None) is not None
                        and s.model().table.key == "annual")
    annual = model.index_of(Node(PROJECT_TABLE, 0, section=1, project=0))
    long_term = model.index_of(Node(PROJECT_TABLE, 0, section=0, project=0))
    annual_sheet.setFocus()
    annual_sheet.setCurrentIndex(annual_sheet.model().index(1, 0))
    annual_sheet.run("insert")
    assert model.rowCount(annual) == 3 and model.rowCount(long_term) == 1
    window.session.stack.undo()
    assert model.rowCount(annual) == 2


def test_a_problem_in_the_second_table_selects_its_row_in_tree_and_sheet(t_window, qtbot):
    window = t_window
    panel = window.panel.model
    qtbot.waitUntil(lambda: panel.rowCount() > 0, timeout=2000)
    target = None
    for g in range(panel.rowCount()):
        group = panel.index(g, 0)
        for r in range(panel.rowCount(group)):
            problem = panel.problem(panel.index(r, 0, group))
            if problem is not None and problem.location.table == "annual" and problem.location.row == 1:
                target = panel.index(r, 0, group)
    assert target is not None
    window.panel.view.clicked.emit(target)
    assert window.current_node() == Node(INDICATOR, 0, section=1, project=0, row=1)
    page = window.centre.project_page
    annual_sheet = next(s for s in page.sheets if getattr(s.model(), "table", None) is not None
                        and s.model().table.key == "annual")
    assert annual_sheet.currentIndex().row() == 1


def test_row_operations_from_the_tree_act_on_the_table_of_the_selected_row(t_window, qtbot):
    window = t_window
    window.select_node(Node(INDICATOR, 0, section=1, project=0, row=0))
    target = TreeTarget(window.tree)
    assert target.ref is not None and target.ref.table == "annual"
    target.run("duplicate")
    lists = window.session.doc.departments[0].projects[0].lists
    assert len(lists["annual"]) == 3 and len(lists["long_term"]) == 1


def test_a_row_of_the_second_table_chosen_in_the_tree_selects_that_row_in_its_own_sheet(t_window, qtbot):
    window = t_window
    window.select_node(Node(INDICATOR, 0, section=1, project=0, row=1))
    page = window.centre.project_page
    annual = next(s for s in page.sheets if s.doc_model().ref is not None and s.doc_model().ref.table == "annual")
    long_term = next(s for s in page.sheets if s.doc_model().ref is not None and s.doc_model().ref.table == "long_term")
    assert [i.row() for i in annual.selectionModel().selectedRows()] == [1]
    assert long_term.selectionModel().selectedRows() == []
