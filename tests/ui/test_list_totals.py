"""A list section with a declared ``total`` (T's 项目预算成本构成): the clerk types its 合计 in a
row under the list; it is kept in ``part.totals``, undone as any edit, and the checker's
list-sum problem leads to it."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLineEdit

from desktop import families as families_module
from desktop import projectfile
from desktop.edits import TOTAL, get_value, set_value, total_location
from desktop.families import family
from desktop.resources import resource
from desktop.rules import Location
from ui.models.tree import PROJECT, Node

FOLDER = Path(__file__).resolve().parents[1] / "data" / "families"


@pytest.fixture
def family_t(monkeypatch):  # type: ignore[no-untyped-def]
    monkeypatch.setattr(families_module, "folders", lambda: [resource("families"), FOLDER])
    families_module.reload()
    yield family("T")
    monkeypatch.undo()
    families_module.reload()


def _t_document():  # type: ignore[no-untyped-def]
    from desktop.blank import new_document, new_project
    from desktop.model import Row

    doc = new_document("T", 2025, "", "测试单位")
    project = new_project(family("T"))
    project.values.update(name="网球中心", code="P1")
    project.lists["cost"] = [Row(detail="场地租赁", amount=Decimal("600"), basis="按面积"),
                             Row(detail="器材", amount=Decimal("400"), basis="按清单")]
    doc.departments[0].projects.append(project)
    return doc


def test_a_list_total_is_read_and_written_at_its_location(family_t):
    doc = _t_document()
    loc = total_location(0, 0, "cost", "amount")
    assert loc == Location(0, 0, "cost", None, "amount", TOTAL)
    assert get_value(doc, loc) is None
    assert doc.departments[0].projects[0].totals == {}          # reading adds nothing
    set_value(doc, loc, Decimal("1000"))
    assert doc.departments[0].projects[0].totals == {"cost": {"amount": Decimal("1000")}}
    assert get_value(doc, loc) == Decimal("1000")
    assert doc.departments[0].projects[0].lists["cost"][0]["amount"] == Decimal("600")   # the rows untouched


def _totals_sheet(window):  # type: ignore[no-untyped-def]
    from ui.models.lists import ListTotalsModel

    page = window.centre.project_page
    return next(s for s in page.sheets if isinstance(s.model(), ListTotalsModel))


def _open_t(window, qtbot, tmp_path):  # type: ignore[no-untyped-def]
    path = tmp_path / "测试.jxmb"
    projectfile.save(_t_document(), path)
    assert window.open_file(path)
    qtbot.waitUntil(lambda: not window.runner.pending())
    window.select_node(Node(PROJECT, 0, project=0))
    return window.session


def test_the_clerk_types_the_total_under_the_list_and_undoes_it(family_t, window, qtbot, tmp_path):
    session = _open_t(window, qtbot, tmp_path)
    sheet = _totals_sheet(window)
    model = sheet.model()
    amount = next(i for i, c in enumerate(model.columns) if c.key == "amount")
    detail = next(i for i, c in enumerate(model.columns) if c.key == "detail")
    assert model.rowCount() == 1 and model.index(0, detail).data() == "合计"
    assert model.index(0, amount).data() == "1000"                 # empty: the rows' sum, greyed
    assert model.index(0, amount).data(Qt.ItemDataRole.ForegroundRole) is not None
    assert not model.flags(model.index(0, detail)) & Qt.ItemFlag.ItemIsEditable
    sheet.setFocus()
    sheet.setCurrentIndex(model.index(0, amount))
    qtbot.keyClick(sheet, Qt.Key.Key_F2)
    editor = QApplication.focusWidget()
    assert isinstance(editor, QLineEdit) and editor.text() == ""
    qtbot.keyClicks(editor, "900")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    project = session.doc.departments[0].projects[0]
    assert project.totals["cost"]["amount"] == Decimal("900")
    assert model.index(0, amount).data() == "900"
    # the checker finds 1000 ≠ 900; the problem leads to the 合计 cell
    panel = window.panel.model

    def list_sum():  # type: ignore[no-untyped-def]
        for g in range(panel.rowCount()):
            group = panel.index(g, 0)
            for r in range(panel.rowCount(group)):
                problem = panel.problem(panel.index(r, 0, group))
                if problem is not None and problem.rule == "list-sum" and problem.location.field == "amount":
                    return panel.index(r, 0, group)
        return None

    qtbot.waitUntil(lambda: list_sum() is not None, timeout=2000)
    assert model.index(0, amount).data(Qt.ItemDataRole.BackgroundRole) is not None    # marked
    qtbot.wait(20)
    window.tree.setFocus()
    window.panel.view.clicked.emit(list_sum())
    assert sheet.currentIndex().row() == 0 and sheet.currentIndex().column() == amount
    qtbot.wait(20)
    session.stack.undo()
    assert project.totals["cost"]["amount"] is None
    assert model.index(0, amount).data() == "1000"
    session.stack.redo()
    assert project.totals["cost"]["amount"] == Decimal("900")
    path = tmp_path / "再存.jxmb"
    projectfile.save(session.doc, path)
    assert projectfile.load(path).departments[0].projects[0].totals["cost"]["amount"] == Decimal("900")
    session.stack.setClean()


def test_the_total_row_follows_the_project_shown(family_t, window, qtbot, tmp_path):
    from desktop.blank import new_project

    doc = _t_document()
    other = new_project(family("T"))
    other.values.update(name="游泳馆", code="P2")
    other.totals["cost"] = {"amount": Decimal("55")}
    doc.departments[0].projects.append(other)
    path = tmp_path / "两个.jxmb"
    projectfile.save(doc, path)
    assert window.open_file(path)
    qtbot.waitUntil(lambda: not window.runner.pending())
    window.select_node(Node(PROJECT, 0, project=0))
    model = _totals_sheet(window).model()
    amount = next(i for i, c in enumerate(model.columns) if c.key == "amount")
    assert model.index(0, amount).data() == "1000"
    window.select_node(Node(PROJECT, 0, project=1))
    assert model.index(0, amount).data() == "55"


def test_a_department_list_with_a_total_has_its_row_and_the_problem_leads_to_it(window, qtbot, tmp_path, monkeypatch):
    """T with a department list declaring a 合计 (shown in the editor only): its row is under the
    list on the unit's page, typed there, and the list-sum problem selects it."""
    import json

    from desktop import familycheck
    from desktop.blank import new_document
    from desktop.model import Row
    from ui.models.lists import ListTotalsModel
    from ui.models.tree import DEPT

    raw = json.loads((FOLDER / "T.json").read_text(encoding="utf-8"))
    raw["id"], raw["name"] = "X", "测试 单位列表合计"
    cost = next(s for s in raw["project"]["sections"] if s["key"] == "cost")
    spend = {**cost, "key": "spend", "label": "单位支出明细", "required": False,
             "columns": [{**c, "print": False} for c in cost["columns"]]}
    raw["department"]["sections"].append(spend)
    assert familycheck.check(raw, "X.json") == []
    (tmp_path / "X.json").write_text(json.dumps(raw, ensure_ascii=False), encoding="utf-8")
    monkeypatch.setattr(families_module, "folders", lambda: [resource("families"), FOLDER, tmp_path])
    families_module.reload()
    try:
        doc = new_document("X", 2025, "", "测试单位")
        doc.departments[0].lists["spend"] = [Row(detail="水电", amount=Decimal("30"))]
        doc.departments[0].totals["spend"] = {"amount": Decimal("20")}
        path = tmp_path / "单位.jxmb"
        projectfile.save(doc, path)
        assert window.open_file(path)
        qtbot.waitUntil(lambda: not window.runner.pending())
        window.select_node(Node(DEPT, 0))
        page = window.centre.currentWidget()
        sheet = next(s for s in page.sheets if isinstance(s.model(), ListTotalsModel))
        model = sheet.model()
        amount = next(i for i, c in enumerate(model.columns) if c.key == "amount")
        assert model.index(0, amount).data() == "20"
        loc = total_location(0, None, "spend", "amount")
        from desktop.rules import check
        assert any(p.rule == "list-sum" and p.location == loc for p in check(window.session.doc))
        window.go_to(loc)          # where clicking that problem in the panel leads
        assert sheet.currentIndex().row() == 0 and sheet.currentIndex().column() == amount
        qtbot.keyClick(sheet, Qt.Key.Key_F2)
        editor = QApplication.focusWidget()
        assert isinstance(editor, QLineEdit) and editor.text() == "20"
        editor.selectAll()
        qtbot.keyClicks(editor, "30")
        qtbot.keyClick(editor, Qt.Key.Key_Return)
        assert window.session.doc.departments[0].totals["spend"]["amount"] == Decimal("30")
        window.session.stack.undo()
        assert window.session.doc.departments[0].totals["spend"]["amount"] == Decimal("20")
        window.session.stack.setClean()
    finally:
        monkeypatch.undo()
        families_module.reload()
