"""A table view that behaves like a spreadsheet.

Enter moves down, Tab moves right, F4 or Alt+Down opens a 一级/二级 list, typing starts an
edit; rectangular ranges copy to and paste from Excel and WPS; dragging a row number moves the
row. The sheet grows to show all its rows, so the page around it does the scrolling.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import (
    QCoreApplication,
    QEvent,
    QItemSelection,
    QItemSelectionModel,
    QModelIndex,
    QPersistentModelIndex,
    QSize,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import (
    QContextMenuEvent,
    QGuiApplication,
    QInputMethodEvent,
    QKeyEvent,
    QPaintEvent,
    QResizeEvent,
    QShowEvent,
)
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QAbstractItemView,
    QApplication,
    QHeaderView,
    QMenu,
    QMessageBox,
    QScrollArea,
    QSizePolicy,
    QStyle,
    QTableView,
    QWidget,
)

from desktop.edits import ListRef
from ui import rowops
from ui.editors.delegates import CellDelegate
from ui.models.table import CHOICE, LABEL, LEVEL1, LEVEL2, DocTableModel, ListTableModel
from ui.tsv import format_tsv, parse_tsv

Index = QModelIndex | QPersistentModelIndex
_NEW, _STALE, _EXACT = b"\x00", b"\x01", b"\x02"   # a row's height: never fitted, to fit again, fitted


LARGE_PASTE = 1000   # a paste of more rows than this is asked about first


def ask_large_paste(parent: QWidget, rows: int, columns: int, added: int) -> bool:
    """Ask before pasting many rows (a whole sheet copied by mistake, say); True to paste."""
    box = QMessageBox(QMessageBox.Icon.Question, "粘贴大量内容",
                      f"剪贴板中有 {rows:,} 行、{columns} 列"
                      + (f"，粘贴后表格将新增 {added:,} 行" if added else "") + "。\n确定要粘贴吗？（可撤销）",
                      QMessageBox.StandardButton.NoButton, parent)
    paste = box.addButton("粘贴", QMessageBox.ButtonRole.AcceptRole)
    cancel = box.addButton("取消", QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(paste)
    box.setEscapeButton(cancel)
    box.exec()
    return box.clickedButton() is paste


class SheetView(QTableView):
    message = Signal(str)   # a note for the status bar

    def __init__(self, model: DocTableModel, parent: QWidget | None = None, stretch: str | None = None,
                 fit_width: bool = False) -> None:
        super().__init__(parent)
        self.delegate = CellDelegate(self)
        self.setItemDelegate(self.delegate)
        self.setModel(model)
        self._stretch = stretch
        self._fit_width = fit_width
        self.setWordWrap(True)
        self.setTextElideMode(Qt.TextElideMode.ElideMiddle)   # a text too long still shows both ends
        self.setShowGrid(False)
        self.setTabKeyNavigation(True)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked | QAbstractItemView.EditTrigger.EditKeyPressed
                             | QAbstractItemView.EditTrigger.AnyKeyPressed)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.DefaultContextMenu)
        header = self.horizontalHeader()
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignCenter)
        header.setHighlightSections(False)
        rows = self.verticalHeader()
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        rows.setDefaultSectionSize(self.delegate.one_line(self.fontMetrics()))   # a new row: one line
        rows.setDefaultAlignment(Qt.AlignmentFlag.AlignCenter)
        if isinstance(model, ListTableModel):
            rows.setSectionsMovable(True)
            rows.setToolTip("拖动行号可调整顺序")
            rows.sectionMoved.connect(self._row_dragged)
            model.session.rowsFocusRequested.connect(self._focus_rows)
        model.message.connect(self.message)
        self._state = bytearray(model.rowCount())   # per row: _NEW, _STALE or _EXACT
        self._fit_pending = False
        model.modelReset.connect(self._rows_reset)
        model.rowsInserted.connect(self._rows_inserted)
        model.rowsRemoved.connect(self._rows_removed)
        model.layoutChanged.connect(self._layout_rows)
        model.dataChanged.connect(self._rows_changed)
        model.headerDataChanged.connect(self._schedule_fit)
        model.modelReset.connect(self._apply_widths)
        header.sectionResized.connect(self._column_resized)
        self.horizontalScrollBar().rangeChanged.connect(self._schedule_fit)
        self._watched: QScrollArea | None = None    # the page whose scrolling brings rows into view
        if hasattr(model, "run"):   # a merged cell is painted selected as a whole: repaint all of it
            self.selectionModel().selectionChanged.connect(lambda *_: self.viewport().update())
        self._apply_widths()
        self._schedule_fit()

    def doc_model(self) -> DocTableModel:
        model = self.model()
        assert isinstance(model, DocTableModel)
        return model

    # ------------------------------------------------------------ size

    def _apply_widths(self) -> None:
        """Columns at their natural widths (in characters), narrowed together when the page is
        narrower, so that a sheet never needs a horizontal scroll bar."""
        em = self.fontMetrics().horizontalAdvance("中")
        header = self.horizontalHeader()
        model = self.doc_model()
        columns = model.columns
        # no column narrower than its heading's longest line (近两年指标值 over 2022年)
        floors = [max(3 * em, header.sectionSizeFromContents(c).width()) for c in range(len(columns))]
        widths = [max(spec.width * em + 12, floor) for spec, floor in zip(columns, floors)]
        whole = {c: max([widths[c],
                         *(self.fontMetrics().horizontalAdvance(model.row_texts(r)[c]) + 16
                           for r in range(model.rowCount()))])
                 for c, spec in enumerate(columns) if spec.whole}
        widths = [whole.get(c, w) for c, w in enumerate(widths)]
        available = self.viewport().width()
        if not self._fit_width and self.isVisible() and sum(widths) > available > 0:
            # narrowed together, all but the columns never cut
            rest = sum(w for c, w in enumerate(widths) if c not in whole)
            share = max(available - sum(whole.values()), 0) / rest if rest else 1
            widths = [w if c in whole else max(int(w * share), floors[c]) for c, w in enumerate(widths)]
        for column, (spec, width) in enumerate(zip(columns, widths)):
            self.setColumnWidth(column, width)
            if spec.key == self._stretch:
                header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
        if self._fit_width:
            rows = self.verticalHeader()
            row_numbers = 0 if rows.isHidden() else rows.sizeHint().width()
            self.setMaximumWidth(header.length() + row_numbers + 2 * self.frameWidth())
        elif self._stretch is None:
            header.setStretchLastSection(True)

    # Rows are fitted to their text only where they can be seen (and a screen above and below),
    # and as they come into view: fitting 10,000 rows took seconds. A row never fitted is given
    # an estimate from its text widths, so the page is about as long as it will be; a row whose
    # text or column changed keeps its height until it is seen again.

    def _layout_rows(self, *_args: object) -> None:
        """Every row is to be fitted again (the columns changed)."""
        self._state = self._state.replace(_EXACT, _STALE)
        self._schedule_fit()

    def _rows_reset(self) -> None:
        self._state = bytearray(self.model().rowCount())
        self._schedule_fit()

    def _rows_inserted(self, _parent: Index, first: int, last: int) -> None:
        self._state[first:first] = bytes(last - first + 1)
        if any(spec.whole for spec in self.doc_model().columns):
            self._apply_widths()
        self._schedule_fit()

    def _rows_removed(self, _parent: Index, first: int, last: int) -> None:
        del self._state[first:last + 1]
        self._schedule_fit()

    def _rows_changed(self, top: Index, bottom: Index, roles: list[int] | None = None) -> None:
        if roles and Qt.ItemDataRole.DisplayRole not in roles:
            return
        if any(spec.whole for spec in self.doc_model().columns[top.column():bottom.column() + 1]):
            self._apply_widths()        # a longer code widens its column
        first, last = max(top.row(), 0), bottom.row() + 1
        self._state[first:last] = self._state[first:last].replace(_EXACT, _STALE)
        self._schedule_fit()

    def _schedule_fit(self) -> None:
        """Rows are fitted once on the event loop's next turn, however many changes came before
        (a paste over 20,000 rows tells of each cell, and of the merged columns each time)."""
        if not self._fit_pending:
            self._fit_pending = True
            QTimer.singleShot(0, self, self._fit_rows)   # context: never fires on a deleted sheet

    def fitted(self) -> bool:
        """Whether the rows in view are fitted to their text (no fitting is waiting for the
        next turn)."""
        return not self._fit_pending

    def fit_now(self) -> None:
        """Fit the rows now if a fitting is waiting for the next turn (a sheet just built is
        navigated to: the position of its rows must be final)."""
        if self._fit_pending:
            self._fit_rows()

    def _fit_rows(self) -> None:
        self._fit_pending = False
        count = self.model().rowCount()
        if len(self._state) != count:        # a model that did not tell of its rows
            self._state = bytearray(count)
        self._fit_visible(move=False)
        new = self._state.find(_NEW)
        if new >= 0:
            sizer = self._sizer()
            while new >= 0:
                self._set_height(new, sizer(new, False))
                self._state[new] = _STALE[0]
                new = self._state.find(_NEW, new + 1)
        self._fit_height()

    def _rows_in_view(self) -> range:
        """The rows that can be seen, with a screen's height of rows above and below."""
        seen = self.viewport().visibleRegion().boundingRect()
        count = self.model().rowCount()
        if seen.isEmpty() or not count:
            return range(0)
        header = self.verticalHeader()
        top = header.logicalIndexAt(max(seen.top() - seen.height(), 0))
        bottom = header.logicalIndexAt(min(seen.bottom() + seen.height(), self.viewport().height() - 1))
        return range(max(top, 0), count if bottom < 0 else bottom + 1)

    def _fit_visible(self, move: bool = True) -> None:
        """Fit the rows in view that are not fitted yet. With ``move``, rows fitted above the
        top of the view keep what is seen in place (the page scrolls by what they grew)."""
        rows = [r for r in self._rows_in_view() if self._state[r] != _EXACT[0]]
        if not rows:
            return
        sizer = self._sizer()
        header = self.verticalHeader()
        seen_top = self.viewport().visibleRegion().boundingRect().top()
        grown = 0
        for row in rows:
            height = sizer(row, True)
            if move and header.sectionViewportPosition(row) < seen_top:
                grown += height - self.rowHeight(row)
            self._set_height(row, height)
            self._state[row] = _EXACT[0]
        self._fit_height()
        area = self._scroll_area()
        if grown and area is not None and area.widget() is not None:
            QCoreApplication.sendPostedEvents(area.widget(), QEvent.Type.LayoutRequest)
            bar = area.verticalScrollBar()
            bar.setValue(bar.value() + grown)

    def _set_height(self, row: int, height: int) -> None:
        if self.rowHeight(row) != height:
            self.setRowHeight(row, height)

    def _sizer(self) -> Callable[[int, bool], int]:
        """A function giving a row's height for its text: measured by the delegate when exact, as
        ``resizeRowToContents`` does (about 1 ms a row), else estimated from text widths. A row
        whose every cell fits on one line is one line high either way (nearly every row, found
        from text widths alone)."""
        model = self.doc_model()
        metrics = self.fontMetrics()
        one_line = self.delegate.one_line(metrics)
        line = metrics.lineSpacing()
        slack = 2 * (self.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin) + 1) + 6
        icon = self.iconSize().width() + 6
        room, lines_room = [], []   # sure to fit on one line; the width a line takes
        for column, spec in enumerate(model.columns):
            width = self.columnWidth(column) - (icon if spec.kind == LABEL else 0)
            room.append(-1 if self.isColumnHidden(column) else max(width - slack, 1))
            lines_room.append(max(width - 8, 1))
        widths: dict[str, int] = {}
        merged = getattr(model, "run", None)

        def width_of(text: str) -> int:
            width = widths.get(text)
            if width is None:
                width = widths[text] = metrics.horizontalAdvance(text)
            return width

        def height(row: int, exact: bool) -> int:
            lines = 1
            for column, text in enumerate(model.row_texts(row)):
                if not text or room[column] < 0:
                    continue
                wide = "\n" in text or width_of(text) > room[column]
                if wide and exact:
                    return max(self.sizeHintForRow(row), self.verticalHeader().sectionSizeHint(row))
                if wide and not (merged and merged(row, column)):   # a merged cell is as tall as its rows
                    lines = max(lines, sum(-(-width_of(part) // lines_room[column]) or 1 for part in text.split("\n")))
            return one_line + (lines - 1) * line

        return height

    def _fit_height(self) -> None:
        height = self.horizontalHeader().height() + 2 * self.frameWidth()
        height += self.verticalHeader().length()
        if self.horizontalScrollBar().isVisible():
            height += self.horizontalScrollBar().height()
        self.setFixedHeight(max(height, self.horizontalHeader().height() + self.fontMetrics().height() + 8))

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():
            self._apply_widths()
            self._layout_rows()

    def _column_resized(self, _column: int, old: int, new: int) -> None:
        """A column made wider or narrower (by the clerk, or as the page is): rows refit."""
        if old != new:
            self._layout_rows()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802
        super().showEvent(event)
        area = self._scroll_area()
        if area is not None and area is not self._watched:
            self._watched = area
            area.verticalScrollBar().valueChanged.connect(self._scrolled)
        self._schedule_fit()

    def _scrolled(self, _value: int) -> None:
        if self.isVisible():
            self._fit_visible()

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        """A row about to be seen that is not fitted yet (the page grew, a dialog went) is fitted
        on the next turn; scrolling fits rows before they are painted."""
        if not self._fit_pending:
            header = self.verticalHeader()
            first = max(header.logicalIndexAt(event.rect().top()), 0)
            last = header.logicalIndexAt(event.rect().bottom())
            if _NEW in self._state[first:None if last < 0 else last + 1] or \
                    _STALE in self._state[first:None if last < 0 else last + 1]:
                self._schedule_fit()
        super().paintEvent(event)

    def sizeHint(self) -> QSize:  # noqa: N802
        return QSize(super().sizeHint().width(), self.height())

    # ------------------------------------------------------------ keys

    def edit(self, index: Index, *args: object) -> bool:  # type: ignore[override]
        """Typing into a cell starts it afresh (the delegate leaves the editor empty)."""
        self.delegate.typing = bool(args) and args[0] == QAbstractItemView.EditTrigger.AnyKeyPressed
        try:
            return super().edit(index, *args)  # type: ignore[call-overload]
        finally:
            self.delegate.typing = False

    def inputMethodEvent(self, event: QInputMethodEvent) -> None:  # noqa: N802
        """Chinese typed on a cell starts it afresh, like a key: the view opens the editor and
        hands it the input method's text (Qt would drop it, QTBUG-54848)."""
        current = self.currentIndex()
        if (self.state() != QAbstractItemView.State.EditingState and current.isValid()
                and (event.commitString() or event.preeditString())
                and self.edit(current, QAbstractItemView.EditTrigger.AnyKeyPressed, event)):
            editor = QApplication.focusWidget()
            if editor is not None and editor is not self:
                QApplication.sendEvent(editor, event)
            event.accept()
            return
        super().inputMethodEvent(event)

    # ------------------------------------------------------------ Tab: cell to cell, then on

    def _at_edge(self, forward: bool) -> bool:
        """True on the last cell (Tab) or the first (Shift+Tab): the next Tab leaves the sheet."""
        rows, columns = self.model().rowCount(), self.model().columnCount()
        current = self.currentIndex()
        if rows == 0 or not current.isValid():
            return True
        shown = [c for c in range(columns) if not self.isColumnHidden(c)]
        if forward:
            return current.row() == rows - 1 and current.column() == shown[-1]
        return current.row() == 0 and current.column() == shown[0]

    def focusNextPrevChild(self, forward: bool) -> bool:  # noqa: N802
        if self._at_edge(forward):
            return QWidget.focusNextPrevChild(self, forward)
        return super().focusNextPrevChild(forward)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        key, mods = event.key(), event.modifiers()
        if key in (Qt.Key.Key_Tab, Qt.Key.Key_Backtab) and mods & Qt.KeyboardModifier.ControlModifier:
            # Ctrl+Tab leaves a sheet from any cell, as in Qt's other Tab-consuming widgets.
            forward = key == Qt.Key.Key_Tab and not mods & Qt.KeyboardModifier.ShiftModifier
            QWidget.focusNextPrevChild(self, forward)
            return
        current = self.currentIndex()
        if current.isValid() and self.state() != QAbstractItemView.State.EditingState:
            opens_list = key == Qt.Key.Key_F4 or (key == Qt.Key.Key_Down and mods & Qt.KeyboardModifier.AltModifier)
            if opens_list and self.doc_model().kind(current.column()) in (LEVEL1, LEVEL2, CHOICE):
                self.delegate.open_list = True
                if not self.edit(current, QAbstractItemView.EditTrigger.EditKeyPressed, event):
                    self.delegate.open_list = False
                return
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not mods:
                self._move_down(current)
                return
        super().keyPressEvent(event)

    def _move_down(self, current: Index) -> None:
        below = self.model().index(current.row() + 1, current.column())
        if below.isValid():
            self.setCurrentIndex(below)

    def closeEditor(self, editor: QWidget, hint: QAbstractItemDelegate.EndEditHint) -> None:  # noqa: N802
        """After Enter commits a cell, go to the cell below, as in Excel; Tab in the last cell
        commits it and leaves the sheet."""
        current = self.currentIndex()
        hints = QAbstractItemDelegate.EndEditHint
        forward = hint == hints.EditNextItem
        if hint in (hints.EditNextItem, hints.EditPreviousItem):
            super().closeEditor(editor, hints.NoHint)
            if self._at_edge(forward):
                QWidget.focusNextPrevChild(self, forward)   # Tab in the last cell leaves the sheet
                return
            # As in Excel, Tab goes to the next cell without opening it: what is typed next
            # replaces the cell (Qt would open it with the cursor after the old text).
            action = QAbstractItemView.CursorAction.MoveNext if forward else QAbstractItemView.CursorAction.MovePrevious
            following = self.moveCursor(action, Qt.KeyboardModifier.NoModifier)
            if following.isValid():
                self.selectionModel().setCurrentIndex(following, QItemSelectionModel.SelectionFlag.ClearAndSelect)
            return
        super().closeEditor(editor, hint)
        if hint == hints.SubmitModelCache and current.isValid():
            self._move_down(current)

    def currentChanged(self, current: Index, previous: Index) -> None:  # noqa: N802
        super().currentChanged(current, previous)
        if current.isValid():
            self.reveal(current)

    def reveal(self, index: Index) -> None:
        """Scroll the page around the sheet so that the cell can be seen."""
        area = self._scroll_area()
        if area is None or area.widget() is None:
            return
        rect = self.visualRect(index)
        centre = self.viewport().mapTo(area.widget(), rect.center())
        area.ensureVisible(centre.x(), centre.y(), rect.width() // 2 + 8, rect.height() // 2 + 8)

    def _scroll_area(self) -> QScrollArea | None:
        widget = self.parentWidget()
        while widget is not None and not isinstance(widget, QScrollArea):
            widget = widget.parentWidget()
        return widget

    def commit_open_editor(self) -> None:
        """Commit a cell being typed into, so that saving or exporting includes it."""
        editor = QApplication.focusWidget()
        if self.state() == QAbstractItemView.State.EditingState and editor is not None \
                and self.isAncestorOf(editor):
            self.commitData(editor)
            self.closeEditor(editor, QAbstractItemDelegate.EndEditHint.NoHint)

    def select_cell(self, row: int, column: int) -> None:
        index = self.model().index(row, column)
        if index.isValid():
            self.setCurrentIndex(index)
            self.setFocus(Qt.FocusReason.OtherFocusReason)
            self.reveal(index)

    def _focus_rows(self, ref: ListRef, rows: list[int]) -> None:
        model = self.doc_model()
        if not isinstance(model, ListTableModel) or ref != model.ref or not rows:
            return
        column = max(self.currentIndex().column(), 0)
        self.setCurrentIndex(model.index(rows[0], column))
        # one range per run of adjacent rows, selected at once (row by row, 20,000 took a minute)
        selection = QItemSelection()
        last_column = max(model.columnCount() - 1, 0)
        ordered = sorted(set(rows))
        start = previous = ordered[0]
        for row in [*ordered[1:], None]:
            if row is not None and row == previous + 1:
                previous = row
                continue
            selection.select(model.index(start, 0), model.index(previous, last_column))
            if row is not None:
                start = previous = row
        self.selectionModel().select(selection, QItemSelectionModel.SelectionFlag.ClearAndSelect)

    def _row_dragged(self, logical: int, old_visual: int, new_visual: int) -> None:
        """A row number was dragged: undo the header's own move and move the row in the document."""
        rows = self.verticalHeader()
        rows.blockSignals(True)
        rows.moveSection(new_visual, old_visual)
        rows.blockSignals(False)
        model = self.doc_model()
        if isinstance(model, ListTableModel) and model.ref is not None:
            rowops.move(model.session, model.ref, [logical], new_visual)

    # ------------------------------------------------------------ editing operations

    def selected_rows(self) -> list[int]:
        rows = {i.row() for i in self.selectionModel().selectedIndexes()}
        if not rows and self.currentIndex().isValid():
            rows = {self.currentIndex().row()}
        return sorted(rows)

    def _selected(self) -> list[QModelIndex]:
        indexes = self.selectionModel().selectedIndexes()
        if not indexes and self.currentIndex().isValid():
            indexes = [self.currentIndex()]
        return sorted(indexes, key=lambda i: (i.row(), i.column()))

    def can(self, op: str) -> bool:
        model = self.doc_model()
        grows = isinstance(model, ListTableModel) and model.ref is not None
        has_rows = bool(self.selected_rows())
        if op in ("insert",):
            return grows
        if op in ("remove", "duplicate", "up", "down"):
            return grows and has_rows
        return op in rowops.CELL_OPS and (has_rows or op == "paste")

    def run(self, op: str) -> None:
        model = self.doc_model()
        rows = self.selected_rows()
        if op == "copy":
            self.copy()
        elif op == "cut":
            self.copy()
            self.clear_cells("剪切")
        elif op == "paste":
            self.paste()
        elif op == "clear":
            self.clear_cells(rowops.text("clear"))
        elif op == "fill_down":
            self.fill_down()
        elif isinstance(model, ListTableModel) and model.ref is not None:
            session, ref = model.session, model.ref
            if op == "insert":
                rowops.insert_blank(session, ref, rows[-1] + 1 if rows else model.rowCount(), max(1, len(rows)))
            elif op == "remove":
                rowops.remove(session, ref, rows)
            elif op == "duplicate":
                rowops.duplicate(session, ref, rows)
            elif op in ("up", "down"):
                rowops.move_by(session, ref, rows, -1 if op == "up" else 1)

    def copy(self) -> None:
        indexes = self._selected()
        if not indexes:
            return
        top, bottom = min(i.row() for i in indexes), max(i.row() for i in indexes)
        left, right = min(i.column() for i in indexes), max(i.column() for i in indexes)
        chosen = {(i.row(), i.column()) for i in indexes}
        model = self.model()
        block = [[(model.index(r, c).data(Qt.ItemDataRole.EditRole) or "") if (r, c) in chosen else ""
                  for c in range(left, right + 1)] for r in range(top, bottom + 1)]
        QGuiApplication.clipboard().setText(format_tsv(block))

    def paste(self) -> None:
        text = QGuiApplication.clipboard().text()
        if not text:
            return
        block = parse_tsv(text)
        if not block:
            self.message.emit("剪贴板中只有空行，未粘贴。")
            return
        indexes = self._selected()
        model = self.doc_model()
        width = max(len(r) for r in block)
        if len(block) == 1 and len(block[0]) == 1 and len(indexes) > 1:
            cells = [(i.row(), i.column(), block[0][0]) for i in indexes]
        else:
            top = indexes[0].row() if indexes else model.rowCount()
            left = min((i.column() for i in indexes), default=0)
            if len(block) > LARGE_PASTE and not ask_large_paste(self, len(block), width,
                                                                 max(0, top + len(block) - model.rowCount())):
                return
            cells = [(top + r, left + c, value) for r, row in enumerate(block) for c, value in enumerate(row)]
        shape = f"{len(block)}×{width}"
        notes = model.write(cells, f"粘贴{shape}个单元格")
        if notes:
            self.message.emit("粘贴时：" + "；".join(notes[:3]) + ("……" if len(notes) > 3 else ""))
        self._select_block(cells)

    def _select_block(self, cells: list[tuple[int, int, str]]) -> None:
        """Select what a paste wrote, so the clerk sees it."""
        model = self.model()
        rows, columns = model.rowCount(), model.columnCount()
        cells = [c for c in cells if c[0] < rows and c[1] < columns]
        if not cells:
            return
        top, left = min(c[0] for c in cells), min(c[1] for c in cells)
        bottom, right = max(c[0] for c in cells), max(c[1] for c in cells)
        self.setCurrentIndex(model.index(top, left))
        self.selectionModel().select(QItemSelection(model.index(top, left), model.index(bottom, right)),
                                     QItemSelectionModel.SelectionFlag.ClearAndSelect)

    def fill_down(self) -> None:
        """Ctrl+D as in Excel and WPS, one undo step: in each selected column the top selected
        cell is copied into the selected cells below it; with one row selected, the cell above
        is copied into it."""
        by_column: dict[int, list[int]] = {}
        for index in self._selected():
            by_column.setdefault(index.column(), []).append(index.row())
        model = self.doc_model()
        cells = []
        for column, rows in by_column.items():
            rows.sort()
            source, targets = (rows[0], rows[1:]) if len(rows) > 1 else (rows[0] - 1, rows)
            if source < 0:
                continue
            if not model.index(source, column).flags() & Qt.ItemFlag.ItemIsEditable:
                continue
            value = model.index(source, column).data(Qt.ItemDataRole.EditRole) or ""
            cells.extend((row, column, value) for row in targets
                         if model.index(row, column).flags() & Qt.ItemFlag.ItemIsEditable)
        if cells:
            notes = model.write(cells, rowops.text("fill_down"))
            if notes:
                self.message.emit("填充时：" + "；".join(notes[:3]) + ("……" if len(notes) > 3 else ""))

    def clear_cells(self, text: str) -> None:
        cells = [(i.row(), i.column(), "") for i in self._selected()
                 if i.flags() & Qt.ItemFlag.ItemIsEditable]
        if cells:
            self.doc_model().write(cells, text)

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:  # noqa: N802
        actions = getattr(self.window(), "sheet_actions", None)
        if not actions:
            return
        menu = QMenu(self)
        for action in actions():
            if action is None:
                menu.addSeparator()
            else:
                menu.addAction(action)
        menu.exec(event.globalPos())
