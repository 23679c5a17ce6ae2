"""Figures written in words rather than numerals: 翻一番 (a doubling) and 近半, 过半, 一半以上 (half).

    翻两番            -> 3 倍 growth (quadrupled: an increase of three times the base)
    占比近半          -> 50 % share, nearly
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

import regex

from . import rx
from .numerals import parse_numeral
from .quantity_hit import QuantityHit


# 翻一番 doubles, 翻两番 quadruples: 2 ** N times the base.
_DOUBLING = rx.compile(r"翻了?(?P<n>[一二两三四五\d])番(?P<more>多)?")


def doublings(text: str, blocked: bytearray, hits: list[QuantityHit]) -> list[QuantityHit]:
    """The doublings (翻一番, 翻两番多) that start where no figure in `hits` does."""
    taken = {h.start for h in hits}
    out = []
    for m in _DOUBLING.finditer(text):
        n = parse_numeral(m.group("n"))
        if blocked[m.start()] or m.start() in taken or n is None:
            continue
        # Like 增长1.2倍, the value is the increase: doubling is growth of 1 倍.
        hit = QuantityHit(m.start(), m.end(), "multiple", Decimal(2) ** int(n) - 1, "倍", role="growth",
                          numeral_start=m.start(), approx="more_than" if m.group("more") else None)
        out.append(hit)
    return out


# Half, in words: 近半 (nearly 50%), 过半 (more than), 一半以上 (at least), 缩短一半.
_HALF_QUALIFIERS = ("近", "过", "超过", "超")
_HALF_WORDS = ("半数", "一半", "半")
_HALF_TAILS = ("以上", "左右", "多")
_HALF = rx.compile(
    rf"(?P<q>{'|'.join(_HALF_QUALIFIERS)})?(?P<half>{'|'.join(_HALF_WORDS)})(?P<tail>{'|'.join(_HALF_TAILS)})?",
    engine="regex",
)
# Every match holds one 半, at most this far after its start (超过一半).
_HALF_REACH = max(map(len, _HALF_QUALIFIERS)) + max(w.index("半") for w in _HALF_WORDS)


def half_matches(text: str) -> Iterator[regex.Match[str]]:
    """What _HALF.finditer(text) finds, the pattern tried only within reach before each 半
    (a paper has few; the plain scan tries every position)."""
    pos = 0
    at = text.find("半")
    while at >= 0:
        for start in range(max(pos, at - _HALF_REACH), at + 1):
            m = _HALF.match(text, start)
            if m:
                yield m
                pos = m.end()
                break
        at = text.find("半", max(at + 1, pos))


_HALF_APPROX = {"近": "nearly", "过": "more_than", "超过": "more_than", "超": "more_than",
                "以上": "at_least", "左右": "about", "多": "more_than"}


# 一半 stands for 50% after these words; a bare 半 only after 近/过 (半年, 上半年 are not figures).
_HALF_AFTER = ("占", "缩短", "减少", "降低", "下降", "提高", "增加", "增长", "的")


def halves(text: str, blocked: bytearray, hits: list[QuantityHit]) -> list[QuantityHit]:
    """The halves in words (近半, 过半, 一半以上) outside the figures in `hits`, as 50% shares."""
    taken: bytearray | None = None  # marked only for a half that passes the other checks: few do
    out = []
    for m in half_matches(text):
        s, e = m.start(), m.end()
        if blocked[s]:
            continue
        q, half, tail = m.group("q"), m.group("half"), m.group("tail")
        if half == "半" and q not in ("近", "过"):
            continue
        if not q and not tail and not text[max(0, s - 2) : s].endswith(_HALF_AFTER):
            continue
        if e < len(text) and text[e] in "年月天日小个":
            continue  # 近半年, 过半个月: a span of time
        if taken is None:
            taken = bytearray(len(text) + 1)
            for h in hits:
                taken[h.start : h.end] = b"\x01" * (h.end - h.start)
        if taken[s]:
            continue
        approx = _HALF_APPROX.get(q or "") or _HALF_APPROX.get(tail or "")
        out.append(QuantityHit(s, e, "percent", Decimal(50), "%", role="share", approx=approx, numeral_start=s))
    return out
