"""Rows are fitted to their text where they can be seen and as they come into view, not all at
once (10,000 indicator rows took seconds at open and at each change of year)."""

import copy

from PySide6.QtWidgets import QApplication

from desktop.edits import ListRef
from tests.ui.conftest import BY_FAMILY, sample
from ui.editors.delegates import CellDelegate
from ui.editors.department import DepartmentPage
from ui.session import EditSession

LONG = "按照年度工作计划，逐项落实信访事项的受理、办理、督办和答复，确保群众合理诉求得到及时解决。" * 2


def _big_page(qtbot, rows: int = 1500):
    doc = sample(BY_FAMILY["B"])
    annual = doc.departments[0].lists["annual"]
    base = list(annual)
    while len(annual) < rows:
        annual.extend(copy.deepcopy(r) for r in base)
    del annual[rows:]
    for row in annual:
        row.basis = LONG          # every row is several lines high
    session = EditSession(doc)
    page = DepartmentPage(session, 0)
    qtbot.addWidget(page)
    page.resize(1366, 768)
    page.show()
    qtbot.waitExposed(page)
    sheet = next(s for s in page.sheets if getattr(s.doc_model(), "ref", None) == ListRef(0, None, "annual"))
    return session, page, sheet


def _exact(sheet, row: int) -> int:
    return max(sheet.sizeHintForRow(row), sheet.verticalHeader().sectionSizeHint(row))


def test_only_rows_in_view_are_measured_and_rows_scrolled_into_view_are_fitted(qtbot, monkeypatch):
    measured = set()
    size_hint = CellDelegate.sizeHint
    monkeypatch.setattr(CellDelegate, "sizeHint", lambda self, o, i: measured.add(i.row()) or size_hint(self, o, i))
    session, page, sheet = _big_page(qtbot)
    qtbot.waitUntil(sheet.fitted)
    QApplication.processEvents()
    count = sheet.model().rowCount()
    assert len(measured) < 100              # a few screens' worth, not 1,500 rows
    page.scroll_to("annual")                # the list's first rows in view: they are measured
    qtbot.waitUntil(sheet.fitted)
    QApplication.processEvents()
    assert 0 < len(measured) < 100
    one_line = CellDelegate.one_line(sheet.fontMetrics())
    # rows never seen are estimated from their text: several lines, so the page is about as long
    assert all(sheet.rowHeight(r) > 2 * one_line for r in range(count - 5, count))
    # scrolled to the end: the last rows are measured as they come into view, before they are painted
    measured.clear()
    bar = page.verticalScrollBar()
    bar.setValue(bar.maximum())
    assert count - 1 in measured
    assert sheet.rowHeight(count - 1) == _exact(sheet, count - 1)
    QApplication.processEvents()
    bar.setValue(bar.maximum())
    QApplication.processEvents()
    bottom = sheet.viewport().mapTo(page.widget(), sheet.visualRect(sheet.model().index(count - 1, 0)).bottomLeft())
    assert bottom.y() <= bar.value() + page.viewport().height()     # the last row can be reached
    # a new year moves every row's values: only the rows in view are measured again
    measured.clear()
    page.year.setValue(session.doc.year + 1)
    qtbot.waitUntil(sheet.fitted)
    QApplication.processEvents()
    assert 0 < len(measured) < 100
    assert all(r > count - 100 for r in measured)
    session.stack.setClean()
