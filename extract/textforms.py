"""Forms that more than one stage reads, defined once: the characters that end a clause, the
words that join the items of a list, and how a year is written.

Where two stages need different sets, both are here, named for the difference.
"""

from __future__ import annotations

import regex

from . import rx

# The punctuation that ends a clause (，。；：！？ and their ASCII forms, a line break).
CLAUSE_BREAKS = "，,。；;：:！!？?\n"
# A thousands comma inside a figure (1,562件) is not a clause break.
_THOUSANDS_COMMA_ALLOWED = r",(?!\d{3}(?!\d))"
# Where a figure's clause ends, for roles (同比增长…): the clause breaks.
FIGURE_CLAUSE_BREAK_AT = rx.compile("[" + regex.escape(CLAUSE_BREAKS.replace(",", "")) + "]|" + _THOUSANDS_COMMA_ALLOWED)
_FIGURE_BREAK_MARK = rx.compile("[" + regex.escape(CLAUSE_BREAKS.replace(",", "")) + "]")
_FIGURE_BREAK_COMMA = rx.compile(_THOUSANDS_COMMA_ALLOWED)


def figure_break_positions(text: str, end: int) -> list[int]:
    """Where FIGURE_CLAUSE_BREAK_AT matches in text[:end] (as `finditer(text, 0, end)`), in order:
    the punctuation in one scan, the commas in another, faster than the alternation."""
    return sorted([m.start() for m in _FIGURE_BREAK_MARK.finditer(text, 0, end)]
                  + [m.start() for m in _FIGURE_BREAK_COMMA.finditer(text, 0, end)])


# Where a metric phrase ends: the clause breaks and brackets too — a bracket holds an aside
# (…纠纷案件（含…）), not the phrase's words; and a comma before a 民国 year (…,109年).
PHRASE_CLAUSE_BREAK_AT = rx.compile(
    "[" + regex.escape(CLAUSE_BREAKS.replace(",", "")) + r"（）()]|,(?!\d{3}(?![\d年]))", engine="regex"
)
# The same positions found faster: the punctuation in one scan, the commas in another.
_PHRASE_BREAK_MARK = rx.compile("[" + regex.escape(CLAUSE_BREAKS.replace(",", "")) + r"（）()]")
_PHRASE_BREAK_COMMA = rx.compile(r",(?!\d{3}(?![\d年]))")


def phrase_break_positions(text: str) -> list[int]:
    """Where PHRASE_CLAUSE_BREAK_AT matches in `text`, in order (tests/test_fast_paths.py)."""
    return sorted([m.start() for m in _PHRASE_BREAK_MARK.finditer(text)]
                  + [m.start() for m in _PHRASE_BREAK_COMMA.finditer(text)])


# Between the items of a list: 21.3%和11.6%, 2021年、2022年, 46件107人、17件41人.
LIST_JOINERS = frozenset(["和", "、", "及", "与", "與", "，", ","])

# A year as papers write it: 2021, 二〇二一, 二0一六 (Chinese digits typed with an Arabic zero),
# 民国111.
YEAR_NUMERAL = (r"(?:民国(?:\d{1,3}|[〇○零一二三四五六七八九十百]{1,5})|1[89]\d\d|20\d\d"
                r"|[〇○零一二三四五六七八九][〇○零0一二三四五六七八九]{3})")
# A bare 民国 year, read only in a paper dated by that calendar: 111年 is 2022.
ROC_BARE_YEAR = r"(?:1[0-4]\d|[89]\d)"
ROC_EPOCH = 1911
