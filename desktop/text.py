"""Cleaning of text that reaches the document, from typing, pasting or files."""

import re

# C0 controls except tab and newline, DEL, C1 controls, and lone surrogates (which no file
# encoding can hold). Word's vertical tab (manual line break) and form feed become newlines first.
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
_BREAKS = re.compile(r"\r\n?|[\x0b\x0c\u2028\u2029]")


def clean_text(value: str) -> str:
    """Remove control characters that Word pastes and XML cannot hold; keep tabs and newlines."""
    return _CONTROL.sub("", _BREAKS.sub("\n", value))


def shorten(text: str, limit: int = 20) -> str:
    """``text`` cut to ``limit`` characters for quoting in a message."""
    return text if len(text) <= limit else text[:limit] + "…"
