"""Understanding an indicator's 指标值 (target value) as typed by a clerk.

A target is kept exactly as typed; this module reads it as comparator + number + unit
(``≥95%``, ``≤80万元``, ``1－12月1人次``, ``每人每月1790元``) or as qualitative text
(``良好``, ``完全相符``) so that rules can reason about it.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import lru_cache

from desktop.text import LazyPattern, narrow, shorten, strip_invisible, visible

# Spellings of a comparator, mapped to one canonical sign.
_COMPARATORS = {
    "≥": "≥", ">=": "≥", "＞＝": "≥", "不低于": "≥", "不少于": "≥", "大于等于": "≥", "至少": "≥",
    "≤": "≤", "<=": "≤", "＜＝": "≤", "不高于": "≤", "不超过": "≤", "不多于": "≤",
    "小于等于": "≤", "控制在": "≤",
    ">": ">", "＞": ">", "大于": ">", "<": "<", "＜": "<", "小于": "<", "=": "=", "＝": "=",
}
_CMP = "|".join(sorted((re.escape(c) for c in _COMPARATORS), key=len, reverse=True))
_AFTER_WORDS = "及以上|以上|以内|以下|及以下"
# A number: digits 0-9, grouped in thousands (1,234,567.89) or not.
_NUMBER = r"[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]+)?|[0-9]+(?:\.[0-9]+)?"
_QUANTITY = re.compile(
    rf"^(?P<prefix>[^0-9≥≤<>＜＞=＝]{{0,16}}?|[0-9]+\s*[－\-~～至]\s*[0-9]+\s*月)\s*"
    rf"(?P<cmp>{_CMP})?\s*(?P<num>{_NUMBER})\s*"
    rf"(?P<unit>[%％‰]|(?:(?!{_AFTER_WORDS})[^\d\s，,。；;、%％]){{1,6}})?\s*(?P<cmp_after>{_AFTER_WORDS})?$"
)
_AFTER = {"及以上": "≥", "以上": "≥", "以内": "≤", "以下": "≤", "及以下": "≤"}
_CLOSING = "；;。.，,、 "      # punctuation a target may end with, as in a pasted list: ≥80%；


@dataclass(frozen=True, slots=True)
class TargetValue:
    """A target read as a measure. ``number`` is None for qualitative text."""

    text: str
    comparator: str = ""
    number: Decimal | None = None
    unit: str = ""
    prefix: str = ""

    @property
    def is_quantity(self) -> bool:
        return self.number is not None

    @property
    def is_percent(self) -> bool:
        return self.unit in ("%", "％")


@lru_cache(maxsize=65536)
def parse_target(text: str) -> TargetValue:
    """Read a target; never raises. Cached: rules call this for every indicator on every check."""
    stripped = narrow(strip_invisible(text)).strip().rstrip(_CLOSING)
    match = _QUANTITY.match(stripped)
    if not match:
        return TargetValue(text)
    try:
        number = Decimal(match["num"].replace(",", ""))
    except InvalidOperation:  # pragma: no cover - the pattern admits only digits
        return TargetValue(text)
    comparator = _COMPARATORS.get(match["cmp"] or "", "") or _AFTER.get(match["cmp_after"] or "", "")
    unit = "%" if match["unit"] == "％" else (match["unit"] or "")
    return TargetValue(text, comparator, number, unit, (match["prefix"] or "").strip())


MAX_DECIMALS = 6
_MAX_AMOUNT = Decimal("1e12")


def amount_problem(value: Decimal) -> str | None:
    """Why ``value`` cannot be an amount (in 万元, or a percentage), or None if it can."""
    if not value.is_finite():
        return "不是数字"
    if value < 0:
        return "是负数，金额和比例不能为负"
    if value >= _MAX_AMOUNT:
        return "超出可填写的范围（金额以万元计）"
    exponent = value.as_tuple().exponent
    if isinstance(exponent, int) and exponent < -MAX_DECIMALS:
        return f"小数位数过多，最多保留{MAX_DECIMALS}位小数"
    return None


class TypedAmount(Decimal):
    """An amount the clerk wrote with its unit (``25%``, ``134.8291万元``): its number for the
    checker, and ``typed``, what is printed. Arithmetic on it gives a plain ``Decimal``."""

    __slots__ = ("typed",)
    typed: str

    def __new__(cls, value: Decimal, typed: str) -> TypedAmount:
        made = super().__new__(cls, value)
        made.typed = typed
        return made

    @property
    def unit(self) -> str:
        """The unit typed after the number (``%``, ``万元``)."""
        return split_unit(self.typed)[1]

    def __reduce__(self) -> tuple:
        return (TypedAmount, (Decimal(self), self.typed))

    def __copy__(self) -> TypedAmount:
        return self

    def __deepcopy__(self, memo: dict) -> TypedAmount:
        return self


def with_percent(shown: str) -> str:
    """A percentage's text with its sign once: ``65.72`` → ``65.72%``; ``25%`` (typed so) stays."""
    return shown if not shown or shown.endswith("%") else shown + "%"


def as_typed(value: Decimal | None) -> str:
    """An amount as the clerk wrote it: with its unit when typed with one (``25%``), else its
    number to the places typed (``0.54``)."""
    if isinstance(value, TypedAmount):
        return value.typed
    return format_amount(value)


# What a typed amount may look like (compiled on the first typed amount: a file's amounts are read
# by the project file's reader, so the start needs none of these).
_AMOUNT = LazyPattern(r"[+-]?(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.[0-9]*)?|[+-]?\.[0-9]+")
_LOOSE = LazyPattern(r"[+-]?[0-9,]*\.?[0-9,]*")        # digits, commas and at most one point
_EXPONENT = LazyPattern(r"[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)[eE][+-]?[0-9]+")
_SPACED = LazyPattern(r"[0-9.,] +[0-9.,]")
AMOUNT_UNITS = ("万元", "%")     # units a clerk may type after an amount; kept as typed


def split_unit(text: str) -> tuple[str, str]:
    """An amount's text and the unit typed after it, apart (``25%`` → ``25``, ``%``; no unit: ``""``)."""
    for unit in AMOUNT_UNITS:
        if text.endswith(unit):
            return text[:-len(unit)], unit
    return text, ""


def parse_amount(text: str) -> Decimal | None:
    """Read an amount typed by a clerk (``1,234.50``, ``0.54万元``, ``５０％``, ``　593.27``); None
    if empty. Invisible characters are dropped, full-width forms and both minus signs read as
    their ASCII letters; thousands are grouped by three (``1,234,567.89``) or not at all.

    Raises ``ValueError`` with a Chinese message quoting what was typed (invisible characters
    written out as ``[U+200B]``) when the text is not a usable amount.
    """
    cleaned, unit = split_unit(narrow(strip_invisible(text)).strip())
    cleaned = cleaned.rstrip()
    if not cleaned:
        return None
    shown = shorten(visible(text.strip()))
    if _SPACED.search(cleaned):
        raise ValueError(f"“{shown}”的数字中间有空格，请删去空格")
    cleaned = cleaned.replace(" ", "")
    if _AMOUNT.fullmatch(cleaned):
        value = Decimal(cleaned.replace(",", ""))
    elif _EXPONENT.fullmatch(cleaned):
        raise ValueError(f"“{shown}”是科学计数法，请直接写出数字（如 100000）")
    elif "," in cleaned and _LOOSE.fullmatch(cleaned) and any(c.isdigit() for c in cleaned):
        raise ValueError(f"“{shown}”的千位分隔符位置不对：逗号应每三位一个，如 1,234,567.89")
    else:
        odd = next((c for c in cleaned if unicodedata.category(c) in ("Nd", "No") and not "0" <= c <= "9"), None)
        if odd is not None:
            raise ValueError(f"“{shown}”含有无法识别的数字“{odd}”，请用 0～9 填写")
        raise ValueError(f"“{shown}”不是数字")
    problem = amount_problem(value)
    if problem:
        raise ValueError(f"“{shown}”{problem}")
    value = value.copy_abs() if value == 0 else value
    return TypedAmount(value, format_amount(value) + unit) if unit else value


def format_amount(value: Decimal | None) -> str:
    """An amount as the clerk typed it, without exponent notation."""
    if value is None:
        return ""
    text = format(value, "f")
    return "0" if text in ("-0", "-0.0") else text
