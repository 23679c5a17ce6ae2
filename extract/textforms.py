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
_MARKS = regex.escape(CLAUSE_BREAKS.replace(",", ""))  # every clause break but the comma

# Where a figure's clause ends, for roles (同比增长…): the clause breaks.
_FIGURE_MARK, _FIGURE_COMMA = f"[{_MARKS}]", _THOUSANDS_COMMA_ALLOWED
FIGURE_CLAUSE_BREAK_AT = rx.compile(f"{_FIGURE_MARK}|{_FIGURE_COMMA}")
# Where a metric phrase ends: the clause breaks and brackets too — a bracket holds an aside
# (…纠纷案件（含…）), not the phrase's words; and a comma before a 民国 year (…,109年).
_PHRASE_MARK, _PHRASE_COMMA = f"[{_MARKS}（）()]", r",(?!\d{3}(?![\d年]))"
PHRASE_CLAUSE_BREAK_AT = rx.compile(f"{_PHRASE_MARK}|{_PHRASE_COMMA}", engine="regex")

# The same positions found faster, by two plain scans (the punctuation, then the commas) rather
# than one alternation; tests/test_fast_paths.py checks them against the patterns above.
_FIGURE_SCANS = (rx.compile(_FIGURE_MARK), rx.compile(_FIGURE_COMMA))
_PHRASE_SCANS = (rx.compile(_PHRASE_MARK), rx.compile(_PHRASE_COMMA))


def figure_break_positions(text: str, end: int) -> list[int]:
    """Where FIGURE_CLAUSE_BREAK_AT matches in text[:end] (as `finditer(text, 0, end)`), in order."""
    return sorted(m.start() for scan in _FIGURE_SCANS for m in scan.finditer(text, 0, end))


def phrase_break_positions(text: str) -> list[int]:
    """Where PHRASE_CLAUSE_BREAK_AT matches in `text`, in order."""
    return sorted(m.start() for scan in _PHRASE_SCANS for m in scan.finditer(text))


# Between the items of a list: 21.3%和11.6%, 2021年、2022年, 46件107人、17件41人.
LIST_JOINERS = frozenset(["和", "、", "及", "与", "與", "，", ","])

# A year as papers write it: 2021, 二〇二一, 二0一六 (Chinese digits typed with an Arabic zero),
# 民国111.
YEAR_NUMERAL = (r"(?:民国(?:\d{1,3}|[〇○零一二三四五六七八九十百]{1,5})|1[89]\d\d|20\d\d"
                r"|[〇○零一二三四五六七八九][〇○零0一二三四五六七八九]{3})")
# A bare 民国 year, read only in a paper dated by that calendar: 111年 is 2022.
ROC_BARE_YEAR = r"(?:1[0-4]\d|[89]\d)"
ROC_EPOCH = 1911
