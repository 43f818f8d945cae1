"""The editor window driven as a clerk drives it: real widgets, real keys, Chinese through the
input method, offscreen."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QModelIndex, QPoint, Qt, QTimer, QUrl
from PySide6.QtGui import QDropEvent, QGuiApplication
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QDialogButtonBox,
    QFileDialog,
    QLineEdit,
    QMessageBox,
    QPushButton,
)

from desktop import projectfile
from desktop.resources import resource
from desktop.rules import Location, Severity, check
from tests.ui.conftest import SAMPLES, type_chinese
from ui import checking, dialogs, rowops
from ui.checking import ProblemIndex
from ui.commands import SetValues
from ui.editors import sheet as sheets
from ui.editors.delegates import CellDelegate
from ui.editors.project import ProjectPage
from ui.mainwindow import MainWindow
from ui.models.indicators import IndicatorTableModel
from ui.models.table import AMOUNT, LEVEL1, LEVEL2, PERCENT, to_value
from ui.models.tree import INDICATOR, PART, PROJECT, PROJECTS_GROUP, Node
from ui.settings import Settings


def field(window: MainWindow, label: str) -> QLineEdit:
    page = window.centre.currentWidget()
    return next(b.widget for b in page.bindings if b.label == label)


def create_document(window: MainWindow, qtbot, family_name: str, year: int, code: str, name: str) -> None:  # type: ignore[no-untyped-def]
    """文件 › 新建, fill in the dialog and press 确定; back in the window (offscreen, no window
    manager hands the activation back)."""

    def fill() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, dialogs.NewDocumentDialog)
        assert dialog.windowTitle() == "新建绩效目标文档"
        dialog.year.setValue(year)
        dialog.family.setCurrentIndex(dialog.family.findText(family_name))
        dialog.unit_code.setText(code)
        dialog.unit_name.setFocus()
        type_chinese(dialog.unit_name, name)
        buttons = dialog.findChild(QDialogButtonBox)
        ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        assert ok.text() == "确定"
        qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)

    QTimer.singleShot(0, fill)
    window.act_new.trigger()
    window.windowHandle().requestActivate()
    qtbot.waitUntil(window.isActiveWindow, timeout=1000)


def open_cell(window: MainWindow, qtbot, project: int, row: int, column: int, key: Qt.Key = Qt.Key.Key_F2):  # type: ignore[no-untyped-def]
    """Show a project, go to an indicator cell and open its editor with ``key``; the editor."""
    window.select_node(Node(PROJECT, 0, project=project))
    sheet = window.centre.project_page.indicator_sheet
    sheet.setFocus()
    sheet.setCurrentIndex(sheet.model().index(row, column))
    qtbot.keyClick(sheet, key)
    return QApplication.focusWidget()


def panel_messages(window: MainWindow) -> list[str]:
    model = window.panel.model
    out = []
    for g in range(model.rowCount()):
        group = model.index(g, 0)
        out += [model.problem(model.index(r, 0, group)).message for r in range(model.rowCount(group))]
    return out


def test_create_a_document_add_a_project_type_and_watch_the_panel(window, qtbot):
    create_document(window, qtbot, "河北 部门预算绩效文本", 2026, "154001", "滦平县信访局本级")
    session = window.session
    assert session is not None and session.doc.year == 2026 and session.doc.family == "H"
    assert session.doc.departments[0].unit_name == "滦平县信访局本级"
    assert window.windowTitle() == "未命名[*] — 预算绩效目标编辑器"

    window.act_new_project.trigger()
    assert isinstance(window.centre.currentWidget(), ProjectPage)
    assert [p.label for p in session.doc.departments[0].projects[0].plan] == ["3月底", "6月底", "10月底", "12月底"]
    qtbot.waitUntil(lambda: "“项目名称”未填写" in panel_messages(window), timeout=1000)

    name = field(window, "项目名称")
    name.setFocus()
    type_chinese(name, "信访工作保障经费")
    assert session.doc.departments[0].projects[0].name == "信访工作保障经费"
    qtbot.waitUntil(lambda: "“项目名称”未填写" not in panel_messages(window), timeout=1000)
    assert window.isWindowModified()
    tree_text = window.tree_model.data(window.tree_model.index_of(Node(PROJECT, 0, project=0)))
    assert tree_text == "1. 信访工作保障经费"

    budget = field(window, "预算数")
    budget.setFocus()
    qtbot.keyClicks(budget, "80")
    fiscal = field(window, "其中：财政资金")
    fiscal.setFocus()
    qtbot.keyClicks(fiscal, "70")
    qtbot.waitUntil(lambda: any("不等于财政资金与其他资金之和" in m for m in panel_messages(window)), timeout=1000)
    assert "两者不相等" in window.centre.project_page._split_label.text()
    assert budget.styleSheet() and "预算数80" in budget.toolTip()
    counts = window.count_labels[Severity.ERROR].text()
    assert counts.startswith("错误 ")


def test_typing_is_undone_as_one_step_with_the_change_named(window, qtbot):
    window.open_file(SAMPLES["hebei-luanping-2026-xinfang"])
    window.select_node(Node(PROJECT, 0, project=0))
    name = field(window, "项目名称")
    name.setFocus()
    name.end(False)
    type_chinese(name, "（一）")
    qtbot.keyClicks(name, "ab")
    assert window.session.doc.departments[0].projects[0].name == "信访工作保障经费（一）ab"
    assert window.act_undo.text() == "撤销 输入“项目名称”"
    qtbot.keyClick(name, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert window.session.doc.departments[0].projects[0].name == "信访工作保障经费"
    assert name.text() == "信访工作保障经费"
    assert not window.isWindowModified()
    qtbot.keyClick(name, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)
    assert name.text() == "信访工作保障经费（一）ab"
    assert window.isWindowModified()


def test_type_into_an_indicator_cell_then_undo_and_redo(window, qtbot):
    window.open_file(SAMPLES["hebei-luanping-2026-xinfang"])
    window.select_node(Node(INDICATOR, 0, project=1, row=0))
    page = window.centre.project_page
    sheet = page.indicator_sheet
    assert sheet.selected_rows() == [0]
    sheet.setFocus()
    sheet.setCurrentIndex(sheet.model().index(0, 4))
    qtbot.keyClick(sheet, Qt.Key.Key_F2)
    editor = QApplication.focusWidget()
    editor.selectAll()
    type_chinese(editor, "≥2个")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    indicators = window.session.doc.departments[0].projects[1].indicators
    qtbot.waitUntil(lambda: indicators[0].target == "≥2个", timeout=1000)
    assert sheet.currentIndex().row() == 1, "Enter moves to the cell below"
    assert window.act_undo.text() == "撤销 修改“指标值”"
    window.act_undo.trigger()
    assert indicators[0].target == "≥1个"
    window.act_redo.trigger()
    assert indicators[0].target == "≥2个"


def test_typing_on_a_cell_replaces_it_and_f2_edits_it_as_in_excel(window, qtbot):
    window.open_file(SAMPLES["hebei-luanping-2026-xinfang"])
    window.select_node(Node(PROJECT, 0, project=1))
    sheet = window.centre.project_page.indicator_sheet
    indicators = window.session.doc.departments[0].projects[1].indicators
    sheet.setFocus()
    sheet.setCurrentIndex(sheet.model().index(0, 4))
    qtbot.keyClicks(sheet, "3")
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    assert indicators[0].target == "3"
    sheet.setCurrentIndex(sheet.model().index(0, 4))
    type_chinese(sheet, "≥")                        # an input method starts the cell afresh too
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    assert indicators[0].target == "≥"
    sheet.setCurrentIndex(sheet.model().index(0, 4))
    qtbot.keyClick(sheet, Qt.Key.Key_F2)
    qtbot.keyClicks(QApplication.focusWidget(), "2")
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    assert indicators[0].target == "≥2"


def test_f4_opens_the_level2_list_filtered_by_level1(window, qtbot):
    window.open_file(SAMPLES["hunan-shifeng-2021-xinfang"])
    combo = open_cell(window, qtbot, 0, 0, 1, Qt.Key.Key_F4)
    qtbot.waitUntil(lambda: combo.view().isVisible(), timeout=1000)
    assert [combo.itemText(i) for i in range(combo.count())] == ["产出数量", "产出质量", "产出时效", "产出成本"]
    combo.hidePopup()


def test_clicking_a_problem_selects_the_cell(window, qtbot):
    window.open_file(SAMPLES["hebei-dingzhou-2020-xinfang"])
    window.panel.raise_()       # in front of 目录, its tab on this narrow screen, as the clerk clicks it
    qtbot.waitUntil(lambda: not window.panel.visibleRegion().isEmpty())
    model = window.panel.model
    errors = model.index(0, 0)
    assert model.data(errors) == "错误（2）"
    first = model.index(0, 0, errors)
    rect = window.panel.view.visualRect(first)
    qtbot.mouseClick(window.panel.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    page = window.centre.currentWidget()
    assert isinstance(page, ProjectPage) and (page.dept, page.project) == (0, 4)
    sheet = page.indicator_sheet
    assert QApplication.focusWidget() is sheet
    current = sheet.currentIndex()
    assert (current.row(), sheet.doc_model().columns[current.column()].key) == (0, "target")
    assert current.data() == "≥0"
    assert current.data(Qt.ItemDataRole.ToolTipRole).startswith("错误：指标值“≥0”不可能达不到")
    assert current.data(Qt.ItemDataRole.BackgroundRole) is not None


def test_enter_on_a_problem_selects_a_department_field(window, qtbot):
    window.open_file(SAMPLES["hubei-ezhou-2024-xinfang"])
    view = window.panel.view
    view.setFocus()
    errors = window.panel.model.index(0, 0)
    view.setCurrentIndex(window.panel.model.index(1, 0, errors))
    qtbot.keyClick(view, Qt.Key.Key_Return)
    sheet = QApplication.focusWidget()
    index = sheet.currentIndex()
    assert sheet.doc_model().location(index.row(), index.column()) == Location(
        0, table="money", field="expense_total", column="prior1")


def test_paste_a_tab_separated_block_adds_rows_and_undoes_at_once(window, qtbot):
    window.open_file(SAMPLES["hebei-luanping-2026-xinfang"])
    window.select_node(Node(PROJECT, 0, project=1))
    sheet = window.centre.project_page.indicator_sheet
    indicators = window.session.doc.departments[0].projects[1].indicators
    before = [i.copy() for i in indicators]
    count = len(indicators)
    sheet.setFocus()
    sheet.setCurrentIndex(sheet.model().index(count - 1, 0))
    QGuiApplication.clipboard().setText(
        "满意度指标\t服务对象满意度指标\t群众满意度\t\"受益群众\r\n满意度\"\t满意度较好\t问卷调查\r\n"
        "满意度指标\t服务对象满意度指标\t办事满意度\t办事群众满意度\t≥90%\t问卷调查\r\n")
    qtbot.keyClick(sheet, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert len(indicators) == count + 1
    assert (indicators[-2].level1, indicators[-2].description) == ("满意度指标", "受益群众\n满意度")
    assert indicators[-1].level3 == "办事满意度"
    assert window.act_undo.text() == "撤销 粘贴2×6个单元格"
    qtbot.waitUntil(lambda: "满意度指标值“满意度较好”没有具体数值" in panel_messages(window), timeout=1000)
    window.act_undo.trigger()
    assert indicators == before


def test_copy_a_range_and_clear_it(window, qtbot):
    window.open_file(SAMPLES["hebei-luanping-2026-xinfang"])
    window.select_node(Node(PROJECT, 0, project=0))
    sheet = window.centre.project_page.indicator_sheet
    sheet.setFocus()
    model = sheet.model()
    sheet.setCurrentIndex(model.index(0, 2))
    sheet.selectionModel().select(
        type(sheet.selectionModel().selection())(model.index(0, 2), model.index(1, 4)),
        sheet.selectionModel().SelectionFlag.ClearAndSelect)
    qtbot.keyClick(sheet, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    assert QGuiApplication.clipboard().text() == "完成维稳任务\t维稳任务数量\t≥75次\r\n执行合格率\t任务执行合格率\t≥95%\r\n"
    qtbot.keyClick(sheet, Qt.Key.Key_Delete)
    assert model.index(1, 4).data() == ""
    assert window.act_undo.text() == "撤销 清除内容"


def test_row_commands_and_dragging_a_row_number(window, qtbot):
    window.open_file(SAMPLES["hebei-luanping-2026-xinfang"])
    window.select_node(Node(PROJECT, 0, project=0))
    sheet = window.centre.project_page.indicator_sheet
    indicators = window.session.doc.departments[0].projects[0].indicators
    names = [i.level3 for i in indicators]
    sheet.setFocus()
    sheet.setCurrentIndex(sheet.model().index(1, 2))
    window.ops["down"].trigger()
    assert [i.level3 for i in indicators][1:3] == [names[2], names[1]]
    assert sheet.selected_rows() == [2]
    window.ops["duplicate"].trigger()
    assert indicators[3].level3 == names[1] and indicators[3] is not indicators[2]
    window.ops["remove"].trigger()
    window.ops["insert"].trigger()
    assert indicators[sheet.selected_rows()[0]].level3 == ""
    assert window.act_undo.text() == "撤销 插入1条指标"
    for _ in range(4):
        window.act_undo.trigger()
    assert [i.level3 for i in indicators] == names
    sheet.verticalHeader().moveSection(0, 3)
    assert [i.level3 for i in indicators][:4] == [names[1], names[2], names[3], names[0]]
    assert window.act_undo.text() == "撤销 移动1条指标"


def test_projects_are_added_copied_moved_and_deleted_with_the_editor_following(window, qtbot):
    window.open_file(SAMPLES["hebei-luanping-2026-xinfang"])
    projects = window.session.doc.departments[0].projects
    window.select_node(Node(PROJECT, 0, project=0))
    window.act_copy_project.trigger()
    assert [p.name for p in projects] == ["信访工作保障经费", "信访工作保障经费（副本）", "信访维稳经费"]
    page = window.centre.project_page
    assert window.centre.currentWidget() is page and page.project == 1
    assert field(window, "项目名称").text() == "信访工作保障经费（副本）"
    window.tree.setFocus()
    window.ops["down"].trigger()
    assert [p.name for p in projects][1:] == ["信访维稳经费", "信访工作保障经费（副本）"]
    assert window.current_node() == Node(PROJECT, 0, project=2)
    assert field(window, "项目名称").text() == "信访工作保障经费（副本）"
    window.ops["remove"].trigger()
    assert len(projects) == 2 and page.project == 1
    assert field(window, "项目名称").text() == "信访维稳经费"
    while window.session.stack.canUndo():
        window.act_undo.trigger()
    assert [p.name for p in projects] == ["信访工作保障经费", "信访维稳经费"]
    window.select_node(Node(PROJECTS_GROUP, 0))
    listing = window.centre.projects_pages[0]
    listing.view.verticalHeader().moveSection(1, 0)
    assert [p.name for p in projects] == ["信访维稳经费", "信访工作保障经费"]
    assert window.centre.currentWidget() is listing


def test_save_reopen_and_the_modified_marker(window, qtbot, tmp_path, monkeypatch):
    create_document(window, qtbot, "湖北 部门整体绩效目标表", 2024, "", "鄂州市信访局")
    unit = field(window, "部门（单位）名称")
    unit.setFocus()
    unit.end(False)
    type_chinese(unit, "本级")
    target = tmp_path / "鄂州"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    qtbot.keyClick(window, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    saved = target.with_name("鄂州.jxmb")
    assert saved.exists() and not window.isWindowModified()
    assert window.windowTitle() == "鄂州.jxmb[*] — 预算绩效目标编辑器"
    assert window.save_state.text() == "已保存"
    assert window.settings.recent_files[0] == str(saved)
    again = projectfile.load(saved)
    assert again == window.session.doc and again.departments[0].unit_name == "鄂州市信访局本级"
    window.act_close.trigger()
    assert window.session is None
    assert window.open_file(saved) and window.session.doc == again


def test_unsaved_changes_prompt_follows_the_clean_state(window, qtbot, monkeypatch):
    asked: list[str] = []
    monkeypatch.setattr(dialogs, "ask_save_changes", lambda parent, name: asked.append(name) or dialogs.CANCEL)
    window.open_file(SAMPLES["hunan-shifeng-2021-xinfang"])
    window.select_node(Node(PROJECT, 0, project=0))
    name = field(window, "支出方向（子项）")
    name.setFocus()
    qtbot.keyClicks(name, "x")
    window.close()
    assert asked == ["hunan-shifeng-2021-xinfang.jxmb"] and window.isVisible()
    window.act_undo.trigger()
    assert not window.isWindowModified()
    assert window.close_document() and asked == ["hunan-shifeng-2021-xinfang.jxmb"]


def test_a_corrupt_file_is_refused_in_chinese_and_the_open_document_stays(window, tmp_path, monkeypatch):
    shown: list[tuple[str, str]] = []
    monkeypatch.setattr(dialogs, "show_error", lambda parent, title, message: shown.append((title, message)))
    window.open_file(SAMPLES["hunan-shifeng-2021-xinfang"])
    doc = window.session.doc
    broken = tmp_path / "坏文件.jxmb"
    broken.write_text('{"format": "jxmb", "version": 2, "document": {', encoding="utf-8")
    newer = tmp_path / "新版本.jxmb"
    newer.write_text('{"format": "jxmb", "version": 99, "document": {}}', encoding="utf-8")
    assert not window.open_file(broken)
    assert not window.open_file(newer)
    assert [title for title, _ in shown] == ["无法打开", "无法打开"]
    assert shown[0][1].startswith("文件已损坏或不完整") and "更新版本的软件" in shown[1][1]
    assert window.session.doc is doc


def test_a_failed_save_keeps_the_document_and_says_why(window, tmp_path, monkeypatch):
    shown: list[str] = []
    monkeypatch.setattr(dialogs, "show_error", lambda parent, title, message: shown.append(message))
    window.open_file(SAMPLES["hunan-shifeng-2021-xinfang"])
    doc = window.session.doc
    window.session.path = tmp_path / "已删除的文件夹" / "石峰.jxmb"
    window.session.stack.resetClean()
    assert not window.save()
    assert shown[0].startswith("无法保存“石峰.jxmb”：找不到该文件") and "可换一个位置另存" in shown[0]
    assert window.isWindowModified() and window.session.doc is doc


def test_dropping_a_file_on_the_window_opens_it(window, qtbot):
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(SAMPLES["hubei-ezhou-2024-xinfang"]))])
    drop = QDropEvent(QPoint(50, 50).toPointF(), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                      Qt.KeyboardModifier.NoModifier)
    window.dropEvent(drop)
    qtbot.waitUntil(lambda: window.session is not None, timeout=1000)
    assert window.session.path == SAMPLES["hubei-ezhou-2024-xinfang"].resolve()


def test_export_asks_about_errors_and_never_changes_the_document(window, tmp_path, monkeypatch):
    asked: list[int] = []
    monkeypatch.setattr(dialogs, "ask_export_with_errors", lambda parent, n: asked.append(n) or True)
    window.open_file(SAMPLES["hubei-ezhou-2024-xinfang"])
    before = projectfile.dumps(window.session.doc)
    names = iter([tmp_path / "鄂州", tmp_path / "鄂州表.xlsx"])
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(next(names)), ""))
    window.act_docx.trigger()
    window.act_xlsx.trigger()
    assert asked == [2, 2]
    assert (tmp_path / "鄂州.docx").stat().st_size > 0 and (tmp_path / "鄂州表.xlsx").stat().st_size > 0
    assert projectfile.dumps(window.session.doc) == before and not window.isWindowModified()


def test_export_failure_is_shown_in_chinese(window, tmp_path, monkeypatch):
    shown: list[str] = []
    monkeypatch.setattr(dialogs, "show_error", lambda parent, title, message: shown.append(message))
    window.open_file(SAMPLES["hebei-luanping-2026-xinfang"])
    monkeypatch.setattr(dialogs, "ask_export_with_errors", lambda parent, n: True)
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        lambda *a, **k: (str(tmp_path / "没有这个文件夹" / "x.docx"), ""))
    window.act_docx.trigger()
    assert shown and shown[0].startswith("无法导出“x.docx”")


def test_qt_dialogs_speak_chinese(window):
    box = QMessageBox(QMessageBox.Icon.Question, "t", "t",
                      QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No)
    assert box.button(QMessageBox.StandardButton.Yes).text().startswith("是")
    assert QFileDialog(window).labelText(QFileDialog.DialogLabel.Accept) in ("打开(&O)", "打开")


def test_settings_are_remembered(window, profile):
    window.settings.autosave_minutes = 5
    window.settings.add_recent(Path("/tmp/甲.jxmb"))
    window.close()
    again = Settings.load()
    assert again.autosave_minutes == 5 and again.recent_files == ["/tmp/甲.jxmb"] and again.geometry
    assert (profile / "settings.json").exists()


def test_a_mangled_settings_file_still_starts_the_window(qtbot, profile):
    profile.mkdir(parents=True, exist_ok=True)
    (profile / "settings.json").write_text('{"geometry": "不是base64!", "window_state": "@@", '
                                           '"satisfaction_floor": "0"}', encoding="utf-8")
    win = MainWindow(Settings.load())
    qtbot.addWidget(win)
    assert win.width() > 0
    assert win.settings.rule_settings().satisfaction_floor == 0      # a floor of 0 is a floor


@pytest.mark.parametrize("name", ["hubei-ezhou-2024-xinfang", "hunan-shifeng-2021-xinfang",
                                  "hebei-dingzhou-2020-xinfang"])
def test_a_file_lacking_parts_of_its_family_opens_and_every_node_shows(window, qtbot, tmp_path, name):
    v2 = Path(__file__).resolve().parents[1] / "data" / "v2" / f"{name}.jxmb"     # the samples as format 2
    raw = json.loads(v2.read_text(encoding="utf-8"))
    dept = raw["document"]["departments"][0]
    dept["tables"], dept["money"], dept["texts"] = {}, {}, {}
    path = tmp_path / "缺项.jxmb"
    path.write_text(json.dumps(raw, ensure_ascii=False), encoding="utf-8")
    assert window.open_file(path)
    fam = window.session.family
    model = window.tree_model
    pending = [QModelIndex()]
    shown = set()
    while pending:
        parent = pending.pop()
        for row in range(model.rowCount(parent)):
            index = model.index(row, 0, parent)
            node = model.node(index)
            window.tree.setCurrentIndex(index)
            page = window.centre.current_page()
            assert page is not None and page.isVisible(), node
            QApplication.processEvents()        # the sheets fit their rows on the next turn
            assert not page.grab().isNull()
            if node.kind in (PROJECT, INDICATOR):
                assert isinstance(page, ProjectPage) and (page.dept, page.project) == (node.dept, node.project)
            elif node.kind == PROJECTS_GROUP:
                assert page is window.centre.projects_pages[node.dept]
            else:
                assert page is window.centre.dept_pages[node.dept]
            shown.add(type(page).__name__)
            pending.append(index)
    assert shown == {"DepartmentPage", "ProjectsPage", "ProjectPage"} if fam.has_projects else {"DepartmentPage"}
    # the parts the file lacked are there, empty, as the family has them
    dept_page = window.centre.dept_pages[0]
    sheets = {type(s.doc_model()).__name__: s.doc_model() for s in dept_page.sheets}
    if fam.money is not None:
        assert sheets["MoneyModel"].rowCount() == len(fam.money.lines)
        assert all(sheets["MoneyModel"].index(r, 2).data(Qt.ItemDataRole.EditRole) == ""
                   for r in range(len(fam.money.lines)))
    assert len([s for s in dept_page.sheets if isinstance(s.doc_model(), IndicatorTableModel)]) \
        == len(fam.department_tables)
    texts = {f.label for f in fam.sections if f.kind == "text"}
    fields = [b.widget.toPlainText() for b in dept_page.bindings if b.label in texts]
    assert len(fields) == len(texts) and not any(fields)


def test_the_satisfaction_floor_setting_changes_the_check(window, qtbot):
    window.open_file(SAMPLES["hebei-luanping-2026-xinfang"])
    assert not any("低于" in m for m in panel_messages(window))

    def answer() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, dialogs.SettingsDialog) and dialog.windowTitle() == "设置"
        dialog.floor.setValue(96)
        dialog.autosave.setValue(5)
        dialog.accept()

    QTimer.singleShot(0, answer)
    window.act_settings.trigger()
    assert "满意度目标95%低于96%" in panel_messages(window)
    assert window.autosaver.timer.interval() == 5 * 60_000
    assert Settings.load().satisfaction_floor == "96"


def test_changing_the_year_renames_the_prior_year_columns_and_undoes(window, qtbot):
    window.open_file(SAMPLES["hubei-ezhou-2024-xinfang"])
    page = window.centre.currentWidget()
    money = page.sheets[0].model()
    assert money.headerData(4, Qt.Orientation.Horizontal) == "2022年"
    page.year.setValue(2025)
    assert window.session.doc.year == 2025 and money.headerData(4, Qt.Orientation.Horizontal) == "2023年"
    assert page._title.text() == "2025年部门整体绩效目标表"
    assert window.act_undo.text() == "撤销 修改“年度”为2025年"
    window.act_undo.trigger()
    assert page.year.value() == 2024 and money.headerData(5, Qt.Orientation.Horizontal) == "2023年"


def test_the_tree_stays_open_as_projects_come_and_go(window, qtbot):
    window.open_file(SAMPLES["hebei-dingzhou-2020-xinfang"])
    model = window.tree_model
    second = window.session.doc.departments[0].projects[1]
    window.tree.expand(model.index_of(Node(PROJECT, 0, project=1)))
    window.select_node(Node(PROJECT, 0, project=0))
    window.tree.collapse(model.index_of(Node(PROJECT, 0, project=0)))
    window.act_copy_project.trigger()                         # a copy of project 1 lands after it
    projects = window.session.doc.departments[0].projects
    moved = next(i for i, p in enumerate(projects) if p is second)
    assert moved == 2
    assert window.tree.isExpanded(model.index_of(Node(PART, 0)))
    assert window.tree.isExpanded(model.index_of(Node(PROJECT, 0, project=moved)))
    window.act_undo.trigger()
    assert window.tree.isExpanded(model.index_of(Node(PROJECT, 0, project=1)))


def test_projects_can_be_dragged_in_the_tree(window):
    window.open_file(SAMPLES["hebei-dingzhou-2020-xinfang"])
    model = window.tree_model
    names = [p.name for p in window.session.doc.departments[0].projects]
    mime = model.mimeData([model.index_of(Node(PROJECT, 0, project=0))])
    group = model.index_of(Node(PROJECTS_GROUP, 0))
    assert model.canDropMimeData(mime, Qt.DropAction.MoveAction, 3, 0, group)
    assert model.dropMimeData(mime, Qt.DropAction.MoveAction, 3, 0, group)
    assert [p.name for p in window.session.doc.departments[0].projects] == names[1:3] + names[:1] + names[3:]
    assert window.act_undo.text() == "撤销 移动1个项目"


def test_f8_walks_through_the_problems(window, qtbot):
    window.open_file(SAMPLES["hubei-ezhou-2024-xinfang"])
    qtbot.keyClick(window, Qt.Key.Key_F8)
    first = window.panel.model.problem(window.panel.view.currentIndex())
    assert first.message.startswith("2023年收入构成各项之和")
    qtbot.keyClick(window, Qt.Key.Key_F8)
    second = window.panel.model.problem(window.panel.view.currentIndex())
    assert second.message.startswith("2023年支出构成各项之和")
    sheet = QApplication.focusWidget()
    assert sheet.doc_model().location(sheet.currentIndex().row(), sheet.currentIndex().column()) == second.location


def test_level3_offers_names_from_the_document_and_the_samples(window, qtbot):
    window.open_file(SAMPLES["hunan-shifeng-2021-xinfang"])
    editor = open_cell(window, qtbot, 0, 0, 2)
    assert isinstance(editor, QLineEdit)
    names = editor.completer().model().stringList()
    assert "预算资金使用率" in names and "完成维稳任务" in names   # this document; a 河北 sample
    qtbot.keyClick(editor, Qt.Key.Key_Escape)


def test_recent_files_menu_reopens(window, qtbot):
    window.open_file(SAMPLES["hunan-shifeng-2021-xinfang"])
    window.open_file(SAMPLES["hebei-luanping-2026-xinfang"])
    window.recent_menu.aboutToShow.emit()
    texts = [a.text() for a in window.recent_menu.actions()]
    assert texts == ["&1 滦平县信访局　2026年　河北（hebei-luanping-2026-xinfang.jxmb）",
                     "&2 石峰区信访局　2021年　湖南（hunan-shifeng-2021-xinfang.jxmb）"]
    window.recent_menu.actions()[1].trigger()
    assert window.session.path.name == "hunan-shifeng-2021-xinfang.jxmb"
    window.close_document()
    listing = window.start.recent
    assert listing.item(0).text().startswith("石峰区信访局　2021年　湖南    hunan-shifeng-2021-xinfang.jxmb")
    assert Settings.load().recent_labels[str(SAMPLES["hunan-shifeng-2021-xinfang"].resolve())] == "石峰区信访局　2021年　湖南"


def test_a_bundled_sample_opens_from_the_start_page_as_a_copy(window, qtbot, tmp_path, monkeypatch):
    bundled = resource("samples", "hubei-ezhou-2024-xinfang.jxmb")
    before = bundled.read_bytes()
    listing = window.start.samples
    labels = [listing.item(i).text() for i in range(listing.count())]
    seeds = ["定州市信访局　2020年　河北", "滦平县信访局　2026年　河北", "鄂州市信访局　2024年　湖北", "石峰区信访局　2021年　湖南"]
    assert [label for label in labels if label in seeds] == seeds       # in name order, among the other samples
    item = listing.item(labels.index("鄂州市信访局　2024年　湖北"))
    listing.scrollToItem(item)
    where = listing.visualItemRect(item).center()
    qtbot.mouseClick(listing.viewport(), Qt.MouseButton.LeftButton, pos=where)     # a double click: press,
    qtbot.mouseDClick(listing.viewport(), Qt.MouseButton.LeftButton, pos=where)    # release, press again
    assert window.session is not None and window.session.path is None
    assert window.windowTitle() == "鄂州市信访局　2024年　湖北（示例副本）[*] — 预算绩效目标编辑器"
    assert window.settings.recent_files == []
    assert window.save_state.text() == "尚未保存为文件"
    unit = field(window, "填报人")
    unit.setFocus()
    type_chinese(unit, "张")
    target = tmp_path / "我的鄂州"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    window.act_save.trigger()
    assert window.session.path == target.with_name("我的鄂州.jxmb").resolve()
    assert projectfile.load(window.session.path).departments[0].preparer == "罗意张"
    assert window.save_state.text() == "已保存"
    assert bundled.read_bytes() == before


def test_text_pasted_from_word_is_cleaned_and_typing_goes_on_where_it_was(window, qtbot):
    window.open_file(SAMPLES["hebei-dingzhou-2020-xinfang"])
    window.select_node(Node(PROJECT, 0, project=0))
    use = field(window, "资金用途")
    use.setFocus()
    use.selectAll()
    use.insertPlainText("甲\x0b乙\x07")                 # what a paste from Word brings
    type_chinese(use, "丙")
    assert window.session.doc.departments[0].projects[0].use == "甲\n乙丙"


def test_saving_takes_in_a_cell_still_being_typed(window, qtbot, tmp_path):
    mine = tmp_path / "石峰.jxmb"
    mine.write_bytes(SAMPLES["hunan-shifeng-2021-xinfang"].read_bytes())
    window.open_file(mine)
    editor = open_cell(window, qtbot, 0, 0, 4)
    editor.selectAll()
    type_chinese(editor, "每人每月235元")
    qtbot.keyClick(editor, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert projectfile.load(mine).departments[0].projects[0].indicators[0].remark == "每人每月235元"
    assert not window.isWindowModified()


def test_the_panel_follows_an_edit_within_100_ms(window, qtbot):
    window.open_file(SAMPLES["hebei-luanping-2026-xinfang"])
    window.select_node(Node(PROJECT, 0, project=0))
    plan = window.centre.project_page.plan
    assert "资金支出计划最后一个节点“10月底”为75%，应为100%" in panel_messages(window)
    plan.setData(plan.index(0, 2), "100")
    # The edit schedules a check well within 100 ms; when it runs the panel follows at once
    # (no wall-clock wait: a busy 2-core machine may run the timer late).
    assert window.runner.pending() and checking.DEBOUNCE_MS < 100
    assert "资金支出计划最后一个节点“10月底”为75%，应为100%" in panel_messages(window)
    window.runner.run()
    assert panel_messages(window) == []
    assert window.count_labels[Severity.ERROR].text() == "错误 0"
    assert window.tree_model.data(window.tree_model.index_of(Node(PROJECT, 0, project=0)),
                                  Qt.ItemDataRole.DecorationRole) is None


def recheck(window: MainWindow) -> None:
    """What the checker publishes when it runs (the debounce timer's work, done at once)."""
    window.runner.checked.emit(ProblemIndex(check(window.session.doc, window.settings.rule_settings())))


def type_fast(qtbot, keys: str, between=None) -> None:  # type: ignore[no-untyped-def]
    """Type ``keys`` at full speed into whatever has the focus; Tab and Enter as keys; ``between``
    runs after every key (a re-check landing while the clerk types)."""
    for key in keys:
        widget = QApplication.focusWidget()
        assert widget is not None, f"nothing has the focus before {key!r}"
        if key == "\n":
            qtbot.keyClick(widget, Qt.Key.Key_Return)
        else:
            qtbot.keyClicks(widget, key)
        if between is not None:
            between()


def _typing_run(sheet) -> tuple[int, list[int]]:  # type: ignore[no-untyped-def]
    """A row and the longest run of adjacent cells of it that typing fills (no lists, no labels)."""
    model = sheet.doc_model()
    best: tuple[int, list[int]] = (0, [])
    for row in range(model.rowCount()):
        run: list[int] = []
        for column in range(model.columnCount() + 1):
            index = model.index(row, column)
            if column < model.columnCount() and index.flags() & Qt.ItemFlag.ItemIsEditable \
                    and model.kind(column) not in (LEVEL1, LEVEL2):
                run.append(column)
                continue
            if len(run) > len(best[1]):
                best = (row, run)
            run = []
    return best


def _typed(kind: str, n: int) -> str:
    return f"{11 * (n + 1)}.5" if kind in (AMOUNT, PERCENT) else f"v{n}x"


def _screens_with_sheets(window: MainWindow) -> list[Node]:
    nodes = [Node(PART, 0)]
    if window.session.family.has_projects:
        nodes += [Node(PROJECTS_GROUP, 0), Node(PROJECT, 0, project=0)]
    return nodes


@pytest.mark.parametrize("name", sorted(SAMPLES))
def test_typing_at_full_speed_through_every_sheet_keeps_every_value(window, qtbot, name):
    """Type over a row of cells with Tab, end with Enter, while re-checks land between keys."""
    window.open_file(SAMPLES[name])
    window.windowHandle().requestActivate()
    qtbot.waitUntil(window.isActiveWindow, timeout=1000)
    session = window.session
    typed_sheets = visited = 0
    for node in _screens_with_sheets(window):
        window.select_node(node)
        page = window.centre.currentWidget()
        visited += len(page.sheets)
        for sheet in page.sheets:
            model = sheet.doc_model()
            if not model.rowCount() and sheet.can("insert"):
                sheet.run("insert")
            row, columns = _typing_run(sheet)
            if not columns:
                continue
            typed_sheets += 1
            # the first cell starts empty: filling an empty cell then typing over the next
            first = model.location(row, columns[0])
            session.stack.push(SetValues(session, [(first, to_value(model.kind(columns[0]), ""))], "清空"))
            values = {c: _typed(model.kind(c), i) for i, c in enumerate(columns)}
            sheet.setFocus()
            sheet.setCurrentIndex(model.index(row, columns[0]))
            type_fast(qtbot, "\t".join(values.values()) + "\n", lambda: recheck(window))
            # Qt commits a one-line editor on Enter on the event loop's next turn
            qtbot.waitUntil(lambda s=sheet: s.state() != QAbstractItemView.State.EditingState, timeout=1000)
            got = {c: model.index(row, c).data(Qt.ItemDataRole.EditRole) for c in columns}
            assert got == values, f"{type(model).__name__} row {row}"
    assert typed_sheets >= min(3, visited)      # P's pages hold two sheets: the projects list and the indicators


def test_the_spending_plan_keeps_what_was_typed_at_full_speed(window, qtbot):
    """The clerk's report: 25 Tab 50 Tab 75 Tab 75 Enter, filling an empty checkpoint and typing over
    the next ones, while re-checks land between the keys."""
    window.open_file(SAMPLES["hebei-dingzhou-2020-xinfang"])
    window.windowHandle().requestActivate()
    qtbot.waitUntil(window.isActiveWindow, timeout=1000)
    window.select_node(Node(PROJECT, 0, project=0))
    sheet = window.centre.project_page.plan_sheet
    plan = window.session.doc.departments[0].projects[0].plan
    before = [None, Decimal(10), Decimal(20), Decimal(30)]         # the first checkpoint empty
    window.session.stack.push(SetValues(window.session, [(Location(0, 0, "plan", i, "percent"), v)
                                                         for i, v in enumerate(before)], "准备"))
    sheet.setFocus()
    sheet.setCurrentIndex(sheet.model().index(0, 0))
    type_fast(qtbot, "2", lambda: recheck(window))
    assert QApplication.focusWidget().text() == "2"          # an open editor is not reloaded
    type_fast(qtbot, "5\t50\t75\t75\n", lambda: recheck(window))
    qtbot.waitUntil(lambda: sheet.state() != QAbstractItemView.State.EditingState, timeout=1000)
    assert [str(p.percent) for p in plan] == ["25", "50", "75", "75"]


def _many_rows(n: int, long_every: int = 0) -> str:
    """``n`` indicator rows as Excel puts them on the clipboard; every ``long_every``-th has a
    description too long for one line."""
    def description(i: int) -> str:
        return "按时完成" * 30 if long_every and i % long_every == 0 else f"完成第{i}项"
    return "".join(f"产出指标\t数量指标\t指标{i}\t{description(i)}\t≥{i}次\t工作计划\r\n" for i in range(n))


def test_a_large_paste_asks_first_and_fits_its_rows_without_measuring_each_one(window, qtbot, monkeypatch):
    window.open_file(SAMPLES["hebei-luanping-2026-xinfang"])
    window.select_node(Node(PROJECT, 0, project=1))
    sheet = window.centre.project_page.indicator_sheet
    indicators = window.session.doc.departments[0].projects[1].indicators
    count = len(indicators)
    asked = []
    monkeypatch.setattr(sheets, "ask_large_paste", lambda _parent, *args: asked.append(args) or len(asked) > 1)
    measured = []
    size_hint = CellDelegate.sizeHint
    monkeypatch.setattr(CellDelegate, "sizeHint", lambda self, o, i: measured.append(i.row()) or size_hint(self, o, i))
    sheet.setFocus()
    sheet.setCurrentIndex(sheet.model().index(count - 1, 0))
    QGuiApplication.clipboard().setText(_many_rows(3000, long_every=1000))
    qtbot.keyClick(sheet, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert asked == [(3000, 6, 2999)] and len(indicators) == count         # 取消: nothing pasted
    measured.clear()
    qtbot.keyClick(sheet, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert len(indicators) == count - 1 + 3000 and indicators[-1].level3 == "指标2999"
    qtbot.waitUntil(lambda: sheet.height() > 3000 * sheet.rowHeight(count + 1), timeout=5000)
    one_line = sheet.rowHeight(count + 1)
    tall = {count - 1 + i for i in (0, 1000, 2000)}
    assert all(sheet.rowHeight(r) > 2 * one_line for r in tall)
    assert all(sheet.rowHeight(r) == one_line for r in range(count, len(indicators)) if r not in tall)
    assert len(set(measured)) < 50           # only the rows too wide for one line are measured
    selection = sheet.selectionModel().selection()
    assert len(selection) == 1 and (selection[0].top(), selection[0].bottom()) == (count - 1, len(indicators) - 1)


def test_the_large_paste_question_is_in_chinese_and_cancels(window, qtbot):
    window.open_file(SAMPLES["hebei-luanping-2026-xinfang"])
    window.select_node(Node(PROJECT, 0, project=1))
    sheet = window.centre.project_page.indicator_sheet
    seen = []

    def answer() -> None:
        box = QApplication.activeModalWidget()
        assert isinstance(box, QMessageBox)
        seen.append((box.windowTitle(), box.text(), [b.text() for b in box.buttons()]))
        box.escapeButton().click()

    QTimer.singleShot(0, answer)
    assert not sheets.ask_large_paste(sheet, 20000, 6, 19990)
    assert seen == [("粘贴大量内容", "剪贴板中有 20,000 行、6 列，粘贴后表格将新增 19,990 行。\n确定要粘贴吗？（可撤销）",
                     ["粘贴", "取消"])]


def test_empty_lines_after_a_paste_add_no_rows(window, qtbot):
    window.open_file(SAMPLES["hebei-luanping-2026-xinfang"])
    window.select_node(Node(PROJECT, 0, project=1))
    sheet = window.centre.project_page.indicator_sheet
    indicators = window.session.doc.departments[0].projects[1].indicators
    count = len(indicators)
    sheet.setFocus()
    sheet.setCurrentIndex(sheet.model().index(count - 1, 0))
    QGuiApplication.clipboard().setText("满意度指标\t服务对象满意度指标\t群众满意度\r\n" + "\r\n" * 5000)
    qtbot.keyClick(sheet, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)     # no question: one row
    assert len(indicators) == count and indicators[-1].level3 == "群众满意度"
    assert window.act_undo.text() == "撤销 粘贴1×3个单元格"


def test_rows_put_back_by_undo_are_selected_in_one_range_per_run(window, qtbot):
    window.open_file(SAMPLES["hebei-luanping-2026-xinfang"])
    window.select_node(Node(PROJECT, 0, project=0))
    sheet = window.centre.project_page.indicator_sheet
    model = sheet.doc_model()
    rowops.remove(window.session, model.ref, [1, 2, 3, 5])
    window.act_undo.trigger()
    selection = sheet.selectionModel().selection()
    assert sorted((r.top(), r.bottom(), r.left(), r.right()) for r in selection) == [
        (1, 3, 0, model.columnCount() - 1), (5, 5, 0, model.columnCount() - 1)]
    assert sheet.selected_rows() == [1, 2, 3, 5]


def test_the_first_start_on_a_small_screen_is_maximised_and_the_window_keeps_its_size_and_place(qtbot, monkeypatch):
    from ui import mainwindow
    monkeypatch.setattr(mainwindow, "SMALL_SCREEN", (10_000, 10_000))     # every screen is small
    first = MainWindow(Settings())
    first.show()
    assert first.windowState() & Qt.WindowState.WindowMaximized
    first.close()
    sized = MainWindow(Settings())
    sized.resize(780, 560)              # a caller that sizes the window keeps that size
    sized.show()
    assert not sized.windowState() & Qt.WindowState.WindowMaximized
    sized.close()
    monkeypatch.setattr(mainwindow, "SMALL_SCREEN", (1, 1))              # no screen is small
    big = MainWindow(Settings())
    big.show()
    qtbot.waitExposed(big)
    assert not big.windowState() & Qt.WindowState.WindowMaximized
    big.setGeometry(10, 20, 780, 560)     # above the window's smallest size (its docks and tabs)
    big.close()
    saved = Settings.load()
    monkeypatch.setattr(mainwindow, "SMALL_SCREEN", (10_000, 10_000))
    again = MainWindow(saved)          # a remembered size wins over maximising
    again.show()
    assert not again.windowState() & Qt.WindowState.WindowMaximized
    assert (again.width(), again.height()) == (780, 560)
    again.close()


def test_f1_opens_the_chinese_guide_with_its_pictures_of_the_main_screens(window, qtbot):
    import re

    from PySide6.QtGui import QImage, QTextDocument

    from ui.help import HelpWindow
    window.activateWindow()
    qtbot.keyClick(QApplication.focusWidget() or window, Qt.Key.Key_F1)
    help_window = window.help
    assert isinstance(help_window, HelpWindow) and help_window.isVisible()
    text = help_window.browser.toPlainText()
    for step in ("从去年的文件开始", "检查结果", "查找和替换", "导出", "打印", "电子邮件", "添加单位"):
        assert step in text, step
    page = resource("help", "index.html").read_text(encoding="utf-8")
    pictures = re.findall(r'<img src="([^"]+)"', page)
    assert {"start.png", "unit.png", "project.png", "problems.png", "find.png", "exported.png"} <= set(pictures)
    document = help_window.browser.document()
    for name in pictures:
        image = QImage(str(resource("help", name)))
        assert (image.width(), image.height()) == (1366, 768), name         # taken at 1366×768
        shown = document.resource(QTextDocument.ResourceType.ImageResource, QUrl(name))
        assert shown is not None and shown.width() == 1366, name           # found where the program looks
    help_window.hide()
    button = next(b for b in window.start.findChildren(QPushButton) if b.text() == "使用说明（F1）")
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)      # the start page offers it too
    assert window.help is help_window and help_window.isVisible()     # one guide, brought to the front


def test_the_window_keys_follow_the_operations_table_ctrl_d_fills_down_and_ctrl_minus_deletes_rows(window, qtbot):
    window.open_file(SAMPLES["hebei-luanping-2026-xinfang"])
    window.select_node(Node(PROJECT, 0, project=0))
    page = window.centre.current_page()
    model = page.indicators
    sheet = next(view for view in page.sheets if view.doc_model() is model)
    column = next(c for c in range(model.columnCount()) if model.index(1, c).flags() & Qt.ItemFlag.ItemIsEditable
                  and model.index(0, c).data(Qt.ItemDataRole.EditRole) != model.index(1, c).data(Qt.ItemDataRole.EditRole)
                  and model.index(1, c).data(Qt.ItemDataRole.EditRole))
    above = model.index(0, column).data(Qt.ItemDataRole.EditRole)
    rows = model.rowCount()
    window.activateWindow()
    sheet.setFocus()
    sheet.setCurrentIndex(model.index(1, column))
    assert window.ops["fill_down"].shortcut().toString() == "Ctrl+D"
    assert window.ops["duplicate"].shortcut().toString() == "Ctrl+Shift+D"
    qtbot.keyClick(sheet, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    assert model.index(1, column).data(Qt.ItemDataRole.EditRole) == above and model.rowCount() == rows
    assert window.session.stack.undoText() == "填充（向下）"
    qtbot.keyClick(sheet, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert model.rowCount() == rows + 1
    zoom = window.settings.zoom
    qtbot.keyClick(sheet, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)   # in a sheet: 删除行, as in Excel
    assert model.rowCount() == rows and window.settings.zoom == zoom
    name = next(b.widget for b in page.bindings if b.label == "项目名称")
    name.setFocus()
    qtbot.keyClick(name, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)    # elsewhere: 缩小
    assert window.settings.zoom == 90


def test_closing_the_window_does_not_make_the_start_page(qtbot):
    """A start on a file never shows the start page; closing the window does not make it either
    (the teardown's start page would be made, filled with the samples and drawn for nothing)."""
    win = MainWindow(Settings())
    qtbot.addWidget(win)
    assert win.open_file(SAMPLES["hubei-ezhou-2024-xinfang"])
    win.show()
    qtbot.waitUntil(lambda: win.is_settled)
    assert win.close()
    assert not win.start._built and win.session is None
