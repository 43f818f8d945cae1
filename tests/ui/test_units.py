"""Several units in one document: added, renamed, moved and removed in the tree, each undoable,
each with its own projects, and every unit in both exports."""

from __future__ import annotations

import docx
import openpyxl
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QFileDialog

from desktop import export, projectfile
from tests.ui.conftest import SAMPLES, type_chinese
from ui import dialogs
from ui.models.tree import DEPT, PROJECT, PROJECTS_GROUP, Node


def _fill_unit_dialog(code: str, name: str) -> None:
    """Type into the 添加单位 / 修改单位名称 dialog when it shows, and press 确定."""
    def answer() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, dialogs.UnitDialog):
            QTimer.singleShot(10, answer)
            return
        dialog.unit_code.setText(code)
        dialog.unit_name.clear()
        type_chinese(dialog.unit_name, name)
        dialog.accept()
    QTimer.singleShot(0, answer)


def _tree_texts(window) -> list[str]:  # type: ignore[no-untyped-def]
    model = window.tree_model
    return [model.data(model.index(r, 0)) for r in range(model.rowCount())]


def test_a_unit_is_added_renamed_moved_and_removed_in_the_tree_each_undoable(window, qtbot, monkeypatch):
    window.open_file(SAMPLES["hebei-luanping-2026-xinfang"])
    session = window.session
    first = session.doc.departments[0]
    projects = len(first.projects)
    window.select_node(Node(DEPT, 0))
    window.tree.setFocus()
    _fill_unit_dialog("154002", "滦平县信访局下属中心")
    window.act_add_unit.trigger()
    assert [d.unit_name for d in session.doc.departments] == ["滦平县信访局本级", "滦平县信访局下属中心"]
    assert _tree_texts(window) == ["154001 滦平县信访局本级", "154002 滦平县信访局下属中心"]
    assert window.current_node() == Node(DEPT, 1)
    assert window.centre.current_page().dept == 1       # the new unit's own page
    # the new unit has its own projects: one added there leaves the first unit's alone
    window.select_node(Node(PROJECTS_GROUP, 1))
    window.act_new_project.trigger()
    assert len(session.doc.departments[1].projects) == 1 and len(first.projects) == projects
    assert window.current_node() in (Node(PROJECT, 1, project=0), Node(PROJECTS_GROUP, 1))

    window.select_node(Node(DEPT, 1))
    _fill_unit_dialog("154003", "滦平县信访接待中心")
    window.act_rename_unit.trigger()
    assert _tree_texts(window)[1] == "154003 滦平县信访接待中心"
    assert window.session.stack.undoText() == "修改单位为“154003 滦平县信访接待中心”"

    window.select_node(Node(DEPT, 1))
    window.act_unit_up.trigger()
    assert [d.unit_code for d in session.doc.departments] == ["154003", "154001"]
    assert window.current_node() == Node(DEPT, 0)
    assert window.tree.isExpanded(window.tree_model.index_of(Node(DEPT, 1)))   # the moved-down unit stays open
    assert window.centre.current_page().dept == 0
    assert len(session.doc.departments[1].projects) == projects

    asked = []
    monkeypatch.setattr(dialogs, "ask_remove_unit", lambda parent, dept: asked.append(dept.unit_name) or True)
    window.select_node(Node(DEPT, 1))
    window.act_remove_unit.trigger()
    assert asked == ["滦平县信访局本级"]
    assert [d.unit_code for d in session.doc.departments] == ["154003"]
    assert not window.act_remove_unit.isEnabled()          # the last unit stays
    for _ in range(3):                                      # remove, move, rename
        window.act_undo.trigger()
    assert [d.unit_code for d in session.doc.departments] == ["154001", "154002"]
    assert session.doc.departments[0] is first and len(first.projects) == projects
    assert _tree_texts(window) == ["154001 滦平县信访局本级", "154002 滦平县信访局下属中心"]
    while session.stack.canUndo():
        window.act_undo.trigger()
    assert len(session.doc.departments) == 1 and _tree_texts(window) == ["154001 滦平县信访局本级"]
    window.select_node(Node(PROJECT, 0, project=0))       # pages made again work
    assert window.centre.current_page().project == 0


def test_a_two_unit_document_exports_both_units(window, qtbot, tmp_path, monkeypatch):
    path = SAMPLES["hebei-luanping-2026-xinfang"]
    window.open_file(path)
    _fill_unit_dialog("154009", "滦平县第二单位")
    window.act_add_unit.trigger()
    window.select_node(Node(PROJECTS_GROUP, 1))
    window.act_new_project.trigger()
    window.select_node(Node(PROJECT, 1, project=0))
    name = next(b.widget for b in window.centre.project_page.bindings if b.label == "项目名称")
    name.setFocus()
    type_chinese(name, "第二单位的专项项目")
    name.clearFocus()
    saved = tmp_path / "两个单位.jxmb"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(saved), ""))
    window.act_save_as.trigger()
    doc = projectfile.load(saved)
    assert [d.unit_name for d in doc.departments] == ["滦平县信访局本级", "滦平县第二单位"]
    export.export_docx(doc, tmp_path / "两个单位.docx")
    export.export_xlsx(doc, tmp_path / "两个单位.xlsx")
    words = "\n".join(p.text for p in docx.Document(str(tmp_path / "两个单位.docx")).paragraphs)
    cells = "\n".join(str(c.value) for ws in openpyxl.load_workbook(tmp_path / "两个单位.xlsx").worksheets
                      for row in ws.iter_rows() for c in row if c.value is not None)
    tables = "\n".join(c.text for t in docx.Document(str(tmp_path / "两个单位.docx")).tables
                       for row in t.rows for c in row.cells)
    for text in ("滦平县信访局本级", "滦平县第二单位", "第二单位的专项项目"):
        assert text in words + tables, text
        assert text in cells, text
