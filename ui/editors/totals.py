"""The typed 合计 row under a list (``ListTotalsModel``): a one-row sheet without its own
heading, its columns kept as wide as the list's above it, so that it reads as the list's last row."""

from __future__ import annotations

from PySide6.QtWidgets import QVBoxLayout, QWidget

from ui.editors.sheet import SheetView
from ui.models.lists import ListTotalsModel


class TotalsSheet(SheetView):
    above: SheetView | None = None      # the list's sheet, whose columns this row follows

    def __init__(self, model: ListTotalsModel, above: SheetView, parent: QWidget | None = None) -> None:
        super().__init__(model, parent)
        self.above = above
        self.horizontalHeader().hide()
        self.setStyleSheet("QTableView { border-top: none; }")
        above.horizontalHeader().sectionResized.connect(self._follow)
        above.horizontalHeader().geometriesChanged.connect(self._follow)
        above.verticalHeader().geometriesChanged.connect(self._follow)
        model.headerDataChanged.connect(self._follow)
        self._follow()

    def _apply_widths(self) -> None:
        if self.above is None:      # while being built
            super()._apply_widths()
        else:
            self._follow()

    def _follow(self, *_args: object) -> None:
        above, model = self.above, self.model()
        if above is None or model is None:
            return
        for column in range(model.columnCount()):
            self.setColumnWidth(column, above.columnWidth(column))
        numbers = above.verticalHeader()
        self.verticalHeader().setFixedWidth(0 if numbers.isHidden() else numbers.width())

    def _fit_height(self) -> None:
        self.setFixedHeight(self.verticalHeader().length() + 2 * self.frameWidth())


def list_with_totals(above: SheetView, totals: TotalsSheet) -> QVBoxLayout:
    """The list's sheet with its 合计 row right under it."""
    column = QVBoxLayout()
    column.setSpacing(0)
    column.addWidget(above)
    column.addWidget(totals)
    return column
