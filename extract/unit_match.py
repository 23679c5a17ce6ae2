"""Where a figure's unit begins, and whether a longer word that starts there swallows it
(3人民群众 is no 3 人; 8省市场监管部门 is 8 省).
"""

from __future__ import annotations

import regex

from .figure_patterns import Patterns


def unit_at(text: str, pos: int, p: Patterns) -> regex.Match[str] | None:
    """The longest unit at `pos` that does not cut into a word: 8省市场监管部门 is 8 省, since 市场
    starts inside 省市 and runs past it."""
    return fit_unit(text, p.unit_at.match(text, pos), p)


def fit_unit(text: str, unit_m: regex.Match[str] | None, p: Patterns) -> regex.Match[str] | None:
    """`unit_m` (p.unit_at's match at a position), cut back until no exception word starting
    inside it runs past its end: what unit_at finds there."""
    heads = p.unit_exception_heads
    while unit_m is not None and len(unit_m.group()) > 1:
        start, end = unit_m.span()
        cut = next((k for k in range(start + 1, end) if text[k : end + 1] in heads
                    and (exc := p.unit_exception.match(text, k)) and exc.end() > end), None)
        if cut is None:
            break
        unit_m = p.unit_at.match(text, start, cut)
    return unit_m


def shadowed(text: str, unit_m: regex.Match[str], p: Patterns) -> bool:
    """3个月 is a unit, 3人民群众 is not 3 人: an exception word wins only when it is longer than
    the unit it starts with (人民 does not shadow 人民币)."""
    start, end = unit_m.span()
    if text[start : end + 1] not in p.unit_exception_heads:
        return False  # (most units: no exception word goes on with the character after them)
    exc = p.unit_exception.match(text, start)
    return bool(exc) and exc.end() > end
