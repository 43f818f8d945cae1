"""Tab-separated text as Excel and WPS put on the clipboard.

A cell holding a tab, a line break or a leading quote is quoted, with quotes doubled; rows end
with CR LF and the block usually ends with one more line break.
"""

from __future__ import annotations

_NEEDS_QUOTES = ("\t", "\n", "\r", '"')


def format_tsv(rows: list[list[str]]) -> str:
    def cell(text: str) -> str:
        if any(c in text for c in _NEEDS_QUOTES):
            return '"' + text.replace('"', '""') + '"'
        return text

    return "".join("\t".join(cell(c) for c in row) + "\r\n" for row in rows)


def parse_tsv(text: str) -> list[list[str]]:
    """Rows of cells; quoted cells may span lines. An unterminated quote is read literally.
    Empty lines at the end (a copy from a text editor, say) are no rows; none at all if the
    text has nothing but line breaks."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").rstrip("\n")
    if not text:
        return []
    if '"' not in text:          # nothing quoted (most pastes): lines and tabs, at C speed
        return [line.split("\t") for line in text.split("\n")]
    rows: list[list[str]] = [[]]
    i, n = 0, len(text)
    while True:
        if i < n and text[i] == '"':
            value, end = _quoted(text, i)
            if end is not None and (end == n or text[end] in "\t\n"):
                rows[-1].append(value)
                i = end
            else:
                value, i = _plain(text, i)
                rows[-1].append(value)
        else:
            value, i = _plain(text, i)
            rows[-1].append(value)
        if i >= n:
            break
        if text[i] == "\n":
            rows.append([])
        i += 1
    return rows


def _plain(text: str, start: int) -> tuple[str, int]:
    end = start
    while end < len(text) and text[end] not in "\t\n":
        end += 1
    return text[start:end], end


def _quoted(text: str, start: int) -> tuple[str, int | None]:
    """A quoted cell from ``start`` (the opening quote): its value and the index after it."""
    parts = []
    i = start + 1
    while i < len(text):
        quote = text.find('"', i)
        if quote < 0:
            return "", None
        parts.append(text[i:quote])
        if quote + 1 < len(text) and text[quote + 1] == '"':
            parts.append('"')
            i = quote + 2
            continue
        return "".join(parts), quote + 1
    return "", None
