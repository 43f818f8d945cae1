"""The checker, the year and the project pages as a clerk meets them in the window: real widgets,
real keys, offscreen."""

from __future__ import annotations

import json
from decimal import Decimal

from PySide6.QtCore import QItemSelectionModel, Qt, QTimer
from PySide6.QtWidgets import QApplication, QLineEdit

from desktop import projectfile
from desktop.blank import new_department
from desktop.families import family
from desktop.resources import resource
from tests.ui.conftest import SAMPLES, type_chinese
from ui import dialogs
from ui.editors.project import ProjectPage
from ui.mainwindow import MainWindow
from ui.models.tree import PROJECT, PROJECTS_GROUP, Node
from ui.session import EditSession
from ui.settings import Settings


def type_under(qtbot, sheet, label: str, text: str) -> None:  # type: ignore[no-untyped-def]
    """Type Chinese into the first row's cell under the column headed ``label``, then Enter."""
    model = sheet.model()
    column = next(c for c in range(model.columnCount())
                  if model.headerData(c, Qt.Orientation.Horizontal) == label)
    sheet.setFocus()
    sheet.setCurrentIndex(model.index(0, column))
    qtbot.keyClick(sheet, Qt.Key.Key_F2)
    type_chinese(QApplication.focusWidget(), text)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)


def panel_lines(window: MainWindow) -> list[str]:
    """What the panel shows for each problem: its message over its location."""
    model = window.panel.model
    lines = []
    for g in range(model.rowCount()):
        group = model.index(g, 0)
        lines += [model.index(r, 0, group).data() for r in range(model.rowCount(group))]
    return lines


def field(window: MainWindow, label: str) -> QLineEdit:
    page = window.centre.currentWidget()
    return next(b.widget for b in page.bindings if b.label == label)


def money_cells(page) -> dict[str, dict[str, str]]:  # type: ignore[no-untyped-def]
    """The money sheet as shown: line → column header → text."""
    model = page.sheets[0].model()
    rows = {}
    for r in range(model.rowCount()):
        line = f"{model.index(r, 0).data()}/{model.index(r, 1).data()}"
        rows[line] = {model.headerData(c, Qt.Orientation.Horizontal): model.index(r, c).data() or ""
                      for c in range(2, model.columnCount())}
    return rows


# ---------------------------------------------------------------- item 7: a new year moves history


def test_a_new_year_moves_each_value_to_its_own_year_and_says_so(window, qtbot):
    window.open_file(SAMPLES["hubei-ezhou-2024-xinfang"])
    page = window.centre.currentWidget()
    before = money_cells(page)["收入构成/财政拨款"]
    assert (before["2022年"], before["2023年"], before["当年金额"]) == ("589.23", "652.23", "593.27")
    page.year.setFocus()
    qtbot.keyClick(page.year, Qt.Key.Key_Up)
    assert window.session.doc.year == 2025
    after = money_cells(page)["收入构成/财政拨款"]
    assert (after["2023年"], after["2024年"], after["当年金额"]) == ("652.23", "593.27", "")
    assert "589.23" not in json.dumps(money_cells(page), ensure_ascii=False)
    message = window.statusBar().currentMessage()
    assert message.startswith("年度改为2025年：2023年、2024年的") and "2022年的" in message and "已移出" in message
    assert window.act_undo.text() == "撤销 修改“年度”为2025年"
    window.act_undo.trigger()
    assert page.year.value() == 2024 and money_cells(page)["收入构成/财政拨款"] == before


def test_stepping_the_year_there_and_back_loses_nothing(window, qtbot):
    """The arrows or the wheel step one year at a time: 2024 → 2026 drops 2022 and 2023, and
    stepping back brings them back, since the steps are one change."""
    window.open_file(SAMPLES["hubei-ezhou-2024-xinfang"])
    page = window.centre.currentWidget()
    before = money_cells(page)
    annual = [r.prior + [r.target] for r in window.session.doc.departments[0].tables["annual"]]
    page.year.setFocus()
    for key in (Qt.Key.Key_Up, Qt.Key.Key_Up):
        qtbot.keyClick(page.year, key)
    assert window.session.doc.year == 2026 and window.session.stack.count() == 1
    assert money_cells(page)["收入构成/财政拨款"]["2024年"] == "593.27"
    for key in (Qt.Key.Key_Down, Qt.Key.Key_Down):
        qtbot.keyClick(page.year, key)
    assert window.session.doc.year == 2024 and money_cells(page) == before
    assert [r.prior + [r.target] for r in window.session.doc.departments[0].tables["annual"]] == annual
    assert window.session.stack.count() == 0 and "年度改回2024年" in window.statusBar().currentMessage()


# ---------------------------------------------------------------- item 9: a copied project has no code


def test_a_copied_project_has_no_code_and_the_panel_asks_for_one(window, qtbot):
    window.open_file(SAMPLES["hebei-luanping-2026-xinfang"])
    window.select_node(Node(PROJECT, 0, project=0))
    window.act_copy_project.trigger()
    projects = window.session.doc.departments[0].projects
    assert len(projects) == 3 and projects[1].name == "信访工作保障经费（副本）"
    assert projects[1].code == "" and projects[0].code
    assert window.statusBar().currentMessage().startswith("已复制为新项目。项目编码已留空")
    qtbot.waitUntil(lambda: any(line.startswith("“项目编码”未填写\n项目2「") for line in panel_lines(window)),
                    timeout=2000)
    assert not any("重复" in line for line in panel_lines(window))


# ---------------------------------------------------------------- item 11: the panel follows names


def test_the_panel_shows_a_project_s_new_name_at_once(window, qtbot):
    window.open_file(SAMPLES["hebei-luanping-2026-xinfang"])
    assert panel_lines(window) == ["资金支出计划最后一个节点“10月底”为75%，应为100%\n"
                                   "项目1「信访工作保障经费」 › 资金支出计划 › 10月底"]
    window.select_node(Node(PROJECT, 0, project=0))
    name = field(window, "项目名称")
    name.setFocus()
    name.selectAll()
    type_chinese(name, "信访维稳经费")
    assert window.session.doc.departments[0].projects[0].name == "信访维稳经费"
    qtbot.waitUntil(lambda: panel_lines(window)[0].endswith("项目1「信访维稳经费」 › 资金支出计划 › 10月底"),
                    timeout=2000)
    window.panel.view.viewport().repaint()


def test_the_close_prompt_names_the_document_as_it_is_now(window, qtbot, monkeypatch):
    asked: list[str] = []
    """A bundled sample opens as an unsaved copy named by its department, year and province."""
    monkeypatch.setattr(dialogs, "ask_save_changes", lambda _parent, name: asked.append(name) or dialogs.CANCEL)
    window.open_file(resource("samples", "hubei-ezhou-2024-xinfang.jxmb"))
    assert window.windowTitle().startswith("鄂州市信访局　2024年　湖北（示例副本）")
    page = window.centre.currentWidget()
    page.year.setFocus()
    qtbot.keyClick(page.year, Qt.Key.Key_Up)
    assert "2025年" in window.windowTitle() and "2024年" not in window.windowTitle()
    assert not window.close_document()
    assert len(asked) == 1 and "2025年" in asked[0] and "2024年" not in asked[0]


# ---------------------------------------------------------------- item 17: smaller defects


def test_the_second_department_s_projects_open(window, qtbot):
    """A file whose first department has no project: the project page was built for 部门1 项目1."""
    doc = projectfile.load(SAMPLES["hebei-luanping-2026-xinfang"])
    doc.departments.insert(0, new_department(family("H"), "154000", "滦平县信访局"))
    window.open_session(EditSession(doc))
    window.select_node(Node(PROJECTS_GROUP, 1))
    window.select_node(Node(PROJECT, 1, project=0))
    page = window.centre.current_page()
    assert isinstance(page, ProjectPage) and (page.dept, page.project) == (1, 0)
    assert field(window, "项目名称").text() == "信访工作保障经费"
    assert page.indicators.rowCount() == len(doc.departments[1].projects[0].indicators)


def test_the_satisfaction_floor_is_saved_as_the_clerk_wrote_it(window, qtbot):
    def answer() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, dialogs.SettingsDialog)
        dialog.floor.setValue(90)
        dialog.accept()

    QTimer.singleShot(0, answer)
    window.act_settings.trigger()
    saved = json.loads(Settings.path().read_text(encoding="utf-8"))
    assert saved["satisfaction_floor"] == "90"
    assert Settings.load().floor() == Decimal(90)


def test_the_tree_keeps_one_selection_model_however_often_files_open(window, qtbot):
    """Was 46 after 12 opens: the view and its header each kept one per model."""
    def count() -> int:
        return len(window.tree.findChildren(QItemSelectionModel))   # the view's and its header's

    window.open_file(SAMPLES["hebei-luanping-2026-xinfang"])
    for name in ["hubei-ezhou-2024-xinfang", "hebei-luanping-2026-xinfang"] * 6:
        window.open_file(SAMPLES[name])
        QApplication.processEvents()             # the event loop runs between a clerk's opens
    qtbot.waitUntil(lambda: count() == 1, timeout=2000)
    window.close_document()
    qtbot.waitUntil(lambda: count() == 1, timeout=2000)


# ---------------------------------------------------------------- item 10: a form that needs projects


def test_a_document_without_projects_is_told_so_and_the_panel_leads_to_the_projects(window, qtbot):
    doc = projectfile.load(SAMPLES["hebei-luanping-2026-xinfang"])
    doc.departments[0].projects = []
    window.open_session(EditSession(doc))
    lines = panel_lines(window)
    assert "“预算项目”至少需要一项\n预算项目" in lines
    model = window.panel.model
    errors = model.index(0, 0)
    row = next(r for r in range(model.rowCount(errors)) if model.index(r, 0, errors).data().startswith("“预算项目”"))
    window.panel.view.clicked.emit(model.index(row, 0, errors))
    assert window.current_node() == Node(PROJECTS_GROUP, 0)
    assert window.centre.showing_projects_of(0)


# ---------------------------------------------------------------- issue 10: the form's own words

def test_the_panel_names_a_column_as_the_form_labels_it_and_typing_there_clears_it(window, qtbot, monkeypatch, tmp_path):
    """A form whose 指标方向性 column sits where another form has 指标值确定依据: the panel says
    “指标方向性”未填写 (it used to say 指标值确定依据未填写), and a value typed there clears it."""
    from desktop import familycheck
    from desktop.blank import new_document, new_project
    from desktop.families import families, parse_family
    from desktop.model import Indicator
    from tests.ui.test_editor_pages import _family_u

    raw = _family_u()
    columns = raw["project"]["sections"][1]["columns"]
    columns[4] = {"key": "basis", "label": "指标方向性", "role": "direction", "required": True}
    assert familycheck.check(raw, "U.json") == []
    fam = parse_family(raw, "U.json")
    monkeypatch.setitem(families(), "U", fam)
    doc = new_document("U", 2025, "", "金安区体育局")
    project = new_project(fam)
    project.name, project.goal = "体育场馆免费开放", "开放场馆。"
    project.indicators = [Indicator("产出指标", "数量指标", "开放场馆数", target="≥3个"),
                          Indicator("满意度指标", "服务对象满意度指标", "群众满意度", target="≥90%", basis="正向")]
    doc.departments[0].projects.append(project)
    path = tmp_path / "体育局.jxmb"
    projectfile.save(doc, path)
    window.open_file(path)
    qtbot.waitUntil(lambda: panel_lines(window) == [
        "“指标方向性”未填写\n项目1「体育场馆免费开放」 › 绩效指标第1行 › 指标方向性"], timeout=2000)
    window.select_node(Node(PROJECT, 0, project=0))
    sheet = window.centre.project_page.indicator_sheet
    type_under(qtbot, sheet, "指标方向性", "正向")
    assert window.session.doc.departments[0].projects[0].indicators[0].basis == "正向"
    qtbot.waitUntil(lambda: panel_lines(window) == [], timeout=2000)


def test_a_t_document_opens_in_the_window_every_page_in_t_s_words(window, qtbot, monkeypatch, tmp_path):
    """The variations family T (tests/data/families/T.json): every page builds from its definition,
    the cost list and both indicator tables take typed values, and the panel names T's labels."""
    from pathlib import Path

    from desktop import families as families_module
    from desktop.blank import new_document, new_project
    from desktop.model import Row
    from ui.models.lists import ListModel

    folder = Path(__file__).resolve().parents[1] / "data" / "families"
    monkeypatch.setattr(families_module, "folders", lambda: [resource("families"), folder])
    families_module.reload()
    try:
        t = family("T")
        doc = new_document("T", 2025, "", "测试单位")
        project = new_project(t)
        project.values.update(name="网球中心", code="P1")
        project.lists["annual"].append(Row(level1="成本指标", level3="项目总成本(≤**万元)", comparator="≤",
                                           number="1000", unit="元", weight="20", direction="反向"))
        doc.departments[0].projects.append(project)
        path = tmp_path / "测试.jxmb"
        projectfile.save(doc, path)
        window.open_file(path)
        qtbot.waitUntil(lambda: any("“年度绩效指标”的权重之和为20，应为100" in line for line in panel_lines(window)),
                        timeout=2000)
        assert not any("二级" in line for line in panel_lines(window))
        window.select_node(Node(PROJECT, 0, project=0))
        page = window.centre.project_page
        cost = next(s for s in page.sheets if isinstance(s.model(), ListModel))
        cost.run("insert")
        qtbot.waitUntil(lambda: cost.model().rowCount() == 1, timeout=1000)
        type_under(qtbot, cost, "明细", "场地租赁")
        assert window.session.doc.departments[0].projects[0].lists["cost"][0]["detail"] == "场地租赁"
        qtbot.waitUntil(lambda: any(line.startswith("“金额”未填写") for line in panel_lines(window)), timeout=2000)
    finally:
        if window.session is not None:
            window.session.stack.setClean()
        monkeypatch.undo()
        families_module.reload()
