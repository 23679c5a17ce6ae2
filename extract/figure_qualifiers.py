"""The words around a figure's numeral that qualify it: a minus sign, a currency named before the
amount, approximation words before (约, 超过) and after (以上, 左右), and indefinite numerals (数十).
"""

from __future__ import annotations

from functools import cache

from . import rx
from .figure_patterns import Patterns
from .quantity_hit import QuantityHit
from .ruledata import numerals, units
from .whole_numerals import upper_end_alone


# 数十家, 几百人 (no value), 上百家 (at least 100): a bare 百/千/万 is a numeral only after these.
_INDEFINITE = "数几幾"
_MINUS = "-－−负負"


# Currency names that also stand before an amount (units.tsv has them as money units).
CURRENCY_BEFORE = rx.compile(r"(?:人民币|新台币|台币|港币|港元|澳门币|澳门元|美元|欧元|日元|英镑)$")


def read_minus(text: str, hit: QuantityHit) -> None:
    """增长-3.9%: a minus right before the figure, after a word rather than a number or a code
    (2020-2021 and 5-10家 are spans, A-3 a name). 零下5℃ is -5℃."""
    s = hit.numeral_start
    if hit.unit == "℃" and hit.start == s and text.endswith("零下", 0, s) and hit.value is not None:
        hit.start = s - 2
        if hit.value_max is not None or upper_end_alone(text, hit.start):
            # 零下5到10℃, 零下5至零下3℃: which ends lie below zero is not for a rule to guess
            hit.value = hit.value_max = None
            hit.unresolved = "a range of temperatures around 零下"
        else:
            hit.value = -hit.value
        return
    if hit.start != s or s == 0 or text[s - 1] not in _MINUS or hit.value is None:
        return
    before = text[s - 2] if s >= 2 else ""
    if before and (before.isdigit() or before.isascii() and before.isalnum() or before in numerals().chars or before in "%％‰" or before in _MINUS):
        return
    hit.start = s - 1
    if hit.value_max is not None:
        hit.value, hit.value_max = -hit.value_max, -hit.value
    else:
        hit.value = -hit.value


def _currency_prefix(text: str, hit: QuantityHit) -> None:
    """人民币4.2亿元, 约新台币4,500万元: a currency named before the amount decides it."""
    m = CURRENCY_BEFORE.search(text, max(0, hit.start - 4), hit.start)
    if m and not (m.start() and (text[m.start() - 1].isdigit() or text[m.start() - 1] in numerals().chars)):
        # (4人民币5美元: that 人民币 is the unit of the 4 before it)
        hit.currency = units()[m.group()].currency
        hit.start = m.start()


def prefix_word(text: str, at: int, p: Patterns) -> str | None:
    """The approximation word (约, 近, 超过) that ends right before `at`, if it is one there."""
    if not at or text[at - 1] not in p.prefix_last:
        return None
    m = p.prefix_before.search(text[max(0, at - 3) : at])
    if not m:
        return None
    word = m.group()
    start = at - len(word)
    # 约谈2家, 签约5家: 约 ends another word there.
    if word == "约" and start > 0 and text[start - 1] in "签履违特预节制公合邀":
        return None
    if word == "近" and start > 0 and text[start - 1] in "最附临靠亲将接":
        return None
    if word == "超" and start > 0 and text[start - 1] in "赶高":
        return None
    return word


def read_prefix(text: str, hit: QuantityHit, p: Patterns) -> None:
    """Take into `hit` the currency and the approximation word right before it."""
    if hit.kind == "money":
        _currency_prefix(text, hit)
    word = prefix_word(text, hit.start, p)
    if word is None:
        return
    start = hit.start - len(word)
    hit.start = start
    hit.approx = p.prefix_table[word]
    hit.qualifier_words.insert(0, word)


@cache
def _scale_chars() -> frozenset[str]:
    table = numerals()
    return frozenset([*table.tens, *table.magnitudes])


def read_indefinite(text: str, hit: QuantityHit, numeral: str) -> None:
    """数十家, 几百人: no number can be derived; 上百家 is at least 100."""
    before = text[hit.start - 1] if hit.start else ""
    if not before or numeral[0] not in _scale_chars():
        return
    if before in _INDEFINITE:
        hit.start -= 1
        hit.value = hit.value_max = None
        hit.approx = None
        hit.unresolved = f"indefinite numeral {before}{numeral}"
    elif before == "上" and not hit.approx:
        hit.start -= 1
        hit.approx = "at_least"
        hit.qualifier_words.insert(0, "上")


def read_suffix(text: str, hit: QuantityHit, p: Patterns) -> None:
    """Take into `hit` the approximation word right after it (以上, 左右, 以内)."""
    if text[hit.end : hit.end + 1] not in p.suffix_first:
        return
    m = p.suffix_at.match(text, hit.end)
    if not m:
        return
    word = m.group()
    if word in ("以下", "以上") and text.startswith("简称", m.end()):
        return
    hit.end = m.end()
    hit.qualifier_words.append(word)
    hit.approx = hit.approx or p.suffix_table[word]
