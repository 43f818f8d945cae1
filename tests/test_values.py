import re
import unicodedata
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

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
    ("1" + "0" * 20, "超出可填写的范围"), ("99999999999999999999", "超出可填写的范围"), ("-80", "负数"),
    ("0.0000001", "小数位数过多"),
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


# ---------------------------------------------------------------- amounts as clerks type them

@pytest.mark.parametrize(("text", "value"), [
    ("５０％", "50"), ("５０%", "50"), ("50％", "50"), ("１，２３４．５", "1234.5"), ("１２３４", "1234"),
    ("593.27\u200b", "593.27"), ("\u200b593.27", "593.27"), ("59\u200b3.27", "593.27"),
    ("\ufeff80", "80"), ("80\u00a0", "80"), ("\u00a080万元", "80"), ("\u202f1,234", "1234"),
    ("1,234,567.89", "1234567.89"), ("1,234", "1234"), ("12,345万元", "12345"), ("0.54万元", "0.54"),
    ("+5", "5"), (".5", "0.5"), ("－0", "0"), ("−0.00", "0.00"),
])
def test_amounts_typed_with_full_width_forms_and_invisible_characters_are_read(text, value):
    assert parse_amount(text) == Decimal(value)
    assert format_amount(parse_amount(text)) == value


@pytest.mark.parametrize("text", ["−5", "－5", "\u22125", "-5", "﹣5", "－５０％"])
def test_every_minus_sign_is_refused_as_negative(text):
    with pytest.raises(ValueError, match="是负数"):
        parse_amount(text)


@pytest.mark.parametrize(("text", "reason"), [
    ("1,2,3", "千位分隔符"), ("1.234,56", "千位分隔符"), ("12,34", "千位分隔符"), ("1,2345", "千位分隔符"),
    (",123", "千位分隔符"), ("1,234,", "千位分隔符"), ("1，2，3", "千位分隔符"),
    ("1E5", "科学计数法"), ("1e-25", "科学计数法"), ("2.5e3", "科学计数法"), ("1e20", "科学计数法"),
    ("٥٠", "0～9"), ("۵۰", "0～9"), ("五十", "不是数字"), ("①", "0～9"), ("5²", "0～9"),
    ("1 234", "空格"), ("12\u00a0345", "空格"),
])
def test_malformed_amounts_are_refused_not_misread(text, reason):
    with pytest.raises(ValueError, match=reason) as caught:
        parse_amount(text)
    assert "未修改" not in str(caught.value)


def test_a_refused_amount_shows_invisible_characters_visibly():
    with pytest.raises(ValueError) as caught:
        parse_amount("1,2\u200b,3")
    message = str(caught.value)
    assert "U+200B" in message and "\u200b" not in message
    assert message.startswith("“1,2[U+200B],3”")


# ---------------------------------------------------------------- targets with punctuation and grouping

@pytest.mark.parametrize(("text", "comparator", "number", "unit"), [
    ("≥80%；", "≥", "80", "%"), ("≥80%。", "≥", "80", "%"), ("≥80%;", "≥", "80", "%"),
    ("≥1,200人次", "≥", "1200", "人次"), ("≥1,200,000元", "≥", "1200000", "元"),
    ("≥９５％", "≥", "95", "%"), ("≥95%\u200b", "≥", "95", "%"), ("\ufeff≥95%", "≥", "95", "%"),
    ("＞＝90%", "≥", "90", "%"), ("≥\u00a090%", "≥", "90", "%"),
])
def test_targets_with_trailing_punctuation_grouping_and_invisible_characters_are_read(text, comparator, number, unit):
    value = parse_target(text)
    assert (value.comparator, value.number, value.unit) == (comparator, Decimal(number), unit)
    assert value.text == text


@pytest.mark.parametrize("text", ["≥٩٥%", "≥1,2,3人"])
def test_targets_are_not_misread_as_numbers(text):
    assert parse_target(text).number is None


# ---------------------------------------------------------------- properties

_amounts = st.decimals(min_value=0, max_value=Decimal("999999999999"), places=None, allow_nan=False,
                       allow_infinity=False).filter(lambda d: -(d.as_tuple().exponent) <= 6
                                                    if isinstance(d.as_tuple().exponent, int) else False)
_FULL = str.maketrans("0123456789.,%", "０１２３４５６７８９．，％")
_INVISIBLE = st.sampled_from(["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad", "\u200e"])


def _grouped(value: Decimal) -> str:
    return f"{value:,f}"


@given(_amounts)
def test_property_a_grouped_amount_reads_back_exactly(value):
    assert parse_amount(_grouped(value)) == value
    assert parse_amount(format_amount(value)) == value
    assert parse_amount(_grouped(value).translate(_FULL)) == value


@given(_amounts, st.lists(st.tuples(st.integers(min_value=0), _INVISIBLE), max_size=4))
def test_property_invisible_characters_change_nothing(value, inserts):
    text = _grouped(value)
    for position, char in inserts:
        cut = position % (len(text) + 1)
        text = text[:cut] + char + text[cut:]
    assert parse_amount(text) == value


@given(st.lists(st.text(alphabet="0123456789", min_size=1, max_size=4), min_size=2, max_size=4),
       st.text(alphabet="0123456789", max_size=3))
def test_property_only_groups_of_three_are_accepted(groups, decimals):
    text = ",".join(groups) + (f".{decimals}" if decimals else "")
    well_formed = len(groups[0]) <= 3 and all(len(g) == 3 for g in groups[1:])
    if well_formed:
        assert parse_amount(text) == Decimal(text.replace(",", ""))
    else:
        with pytest.raises(ValueError, match="千位分隔符"):
            parse_amount(text)


@given(st.text(max_size=30))
def test_property_any_text_is_read_or_refused_in_chinese_showing_what_was_typed(text):
    try:
        value = parse_amount(text)
    except ValueError as exc:
        message = str(exc)
        assert message.startswith("“") and re.search("[\u4e00-\u9fff]", message)
        assert not any(unicodedata.category(c) in ("Cf", "Cc", "Cs") for c in message)
    else:
        assert value is None or (value.is_finite() and value >= 0)


@given(st.text(max_size=30))
def test_property_reading_a_target_never_fails(text):
    value = parse_target(text)
    assert value.text == text and (value.number is None or value.number.is_finite())
