"""Editor pages and their sheets, driven as a clerk drives them."""

import shiboken6
from PySide6.QtCore import QCoreApplication

from desktop.edits import ListRef
from tests.ui.conftest import BY_FAMILY, sample
from ui.editors.sheet import SheetView
from ui.models.indicators import IndicatorTableModel
from ui.session import EditSession


def test_a_sheet_deleted_before_its_rows_are_fitted_is_left_alone(qtbot):
    """A page closed (or rebuilt) in the same turn of the event loop as a change: the fitting
    scheduled for the next turn must not reach the deleted sheet ("Internal C++ object
    already deleted", raised from the timer)."""
    session = EditSession(sample(BY_FAMILY["B"]))
    model = IndicatorTableModel(session, ListRef(0, None, "annual"), session.family.department_tables[0])
    view = SheetView(model)
    view._layout_rows()              # a change schedules the fitting for the next turn
    assert not view.fitted()
    shiboken6.delete(view)           # the page goes before that turn
    QCoreApplication.processEvents()  # the timer's turn: pytest-qt fails the test on an exception raised here
    assert not shiboken6.isValid(view)
