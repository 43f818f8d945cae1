"""Every main screen with each family's sample: it renders, no label is cut off, and the focus
moves through a project's fields in the printed form's order.

Set JIXIAO_SHOTS to a folder to keep the screenshots for a look.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel, QWidget

from tests.ui.conftest import SAMPLES
from ui.editors.page import FormPage
from ui.mainwindow import MainWindow
from ui.models.tree import INDICATOR, PART, PROJECT, PROJECTS_GROUP, Node
from ui.settings import Settings


def _screens(window: MainWindow) -> dict[str, Node]:
    screens = {"department": Node(PART, 0)}
    if window.session is not None and window.session.family.has_projects:
        screens |= {"projects": Node(PROJECTS_GROUP, 0), "project": Node(PROJECT, 0, project=0),
                    "indicator": Node(INDICATOR, 0, project=0, row=2)}
    return screens


def _clipped_labels(page: QWidget) -> list[str]:
    return [label.text() for label in page.findChildren(QLabel)
            if label.isVisible() and not label.wordWrap() and label.text()
            and label.width() < label.minimumSizeHint().width()]


@pytest.mark.parametrize("name", sorted(SAMPLES))
def test_every_screen_renders_without_cut_labels(qtbot, tmp_path, name):
    shots = Path(os.environ.get("JIXIAO_SHOTS") or tmp_path)
    shots.mkdir(parents=True, exist_ok=True)
    window = MainWindow(Settings())
    window.resize(1600, 1000)
    window.show()
    qtbot.waitExposed(window)
    window.open_file(SAMPLES[name])
    for screen, node in _screens(window).items():
        window.select_node(node)
        page = window.centre.currentWidget()
        assert isinstance(page, FormPage)
        # rows are fitted to their text on the next turn of the event loop
        qtbot.waitUntil(lambda p=page: all(sheet.fitted() for sheet in p.sheets), timeout=2000)
        assert _clipped_labels(page) == [], screen
        image = window.grab()
        assert not image.isNull()
        image.save(str(shots / f"{name}-{screen}.png"))
        page.widget().grab().save(str(shots / f"{name}-{screen}-whole.png"))
    window.panel.grab().save(str(shots / f"{name}-panel.png"))
    window.session.stack.setClean()
    window.close()


def test_tab_follows_the_printed_form_and_passes_through_the_tables(qtbot):
    window = MainWindow(Settings())
    window.show()
    qtbot.waitExposed(window)
    window.windowHandle().requestActivate()
    qtbot.waitUntil(window.isActiveWindow, timeout=1000)
    window.open_file(SAMPLES["hebei-dingzhou-2020-xinfang"])
    window.select_node(Node(PROJECT, 0, project=0))
    page = window.centre.project_page
    fields = {b.widget: b.label for b in page.bindings}
    sheets = {page.plan_sheet: "资金支出计划", page.indicator_sheet: "绩效指标"}

    def where() -> str:
        widget = QApplication.focusWidget()
        if widget in sheets:
            return f"{sheets[widget]}{widget.currentIndex().column() + 1}"
        return fields.get(widget, repr(widget))

    next(w for w, label in fields.items() if label == "项目编码").setFocus()
    order = [where()]
    while not order[-1].startswith("绩效指标") and len(order) < 30:
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        order.append(where())
    assert order == ["项目编码", "项目名称", "预算数", "其中：财政资金", "其他资金", "资金用途",
                     "资金支出计划1", "资金支出计划2", "资金支出计划3", "资金支出计划4", "绩效目标", "绩效指标1"]
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    assert where() == "绩效指标2"
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab, Qt.KeyboardModifier.ControlModifier)
    assert not where().startswith("绩效指标")      # Ctrl+Tab leaves a sheet from any cell
    page.plan_sheet.setFocus()
    page.plan_sheet.setCurrentIndex(page.plan_sheet.model().index(0, 0))
    qtbot.keyClick(page.plan_sheet, Qt.Key.Key_Backtab, Qt.KeyboardModifier.ShiftModifier)
    assert where() == "资金用途"
    window.session.stack.setClean()
    window.close()


def test_qt_calls_do_not_use_up_none(qtbot):
    """PySide6 6.12 on Python 3.11 drops a reference to None per call (see ui/refcounts.py)."""
    label = QLabel()
    calls = 50_000
    before = sys.getrefcount(None)
    for _ in range(calls):
        label.setText("")
    after = sys.getrefcount(None)
    lost_per_call = (before - after) / calls
    # Either no reference is lost, or the reserve leaves room for a hundred million more calls
    # (unprotected, None starts with some thousands of references and Python would abort).
    calls_left = after / lost_per_call if lost_per_call > 0.01 else float("inf")
    assert calls_left > 100_000_000, (before, after)
