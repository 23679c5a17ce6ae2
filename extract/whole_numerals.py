"""Whole numerals: a number is read whole or not at all.

A piece of a longer number (the 418 of 63，418) or the upper end of a range whose lower end was not
read (the 8 of 第三至八位) never becomes a figure of its own; nor do numeral characters inside words
(千家万户, 统一).
"""

from __future__ import annotations

from functools import cache, lru_cache

import regex

from . import rx
from .ruledata import numerals


# Words that join the two ends of a range (5至50万元, 4——5万元, 3〜5家), and the (含) that may
# follow the lower end (2万(含)-8万元: from 20000 inclusive).
JOINER_WORDS = ("至", "到", "~", "～", "〜", "——", "--", "－－", "-", "—", "–", "－", "─")
JOINER = "(?:" + "|".join(JOINER_WORDS) + ")"  # (no joiner holds a character special to a pattern)
INCLUSIVE_OPENERS = "(（"
INCLUSIVE = rf"(?:[{INCLUSIVE_OPENERS}]含[)）])"
# The blanks that may stand around a joiner and its (含).
RANGE_BLANKS = " \t"
LONE_ONE = frozenset("一壹弌")


@lru_cache(maxsize=4096)  # the same few numerals recur through a report
def numeral_ok(numeral: str) -> bool:
    """Reject spans that are numeral characters but not numbers: 千家万户, 百姓, 统一's 一."""
    table = numerals()
    if numeral in LONE_ONE or numeral in table.not_alone:
        return False  # 唯一, 队伍, 大陆件数: a lone 一 or financial form is part of a word
    if len(numeral) > 1 and all(ch in table.digits for ch in numeral):
        return False  # 唯一一家, 二〇〇五: positional digit strings are codes and years, not counts
    if any(ch.isdigit() for ch in numeral):
        return True
    if any(ch in table.digits for ch in numeral):
        return True
    return numeral[0] in "十拾"


# Characters that make a word with a following 一 (其中一名, 另一家, 唯一一家, 进一步).
WORD_BEFORE_ONE = frozenset("进唯统同万单逐专第每划整其之任某哪这那另中有是")


@cache
def _piece_patterns() -> tuple[regex.Pattern[str], regex.Pattern[str]]:
    table = numerals()
    whole = regex.escape("".join([*table.digits, *table.tens_digits, *table.tens, *table.magnitudes]))
    # 63，418 or 1,23,456: a digit group after a separator that the number pattern did not take.
    broken = rx.compile(rf"(?:\d[,，.·\n/／:：]|[\d{whole}{regex.escape(''.join(table.points))}][(（][^()（）]{{0,12}}[)）])$")
    # 第三至八位, 6500到2万元 read as no range: the upper end is not a figure on its own.
    upper = rx.compile(rf"[\d{whole}](?:余|多)?[{RANGE_BLANKS}]*{INCLUSIVE}?[{RANGE_BLANKS}]*{JOINER}[{RANGE_BLANKS}]*$")
    return broken, upper


_BROKEN_LAST = frozenset(",，.·\n/／:：)）")  # the last character before a piece of a number
_JOINER_LAST = frozenset([*(w[-1] for w in JOINER_WORDS), *RANGE_BLANKS])  # the last character before a range's upper end


def inside_longer_numeral(text: str, s: int) -> bool:
    """The number at `s` continues one the scan did not take whole: a thousands group after a
    separator (63，418), digits after a line break that followed digits (a number or a page
    number cut by a page break), or digits after a bracketed note inside a numeral."""
    return s > 0 and text[s - 1] in _BROKEN_LAST and _piece_patterns()[0].search(text, max(0, s - 16), s) is not None


def upper_end_alone(text: str, s: int) -> bool:
    """The number at `s` is the upper end of a range whose lower end is a bare number."""
    if not (s > 0 and text[s - 1] in _JOINER_LAST):
        return False
    m = _piece_patterns()[1].search(text, max(0, s - 12), s)
    # 统一到3个平台: a 一 inside a word is no lower end; 第一至二十 is a range of ordinals all the same
    before_one = text[m.start() - 1 : m.start()] if m is not None else ""
    return m is not None and not (text[m.start()] in LONE_ONE and before_one in WORD_BEFORE_ONE and before_one != "第")
