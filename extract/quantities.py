"""Figures: a number with its unit, scale, approximation and role.

    全市发明专利授权量10210件，同比增长18.2%      -> 10210 件 level; 18.2 % growth
    达成调解协议1200余万元                         -> 12000000 元 more_than, CNY
    分别给予5至50万元资助                          -> 50000..500000 元 (万 applies to both ends)
    占全省获奖总数的三分之一                       -> 0.3333333333 ratio share

A number with no unit after it is not a quantity: years (2021年), document numbers
(〔2021〕21号), ordinals (第22届), names (十九大, “十四五”) and brands (德瑞特79) never become one.
Rule words live in data/*.tsv; this module only composes them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache

import regex

from .numerals import normalize, parse_fraction, parse_numeral
from .ruledata import alternation, numerals, qualifiers, read_table, role_words, units

_CLAUSE_BREAK = "，,。；;：:！!？?\n"
# Words allowed between a change word and its figure: 同比分别增长, 增长了, 增幅达.
_FILLERS = r"(?:了|分别|分別|为|為|达到|達到|达|達|约|約|近|超过|超過)*"
# A figure joined to the one before by these words shares its role: 分别增长21.3%和11.6%.
_LIST_JOINERS = frozenset(["和", "、", "及", "与", "與", "，", ","])
_PERCENT_TENTHS_BLOCKERS = "为员立功效果本交型像绩长都年熟就品份分"


@dataclass
class QuantityHit:
    start: int  # repaired-text offsets
    end: int
    kind: str
    value: Decimal | None
    unit: str
    value_max: Decimal | None = None
    approx: str | None = None
    role: str = "level"
    currency: str | None = None
    unresolved: str | None = None
    sign: int = 1
    numeral_start: int = 0
    qualifier_words: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class _Patterns:
    scan: regex.Pattern[str]
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


def _class(chars: str) -> str:
    return "[" + regex.escape(chars) + "]"


@cache
def patterns() -> _Patterns:
    table = numerals()
    unit_table = units()
    digits = "".join(table.digits)
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
    chinese = rf"{_class(digits + tens + mags)}++(?:{_class(points)}{_class(digits)}++{_class(mags + tens)}*+)?"
    number = rf"(?:{mixed}|{chinese})"
    scan = regex.compile(
        rf"(?P<pct>(?P<pct_word>百分之|千分之)(?P<pct_num>{number}))"
        rf"|(?P<frac>(?P<den>{number})分之(?P<numer>{number}))"
        rf"|(?P<num>{number})"
    )
    quals = qualifiers()
    prefix_table = {q.word: q.approx for q in quals if q.position == "prefix"}
    infix_table = {q.word: q.approx for q in quals if q.position == "infix"}
    suffix_table = {q.word: q.approx for q in quals if q.position == "suffix"}
    infix = alternation(infix_table)
    tail = regex.compile(rf"(?P<infix>{infix})?(?P<mag>{_class(tens + mags)}*+)(?P<infix2>{infix})?")
    roles = role_words()
    adjacent = [r.word for r in roles if r.reach == "adjacent"]
    clause = [r.word for r in roles if r.reach == "clause"]
    exceptions = [r["word"] for r in read_table("unit_exceptions.tsv")]
    return _Patterns(
        scan=scan,
        number_at=regex.compile(number),
        tail=tail,
        unit_at=regex.compile(alternation(list(unit_table))),
        suffix_at=regex.compile(alternation(suffix_table)),
        prefix_before=regex.compile(rf"(?:{alternation(prefix_table)})$"),
        range_connector=regex.compile(r"[ \t]*(?:至|到|~|～|-|—|–|－)[ \t]*"),
        adjacent_role=regex.compile(rf"(?P<word>{alternation(adjacent)}){_FILLERS}$"),
        clause_share=regex.compile(alternation(clause)),
        unit_exception=regex.compile(alternation(exceptions)),
        prefix_table=prefix_table,
        infix_table=infix_table,
        suffix_table=suffix_table,
        role_table={r.word: (r.role, r.sign) for r in roles},
    )


# Characters before a number that make it something other than a figure.
_NOT_AFTER = frozenset("第前每.")
_LONE_ONE = frozenset("一壹弌")


def _numeral_ok(numeral: str) -> bool:
    """Reject spans that are numeral characters but not numbers: 千家万户, 百姓, 统一's 一."""
    table = numerals()
    if numeral in _LONE_ONE:
        return False
    if len(numeral) > 1 and all(ch in table.digits for ch in numeral):
        return False  # 唯一一家, 二〇〇五: positional digit strings are codes and years, not counts
    if any(ch.isdigit() for ch in numeral):
        return True
    if any(ch in table.digits for ch in numeral):
        return True
    return numeral[0] in "十拾"


def find_quantities(text: str, blocked: bytearray) -> list[QuantityHit]:
    """All quantities in repaired `text`; positions where `blocked` is set (titles, quoted
    names, dates) start none."""
    p = patterns()
    unit_table = units()
    hits: list[QuantityHit] = []
    covered_until = 0
    for m in p.scan.finditer(text):
        s = m.start()
        if blocked[s] or s < covered_until:
            continue  # inside a title or name, or the upper end of a range already read
        before = text[s - 1] if s else ""
        if m.group("pct"):
            value = parse_numeral(m.group("pct_num"))
            unit = "%" if m.group("pct_word") == "百分之" else "‰"
            hit = QuantityHit(s, m.end(), "percent", value, unit, numeral_start=s)
            _suffix(text, hit, p)
            hits.append(hit)
            covered_until = hit.end
            continue
        if m.group("frac"):
            if before in _NOT_AFTER:
                continue
            value = parse_fraction(m.group("den"), m.group("numer"))
            hits.append(QuantityHit(s, m.end(), "fraction", value, "ratio", numeral_start=s))
            covered_until = m.end()
            continue
        numeral = m.group("num")
        if not _numeral_ok(numeral) or before in _NOT_AFTER:
            continue
        if before.isascii() and before.isalnum() or (m.end() < len(text) and text[m.end()].isascii() and text[m.end()].isalpha()):
            continue  # G20, 3D, COVID-19: part of a name
        if before and before.isdigit():
            continue
        hit = _read_figure(text, m, p, unit_table)
        if hit is not None:
            hits.append(hit)
            covered_until = hit.end
    _assign_roles(text, hits, p)
    return hits


def _read_figure(text: str, m: regex.Match[str], p: _Patterns, unit_table: dict) -> QuantityHit | None:
    s, e = m.start(), m.end()
    numeral = m.group("num")
    tail = p.tail.match(text, e)
    assert tail is not None
    infix_words = [w for w in (tail.group("infix"), tail.group("infix2")) if w]
    mag = tail.group("mag") if tail.group("infix") else ""
    if not tail.group("infix") and tail.group("mag"):
        return None  # 十万 would have been part of the numeral; a stray 千 here is a word
    pos = tail.end() if (infix_words or mag) else e
    value = parse_numeral(numeral + mag)
    value_max: Decimal | None = None
    end_numeral2 = None

    # Ranges: 5至50万元, 5-10家, 两到三万. The scale of the upper end applies to a bare lower end.
    connector = p.range_connector.match(text, pos)
    if connector and not infix_words:
        m2 = p.number_at.match(text, connector.end())
        if m2 and _numeral_ok(m2.group()):
            tail2 = p.tail.match(text, m2.end())
            unit_probe = p.unit_at.match(text, tail2.end()) if tail2 else None
            if unit_probe and not p.unit_exception.match(text, unit_probe.start()):
                upper_text = m2.group() + (tail2.group("mag") if tail2.group("infix") else "")
                upper = parse_numeral(upper_text)
                lower = value
                trailing = regex.search(rf"{_class(''.join(numerals().magnitudes))}+$", upper_text)
                has_own_scale = any(ch in numerals().magnitudes for ch in numeral + mag)
                if trailing and not has_own_scale:
                    lower = parse_numeral(numeral + mag + trailing.group())
                if lower is not None and upper is not None and lower <= upper:
                    value, value_max = lower, upper
                    infix_words += [w for w in (tail2.group("infix"), tail2.group("infix2")) if w]
                    pos = tail2.end()
                    end_numeral2 = pos

    unit_m = p.unit_at.match(text, pos)
    kind: str
    if unit_m and not p.unit_exception.match(text, pos):
        unit = unit_table[unit_m.group()]
        end = unit_m.end()
        kind = unit.kind
        unit_name = unit.unit
        currency = unit.currency
        scale = unit.scale
    elif text.startswith("成", pos) and end_numeral2 is None and _tenths_ok(text, pos, numeral):
        # 三成 is 30%: tenths, but not the 成 of 成为/成效/成立.
        end = pos + 1
        kind, unit_name, currency, scale = "percent", "%", None, Decimal(10)
    else:
        return None
    hit = QuantityHit(s, end, kind, None, unit_name, currency=currency, numeral_start=s)
    hit.value = None if value is None else normalize(value * scale)
    hit.value_max = None if value_max is None else normalize(value_max * scale)
    if value is None:
        hit.unresolved = f"numeral {numeral!r} could not be read"
    _prefix(text, hit, p)
    _indefinite(text, hit, numeral)
    for w in infix_words:
        hit.qualifier_words.append(w)
        hit.approx = hit.approx or p.infix_table[w]
    _suffix(text, hit, p)
    if hit.kind == "money" and text.startswith("人民币", hit.end):
        hit.end += 3
    return hit


def _tenths_ok(text: str, pos: int, numeral: str) -> bool:
    nxt = text[pos + 1] if pos + 1 < len(text) else ""
    if nxt and nxt in _PERCENT_TENTHS_BLOCKERS:
        return False
    value = parse_numeral(numeral)
    return value is not None and 0 < value <= 10 and len(numeral) <= 2


def _prefix(text: str, hit: QuantityHit, p: _Patterns) -> None:
    window = text[max(0, hit.start - 3) : hit.start]
    m = p.prefix_before.search(window)
    if not m:
        return
    word = m.group()
    start = hit.start - len(word)
    # 约谈2家, 签约5家: 约 ends another word there.
    if word == "约" and start > 0 and text[start - 1] in "签履违特预节制公合邀":
        return
    if word == "近" and start > 0 and text[start - 1] in "最附临靠亲将接":
        return
    if word == "超" and start > 0 and text[start - 1] in "赶高":
        return
    hit.start = start
    hit.approx = p.prefix_table[word]
    hit.qualifier_words.insert(0, word)


def _indefinite(text: str, hit: QuantityHit, numeral: str) -> None:
    """数十家, 几百人: no number can be derived; 上百家 is at least 100."""
    before = text[hit.start - 1] if hit.start else ""
    if numeral[0] in numerals().tens and before in "数几幾":
        hit.start -= 1
        hit.value = hit.value_max = None
        hit.approx = None
        hit.unresolved = f"indefinite numeral {before}{numeral}"
    elif numeral[0] in numerals().tens and before == "上" and not hit.approx:
        hit.start -= 1
        hit.approx = "at_least"
        hit.qualifier_words.insert(0, "上")


def _suffix(text: str, hit: QuantityHit, p: _Patterns) -> None:
    m = p.suffix_at.match(text, hit.end)
    if not m:
        return
    word = m.group()
    if word in ("以下", "以上") and text.startswith("简称", m.end()):
        return
    hit.end = m.end()
    hit.qualifier_words.append(word)
    hit.approx = hit.approx or p.suffix_table[word]


def _clause_start(text: str, pos: int) -> int:
    i = pos - 1
    while i >= 0 and text[i] not in _CLAUSE_BREAK:
        i -= 1
    return i + 1


def _assign_roles(text: str, hits: list[QuantityHit], p: _Patterns) -> None:
    previous: QuantityHit | None = None
    for hit in hits:
        clause_from = _clause_start(text, hit.start)
        lead = text[max(clause_from, hit.start - 24) : hit.start]
        adjacent = p.adjacent_role.search(lead)
        gap = text[previous.end : hit.start] if previous else None
        if adjacent:
            role, sign = p.role_table[adjacent.group("word")]
            if role == "growth" and hit.kind not in ("percent", "multiple") or hit.unit == "百分点":
                role = "delta"
            hit.role, hit.sign = role, sign
        elif previous is not None and gap in _LIST_JOINERS and previous.role != "level" and previous.kind == hit.kind:
            hit.role, hit.sign = previous.role, previous.sign
        elif hit.kind in ("percent", "fraction") and p.clause_share.search(text, clause_from, hit.start):
            hit.role = "share"
        if hit.sign < 0 and hit.value is not None:
            if hit.value_max is not None:  # a fall of 3 to 5 is -5..-3
                hit.value, hit.value_max = -hit.value_max, -hit.value
            else:
                hit.value = -hit.value
        previous = hit
