"""查找和替换 (Ctrl+F, Ctrl+H) across the whole document: every text field and section, every
list row and table cell of every unit and project, in the document's order.

A match is an occurrence of the text in one value, named by the value's ``Location`` and the
position in it; going to a match shows its editor and selects the text there. 全部替换 is one
undoable command (``SetValues``), whatever the number of values it changes. Amounts and
percentages are numbers, not text: they are not searched.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut, QTextCursor
from PySide6.QtWidgets import (
    QApplication,
    QGridLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTextEdit,
    QToolButton,
    QWidget,
)

from desktop.edits import PLAN, ListRef
from desktop.model import Document
from desktop.rules import Location
from ui.commands import push_values
from ui.session import EditSession

REFRESH_MS = 300    # after a change, the count is made again this much later


@dataclass(frozen=True)
class Match:
    loc: Location
    start: int
    length: int


def text_values(doc: Document) -> Iterator[tuple[Location, str]]:
    """Every text value of the document, in its order: each unit's fields and sections, its
    lists and tables row by row, then each project's."""
    for d, dept in enumerate(doc.departments):
        for p, part in [(None, dept), *enumerate(dept.projects)]:
            for key, value in part.values.items():
                if isinstance(value, str):
                    yield Location(d, p, field=key), value
            for table, rows in part.lists.items():
                ref = ListRef(d, p, table)
                for r, row in enumerate(rows):
                    for key, value in row.items():
                        if isinstance(value, str):
                            yield ref.cell(r, key), value
            if p is not None:
                for r, point in enumerate(part.plan):
                    yield ListRef(d, p, PLAN).cell(r, "label"), point.label


def find_all(doc: Document, needle: str) -> list[Match]:
    """Every occurrence of ``needle`` (letters in any case), in the document's order."""
    if not needle:
        return []
    folded = needle.casefold()
    found = []
    for loc, value in text_values(doc):
        haystack, key = value.casefold(), folded
        if len(haystack) != len(value) or len(key) != len(needle):    # ß, ﬁ…: positions would shift
            haystack, key = value, needle
        start = haystack.find(key)
        while start >= 0:
            found.append(Match(loc, start, len(needle)))
            start = haystack.find(key, start + len(key))
    return found


def replaced(value: str, matches: list[Match], replacement: str) -> str:
    """``value`` with each of ``matches`` (all in it) replaced, from the end backwards."""
    for match in sorted(matches, key=lambda m: m.start, reverse=True):
        value = value[:match.start] + replacement + value[match.start + match.length:]
    return value


def replace_all(session: EditSession, needle: str, replacement: str) -> int:
    """Replace every occurrence as one command (撤销 undoes all); the number replaced."""
    matches = find_all(session.doc, needle)
    by_loc: dict[Location, list[Match]] = {}
    for match in matches:
        by_loc.setdefault(match.loc, []).append(match)
    changes = [(loc, replaced(session.value(loc), found, replacement)) for loc, found in by_loc.items()]
    if not push_values(session, changes, f"全部替换“{needle}”为“{replacement}”（{len(matches)}处）"):
        return 0
    return len(matches)


def replace_one(session: EditSession, match: Match, replacement: str) -> bool:
    """Replace one match, as one command."""
    value: Any = session.value(match.loc)
    if not isinstance(value, str) or match.start + match.length > len(value):
        return False
    return push_values(session, [(match.loc, replaced(value, [match], replacement))],
                       f"替换“{value[match.start:match.start + match.length]}”为“{replacement}”")


class FindBar(QWidget):
    """The bar above the editors: 查找, 替换为, 上一个, 下一个, 替换, 全部替换, the match count."""

    goTo = Signal(object)       # Location: show its editor
    message = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session: EditSession | None = None
        self.matches: list[Match] = []
        self.current = -1
        self._revision = -1
        self._later = QTimer(self, singleShot=True, interval=REFRESH_MS)
        self._later.timeout.connect(lambda: self.refresh() if self.isVisible() else None)
        grid = QGridLayout(self)
        grid.setContentsMargins(8, 4, 8, 4)
        self.find_edit = QLineEdit()
        self.find_edit.setPlaceholderText("查找的内容")
        self.find_edit.setClearButtonEnabled(True)
        self.replace_edit = QLineEdit()
        self.replace_edit.setPlaceholderText("替换为")
        self.count = QLabel()
        self.count.setMinimumWidth(self.fontMetrics().horizontalAdvance("第 9999 处，共 9999 处"))
        self.previous_button = QPushButton("上一个")
        self.next_button = QPushButton("下一个")
        self.replace_button = QPushButton("替换")
        self.replace_all_button = QPushButton("全部替换")
        self.close_button = QToolButton()
        self.close_button.setText("×")
        self.close_button.setAutoRaise(True)
        self.close_button.setToolTip("关闭（Esc）")
        self.replace_label = QLabel("替换为")
        grid.addWidget(QLabel("查找"), 0, 0)
        grid.addWidget(self.find_edit, 0, 1)
        grid.addWidget(self.previous_button, 0, 2)
        grid.addWidget(self.next_button, 0, 3)
        grid.addWidget(self.count, 0, 4)
        grid.addWidget(self.close_button, 0, 6)
        grid.addWidget(self.replace_label, 1, 0)
        grid.addWidget(self.replace_edit, 1, 1)
        grid.addWidget(self.replace_button, 1, 2)
        grid.addWidget(self.replace_all_button, 1, 3)
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(5, 0)
        self.previous_button.setToolTip("上一个（Shift+F3）")
        self.next_button.setToolTip("下一个（Enter 或 F3）")
        self.find_edit.textChanged.connect(self._needle_changed)
        self.find_edit.returnPressed.connect(lambda: self.step(1))
        self.replace_edit.returnPressed.connect(self.replace_current)
        self.previous_button.clicked.connect(lambda: self.step(-1))
        self.next_button.clicked.connect(lambda: self.step(1))
        self.replace_button.clicked.connect(self.replace_current)
        self.replace_all_button.clicked.connect(self.replace_everything)
        self.close_button.clicked.connect(self.hide)
        QShortcut(QKeySequence(Qt.Key.Key_Escape), self, self.hide, context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self._show_count()
        self.hide()

    def watch(self, session: EditSession | None) -> None:
        self.session = session
        if session is not None:     # the count follows typing, undo and redo while the bar shows
            session.changed.connect(self._later.start)
        self.matches, self.current, self._revision = [], -1, -1
        if session is None:
            self.hide()
        self._show_count()

    def open(self, replacing: bool) -> None:
        """Show the bar (with its 替换 row for Ctrl+H) and put the focus in 查找, its text selected."""
        for widget in (self.replace_label, self.replace_edit, self.replace_button, self.replace_all_button):
            widget.setVisible(replacing)
        selected = _selected_text()
        if selected and "\n" not in selected:
            self.find_edit.setText(selected)
        self.show()
        self.find_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.find_edit.selectAll()
        self.refresh()

    # ------------------------------------------------------------ matches

    def refresh(self) -> None:
        """Search again if the document changed since the last search."""
        session = self.session
        if session is None:
            return
        if self._revision != session.revision:
            self.matches = find_all(session.doc, self.find_edit.text())
            self._revision = session.revision
            self.current = min(self.current, len(self.matches) - 1)
        self._show_count()

    def _needle_changed(self) -> None:
        self._revision = -1
        self.current = -1
        self.refresh()

    def _show_count(self) -> None:
        if not self.find_edit.text():
            self.count.setText("")
        elif not self.matches:
            self.count.setText("找不到")
        elif self.current < 0:
            self.count.setText(f"共 {len(self.matches)} 处")
        else:
            self.count.setText(f"第 {self.current + 1} 处，共 {len(self.matches)} 处")
        has = bool(self.matches)
        for button in (self.previous_button, self.next_button, self.replace_button, self.replace_all_button):
            button.setEnabled(has)

    def step(self, step: int) -> None:
        """下一个 (1) or 上一个 (−1), round the end of the document."""
        self.refresh()
        if not self.matches:
            self.message.emit(f"找不到“{self.find_edit.text()}”。" if self.find_edit.text() else "")
            return
        if self.current < 0:
            self.current = 0 if step > 0 else len(self.matches) - 1
        else:
            self.current = (self.current + step) % len(self.matches)
        self._show_count()
        self._go(self.matches[self.current])

    def _go(self, match: Match) -> None:
        """Show the match in its editor, its text selected there, and keep typing in the bar."""
        keep = QApplication.focusWidget()
        self.goTo.emit(match.loc)
        _select_in(QApplication.focusWidget(), match)
        if keep is not None and keep is not QApplication.focusWidget() and self.isAncestorOf(keep):
            # as a popup would: the field keeps its selection (Qt clears a line's on other reasons)
            keep.setFocus(Qt.FocusReason.PopupFocusReason)

    def replace_current(self) -> None:
        """Replace the current match, then go to the next one."""
        session = self.session
        self.refresh()
        if session is None or not self.matches:
            return
        if self.current < 0:
            self.step(1)
            return
        match = self.matches[self.current]
        replace_one(session, match, self.replace_edit.text())
        self.refresh()
        if self.matches:
            self.current = max(-1, self.current - 1)
            self.step(1)

    def replace_everything(self) -> None:
        session = self.session
        if session is None:
            return
        needle = self.find_edit.text()
        count = replace_all(session, needle, self.replace_edit.text())
        self.current = -1
        self.refresh()
        self.message.emit(f"已替换 {count} 处“{needle}”。撤销（Ctrl+Z）可全部恢复。" if count else f"找不到“{needle}”。")


def _selected_text() -> str:
    widget = QApplication.focusWidget()
    if isinstance(widget, QLineEdit):
        return widget.selectedText()
    if isinstance(widget, QTextEdit):
        return widget.textCursor().selectedText()
    return ""


def _select_in(widget: QWidget | None, match: Match) -> None:
    """Select the match's text in the field that shows it (a cell is selected as a whole)."""
    if isinstance(widget, QLineEdit):
        widget.setSelection(match.start, match.length)
    elif isinstance(widget, QTextEdit):
        cursor = widget.textCursor()
        cursor.setPosition(match.start)
        cursor.setPosition(match.start + match.length, QTextCursor.MoveMode.KeepAnchor)
        widget.setTextCursor(cursor)
