"""The neutral grid both readers produce: paragraphs and tables of cells, each with its place.

A ``Cell`` is one cell as the file holds it: a merged range appears once, at its top-left, with
its spans; ``covered`` cells (the rest of a merge) are not listed. ``number`` is the exact value
behind a spreadsheet number (``percent`` when Excel shows it as a percentage), else None.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal


@dataclass(frozen=True)
class Cell:
    text: str
    row: int
    col: int
    place: str                  # where it is, in the clerk's words: 第2个表格第3行第1列, 工作表“X”B5
    colspan: int = 1
    rowspan: int = 1
    number: Decimal | None = None
    percent: bool = False


@dataclass
class Table:
    """One table of a Word file, or one worksheet."""

    rows: list[list[Cell]]
    place: str
    sheet: str = ""             # the worksheet's name (Excel)


@dataclass(frozen=True)
class Paragraph:
    text: str
    place: str
    style: str = ""             # the paragraph style's name (Word): Heading 2, Title, toc 1 …

    @property
    def heading(self) -> bool:
        return self.style.lower().startswith(("heading", "title")) or "标题" in self.style


@dataclass
class Grid:
    """What a file holds, in reading order: ``Paragraph`` and ``Table`` items."""

    items: list[Paragraph | Table] = field(default_factory=list)
    title: str = ""             # the file's own title (document properties)
    source: str = ""            # docx | xlsx

    def cells(self) -> int:
        """Every non-empty cell and paragraph: what the import report counts."""
        count = 0
        for item in self.items:
            if isinstance(item, Paragraph):
                count += bool(item.text.strip())
            else:
                count += sum(1 for row in item.rows for c in row if c.text.strip())
        return count
