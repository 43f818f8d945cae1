"""Form fields bound to one document value each.

Every keystroke becomes an undo command; keystrokes into the same field merge into one until
the field loses focus, so 撤销 takes back a whole word. Ctrl+Z and Ctrl+Y go to the window's
undo stack rather than the widget's own.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QFocusEvent, QKeyEvent, QKeySequence, QTextOption
from PySide6.QtWidgets import QLineEdit, QSizePolicy, QTextEdit, QWidget

from desktop.rules import Location, Problem
from desktop.text import clean_text
from desktop.values import TypedAmount, as_typed, parse_amount
from ui import checking
from ui.commands import push_values
from ui.session import EditSession

_UNDO_KEYS = (QKeySequence.StandardKey.Undo, QKeySequence.StandardKey.Redo)


def is_undo_key(event: QKeyEvent) -> bool:
    """Ctrl+Z, Ctrl+Y or the platform's redo key."""
    ctrl_y = event.key() == Qt.Key.Key_Y and event.modifiers() == Qt.KeyboardModifier.ControlModifier
    return ctrl_y or any(event.matches(k) for k in _UNDO_KEYS)


class AutoText(QTextEdit):
    """A plain-text field that grows with its text (up to ``max_lines``) instead of scrolling."""

    def __init__(self, parent: QWidget | None = None, min_lines: int = 2, max_lines: int = 24) -> None:
        super().__init__(parent)
        self.min_lines, self.max_lines = min_lines, max_lines
        self.setAcceptRichText(False)
        self.setTabChangesFocus(True)
        self.setWordWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.document().documentLayout().documentSizeChanged.connect(self._fit)
        self._fit()

    def _fit(self, *_args: object) -> None:
        line = self.fontMetrics().lineSpacing()
        margin = 2 * int(self.document().documentMargin())
        content = int(self.document().size().height())
        content = min(max(content, self.min_lines * line + margin), self.max_lines * line + margin)
        self.setFixedHeight(content + 2 * self.frameWidth())


class FieldBinding(QObject):
    """Keeps a line or text editor and the value at ``loc`` in step, through undo commands."""

    message = Signal(str)

    def __init__(self, session: EditSession, widget: QLineEdit | QTextEdit, loc: Location, label: str,
                 amount: bool = False) -> None:
        super().__init__(widget)
        self.session, self.widget, self.loc, self.label, self.amount = session, widget, loc, label, amount
        self._typing = 0          # part of the merge key: a new burst of typing after each focus-in
        self._loading = False
        self._invalid = False
        self._reason = ""         # why the text typed is not an amount
        self._problems: list[Problem] = []
        widget.installEventFilter(self)
        if isinstance(widget, QLineEdit):
            widget.textEdited.connect(self._edited)
            widget.editingFinished.connect(self._finished)
        else:
            widget.setUndoRedoEnabled(False)
            widget.textChanged.connect(lambda: None if self._loading else self._edited(widget.toPlainText()))
        session.valuesChanged.connect(self._values_changed)
        self.refresh()

    def rebind(self, loc: Location) -> None:
        self.loc = loc
        self._typing += 1
        self.refresh()

    def _text(self) -> str:
        w = self.widget
        return w.text() if isinstance(w, QLineEdit) else w.toPlainText()

    def refresh(self) -> None:
        """Show the document's value, unless the editor already shows it (keeps the cursor)."""
        value = self.session.value(self.loc)
        self._set_invalid(None)
        if self.amount:
            try:
                shown = parse_amount(self._text())
                if shown == value and _unit(shown) == _unit(value) and self._text().strip():
                    return
            except ValueError:
                pass
            text = as_typed(value) if value != "" else ""     # as typed (134.8291万元); not in the file yet: ""
        else:
            text = value or ""
            if self._text() == text:
                return
        # Text cleaned on the way in (control characters pasted from Word) is put back with the
        # cursor where the clerk left it, less what was removed before it.
        old = self._text()
        self._loading = True
        if isinstance(self.widget, QLineEdit):
            position = self.widget.cursorPosition()
            self.widget.setText(text)
            # a field not being typed into shows the start of a long text (a 项目名称), as Excel does
            typing = self.widget.hasFocus()
            self.widget.setCursorPosition(max(0, min(len(text), position - (len(old) - len(text)))) if typing else 0)
        else:
            position = self.widget.textCursor().position()
            self.widget.setPlainText(text)
            cursor = self.widget.textCursor()
            cursor.setPosition(max(0, min(len(text), position - (len(old) - len(text)))))
            self.widget.setTextCursor(cursor)
        self._loading = False

    def _edited(self, text: str) -> None:
        if self.amount:
            try:
                value = parse_amount(text)
            except ValueError as exc:
                self._set_invalid(str(exc))
                self._reason = str(exc)
                return
            self._set_invalid(None)
        else:
            value = clean_text(text)
        push_values(self.session, [(self.loc, value)], f"输入“{self.label}”", merge_key=(id(self), self._typing))

    def _finished(self) -> None:
        if self._invalid:
            self.message.emit(f"{self._reason}，{self.label}已恢复为原来的值。")
            self.refresh()

    def _set_invalid(self, reason: str | None) -> None:
        was_invalid, self._invalid = self._invalid, reason is not None
        if reason:
            self.widget.setStyleSheet("QLineEdit { border: 2px solid #b3261e; }")
            self.widget.setToolTip(f"{reason}：请填写不为负的数字，如 80 或 0.54（单位：万元）")
        elif was_invalid:
            self._show_problems()

    def set_problems(self, problems: list[Problem]) -> None:
        self._problems = problems
        if not self._invalid:
            self._show_problems()

    def _show_problems(self) -> None:
        severity = checking.worst(self._problems)
        selector = "QLineEdit" if isinstance(self.widget, QLineEdit) else "QTextEdit"
        self.widget.setStyleSheet(f"{selector} {{ background-color: {checking.BACKGROUND[severity].name()}; }}" if severity else "")
        self.widget.setToolTip(checking.tooltip(self._problems))

    def _values_changed(self, locs: list[Location]) -> None:
        if self.loc in _as_set(locs):
            self.refresh()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        kind = event.type()
        if kind == QEvent.Type.FocusIn:
            self._typing += 1
            if isinstance(watched, QLineEdit) and isinstance(event, QFocusEvent) and (
                    event.reason() in (Qt.FocusReason.OtherFocusReason, Qt.FocusReason.ShortcutFocusReason)
                    or event.reason() == Qt.FocusReason.ActiveWindowFocusReason and watched.cursorPosition() == 0):
                watched.end(False)   # sent here (a problem clicked): typing goes after the text, as before
        elif kind == QEvent.Type.FocusOut and isinstance(watched, QLineEdit) and isinstance(event, QFocusEvent) \
                and event.reason() not in (Qt.FocusReason.PopupFocusReason, Qt.FocusReason.ActiveWindowFocusReason):
            watched.setCursorPosition(0)    # left: the start of a long text shows again
        elif kind == QEvent.Type.ShortcutOverride and isinstance(event, QKeyEvent) and is_undo_key(event):
            return True   # not accepted: the window's 撤销/重做 shortcut handles it
        return False


def _unit(value: object) -> str:
    """The unit an amount was typed with (``万元``, ``%``), or ""."""
    return value.unit if isinstance(value, TypedAmount) else ""


_last_changes: tuple[list[Location], set[Location] | list[Location]] | None = None


def _as_set(locs: list[Location]) -> set[Location] | list[Location]:
    """The changed locations as a set, made once for all the fields told of one change (a new
    year moves 20,000 values; each field searching the list took 30 ms)."""
    global _last_changes
    if len(locs) < 16:
        return locs
    if _last_changes is None or _last_changes[0] is not locs:
        _last_changes = (locs, set(locs))
    return _last_changes[1]
