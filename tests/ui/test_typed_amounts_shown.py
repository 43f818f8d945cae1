"""Amounts typed with their unit (25%, 134.8291万元) are shown as typed, and stay so when the
cell is opened and closed unchanged; a plain number typed over one replaces it."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLineEdit

from desktop.rules import Location
from desktop.values import TypedAmount
from tests.ui.conftest import SAMPLES
from ui.commands import push_values
from ui.models.tree import DEPT, PROJECT, Node


def _open(window, qtbot, name: str):  # type: ignore[no-untyped-def]
    assert window.open_file(SAMPLES[name])
    qtbot.waitUntil(lambda: not window.runner.pending())
    return window.session


def _edit(qtbot, sheet, row: int, column: int) -> QLineEdit:  # type: ignore[no-untyped-def]
    sheet.setFocus()
    sheet.setCurrentIndex(sheet.model().index(row, column))
    qtbot.keyClick(sheet, Qt.Key.Key_F2)
    editor = QApplication.focusWidget()
    assert isinstance(editor, QLineEdit)
    return editor


def test_the_plan_shows_percents_as_typed_and_keeps_them(window, qtbot):
    session = _open(window, qtbot, "hebei-luanping-2026-xinfang")
    loc = Location(0, 0, "plan", 0, "percent")
    typed = session.value(loc)
    assert isinstance(typed, TypedAmount) and typed.typed == "25%"
    window.select_node(Node(PROJECT, 0, project=0))
    page = window.centre.project_page
    sheet = page.plan_sheet
    model = sheet.model()
    assert model.index(0, 0).data() == "25%"                     # not 25%% nor 25
    editor = _edit(qtbot, sheet, 0, 0)
    assert editor.text() == "25%"
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    assert session.value(loc).typed == "25%" and session.stack.count() == 0
    editor = _edit(qtbot, sheet, 0, 0)
    editor.selectAll()
    qtbot.keyClicks(editor, "30")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    value = session.value(loc)
    assert value == Decimal(30) and not isinstance(value, TypedAmount)
    assert model.index(0, 0).data() == "30%"
    session.stack.undo()
    assert session.value(loc).typed == "25%" and model.index(0, 0).data() == "25%"
    editor = _edit(qtbot, sheet, 0, 0)                           # the same number, without its %
    editor.selectAll()
    qtbot.keyClicks(editor, "25")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    assert not isinstance(session.value(loc), TypedAmount) and model.index(0, 0).data() == "25%"
    session.stack.undo()
    assert session.value(loc).typed == "25%"


def _money_sheet(window):  # type: ignore[no-untyped-def]
    """The money table of the first unit's department page, shown."""
    window.select_node(Node(DEPT, 0))
    return next(s for s in window.centre.currentWidget().sheets if type(s.model()).__name__ == "MoneyModel")


def test_money_and_fields_show_amounts_typed_in_wan_yuan(window, qtbot):
    session = _open(window, qtbot, "hunan-shifeng-2021-xinfang")
    money_sheet = _money_sheet(window)
    money = money_sheet.model()
    row = money.keys.index("basic")
    column = next(i for i, c in enumerate(money.columns) if c.key == "amount")
    loc = money.location(row, column)
    assert session.value(loc).typed == "134.8291万元"
    assert money.index(row, column).data() == "134.8291万元"
    editor = _edit(qtbot, money_sheet, row, column)
    assert editor.text() == "134.8291万元"
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    assert session.value(loc).typed == "134.8291万元" and session.stack.count() == 0
    editor = _edit(qtbot, money_sheet, row, column)
    editor.selectAll()
    qtbot.keyClicks(editor, "30")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    assert not isinstance(session.value(loc), TypedAmount) and money.index(row, column).data() == "30"
    # a field bound to an amount typed with its unit shows it as typed
    budget = session.family.project_field("budget")
    assert budget is not None
    project_loc = Location(0, 0, field=budget.key)
    push_values(session, [(project_loc, TypedAmount(Decimal("38.598"), "38.598万元"))], "t")
    window.select_node(Node(PROJECT, 0, project=0))
    field = next(b.widget for b in window.centre.project_page.bindings if b.loc == project_loc)
    assert field.text() == "38.598万元"


def test_a_share_typed_with_its_percent_sign_is_shown_with_one(window, qtbot):
    session = _open(window, qtbot, "hubei-ezhou-2024-xinfang")
    money_sheet = _money_sheet(window)
    money = money_sheet.model()
    share = next(i for i, c in enumerate(money.columns) if c.key == "share")
    loc = money.location(0, share)
    editor = _edit(qtbot, money_sheet, 0, share)
    editor.selectAll()
    qtbot.keyClicks(editor, "25%")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    assert session.value(loc).typed == "25%"
    assert money.index(0, share).data() == "25%"
    editor = _edit(qtbot, money_sheet, 0, share)
    assert editor.text() == "25%"
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    assert session.value(loc).typed == "25%"
