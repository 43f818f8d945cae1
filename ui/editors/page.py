"""A scrolling form page: headings, bound fields and sheets laid out in the printed form's order.

Pages colour their fields and cells with the checker's problems and can bring any location
into view with the focus on it.

A part of a page may be deferred (``defer``): an empty space of about its height stands in for
it until it comes into view (the page laid out, resized or scrolled), is navigated to, asked for
(``sheets``), or until the event loop is idle after the page's first paint, one part a turn.
The first screen of a long page is then drawn without building and measuring the tables far
below it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QFont, QPaintEvent, QResizeEvent
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLayout,
    QLineEdit,
    QScrollArea,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from desktop.rules import Location, Problem
from ui import checking, rowops
from ui.checking import ProblemIndex
from ui.editors.fields import AutoText, FieldBinding
from ui.editors.sheet import SheetView
from ui.models.table import DocTableModel
from ui.session import EditSession


class FormPage(QScrollArea):
    message = Signal(str)

    def __init__(self, session: EditSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.body = _Body(self._painted, self._laid_out)
        self.body.setObjectName("formBody")
        self.column = _Column(self.body)
        self.column.setContentsMargins(16, 12, 16, 24)
        self.column.setSpacing(6)
        self.setWidget(self.body)
        self.bindings: list[FieldBinding] = []
        self.built_sheets: list[SheetView] = []     # in page order; ``sheets`` builds the deferred ones first
        self._deferred: list[_Deferred] = []        # in page order
        self._building_soon = False
        self.anchors: dict[str, QWidget] = {}
        self._notes: list[tuple[QLabel, Callable[[ProblemIndex], list[Problem]]]] = []
        self.problems = checking.EMPTY

    # ------------------------------------------------------------ building

    def title(self, text: str) -> QLabel:
        label = QLabel(text)
        font = QFont(label.font())
        font.setPointSizeF(font.pointSizeF() * 1.35)
        font.setBold(True)
        label.setFont(font)
        label.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.column.addWidget(label)
        return label

    def heading(self, text: str, key: str | None = None) -> QLabel:
        label = QLabel(text)
        font = QFont(label.font())
        font.setPointSizeF(font.pointSizeF() * 1.1)
        font.setBold(True)
        label.setFont(font)
        label.setContentsMargins(0, 10, 0, 2)
        self.column.addWidget(label)
        if key:
            self.anchors[key] = label
        return label

    def note(self, problems: Callable[[ProblemIndex], list[Problem]]) -> QLabel:
        """A line under a heading naming the problems about a whole table or list. It keeps its
        one line's height whether there are problems or not, so that the table under it never
        moves (under the mouse) as a check comes and goes; what does not fit is in its tooltip."""
        label = Banner()
        self.column.addWidget(label)
        self._notes.append((label, problems))
        return label

    def bind_field(self, widget: QLineEdit | AutoText, loc: Location, label: str, amount: bool = False) -> FieldBinding:
        binding = FieldBinding(self.session, widget, loc, label, amount)
        binding.message.connect(self.message)
        self.bindings.append(binding)
        return binding

    def line_field(self, loc: Location, label: str, amount: bool = False) -> QLineEdit:
        field = QLineEdit()
        field.setAccessibleName(label)
        if amount:
            field.setAlignment(Qt.AlignmentFlag.AlignRight)
            field.setPlaceholderText(self.session.doc.unit)
        self.bind_field(field, loc, label, amount)
        return field

    def text_field(self, loc: Location, label: str) -> AutoText:
        field = AutoText()
        field.setAccessibleName(label)
        self.bind_field(field, loc, label)
        return field

    def sheet(self, model: DocTableModel, stretch: str | None = None, fit_width: bool = False) -> SheetView:
        view = SheetView(model, self.body, stretch, fit_width)
        view.message.connect(self.message)
        self.built_sheets.append(view)
        return view

    @property
    def sheets(self) -> list[SheetView]:
        """Every sheet of the page, in page order (the deferred parts are built first)."""
        self.build_deferred()
        return self.built_sheets

    def defer(self, build: Callable[[], None], height: int) -> None:
        """Build a part of the page later (see the module's note): ``build`` adds its widgets
        with the building methods as if called now; ``height`` is its expected height."""
        holder = _Deferred(build, height)
        self.column.addWidget(holder)
        self._deferred.append(holder)

    def sheet_height(self, rows: int, toolbar: bool = True) -> int:
        """About how tall a sheet of ``rows`` one-line rows is, with its toolbar above it."""
        line = self.fontMetrics().height() + 8          # as CellDelegate.one_line
        height = (rows + 1) * line + 4
        return height + (line + self.column.spacing() if toolbar else 0)

    def build_deferred(self, through: QWidget | None = None) -> None:
        """Build the deferred parts (only those above ``through`` if given) and lay the page
        out again at once, so that positions can be read."""
        if not self._deferred:
            return
        holders = list(self._deferred)
        at = -1 if through is None else self.column.indexOf(through)
        if at >= 0:
            holders = [holder for holder in holders if self.column.indexOf(holder) < at]
        self._build(holders, settle=True)

    def _build(self, holders: list[_Deferred], settle: bool = False) -> None:
        if not holders:
            return
        marks = len(self.bindings), len(self.built_sheets), len(self._notes)
        for holder in list(holders):
            self._deferred.remove(holder)
            self.column.at = self.column.indexOf(holder)    # what it adds goes where the holder is
            try:
                holder.build()
            finally:
                self.column.at = None
            self.column.removeWidget(holder)
            holder.hide()
            holder.deleteLater()
        if self.body.isVisible():
            for child in self.body.findChildren(QWidget, "", Qt.FindChildOption.FindDirectChildrenOnly):
                if child.isHidden() and not child.testAttribute(Qt.WidgetAttribute.WA_WState_ExplicitShowHide):
                    child.show()    # now, not on a later turn as a layout would: it can take the focus
        self._show_problems(self.bindings[marks[0]:], self.built_sheets[marks[1]:], self._notes[marks[2]:])
        self.column.activate()
        if settle:      # rows fitted and the page laid out again, its scroll range too: positions are final
            for view in self.built_sheets[marks[1]:]:
                view.fit_now()
            QCoreApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)

    def _laid_out(self) -> None:
        """The page was laid out (or resized), not painted yet: the parts coming into view are
        built, and the sheets whose rows wait to be fitted are fitted now and the page laid
        out again, so that what is drawn first is what stays (not sheets of a wrong height
        over the next section until the next turn)."""
        self._build_seen()
        if not self.isVisible() or not self.column.geometry().isValid():
            return
        waiting = [view for view in self.built_sheets if not view.fitted()]
        for view in waiting:
            view.fit_now()
        if waiting:
            self.column.activate()

    def _build_seen(self) -> None:
        """Build the deferred parts in view (the page was laid out, resized or scrolled): they
        are drawn built."""
        if not self._deferred or not self.isVisible() or not self.column.geometry().isValid():
            return
        bottom = self.verticalScrollBar().value() + self.viewport().height()
        seen = [holder for holder in self._deferred if holder.y() < bottom]
        if seen:
            self._build(self._deferred[:self._deferred.index(seen[-1]) + 1])

    def _painted(self) -> None:
        """After the first paint the deferred parts are built, one an event-loop turn; at a
        start, once the window has settled (after what it left for its first paint)."""
        if self._deferred and not self._building_soon:
            self._building_soon = True
            window = self.window()
            settled = getattr(window, "settled", None)
            if settled is None or getattr(window, "is_settled", True):
                QTimer.singleShot(0, self, self._build_next)
            else:
                settled.connect(self._build_next, Qt.ConnectionType.SingleShotConnection)

    def _build_next(self) -> None:
        self._building_soon = False
        self._build(self._deferred[:1])
        if self._deferred:
            self._building_soon = True
            QTimer.singleShot(0, self, self._build_next)

    def toolbar(self, view: SheetView, ops: tuple[tuple[str, str], ...] | None = None) -> QWidget:
        bar = QWidget()
        row = QHBoxLayout(bar)
        row.setContentsMargins(0, 0, 0, 0)
        for op, text in ops or rowops.buttons():
            button = QToolButton()
            button.setText(text)
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.clicked.connect(lambda _=False, o=op: view.run(o))
            row.addWidget(button)
        row.addStretch(1)
        return bar

    def add_grid(self) -> QGridLayout:
        holder = QWidget()
        grid = QGridLayout(holder)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(8)
        grid.setVerticalSpacing(6)
        self.column.addWidget(holder)
        return grid

    @staticmethod
    def form_label(text: str) -> QLabel:
        label = QLabel(text)
        label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return label

    # ------------------------------------------------------------ problems and navigation

    def set_problems(self, index: ProblemIndex) -> None:
        self.problems = index
        self._show_problems(self.bindings, self.built_sheets, self._notes)

    def _show_problems(self, bindings: list[FieldBinding], sheets: list[SheetView],
                       notes: list[tuple[QLabel, Callable[[ProblemIndex], list[Problem]]]]) -> None:
        index = self.problems
        for binding in bindings:
            binding.set_problems(index.at(binding.loc))
        for view in sheets:
            view.doc_model().set_problems(index)
        for label, find in notes:
            problems = find(index)
            severity = checking.worst(problems)
            label.setStyleSheet(f"color: {checking.FOREGROUND[severity].name()};" if severity else "")
            label.set_full_text("；".join(f"{p.severity.value}：{p.message}（{p.hint}）" for p in problems))

    def focus_location(self, loc: Location) -> bool:
        """Put the focus on the field or cell at ``loc``; False if this page does not show it."""
        self.build_deferred()
        for binding in self.bindings:
            if binding.loc == loc:
                self.ensureWidgetVisible(binding.widget, 40, 80)
                binding.widget.setFocus(Qt.FocusReason.OtherFocusReason)
                return True
        for view in self.sheets:
            cell = view.doc_model().cell_of(loc)
            if cell is not None:
                view.select_cell(*cell)
                return True
        anchor = self.anchors.get(loc.table or loc.field or "")
        if anchor is not None:
            self.ensureWidgetVisible(anchor, 40, 40)
            return True
        return False

    def scroll_to(self, key: str) -> None:
        anchor = self.anchors.get(key)
        if anchor is not None:
            self.build_deferred(through=anchor)
            self.verticalScrollBar().setValue(anchor.y())

    def scrollContentsBy(self, dx: int, dy: int) -> None:  # noqa: N802
        super().scrollContentsBy(dx, dy)
        self._build_seen()

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802
        super().resizeEvent(event)
        self._build_seen()


class _Column(QVBoxLayout):
    """The page's column; while a deferred part is built (``at`` set), what is added to it goes
    where the part's holder stands."""

    at: int | None = None

    def addWidget(self, widget: QWidget, *args: Any, **kwargs: Any) -> None:  # type: ignore[override]  # noqa: N802
        if self.at is None:
            super().addWidget(widget, *args, **kwargs)
        else:
            self.insertWidget(self.at, widget, *args, **kwargs)
            self.at += 1

    def addLayout(self, layout: QLayout, *args: Any, **kwargs: Any) -> None:  # type: ignore[override]  # noqa: N802
        if self.at is None:
            super().addLayout(layout, *args, **kwargs)
        else:
            self.insertLayout(self.at, layout, *args, **kwargs)
            self.at += 1


class _Body(QWidget):
    """The page's contents: tells the page of its paints and of its layout being done."""

    def __init__(self, painted: Callable[[], None], laid_out: Callable[[], None]) -> None:
        super().__init__()
        self._on_paint, self._on_layout = painted, laid_out

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        super().paintEvent(event)
        self._on_paint()

    def event(self, event: QEvent) -> bool:
        done = super().event(event)
        if event.type() in (QEvent.Type.LayoutRequest, QEvent.Type.Resize):
            self._on_layout()
        return done


class _Deferred(QWidget):
    """The empty space standing for a part of a page not built yet."""

    def __init__(self, build: Callable[[], None], height: int) -> None:
        super().__init__()
        self.build = build
        self.setFixedHeight(height)


class Banner(QLabel):
    """One line of text of a fixed height, cut with … when too long (all of it in the tooltip)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._full = ""
        self.setFixedHeight(self.fontMetrics().lineSpacing() + 6)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)

    def full_text(self) -> str:
        return self._full

    def set_full_text(self, text: str) -> None:
        self._full = text
        self.setToolTip(text if text else "")
        self._elide()

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802
        super().resizeEvent(event)
        self._elide()

    def _elide(self) -> None:
        self.setText(self.fontMetrics().elidedText(self._full, Qt.TextElideMode.ElideRight, max(self.width(), 1)))
