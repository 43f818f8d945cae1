"""查找和替换 across the whole document, driven through the window's keys and the find bar."""

from __future__ import annotations

import json

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLineEdit

from desktop import projectfile
from tests.ui.conftest import SAMPLES, type_chinese
from ui import find


def _typed_count(path, text: str) -> int:  # type: ignore[no-untyped-def]
    """How often ``text`` occurs in the file's values, read from the file itself."""
    raw = json.loads(path.read_text(encoding="utf-8"))["document"]
    return json.dumps(raw, ensure_ascii=False).count(text)


def _press(qtbot, window, key) -> None:  # type: ignore[no-untyped-def]
    """Ctrl+key where the focus is, as the clerk presses it."""
    qtbot.keyClick(QApplication.focusWidget() or window, key, Qt.KeyboardModifier.ControlModifier)


def test_ctrl_f_counts_every_match_in_the_document_and_goes_to_each(window, qtbot):
    path = SAMPLES["hunan-shifeng-2021-xinfang"]
    window.open_file(path)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is not None)
    _press(qtbot, window, Qt.Key.Key_F)
    bar = window.find_bar
    assert bar.isVisible() and QApplication.focusWidget() is bar.find_edit
    assert not bar.replace_edit.isVisible()
    type_chinese(bar.find_edit, "信访")
    expected = _typed_count(path, "信访")
    assert expected > 20
    assert bar.count.text() == f"共 {expected} 处"
    seen = set()
    for i in range(3):
        qtbot.keyClick(bar.find_edit, Qt.Key.Key_Return)
        assert bar.count.text() == f"第 {i + 1} 处，共 {expected} 处"
        match = bar.matches[bar.current]
        seen.add(match.loc)
        page = window.centre.current_page()
        assert page is not None
        shown = [b.widget for b in page.bindings if b.loc == match.loc]
        if shown:       # a field: its text shows the match selected
            widget = shown[0]
            selected = widget.selectedText() if isinstance(widget, QLineEdit) else widget.textCursor().selectedText()
            assert selected == "信访"
        else:           # a cell: the sheet's current cell holds it
            cells = [(v, v.doc_model().cell_of(match.loc)) for v in page.sheets]
            view, cell = next((v, c) for v, c in cells if c is not None)
            assert view.currentIndex().row() == cell[0] and "信访" in view.currentIndex().data()
        assert QApplication.focusWidget() is bar.find_edit      # typing goes on in the bar
    qtbot.keyClick(bar.find_edit, Qt.Key.Key_F3, Qt.KeyboardModifier.ShiftModifier)
    assert bar.count.text() == f"第 2 处，共 {expected} 处"
    qtbot.keyClick(bar.find_edit, Qt.Key.Key_Escape)
    assert not bar.isVisible()


def test_matches_reach_every_kind_of_value():
    doc = projectfile.load(SAMPLES["hebei-luanping-2026-xinfang"])
    kinds = {(m.loc.project is not None, m.loc.table is not None) for m in find.find_all(doc, "信访")}
    assert kinds == {(False, False), (False, True), (True, False), (True, True)}   # fields and rows, unit and project
    assert find.find_all(doc, "没有这样的词") == []


def test_replace_all_is_one_undoable_command(window, qtbot):
    path = SAMPLES["hebei-luanping-2026-xinfang"]
    window.open_file(path)
    original = projectfile.load(path)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is not None)
    _press(qtbot, window, Qt.Key.Key_H)
    bar = window.find_bar
    assert bar.replace_edit.isVisible() and bar.replace_all_button.isVisible()
    type_chinese(bar.find_edit, "信访")
    type_chinese(bar.replace_edit, "来访")
    expected = _typed_count(path, "信访")
    before = window.session.stack.count()
    qtbot.mouseClick(bar.replace_all_button, Qt.MouseButton.LeftButton)
    assert window.session.stack.count() == before + 1
    assert window.session.stack.undoText() == f"全部替换“信访”为“来访”（{expected}处）"
    assert bar.count.text() == "找不到"
    assert f"已替换 {expected} 处" in window.statusBar().currentMessage()
    assert find.find_all(window.session.doc, "信访") == []
    assert len(find.find_all(window.session.doc, "来访")) == expected + len(find.find_all(original, "来访"))
    window.act_undo.trigger()
    assert window.session.doc == original
    qtbot.waitUntil(lambda: bar.count.text() == f"共 {expected} 处")


def test_replace_changes_the_current_match_only_and_goes_to_the_next(window, qtbot):
    window.open_file(SAMPLES["hebei-dingzhou-2020-xinfang"])
    window.act_replace.trigger()
    bar = window.find_bar
    type_chinese(bar.find_edit, "信访")
    total = len(bar.matches)
    qtbot.mouseClick(bar.next_button, Qt.MouseButton.LeftButton)
    first = bar.matches[0]
    old = window.session.value(first.loc)
    type_chinese(bar.replace_edit, "XF")
    qtbot.mouseClick(bar.replace_button, Qt.MouseButton.LeftButton)
    new = window.session.value(first.loc)
    assert new == old[:first.start] + "XF" + old[first.start + 2:]
    assert len(bar.matches) == total - 1 and bar.count.text() == f"第 1 处，共 {total - 1} 处"
    assert window.session.stack.undoText().startswith("替换“信访”为“XF”")
    current = bar.matches[bar.current]
    assert window.session.value(current.loc)[current.start:current.start + 2] == "信访"    # the next one
