"""The neutral grid between the family's printed form and the two writers.

A table of a form is rows of cells with text, spans and alignment (``Table``); ``blocks`` lays
each one out from the family file and the document, and the Word and Excel writers only draw it,
so both files show the same form. The helpers here shape printed text (numbering, amounts).
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal
from functools import lru_cache
from itertools import combinations, pairwise
from typing import Any

from desktop.model import PlanPoint
from desktop.rules import has_content
from desktop.text import clean_text
from desktop.values import as_typed, with_percent

LEFT, CENTER, RIGHT = "left", "center", "right"

# A clerk's own numbering at the start of a title: 1、 1. 1． （一） (一) 一、 — never bare digits,
# which may be a year (2025年…).
_NUMBERED = re.compile(r"^\s*(?:\d+[、.．]|[（(][一二三四五六七八九十百零]+[）)]|[一二三四五六七八九十百零]+、)")
_LIST_ITEM = re.compile(r"^\s*\d+[、.．]")
_END_PUNCTUATION = frozenset("。！？；：.!?;:")
_SURROGATES = re.compile(r"[\ud800-\udfff]")
_DIGITS = "零一二三四五六七八九"
_UNITS = ("", "十", "百", "千")


@dataclass(frozen=True, slots=True)
class Cell:
    """One cell placed at grid column ``col``; ``number`` is the amount behind ``text``, if any."""

    col: int
    text: str = ""
    span: int = 1
    rows: int = 1
    align: str = CENTER
    number: Decimal | None = None
    percent: bool = False   # ``number`` is a percentage: Excel stores 65.72 as 0.6572 shown 65.72%
    header: bool = False    # a column heading, printed bold


@dataclass(frozen=True, slots=True)
class Row:
    cells: tuple[Cell, ...]


def heading_row(*cells: Cell) -> Row:
    return Row(tuple(replace(c, header=True) for c in cells))


@dataclass
class Table:
    """One table of the form with what is printed above it."""

    name: str                       # short name, the Excel sheet's before cleaning
    title: str
    widths: tuple[float, ...]       # column widths in millimetres at print size
    rows: list[Row] = field(default_factory=list)
    # Lines above the table, each (left, centre, right): the unit line, 单位：万元, （2025年度）.
    captions: list[tuple[str, str, str]] = field(default_factory=list)
    kicker: str = ""                # 附件2 above the title
    landscape: bool = False
    heading: int = 0                # the title is a heading of this level in the Word contents (0: not)
    notes: list[str] = field(default_factory=list)      # lines under the table (注：…)
    # (first row, count) of each header band: the column headings of an indicator block (or of a
    # list), repeated at the top of every printed page the block runs onto.
    header_bands: list[tuple[int, int]] = field(default_factory=list)
    # The row after each indicator block: rows that follow a block, such as 年度目标, are not
    # headed by the block's headings.
    band_ends: list[int] = field(default_factory=list)

    @property
    def columns(self) -> int:
        return len(self.widths)


@lru_cache(maxsize=65536)
def display_width(line: str) -> int:
    """Width in Latin character cells: a Chinese character counts two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in line)


def text(value: str) -> str:
    """Text as it may appear in a file: no control characters, no lone surrogates, trimmed."""
    return _SURROGATES.sub("", clean_text(value)).strip()


def chinese_number(n: int) -> str:
    """1 → 一, 12 → 十二, 105 → 一百零五 (up to 9999; larger numbers stay in digits)."""
    if not 0 < n < 10000:
        return str(n)
    if n < 20:
        return ("十" if n >= 10 else "") + (_DIGITS[n % 10] if n % 10 or n < 10 else "")
    digits = str(n)
    parts: list[str] = []
    pending_zero = False
    for i, ch in enumerate(digits):
        if ch == "0":
            pending_zero = True
            continue
        if pending_zero and parts:
            parts.append("零")
        pending_zero = False
        parts.append(_DIGITS[int(ch)] + _UNITS[len(digits) - 1 - i])
    return "".join(parts)


def has_number(title: str) -> bool:
    """Whether ``title`` starts with a clerk's own numbering (``1、`` ``1.`` ``（一）`` ``一、``)."""
    return bool(_NUMBERED.match(title))


def is_list_item(title: str) -> bool:
    """A title the clerk numbered as a list item (``1、`` ``1.``), run in before its text."""
    return bool(_LIST_ITEM.match(text(title)))


def run_in(title: str, mark: str = "。") -> str:
    """``title`` as the start of its own paragraph's text: ``强化组织推动`` → ``强化组织推动。``."""
    title = text(title)
    return title if not title or title[-1] in _END_PUNCTUATION else title + mark


def counted(index: int, name: str, style: str = "1、") -> str:
    """``1、name`` (or the ``style`` given, ``1.``) unless the clerk already numbered it."""
    name = text(name)
    return name if has_number(name) else style.replace("1", str(index), 1) + name


def amount(col: int, value: Decimal | None, span: int = 1) -> Cell:
    """An amount cell, printed as the clerk wrote it (``0.54``, ``25%``, ``134.8291万元``)."""
    return Cell(col, as_typed(value), span, number=value)


def percent_text(value: Decimal | None) -> str:
    """A percentage as printed: ``65.72%`` (the clerk's own ``%`` not doubled)."""
    return with_percent(as_typed(value))


def percent(col: int, value: Decimal | None, span: int = 1) -> Cell:
    return Cell(col, percent_text(value), span, number=value, percent=True)



def runs(keys: Sequence[Hashable], blank: Callable[[Hashable], bool]) -> list[int]:
    """Vertical spans for equal neighbours: the run length at a run's first row, 0 inside it."""
    spans = [1] * len(keys)
    start = 0
    for i in range(1, len(keys) + 1):
        if i == len(keys) or keys[i] != keys[start] or blank(keys[start]):
            spans[start] = i - start
            for j in range(start + 1, i):
                spans[j] = 0
            start = i
    return spans


def _even_spans(widths: Sequence[float], parts: int) -> list[int]:
    """Column counts that split ``widths`` into ``parts`` consecutive groups of the most even width."""
    best: tuple[float, list[int]] = (math.inf, [])
    for cuts in combinations(range(1, len(widths)), parts - 1):
        bounds = (0, *cuts, len(widths))
        sizes = [sum(widths[a:b]) for a, b in pairwise(bounds)]
        spread = max(sizes) - min(sizes)
        if spread < best[0]:
            best = (spread, [b - a for a, b in pairwise(bounds)])
    return best[1]


def plan_cells(points: Sequence[PlanPoint], widths: Sequence[float]) -> tuple[tuple[Cell, ...], tuple[Cell, ...]]:
    """Checkpoint labels and their percentages spread evenly over grid columns 1 and on."""
    room = len(widths) - 1
    if not points or len(points) > room:
        labels = "　".join(text(p.label) for p in points)
        values = "　".join(as_typed(p.percent) for p in points)
        return (Cell(1, labels, room),), (Cell(1, values, room),)
    labels, values = [], []
    col = 1
    for point, span in zip(points, _even_spans(widths[1:], len(points)), strict=True):
        labels.append(Cell(col, text(point.label), span))
        values.append(amount(col, point.percent, span))
        col += span
    return tuple(labels), tuple(values)


def filled(rows: Sequence[Any]) -> list[Any]:
    """The rows of a list that hold something: an empty row prints as a bare （一） or an empty
    line, and the checker has already warned of it."""
    return [row for row in rows if has_content(row)]

