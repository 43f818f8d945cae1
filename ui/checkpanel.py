"""The checking panel: a dock listing the problems by severity, filterable, and leading to them;
a quick fix for a problem with one obvious correction (one undoable command), the rule's
explanation, and a 自评 tab grading the document as the finance bureau would (``ui/review.py``)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, QPoint, QRect, QSize, Qt, Signal
from PySide6.QtGui import QPainter, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QDockWidget,
    QHBoxLayout,
    QLabel,
    QMenu,
    QPushButton,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTabWidget,
    QToolButton,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from desktop.model import Document
from desktop.rules import Problem, RuleSettings, Severity, load_settings
from ui import checking
from ui.checking import ORDER, ProblemIndex
from ui.commands import Batch, InsertRows, SetValues
from ui.models.problems import ProblemsModel
from ui.session import EditSession

if TYPE_CHECKING:
    from desktop.quickfix import Fix
    from ui.review import ReviewView

# desktop.quickfix, desktop.review and the 自评 tab's view are imported where first used (a quick
# fix, a rule's explanation, the 自评 tab): not at start, which shows neither (issue 15).


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


class ExplanationDialog(QDialog):
    """A rule explained in plain Chinese: why the finance bureau cares, what a good value looks like."""

    def __init__(self, rule: str, problem: Problem | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        from desktop import review

        found = review.explanation(rule)
        self.setWindowTitle(f"规则说明：{found.title}" if found else "规则说明")
        column = QVBoxLayout(self)
        parts = []
        if problem is not None:
            parts.append(f"<p><b>{problem.severity.value}：</b>{problem.message}</p>")
        if found is not None:
            parts += [f"<h3>{found.title}</h3>", f"<p><b>为什么要求：</b>{found.why}</p>",
                      f"<p><b>好的写法：</b>{found.good}</p>"]
        else:
            parts.append("<p>这条规则还没有说明。</p>")
        self.text = QLabel("".join(parts))
        self.text.setWordWrap(True)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        column.addWidget(self.text)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.close)
        column.addWidget(buttons)
        self.resize(self.fontMetrics().horizontalAdvance("中") * 30, self.sizeHint().height())


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
        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.view.customContextMenuRequested.connect(lambda at: self._context_menu(self.view, at))
        column.addWidget(self.view)
        self.empty = QLabel("没有发现问题。")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setVisible(False)
        column.addWidget(self.empty)
        # what a clerk can do with the selected problem (in either tab)
        actions = QHBoxLayout()
        self.fix_button = QPushButton("快速修正")
        self.fix_button.setToolTip("按唯一明显的改法修正选中的问题（可撤销）")
        self.fix_button.clicked.connect(lambda: self.apply_fix())
        self.explain_button = QPushButton("说明")
        self.explain_button.setToolTip("这条规则为什么要求、好的写法是什么样")
        self.explain_button.clicked.connect(lambda: self.explain())
        actions.addWidget(self.fix_button)
        actions.addWidget(self.explain_button)
        actions.addStretch(1)
        self._review_page = QWidget()     # the 自评 tab; its view is made when first shown
        QVBoxLayout(self._review_page).setContentsMargins(0, 0, 0, 0)
        self._review_view: ReviewView | None = None
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(body, "问题")
        self.tabs.addTab(self._review_page, "自评")
        self.tabs.currentChanged.connect(self._tab_changed)
        outer = QWidget()
        outer_column = QVBoxLayout(outer)
        outer_column.setContentsMargins(0, 0, 0, 4)
        outer_column.addWidget(self.tabs)
        actions.setContentsMargins(4, 0, 4, 0)
        outer_column.addLayout(actions)
        self.setWidget(outer)
        self.rule_settings: Callable[[], RuleSettings] = load_settings   # the window's settings (satisfaction floor)
        self.dialog: ExplanationDialog | None = None
        self._session: EditSession | None = None
        self._doc: Document | None = None
        self._problems: list[Problem] = []
        self._review_stale = True
        self._names: tuple[object, ...] = ()
        self.view.selectionModel().currentChanged.connect(lambda *_: self._update_buttons())
        self.clear()

    @property
    def review_view(self) -> ReviewView:
        """The 自评 tab's view (made when first asked for)."""
        if self._review_view is None:
            from ui.review import ReviewView

            view = self._review_view = ReviewView()
            view.problemSelected.connect(lambda _p: self._update_buttons())
            view.problemActivated.connect(self.problemActivated)
            view.view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
            view.view.customContextMenuRequested.connect(lambda at: self._context_menu(view.view, at))
            layout = self._review_page.layout()
            assert layout is not None
            layout.addWidget(view)
        return self._review_view

    def _showing_review(self) -> bool:
        return self.tabs.currentWidget() is self._review_page

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
        if self.model.set_problems(doc, index):     # laid out anew (else only the counts changed)
            self.view.expandAll()
        if current is not None:
            again = self.model.find(current)
            if again.isValid():
                self.view.setCurrentIndex(again)
        self._update_counts(index)
        self._doc, self._problems = doc, list(index.problems)
        self._review_stale = True
        if self._showing_review():
            self.refresh_review()
        self._update_buttons()

    def clear(self) -> None:
        """No document: nothing to check."""
        self.watch(None)
        self.model.clear()
        self._doc, self._problems = None, []
        if self._review_view is not None:
            self._review_view.clear()
        self._update_counts(checking.EMPTY)
        self.empty.setText("没有打开的文档。")
        for button in self.filters.values():
            button.setVisible(False)
        self._update_buttons()

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

    # ------------------------------------------------------------ stepping through problems

    def _problem_indexes(self) -> list[QModelIndex]:
        found: list[QModelIndex] = []
        for g in range(self.model.rowCount()):
            group = self.model.index(g, 0)
            found += [self.model.index(r, 0, group) for r in range(self.model.rowCount(group))]
        return found

    def step(self, direction: int) -> Problem | None:
        """Select the next (``direction`` > 0) or previous problem shown, wrapping round, and
        return it (None when there is none); the caller goes to its place."""
        problems = self._problem_indexes()
        if not problems:
            return None
        self.tabs.setCurrentWidget(self.view.parentWidget())
        current = self.view.currentIndex().siblingAtColumn(0)
        position = next((i for i, index in enumerate(problems) if index == current), -1 if direction > 0 else 0)
        target = problems[(position + (1 if direction > 0 else -1)) % len(problems)]
        self.view.setCurrentIndex(target)
        return self.model.problem(target)

    # ------------------------------------------------------------ quick fixes and explanations

    def current_problem(self) -> Problem | None:
        """The problem selected in the tab shown."""
        if self._showing_review():
            return self.review_view.current_problem()
        return self.model.problem(self.view.currentIndex())

    def fix_of(self, problem: Problem | None) -> Fix | None:
        if problem is None or self._session is None:
            return None
        from desktop import quickfix

        return quickfix.fix_for(self._session.doc, problem, self.rule_settings().satisfaction_floor)

    def apply_fix(self, problem: Problem | None = None) -> bool:
        """Apply the quick fix of ``problem`` (the selected one by default) as one undoable
        command; False when it has none."""
        problem = problem or self.current_problem()
        fix = self.fix_of(problem)
        session = self._session
        if fix is None or session is None:
            return False
        text = f"快速修正：{fix.label}"
        commands = []
        if fix.insert is not None:
            ref, at, rows = fix.insert
            commands.append(InsertRows(session, ref, at, rows, text))
        if fix.changes:
            commands.append(SetValues(session, fix.changes, text))
        session.stack.push(commands[0] if len(commands) == 1 else Batch(text, commands))
        return True

    def explain(self, problem: Problem | None = None) -> ExplanationDialog | None:
        """Open the explanation of the rule of ``problem`` (the selected one by default)."""
        problem = problem or self.current_problem()
        if problem is None:
            return None
        if self.dialog is not None:
            self.dialog.close()
            self.dialog.deleteLater()
        self.dialog = ExplanationDialog(problem.rule, problem, self)
        self.dialog.show()
        return self.dialog

    def _update_buttons(self) -> None:
        problem = self.current_problem()
        fix = self.fix_of(problem)
        self.fix_button.setEnabled(fix is not None)
        self.fix_button.setToolTip(fix.label if fix is not None else "选中的问题没有唯一明显的改法")
        self.explain_button.setEnabled(problem is not None)

    def _context_menu(self, view: QTreeView, at: QPoint) -> None:
        index = view.indexAt(at)
        if index.isValid():
            view.setCurrentIndex(index)
        problem = self.current_problem()
        if problem is None:
            return
        menu = QMenu(self)
        fix = self.fix_of(problem)
        if fix is not None:
            menu.addAction(f"快速修正：{fix.label}").triggered.connect(lambda: self.apply_fix(problem))
        menu.addAction("这条规则的说明…").triggered.connect(lambda: self.explain(problem))
        menu.popup(view.viewport().mapToGlobal(at))

    # ------------------------------------------------------------ the review tab

    def _tab_changed(self) -> None:
        if self._showing_review() and self._review_stale:
            self.refresh_review()
        self._update_buttons()

    def refresh_review(self) -> None:
        """Grade the document from the last check (done when the 自评 tab is shown)."""
        self._review_stale = False
        if self._doc is None:
            self.review_view.clear()
            return
        from desktop import review

        self.review_view.show_review(self._doc, review.review(self._doc, self._problems))
        self._update_buttons()

    def show_review(self) -> None:
        self.show()
        self.raise_()
        self.tabs.setCurrentWidget(self._review_page)
