"""文件 › 新建下一年度…: the dialog driven as a clerk drives it, the new unsaved document in the
window, the old file untouched, and 编辑 › 确认带入的数值 as one undo step."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import QPoint, Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QFileDialog, QMessageBox

from desktop.nextyear import carried_problems
from tests.ui.conftest import SAMPLES
from ui import nextyear

EZHOU = "hubei-ezhou-2024-xinfang"
LUANPING = "hebei-luanping-2026-xinfang"



def _installed(window):  # type: ignore[no-untyped-def]
    """The window's own 新建下一年度…, 确认带入的数值 and 确认全部带入的数值… (ui/mainwindow.py installs them)."""
    return window.act_next_year, window.act_confirm_carried, window.act_confirm_all_carried

def _menu_action(window, menu_word: str, text: str):  # type: ignore[no-untyped-def]
    menu = next(a.menu() for a in window.menuBar().actions() if a.menu() is not None and menu_word in a.text())
    return next(a for a in menu.actions() if a.text() == text)


def _box(button) -> QPoint:  # type: ignore[no-untyped-def]
    """Where a clerk clicks a radio button or check box: on its box (its middle may be empty space)."""
    return QPoint(6, button.height() // 2)


def _answer(qtbot, clear: bool, draft: bool | None = None):  # type: ignore[no-untyped-def]
    seen: dict[str, object] = {}

    def answer() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, nextyear.NextYearDialog)
        seen["draft shown"] = not dialog.draft.isHidden()
        if clear:
            qtbot.mouseClick(dialog.clear, Qt.MouseButton.LeftButton, pos=_box(dialog.clear))
        if draft is not None and dialog.draft.isChecked() != draft:
            qtbot.mouseClick(dialog.draft, Qt.MouseButton.LeftButton, pos=_box(dialog.draft))
        seen["preview"] = dialog.preview.text()
        ok = dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok)
        assert ok.text() == "新建"
        qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)

    QTimer.singleShot(0, answer)
    return seen


def test_next_year_opens_a_new_unsaved_document_and_leaves_the_file_as_it_was(window, qtbot):
    path = SAMPLES[EZHOU]
    before = path.read_bytes()
    _installed(window)
    assert window.open_file(path)
    action = _menu_action(window, "文件", nextyear.MENU_TEXT)
    file_menu = next(a.menu() for a in window.menuBar().actions() if a.menu() and "文件" in a.text())
    texts = [a.text() for a in file_menu.actions()]
    assert texts.index(nextyear.MENU_TEXT) == texts.index(window.act_new.text()) + 1
    seen = _answer(qtbot, clear=True)
    action.trigger()
    session = window.session
    assert session is not None and session.path is None and session.doc.year == 2025
    assert seen["draft shown"] is False                   # 湖北's form prints no 草案
    assert "2024年的当年数值" in str(seen["preview"]) and "金额已清空" in str(seen["preview"])
    line = session.doc.departments[0].money["fiscal"]
    assert (line.amount, line.prior[1]) == (None, Decimal("593.27"))
    assert "2025年度" in session.display_name and "未保存" in window.windowTitle()
    assert "已生成2025年度文档" in window.statusBar().currentMessage()
    assert path.read_bytes() == before


def test_the_draft_box_shows_where_the_form_prints_one_and_the_clerk_may_untick_it(window, qtbot):
    _installed(window)
    assert window.open_file(SAMPLES[LUANPING])
    seen = _answer(qtbot, clear=False, draft=False)
    _menu_action(window, "文件", nextyear.MENU_TEXT).trigger()
    assert seen["draft shown"] is True
    doc = window.session.doc
    assert (doc.year, doc.draft, doc.departments[0].projects[0].budget) == (2027, False, Decimal("80.00"))


def test_without_an_open_document_the_clerk_picks_the_file(window, qtbot, monkeypatch):
    _installed(window)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *args: (str(SAMPLES[EZHOU]), ""))
    _answer(qtbot, clear=False)
    assert nextyear.start(window)
    assert window.session.doc.year == 2025 and window.session.path is None
    assert window.session.doc.departments[0].money["fiscal"].amount == Decimal("593.27")


def test_a_carried_value_is_confirmed_from_the_checking_panel_in_one_undo_step(window, qtbot, monkeypatch):
    _new_year, confirm, confirm_all = _installed(window)
    assert window.open_file(SAMPLES[EZHOU])
    _answer(qtbot, clear=False)
    _menu_action(window, "文件", nextyear.MENU_TEXT).trigger()
    session = window.session
    waiting = carried_problems(session.doc)
    assert len(waiting) == 45 and not confirm.isEnabled()
    row = next(p for p in waiting if p.location.table == "annual")
    window.panel.problemActivated.emit(row)                  # the clerk clicks the 提示
    assert confirm.isEnabled()
    _menu_action(window, "编辑", nextyear.CONFIRM_TEXT).trigger()
    assert row.location not in [p.location for p in carried_problems(session.doc)]
    assert len(carried_problems(session.doc)) == 44 and not session.stack.isClean()
    session.stack.undo()
    assert len(carried_problems(session.doc)) == 45
    monkeypatch.setattr(QMessageBox, "question", lambda *args: QMessageBox.StandardButton.Yes)
    confirm_all.trigger()
    assert carried_problems(session.doc) == [] and session.stack.count() == 1
    session.stack.undo()
    assert len(carried_problems(session.doc)) == 45


def test_the_dialog_tells_what_the_new_document_will_hold_as_the_clerk_chooses(window, qtbot):
    assert window.open_file(SAMPLES[EZHOU])
    dialog = nextyear.NextYearDialog(window.session.doc, window.session.display_name, window)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert dialog.preview.text().startswith("新文档中：45个2024年的当年数值")
    assert "金额已清空" not in dialog.preview.text()
    qtbot.mouseClick(dialog.clear, Qt.MouseButton.LeftButton, pos=_box(dialog.clear))
    assert "金额已清空" in dialog.preview.text()
    assert window.session.doc.year == 2024 and window.session.doc.departments[0].money["fiscal"].amount is not None
    dialog.reject()


def test_a_hint_of_another_document_confirms_nothing(window, qtbot):
    _new_year, confirm, _all = _installed(window)
    assert window.open_file(SAMPLES[EZHOU])
    _answer(qtbot, clear=False)
    _menu_action(window, "文件", nextyear.MENU_TEXT).trigger()
    stale = carried_problems(window.session.doc)[-1]
    window.panel.problemActivated.emit(stale)
    window.session.stack.setClean()
    assert window.open_file(SAMPLES[LUANPING])               # a document with no such place
    confirm.trigger()
    assert window.session.stack.count() == 0 and "已不是待核实" in window.statusBar().currentMessage()
