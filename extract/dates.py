"""Dates and periods: 2021年, 2021年10月, 2022年4月26日, 7月15日至16日, 截至2021年底,
2021-2035年, 自2015年以来, 2021年度, 二〇〇五年.

    2021年7月15日至16日，第二届跨国公司领导人青岛峰会举办。  -> 2021-07-15 .. 2021-07-16

A month or day without a year takes the nearest year stated before it in the paragraph, or
the report year, and says so (`year_inferred`).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
import calendar
from functools import cache

import regex

from . import rx
from .numerals import parse_numeral
from .ruledata import alternation, read_table
from .textforms import ROC_BARE_YEAR, ROC_EPOCH, YEAR_NUMERAL


@dataclass(slots=True)
class DateHit:
    start: int
    end: int
    value: str
    value_end: str | None
    granularity: str
    qualifier: str | None
    year_inferred: bool = False


# 民国111年 (Taiwan's calendar: 1911 + 111 = 2022) reads as a year too.
_YEAR = YEAR_NUMERAL
_ROC_EPOCH = ROC_EPOCH
_SMALL = r"(?:\d{1,2}|[一二三四五六七八九十]{1,3})"


# In a paper dated by the 民国 calendar, a bare 111年 is a year too (1911 + 111).
_ROC_BARE = ROC_BARE_YEAR


@cache
def _pattern(roc: bool = False) -> regex.Pattern[str]:
    to = r"[ \t]*(?:至|到|-|—|–|~|～)[ \t]*"
    year = f"(?:{_YEAR}|{_ROC_BARE})" if roc else _YEAR
    plans = alternation(list(_plan_periods()))
    return rx.compile(
        rf"(?P<lead>截至|截止到|截止|自|从)?"
        rf"(?:"
        rf"(?P<y1>{year}){to}(?P<y2>{year})年(?P<ysuffix>度)?"
        # 二○二二至二三年度, 2022-23年度: a fiscal year whose end year is abbreviated
        rf"|(?P<fy1>{year}){to}(?P<fy2>\d{{2}}|[〇○零一二三四五六七八九]{{2}})年度"
        # 2022年10月至2023年3月, 2023年至2026年, 民国112年至115年: spans with both ends written out
        rf"|(?P<msy1>{year})年(?P<msm1>{_SMALL})月{to}(?P<msy2>{year})年(?P<msm2>{_SMALL})月"
        rf"|(?P<ys1>{year})年{to}(?P<ys2>{year}|{_ROC_BARE})年"
        # 今年以来: the report year so far
        rf"|(?P<this_year>今年|本年|年初)(?=以来)"
        # 前三季度, 2023年前两季度: the first quarters of a year
        rf"|(?:(?P<nqy>{year})年)?前(?P<nq>[二两三2-3])个?季度"
        # 前10月, 2021年前10个月: the first months of a year
        rf"|(?:(?P<nmy>{year})年|(?<![目之以提事当此眼面空日]))前(?P<nm>{_SMALL})个?月(?![份底末])"
        # 一季度, 2024年第一季度, 二季度末, 113年第一季: quarters
        rf"|(?:(?P<qy>{year})年)?(?:第|(?=[一二三四1-4]季度))(?P<quarter>[一二三四1-4])季度?(?P<qtail>末|底)?"
        # 上半年 with its year from context (2023年上半年 is read below)
        rf"|(?P<half>上半年|下半年)"
        # 截至年底, 年末全市常住人口…: the end of the year in context (上年末 is the comparison base)
        rf"|(?P<bare_end>年底|年末)"
        # 1至11月, 2023年1-11月: a run of months named once
        rf"|(?:(?P<ry>{year})年)?(?P<rm1>{_SMALL}){to}(?P<rm2>{_SMALL})月(?!份?[底末])"
        rf"|(?:(?P<y>{year})年)?(?P<m>{_SMALL})月(?P<mtail>底|末)?(?:(?P<d>{_SMALL})[日号])?"
        rf"(?:{to}(?:(?P<m2>{_SMALL})月)?(?P<d2>{_SMALL})[日号]|{to}(?P<mm2>{_SMALL})月)?"
        rf"|(?P<yo>{year})年(?P<tail>度|底|末|初|上半年|下半年)?"
        rf"|[“\"]?(?P<plan>{plans})[”\"]?(?P<plan_tail>期间|时期|以来|末)?"
        rf")"
        rf"(?P<since>以来)?", engine="regex"
    )


def _int(text: str | None) -> int | None:
    if not text:
        return None
    if text.isdigit():
        return int(text)
    value = parse_numeral(text.replace("0", "〇"))  # 二0一六 (issue 10)
    return int(value) if value is not None and value == value.to_integral_value() else None


def _year(text: str | None, roc: bool = False) -> int | None:
    if text and text.startswith("民国"):
        roc_year = _int(text[2:])
        return _ROC_EPOCH + roc_year if roc_year is not None and 0 < roc_year < 190 else None
    value = _int(text)
    if roc and text and text.isdigit() and len(text) <= 3 and value is not None:
        return _ROC_EPOCH + value
    return value if value is not None and 1800 <= value <= 2100 else None


@cache
def _plan_periods() -> dict[str, tuple[int, int]]:
    return {r["name"]: (int(r["start"]), int(r["end"])) for r in read_table("plan_periods.tsv")}


# No date holds one of these characters, and every date holds an anchor (年, 月, 季 or a plan
# name such as 十四五): the pattern only needs trying on the clauses that hold an anchor. That
# skips most of a paper, and gives the same matches as one scan of the whole text (tested).
_CLAUSE_BREAK = rx.compile(r"[，。；：、！？\n（）,;:!?()]")
_LAST_CLAUSE_BREAK = rx.compile("(?r)" + _CLAUSE_BREAK.pattern, engine="regex")  # searched backwards


@cache
def _anchor() -> regex.Pattern[str]:
    return rx.compile("[年月季]|" + alternation(list(_plan_periods())))


def _date_matches(text: str, pattern: regex.Pattern[str]) -> Iterator[regex.Match[str]]:
    """The pattern's matches in each clause that holds an anchor, clause by clause in order:
    the anchors found in one scan, and each one's clause from the breaks on either side of it
    (one search each way: far fewer anchors than breaks)."""
    after = -1  # the end of the last clause read
    for a in _anchor().finditer(text):
        at = a.start()
        if at < after:
            continue  # another anchor of a clause already read
        before = _LAST_CLAUSE_BREAK.search(text, 0, at)
        following = _CLAUSE_BREAK.search(text, at)
        after = following.start() if following else len(text)
        yield from pattern.finditer(text, before.end() if before else 0, after)


# Checked here rather than by a lookbehind in the pattern: the pattern is tried at every position.
_NOT_BEFORE_BARE_END = frozenset("0123456789〇○零一二三四五六七八九十百年上去前")
_ROC_DATED = rx.compile(r"民国\d{1,3}年")
# A text that writes no Gregorian year but several years 1xx年 at clause starts (109年智慧局受理…,
# 創88年…以來) is dated by the 民国 calendar, though it never says 民国 (issue 10).
_GREGORIAN_YEAR = rx.compile(r"(?<!\d)(?:1[89]|20)\d\d年")
_BARE_ROC_YEAR = rx.compile(r"(?<![\d.])(?:1[0-4]\d|[89]\d)年(?!代|间|來|来|前|後|后|中)")


def _roc_by_usage(text: str) -> bool:
    if _GREGORIAN_YEAR.search(text):
        return False
    return len({m.group() for m in _BARE_ROC_YEAR.finditer(text)}) >= 2


_COMPARISON_BASE = rx.compile(r"(?:较|比|与|相比|相较于?|同)$")

_LEADS = {"截至": "as_of", "截止到": "as_of", "截止": "as_of", "自": "since", "从": "since"}


@dataclass
class _Context:
    """What a date form reads besides its match: the text, its calendar and the years in force."""

    text: str
    roc: bool
    report_year: int | None
    year: int | None  # the nearest year stated before, in this paragraph (or the report year)

    def year_of(self, group: str | None) -> int | None:
        """The year a matched group names, in this text's calendar."""
        return _year(group, self.roc)


# Each reader takes the match, its qualifier and the context; it returns the hit (None when the
# match is no date) and the context year that holds after it.
_Read = tuple[DateHit | None, int | None]


def _read_fiscal_span(m: regex.Match[str], qualifier: str | None, ctx: _Context) -> _Read:
    """二○二二至二三年度, 2022-23年度: a fiscal year whose end year is abbreviated."""
    start_year = ctx.year_of(m.group("fy1"))
    short = _int(m.group("fy2"))
    if start_year is None or short is None:
        return None, ctx.year
    end_year = start_year - start_year % 100 + short
    if end_year < start_year:
        end_year += 100
    hit = DateHit(m.start(), m.end(), f"{start_year:04d}", f"{end_year:04d}", "year", qualifier or "fiscal_year")
    return hit, start_year


def _read_full_span(m: regex.Match[str], qualifier: str | None, ctx: _Context) -> _Read:
    """2022年10月至2023年3月, 2023年至2026年: a span with both ends written out."""
    s = m.start()
    ends = ("msy1", "msm1", "msy2", "msm2") if m.group("msy1") else ("ys1", None, "ys2", None)
    y1, y2 = ctx.year_of(m.group(ends[0])), ctx.year_of(m.group(ends[2]))
    if m.group("ys1") and m.group("ys1").startswith("民国") and y2 is not None and y2 < 1912:
        y2 = _year(m.group("ys2"), True)  # 民国112年至115年: the end year is 民国 too
    if y1 is None or y2 is None or y2 < y1:
        return None, ctx.year
    if ends[1]:
        m1, m2 = _int(m.group(ends[1])), _int(m.group(ends[3]))
        if m1 is None or m2 is None or not (1 <= m1 <= 12 and 1 <= m2 <= 12):
            return None, ctx.year
        hit = DateHit(s, m.end(), f"{y1:04d}-{m1:02d}", f"{y2:04d}-{m2:02d}", "month", qualifier or "span")
    else:
        hit = DateHit(s, m.end(), f"{y1:04d}", f"{y2:04d}", "year", qualifier or "span")
    return hit, y1


def _read_plan(m: regex.Match[str], qualifier: str | None, ctx: _Context) -> _Read:
    """“十四五”期间, 十四五以来, 十三五末: the years of a five-year plan."""
    s = m.start()
    first, last = _plan_periods()[m.group("plan")]
    tail = m.group("plan_tail")
    if tail is None:
        return None, ctx.year  # a bare “十四五” names the plan, not its years
    if tail == "以来" or qualifier == "since":
        hit = DateHit(s, m.end(), f"{first:04d}", None, "year", "since")
    elif tail == "末":
        hit = DateHit(s, m.end(), f"{last:04d}", None, "year", "year_end")
    else:
        hit = DateHit(s, m.end(), f"{first:04d}", f"{last:04d}", "year", "span")
    return hit, ctx.year


def _read_this_year(m: regex.Match[str], qualifier: str | None, ctx: _Context) -> _Read:
    """今年以来: the report year so far."""
    if ctx.report_year is None:
        return None, ctx.year
    hit = DateHit(m.start(), m.end(), f"{ctx.report_year:04d}", None, "year", "since", year_inferred=True)
    return hit, ctx.year


def _read_first_quarters(m: regex.Match[str], qualifier: str | None, ctx: _Context) -> _Read:
    """前三季度, 2023年前两季度: the first quarters of a year."""
    quarters = _int(m.group("nq"))
    year = ctx.year_of(m.group("nqy")) if m.group("nqy") else ctx.year
    if year is None or quarters is None:
        return None, ctx.year
    hit = DateHit(m.start(), m.end(), f"{year:04d}-01", f"{year:04d}-{3 * quarters:02d}", "month",
                  qualifier or "span", year_inferred=not m.group("nqy"))
    return hit, ctx.year


def _read_first_months(m: regex.Match[str], qualifier: str | None, ctx: _Context) -> _Read:
    """前10月, 2021年前10个月: the first months of a year."""
    months = _int(m.group("nm"))
    year = ctx.year_of(m.group("nmy")) if m.group("nmy") else ctx.year
    if year is None or months is None or not 2 <= months <= 12:
        return None, ctx.year
    hit = DateHit(m.start(), m.end(), f"{year:04d}-01", f"{year:04d}-{months:02d}", "month",
                  qualifier or "span", year_inferred=not m.group("nmy"))
    return hit, ctx.year


def _read_bare_year_end(m: regex.Match[str], qualifier: str | None, ctx: _Context) -> _Read:
    """截至年底, 年末…: the end of the year in context."""
    s = m.start()
    if ctx.year is None or (s and ctx.text[s - 1] in _NOT_BEFORE_BARE_END):
        return None, ctx.year  # 比上年末: the comparison base; 二〇二三年末 was read whole already
    if qualifier == "as_of":
        hit = DateHit(s, m.end(), f"{ctx.year:04d}-12-31", None, "day", "as_of", year_inferred=True)
    else:
        hit = DateHit(s, m.end(), f"{ctx.year:04d}", None, "year", "year_end", year_inferred=True)
    return hit, ctx.year


def _read_half(m: regex.Match[str], qualifier: str | None, ctx: _Context) -> _Read:
    """上半年, 下半年 with the year in context."""
    year = ctx.year
    if year is None:
        return None, ctx.year
    first, last = (1, 6) if m.group("half") == "上半年" else (7, 12)
    hit = DateHit(m.start(), m.end(), f"{year:04d}-{first:02d}", f"{year:04d}-{last:02d}", "month",
                  qualifier or "span", year_inferred=True)
    return hit, ctx.year


def _read_quarter(m: regex.Match[str], qualifier: str | None, ctx: _Context) -> _Read:
    """一季度, 2024年第一季度, 二季度末: a quarter, or its last day."""
    s = m.start()
    quarter = _int(m.group("quarter"))
    year = ctx.year_of(m.group("qy")) if m.group("qy") else ctx.year
    if year is None or quarter is None or not 1 <= quarter <= 4:
        return None, ctx.year
    first, last = 3 * quarter - 2, 3 * quarter
    if m.group("qtail"):  # 二季度末: the quarter's last day
        day = calendar.monthrange(year, last)[1]
        hit = DateHit(s, m.end(), f"{year:04d}-{last:02d}-{day:02d}", None, "day", qualifier,
                      year_inferred=not m.group("qy"))
    else:
        hit = DateHit(s, m.end(), f"{year:04d}-{first:02d}", f"{year:04d}-{last:02d}", "month",
                      qualifier or "span", year_inferred=not m.group("qy"))
    return hit, ctx.year


def _read_month_run(m: regex.Match[str], qualifier: str | None, ctx: _Context) -> _Read:
    """1至11月, 2023年1-11月: a run of months named once."""
    first_month, last_month = _int(m.group("rm1")), _int(m.group("rm2"))
    year = ctx.year_of(m.group("ry")) if m.group("ry") else ctx.year
    if year is None or first_month is None or last_month is None \
            or not 1 <= first_month < last_month <= 12:
        return None, ctx.year
    hit = DateHit(m.start(), m.end(), f"{year:04d}-{first_month:02d}", f"{year:04d}-{last_month:02d}",
                  "month", qualifier or "span", year_inferred=not m.group("ry"))
    return hit, (year if m.group("ry") else ctx.year)


def _read_year_span(m: regex.Match[str], qualifier: str | None, ctx: _Context) -> _Read:
    """2021-2035年, 2021至2025年度: a span of years named once."""
    y1, y2 = ctx.year_of(m.group("y1")), ctx.year_of(m.group("y2"))
    if y1 is None or y2 is None or y2 < y1:
        return None, ctx.year
    return DateHit(m.start(), m.end(), f"{y1:04d}", f"{y2:04d}", "year", qualifier or "span"), y1


def _read_month(m: regex.Match[str], qualifier: str | None, ctx: _Context) -> _Read:
    """2022年4月26日, 7月15日至16日, 12月底, 3至5月: a month or day, alone or as a span."""
    month = _int(m.group("m"))
    year = ctx.year_of(m.group("y"))
    inferred = year is None
    if m.group("y") and year is None:
        return None, ctx.year
    year = year if year is not None else ctx.year
    if year is None or month is None or not 1 <= month <= 12:
        return None, ctx.year
    day = _int(m.group("d"))
    if m.group("d") and (day is None or not 1 <= day <= 31):
        return None, ctx.year
    if m.group("mtail") and not day:  # 截至2022年12月底: the month's last day
        day = calendar.monthrange(year, month)[1]
    value = f"{year:04d}-{month:02d}" + (f"-{day:02d}" if day else "")
    value_end = None
    if m.group("d2"):
        month2 = _int(m.group("m2")) or month
        day2 = _int(m.group("d2"))
        if day2 is None or not 1 <= day2 <= 31 or not 1 <= month2 <= 12:
            return None, ctx.year
        value_end = f"{year:04d}-{month2:02d}-{day2:02d}"
    elif m.group("mm2"):
        month2 = _int(m.group("mm2"))
        if month2 is None or not 1 <= month2 <= 12:
            return None, ctx.year
        value_end = f"{year:04d}-{month2:02d}"
    hit = DateHit(
        m.start(), m.end(), value, value_end, "day" if day else "month",
        qualifier or ("span" if value_end else None), inferred,
    )
    return hit, (ctx.year if inferred else year)


def _read_year(m: regex.Match[str], qualifier: str | None, ctx: _Context) -> _Read:
    """2021年, 2021年度, 2021年底, 二零二三年上半年: a year, its end or its half."""
    s = m.start()
    year = ctx.year_of(m.group("yo"))
    if year is None:
        return None, ctx.year
    tail = m.group("tail")
    if tail in ("底", "末"):
        qualifier = qualifier or "year_end"
        hit = DateHit(s, m.end(), f"{year:04d}-12-31", None, "day" if qualifier == "as_of" else "year", qualifier)
        if qualifier != "as_of":
            hit.value = f"{year:04d}"
            hit.qualifier = "year_end"
        else:
            hit.granularity = "day"
    elif tail in ("上半年", "下半年"):  # 二零二三年上半年: months 1-6
        first, last = (1, 6) if tail == "上半年" else (7, 12)
        hit = DateHit(s, m.end(), f"{year:04d}-{first:02d}", f"{year:04d}-{last:02d}", "month",
                      qualifier or "span")
    else:
        if tail == "度" and qualifier is None:
            qualifier = "fiscal_year"
        hit = DateHit(s, m.end(), f"{year:04d}", None, "year", qualifier)
    if _COMPARISON_BASE.search(ctx.text, max(0, s - 3), s) or ctx.text.startswith("同期", m.end()):
        return hit, ctx.year  # 与2021年同期相比: the base dates no later 6月底 (issue 10)
    return hit, year


# The first form whose group matched reads the match; the order is the order they are tried in.
_READERS = (
    ("fy1", _read_fiscal_span),
    ("msy1", _read_full_span),
    ("ys1", _read_full_span),
    ("plan", _read_plan),
    ("this_year", _read_this_year),
    ("nq", _read_first_quarters),
    ("nm", _read_first_months),
    ("bare_end", _read_bare_year_end),
    ("half", _read_half),
    ("quarter", _read_quarter),
    ("rm1", _read_month_run),
    ("y1", _read_year_span),
    ("m", _read_month),
)


def _read_match(m: regex.Match[str], ctx: _Context) -> _Read:
    """The hit one match of the date pattern makes, and the context year after it."""
    qualifier = _LEADS.get(m.group("lead") or "")
    if m.group("since"):
        qualifier = "since"
    reader = next((read for group, read in _READERS if m.group(group)), _read_year)
    return reader(m, qualifier, ctx)


def find_dates(
    text: str, blocked: bytearray, paragraphs: list[tuple[int, int]], report_year: int | None
) -> list[DateHit]:
    """The dates and periods in a text; a year left out is taken from its paragraph or the report."""
    hits: list[DateHit] = []
    par_index = 0
    roc = _ROC_DATED.search(text) is not None or _roc_by_usage(text)
    ctx = _Context(text, roc, report_year, report_year)
    for m in _date_matches(text, _pattern(roc)):
        s = m.start()
        if blocked[s] or (s and text[s - 1].isdigit()):
            continue
        while par_index + 1 < len(paragraphs) and paragraphs[par_index + 1][0] <= s:
            par_index += 1
            ctx.year = report_year
        hit, ctx.year = _read_match(m, ctx)
        if hit is not None:
            hits.append(hit)
    return hits
