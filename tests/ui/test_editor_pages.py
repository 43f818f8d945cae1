"""Editor pages and their sheets, driven as a clerk drives them."""

import pytest
import shiboken6
from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication, QComboBox, QLabel, QLineEdit

from desktop.edits import ListRef
from tests.ui.conftest import BY_FAMILY, sample, type_chinese
from ui.editors.department import DepartmentPage
from ui.editors.project import ProjectPage
from ui.editors.sheet import SheetView
from ui.models.indicators import IndicatorTableModel
from ui.models.lists import ListModel
from ui.models.money import MoneyModel
from ui.session import EditSession


def test_a_sheet_deleted_before_its_rows_are_fitted_is_left_alone(qtbot):
    """A page closed (or rebuilt) in the same turn of the event loop as a change: the fitting
    scheduled for the next turn must not reach the deleted sheet ("Internal C++ object
    already deleted", raised from the timer)."""
    session = EditSession(sample(BY_FAMILY["B"]))
    model = IndicatorTableModel(session, ListRef(0, None, "annual"), session.family.department_tables[0])
    view = SheetView(model)
    view._layout_rows()              # a change schedules the fitting for the next turn
    assert not view.fitted()
    shiboken6.delete(view)           # the page goes before that turn
    QCoreApplication.processEvents()  # the timer's turn: pytest-qt fails the test on an exception raised here
    assert not shiboken6.isValid(view)


# ---------------------------------------------------------------- pages built from the family

def _family_u() -> dict:
    """A small form: relabelled and choice columns, its own list columns, amounts with roles."""
    hidden = {"print": False}
    return {
        "format": "jxmb-family", "version": 1, "id": "U", "name": "测试 项目表", "province": "测试",
        "document_title": "项目支出绩效目标表", "money_unit": "万元",
        "department": {"label": "单位", "fields": [
            {"key": "unit_name", "label": "单位名称", "role": "unit_name", "required": True, **hidden}],
            "sections": [{"kind": "list", "key": "measures", "label": "保障措施", "stretch": "text", "columns": [
                {"key": "title", "label": "措施名称"}, {"key": "text", "label": "具体内容", "type": "text"}]}]},
        "project": {"label": "项目", "required": True, "fields": [
            {"key": "name", "label": "项目名称", "role": "name", "required": True, **hidden},
            {"key": "budget", "label": "年度资金总额", "type": "amount", "role": "budget", **hidden},
            {"key": "fiscal", "label": "其中:财政拨款", "type": "amount", "role": "fiscal", **hidden},
            {"key": "other", "label": "其他资金", "type": "amount", "role": "other_funds", **hidden}],
            "sections": [
                {"kind": "field", "key": "goal", "label": "年度目标", "type": "text", "role": "goal", **hidden},
                {"kind": "indicators", "key": "indicators", "label": "绩效指标", "vocabulary": "default", "columns": [
                    {"key": "level1", "label": "一级指标", "role": "level1", "required": True},
                    {"key": "level2", "label": "二级指标", "role": "level2", "required": True},
                    {"key": "level3", "label": "三级指标", "role": "level3", "required": True},
                    {"key": "target", "label": "指标值", "role": "target", "required": True},
                    {"key": "basis", "label": "绩效标准", "role": "basis"},
                    {"key": "category", "label": "指标分类", "type": "choice", "choices": ["绩效基本型", "绩效提升型"]}]}]},
        "vocabularies": {"default": {"产出指标": ["数量指标"], "满意度指标": ["服务对象满意度指标"]}},
        "print": {"blocks": [
            {"table": {"each": "project", "title": "绩效目标表", "columns": [10] * 6, "rows": [{"indicators": "indicators"}]}},
            {"table": {"each": "department", "title": "保障措施", "columns": [10, 30],
                       "rows": [{"list": "measures", "cells": [{"column": "title"}, {"column": "text"}]}]}}]},
    }


@pytest.fixture
def session_u(monkeypatch):
    from desktop import familycheck
    from desktop.blank import new_document, new_project
    from desktop.families import families, parse_family

    raw = _family_u()
    assert familycheck.check(raw, "U.json") == []
    fam = parse_family(raw, "U.json")
    monkeypatch.setitem(families(), "U", fam)
    doc = new_document("U", 2025, "", "金安区体育局")
    doc.departments[0].projects.append(new_project(fam))
    return EditSession(doc)


def _headers(model) -> list[str]:
    return [model.headerData(i, Qt.Orientation.Horizontal) for i in range(model.columnCount())]


def test_the_indicator_sheet_has_the_family_s_columns_and_a_choice_column_picks_from_its_list(qtbot, session_u):
    page = ProjectPage(session_u, 0, 0)
    qtbot.addWidget(page)
    page.bind(0, 0)
    page.show()
    sheet = page.indicator_sheet
    assert _headers(sheet.model()) == ["一级指标", "二级指标", "三级指标", "指标值", "绩效标准", "指标分类"]
    sheet.run("insert")
    qtbot.waitUntil(lambda: sheet.model().rowCount() == 1, timeout=1000)
    sheet.setFocus()
    sheet.setCurrentIndex(sheet.model().index(0, 5))
    qtbot.keyClick(sheet, Qt.Key.Key_F4)
    qtbot.waitUntil(lambda: sheet.findChild(QComboBox) is not None, timeout=1000)
    combo = sheet.findChild(QComboBox)
    assert [combo.itemText(i) for i in range(combo.count())] == ["", "绩效基本型", "绩效提升型"]  # "" keeps it empty
    qtbot.waitUntil(lambda: combo.view().isVisible(), timeout=1000)
    qtbot.keyClick(combo.view(), Qt.Key.Key_Down)
    qtbot.keyClick(combo.view(), Qt.Key.Key_Down)
    qtbot.keyClick(combo.view(), Qt.Key.Key_Return)
    row = session_u.doc.departments[0].projects[0].indicators[0]
    qtbot.waitUntil(lambda: row.category == "绩效提升型", timeout=1000)


def test_a_list_shows_the_columns_its_family_declares(qtbot, session_u):
    page = DepartmentPage(session_u, 0)
    qtbot.addWidget(page)
    lists = [s.model() for s in page.sheets if isinstance(s.model(), ListModel)]
    assert [_headers(m) for m in lists] == [["措施名称", "具体内容"]]


def test_the_live_budget_check_names_the_form_s_own_fields(qtbot, session_u):
    page = ProjectPage(session_u, 0, 0)
    qtbot.addWidget(page)
    page.bind(0, 0)
    fields = {w.accessibleName(): w for w in page.findChildren(QLineEdit)}
    for name, value in (("年度资金总额", "1000"), ("其中:财政拨款", "900"), ("其他资金", "50")):
        fields[name].setFocus()
        qtbot.keyClicks(fields[name], value)
        qtbot.keyClick(fields[name], Qt.Key.Key_Tab)
    assert page._split_label is not None
    qtbot.waitUntil(lambda: "两者不相等" in page._split_label.text(), timeout=1000)
    assert page._split_label.text() == "✗ 财政拨款＋其他资金 ＝ 950，年度资金总额为 1000，两者不相等"


def test_the_tree_lists_and_marks_the_rows_of_a_project_table_whatever_its_key(qtbot, monkeypatch):
    from desktop import familycheck
    from desktop.blank import new_document, new_project
    from desktop.families import families, parse_family
    from desktop.model import Indicator
    from desktop.rules import check
    from ui.checking import ProblemIndex
    from ui.models.tree import PROJECT, DocumentTreeModel, Node

    raw = _family_u()
    raw["project"]["sections"][1]["key"] = "annual"
    raw["print"]["blocks"][0]["table"]["rows"] = [{"indicators": "annual"}]
    assert familycheck.check(raw, "U.json") == []
    fam = parse_family(raw, "U.json")
    monkeypatch.setitem(families(), "U", fam)
    doc = new_document("U", 2025)
    project = new_project(fam)
    project.name = "体育场馆免费开放"
    doc.departments[0].projects.append(project)
    session = EditSession(doc)
    rows = session.rows(ListRef(0, 0, "annual"))
    rows[:] = [Indicator("产出指标", "数量指标", "", target="≥3个")]
    tree = DocumentTreeModel(session)
    tree.set_problems(ProblemIndex(check(doc)))
    node = tree.index_of(Node(PROJECT, 0, project=0))
    assert tree.rowCount(node) == 1
    row = tree.index(0, 0, node)
    assert tree.data(row) == "（未填写三级指标）"
    assert "“三级指标”未填写" in tree.data(row, Qt.ItemDataRole.ToolTipRole)


def _family_t() -> dict:
    """A project form with 长期 and 年度 tables: split target, 权重 summing to 100, 指标方向性, three prior years."""
    raw = _family_u()
    split = [{"key": "sign", "label": "计算符号", "role": "comparator", "type": "choice", "choices": ["≥", "≤", "=", ">", "<"]},
             {"key": "value", "label": "指标值", "role": "number", "required": True},
             {"key": "unit", "label": "度量单位", "role": "unit"}]
    levels = [{"key": "level1", "label": "一级指标", "role": "level1", "required": True},
              {"key": "level3", "label": "三级指标", "role": "level3", "required": True}]
    history = [{"key": f"prior{i}", "label": label, "role": "history", "offset": i - 3}
               for i, label in enumerate(("大前年", "前年", "上年"))]
    annual = [*levels, *split, {"key": "weight", "label": "权重", "role": "weight"},
              {"key": "direction", "label": "指标方向性", "role": "direction", "type": "choice", "choices": ["正向", "反向"]},
              *history]
    raw["project"]["sections"] = [
        {"kind": "indicators", "key": "long_term", "label": "长期绩效指标", "vocabulary": "default", "columns": [*levels, *split]},
        {"kind": "field", "key": "goal", "label": "年度目标", "type": "text", "role": "goal", "print": False},
        {"kind": "indicators", "key": "annual", "label": "年度绩效指标", "vocabulary": "default", "columns": annual,
         "weights": {"total": 100}}]
    raw["print"]["blocks"][0]["table"].update(columns=[10] * len(annual), rows=[
        {"indicators": "long_term", "spans": {"unit": len(annual) - 4}}, {"indicators": "annual"}])
    return raw


def test_both_tables_of_a_project_take_typed_split_targets_weights_and_directions(qtbot, monkeypatch):
    from desktop import familycheck
    from desktop.blank import new_document, new_project
    from desktop.families import families, parse_family
    from desktop.rules import check, describe_location

    raw = _family_t()
    assert familycheck.check(raw, "T.json") == []
    fam = parse_family(raw, "T.json")
    monkeypatch.setitem(families(), "U", fam)
    doc = new_document("U", 2025, "", "金安区体育局")
    project = new_project(fam)
    project.name = "体育场馆免费开放"
    doc.departments[0].projects.append(project)
    session = EditSession(doc)
    page = ProjectPage(session, 0, 0)
    qtbot.addWidget(page)
    page.bind(0, 0)
    page.resize(1300, 700)
    page.show()
    qtbot.waitExposed(page)
    page.activateWindow()
    long_term, annual = (s for s in page.sheets if isinstance(s.model(), IndicatorTableModel))
    assert _headers(annual.model()) == ["一级指标", "三级指标", "计算符号", "指标值", "度量单位", "权重", "指标方向性",
                                        "大前年", "前年", "上年"]

    def type_row(sheet, texts: dict[str, str], picks: dict[str, str]) -> None:
        page.ensureWidgetVisible(sheet)
        sheet.run("insert")
        row = sheet.model().rowCount() - 1
        headers = _headers(sheet.model())
        for label, text in texts.items():
            sheet.setFocus()
            sheet.setCurrentIndex(sheet.model().index(row, headers.index(label)))
            qtbot.keyClick(sheet, Qt.Key.Key_F2)
            qtbot.waitUntil(lambda: QApplication.focusWidget() not in (None, sheet), timeout=1000)
            editor = QApplication.focusWidget()
            if text.isascii():
                qtbot.keyClicks(editor, text)
            else:                         # Chinese arrives from the input method as a commit string
                event = QInputMethodEvent("", [])
                event.setCommitString(text)
                QApplication.sendEvent(editor, event)
            qtbot.keyClick(editor, Qt.Key.Key_Return)
        for label, choice in picks.items():       # list cells: as the list's editor sets them (F4 is tested above)
            assert sheet.model().setData(sheet.model().index(row, headers.index(label)), choice)

    type_row(long_term, {"三级指标": "开放场馆数", "指标值": "3", "度量单位": "个"}, {"一级指标": "产出指标", "计算符号": "≥"})
    type_row(annual, {"三级指标": "群众满意度", "指标值": "80", "度量单位": "%", "权重": "40",
                      "大前年": "85%", "前年": "88%", "上年": "90%"}, {"一级指标": "满意度指标", "计算符号": "≥", "指标方向性": "正向"})
    assert project.lists["long_term"][0] == {"level1": "产出指标", "level3": "开放场馆数", "sign": "≥", "value": "3", "unit": "个"}
    assert project.lists["annual"][0]["direction"] == "正向" and project.lists["annual"][0]["prior0"] == "85%"
    found = [(p.rule, p.message, describe_location(doc, p.location)) for p in check(doc)]
    assert found == [
        ("satisfaction-floor", "满意度目标80%低于85%", "项目1「体育场馆免费开放」 › 年度绩效指标第1行 › 指标值"),
        ("weight-sum", "“年度绩效指标”的权重之和为40，应为100", "项目1「体育场馆免费开放」 › 年度绩效指标")]


def test_the_projects_page_asks_for_the_form_s_own_total_field(qtbot, monkeypatch):
    from decimal import Decimal

    from desktop import familycheck
    from desktop.blank import new_document, new_project
    from desktop.families import families, parse_family
    from ui.editors.projects import ProjectsPage

    raw = _family_u()
    raw["department"]["fields"].append({"key": "funds_total", "label": "专项合计", "type": "amount",
                                        "role": "projects_total", "group": "专项资金汇总表", "print": False})
    assert familycheck.check(raw, "U.json") == []
    fam = parse_family(raw, "U.json")
    monkeypatch.setitem(families(), "U", fam)
    doc = new_document("U", 2025, "", "金安区体育局")
    for budget in ("30", "50"):
        project = new_project(fam)
        project.values["budget"] = Decimal(budget)
        doc.departments[0].projects.append(project)
    page = ProjectsPage(EditSession(doc), 0)
    qtbot.addWidget(page)
    labels = [w.text() for w in page.findChildren(QLabel)]
    assert "专项资金汇总表" in labels and "专项合计（万元）" in labels
    total = next(b.widget for b in page.bindings if b.label == "专项合计")
    total.setFocus()
    qtbot.keyClicks(total, "80")
    qtbot.keyClick(total, Qt.Key.Key_Tab)
    assert doc.departments[0].values["funds_total"] == Decimal("80")
    qtbot.waitUntil(lambda: page._sum.text() == "✓ 各项目年度资金总额之和为 80，与专项合计一致", timeout=1000)


def test_the_money_sheet_has_the_form_s_column_titles_and_as_many_prior_years(qtbot, monkeypatch):
    from desktop import familycheck
    from desktop.blank import new_document
    from desktop.families import families, parse_family

    raw = _family_u()
    raw["department"]["sections"].append({
        "kind": "money", "key": "money", "label": "部门资金情况", "required": True, "shares": True, "prior_years": 3,
        "column_labels": {"amount": "本年预算数", "share": "比重", "prior": "{year}年决算"},
        "lines": [{"key": "fiscal", "label": "财政拨款"}, {"key": "others", "label": "其他资金"},
                  {"key": "income_total", "label": "合计"}],
        "groups": [{"key": "income", "label": "收入构成", "members": ["fiscal", "others"], "total": "income_total"}]})
    raw["print"]["blocks"].append({"table": {"each": "department", "title": "资金", "columns": [10] * 7, "rows": [
        {"money": "money", "cells": [{"part": "group"}, {"part": "line"}, {"part": "amount"}, {"part": "share"},
                                     {"part": "prior"}]}]}})
    assert familycheck.check(raw, "U.json") == []
    monkeypatch.setitem(families(), "U", parse_family(raw, "U.json"))
    page = DepartmentPage(EditSession(new_document("U", 2025, "", "金安区体育局")), 0)
    qtbot.addWidget(page)
    money = next(s.model() for s in page.sheets if isinstance(s.model(), MoneyModel))
    assert _headers(money)[2:] == ["本年预算数", "比重", "2022年决算", "2023年决算", "2024年决算"]
    assert [money.index(0, c).data() for c in range(2, 7)] == ["", "", "", "", ""]


# ---------------------------------------------------------------- row operations from one table

def _project_page(qtbot, session):
    """The first project's page, bound and shown in a host with the table's actions."""
    page = ProjectPage(session, 0, 0)
    page.bind(0, 0)
    return page, _host_with_actions(qtbot, page)


def _host_with_actions(qtbot, page):
    """The page inside a widget holding the table's actions, as the window holds them: a key
    runs the operation on the sheet that has the focus."""
    from PySide6.QtWidgets import QVBoxLayout, QWidget

    from ui import rowops

    host = QWidget()
    QVBoxLayout(host).addWidget(page)
    qtbot.addWidget(host)

    def run(op):
        widget = QApplication.focusWidget()
        if isinstance(widget, SheetView) and widget.can(op):
            widget.run(op)

    host.ops = rowops.actions(host, run)
    host.resize(1366, 700)
    host.show()
    host.activateWindow()
    qtbot.waitActive(host)
    return host


def _click(qtbot, sheet, row, column):
    qtbot.mouseClick(sheet.viewport(), Qt.MouseButton.LeftButton,
                     pos=sheet.visualRect(sheet.model().index(row, column)).center())


def test_ctrl_d_fills_down_as_excel_does_and_ctrl_shift_d_duplicates_rows(qtbot):
    from PySide6.QtCore import QItemSelection, QItemSelectionModel

    session = EditSession(sample(BY_FAMILY["H"]))
    page, host = _project_page(qtbot, session)
    sheet = page.indicator_sheet
    model = sheet.doc_model()
    indicators = session.doc.departments[0].projects[0].indicators
    column = next(c for c, spec in enumerate(model.columns) if spec.key == "level3")
    target = next(c for c, spec in enumerate(model.columns) if spec.key == "target")
    names = [i.level3 for i in indicators]
    targets = [i.target for i in indicators]
    assert len(set(names[1:4])) == 3
    sheet.setFocus()
    qtbot.waitUntil(sheet.hasFocus)
    sheet.setCurrentIndex(model.index(1, column))
    sheet.selectionModel().select(QItemSelection(model.index(1, column), model.index(3, target)),
                                  QItemSelectionModel.SelectionFlag.ClearAndSelect)
    qtbot.keyClick(sheet, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    assert [i.level3 for i in indicators][:5] == [names[0], names[1], names[1], names[1], names[4]]
    assert [i.target for i in indicators][:5] == [targets[0], targets[1], targets[1], targets[1], targets[4]]
    assert host.ops["fill_down"].text() == "填充（向下）"
    assert session.stack.undoText() == "填充（向下）"
    session.stack.undo()                        # one step undoes the whole fill
    assert [i.level3 for i in indicators] == names and [i.target for i in indicators] == targets
    _click(qtbot, sheet, 2, column)             # one cell: the cell above is copied into it
    qtbot.keyClick(sheet, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    assert [i.level3 for i in indicators][:4] == [names[0], names[1], names[1], names[3]]
    session.stack.undo()
    count = len(indicators)
    _click(qtbot, sheet, 1, column)
    qtbot.keyClick(sheet, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert len(indicators) == count + 1 and indicators[2].level3 == names[1] and indicators[2] is not indicators[1]
    assert session.stack.undoText() == "复制1条指标"


# ---------------------------------------------------------------- 一级/二级: typing filters the list

def _list_cell(qtbot, key):
    session = EditSession(sample(BY_FAMILY["H"]))
    page, host = _project_page(qtbot, session)
    sheet = page.indicator_sheet
    model = sheet.doc_model()
    column = next(c for c, spec in enumerate(model.columns) if spec.key == key)
    sheet.setFocus()
    qtbot.waitUntil(sheet.hasFocus)
    _click(qtbot, sheet, 0, column)
    return session, host, sheet, column


def _popup(sheet):
    combo = sheet.findChild(QComboBox)
    return combo, combo.completer().popup() if combo is not None and combo.completer() else None


def test_typing_on_a_level_cell_opens_its_list_filtered_and_enter_takes_the_match(qtbot):
    session, _host, sheet, column = _list_cell(qtbot, "level2")
    indicators = session.doc.departments[0].projects[0].indicators
    assert indicators[0].level1 == "产出指标"
    qtbot.keyClicks(sheet, "z")           # pinyin letters match nothing: the list stays shut
    combo, popup = _popup(sheet)
    assert combo is not None and combo.isEditable() and combo.currentText() == "z"
    combo.lineEdit().clear()
    type_chinese(combo, "时")             # Chinese through the input method
    qtbot.waitUntil(lambda: popup.isVisible(), timeout=1000)
    shown = [popup.model().index(r, 0).data() for r in range(popup.model().rowCount())]
    assert shown == ["时效指标"]           # 产出指标's 二级 holding 时
    qtbot.keyClick(popup, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: indicators[0].level2 == "时效指标", timeout=1000)
    assert sheet.state() != sheet.State.EditingState


def test_a_level_cell_keeps_free_text_that_matches_nothing(qtbot):
    session, _host, sheet, column = _list_cell(qtbot, "level1")
    indicators = session.doc.departments[0].projects[0].indicators
    type_chinese(sheet, "成本")
    combo, popup = _popup(sheet)
    assert combo.currentText() == "成本"
    qtbot.waitUntil(lambda: not popup.isVisible() or popup.model().rowCount() == 0, timeout=1000)
    qtbot.keyClick(combo, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: indicators[0].level1 == "成本", timeout=1000)



# ---------------------------------------------------------------- long names, codes, the 合计 row

def _type(qtbot, sheet, text):
    """Type into the current cell as a clerk does: the first key opens it, Enter commits."""
    qtbot.keyClicks(sheet, text[0])
    qtbot.waitUntil(lambda: QApplication.focusWidget() not in (None, sheet), timeout=1000)
    editor = QApplication.focusWidget()
    qtbot.keyClicks(editor, text[1:])
    qtbot.keyClick(editor, Qt.Key.Key_Return)


def test_a_long_project_name_shows_its_start_and_overview_codes_are_never_cut(qtbot):
    from ui.editors.projects import ProjectsPage

    doc = sample(BY_FAMILY["H"])
    long_name = "关于全面推进信访工作法治化建设暨矛盾纠纷多元化解与重点群体稳控专项经费保障项目" * 2
    doc.departments[0].projects[0].name = long_name
    doc.departments[0].projects[1].code = doc.departments[0].projects[0].code[:-1] + "9"   # differs at the end
    session = EditSession(doc)
    page, host = _project_page(qtbot, session)
    name = next(w for w in page.findChildren(QLineEdit) if w.accessibleName() == "项目名称")
    assert name.text() == long_name and name.cursorPosition() == 0     # the start shows
    name.setFocus()                              # as when a problem about it is clicked
    qtbot.waitUntil(name.hasFocus)
    assert name.cursorPosition() == len(long_name)   # typing goes after the text
    type_chinese(name, "甲")
    assert session.doc.departments[0].projects[0].name == long_name + "甲"
    qtbot.keyClick(name, Qt.Key.Key_Tab)          # leaving the field: its start shows again
    assert name.cursorPosition() == 0
    page.bind(0, 1)
    page.bind(0, 0)
    assert name.cursorPosition() == 0
    host.close()
    projects = ProjectsPage(session, 0)
    host = _host_with_actions(qtbot, projects)
    sheet = projects.view
    column = next(c for c, spec in enumerate(sheet.doc_model().columns) if spec.key == "code")
    metrics = sheet.fontMetrics()
    codes = [p.code for p in session.doc.departments[0].projects]
    assert len(set(codes)) == 2 and all(len(c) > 15 for c in codes)
    assert all(sheet.columnWidth(column) >= metrics.horizontalAdvance(c) + 8 for c in codes)
    sheet.setFocus()                              # a longer code typed in the sheet widens its column
    qtbot.waitUntil(sheet.hasFocus)
    _click(qtbot, sheet, 0, column)
    _type(qtbot, sheet, codes[0] + "0000")
    qtbot.waitUntil(lambda: sheet.columnWidth(column) >= metrics.horizontalAdvance(codes[0] + "0000") + 8,
                    timeout=1000)


def test_the_projects_overview_ends_with_a_read_only_total_row_compared_with_project_spending(qtbot):
    from decimal import Decimal

    from desktop.rules import Location
    from ui.editors.projects import ProjectsPage

    session = EditSession(sample(BY_FAMILY["N"]))
    page = ProjectsPage(session, 0)
    host = _host_with_actions(qtbot, page)   # kept: the page lives in it
    assert host.isVisible()
    totals = page.totals
    model = totals.model()
    columns = page.model.columns
    budget = next(c for c, spec in enumerate(columns) if spec.key == "budget")
    check = len(columns) - 1
    projects = session.doc.departments[0].projects
    assert model.index(0, budget).data() == "38.598" == str(sum(p.budget for p in projects))
    assert "合计" in [model.index(0, c).data() for c in range(len(columns))]
    assert model.index(0, check).data() == "与项目支出一致"
    assert not model.flags(model.index(0, budget)) & Qt.ItemFlag.ItemIsEditable
    assert totals.columnWidth(budget) == page.view.columnWidth(budget)
    page.view.setFocus()                          # typed in the overview: the 合计 follows
    qtbot.waitUntil(page.view.hasFocus)
    _click(qtbot, page.view, 0, budget)
    _type(qtbot, page.view, "11.878")
    qtbot.waitUntil(lambda: model.index(0, budget).data() == "48.598", timeout=1000)
    spending = session.value(Location(0, table="money", field="project", column="amount"))
    assert spending < Decimal("48.598")
    assert model.index(0, check).data() == f"超过项目支出{spending}"


def test_the_problem_line_above_a_table_keeps_its_height_so_the_table_never_moves(qtbot):
    from desktop.rules import Location, Problem, Severity
    from ui import checking
    from ui.checking import ProblemIndex
    from ui.editors.page import Banner

    session = EditSession(sample(BY_FAMILY["H"]))
    page, host = _project_page(qtbot, session)
    assert host.isVisible()
    sheet = page.indicator_sheet
    table = sheet.doc_model().ref.table

    def top() -> int:
        QApplication.processEvents()
        return sheet.mapTo(page.widget(), sheet.rect().topLeft()).y()

    qtbot.waitUntil(lambda: all(s.fitted() for s in page.sheets))
    before = top()
    long = "；".join(f"“{n}”的权重之和不为100，请逐项核对每一条指标的权重并修改" for n in range(12))
    problems = [Problem("weight-sum", Severity.ERROR, long, "核对权重", Location(0, 0, table=table)),
                Problem("x", Severity.WARNING, "第二个问题", "看一看", Location(0, 0, table=table))]
    page.set_problems(ProblemIndex(problems))
    banner = next(b for b in page.findChildren(Banner) if b.full_text())
    assert banner.isVisible() and long in banner.toolTip() and "第二个问题" in banner.toolTip()
    assert banner.text().endswith("…") and banner.text().startswith("错误：" + long[:10])
    assert top() == before                       # a problem came: the table stayed where it was
    page.set_problems(checking.EMPTY)
    assert top() == before and banner.text() == ""
