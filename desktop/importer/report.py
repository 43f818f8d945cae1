"""The import report a clerk reads: what was read, and every cell or paragraph not placed."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ReportEntry:
    """One line of the report: a cell or paragraph not placed (``place`` says where it was in
    the file), or a note about the whole import (``place`` empty)."""

    place: str
    text: str
    reason: str = ""

    def line(self) -> str:
        if not self.place:
            return self.text
        shown = self.text if len(self.text) <= 60 else self.text[:60] + "…"
        shown = shown.replace("\n", " ⏎ ")
        return f"{self.place}：“{shown}”" + (f"（{self.reason}）" if self.reason else "")


def summary(name: str, family_name: str, placed: int, total: int) -> str:
    share = "—" if not total else ("100%" if placed == total else f"{int(placed * 1000 / total) / 10:g}%")
    return (f"从“{name}”按“{family_name}”读入：共 {total} 个有内容的单元格和段落，"
            f"放入文档 {placed} 个（{share}）。")
