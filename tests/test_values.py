from decimal import Decimal

import pytest

from desktop.text import clean_text
from desktop.values import format_amount, parse_amount, parse_target


@pytest.mark.parametrize(("text", "comparator", "number", "unit"), [
    ("≥90", "≥", "90", ""),
    ("≥95%", "≥", "95", "%"),
    ("≤80万元", "≤", "80", "万元"),
    ("≥75次", "≥", "75", "次"),
    ("≥1个", "≥", "1", "个"),
    ("50人", "", "50", "人"),
    ("0%", "", "0", "%"),
    ("1－12月1人次", "", "1", "人次"),
    ("≤31.5万元", "≤", "31.5", "万元"),
    (">=4", "≥", "4", ""),
    ("不低于９０％", "≥", "90", "%"),
    ("90%以上", "≥", "90", "%"),
    ("0个以上", "≥", "0", "个"),
    ("80以上", "≥", "80", ""),
    ("100万元以内", "≤", "100", "万元"),
    ("服务对象满意度达到95%", "", "95", "%"),
])
def test_quantities_are_read_as_comparator_number_unit(text, comparator, number, unit):
    value = parse_target(text)
    assert (value.comparator, value.number, value.unit) == (comparator, Decimal(number), unit)
    assert value.text == text


@pytest.mark.parametrize("text", ["良好", "健全", "完全相符", "群众比较满意", "信访总量持平，形势平稳可控", ""])
def test_qualitative_targets_have_no_number(text):
    assert parse_target(text).number is None


def test_amounts_keep_the_typed_precision():
    assert format_amount(parse_amount("173.4271")) == "173.4271"
    assert format_amount(parse_amount("25.00")) == "25.00"
    assert parse_amount("　1,234.50万元") == Decimal("1234.50")
    assert parse_amount("  ") is None


@pytest.mark.parametrize(("text", "reason"), [
    ("abc", "不是数字"), ("1.2.3", "不是数字"), ("NaN", "不是数字"), ("Infinity", "不是数字"),
    ("1e20", "超出可填写的范围"), ("99999999999999999999", "超出可填写的范围"), ("-80", "负数"),
    ("1e-25", "小数位数过多"), ("0.0000001", "小数位数过多"),
])
def test_bad_amounts_raise_a_chinese_message(text, reason):
    with pytest.raises(ValueError, match=reason):
        parse_amount(text)


def test_long_bad_amounts_are_quoted_shortened():
    with pytest.raises(ValueError) as caught:
        parse_amount("9" * 100_000)
    assert len(str(caught.value)) < 60


def test_a_zero_amount_never_shows_a_minus_sign():
    assert format_amount(parse_amount("-0.00")) == "0.00"


def test_control_characters_from_word_are_cleaned():
    assert clean_text("a\x07b\x0bc\r\nd\x00e\tf") == "ab\nc\nde\tf"
    assert clean_text("名\ud800称") == "名称"
