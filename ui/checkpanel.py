"""The checking panel: a dock listing the problems by severity, filterable, and leading to them."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QRect, QSize, Qt, Signal
from PySide6.QtGui import QPainter, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDockWidget,
    QHBoxLayout,
    QLabel,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QToolButton,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from desktop.model import Document
from desktop.rules import Problem, Severity
from ui import checking
from ui.checking import ORDER, ProblemIndex
from ui.models.problems import ProblemsModel
from ui.session import EditSession


def _names(doc: Document) -> tuple[object, ...]:
    """Everything a problem's location is read by besides its keys and rows."""
    return doc.year, tuple((d.unit_name, tuple(p.name for p in d.projects)) for d in doc.departments)


class _ProblemTree(QTreeView):
    """Problems take as many lines as the panel's width needs; rows are re-measured on resize."""

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():
            self.scheduleDelayedItemsLayout()


class _ProblemDelegate(QStyledItemDelegate):
    """A problem as its message, wrapped, over its location in grey."""

    def __init__(self, view: QTreeView) -> None:
        super().__init__(view)
        self.view = view

    def _parts(self, index: QModelIndex) -> tuple[str, str] | None:
        if not index.parent().isValid():
            return None
        message, _, where = (index.data() or "").partition("\n")
        return message, where

    def _text_width(self, option: QStyleOptionViewItem) -> int:
        # a problem row starts two indentations in (the root is decorated); paint keeps 4 px a side
        return max(80, self.view.viewport().width() - 2 * self.view.indentation() - 8)

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex) -> QSize:  # noqa: N802
        parts = self._parts(index)
        if parts is None:
            return super().sizeHint(option, index)
        width = self._text_width(option)
        metrics = option.fontMetrics
        flags = int(Qt.TextFlag.TextWordWrap)
        height = sum(metrics.boundingRect(QRect(0, 0, width, 10_000), flags, text).height() for text in parts)
        return QSize(width, height + 8)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex) -> None:
        parts = self._parts(index)
        if parts is None:
            super().paint(painter, option, index)
            return
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        opt.text = ""
        self.view.style().drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, self.view)
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        rect = option.rect.adjusted(4, 4, -4, -4)
        flags = int(Qt.TextFlag.TextWordWrap)
        painter.save()
        role = opt.palette.ColorRole.HighlightedText if selected else opt.palette.ColorRole.Text
        painter.setPen(opt.palette.color(role))
        used = painter.boundingRect(rect, flags, parts[0])
        painter.drawText(rect, flags, parts[0])
        painter.setPen(opt.palette.color(role) if selected else checking.COMPUTED)
        painter.drawText(rect.adjusted(0, used.height(), 0, 0), flags, parts[1])
        painter.restore()


class CheckPanel(QDockWidget):
    problemActivated = Signal(object)  # Problem

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("检查结果", parent)
        self.setObjectName("checkPanel")
        self.setAllowedAreas(Qt.DockWidgetArea.AllDockWidgetAreas)
        body = QWidget()
        column = QVBoxLayout(body)
        column.setContentsMargins(4, 4, 4, 4)
        bar = QHBoxLayout()
        self.filters: dict[Severity, QToolButton] = {}
        for severity in ORDER:
            button = QToolButton()
            button.setCheckable(True)
            button.setChecked(True)
            button.setIcon(checking.severity_icon(severity))
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
            button.setToolTip(f"显示或隐藏{severity.value}")
            button.toggled.connect(self._filter_changed)
            self.filters[severity] = button
            bar.addWidget(button)
        bar.addStretch(1)
        column.addLayout(bar)
        self.model = ProblemsModel(self)
        self.view = _ProblemTree()
        self.view.setModel(self.model)
        self.view.setItemDelegate(_ProblemDelegate(self.view))
        self.view.setHeaderHidden(True)
        self.view.setAlternatingRowColors(True)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.view.clicked.connect(self._activate)
        self.view.activated.connect(self._activate)
        column.addWidget(self.view)
        self.empty = QLabel("没有发现问题。")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setVisible(False)
        column.addWidget(self.empty)
        self.setWidget(body)
        self._session: EditSession | None = None
        self._names: tuple[object, ...] = ()
        self.clear()

    def watch(self, session: EditSession | None) -> None:
        """Follow the open document's names: a location reads the project's and department's
        names and the year, which change without changing any problem (so without a new check)."""
        if self._session is not None:
            self._session.changed.disconnect(self._maybe_renamed)
        self._session = session
        self._names = _names(session.doc) if session is not None else ()
        if session is not None:
            session.changed.connect(self._maybe_renamed)

    def _maybe_renamed(self) -> None:
        if self._session is None:
            return
        names = _names(self._session.doc)
        if names != self._names:
            self._names = names
            self.model.places_changed()
            self.view.scheduleDelayedItemsLayout()     # a longer name may need another line

    def set_problems(self, doc: Document, index: ProblemIndex) -> None:
        current = self.model.problem(self.view.currentIndex())
        self.model.set_problems(doc, index)
        self.view.expandAll()
        if current is not None:
            again = self.model.find(current)
            if again.isValid():
                self.view.setCurrentIndex(again)
        self._update_counts(index)

    def clear(self) -> None:
        """No document: nothing to check."""
        self.watch(None)
        self.model.clear()
        self._update_counts(checking.EMPTY)
        self.empty.setText("没有打开的文档。")
        for button in self.filters.values():
            button.setVisible(False)

    def _update_counts(self, index: ProblemIndex) -> None:
        for severity, button in self.filters.items():
            button.setText(f"{severity.value} {index.counts[severity]}")
            button.setVisible(True)
        self.empty.setText("没有发现问题。")
        self.empty.setVisible(not index.problems)
        self.view.setVisible(bool(index.problems))

    def _filter_changed(self) -> None:
        self.model.set_shown({s for s, b in self.filters.items() if b.isChecked()})
        self.view.expandAll()

    def _activate(self, index: QModelIndex) -> None:
        problem: Problem | None = self.model.problem(index)
        if problem is not None:
            self.problemActivated.emit(problem)
