"""An amount typed with its unit (``25%`` in a plan, ``134.8291万元`` in a money cell) is checked
as its number and kept, saved and printed as the clerk wrote it (滦平's and 石峰's seeds)."""

import io
import zipfile
from decimal import Decimal

import openpyxl
from hypothesis import given
from hypothesis import strategies as st

from desktop import projectfile
from desktop.export.docx_writer import build_docx
from desktop.export.xlsx_writer import build_xlsx
from desktop.resources import samples
from desktop.values import TypedAmount, as_typed, format_amount, parse_amount


def _sample(part: str):
    return projectfile.load(next(p for p in samples() if part in p.name))


def test_an_amount_typed_with_its_unit_is_its_number_and_keeps_what_was_typed():
    value = parse_amount("１３４.８２９１万元")
    assert isinstance(value, TypedAmount) and value == Decimal("134.8291")
    assert (as_typed(value), format_amount(value)) == ("134.8291万元", "134.8291")
    assert value + 1 == Decimal("135.8291") and not isinstance(value + 1, TypedAmount)
    assert as_typed(parse_amount("25%")) == "25%" and type(parse_amount("25")) is Decimal


@given(st.decimals(min_value=0, max_value=10**9, places=4, allow_nan=False), st.sampled_from(["%", "万元", ""]))
def test_a_typed_unit_survives_saving_and_opening(number, unit):
    doc = _sample("luanping")
    point = doc.departments[0].projects[0].plan[0]
    point.percent = parse_amount(f"{number}{unit}")
    opened = projectfile.loads(projectfile.dumps(doc))
    kept = opened.departments[0].projects[0].plan[0].percent
    assert kept == point.percent and as_typed(kept) == as_typed(point.percent)


def test_the_samples_print_their_plans_and_money_as_the_seeds_do():
    word = zipfile.ZipFile(io.BytesIO(build_docx(_sample("luanping")))).read("word/document.xml").decode()
    assert word.count(">25%<") == 2 and ">100%<" in word
    book = openpyxl.load_workbook(io.BytesIO(build_xlsx(_sample("shifeng"))))
    cells = [c for row in book.worksheets[0].iter_rows() for c in row if c.value == 134.8291]
    assert cells and all(c.number_format == '0.0000"万元"' for c in cells)     # a number, shown 134.8291万元
