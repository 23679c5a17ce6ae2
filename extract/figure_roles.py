"""Roles of figures: level, growth, delta or share, read from the words before each figure.

    同比增长18.2%                 -> growth
    比上年多5件                   -> delta
    占全省获奖总数的三分之一      -> share
"""

from __future__ import annotations

from bisect import bisect_left

from . import rx
from .figure_patterns import Patterns
from .quantity_hit import QuantityHit
from .textforms import figure_break_positions
# A figure joined to the one before by these words shares its role: 分别增长21.3%和11.6%.
from .textforms import LIST_JOINERS as _LIST_JOINERS

_ROUGH_MULTIPLE = rx.compile(r"(?P<q>约为|约是|约|近|超过)[^，。；]{1,14}的$")
_CEILING = rx.compile(r"最高(?:可)?(?:奖补|资助|奖励|补助|补贴|给予|支持|获得|可获)?$")
_COMPARED_BY = rx.compile(r"(?:较|比)[^，。；]{1,14}?(?P<dir>快|慢|多|少|高|低|长|短)(?:了|出)?(?:约|近)?$")
_BENCHMARK = rx.compile(r"高于|高出|超过|超出|低于|低出")
_ROUGH_SHARE = rx.compile(r"(?P<q>约|近|超过|不到|不足)占")
# How far back a share word (占, 率) may stand from its figure; bounds the work per figure.
_SHARE_REACH = 120


# -- figures stated relative to another (period/relations engineer, issue 10) -------------------
_CHANGE_KINDS = frozenset(["percent", "multiple"])
# 是全国平均水平(15.8件)的3倍: a ratio to another figure, not a change over time (是上年的2倍)
_RATIO_TO = rx.compile(r"是(?P<base>[^，。；;]{1,20}?)的(?:约|近)?$")
_TIME_BASE = rx.compile(r"\d年|[上去前同]年|同期|年初|年末|年底")
# 上诉率为39.53%，较2011年的47.02%: the base a rate is compared with is a rate too
_BASE_OF_PREVIOUS = rx.compile(r"[，,]?(?:较|比|相比|相较于?)[^，。；;]{0,12}?的")


def _relative_role(text: str, hit: QuantityHit, previous: QuantityHit | None, gap: str | None,
                   clause_from: int) -> None:
    if hit.role != "level":
        return
    if hit.kind == "multiple" and (ratio := _RATIO_TO.search(text, clause_from, hit.start)) \
            and not _TIME_BASE.search(ratio.group("base")):
        hit.role = "share"
    elif previous is not None and previous.role == "share" and previous.kind == hit.kind and gap is not None \
            and _BASE_OF_PREVIOUS.fullmatch(gap):
        hit.role = "share"


def assign_roles(text: str, hits: list[QuantityHit], p: Patterns) -> None:
    if not hits:
        return
    breaks = figure_break_positions(text, hits[-1].start)
    previous: QuantityHit | None = None
    for hit in hits:
        i = bisect_left(breaks, hit.start) - 1
        clause_from = max(breaks[i] + 1 if i >= 0 else 0, hit.start - _SHARE_REACH)
        lead = text[max(clause_from, hit.start - 24) : hit.start]
        adjacent = p.adjacent_role.search(lead)
        gap = text[previous.end : hit.start] if previous else None
        word = adjacent.group("word") if adjacent else ""
        changed_to = adjacent is not None and lead[adjacent.end("word"):].startswith(("为", "為")) \
            and not word.endswith(("率", "幅", "速"))
        if adjacent and not changed_to:  # 缩短为6.1个月 states the new level, not a change
            role, sign = p.role_table[word]
            if role == "growth" and hit.kind not in ("percent", "multiple") or hit.unit == "百分点":
                role = "delta"
            hit.role, hit.sign = role, sign
        elif (compared := _COMPARED_BY.search(text, clause_from, hit.start)) and hit.approx in (None, "about", "nearly"):
            # 较全国平均水平快约12个月, 比上年多5件: a difference from what is compared with
            sign = -1 if compared.group("dir") in "快少低短" else 1
            hit.role = "growth" if hit.kind in ("percent", "multiple") and hit.unit != "百分点" else "delta"
            hit.sign = sign
        elif hit.unit == "百分点" and (benchmark := _BENCHMARK.search(text, clause_from, hit.start)):
            # 高于全省平均水平2.3个百分点: a difference from a benchmark
            hit.role, hit.sign = "delta", (-1 if benchmark.group() in ("低于", "低出") else 1)
        elif previous is not None and gap in _LIST_JOINERS and previous.role != "level" \
                and (previous.kind == hit.kind or {previous.kind, hit.kind} <= _CHANGE_KINDS):
            hit.role, hit.sign = previous.role, previous.sign  # 分别上升1.4倍和96.6%: both changes
        elif hit.kind == "multiple" and hit.approx is None and (rough := _ROUGH_MULTIPLE.search(text, clause_from, hit.start)):
            hit.approx = p.prefix_table.get(rough.group("q")) or "about"  # 约为全国平均水平的3.9倍
        elif hit.kind in ("percent", "fraction") and p.clause_share.search(text, clause_from, hit.start):
            hit.role = "share"
            rough = _ROUGH_SHARE.search(text, clause_from, hit.start)
            if rough and hit.approx is None:  # 约占总数的54%: the 约 belongs to the share
                hit.approx = p.prefix_table[rough.group("q")]
        _relative_role(text, hit, previous, gap, clause_from)
        if hit.kind == "money" and hit.approx is None and _CEILING.search(text, clause_from, hit.start):
            hit.approx = "at_most"  # 最高奖补100万元: up to 100万元
        if hit.sign < 0 and hit.value is not None:
            if hit.value_max is not None:  # a fall of 3 to 5 is -5..-3
                hit.value, hit.value_max = -hit.value_max, -hit.value
            else:
                hit.value = -hit.value
        previous = hit
