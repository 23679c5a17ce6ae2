"""Ranges of figures: 5至50万元 (the upper end's scale shared), 3%至5% (the unit written twice),
百分之三至百分之五, and the rough ranges 两三家, 三四十人.
"""

from __future__ import annotations

from decimal import Decimal
from functools import cache

import regex

from . import rx
from .figure_patterns import Patterns, char_class
from .numerals import normalize, parse_numeral
from .quantity_hit import QuantityHit
from .ruledata import numerals
from .unit_match import shadowed
from .whole_numerals import numeral_ok


# 两三家, 三四十人, 三五年: two neighbouring digits are a rough range, 2..3, 30..40.
_PAIR_FIRST = "一二两兩三四五六七八九"
_PAIR = rx.compile(rf"(?P<a>[{_PAIR_FIRST}])(?P<b>[二两兩三四五六七八九])(?P<scale>[十百千万萬亿億]*)")


def percent_range(text: str, hit: QuantityHit, p: Patterns, word: str, per: Decimal) -> None:
    """百分之三至百分之五, and 百分之二十至三十 (the word shared by both ends): one range."""
    connector = p.range_connector.match(text, hit.end)
    if not connector or hit.value is None:
        return
    repeated = text.startswith(word, connector.end())
    m2 = p.number_at.match(text, connector.end() + (len(word) if repeated else 0))
    if m2 and not repeated and (p.unit_at.match(text, m2.end()) or p.tail.match(text, m2.end()).group()):
        return  # 百分之二十至三十家: the second number has its own unit
    upper = parse_numeral(m2.group()) if m2 else None
    if upper is None:
        return
    upper = normalize(upper / per) if per != 1 else upper
    if upper >= hit.value:
        hit.value_max = upper
        hit.end = m2.end()  # type: ignore[union-attr]


@cache
def _scale_patterns() -> tuple[regex.Pattern[str], regex.Pattern[str]]:
    """An upper end that is one digit and its scale (七百亿, 50万); the magnitudes ending one."""
    table = numerals()
    scales = "".join([*table.tens, *table.magnitudes])
    return (rx.compile(rf"(?:\d+(?:\.\d+)?|{char_class(''.join(table.digits))})(?P<scale>{char_class(scales)}+)"),
            rx.compile(rf"{char_class(''.join(table.magnitudes))}+$"))


def range_lower(lower_text: str, lower: Decimal | None, upper_text: str, upper: Decimal | None) -> Decimal | None:
    """The lower end of a range whose upper end may carry the multiplier for both.

    六到七百亿 is 600亿..700亿 and 三到四千万 3000万..4000万 (the upper end is one digit and a
    multiplier, which the bare lower end shares); 5至50万 is 5万..50万 and 三到十五万 3万..15万
    (the trailing 万/亿 is shared); 从6500到2万 keeps 6500, since 6500万 would exceed the upper end.
    """
    table = numerals()
    if lower is None or upper is None:
        return lower
    scales = "".join([*table.tens, *table.magnitudes])
    if any(ch in scales or ch in table.tens_digits for ch in lower_text):
        return lower  # 2万(含)-8万, 十到二十: the lower end has its own scale
    shared = None
    one_scale, trailing_scale = _scale_patterns()
    one = one_scale.fullmatch(upper_text)
    if one:
        shared = parse_numeral("1" + one.group("scale"))
    else:
        trailing = trailing_scale.search(upper_text)
        shared = parse_numeral("1" + trailing.group()) if trailing else None
    if shared is None:
        return lower
    scaled = lower * shared
    return scaled if scaled <= upper else lower


def pair_range(numeral: str) -> tuple[Decimal, Decimal] | None:
    """两三 is 2..3, 三四十 is 30..40, 三五万 is 30000..50000 (neighbours, or the idiom 三五)."""
    if len(numeral) < 2 or numeral[0] not in _PAIR_FIRST:
        return None  # most numerals (digits): no pattern run
    m = _PAIR.fullmatch(numeral)
    if not m:
        return None
    a, b = parse_numeral(m.group("a")), parse_numeral(m.group("b"))
    if a is None or b is None or not (b == a + 1 or (a, b) == (3, 5)):
        return None
    scale = parse_numeral("一" + m.group("scale")) if m.group("scale") else Decimal(1)
    if scale is None:
        return None
    return normalize(a * scale), normalize(b * scale)


def unit_range(text: str, hit: QuantityHit, p: Patterns, unit_table: dict) -> None:
    """3%至5%, 1.2万元—1.5万元: both ends carry the unit; the range is read when they agree."""
    if text[hit.end : hit.end + 1] not in p.range_first:
        return  # (most figures: no range)
    connector = p.range_connector.match(text, hit.end)
    if not connector or hit.value is None:
        return
    m2 = p.number_at.match(text, connector.end())
    if not m2 or not numeral_ok(m2.group()):
        return
    tail2 = p.tail.match(text, m2.end())
    if tail2 is None or tail2.group("infix") or tail2.group("infix2") or tail2.group("mag"):
        return  # 1.2万元至1.5万余元: mixed approximations are not one range
    unit_m = p.unit_at.match(text, m2.end())
    if not unit_m or shadowed(text, unit_m, p):
        return
    unit = unit_table[unit_m.group()]
    if unit.unit != hit.unit or unit.kind != hit.kind:
        return
    upper = parse_numeral(m2.group())
    if upper is None:
        return
    upper = normalize(upper * unit.scale)
    if upper < hit.value:
        return
    hit.value_max = upper
    hit.end = unit_m.end()
