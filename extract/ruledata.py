"""Load the rule tables in `extract/data/` once per process, on first use.

Tables are TSV with a header row and `#` comments, so that adding a unit, a qualifier or an
agency is a one-line change that a reviewer can read.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from importlib import resources

import regex

from . import rx


def read_table(name: str) -> list[dict[str, str]]:
    """Rows of a TSV data file as dicts keyed by the header (the caller's own copies: the file is
    read and parsed once per process, though several modules build their tables from it)."""
    return [dict(row) for row in _parsed_table(name)]


@cache
def _parsed_table(name: str) -> tuple[dict[str, str], ...]:
    text = resources.files("extract").joinpath("data").joinpath(name).read_text(encoding="utf-8")
    rows: list[dict[str, str]] = []
    header: list[str] | None = None
    for raw in text.splitlines():
        if not raw.strip() or raw.startswith("#"):
            continue
        cells = raw.split("\t")
        if header is None:
            header = cells
            continue
        if len(cells) < len(header):
            cells += [""] * (len(header) - len(cells))
        rows.append(dict(zip(header, (c.strip() for c in cells))))
    return tuple(rows)


@dataclass(frozen=True)
class Numerals:
    digits: dict[str, int]
    tens: dict[str, int]
    magnitudes: dict[str, int]
    points: frozenset[str]
    tens_digits: dict[str, int]  # 廿 20, 卅 30, 卌 40: a digit and 十 in one character
    not_alone: frozenset[str]  # characters that are a numeral only inside a longer run

    @property
    def chars(self) -> str:
        return "".join([*self.digits, *self.tens_digits, *self.tens, *self.magnitudes, *self.points])


@cache
def numerals() -> Numerals:
    digits: dict[str, int] = {}
    tens: dict[str, int] = {}
    magnitudes: dict[str, int] = {}
    points: set[str] = set()
    tens_digits: dict[str, int] = {}
    not_alone: set[str] = set()
    for row in read_table("numerals.tsv"):
        kind, ch = row["kind"], row["char"]
        if row["alone"] == "no":
            not_alone.add(ch)
        elif row["alone"] != "yes":
            raise ValueError(f"numerals.tsv: alone must be yes or no, not {row['alone']!r}")
        if kind == "digit":
            digits[ch] = int(row["value"])
        elif kind == "tens":
            tens[ch] = int(row["value"])
        elif kind == "magnitude":
            magnitudes[ch] = int(row["value"])
        elif kind == "point":
            points.add(ch)
        elif kind == "tens_digit":
            tens_digits[ch] = int(row["value"])
        else:
            raise ValueError(f"numerals.tsv: unknown kind {kind!r}")
    return Numerals(digits, tens, magnitudes, frozenset(points), tens_digits, frozenset(not_alone))


@dataclass(frozen=True)
class Unit:
    surface: str
    unit: str
    kind: str
    scale: Decimal
    currency: str | None


@cache
def units() -> dict[str, Unit]:
    table: dict[str, Unit] = {}
    for row in read_table("units.tsv"):
        table[row["surface"]] = Unit(
            row["surface"], row["unit"], row["kind"], Decimal(row["scale"] or "1"), row["currency"] or None
        )
    return table


@dataclass(frozen=True)
class Qualifier:
    word: str
    position: str
    approx: str


@cache
def qualifiers() -> list[Qualifier]:
    return [Qualifier(r["word"], r["position"], r["approx"]) for r in read_table("qualifiers.tsv")]


@dataclass(frozen=True)
class RoleWord:
    word: str
    role: str
    sign: int
    reach: str


@cache
def role_words() -> list[RoleWord]:
    return [RoleWord(r["word"], r["role"], int(r["sign"]), r["reach"]) for r in read_table("roles.tsv")]


def alternation(words: list[str] | set[str] | tuple[str, ...]) -> str:
    """A regex alternation of literal words that prefers the longest, so that 人次 beats 人.

    Written as a trie (人(?:次|)) rather than a flat list (人次|人): both engines then try the
    words that match at a position longest first, exactly as the flat list sorted by length
    would, but compare each character once instead of once per word. The agency gazetteer (222
    names) compiles 2-3x faster this way and scans faster."""
    trie: dict[str, dict] = {}
    for word in set(words):
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}  # a word ends here
    return "|".join(_branches(trie))


def _branches(node: dict[str, dict]) -> list[str]:
    """The branches below a trie node: each next character with what follows it, then (when a
    word ends here) the empty branch, which backtracking reaches only after the longer words."""
    out = []
    for ch in sorted(k for k in node if k):
        rest = _branches(node[ch])
        if len(rest) > 1:
            out.append(f"{regex.escape(ch)}(?:{'|'.join(rest)})")
        else:
            out.append(regex.escape(ch) + (rest[0] if rest else ""))
    if "" in node and out:
        out.append("")
    return out


_HEADING_CN = "一二三四五六七八九十"
_HEADING_FORMAL = "壹贰叁参肆伍陆柒捌玖拾"
_HEADING_BRACKETS = "（("
# Every heading number opens on one of these or on a digit: elsewhere the pattern is not tried.
_HEADING_FIRST = frozenset(_HEADING_CN + _HEADING_FORMAL + _HEADING_BRACKETS)


@cache
def heading_pattern() -> regex.Pattern[str]:
    """Section numbering at the start of a line, one named group per style: 壹、 (cn_formal,
    Taiwan's top level), 三、 (cn), （一） (cn_paren), 3.1 (dotted), 1. or 1、 (arabic), （1）
    (arabic_paren). Which style is which level depends on the document: structure.py nests
    them in order of appearance."""
    cn = _HEADING_CN
    formal = _HEADING_FORMAL
    not_a_figure = r"(?![万亿千百十个件家项元人次%])"
    return rx.compile(
        rf"(?P<cn_formal>[{formal}]{{1,2}}、)"
        rf"|(?P<cn>[{cn}]{{1,3}}、)"
        rf"|(?P<cn_paren>[{_HEADING_BRACKETS}][{cn}]{{1,3}}[)）])"
        rf"|(?P<dotted>\d{{1,2}}(?:[.．]\d{{1,2}})+)(?=[ \t\u3000]|\p{{Han}}){not_a_figure}"
        rf"|(?P<arabic>\d{{1,2}}[.、．])(?!\d){not_a_figure}"
        rf"|(?P<arabic_paren>[{_HEADING_BRACKETS}]\d{{1,2}}[)）])"
    )


def match_heading(text: str, start: int = 0, end: int | None = None) -> regex.Match[str] | None:
    """A section number opening text[start:end]. A dotted number glued to words is a heading
    only on a short line without a comma: 3.1行政保护 is, 82.6分，比上年提高… is a figure."""
    end = len(text) if end is None else end
    first = text[start : start + 1]
    if first not in _HEADING_FIRST and not first.isdigit() or start >= end:
        return None  # (str.isdigit holds for every character \d matches)
    m = heading_pattern().match(text, start, end)
    if m is None:
        return None
    if m.lastgroup == "dotted" and not text[m.end() : m.end() + 1].isspace():
        if "，" in text[m.end() : min(end, m.end() + 30)] or end - m.end() > 30:
            return None
    return m
