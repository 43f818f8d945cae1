"""Cell editors and painting for sheets.

一级/二级 cells pick from the family's vocabulary, 三级 completes from known names, amounts
are typed as text, and other cells take several lines (Enter commits, Alt+Enter breaks the
line, as in Excel). Runs of equal 一级/二级 are painted as one merged cell, with the grid
drawn here so that no line crosses a merged cell.
"""

from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel, QEvent, QModelIndex, QObject, QPersistentModelIndex, QSize, Qt, QTimer
from PySide6.QtGui import QColor, QFontMetrics, QKeyEvent, QPainter, QPen
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QAbstractItemView,
    QComboBox,
    QCompleter,
    QLineEdit,
    QPlainTextEdit,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)

from ui.models.table import AMOUNT, CHOICE, LEVEL1, LEVEL2, LEVEL3, PERCENT, DocTableModel

Index = QModelIndex | QPersistentModelIndex
GRID = QColor("#c9ced6")
_RETURN = (Qt.Key.Key_Return, Qt.Key.Key_Enter)
_FILLED = "jixiaoFilled"   # an editor property: the editor was given the cell's text
_CLOSED = "jixiaoClosed"   # an editor property: committed and closed, what comes after is dropped


class CellTextEdit(QPlainTextEdit):
    """A cell's multi-line editor (Enter is handled by the delegate)."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setFrameShape(QPlainTextEdit.Shape.NoFrame)
        self.setTabChangesFocus(True)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)


class CellDelegate(QStyledItemDelegate):
    def __init__(self, view: QAbstractItemView) -> None:
        super().__init__(view)
        self.view = view
        self.open_list = False  # set by the view before F4 / Alt+Down opens an editor
        self.typing = False     # set by the view while typing opens an editor: the text is replaced

    # ------------------------------------------------------------ editors

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: Index) -> QWidget:  # noqa: N802
        model = index.model()
        kind = model.kind(index.column()) if isinstance(model, DocTableModel) else ""
        if kind in (LEVEL1, LEVEL2, CHOICE):
            return self._list_editor(parent, model.choices(index.row(), index.column()))
        if kind in (LEVEL3, AMOUNT, PERCENT):
            line = QLineEdit(parent)
            line.setFrame(False)
            if kind == LEVEL3:
                completer = QCompleter(model.completions(), line)
                completer.setFilterMode(Qt.MatchFlag.MatchContains)
                completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
                completer.setMaxVisibleItems(12)
                line.setCompleter(completer)
            return line
        return CellTextEdit(parent)

    def _list_editor(self, parent: QWidget, choices: list[str]) -> QComboBox:
        """A 一级/二级 (or choice) cell: an editable combo box, as in Excel's and WPS's lists.
        Typing (Chinese too) shows the entries holding what was typed; Enter or Tab takes the
        highlighted one, or the first; text matching none is kept as typed (the checker says
        whether the form allows it). F4 or Alt+Down opens the whole list."""
        combo = QComboBox(parent)
        combo.setEditable(True)
        combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        combo.addItems(choices)
        combo.lineEdit().setFrame(False)
        completer = QCompleter(choices, combo)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        completer.setMaxVisibleItems(12)
        combo.setCompleter(completer)
        completer.popup().installEventFilter(self)     # after the completer's own filter: runs first
        combo.activated.connect(lambda _i, c=combo: self._commit_and_close(c))
        # Chinese from an input method ends as a commit string, not as keys: filter on it too
        combo.lineEdit().textEdited.connect(lambda text, c=completer: self._complete(c, text))
        if self.open_list:
            self.open_list = False
            QTimer.singleShot(0, combo.showPopup)
        return combo

    @staticmethod
    def _complete(completer: QCompleter, text: str) -> None:
        if text and not completer.popup().isVisible():
            completer.setCompletionPrefix(text)
            completer.complete()

    def setEditorData(self, editor: QWidget, index: Index) -> None:  # noqa: N802
        """Fill a new editor with the cell's text. Qt calls this again whenever the model says
        the cell changed (a re-check recolouring the table, a sum refreshed); an open editor
        holds what the clerk is typing, so it is filled once and never touched again."""
        if editor.property(_FILLED):
            return
        editor.setProperty(_FILLED, True)
        text = index.data(Qt.ItemDataRole.EditRole) or ""
        if self.typing and isinstance(editor, (QLineEdit, QPlainTextEdit)):
            text = ""           # as in Excel: typing replaces, F2 or a double click edits
        if isinstance(editor, QComboBox):
            if editor.findText(text) < 0:
                editor.insertItem(0, text)
            editor.setCurrentIndex(editor.findText(text))
            if self.typing:
                editor.lineEdit().clear()   # the typed key (or Chinese) replaces the cell
        elif isinstance(editor, QLineEdit):
            editor.setText(text)
        elif isinstance(editor, QPlainTextEdit):
            editor.setPlainText(text)
            editor.moveCursor(editor.textCursor().MoveOperation.End)

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: Index) -> None:  # noqa: N802
        if isinstance(editor, QComboBox):
            text = editor.currentText()
        elif isinstance(editor, QLineEdit):
            text = editor.text()
        elif isinstance(editor, QPlainTextEdit):
            text = editor.toPlainText()
        else:
            return
        if text != (index.data(Qt.ItemDataRole.EditRole) or ""):
            model.setData(index, text, Qt.ItemDataRole.EditRole)

    def updateEditorGeometry(self, editor: QWidget, option: QStyleOptionViewItem, index: Index) -> None:  # noqa: N802
        rect = option.rect
        if isinstance(editor, CellTextEdit):
            lines = max(3, editor.toPlainText().count("\n") + 2)
            rect = rect.adjusted(0, 0, 0, max(0, editor.fontMetrics().lineSpacing() * lines + 8 - rect.height()))
        editor.setGeometry(rect)

    def _commit_and_close(self, editor: QWidget) -> None:
        """Commit and close once: a pick from a list's completions is told of by the completer,
        the combo box and the Enter key that made it."""
        if editor.property(_CLOSED):
            return
        editor.setProperty(_CLOSED, True)
        self.commitData.emit(editor)
        self.closeEditor.emit(editor, QAbstractItemDelegate.EndEditHint.SubmitModelCache)

    def eventFilter(self, editor: QObject, event: QEvent) -> bool:  # noqa: N802
        """Enter commits a cell at once; in a multi-line cell Alt+Enter or Shift+Enter breaks the line. In a list
        cell's completions, Enter or Tab with none highlighted takes the first."""
        if isinstance(editor, QAbstractItemView):      # a completer's popup, not an editor
            if isinstance(event, QKeyEvent) and event.type() == QEvent.Type.KeyPress \
                    and event.key() in (*_RETURN, Qt.Key.Key_Tab) and not editor.currentIndex().isValid() \
                    and editor.model() is not None and editor.model().rowCount():
                editor.setCurrentIndex(editor.model().index(0, 0))
            return False
        if editor.property(_CLOSED) and event.type() in (QEvent.Type.KeyPress, QEvent.Type.FocusOut):
            return True
        if isinstance(editor, CellTextEdit) and isinstance(event, QKeyEvent) \
                and event.type() == QEvent.Type.KeyPress:
            if event.key() in _RETURN:
                if event.modifiers() & (Qt.KeyboardModifier.AltModifier | Qt.KeyboardModifier.ShiftModifier):
                    editor.insertPlainText("\n")
                    return True
                self._commit_and_close(editor)
                return True
        if isinstance(editor, (QLineEdit, QComboBox)) and isinstance(event, QKeyEvent) \
                and event.type() == QEvent.Type.KeyPress and event.key() in _RETURN:
            # Qt's own filter commits a one-line editor on the next turn of the event loop, by
            # then perhaps closed (the focus went, the page went): Qt warned "commitData called
            # with an editor that does not belong to this view". Commit it now.
            self._commit_and_close(editor)
            return True
        return super().eventFilter(editor, event)

    # ------------------------------------------------------------ merged runs and the grid

    def _run(self, index: Index) -> tuple[int, int] | None:
        model = index.model()
        run = getattr(model, "run", None)
        return run(index.row(), index.column()) if run else None

    @staticmethod
    def one_line(metrics: QFontMetrics) -> int:
        """The height of a row of one line of text."""
        return metrics.height() + 8

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:  # noqa: N802
        one_line = self.one_line(option.fontMetrics)
        if self._run(index):
            return QSize(super().sizeHint(option, index).width(), one_line)
        hint = super().sizeHint(option, index)
        hint.setHeight(max(hint.height() + 4, one_line))
        return hint

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        run = self._run(index)
        if run is None:
            super().paint(painter, option, index)
        else:
            self._paint_run(painter, option, index, run)
        painter.save()
        painter.setPen(QPen(GRID, 0))
        rect = option.rect
        painter.drawLine(rect.topRight(), rect.bottomRight())
        if run is None or index.row() == run[1]:
            painter.drawLine(rect.bottomLeft(), rect.bottomRight())
        painter.restore()

    def _paint_run(self, painter: QPainter, option: QStyleOptionViewItem, index: Index, run: tuple[int, int]) -> None:
        """Paint this cell's part of a merged cell: its own background, the shared text centred."""
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        text, opt.text = opt.text, ""
        # One cell, one look: the whole run is shown selected when any of it is (as Excel
        # extends a selection over a merged cell), so that no part of it looks like an empty cell.
        selected = self._run_selected(index.column(), run)
        if selected:
            opt.state |= QStyle.StateFlag.State_Selected
        else:
            opt.state &= ~QStyle.StateFlag.State_Selected
        style = self.view.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, self.view)
        model = index.model()
        whole = self.view.visualRect(model.index(run[0], index.column())).united(
            self.view.visualRect(model.index(run[1], index.column())))
        painter.save()
        painter.setClipRect(option.rect)
        painter.setPen(opt.palette.color(opt.palette.ColorRole.HighlightedText if selected else opt.palette.ColorRole.Text))
        painter.drawText(whole.adjusted(4, 2, -4, -2),
                         int(Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap), text)
        painter.restore()

    def _run_selected(self, column: int, run: tuple[int, int]) -> bool:
        selection = self.view.selectionModel()
        if selection is None:
            return False
        return any(r.left() <= column <= r.right() and r.top() <= run[1] and r.bottom() >= run[0]
                   for r in selection.selection())
