"""A scrolling form page: headings, bound fields and sheets laid out in the printed form's order.

Pages colour their fields and cells with the checker's problems and can bring any location
into view with the focus on it.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont, QResizeEvent
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
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
        self.body = QWidget()
        self.body.setObjectName("formBody")
        self.column = QVBoxLayout(self.body)
        self.column.setContentsMargins(16, 12, 16, 24)
        self.column.setSpacing(6)
        self.setWidget(self.body)
        self.bindings: list[FieldBinding] = []
        self.sheets: list[SheetView] = []
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
        self.sheets.append(view)
        return view

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
        for binding in self.bindings:
            binding.set_problems(index.at(binding.loc))
        for view in self.sheets:
            view.doc_model().set_problems(index)
        for label, find in self._notes:
            problems = find(index)
            severity = checking.worst(problems)
            label.setStyleSheet(f"color: {checking.FOREGROUND[severity].name()};" if severity else "")
            label.set_full_text("；".join(f"{p.severity.value}：{p.message}（{p.hint}）" for p in problems))

    def focus_location(self, loc: Location) -> bool:
        """Put the focus on the field or cell at ``loc``; False if this page does not show it."""
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
            self.verticalScrollBar().setValue(anchor.y())


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
