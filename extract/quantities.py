"""Figures: a number with its unit, scale, approximation and role.

    全市发明专利授权量10210件，同比增长18.2%      -> 10210 件 level; 18.2 % growth
    达成调解协议1200余万元                         -> 12000000 元 more_than, CNY
    分别给予5至50万元资助                          -> 50000..500000 元 (万 applies to both ends)
    占全省获奖总数的三分之一                       -> 0.3333333333 ratio share

A number with no unit after it is not a quantity: years (2021年), document numbers
(〔2021〕21号), ordinals (第22届), names (十九大, “十四五”) and brands (德瑞特79) never become one.
Rule words live in data/*.tsv; this module only composes them.

Beside it: figure_patterns (the compiled patterns), whole_numerals (a number is read whole or not
at all), figure_qualifiers (minus, currency, 约/以上), figure_ranges, unit_match, word_figures
(翻一番, 近半) and figure_roles (level, growth, delta, share).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from functools import cache

import regex

from . import rx
from .figure_patterns import PER_WORDS, Patterns, patterns, scan_beyond_bmp
from .figure_qualifiers import CURRENCY_BEFORE, prefix_word, read_indefinite, read_minus, read_prefix, read_suffix
from .figure_ranges import pair_range, percent_range, range_lower, unit_range
from .figure_roles import assign_roles
from .numerals import normalize, parse_fraction, parse_numeral
from .quantity_hit import QuantityHit
from .ruledata import alternation, numerals, read_table, units
from .textforms import CLAUSE_BREAKS as _CLAUSE_BREAK
from .unit_match import fit_unit, shadowed
from .whole_numerals import LONE_ONE, WORD_BEFORE_ONE, inside_longer_numeral, numeral_ok, upper_end_alone
from .word_figures import doublings, halves

_PERCENT_TENTHS_BLOCKERS = "为员立功效果本交型像绩长都年熟就品份分不"

# Characters before a number that make it something other than a figure.
_NOT_AFTER = frozenset("第前每.%=&#")  # %, =, &, #: URL encoding (q=30%25%2020), not figures
_BARE_SCALE_MORE = rx.compile(r"[余多]")
_SPLIT_UNIT = rx.compile(r"(?P<more>多|余)(?P<rest>月|小时|工作日)")
_CLAUSE_MARK = rx.compile(r"[，。；]")
_DECIMAL_TENTHS = rx.compile(r"\d\.\d+|[一二三四五六七八九][点點][一二三四五六七八九]")
_BLANKS = " \t\u3000"
_SPACES = rx.compile(f"[{_BLANKS}]{{1,4}}")
_BLANK_CHARS = frozenset(_BLANKS)  # where _SPACES may match
# 数十家, 几百人 (no value), 上百家 (at least 100): a bare 百/千/万 is a numeral only after these.
_BARE_SCALE_AFTER = frozenset("数几幾上")
# A character beyond the Basic Multilingual Plane: where one stands, the scan runs on regex.
_BEYOND_BMP = regex.compile(r"[^\x00-\uffff]")


def find_quantities(text: str, blocked: bytearray) -> list[QuantityHit]:
    """All quantities in repaired `text`; positions where `blocked` is set (titles, quoted
    names, dates) start none."""
    p = patterns()
    unit_table = units()
    hits: list[QuantityHit] = []
    covered_until = 0
    scan = p.scan if _BEYOND_BMP.search(text) is None else scan_beyond_bmp()
    for m in scan.finditer(text):
        s, e = m.span()
        if blocked[s] or s < covered_until:
            continue  # inside a title or name, or the upper end of a range already read
        before = text[s - 1] if s else ""
        # The group that closed last names the form: pct, frac (around numer) or num (one look-up
        # rather than one per group).
        form = m.lastgroup
        if form == "num":  # the numeral is all the match
            hit = _read_numeral(text, s, e, text[s:e], p, unit_table, before)
        elif form == "pct":
            hit = _read_percent(text, m, p)
        else:
            hit = _read_fraction(text, m, p, before)
        if hit is not None:
            hits.append(hit)
            covered_until = hit.end
    hits.extend(doublings(text, blocked, hits))
    hits.extend(halves(text, blocked, hits))
    hits.sort(key=lambda h: h.start)
    assign_roles(text, hits, p)
    return hits


def _read_percent(text: str, m: regex.Match[str], p: Patterns) -> QuantityHit | None:
    """A percentage in words (百分之十五, 千分之三), with its sign, qualifiers and range."""
    s = m.start()
    if m.end() < len(text) and text[m.end()].isascii() and text[m.end()].isalpha():
        return None  # 百分之15k: a suffix the reader does not know
    value = parse_numeral(m.group("pct_num"))
    unit, per = PER_WORDS[m.group("pct_word")]
    if value is not None and per != 1:
        value = normalize(value / per)
    hit = QuantityHit(s, m.end(), "percent", value, unit, numeral_start=s)
    read_minus(text, hit)  # 负百分之五 is -5%
    read_prefix(text, hit, p)
    percent_range(text, hit, p, m.group("pct_word"), per)
    read_suffix(text, hit, p)
    return hit


def _read_fraction(text: str, m: regex.Match[str], p: Patterns, before: str) -> QuantityHit | None:
    """A fraction in words (三分之一) as a ratio, with its qualifiers."""
    if before in _NOT_AFTER:
        return None
    s = m.start()
    value = parse_fraction(m.group("num"), m.group("numer"))  # num: the denominator
    hit = QuantityHit(s, m.end(), "fraction", value, "ratio", numeral_start=s)
    read_prefix(text, hit, p)
    read_suffix(text, hit, p)
    return hit


def _read_numeral(text: str, s: int, e: int, numeral: str, p: Patterns, unit_table: dict, before: str) -> QuantityHit | None:
    """A numeral (text[s:e]) with its unit, when it starts a figure and the figure is not one of
    the forms that only look like one."""
    if not _starts_a_figure(text, s, e, numeral, p, before):
        return None
    hit = _read_figure(text, s, e, numeral, p, unit_table)
    if hit is None or _not_a_count(text, hit, numeral, before):
        return None
    read_minus(text, hit)
    return hit


def _starts_a_figure(text: str, s: int, e: int, numeral: str, p: Patterns, before: str) -> bool:
    """Whether the numeral text[s:e] may begin a figure: a number read whole, not part of a word or name."""
    bare_scale = numeral[0] in "百千万萬亿億" and (
        before in _BARE_SCALE_AFTER or prefix_word(text, s, p) is not None
        or _BARE_SCALE_MORE.match(text, e) is not None  # 百余家, 千余件: more than one of it
    )
    # 增长一倍, 提高一成, 一到两百人: a lone 一 before 倍, 成 or a range joiner is a number
    lone_one = numeral in LONE_ONE and before not in WORD_BEFORE_ONE and (
        text.startswith(("倍", "成"), e) or _counted_one(text, s, e, p)
        or (joined := p.range_connector.match(text, e)) is not None and not text[joined.end() : joined.end() + 1].isdigit()
    )
    if not (numeral_ok(numeral) or bare_scale or lone_one or pair_range(numeral)) or before in _NOT_AFTER:
        return False
    if inside_longer_numeral(text, s) or upper_end_alone(text, s):
        return False  # a piece of a number or range not read whole: never a value for the piece
    if before.isascii() and before.isalnum() or (e < len(text) and text[e].isascii() and text[e].isalpha()):
        return False  # G20, 3D, COVID-19: part of a name
    return not (before and before.isdigit())


def _not_a_count(text: str, hit: QuantityHit, numeral: str, before: str) -> bool:
    """Whether a figure read from a numeral is something else: a restated count, a day of the
    month, or the month part of a longer duration."""
    if _restates_a_list(text, hit, numeral, before):
        return True  # 南京、苏州两市, 仲裁员和办案秘书两支队伍: the count restates what was just named
    if hit.unit == "天" and "日" in text[hit.numeral_start : hit.end] and not _measures_time(text, hit, before):
        return True  # 每月15日, 记者16日获悉: a day of the month, not a number of days
    if hit.unit == "个月" and before == "年":
        return True  # 二年六个月 is one duration; its month part alone would misstate it
    return False


@dataclass(slots=True)
class _Reading:
    """A figure being read from its numeral: the parts found so far."""

    s: int
    numeral: str
    mag: str
    infix_words: list[str]
    pos: int  # where the unit may begin
    value: Decimal | None
    value_max: Decimal | None = None
    pair: tuple[Decimal, Decimal] | None = None
    range_read: bool = False
    unit_m: regex.Match[str] | None = None
    end: int = 0
    kind: str = ""
    unit_name: str = ""
    currency: str | None = None
    scale: Decimal = Decimal(1)


def _read_figure(text: str, s: int, e: int, numeral: str, p: Patterns, unit_table: dict) -> QuantityHit | None:
    """The figure whose numeral is text[s:e]: numeral, range, unit, coins and half, or None."""
    r = _read_magnitude(text, s, e, numeral, p)
    if r is None:
        return None
    _read_range(text, r, p)
    if not _read_unit(text, r, p, unit_table):
        return None
    _read_coins(text, r)
    if not _read_half(text, r, p):
        return None
    return _make_hit(text, r, p, unit_table)


def _read_magnitude(text: str, s: int, e: int, numeral: str, p: Patterns) -> _Reading | None:
    """The numeral's value with the magnitude and approximation words right after it."""
    # 三个亿, 两个多亿: a measure word between the number and its magnitude
    measure_word = _MEASURE_BEFORE_SCALE.match(text, e) if text[e : e + 1] in _MEASURE_CHARS else None
    tail_at = measure_word.end() if measure_word else e
    if text[tail_at : tail_at + 1] in p.tail_first:
        tail = p.tail.match(text, tail_at)
        infix, tail_mag, infix2 = tail.group("infix", "mag", "infix2")
        tail_end = tail.end()
        infix_words = [w for w in (infix, infix2) if w]
    else:  # most figures: no magnitude nor approximation word follows, and the tail is empty
        infix, tail_mag, tail_end, infix_words = None, "", tail_at, []
    mag = tail_mag if infix or measure_word else ""
    if not infix and tail_mag and not measure_word:
        return None  # 十万 would have been part of the numeral; a stray 千 here is a word
    pos = tail_end if (infix_words or mag) else e
    written = numeral + mag
    value = parse_numeral(written)
    if value is None and numeral[0] in "百千万萬亿億":
        value = parse_numeral("一" + written)  # 上万人: a bare magnitude is one of it
    r = _Reading(s, numeral, mag, infix_words, pos, value)
    r.pair = pair_range(written)
    if r.pair is not None:
        r.value, r.value_max = r.pair  # a rough range: approx "about", and no further range reading
    return r


def _read_range(text: str, r: _Reading, p: Patterns) -> None:
    """Ranges: 5至50万元, 5-10家, 两到三万. The scale of the upper end applies to a bare lower end."""
    if text[r.pos : r.pos + 1] not in p.range_first:
        return  # (most figures: no range)
    connector = p.range_connector.match(text, r.pos)
    if not (connector and not r.infix_words and r.pair is None):
        return
    m2 = p.number_at.match(text, connector.end())
    if not (m2 and numeral_ok(m2.group())):
        return
    tail2 = p.tail.match(text, m2.end())
    unit_probe = p.unit_at.match(text, tail2.end()) if tail2 else None
    tenths = tail2 is not None and not tail2.group() and text.startswith("成", tail2.end()) \
        and _tenths_ok(text, tail2.end(), m2.group())  # 三至五成 is 30%..50%
    if tenths or unit_probe and not shadowed(text, unit_probe, p):
        upper_text = m2.group() + (tail2.group("mag") if tail2.group("infix") else "")
        upper = parse_numeral(upper_text)
        lower = range_lower(r.numeral + r.mag, r.value, upper_text, upper)
        if lower is not None and upper is not None and lower <= upper:
            r.value, r.value_max = lower, upper
            r.infix_words += [w for w in (tail2.group("infix"), tail2.group("infix2")) if w]
            r.pos = tail2.end()
            r.range_read = True


def _read_unit(text: str, r: _Reading, p: Patterns, unit_table: dict) -> bool:
    """The unit after the numeral (a unit word, a currency named before, or 成): False if none."""
    pos, s, numeral = r.pos, r.s, r.numeral
    unit_m = p.unit_at.match(text, pos)
    if not unit_m and not text.startswith("成", pos) and text[pos : pos + 1] in _BLANK_CHARS:
        # PDF exports space out figures in tables and lists: 工作站 126 个, 一百五十 个百分点.
        spaces = _SPACES.match(text, pos)
        unit_after = p.unit_at.match(text, spaces.end())
        if unit_after or text.startswith("成", spaces.end()):
            pos = r.pos = spaces.end()
            unit_m = unit_after
    unit_m = fit_unit(text, unit_m, p)  # what unit_at finds at `pos`, from the match already made there
    word = unit_m.group() if unit_m else ""
    if word.endswith("次") and text.startswith("之", pos + len(word)):
        unit_m = p.unit_at.match(text, pos, pos + len(word) - 1)  # 6,489件次之: 件, then 次之 (comes second)
        word = unit_m.group() if unit_m else ""
    r.unit_m = unit_m
    if unit_m and not shadowed(text, unit_m, p):
        unit = unit_table[word]
        r.end = pos + len(word)
        split = _SPLIT_UNIT.match(text, r.end) if word in ("个", "個") else None
        if split and "个" + split.group("rest") in unit_table:
            # 5个多月, 3个余小时: 多 inside 个月 is more than 5 months, not 5 个
            unit = unit_table["个" + split.group("rest")]
            r.end = split.end()
            r.infix_words.append(split.group("more"))
        r.kind, r.unit_name, r.currency, r.scale = unit.kind, unit.unit, unit.currency, unit.scale
    elif r.mag and CURRENCY_BEFORE.search(text, max(0, s - 4), s) or (
        numeral[-1] in numerals().magnitudes and CURRENCY_BEFORE.search(text, max(0, s - 4), s)
    ):
        # 澳门元三千六百五十二万: the currency named before a scaled amount is its unit
        r.end, r.kind, r.unit_name = pos, "money", "元"
        r.currency = units()[CURRENCY_BEFORE.search(text, max(0, s - 4), s).group()].currency
        r.scale = Decimal(1)
    elif text.startswith("成", pos) and (
        _tenths_ok(text, pos, numeral) if not r.range_read else r.value_max is not None and r.value_max <= 10
    ):  # (a range's upper end was checked as tenths when the range was read)
        _read_tenths(text, r, pos)
    else:
        return False
    return True


def _read_tenths(text: str, r: _Reading, pos: int) -> None:
    """三成 is 30%: tenths, but not the 成 of 成为/成效/成立."""
    r.end = pos + 1
    r.kind, r.unit_name, r.currency, r.scale = "percent", "%", None, Decimal(10)
    half = _TENTHS_DIGIT.match(text, r.end)
    if half and r.value is not None and r.value_max is None:  # 八成五 is 85%
        r.value = r.value + Decimal(numerals().digits[half.group(1)]) / 10
        r.end = half.end(1)


def _single_unscaled(r: _Reading) -> bool:
    """A single value whose numeral has no magnitude (二百四十, not 三万 nor 3至5)."""
    return r.value is not None and r.value_max is None and not r.mag \
        and not any(ch in numerals().magnitudes for ch in r.numeral)


def _read_coins(text: str, r: _Reading) -> None:
    """二百四十元五角, 3元5角2分: the coins after 元 belong to the amount."""
    if r.kind == "money" and r.unit_m and r.unit_m.group() in _YUAN and _single_unscaled(r):
        coins = _COINS.match(text, r.end)
        if coins and (coins.group("jiao") or coins.group("fen")):
            r.value += _coin_value(coins)  # type: ignore[operator]
            r.end = coins.end()


def _read_half(text: str, r: _Reading, p: Patterns) -> bool:
    """两米半 is 2.5 米: a 半 after the unit adds a half; False when the 半 makes the figure unreadable."""
    end = r.end
    if not (text.startswith("半", end) and _single_unscaled(r)):
        return True
    if r.unit_m and r.unit_m.group() in ("个", "個") and _HALF_OF_NEXT_UNIT.match(text, end + 1):
        return False  # 两个半月, 一个半小时: the half belongs to a unit after it, not to 个
    if _half_words().match(text, end):
        return True  # 3个半导体, 3件半数以上: 半 begins the next word
    if end + 1 >= len(text) or not _HAN.match(text, end + 1) or p.suffix_at.match(text, end + 1) \
            or text[end + 1] in _DIMENSION_WORDS:
        r.value += Decimal("0.5")  # type: ignore[operator]  # 两米半 is 2.5 米, 三成半 35%, 两米半宽
        r.end += 1
        return True
    return False  # 半 before a word no rule knows: the half may be meant, so no value


def _make_hit(text: str, r: _Reading, p: Patterns, unit_table: dict) -> QuantityHit:
    """The figure read, scaled, with its qualifiers and a range written with the unit twice."""
    hit = QuantityHit(r.s, r.end, r.kind, None, r.unit_name, currency=r.currency, numeral_start=r.s)
    hit.value = None if r.value is None else normalize(r.value * r.scale)
    hit.value_max = None if r.value_max is None else normalize(r.value_max * r.scale)
    if r.value is None:
        hit.unresolved = f"numeral {r.numeral!r} could not be read"
    read_prefix(text, hit, p)
    read_indefinite(text, hit, r.numeral)
    for w in r.infix_words:
        hit.qualifier_words.append(w)
        hit.approx = hit.approx or p.infix_table[w]
    if r.pair is not None:
        hit.approx = hit.approx or "about"
    if hit.value_max is None and not r.infix_words:
        unit_range(text, hit, p, unit_table)
    read_suffix(text, hit, p)
    if hit.kind == "money" and text.startswith("人民币", hit.end):
        hit.end += 3
    return hit


_MEASURE_WORDS = "个個"
_MEASURE_BEFORE_SCALE = rx.compile(f"[{_MEASURE_WORDS}](?=多?[亿億万萬])")
_MEASURE_CHARS = frozenset(_MEASURE_WORDS)  # where _MEASURE_BEFORE_SCALE may match
# Units whose tenths and hundredths may follow the amount: 元角分 (毛 is the spoken 角), and
# 美元又三美分.
_YUAN = frozenset(["元", "圆", "美元", "美金"])
_COIN_DIGIT = r"[0-9一二两三四五六七八九]"
_COINS = rx.compile(
    rf"又?(?:(?P<jiao>{_COIN_DIGIT})(?:角|毛(?=钱|\P{{Han}}|$)))?"
    rf"(?:零?(?P<fen>{_COIN_DIGIT})(?:美分|分(?!之|钟|别|期|布|局|会|类|析|项|支|院|所|行|享)))?"
)


def _coin_value(m: regex.Match[str]) -> Decimal:
    """角 is a tenth of 元, 分 a hundredth."""
    digits = numerals().digits
    total = Decimal(0)
    for name, place in (("jiao", Decimal("0.1")), ("fen", Decimal("0.01"))):
        ch = m.group(name)
        if ch:
            total += (Decimal(ch) if ch.isdigit() else Decimal(digits[ch])) * place
    return total


def _counted_one(text: str, s: int, e: int, p: Patterns) -> bool:
    """抓获犯罪嫌疑人一名。, 折合一美元。: a lone 一 with a counting or money unit that ends the
    clause is one of it."""
    unit_m = p.unit_at.match(text, e)
    if not unit_m or units()[unit_m.group()].kind not in ("count", "money") or shadowed(text, unit_m, p):
        return False
    after = text[unit_m.end() : unit_m.end() + 1]
    return not after or after in _CLAUSE_BREAK or after in "）)"


_PLACE_UNITS = frozenset(["市", "省", "县", "区", "国"])
_BACK_REFERENCE_UNITS = frozenset(["市", "省", "县", "区", "国", "支", "项", "个", "类", "种"])


def _restates_a_list(text: str, hit: QuantityHit, numeral: str, before: str) -> bool:
    """A small count in words right after the things it counts were listed (…、…五市, A和B两支)
    or repeating a count of places already stated in the sentence (面向…五市…，服务五市…).
    With 等 (烟台、威海等五市) the count adds to the list and stays."""
    if hit.unit not in _BACK_REFERENCE_UNITS or numeral.isascii() or before == "等":
        return False
    value = hit.value
    if value is None or value > 10:
        return False
    lead = text[max(0, hit.start - 20) : hit.start]
    clause = _CLAUSE_MARK.split(lead)[-1]
    if "、" in clause or (hit.unit == "支" and "和" in clause):
        return True
    if hit.unit in _PLACE_UNITS:
        sentence = text[max(0, hit.start - 80) : hit.start]
        sentence = sentence[sentence.rfind("。") + 1 :]
        return text[hit.start : hit.end] in sentence
    return False


_TENTHS_DIGIT = rx.compile(r"[ \t\u3000]?([一二三四五六七八九])(?![\p{Han}])")
_HAN = rx.compile(r"\p{Han}")
_DIMENSION_WORDS = frozenset("宽长高深厚重远粗")


@cache
def _half_words() -> regex.Pattern[str]:
    return rx.compile(alternation([r["word"] for r in read_table("half_words.tsv")]))


_HALF_OF_NEXT_UNIT = rx.compile(r"(?:月|年|天|日|小时|钟头|周|\P{Han}|$)")


@cache
def _duration_words() -> tuple[regex.Pattern[str], regex.Pattern[str]]:
    rows = read_table("duration_words.tsv")
    before = [r["word"] for r in rows if r["position"] == "before"]
    after = [r["word"] for r in rows if r["position"] == "after"]
    return rx.compile(alternation(before)), rx.compile(alternation(after))


def _measures_time(text: str, hit: QuantityHit, before: str) -> bool:
    """N日 counts days where the clause measures time (审理周期为45日, 15日内, 约20日, 30日以上:
    any approximation); otherwise it names a day of the month (记者16日获悉, 每月15日)."""
    if before and before in "月年":
        return False
    if hit.approx or hit.value is None or hit.value > 31 or hit.value != int(hit.value) or hit.value_max is not None:
        return True
    before_words, after_words = _duration_words()
    if after_words.match(text, hit.end):
        return True
    window = max(0, hit.start - 30)  # bounded, so a long text without punctuation stays linear
    clause_start = max(text.rfind(ch, window, hit.start) for ch in "，,。；;：:\n") + 1
    return before_words.search(text, max(clause_start, window), hit.start) is not None


def _tenths_ok(text: str, pos: int, numeral: str) -> bool:
    nxt = text[pos + 1] if pos + 1 < len(text) else ""
    if nxt and nxt in _PERCENT_TENTHS_BLOCKERS:
        return False
    value = parse_numeral(numeral)
    # 三成, 9.5成; a long numeral before 成 (2021成立) is something else.
    decimal = _DECIMAL_TENTHS.fullmatch(numeral) is not None  # 9.5成, 八点五成
    return value is not None and 0 < value <= 10 and (len(numeral) <= 2 or decimal)
