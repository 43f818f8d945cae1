"""How a sheet lays itself out: merged cells under a selection, rows after a column is widened,
headings of grouped columns."""

from PySide6.QtCore import QItemSelection, QItemSelectionModel, QPoint, Qt
from PySide6.QtWidgets import QApplication

from desktop.edits import ListRef
from tests.ui.conftest import BY_FAMILY, sample
from ui.editors.department import DepartmentPage
from ui.editors.project import ProjectPage
from ui.session import EditSession


def _shown(qtbot, page, width=1366, height=768):
    qtbot.addWidget(page)
    page.resize(width, height)
    page.show()
    qtbot.waitExposed(page)
    qtbot.waitUntil(lambda: all(s.fitted() for s in page.sheets))
    QApplication.processEvents()
    return page


def test_a_merged_level1_cell_partly_selected_is_painted_as_one_cell(qtbot):
    session = EditSession(sample(BY_FAMILY["H"]))
    page = ProjectPage(session, 0, 0)
    page.bind(0, 0)
    _shown(qtbot, page)
    sheet = page.indicator_sheet
    model = sheet.model()
    assert model.run(0, 0) == (0, 3)                 # 产出指标 over rows 1–4
    sheet.selectionModel().select(QItemSelection(model.index(1, 0), model.index(5, model.columnCount() - 1)),
                                  QItemSelectionModel.SelectionFlag.ClearAndSelect)   # rows 2–6
    QApplication.processEvents()
    image = sheet.viewport().grab().toImage()

    def colour(row: int) -> int:                     # near the cell's left edge, away from the text
        rect = sheet.visualRect(model.index(row, 0))
        return image.pixel(QPoint(rect.left() + 3, rect.center().y()))

    assert colour(0) == colour(2) == colour(3)       # row 1 is not an empty-looking cell of its own
    assert colour(0) != image.pixel(QPoint(sheet.visualRect(model.index(0, 2)).left() + 3,
                                           sheet.visualRect(model.index(0, 2)).center().y()))   # unselected


def _annual(page):
    return next(s for s in page.sheets if getattr(s.doc_model(), "ref", None) == ListRef(0, None, "annual"))


def _seen(sheet) -> list[int]:
    seen = sheet.viewport().visibleRegion().boundingRect()
    model = sheet.model()
    return [r for r in range(model.rowCount()) if sheet.visualRect(model.index(r, 0)).intersects(seen)]


def test_rows_refit_when_a_column_is_widened_and_the_last_row_stays_reachable(qtbot):
    session = EditSession(sample(BY_FAMILY["B"]))
    page = _shown(qtbot, DepartmentPage(session, 0))
    sheet = _annual(page)
    model = sheet.doc_model()
    level3 = next(c for c, spec in enumerate(model.columns) if spec.key == "level3")
    tall = [r for r in range(model.rowCount()) if sheet.rowHeight(r) > sheet.rowHeight(0) + 4]
    assert tall
    page.verticalScrollBar().setValue(sheet.mapTo(page.widget(), sheet.rect().topLeft()).y())
    sheet.horizontalHeader().resizeSection(level3, sheet.columnWidth(level3) * 3)   # the clerk drags it wider
    qtbot.waitUntil(sheet.fitted)
    QApplication.processEvents()
    assert all(sheet.rowHeight(r) == max(sheet.sizeHintForRow(r), sheet.verticalHeader().sectionSizeHint(r))
               for r in _seen(sheet))
    assert any(sheet.rowHeight(r) < sheet.rowHeight(0) + 4 for r in tall if r in _seen(sheet))
    qtbot.waitUntil(lambda: sheet.height() >= sheet.horizontalHeader().height() + sheet.verticalHeader().length()
                    + (sheet.horizontalScrollBar().height() if sheet.horizontalScrollBar().isVisible() else 0))
    last = sheet.visualRect(model.index(model.rowCount() - 1, 0))
    assert sheet.viewport().rect().contains(last)    # the last row is inside the sheet, not under a scroll bar


def test_the_headings_of_grouped_year_columns_are_not_cut_on_a_small_screen(qtbot):
    session = EditSession(sample(BY_FAMILY["B"]))
    page = _shown(qtbot, DepartmentPage(session, 0), width=760)
    sheet = _annual(page)
    header = sheet.horizontalHeader()
    labels = [sheet.model().headerData(c, Qt.Orientation.Horizontal) for c in range(header.count())]
    years = [c for c, label in enumerate(labels) if "年" in label.split("\n")[-1] and "\n" in label]
    assert len(years) == 2
    assert all(sheet.columnWidth(c) >= header.sectionSizeFromContents(c).width() for c in range(header.count()))
