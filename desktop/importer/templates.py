"""The family's print templates read backwards: a template becomes a pattern that recognises
the printed text and gives back the values it was made from.

Matching is done on ``narrow(text)`` (full-width forms as ASCII, every space an ASCII one), which
keeps each character's position, so a value is cut from the text exactly as the file holds it.
Literal text matches with any spaces or line breaks between its characters (``合  计``,
``部门（单位）\\n名称``) and an optional colon where a label ends (``年度目标：``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from desktop.text import narrow, strip_invisible

CN_DIGITS = "一二三四五六七八九十百零〇"
NUMBERING = rf"(?:[{CN_DIGITS}]+\s*[、.．]|\d+\s*[、.．]|[(（]\s*[{CN_DIGITS}\d]+\s*[)）])"
_PLACEHOLDER = re.compile(r"\{([^{}]*)\}")
_SPACES = re.compile(r"\s+")


@lru_cache(maxsize=65536)
def norm(text: str) -> str:
    """A label as compared: no spaces or line breaks, ASCII forms, no colon at its end."""
    return _SPACES.sub("", narrow(strip_invisible(text))).rstrip(":")


def loose(text: str) -> str:
    """``text`` with its characters at the same positions, in the forms the patterns match."""
    return narrow(strip_invisible(text)) if len(strip_invisible(text)) == len(text) else narrow(text)


@dataclass(frozen=True)
class Capture:
    """What a placeholder gives back: ``kind`` dept | f | c | nf | year | unit, its ``key``
    (a field or column key; for ``year`` the offset, ``{year-2}`` → 2) and its default."""

    kind: str
    key: str = ""
    default: str = ""


@dataclass(frozen=True)
class Pattern:
    regex: re.Pattern[str]
    captures: tuple[Capture, ...]
    literal: int                      # how many literal characters it has (0: it matches anything)

    def match(self, text: str) -> dict[Capture, str] | None:
        """The values in ``text`` (cut from ``text`` itself), or None if it is not this template."""
        found = self.regex.fullmatch(loose(text))
        if found is None:
            return None
        out: dict[Capture, str] = {}
        for i, capture in enumerate(self.captures):
            start, end = found.span(f"g{i}")
            value = text[start:end].strip() if start >= 0 else ""
            if capture.default and value == capture.default.strip():
                value = ""
            out[capture] = value
        return out


def _literal(text: str) -> str:
    parts = []
    for ch in narrow(text):
        parts.append(r"\s*" if ch.isspace() else re.escape(ch) + r"\s*")
    return "".join(parts)


def compile_template(template: str, labels: dict[str, str], title: str, *, numbered: bool = False,
                     codes: frozenset[str] = frozenset()) -> Pattern:
    """A pattern for ``template``. ``labels`` gives ``{label:KEY}``; ``numbered`` lets any numbering
    stand for ``{cn}``/``{n}`` (headings a clerk numbered ``1、`` ``（一）`` or not at all); a
    placeholder of a field in ``codes`` (type code) takes letters, digits and dashes only, so a
    code written against the name (``202002定州市信访局``) is still told apart."""
    return _compile(template, tuple(sorted(labels.items())), title, numbered, codes)


@lru_cache(maxsize=4096)
def _compile(template: str, labels_items: tuple[tuple[str, str], ...], title: str, numbered: bool,
             codes: frozenset[str]) -> Pattern:
    labels = dict(labels_items)
    if numbered:     # the form's own numbering, with its brackets and stop, is any numbering or none
        template = re.sub(r"[（(]?\{(cn|n)\}[）)]?[、.．]?", r"{\1}", template)
    regex = [r"\s*"]
    captures: list[Capture] = []
    literal = 0
    pos = 0
    for found in _PLACEHOLDER.finditer(template):
        before = template[pos:found.start()]
        if before and not before.strip():
            regex.append(r"\s*" if captures and captures[-1].key in codes else r"\s+")
        elif before:
            regex.append(_literal(before) + r"(?::\s*)?")
            literal += len(before.strip())
        pos = found.end()
        key, _, default = found.group(1).partition("|")
        kind, _, name = key.partition(":")
        group = f"g{len(captures)}"
        if key == "year" or key.startswith("year-"):
            offset = key[5:] if key != "year" else "0"
            captures.append(Capture("year", offset))
            regex.append(rf"(?P<{group}>(?:19|20|21)\d\d)\s*")
        elif key == "unit":
            captures.append(Capture("unit"))
            regex.append(rf"(?P<{group}>万元|元)\s*")
        elif key == "title":
            regex.append(_literal(title) + r"(?::\s*)?")
            literal += len(title)
        elif kind == "label":
            text = labels.get(name, name)
            regex.append(_literal(text) + r"(?::\s*)?")
            literal += len(text)
        elif key in ("cn", "n"):
            regex.append(rf"(?:{NUMBERING})?\s*" if numbered else
                         (rf"[{CN_DIGITS}]+\s*" if key == "cn" else r"\d+\s*"))
        elif kind in ("dept", "f", "c", "nf"):
            prefix = ""
            if kind == "nf":           # the numbering before the value: its style is told back too
                captures.append(Capture("number", name))
                prefix = rf"(?:(?P<{group}>{NUMBERING})\s*)?"
                group = f"g{len(captures)}"
            captures.append(Capture(kind, name, default))
            body = r"[0-9A-Za-z\-]+" if name in codes else ".*?"
            regex.append(rf"{prefix}(?P<{group}>{body})\s*")
        else:
            regex.append(_literal(found.group(0)))
    rest = template[pos:]
    if rest:
        regex.append(_literal(rest))
        literal += len(rest.strip())
    regex.append(r"(?::\s*)?")
    return Pattern(re.compile("".join(regex), re.DOTALL), tuple(captures), literal)


def strip_label(value: str, label: str) -> str:
    """``绩效目标：落实…`` under the column 绩效目标 is ``落实…``: a value that repeats its label."""
    found = re.match(r"\s*" + _literal(label) + r"\s*:\s*", loose(value), re.DOTALL)
    return value[found.end():] if found else value


def numbering_prefix(text: str) -> re.Match[str] | None:
    return re.match(rf"\s*{NUMBERING}\s*", loose(text))
