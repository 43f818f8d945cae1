"""Excel sheets are laid out as the printed form: as wide as the page (spare room shared in the
family's column proportions), left-aligned text set off from the border."""

import io

import openpyxl
import pytest
from openpyxl.utils import get_column_letter

from desktop import projectfile
from desktop.export.xlsx_writer import build_xlsx
from desktop.resources import samples

PAGE = {"portrait": 92.0, "landscape": 138.0}


@pytest.mark.parametrize("path", samples(), ids=lambda p: p.stem)
def test_every_sheet_fills_the_page_width(path):
    book = openpyxl.load_workbook(io.BytesIO(build_xlsx(projectfile.load(path))))
    for ws in book.worksheets:
        widths = [ws.column_dimensions[get_column_letter(c)].width for c in range(1, ws.max_column + 1)]
        assert sum(widths) == pytest.approx(PAGE[ws.page_setup.orientation], abs=0.5), ws.title


def test_left_aligned_text_is_set_off_from_the_border_and_captions_are_not():
    doc = projectfile.load(next(p for p in samples() if "luanping" in p.name))
    ws = openpyxl.load_workbook(io.BytesIO(build_xlsx(doc))).worksheets[1]
    left = [c for row in ws.iter_rows() for c in row if c.alignment.horizontal == "left" and c.value]
    caption, *cells = left
    assert caption.value.startswith("154001") and caption.alignment.indent == 0
    assert cells and all(c.alignment.indent == 1 for c in cells)


def test_the_workbook_is_titled_with_its_year_and_form():
    doc = projectfile.load(next(p for p in samples() if "luanping" in p.name))
    book = openpyxl.load_workbook(io.BytesIO(build_xlsx(doc)))
    assert book.properties.title == "2026年部门预算绩效文本"
