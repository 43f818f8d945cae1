"""Cleaning of text that reaches the document, from typing, pasting or files."""

import re
import unicodedata
from typing import Any


class LazyPattern:
    """A regular expression compiled on its first use instead of when its module is imported:
    compiling costs up to 2 ms a pattern in Python 3.11, paid at the editor's start even for
    patterns only a rare path uses (tests/test_domain_start.py checks that those stay uncompiled).

    Used like the compiled pattern (``_NAME.fullmatch(text)``). The first attribute asked for
    compiles it; each attribute is then kept on the instance, so later uses cost what they cost
    on the compiled pattern itself (``parse_amount`` runs once per cell of a check)."""

    def __init__(self, pattern: str) -> None:
        self.pattern = pattern

    @property
    def compiled(self) -> bool:
        """Whether the pattern has been compiled (it never is before its first use)."""
        return "_compiled" in vars(self)

    def __getattr__(self, name: str) -> Any:         # only for what the instance does not hold yet
        if name.startswith("__"):
            raise AttributeError(name)
        compiled = vars(self).get("_compiled")
        if compiled is None:
            compiled = self._compiled = re.compile(self.pattern)
        found = getattr(compiled, name)
        setattr(self, name, found)
        return found


# C0 controls except tab and newline, DEL, C1 controls, and lone surrogates (which no file
# encoding can hold). Word's vertical tab (manual line break) and form feed become newlines first.
_CONTROL = LazyPattern(r"[\x00-\x08\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
_BREAKS = LazyPattern(r"\r\n?|[\x0b\x0c\u2028\u2029]")


def clean_text(value: str) -> str:
    """Remove control characters that Word pastes and XML cannot hold; keep tabs and newlines."""
    if value.isprintable():      # nearly every cell of a paste: no control, break or surrogate
        return value
    return _CONTROL.sub("", _BREAKS.sub("\n", value))


def shorten(text: str, limit: int = 20) -> str:
    """``text`` cut to ``limit`` characters for quoting in a message."""
    return text if len(text) <= limit else text[:limit] + "…"


# Characters a clerk cannot see: Unicode's format characters (category Cf: zero-width space and
# joiners, byte-order mark, soft hyphen, direction marks), pasted from web pages, PDFs and WeChat;
# and spaces other than the ASCII one (no-break, thin, figure, 全角空格: category Zs).
_FULL_WIDTH = {c: c - 0xFEE0 for c in range(0xFF01, 0xFF5F)} | {0x3000: 0x20}
_MINUS = {0x2212: ord("-"), 0xFE63: ord("-")}   # MINUS SIGN, SMALL HYPHEN-MINUS (full-width is above)
_NARROW = _FULL_WIDTH | _MINUS


def _unseen(char: str) -> bool:
    return unicodedata.category(char) in ("Cf", "Cc", "Cs", "Co", "Cn") or (
        char != " " and unicodedata.category(char) == "Zs")


def strip_invisible(text: str) -> str:
    """``text`` without format characters (U+200B and the like), which no one can see or mean."""
    if text.isprintable():      # no format character (nor any other unseen one)
        return text
    return "".join(c for c in text if unicodedata.category(c) != "Cf")


def narrow(text: str) -> str:
    """Full-width forms (０-９, ．，％－＋＜＞＝, 全角空格) as their ASCII letters, every other
    space as an ASCII space and both minus signs as ``-``: Unicode's NFKC, limited to the
    characters where it is safe (it would also read ``5²`` as 52 and ``½`` as 1⁄2)."""
    if text.isascii():
        return text
    text = text.translate(_NARROW)
    if text.isprintable():      # no space other than the ASCII one
        return text
    return "".join(" " if unicodedata.category(c) == "Zs" else c for c in text)


def visible(text: str) -> str:
    """``text`` for quoting in a message, with characters that cannot be seen written out as
    ``[U+200B]`` (format characters, controls, spaces other than the ordinary one)."""
    if text.isprintable():
        return text
    return "".join(f"[U+{ord(c):04X}]" if _unseen(c) else c for c in text)
