"""The compiled patterns that read figures, built once from the rule tables in data/*.tsv."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

import regex

from . import rx
from .ruledata import alternation, numerals, qualifiers, read_table, role_words, units
from .whole_numerals import INCLUSIVE, INCLUSIVE_OPENERS, JOINER, JOINER_WORDS, RANGE_BLANKS


# Words allowed between a change word and its figure: 同比分别增长, 增长了, 增幅达.
# 均 (增长率均超过了100%) and spaces (年增 5%) also stand between them.
_FILLERS = r"(?:了|分别|分別|均|为|為|达到|達到|达|達|约|約|近|超过|超過|保持在|稳定在|控制在|维持在|[ \t\u3000])*"


@dataclass(frozen=True)
class Patterns:
    scan: re.Pattern[str]  # every figure's numeral (text beyond the BMP: scan_beyond_bmp())
    number_at: regex.Pattern[str]
    tail: regex.Pattern[str]
    unit_at: regex.Pattern[str]
    suffix_at: regex.Pattern[str]
    prefix_before: regex.Pattern[str]
    range_connector: regex.Pattern[str]
    adjacent_role: regex.Pattern[str]
    clause_share: regex.Pattern[str]
    unit_exception: regex.Pattern[str]
    prefix_table: dict[str, str]
    infix_table: dict[str, str]
    suffix_table: dict[str, str]
    role_table: dict[str, tuple[str, int]]
    # The first character of each suffix and the last of each prefix: where neither is, the
    # patterns need not run (most figures).
    suffix_first: frozenset[str]
    prefix_last: frozenset[str]
    # The characters each of these patterns can begin with: where none stands, tail matches
    # nothing and range_connector does not match at all.
    tail_first: frozenset[str]
    range_first: frozenset[str]
    # Every beginning of an exception word two characters or longer: wherever an exception word
    # runs past the end of a unit, the text from its start to one past the unit is one of these.
    unit_exception_heads: frozenset[str]


def char_class(chars: str) -> str:
    """A regex character class of `chars`, escaped."""
    return "[" + regex.escape(chars) + "]"


@cache
def patterns() -> Patterns:
    table = numerals()
    unit_table = units()
    digits = "".join(table.digits) + "".join(table.tens_digits)  # 廿三: 廿 opens a numeral like a digit
    tens = "".join(table.tens)
    mags = "".join(table.magnitudes)
    points = "".join(table.points)

    # A magnitude character that begins a unit (千克, 千米, 百分点) is the unit, not a magnitude.
    def scale_char(ch: str) -> str:
        rests = [u[1:] for u in unit_table if u.startswith(ch) and len(u) > 1]
        return regex.escape(ch) + (f"(?!{alternation(rests)})" if rests else "")

    scale = "(?:" + "|".join(scale_char(c) for c in tens + mags) + ")"
    arabic = r"(?:\d{1,3}(?:,\d{3})++(?!\d)|\d++)(?:\.\d++)?"
    mixed = rf"{arabic}(?:{scale}++(?:{arabic})?)*+"
    chinese = rf"{char_class(digits + tens + mags)}++(?:{char_class(points)}{char_class(digits)}++{char_class(mags + tens)}*+)?"
    number = rf"(?:{mixed}|{chinese})"
    # A numeral, and when 分之 and a numeral follow, the fraction it is the denominator of (三分之一):
    # one reading of the numeral serves both (an alternative of its own read it twice).
    # It begins with a digit, a numeral character or a per-word (百分之); the lookahead of those
    # lets `re` pass over every other position at once: 0.3 ms over the bundled paper, against
    # 0.65 ms on regex (which the lookahead does not speed up) and 0.9 ms on re without it.
    first_chars = "".join(dict.fromkeys(digits + tens + mags + "".join(w[0] for w in PER_WORDS)))  # each once
    first = rf"[\d{regex.escape(first_chars)}]"
    scan = (
        rf"(?={first})(?:(?P<pct>(?P<pct_word>{alternation(PER_WORDS)})(?P<pct_num>{number}))"
        rf"|(?P<num>{number})(?P<frac>分之(?P<numer>{number}))?)"
    )
    quals = qualifiers()
    prefix_table = {q.word: q.approx for q in quals if q.position == "prefix"}
    infix_table = {q.word: q.approx for q in quals if q.position == "infix"}
    suffix_table = {q.word: q.approx for q in quals if q.position == "suffix"}
    closing_table = {q.word: q.approx for q in quals if q.position == "closing"}
    infix = alternation(infix_table)
    tail = rx.compile(rf"(?P<infix>{infix})?(?P<mag>{scale}*+)(?P<infix2>{infix})?")
    roles = role_words()
    adjacent = [r.word for r in roles if r.reach == "adjacent"]
    clause = [r.word for r in roles if r.reach == "clause"]
    exceptions = [r["word"] for r in read_table("unit_exceptions.tsv")]
    return Patterns(
        scan=rx.compile(scan),
        number_at=rx.compile(number),
        tail=tail,
        unit_at=rx.compile(alternation(list(unit_table))),
        suffix_at=rx.compile(
            alternation(suffix_table) + (rf"|(?:{alternation(closing_table)})(?!\p{{Han}})" if closing_table else "")
        ),
        prefix_before=rx.compile(rf"(?:{alternation(prefix_table)})$"),
        range_connector=rx.compile(rf"[{RANGE_BLANKS}]*{INCLUSIVE}?[{RANGE_BLANKS}]*{JOINER}[{RANGE_BLANKS}]*"),
        adjacent_role=rx.compile(rf"(?P<word>{alternation(adjacent)}){_FILLERS}$"),
        clause_share=rx.compile(alternation(clause)),
        unit_exception=rx.compile(alternation(exceptions)),
        prefix_table=prefix_table,
        infix_table=infix_table,
        suffix_table={**suffix_table, **closing_table},
        role_table={r.word: (r.role, r.sign) for r in roles},
        suffix_first=frozenset(w[0] for w in [*suffix_table, *closing_table]),
        prefix_last=frozenset(w[-1] for w in prefix_table),
        tail_first=frozenset([*(w[0] for w in infix_table), *tens, *mags]),
        range_first=frozenset([*RANGE_BLANKS, *INCLUSIVE_OPENERS, *(w[0] for w in JOINER_WORDS)]),
        unit_exception_heads=frozenset(w[:k] for w in exceptions for k in range(2, len(w) + 1)),
    )


@cache
def scan_beyond_bmp() -> regex.Pattern[str]:
    """patterns().scan on regex. re and regex read \\d from different Unicode versions, which differ
    only beyond the BMP (the digits of scripts added since): text holding a character from there
    is scanned with this (compiled only for such text)."""
    return rx.compile(patterns().scan.pattern, engine="regex")


# 百分之十五 is 15%, 千分之三 3‰, 万分之五 0.05%, 十万分之十五 (a 统计公报's mortality rate)
# 0.015%: rates per ten thousand and beyond are written as % (no such unit in the output).
PER_WORDS: dict[str, tuple[str, int]] = {
    "百分之": ("%", 1), "佰分之": ("%", 1), "千分之": ("‰", 1), "仟分之": ("‰", 1),
    "万分之": ("%", 100), "萬分之": ("%", 100),
    "十万分之": ("%", 1000), "十萬分之": ("%", 1000), "百万分之": ("%", 10**4), "百萬分之": ("%", 10**4),
    "千万分之": ("%", 10**5), "千萬分之": ("%", 10**5), "万万分之": ("%", 10**6), "亿分之": ("%", 10**6),
    "億分之": ("%", 10**6), "百万万分之": ("%", 10**8),
}
