"""Tables found in a PDF, HTML page or Word file, written as the flattened rows that
`extract/tables.py` reads: one line a row, cells apart by four spaces.

    指标    2022年    2023年
    专利授权量（件）    11378    12800

The table reader splits cells on runs of two or more blanks and skips cells longer than 20
characters, so a cell's own blanks are removed (between Chinese characters) or kept as one
no-break space (between Latin letters or digits), and an empty or merged-away cell is written
as `—` so that the columns stay aligned with their headers.
"""

from __future__ import annotations

import regex

from . import rx

CELL_GAP = "    "
EMPTY_CELL = "—"

_INNER_BLANKS = rx.compile(r"[\s\x1c-\x1f\x85]+")  # what str.isspace() calls blank
_ASCII_WORD = rx.compile(r"[A-Za-z0-9]")


def cell_text(text: str | None) -> str:
    if text is None:
        return EMPTY_CELL

    def blank(m: regex.Match[str]) -> str:
        s, e = m.start(), m.end()
        before = m.string[s - 1] if s > 0 else ""
        after = m.string[e] if e < len(m.string) else ""
        both_latin = bool(before and after and _ASCII_WORD.match(before) and _ASCII_WORD.match(after))
        return "\u00a0" if both_latin else ""

    cleaned = _INNER_BLANKS.sub(blank, text.strip())
    return cleaned or EMPTY_CELL


def table_lines(rows: list[list[str | None]]) -> list[str]:
    """The rows of a table as text lines; rows with no text at all are dropped."""
    lines = []
    for row in rows:
        cells = [cell_text(c) for c in row]
        if all(c == EMPTY_CELL for c in cells):
            continue
        lines.append(CELL_GAP.join(cells))
    return lines
