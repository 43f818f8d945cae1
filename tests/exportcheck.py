"""What the export tests share: the samples, their seeds, and reading a form back as a grid."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from desktop import projectfile
from desktop.model import Document
from desktop.resources import resource

SAMPLES = sorted(resource("samples").glob("*.jxmb"))
SEEDS = Path(__file__).resolve().parent / "data" / "seeds"   # the real documents, as text
_NOISE = re.compile(r"\s+|\||<br>|\[bookmark: _GoBack\]")


def export_samples(folder: Path, export: Callable[[Document, Path], None], suffix: str) -> dict[str, Path]:
    """Every sample exported into ``folder``, by stem."""
    paths = {}
    for sample in SAMPLES:
        paths[sample.stem] = folder / f"{sample.stem}{suffix}"
        export(load(sample.stem), paths[sample.stem])
    return paths


def load(stem: str) -> Document:
    return projectfile.load(resource("samples", f"{stem}.jxmb"))


def seed_text(stem: str) -> str:
    """The seed with whitespace and extraction markup removed, so cells read as one string."""
    return _NOISE.sub("", (SEEDS / f"{stem}.txt").read_text(encoding="utf-8"))


def squeeze(value: str) -> str:
    return _NOISE.sub("", value)


@dataclass
class Grid:
    """A table read back: ``cells[r]`` lists (column, text, colspan, rowspan) of the cells that start
    in row r; ``text[r][c]`` is the text shown at each grid position (a merge repeats it)."""

    cells: list[list[tuple[int, str, int, int]]]
    text: list[list[str]]

    def merges(self) -> set[tuple[int, int, int, int]]:
        """(row, column, rowspan, colspan) of every merged cell."""
        return {(r, c, rows, span) for r, row in enumerate(self.cells) for c, _, span, rows in row
                if span > 1 or rows > 1}

    def indicator_rows(self, first: int) -> list[list[str]]:
        """Texts from 三级指标 onwards of each indicator row under the heading ``一级指标`` in
        column ``first`` (until the section label in column 0 changes); a heading broken over
        lines (``一级\n指标``) counts."""
        found = []
        for h, row in enumerate(self.text):
            if not any(c == first and squeeze(t) == "一级指标" for c, t, _, _ in self.cells[h]):
                continue
            for r in range(h + 1, len(self.text)):
                if first and self.text[r][0] != row[0]:
                    break
                if squeeze(self.text[r][first + 2]) == "三级指标":
                    continue
                found.append([t for c, t, _, _ in self.cells[r] if c >= first + 2])
        return found


def in_seed_order(rows: list[list[str]], seed: str) -> list[str]:
    """Rows whose texts do not appear, one after the other, in the seed after the previous row."""
    missing = []
    at = 0
    for row in rows:
        joined = squeeze("".join(row))
        found = seed.find(joined, at)
        if found < 0:
            missing.append(joined)
        else:
            at = found + 1
    return missing
