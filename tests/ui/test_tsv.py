"""Clipboard text as Excel and WPS write it."""

from hypothesis import given
from hypothesis import strategies as st

from ui.tsv import format_tsv, parse_tsv


def test_excel_block_with_a_quoted_multi_line_cell():
    text = '产出指标\t数量指标\t"完成维稳\r\n任务"\t≥75次\r\n效益指标\t社会效益指标\t维护稳定\t"他说""好"""\r\n'
    assert parse_tsv(text) == [["产出指标", "数量指标", "完成维稳\n任务", "≥75次"],
                               ["效益指标", "社会效益指标", "维护稳定", '他说"好"']]


def test_single_cell_and_unterminated_quote():
    assert parse_tsv("≥95%\r\n") == [["≥95%"]]
    assert parse_tsv('"半个引号\t下一格') == [['"半个引号', "下一格"]]
    assert parse_tsv("a\t\tc") == [["a", "", "c"]]


cells = st.text(alphabet=st.sampled_from('产出指标≥%"\t\n 1a'), max_size=8)


def test_empty_lines_at_the_end_are_no_rows():
    assert parse_tsv("≥95%\r\n" + "\r\n" * 5000) == [["≥95%"]]
    assert parse_tsv("a\n\nb\n\n\n") == [["a"], [""], ["b"]]      # an empty line between stays
    assert parse_tsv("a\t\r\n\t\r\n") == [["a", ""], ["", ""]]   # a row of empty cells stays
    assert parse_tsv('"x\n"\n\n') == [["x\n"]]
    assert parse_tsv("\r\n\r\n") == [] and parse_tsv("") == []


@given(st.lists(st.lists(cells, min_size=1, max_size=4), min_size=1, max_size=4).filter(
    lambda rows: len({len(r) for r in rows}) == 1 and rows[-1] != [""]))
def test_format_then_parse_gives_the_cells_back(rows):
    assert parse_tsv(format_tsv(rows)) == rows
