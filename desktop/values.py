"""Understanding an indicator's 指标值 (target value) as typed by a clerk.

A target is kept exactly as typed; this module reads it as comparator + number + unit
(``≥95%``, ``≤80万元``, ``1－12月1人次``, ``每人每月1790元``) or as qualitative text
(``良好``, ``完全相符``) so that rules can reason about it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import lru_cache

# Spellings of a comparator, mapped to one canonical sign.
_COMPARATORS = {
    "≥": "≥", ">=": "≥", "＞＝": "≥", "不低于": "≥", "不少于": "≥", "大于等于": "≥", "至少": "≥",
    "≤": "≤", "<=": "≤", "＜＝": "≤", "不高于": "≤", "不超过": "≤", "不多于": "≤",
    "小于等于": "≤", "控制在": "≤",
    ">": ">", "＞": ">", "大于": ">", "<": "<", "＜": "<", "小于": "<", "=": "=", "＝": "=",
}
_CMP = "|".join(sorted((re.escape(c) for c in _COMPARATORS), key=len, reverse=True))
_QUANTITY = re.compile(
    rf"^(?P<prefix>[^\d≥≤<>＜＞=＝]{{0,8}}?|\d+\s*[－\-~～至]\s*\d+\s*月)\s*"
    rf"(?P<cmp>{_CMP})?\s*(?P<num>\d+(?:\.\d+)?)\s*"
    r"(?P<unit>[%％‰]|[^\d\s，,。；;、%％]{1,6})?\s*(?P<cmp_after>及以上|以上|以内|以下|及以下)?$"
)
_AFTER = {"及以上": "≥", "以上": "≥", "以内": "≤", "以下": "≤", "及以下": "≤"}
_FULLWIDTH_DIGITS = str.maketrans("０１２３４５６７８９．", "0123456789.")


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
    stripped = text.strip().translate(_FULLWIDTH_DIGITS)
    match = _QUANTITY.match(stripped)
    if not match:
        return TargetValue(text)
    try:
        number = Decimal(match["num"])
    except InvalidOperation:  # pragma: no cover - the pattern admits only digits
        return TargetValue(text)
    comparator = _COMPARATORS.get(match["cmp"] or "", "") or _AFTER.get(match["cmp_after"] or "", "")
    unit = "%" if match["unit"] == "％" else (match["unit"] or "")
    return TargetValue(text, comparator, number, unit, (match["prefix"] or "").strip())


def parse_amount(text: str) -> Decimal | None:
    """Read an amount typed by a clerk (``1,234.50``, ``0.54万元``, ``　593.27``); None if empty.

    Raises ``ValueError`` with a Chinese message when the text is not a number.
    """
    cleaned = text.strip().translate(_FULLWIDTH_DIGITS).replace(",", "").replace("，", "")
    cleaned = cleaned.replace("\u3000", "").removesuffix("万元").removesuffix("%").strip()
    if not cleaned:
        return None
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        raise ValueError(f"“{text.strip()}”不是数字") from None
    if not value.is_finite():
        raise ValueError(f"“{text.strip()}”不是数字")
    if abs(value) >= Decimal("1e12"):
        raise ValueError(f"“{text.strip()}”超出可填写的范围（金额以万元计）")
    return value


def format_amount(value: Decimal | None) -> str:
    """An amount as the clerk typed it, without exponent notation."""
    if value is None:
        return ""
    text = format(value, "f")
    return "0" if text in ("-0", "-0.0") else text
