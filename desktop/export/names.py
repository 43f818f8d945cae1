"""Names that Windows and Excel accept: export file names and worksheet names."""

from __future__ import annotations

import re
from collections.abc import Iterable

from desktop.families import families
from desktop.model import Document
from desktop.text import clean_text

_FILE_FORBIDDEN = re.compile(r'[\\/:*?"<>|\x00-\x1f]')
_SHEET_FORBIDDEN = re.compile(r"[\\/:*?\[\]\x00-\x1f]")
_RESERVED = frozenset(
    ["CON", "PRN", "AUX", "NUL"]
    + [f"{port}{n}" for port in ("COM", "LPT") for n in (*"123456789", "¹", "²", "³")]
)
_MAX_STEM = 120       # leaves room for the folder in Windows' 260-character paths
_SHEET_MAX = 31       # Excel counts UTF-16 code units
_FALLBACK = "预算绩效目标"
_OPENING = frozenset("（(【《「")
_CLOSING = frozenset("）)】》」")
_PAUSES = frozenset(" 、，；：-_")


def safe_file_name(stem: str, suffix: str) -> str:
    """``stem + suffix`` made valid on Windows: no \\/:*?"<>|, no trailing dots or spaces,
    no device names such as CON, not empty."""
    stem = _FILE_FORBIDDEN.sub("_", clean_text(stem)).strip()[:_MAX_STEM].rstrip(". ")
    if not stem:
        stem = _FALLBACK
    if stem.split(".")[0].strip().upper() in _RESERVED:
        stem = "_" + stem
    return stem + suffix


def default_export_name(doc: Document, suffix: str) -> str:
    """E.g. ``滦平县信访局2026年部门预算绩效文本（草案）.docx``: unit, year and form."""
    dept = doc.departments[0] if doc.departments else None
    unit = (dept.supervisor.strip() or dept.unit_name.strip()) if dept else ""
    fam = families().get(doc.family)
    form = fam.document_title if fam else ""
    draft = "（草案）" if doc.draft else ""
    return safe_file_name(f"{unit}{doc.year}年{form}{draft}", suffix)


def _utf16_cut(value: str, limit: int) -> str:
    while len(value.encode("utf-16-le")) // 2 > limit:
        value = value[:-1]
    return value


def _shortened(name: str, limit: int) -> str:
    """``name`` within ``limit`` UTF-16 units; a cut one ends with … where it reads best: before a
    bracket it would leave open, or after a space or a pause mark near the end."""
    if _utf16_len(name) <= limit:
        return name
    cut = _utf16_cut(name, limit - 1)
    least = limit // 2
    opened = [i for i, ch in enumerate(cut) if ch in _OPENING]
    closed = sum(ch in _CLOSING for ch in cut)
    if len(opened) > closed and opened[-1] >= least:
        cut = cut[:opened[-1]]
    else:
        pause = max((i for i, ch in enumerate(cut) if ch in _PAUSES and i >= len(cut) - 6), default=-1)
        if pause >= least:
            cut = cut[:pause + 1]
    return cut.rstrip(" 、，；：-_").rstrip("'") + "…"


def _utf16_len(value: str) -> int:
    return len(value.encode("utf-16-le")) // 2


def sheet_names(wanted: Iterable[str]) -> list[str]:
    """Valid, unique worksheet names (at most 31 characters, no \\/:*?[], not ``History``); a name
    cut to fit ends with …, a repeated one gets (2), (3), …"""
    taken: set[str] = set()
    names = []
    for raw in wanted:
        base = _SHEET_FORBIDDEN.sub("_", clean_text(raw)).strip().strip("'") or "表"
        name = _shortened(base, _SHEET_MAX).strip().strip("'")
        n = 1
        while name.casefold() in taken or name.casefold() == "history":
            n += 1
            tail = f"({n})"
            name = _shortened(base, _SHEET_MAX - len(tail)).rstrip().rstrip("'") + tail
        taken.add(name.casefold())
        names.append(name)
    return names
