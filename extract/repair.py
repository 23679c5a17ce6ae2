"""Repair PDF-export damage and keep a map back to the original offsets.

PDF exports break lines mid-word (`…专利侵权纠纷行\\n\\n政裁决办案力度…`, `5万元以\\n\\n上案件`),
indent at random and pad numbers with spaces. Extraction runs on the repaired text; every
offset it reports is mapped back through `OffsetMap`, so `original[start:end]` is the surface.

Only one-for-one character folds are applied (full-width digits and letters, ．％, U+3000),
so a folded run keeps its length; deleted characters (joined line breaks, indentation,
spaces inside numbers) are what the map accounts for.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass
from functools import cache
from typing import NamedTuple

import regex

from . import rx
from .ruledata import match_heading, numerals
from .script import fold_traditional

# Full-width ASCII variants fold to ASCII, U+3000 to a space. Chinese punctuation (，。、；：
# “”（）《》) is kept: the structure and the extractors rely on it.
_FOLD = {cp: cp - 0xFEE0 for cp in range(0xFF10, 0xFF1A)}
_FOLD.update({cp: cp - 0xFEE0 for cp in range(0xFF21, 0xFF3B)})
_FOLD.update({cp: cp - 0xFEE0 for cp in range(0xFF41, 0xFF5B)})
_FOLD.update({0xFF0E: ord("."), 0xFF05: ord("%"), 0x3000: ord(" "), 0xFF0D: ord("-"),
              0xFF0B: ord("+"), 0x00A0: ord(" "), 0xFF0F: ord("/")})

_FOLD_CHARS = {chr(k): chr(v) for k, v in _FOLD.items()}
_FOLDABLE = rx.compile("[" + regex.escape("".join(sorted(_FOLD_CHARS))) + "]+")


def _fold(text: str) -> str:
    """str.translate with a dict costs a lookup per character (~70 ns); folding only the runs
    that need it is 10x faster on a document with few full-width characters."""
    return _FOLDABLE.sub(lambda m: m.group().translate(_FOLD), text)


# Characters that end a paragraph when they end a line. A line ending anywhere else was
# broken by the export and continues on the next line.
_PARAGRAPH_FINAL = frozenset("。！？!?；;：:")

# Spaces that the export put inside a number: `10 210件`, `18. 2%`, `58.6 万件`. A space
# between two full numbers (`2021 2022`) is kept: only a following 3-digit group joins, and
# only one space: a run of spaces separates the cells of a flattened table (3265    412).
_NUMBER_SPACE = rx.compile(r"(?<=\d)[ \u3000\u2009\u202f\u00a0](?=\d{3}(?!\d))(?<![ \u3000\u2009\u202f\u00a0]{2})|(?<=\d\.?) (?=[\d%万亿])|(?<=\d\.) (?=\d)")

# Every drop removes a space or a bracket: a line with neither has nothing to drop.
_DROP_MARK = rx.compile(r"[ \u3000\u2009\u202f\u00a0(（]")

# A full-width comma inside a run of digit groups is a thousands separator (１０，２１０件, and
# 63，418.00元 after a PDF export): the run must be 1-3 digits then groups of exactly three.
# Runs after folding, so full-width and ASCII digits read alike.
_FULLWIDTH_THOUSANDS = rx.compile(r"(?<![\d.,，﹐$¥￥€£])\d{1,3}(?:[，﹐]\d{3})+(?![\d，﹐])", engine="regex")

_WIDE_COMMA = rx.compile("[，﹐]")

# A pinyin note that a web page put inside a numeral (三點(diǎn)二五億元) is dropped like a
# space inside a number, so the numeral is read whole; other brackets stay (and the extractor
# refuses the pieces around them).
# Letter-spaced Chinese numerals (一 百 五 十, 六 点 五): one space between two numeral
# characters is dropped the same way.
_PINYIN = "a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüê"


@cache
def _numeral_drops() -> tuple[regex.Pattern[str], regex.Pattern[str]]:
    """(pinyin note, letter spacing) patterns over the numeral characters of numerals.tsv, which
    lists both scripts, so they match the original text before traditional script is folded."""
    chinese = regex.escape(numerals().chars)
    note = rx.compile(
        rf"(?<=[0-9０-９{chinese}])[(（][{_PINYIN}]{{1,6}}[1-5]?[)）](?=[0-9０-９{chinese}])", engine="regex"
    )
    spaced = rx.compile(rf"(?<=[{chinese}])[ \u3000](?=[{chinese}])", engine="regex")
    return note, spaced


# Page furniture at a PDF page break: a page number alone on its line (37, - 37 -, 第37页,
# 37/120), and a running head that repeats the title. Between blank lines a bare number is a
# page number; the other forms are one anywhere. Such a line is dropped, so the lines around it
# join without it (…共计\n\n37\n\n128 件 is 共计128 件, never 37128).
_PAGE_NUMBER = rx.compile(r"[-－—–·•]\s*\d{1,4}\s*[-－—–·•]|第\s*\d{1,4}\s*页(?:\s*[/／共]\s*\d{1,4}\s*页?)?|\d{1,4}\s*[/／]\s*\d{1,4}")
_BARE_PAGE_NUMBER = rx.compile(r"\d{1,4}")

# A line that opens on a figure or closing punctuation goes on from the line before, however
# it is indented (a hanging indent: 全年专利权质押融资金额\n   12.35亿元，同比增长41.2%).
_CONTINUES = rx.compile(r"[\d，。、；：）」』”%]")

# A table row or header: three or more short cells apart by runs of blanks. Like a heading, it
# is a paragraph of its own, never joined to the lines around it.
_CELL_BLANKS = " \t\u3000"
_TABLE_LINE = rx.compile(rf"[^{_CELL_BLANKS}]{{1,20}}(?:[{_CELL_BLANKS}]{{2,}}[^{_CELL_BLANKS}]{{1,20}}){{2,}}")

# A label：value line of an appendix (查扣批次：2863批次) stands alone like a table row.
_LABEL_COLONS = "：:"
_LABEL_LINE = rx.compile(rf"[^，。；：:\s]{{2,14}}[{_LABEL_COLONS}][ \t]*[^，。；]{{1,20}}")

_LINE = rx.compile(r"[^\r\n]*(?:\r\n|\r|\n|$)")
_BLANK = " \t\u3000\u00a0\ufeff\f\v"


class Line(NamedTuple):  # (a tuple: a paper has hundreds of lines, built on every run)
    start: int  # original offset of the first non-blank character
    end: int  # original offset just past the last non-blank character
    newline: int  # original offset of the line break after the line (or len(text))
    indent: int  # count of leading blank characters


class OffsetMap:
    """Piecewise map from repaired-text offsets to original offsets."""

    __slots__ = ("_clean_starts", "_orig_starts", "_length")

    def __init__(self, clean_starts: list[int], orig_starts: list[int], length: int) -> None:
        self._clean_starts = clean_starts
        self._orig_starts = orig_starts
        self._length = length

    def to_original(self, clean_index: int) -> int:
        i = bisect_right(self._clean_starts, clean_index) - 1
        return self._orig_starts[i] + (clean_index - self._clean_starts[i])

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Original [start, end) covering repaired [start, end), including any characters the
        repair dropped in between."""
        if end <= start:
            o = self.to_original(start) if start < self._length else self._length
            return o, o
        # to_original of both ends, written out: every record asks for its span
        clean_starts, orig_starts = self._clean_starts, self._orig_starts
        i = bisect_right(clean_starts, start) - 1
        j = bisect_right(clean_starts, end - 1) - 1
        return orig_starts[i] + (start - clean_starts[i]), orig_starts[j] + (end - clean_starts[j])


@dataclass(frozen=True)
class RepairedText:
    original: str
    text: str
    offsets: OffsetMap
    paragraph_starts: list[int]  # repaired offsets where each paragraph starts
    paragraph_indents: list[int]  # leading blanks of each paragraph's first line in the original
    header_lines: int  # how many leading paragraphs are header lines (title, issuer, date)

    def span(self, start: int, end: int) -> tuple[int, int]:
        return self.offsets.span(start, end)


def split_lines(original: str) -> list[Line]:
    if "\r" not in original:
        return _split_on_newlines(original)
    return _split_on_any_line_break(original)


def _split_on_any_line_break(original: str) -> list[Line]:
    lines: list[Line] = []
    for m in _LINE.finditer(original):
        if m.start() == m.end():
            break
        raw = m.group()
        body = raw.rstrip("\r\n")
        stripped_left = body.lstrip(_BLANK)
        indent = len(body) - len(stripped_left)
        content = stripped_left.rstrip(_BLANK)
        start = m.start() + indent
        lines.append(Line(start, start + len(content), m.start() + len(body), indent))
        if m.end() == len(original):
            break
    return lines


def _split_on_newlines(original: str) -> list[Line]:
    """split_lines for a text with no \r (most): the same lines, from str.split rather than a
    pattern match per line."""
    lines: list[Line] = []
    pieces = original.split("\n")
    if pieces[-1] == "":
        pieces.pop()  # a final line break ends the last line; it does not open another
    pos = 0
    for body in pieces:
        stripped_left = body.lstrip(_BLANK)
        indent = len(body) - len(stripped_left)
        start = pos + indent
        newline = pos + len(body)
        lines.append(Line(start, start + len(stripped_left.rstrip(_BLANK)), newline, indent))
        pos = newline + 1
    return lines


def _is_header_line(text: str) -> bool:
    """Title, issuer and date lines: short, unpunctuated, before the first paragraph."""
    return len(text) <= 40 and not any(ch in text for ch in "。，；")


def _is_page_number(original: str, lines: list[Line], i: int) -> bool:
    content = original[lines[i].start : lines[i].end]
    if _PAGE_NUMBER.fullmatch(content):
        return True
    if not _BARE_PAGE_NUMBER.fullmatch(content):
        return False
    blank_before = i > 0 and lines[i - 1].end == lines[i - 1].start
    blank_after = i + 1 < len(lines) and lines[i + 1].end == lines[i + 1].start
    return blank_before or blank_after or "\f" in original[lines[i - 1].newline if i else 0 : lines[i].start]


def _running_heads(original: str, lines: list[Line]) -> set[int]:
    """Indexes of lines that repeat the first line (the paper's title) further on, with or
    without a page number beside it: a running head that the export put at each page break."""
    content = [i for i, ln in enumerate(lines) if ln.end > ln.start]
    if len(content) < 3:
        return set()
    first = lines[content[0]]
    title = original[first.start : first.end]
    if not _is_header_line(title) or len(title) < 6:
        return set()
    heads = set()
    for i in content[1:]:
        line = original[lines[i].start : lines[i].end]
        if len(line) >= len(title) + 12 or title not in line:
            continue
        before, _, after = line.partition(title)
        if _PAGE_FURNITURE.fullmatch(before) and _PAGE_FURNITURE.fullmatch(after):
            heads.add(i)
    return heads


_PAGE_FURNITURE = rx.compile(r"(?:[-－—–·•第\s\d/／共]|页)*")


class _TextBuilder:
    """The repaired text as it is built: its chunks, and where each one came from."""

    def __init__(self, original: str) -> None:
        self.original = original
        self.pieces: list[str] = []
        self.clean_starts: list[int] = []
        self.orig_starts: list[int] = []
        self.length = 0

    def emit(self, orig_from: int, orig_to: int) -> None:
        """Append original[orig_from:orig_to], less the spaces and notes dropped from numbers."""
        segment = self.original[orig_from:orig_to]
        if _DROP_MARK.search(segment) is None:  # most lines: nothing the drop patterns could remove
            self.append(orig_from, segment)
            return
        last = 0
        note, spaced = _numeral_drops()
        drops = [*_NUMBER_SPACE.finditer(segment), *note.finditer(segment), *spaced.finditer(segment)]
        for m in sorted(drops, key=lambda d: d.start()):
            if m.start() < last:
                continue
            self.append(orig_from + last, segment[last : m.start()])
            last = m.end()
        self.append(orig_from + last, segment[last:])

    def append(self, orig_pos: int, chunk: str) -> None:
        """Append a chunk that starts at orig_pos in the original."""
        if not chunk:
            return
        self.clean_starts.append(self.length)
        self.orig_starts.append(orig_pos)
        self.pieces.append(chunk)
        self.length += len(chunk)

    def separator(self, orig_pos: int) -> None:
        """Append the line break between two paragraphs."""
        self.clean_starts.append(self.length)
        self.orig_starts.append(orig_pos)
        self.pieces.append("\n")
        self.length += 1


def _is_heading_line(content: str) -> bool:
    """Whether a line is a heading, a table row or a label line (none is joined to another)."""
    # (a table row holds blanks between its cells, a label line its colon: most lines neither)
    return (
        match_heading(content) is not None
        or any(ch in content for ch in _CELL_BLANKS) and _TABLE_LINE.fullmatch(content) is not None
        or any(ch in content for ch in _LABEL_COLONS) and _LABEL_LINE.fullmatch(content) is not None
    )


def _goes_on_from(original: str, previous: Line, line: Line, content: str) -> bool:
    """Whether, by their text, a line goes on from the line before it."""
    return (
        original[previous.end - 1] not in _PARAGRAPH_FINAL
        # Digits on both sides of a break (a page number or running head the rules above
        # did not drop, …共计37\n128件) must not fuse into one number; the break stays.
        and not (original[previous.end - 1].isdigit() and content[0].isdigit())
        and (line.indent < 2 or previous.end - previous.start >= 20 or _CONTINUES.match(content) is not None)
    )


def _join_paragraphs(lines: list[Line], out: _TextBuilder) -> tuple[list[int], list[int], int]:
    """Write the lines into `out` joined into paragraphs; their starts, their indents and how
    many are header lines."""
    original = out.original
    paragraph_starts: list[int] = []
    paragraph_indents: list[int] = []
    in_header = True
    header_lines = 0
    previous: Line | None = None
    previous_is_heading = False
    for line in lines:
        content = original[line.start : line.end]
        is_heading = _is_heading_line(content)
        if in_header and (is_heading or not _is_header_line(content)):
            in_header = False
        join = (
            previous is not None
            and not in_header
            and header_lines < len(paragraph_starts)
            and not is_heading
            and not previous_is_heading
            and _goes_on_from(original, previous, line, content)
        )
        if not join:
            if previous is not None:
                out.separator(previous.newline if previous.newline < len(original) else previous.end - 1)
            paragraph_starts.append(out.length)
            paragraph_indents.append(line.indent)
            if in_header:
                header_lines += 1
        out.emit(line.start, line.end)
        previous = line
        # An inline heading that goes on into a sentence ((3) 版权。全年作品登记量…3.52) can be
        # broken like any line; only a bare heading line stands alone.
        previous_is_heading = is_heading and not any(ch in content for ch in "。，；")
    return paragraph_starts, paragraph_indents, header_lines


def repair(original: str) -> RepairedText:
    """The repaired text of an original, with its paragraphs and the map back to the original."""
    all_lines = split_lines(original)
    heads = _running_heads(original, all_lines)
    lines = [
        ln for i, ln in enumerate(all_lines)
        if ln.end > ln.start and i not in heads and not _is_page_number(original, all_lines, i)
    ]
    out = _TextBuilder(original)
    paragraph_starts, paragraph_indents, header_lines = _join_paragraphs(lines, out)
    if not out.pieces:
        out.clean_starts.append(0)
        out.orig_starts.append(0)
    # Folds are one-for-one, so they run once over the joined text rather than per chunk.
    folded = _fold("".join(out.pieces))
    text = fold_traditional(_FULLWIDTH_THOUSANDS.sub(lambda m: _WIDE_COMMA.sub(",", m.group()), folded))
    return RepairedText(
        original,
        text,
        OffsetMap(out.clean_starts, out.orig_starts, len(text)),
        paragraph_starts,
        paragraph_indents,
        header_lines,
    )
