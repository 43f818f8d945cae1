"""The indicator library panel, the quick fixes, the rule explanations and the 自评 tab, driven
in the real window: typed searches (Chinese and pinyin initials), inserting and undoing, a
suggestion for a new project, each quick fix applied and undone, each sample graded."""

from __future__ import annotations

import json
from decimal import Decimal

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QFileDialog

from desktop.blank import new_document
from desktop.edits import ListRef
from desktop.rules import Location
from tests.ui.conftest import SAMPLES, type_chinese
from ui.commands import push_values
from ui.mainwindow import MainWindow
from ui.models.tree import PROJECT, Node
from ui.session import EditSession
from ui.settings import Settings


def _open(window, qtbot, name: str):  # type: ignore[no-untyped-def]
    assert window.open_file(SAMPLES[name])
    qtbot.waitUntil(lambda: not window.runner.pending())
    return window.session


def _panel(window, qtbot):  # type: ignore[no-untyped-def]
    panel = window.library_panel        # the window installs it (ui/mainwindow.py)
    panel.activate_search()
    qtbot.waitUntil(lambda: panel.shown())
    return panel


def _settle(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: not window.runner.pending())
    QApplication.processEvents()


def _results(panel) -> list[str]:  # type: ignore[no-untyped-def]
    return [e.level3 for e in panel.results.entries()]


def test_search_by_words_and_by_pinyin_initials_in_the_panel(window, qtbot):
    panel = _panel(window, qtbot)
    _open(window, qtbot, "hebei-luanping-2026-xinfang")
    window.select_node(Node(PROJECT, 0, project=0))
    qtbot.waitUntil(lambda: panel.library is not None)
    panel.search_box.setFocus()
    type_chinese(panel.search_box, "培训")
    qtbot.waitUntil(lambda: bool(_results(panel)))
    assert all("培训" in f"{e.level3}{e.origin.name}{e.description}" for e in panel.results.entries())
    panel.search_box.clear()
    qtbot.keyClicks(panel.search_box, "myd")
    qtbot.waitUntil(lambda: bool(_results(panel)))
    assert "满意度" in _results(panel)[0]
    assert all("满意度" in x for x in _results(panel)[:5])
    # the 一级 filter is in this form's words and keeps only what goes under it
    panel.search_box.clear()
    panel.set_filter("满意度指标")
    found = panel.results.entries()
    assert found and {panel._placed(e)[0] for e in found} == {"满意度指标"}


def test_insert_from_the_library_goes_under_its_level_and_undoes_in_one_step(window, qtbot):
    panel = _panel(window, qtbot)
    session = _open(window, qtbot, "hebei-luanping-2026-xinfang")
    window.select_node(Node(PROJECT, 0, project=0))
    qtbot.waitUntil(lambda: panel.library is not None and panel._ref is not None)
    ref = ListRef(0, 0, "indicators")
    before = [dict(r) for r in session.rows(ref)]
    type_chinese(panel.search_box, "培训")
    panel.set_filter("产出指标", "数量指标")
    qtbot.waitUntil(lambda: len(_results(panel)) >= 2)
    panel.results.select_rows([0, 1])
    chosen = panel.results.selected_entries()
    qtbot.mouseClick(panel.insert_button, Qt.MouseButton.LeftButton)
    rows = session.rows(ref)
    assert len(rows) == len(before) + 2
    inserted = [r for r in rows if r.get("level3") in {e.level3 for e in chosen}]
    assert [r["level2"] for r in inserted] == ["数量指标", "数量指标"]
    last_quantity = max(i for i, r in enumerate(rows) if r.get("level2") == "数量指标")
    assert rows.index(inserted[-1]) == last_quantity          # after the rows of its 二级
    assert window.act_undo.text().startswith("撤销")
    window.act_undo.trigger()
    assert [dict(r) for r in session.rows(ref)] == before


def test_an_entry_takes_the_words_of_the_open_family(window, qtbot):
    """产出数量 ↔ 数量指标: an H entry inserted into an N project goes under 产出数量."""
    panel = _panel(window, qtbot)
    session = _open(window, qtbot, "hunan-shifeng-2021-xinfang")
    window.select_node(Node(PROJECT, 0, project=1))
    qtbot.waitUntil(lambda: panel.library is not None and panel._ref is not None)
    type_chinese(panel.search_box, "培训人次")
    qtbot.waitUntil(lambda: bool(_results(panel)))
    entry = panel.results.entries()[0]
    assert entry.level2 == "数量指标"
    panel.insert([entry])
    row = next(r for r in session.rows(ListRef(0, 1, "indicators")) if r.get("level3") == "培训人次")
    assert (row["level1"], row["level2"]) == ("产出指标", "产出数量")
    window.act_undo.trigger()
    assert not any(r.get("level3") == "培训人次" for r in session.rows(ListRef(0, 1, "indicators")))


def test_a_new_project_named_like_a_sample_project_is_offered_that_project_s_indicators(window, qtbot):
    panel = _panel(window, qtbot)
    window.open_session(EditSession(new_document("H", 2026, "001", "某县信访局")))
    window.new_project()
    qtbot.waitUntil(lambda: window.current_node() is not None and window.current_node().kind == PROJECT)
    qtbot.waitUntil(lambda: panel.library is not None)
    page = window.centre.currentWidget()
    name = next(b.widget for b in page.bindings if b.label == "项目名称")
    name.setFocus()
    type_chinese(name, "信访维稳经费")
    qtbot.keyClick(name, Qt.Key.Key_Tab)
    qtbot.waitUntil(lambda: panel.suggestions.isVisible() and bool(panel.suggestions.entries()))
    origins = {e.origin.name for e in panel.suggestions.entries()}
    assert origins == {"信访维稳经费"}
    assert "信访维稳经费" in panel.suggest_label.text()
    suggested = panel.suggestions.entries()
    qtbot.mouseClick(panel.insert_suggested, Qt.MouseButton.LeftButton)
    rows = window.session.rows(ListRef(0, 0, "indicators"))
    assert [r.get("level3") for r in rows] == [e.level3 for e in suggested]
    window.act_undo.trigger()
    assert window.session.rows(ListRef(0, 0, "indicators")) == []


def test_a_saved_document_s_indicators_are_remembered_in_the_profile_and_can_be_removed(window, qtbot, tmp_path,
                                                                                         profile, monkeypatch):
    panel = _panel(window, qtbot)
    session = _open(window, qtbot, "hebei-luanping-2026-xinfang")
    push_values(session, [(Location(0, 0, "indicators", 0, "level3"), "驻京值守天数")], "改名")
    target = tmp_path / "滦平 信访.jxmb"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    assert window.save_as() and target.exists()
    stored = json.loads((profile / "library.json").read_text(encoding="utf-8"))
    assert any(e["l3"] == "驻京值守天数" for e in stored["entries"])
    window.select_node(Node(PROJECT, 0, project=0))
    type_chinese(panel.search_box, "驻京值守")
    qtbot.waitUntil(lambda: "驻京值守天数" in _results(panel))
    row = _results(panel).index("驻京值守天数")
    assert panel.results.entries()[row].origin.stored
    panel.results.select_rows([row])
    assert panel.remove_button.isEnabled()
    qtbot.mouseClick(panel.remove_button, Qt.MouseButton.LeftButton)
    assert "驻京值守天数" not in _results(panel)
    stored = json.loads((profile / "library.json").read_text(encoding="utf-8"))
    assert not any(e["l3"] == "驻京值守天数" for e in stored["entries"])


# ---------------------------------------------------------------- quick fixes and explanations

def _select(window, rule: str):  # type: ignore[no-untyped-def]
    """Select the first problem of ``rule`` in the panel's problems tab."""
    panel = window.panel
    panel.tabs.setCurrentIndex(0)
    model = panel.model
    for g in range(model.rowCount()):
        group = model.index(g, 0)
        for r in range(model.rowCount(group)):
            index = model.index(r, 0, group)
            if model.problem(index).rule == rule:
                panel.view.setCurrentIndex(index)
                return model.problem(index)
    raise AssertionError(f"no {rule} problem shown")


def _fix_and_undo(window, qtbot, loc: Location, expected) -> None:  # type: ignore[no-untyped-def]
    session = window.session
    before = session.value(loc)
    assert window.panel.fix_button.isEnabled()
    qtbot.mouseClick(window.panel.fix_button, Qt.MouseButton.LeftButton)
    assert session.value(loc) == expected
    assert window.act_undo.text().startswith("撤销 快速修正")
    window.act_undo.trigger()
    assert session.value(loc) == before
    window.act_redo.trigger()
    _settle(window, qtbot)


def test_quick_fix_a_satisfaction_target_without_a_number(window, qtbot):
    _panel(window, qtbot)
    _open(window, qtbot, "hebei-dingzhou-2020-xinfang")
    problem = _select(window, "satisfaction-number")
    floor = window.settings.rule_settings().satisfaction_floor
    _fix_and_undo(window, qtbot, problem.location, f"≥{floor.normalize():f}%")
    assert problem not in window.runner.index.problems


def test_quick_fix_a_total_recomputed(window, qtbot):
    _panel(window, qtbot)
    session = _open(window, qtbot, "hubei-ezhou-2024-xinfang")
    problem = _select(window, "money-sum")
    members = [session.value(Location(0, table="money", field=k, column=problem.location.column))
               for k in ("fiscal", "special_account", "unit_funds")]
    _fix_and_undo(window, qtbot, problem.location, sum(m or Decimal(0) for m in members))
    assert problem not in window.runner.index.problems


def test_quick_fix_a_share_recomputed(window, qtbot):
    _panel(window, qtbot)
    session = _open(window, qtbot, "hubei-ezhou-2024-xinfang")
    loc = Location(0, table="money", field="personnel", column="share")
    push_values(session, [(loc, Decimal("12"))], "占比")
    _settle(window, qtbot)
    _select(window, "money-share")
    amount = session.value(Location(0, table="money", field="personnel", column="amount"))
    total = session.value(Location(0, table="money", field="expense_total", column="amount"))
    _fix_and_undo(window, qtbot, loc, (amount * 100 / total).quantize(Decimal("0.01")))
    assert not [p for p in window.runner.index.problems if p.rule == "money-share" and p.location == loc]


def test_quick_fix_a_template_hint_removed(window, qtbot):
    _panel(window, qtbot)
    session = _open(window, qtbot, "anhui-jinzhai-2021-wuye-xmzc")
    problem = _select(window, "placeholder")
    text = session.value(problem.location)
    assert "**" in text
    fixed = text[:text.index("(") if "(" in text else text.index("（")].strip()
    _fix_and_undo(window, qtbot, problem.location, fixed)


def test_quick_fix_a_plan_s_last_checkpoint_set_to_100(window, qtbot):
    _panel(window, qtbot)
    session = _open(window, qtbot, "hebei-luanping-2026-xinfang")
    _select(window, "plan-end")
    plan = ListRef(0, 0, "plan")
    before = [(p.label, p.percent) for p in session.rows(plan)]
    qtbot.mouseClick(window.panel.fix_button, Qt.MouseButton.LeftButton)
    assert [(p.label, p.percent) for p in session.rows(plan)][-1] == ("12月底", Decimal(100))
    _settle(window, qtbot)
    assert not [p for p in window.runner.index.problems if p.rule == "plan-end" and p.location.project == 0]
    window.act_undo.trigger()
    assert [(p.label, p.percent) for p in session.rows(plan)] == before


def test_quick_fix_a_comparator_written_with_keyboard_signs_from_the_review_tab(window, qtbot):
    _panel(window, qtbot)
    session = _open(window, qtbot, "hebei-luanping-2026-xinfang")
    loc = Location(0, 1, "indicators", 0, "target")
    push_values(session, [(loc, ">=30件")], "指标值")
    _settle(window, qtbot)
    window.panel.show_review()
    problem = window.panel.review_view.select_problem("notation")
    assert problem is not None and problem.location == loc
    _fix_and_undo(window, qtbot, loc, "≥30件")


def test_a_rule_s_explanation_opens_from_the_panel(window, qtbot):
    _panel(window, qtbot)
    _open(window, qtbot, "hebei-dingzhou-2020-xinfang")
    _select(window, "cannot-fail")
    assert not window.panel.fix_button.isEnabled()      # no one obvious correction
    qtbot.mouseClick(window.panel.explain_button, Qt.MouseButton.LeftButton)
    dialog = window.panel.dialog
    assert dialog is not None and dialog.isVisible()
    assert "不可能达不到" in dialog.windowTitle() + dialog.text.text()
    assert "为什么要求" in dialog.text.text() and "好的写法" in dialog.text.text()
    dialog.close()


def test_step_selects_the_next_and_previous_problem_round_the_list(window, qtbot):
    _open(window, qtbot, "hebei-dingzhou-2020-xinfang")
    panel = window.panel
    shown = panel._problem_indexes()
    first = panel.step(1)
    assert first == panel.model.problem(shown[0])
    assert panel.step(1) == panel.model.problem(shown[1])
    assert panel.step(-1) == first
    assert panel.step(-1) == panel.model.problem(shown[-1])        # wraps round
    assert panel.current_problem() == panel.model.problem(shown[-1])


# ---------------------------------------------------------------- the review

def test_each_sample_is_graded_with_its_reasons_and_dingzhou_is_not_excellent(window, qtbot, tmp_path):
    _panel(window, qtbot)
    grades = {}
    for name in sorted(SAMPLES):
        _open(window, qtbot, name)
        window.panel.show_review()
        view = window.panel.review_view
        qtbot.waitUntil(lambda v=view: v.result is not None)
        heads = view.grades_shown()
        assert heads and all(any(g in h for g in "优良中差") for h in heads)
        whole = view.result.departments[0]
        grades[name] = whole.grade
        assert whole.grade in view.summary.text()
        if whole.grade != "优":
            assert whole.reasons(), name      # a grade below the best says why
        page = tmp_path / f"{name}.html"
        view.export_to(page)
        assert whole.grade in page.read_text(encoding="utf-8")
        window.session.stack.setClean()
    assert grades["hebei-dingzhou-2020-xinfang"] != "优"
    reasons = " ".join(window.panel.review_view.result.departments[0].reasons())
    assert reasons


def test_the_dingzhou_review_names_its_impossible_targets_and_a_fix_raises_the_score(window, qtbot):
    _panel(window, qtbot)
    session = _open(window, qtbot, "hebei-dingzhou-2020-xinfang")
    window.panel.show_review()
    view = window.panel.review_view
    grade = next(g for g in view.result.parts if g.project == 4)
    feasibility = next(s for s in grade.sides if s.side.label == "可行性")
    assert any("不可能达不到" in r for r in feasibility.reasons)
    before = feasibility.score
    problem = next(p for p in grade.problems if p.rule == "cannot-fail")
    push_values(session, [(problem.location, "≥3个")], "指标值")
    _settle(window, qtbot)
    grade = next(g for g in view.result.parts if g.project == 4)
    assert next(s for s in grade.sides if s.side.label == "可行性").score > before


def test_the_library_is_not_read_until_the_panel_is_shown(window, qtbot):
    panel = window.library_panel
    QApplication.processEvents()
    assert not panel.shown()            # a tab behind the checking panel
    _open(window, qtbot, "hebei-luanping-2026-xinfang")
    QApplication.processEvents()
    assert panel.library is None
    qtbot.keyClick(window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: panel.library is not None)
    assert panel.shown() and panel.search_box.hasFocus()


def test_the_panel_comes_back_where_the_clerk_put_it(window, qtbot):
    """The panel is made once the window is drawn; the saved layout still places it."""
    area = window.dockWidgetArea(window.library_panel)
    other = next(a for a in (Qt.DockWidgetArea.LeftDockWidgetArea, Qt.DockWidgetArea.RightDockWidgetArea) if a != area)
    window.addDockWidget(other, window.library_panel)       # out of 检查结果's tabs, to the other side
    window.close()
    again = MainWindow(Settings.load())
    again.show()
    qtbot.waitUntil(lambda: again.is_settled)
    assert again.dockWidgetArea(again.library_panel) == other
    assert again.library_panel not in again.tabifiedDockWidgets(again.panel)
    again.close()
