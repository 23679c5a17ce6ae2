"""PDF to text in reading order, one paragraph a line, with the page each part came from.

Read with pdfplumber (MIT, on pdfminer.six), which gives every character with its position:
that is what tells a running head, a footer or a page number from the body, where a
paragraph starts (an indent, a short last line, a change of size) and where a ruled table
stands. The repairs a plain-text export needs are done here from the geometry instead:

- lines of one paragraph are joined (also across a page break), so 全年受理案件 at a page's
  foot and 128件 at the next page's head read as one sentence;
- running heads and feet (a line in the top or bottom band that recurs, digits aside, on
  other pages) and page numbers (37, - 37 -, 第37页, 37/120) are left out of the text, so
  they never join a number;
- gaps wider than two characters inside a line become cell gaps (an unruled table), and
  ruled tables are written as flattened rows (`table_text`) for the table reader;
- a paragraph the PDF indents is written with a two-character indent (U+3000), as
  government text files are.

No OCR: a PDF without a text layer (a scan) is refused, as are encrypted, corrupt and
truncated files. pdfplumber is imported only when a PDF is read.
"""

from __future__ import annotations

import io
from collections import Counter
from dataclasses import dataclass
from statistics import median
from typing import Any

import regex

from . import rx
from .reading import InputError
from .table_text import table_lines

# A page number alone on its line: 37, - 37 -, — 37 —, 第37页, 第 37 页 共 120 页, 37/120, iv.
_PAGE_NUMBER = rx.compile(
    r"[-—–－·•\s]*(?:第\s*\d{1,4}\s*页(?:\s*[，,]?\s*共\s*\d{1,4}\s*页)?|\d{1,4}(?:\s*/\s*\d{1,4})?|[ivxlcIVXLC]{1,6})[-—–－·•\s]*"
)
_DIGITS = rx.compile(r"\d+")
# A band at the top and at the bottom of the page where heads, feet and numbers are looked for.
_BAND = 0.12
_LATIN = rx.compile(r"[A-Za-z0-9]")
# Characters that end a paragraph when they end its last line (with a short line).
_FINAL = frozenset("。！？!?；;：:")


@dataclass
class _Line:
    top: float
    bottom: float
    x0: float
    x1: float
    size: float
    text: str


@dataclass
class _Table:
    top: float
    lines: list[str]


def _chars_to_line(chars: list[dict[str, Any]]) -> _Line:
    chars.sort(key=lambda c: c["x0"])
    size = median(c["size"] for c in chars)
    parts: list[str] = []
    prev: dict[str, Any] | None = None
    for c in chars:
        text = c["text"]
        if prev is not None:
            gap = c["x0"] - prev["x1"]
            if gap >= 2 * size:
                parts.append("    ")  # columns of an unruled table
            elif gap >= 0.25 * size and _LATIN.match(prev["text"][-1:]) and _LATIN.match(text[:1]):
                parts.append(" ")  # a word space; spacing between Chinese characters is dropped
        parts.append(text)
        prev = c
    return _Line(
        min(c["top"] for c in chars), max(c["bottom"] for c in chars),
        chars[0]["x0"], chars[-1]["x1"], size, "".join(parts).strip(),
    )


def _lines(chars: list[dict[str, Any]]) -> list[_Line]:
    """Characters grouped into lines by their vertical position, top to bottom."""
    ordered = sorted(chars, key=lambda c: (round(c["top"]), c["x0"]))
    groups: list[list[dict[str, Any]]] = []
    for c in ordered:
        if groups:
            last = groups[-1]
            ref = last[0]
            if abs(c["top"] - ref["top"]) <= max(ref["size"], c["size"]) * 0.4:
                last.append(c)
                continue
        groups.append([c])
    return [line for line in (_chars_to_line(g) for g in groups) if line.text]


def _inside(c: dict[str, Any], box: tuple[float, float, float, float]) -> bool:
    x = (c["x0"] + c["x1"]) / 2
    y = (c["top"] + c["bottom"]) / 2
    return box[0] <= x <= box[2] and box[1] <= y <= box[3]


def _page_items(page: Any) -> tuple[list[_Line], list[_Table]]:
    chars = [
        c for c in page.chars
        if c.get("upright", True) and c["text"].strip() and 0 <= c["top"] <= page.height and 0 <= c["x0"] <= page.width
    ]
    tables: list[_Table] = []
    boxes: list[tuple[float, float, float, float]] = []
    if page.rects or page.lines:  # ruled tables need ruling lines; skip the search on prose pages
        for table in page.find_tables():
            rows = [row for row in table.extract() if row]
            if len(rows) < 2 or max(len(r) for r in rows) < 2:
                continue
            boxes.append(table.bbox)
            tables.append(_Table(table.bbox[1], table_lines(rows)))
    if boxes:
        chars = [c for c in chars if not any(_inside(c, b) for b in boxes)]
    return _lines(chars), tables


def _furniture_key(line: _Line) -> str:
    return _DIGITS.sub("#", regex.sub(r"\s+", "", line.text))


def _drop_furniture(pages: list[tuple[list[_Line], list[_Table]]], heights: list[float]) -> None:
    """Remove running heads, feet and page numbers: lines in the top or bottom band that are
    a page number, or whose text (digits aside) recurs in the bands of other pages."""
    seen: Counter[str] = Counter()
    for (lines, _), height in zip(pages, heights):
        keys = {_furniture_key(ln) for ln in lines if ln.bottom < height * _BAND or ln.top > height * (1 - _BAND)}
        seen.update(keys)
    recurring = {k for k, n in seen.items() if n >= 2 and len(pages) >= 2}
    for (lines, _), height in zip(pages, heights):
        keep = []
        for ln in lines:
            in_band = ln.bottom < height * _BAND or ln.top > height * (1 - _BAND)
            if in_band and (_PAGE_NUMBER.fullmatch(ln.text) or _furniture_key(ln) in recurring):
                continue
            keep.append(ln)
        lines[:] = keep


class _Writer:
    """Assembles the text: paragraphs joined from lines, tables as rows, page starts noted."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.length = 0
        self.page_starts: list[int] = []
        self.prev: _Line | None = None  # last line of the open paragraph, None after a table
        self.prev_full = False  # that line ran to the right margin
        self.same_page = False  # that line is on the page being written
        self.page_opened = False

    def _put(self, s: str) -> None:
        self.parts.append(s)
        self.length += len(s)

    def start_page(self) -> None:
        self.page_starts.append(self.length)
        self.page_opened = False
        self.same_page = False

    def _open_page(self) -> None:
        # A page starts where its first character goes: after the line break that ends the
        # previous page's last paragraph, or mid-line when a paragraph runs on.
        if not self.page_opened:
            self.page_starts[-1] = self.length
            self.page_opened = True

    def line(self, ln: _Line, left: float, right: float) -> None:
        prev = self.prev
        indent = ln.x0 - left
        continues = (
            prev is not None
            and self.prev_full
            and indent < 0.8 * ln.size  # an indented or centred line opens a paragraph
            and abs(ln.size - prev.size) < 0.5  # a change of size is a heading
            # on one page, a gap wider than a line and a half is a paragraph break
            and (not self.same_page or ln.top - prev.bottom < 1.5 * (prev.bottom - prev.top))
        )
        if continues:
            assert prev is not None
            self._open_page()
            if _LATIN.match(prev.text[-1]) and _LATIN.match(ln.text[0]) and not (
                prev.text[-1].isdigit() and ln.text[0].isdigit()
            ):
                self._put(" ")  # English words broken at a line end; a number broken there joins
        else:
            if self.parts:
                self._put("\n")
            self._open_page()
            if 1.5 * ln.size <= indent < 3 * ln.size:
                self._put("\u3000\u3000")  # the paragraph's first-line indent
        self._put(ln.text)
        self.prev = ln
        self.prev_full = right - ln.x1 < 1.5 * ln.size
        self.same_page = True

    def table(self, table: _Table) -> None:
        for row in table.lines:
            if self.parts:
                self._put("\n")
            self._open_page()
            self._put(row)
        self.prev = None

    def text(self) -> str:
        return "".join(self.parts) + ("\n" if self.parts else "")


def _margins(pages: list[tuple[list[_Line], list[_Table]]]) -> tuple[float, float]:
    """The body's left and right edges: the most common line start and the far right end of
    full lines, over the whole document (a page of short lines has no right edge of its own)."""
    starts: Counter[int] = Counter()
    ends: list[float] = []
    for lines, _ in pages:
        for ln in lines:
            starts[round(ln.x0)] += 1
            ends.append(ln.x1)
    if not starts:
        return 0.0, 0.0
    left = float(min(x for x, n in starts.items() if n >= max(starts.values()) / 3))
    return left, max(ends)


def read_pdf(data: bytes, source: str) -> tuple[str, list[int]]:
    """The text of a PDF and the offset where each page starts in it."""
    if b"%%EOF" not in data[-2048:]:
        raise InputError(source, "truncated PDF (no end-of-file marker)")
    try:
        import pdfplumber
        from pdfminer.pdfdocument import PDFPasswordIncorrect
    except ImportError:
        raise InputError(source, "reading PDF needs the formats extra: pip install 'wpx[formats]'") from None
    pages: list[tuple[list[_Line], list[_Table]]] = []
    heights: list[float] = []
    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            for page in pdf.pages:
                pages.append(_page_items(page))
                heights.append(float(page.height))
                page.close()  # drop the page's cached layout objects: memory stays flat
    except InputError:
        raise
    except Exception as exc:  # pdfminer raises many types for damaged files
        cause: BaseException = exc
        for _ in range(5):  # pdfplumber wraps pdfminer's error: report the innermost
            inner = cause.__cause__ or (cause.args[0] if cause.args and isinstance(cause.args[0], Exception) else None)
            if inner is None:
                break
            cause = inner
        if isinstance(cause, PDFPasswordIncorrect) or "password" in str(exc).lower():
            raise InputError(source, "encrypted PDF (needs a password)") from None
        detail = str(cause).splitlines()[0][:80] if str(cause) else type(cause).__name__
        raise InputError(source, f"corrupt PDF ({detail})") from None
    if not pages:
        raise InputError(source, "PDF has no pages")
    texts = [ln.text for lines, _ in pages for ln in lines] + [r for _, ts in pages for t in ts for r in t.lines]
    if not any(texts):
        raise InputError(source, "PDF has no text layer (a scan? wpx does no OCR)")
    # pdfminer writes (cid:123) for a glyph its font maps to no character
    unmapped = sum(t.count("(cid:") for t in texts) * len("(cid:12)")
    if unmapped > sum(len(t) for t in texts) / 2:
        raise InputError(source, "PDF text has no Unicode mapping (fonts without ToUnicode); convert it with OCR first")
    _drop_furniture(pages, heights)
    left, right = _margins(pages)
    writer = _Writer()
    for lines, tables in pages:
        writer.start_page()
        items: list[tuple[float, int, Any]] = [(ln.top, 1, ln) for ln in lines] + [(t.top, 0, t) for t in tables]
        for _, kind, item in sorted(items, key=lambda it: (it[0], it[1])):
            if kind == 0:
                writer.table(item)
            else:
                writer.line(item, left, right)
    return writer.text(), writer.page_starts
