"""The department page draws its first screen without building the tables far below it: they
are built when about to be seen, when navigated to, or one an event-loop turn after the first
paint, and then look and work as if they had been built at once."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEvent, QPoint, QRect, Qt
from PySide6.QtWidgets import QApplication

from tests.ui.conftest import SAMPLES, type_chinese
from ui import checking
from ui.editors.department import DepartmentPage
from ui.editors.page import FormPage
from ui.editors.sheet import SheetView
from ui.models.tree import SECTION, Node

EZHOU = "hubei-ezhou-2024-xinfang"


def _opened(window, path: Path | None = None) -> FormPage:  # type: ignore[no-untyped-def]
    """A sample opened in a window of a laptop's height, before the event loop turns again: of
    its sheets only the money table (on the first screen) is built yet."""
    window.resize(1280, 680)
    window.open_file(path or SAMPLES[EZHOU])
    page = window.centre.current_page()
    assert [type(s.doc_model()).__name__ for s in page.findChildren(SheetView)] == ["MoneyModel"]
    return page


def _tables(page: FormPage) -> dict[str, SheetView]:
    return {s.doc_model().ref.table: s for s in page.findChildren(SheetView) if getattr(s.doc_model(), "ref", None)}


def _cell_in_view(page: FormPage, view: SheetView, row: int, column: int) -> bool:
    rect = view.visualRect(view.model().index(row, column))
    top_left = view.viewport().mapTo(page.viewport(), rect.topLeft())
    return page.viewport().rect().intersects(QRect(top_left, rect.size()))


def test_the_tables_below_are_built_after_the_first_paint_and_look_as_if_built_at_once(window, qtbot):
    page = _opened(window)
    assert set(_tables(page)) == set()
    qtbot.waitUntil(lambda: set(_tables(page)) == {"long_term", "annual"})    # no clerk doing anything
    qtbot.waitUntil(lambda: all(s.fitted() for s in page.sheets))
    whole = DepartmentPage(window.session, 0)      # the same page, every part built at once
    qtbot.addWidget(whole)
    whole.set_problems(page.problems)
    assert len(whole.sheets) == 3
    whole.resize(page.size())
    whole.show()
    qtbot.waitExposed(whole)
    qtbot.waitUntil(lambda: all(s.fitted() for s in whole.sheets))
    QApplication.processEvents()

    def laid_out(p: FormPage) -> list[tuple[str, QRect]]:
        return [(type(w).__name__, w.geometry()) for w in p.body.children() if w.isWidgetType() and w.isVisible()]

    assert laid_out(page) == laid_out(whole)
    for shown in (page, whole):     # every row seen once (rows never seen are estimated)
        bar = shown.verticalScrollBar()
        while bar.value() < bar.maximum():
            bar.setValue(bar.value() + shown.viewport().height() // 2)
            qtbot.waitUntil(lambda s=shown: all(v.fitted() for v in s.sheets))
            QApplication.processEvents()
    assert laid_out(page) == laid_out(whole)
    for shown in (page, whole):     # (a window of its own puts the focus in 年度)
        if shown.focusWidget() is not None:
            shown.focusWidget().clearFocus()
    assert page.body.grab().toImage() == whole.body.grab().toImage()       # drawn the same


def test_going_to_a_problem_in_a_table_not_built_yet_shows_it_coloured_and_typing_there_works(window, qtbot):
    page = _opened(window)
    problem = next(p for p in window.runner.index.problems
                   if p.location.table == "long_term" and p.location.row is not None and p.location.field)
    window.go_to(problem.location)      # as a click on the problem in the checking panel does
    view = _tables(page)["long_term"]
    cell = view.doc_model().cell_of(problem.location)
    assert cell is not None and view.isVisible()
    assert (view.currentIndex().row(), view.currentIndex().column()) == cell
    assert QApplication.focusWidget() is view
    assert _cell_in_view(page, view, *cell)
    index = view.model().index(*cell)
    assert index.data(Qt.ItemDataRole.BackgroundRole) == checking.BACKGROUND[checking.worst(view.doc_model().problems_at(*cell))]
    assert problem.message in index.data(Qt.ItemDataRole.ToolTipRole)
    type_chinese(view, "每年不少于两次")
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.session.value(problem.location) == "每年不少于两次")
    assert index.data() == "每年不少于两次"


def test_find_reaches_a_table_not_built_yet(window, qtbot, tmp_path):
    text = Path(SAMPLES[EZHOU]).read_text(encoding="utf-8")
    last = text.rindex("包保企业满意率")        # the annual table's last row (after the long-term table's)
    path = tmp_path / "鄂州 副本.jxmb"
    path.write_text(text[:last] + "包保企业回访满意率" + text[last + len("包保企业满意率"):], encoding="utf-8")
    page = _opened(window, path)
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    bar = window.find_bar
    type_chinese(bar.find_edit, "回访")
    assert bar.count.text() == "共 1 处"
    qtbot.keyClick(bar.find_edit, Qt.Key.Key_Return)
    view = _tables(page)["annual"]
    current = view.currentIndex()
    assert current.row() == view.model().rowCount() - 1 and current.data() == "包保企业回访满意率"
    assert _cell_in_view(page, view, current.row(), current.column())


def test_a_table_scrolled_to_is_built_before_it_is_drawn(window, qtbot):
    page = _opened(window)
    QApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)      # laid out, not painted yet
    assert set(_tables(page)) == set()
    bar = page.verticalScrollBar()
    bar.setValue(bar.maximum())         # the page's end: both tables are there at once
    assert set(_tables(page)) == {"long_term", "annual"}
    qtbot.waitUntil(lambda: all(s.fitted() for s in page.sheets))
    QApplication.processEvents()
    bar.setValue(bar.maximum())
    QApplication.processEvents()
    annual = _tables(page)["annual"]
    last = annual.model().rowCount() - 1
    bottom = annual.viewport().mapTo(page.widget(), annual.visualRect(annual.model().index(last, 0)).bottomLeft())
    assert bottom.y() <= bar.value() + page.viewport().height()     # the last row can be reached


def test_a_table_chosen_in_the_tree_is_built_and_scrolled_to(window, qtbot):
    page = _opened(window)
    sections = window.session.family.department.sections
    annual_section = next(i for i, s in enumerate(sections) if s.key == "annual")
    window.select_node(Node(SECTION, 0, section=annual_section))
    assert set(_tables(page)) == {"long_term", "annual"}
    heading = page.anchors["annual"]
    assert page.verticalScrollBar().value() == min(heading.y(), page.verticalScrollBar().maximum()) > 0
    assert heading.mapTo(page.viewport(), QPoint(0, 0)).y() >= 0


def test_the_first_screen_is_drawn_with_its_sheet_as_tall_as_it_stays(window, qtbot):
    page = _opened(window)
    QApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)      # laid out, as just before the first paint
    money = page.findChildren(SheetView)[0]
    assert money.fitted()
    first = money.geometry()
    below = [w for w in page.body.children() if w.isWidgetType() and w.isVisible() and w.y() > first.y()]
    assert min(w.y() for w in below) > first.bottom()       # the money table covers nothing under it
    qtbot.waitUntil(lambda: set(_tables(page)) == {"long_term", "annual"})
    qtbot.waitUntil(lambda: all(s.fitted() for s in page.sheets))
    QApplication.processEvents()
    assert money.geometry() == first
