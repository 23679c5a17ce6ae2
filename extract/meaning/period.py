"""When each figure holds: the year, day or span it covers, and whether it is a flow over the
period, a stock at its end, or a running total.

    2021年，全市专利授权5.2万件 -> 2021, flow
    截至2021年底，有效发明专利2.3万件 -> 2021-12-31, stock
    近三年累计受理…120件 (in a 2023 paper) -> 2021/2023, cumulative

The rules below are tried in order; the first that gives a period decides it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from operator import attrgetter

from .. import rx
from ..dates import DateHit
from ..numerals import parse_numeral
from .index import DocumentIndex
from .phrases import end_of
from .rules import Facts, Rule, rule
from .words import (
    BUILT,
    CUMULATIVE_WORDS,
    FLOW_WORDS,
    FULL_STOP,
    POLICY_WORDS,
    RELATIVE_YEAR,
    YEAR_OFFSETS,
    REACHED_END,
    STANDING_END,
    STOCK_CLAUSE_WORDS,
    STOCK_OPENING,
    STOCK_TOTAL,
    STRONG_STOCK,
    TOTAL_WORDS,
    WITHIN_YEAR,
    YEAR_WHOLE_OPENING,
    YEARS_COUNTED,
    YEARS_FRAME,
)


@dataclass(frozen=True, slots=True)
class Period:
    """A period as the records write it: `start` alone (2021, 2021-06, 2021-12-31) or a span
    `start/end`, with its type."""

    start: str | None
    end: str | None = None
    type: str = "flow"  # flow, stock, cumulative, other

    @classmethod
    def year_end(cls, year: str | None, type_: str = "stock") -> "Period":
        """The last day of a year (a stock or running total at the year's end)."""
        return cls(f"{year}-12-31" if year and len(year) == 4 else year, None, type_)

    @property
    def text(self) -> str | None:
        if self.start is None:
            return None
        return f"{self.start}/{self.end}" if self.end else self.start

    @property
    def year(self) -> str | None:
        return self.start[:4] if self.start else None


@dataclass(slots=True)
class PeriodContext:
    """What the period rules read about one figure."""

    ix: DocumentIndex
    pos: int  # the figure's start
    metric: str
    clause: str  # the clause before the figure
    sentence: str  # the first words of the sentence, up to the figure
    sentence_start: int
    year: str | None  # the report year, or the year the section's title names
    date: DateHit | None  # the last date before the figure, comparison bases left out

    flow_metric: bool = field(init=False)
    stock_metric: bool = field(init=False)
    running_total: bool = field(init=False)
    standing_metric: bool = field(init=False)
    relative_year_written: bool = field(init=False)

    def __post_init__(self) -> None:
        # Read once per figure (cheaper than a lazy property, which most rules would ask anyway).
        self.flow_metric = FLOW_WORDS.search(self.metric) is not None
        # 有效注册商标累计达…: still a stock; 著作权登记总量: a flow's total
        self.stock_metric = STRONG_STOCK.search(self.metric) is not None \
            or (STOCK_TOTAL.search(self.metric) is not None and not self.flow_metric)
        # 累计 in the clause, not a year's own total (年内累计…) and not a stock
        self.running_total = not self.stock_metric and CUMULATIVE_WORDS.search(self.clause) is not None \
            and WITHIN_YEAR.search(self.clause) is None
        # 服务机构, 专利代理师执业人数 (not a flow, not 新建…): bodies and people that stand
        self.standing_metric = not self.flow_metric and STANDING_END.search(self.metric) is not None \
            and not BUILT.match(self.metric)
        # 去年/今年… written anywhere from the sentence's (or clause's) start to the figure
        self.relative_year_written = self.ix.relative_year_between(
            min(self.sentence_start, self.pos - len(self.clause)), self.pos)

    @property
    def unit(self) -> str | None:
        k = self.ix.first_quantity_at(self.pos)
        qs = self.ix.quantities
        return qs[k].unit if k < len(qs) and qs[k].start == self.pos else None


RECORD_SINCE = rx.compile(r"(?:的)?(?:最高|新高|最多|最好|最低|新低|最大|之最)")
RECORD_SINCE_EVENT = rx.compile(r"[^，,。；;]{1,12}?以来(?:的)?(?:最高|新高|最多|最好|最低|新低|最大|之最)")

PeriodRule = tuple[Rule, Callable[[PeriodContext], Period | None]]
PERIOD_RULES: list[PeriodRule] = []


# The context's flags a rule may need (true) or need false, read before any rule is tried.
CONTEXT_FLAGS = ("running_total", "flow_metric", "standing_metric", "relative_year_written")
_flags_of = attrgetter(*CONTEXT_FLAGS)


@dataclass(frozen=True)
class Needs:
    """What a period rule needs to apply at all, known before any rule is tried: a date before
    the figure (perhaps of one of some qualifiers: 截至, 以来…), context flags true (a running
    total) or false (a flow). Each rule still checks it itself; a figure's rules are only those
    whose needs it meets (`rules_for`), which saves most calls: most figures have no date or a
    plain one, and no running total or standing body."""

    date: bool = False
    qualifiers: frozenset[str | None] | None = None  # the date's qualifier is one of these
    flags: frozenset[str] = frozenset()  # CONTEXT_FLAGS that must be true
    not_flags: frozenset[str] = frozenset()  # and that must be false

    def met(self, dated: bool, qualifier: str | None, true_flags: set[str]) -> bool:
        if not self.flags <= true_flags or not self.not_flags.isdisjoint(true_flags):
            return False
        if not dated:
            return not self.date and self.qualifiers is None
        return self.qualifiers is None or qualifier in self.qualifiers


RULE_NEEDS: dict[str, Needs] = {}


def period_rule(name: str, when: str, example: str, needs_date: bool = False,
                qualifiers: tuple[str | None, ...] | None = None, needs: tuple[str, ...] = (),
                unless: tuple[str, ...] = ()) -> Callable[
        [Callable[[PeriodContext], Period | None]], Callable[[PeriodContext], Period | None]]:
    """Declare a period rule; `needs` and `unless` name CONTEXT_FLAGS it needs true or false."""
    declared = rule(name, "period", when, example)
    assert set(needs) | set(unless) <= set(CONTEXT_FLAGS), name
    RULE_NEEDS[name] = Needs(needs_date, frozenset(qualifiers) if qualifiers is not None else None,
                             frozenset(needs), frozenset(unless))

    def register(fn: Callable[[PeriodContext], Period | None]) -> Callable[[PeriodContext], Period | None]:
        PERIOD_RULES.append((declared, fn))
        return fn

    return register


@cache  # a handful of keys: whether dated, the date's qualifier, the context's flags
def _rules_for(dated: bool, qualifier: str | None, flags: tuple[bool, ...]) -> tuple[PeriodRule, ...]:
    true_flags = {name for name, on in zip(CONTEXT_FLAGS, flags) if on}
    return tuple(r for r in PERIOD_RULES if RULE_NEEDS[r[0].name].met(dated, qualifier, true_flags))


def rules_for(context: PeriodContext) -> tuple[PeriodRule, ...]:
    """The period rules that can apply to a figure, in the order they are declared."""
    d = context.date
    return _rules_for(d is not None, d.qualifier if d is not None else None, _flags_of(context))


def years_counted(text: str, date: DateHit | None, year: str | None, pattern=YEARS_COUNTED) -> Period | None:
    """三年累计 in the mid-term review of a 2021—2025 plan: the plan's first three years;
    近三年累计 elsewhere: the three years up to the report year."""
    m = pattern.search(text)
    n = parse_numeral(m.group("n")) if m else None
    if n is None or not 1 < n <= 20:
        return None
    if date is not None and date.value_end:
        first, last = int(date.value[:4]), int(date.value_end[:4])
        if first + int(n) - 1 <= last:
            return Period(str(first), str(first + int(n) - 1), "cumulative")
        return None
    if year is None or not year.isdigit():
        return None
    return Period(str(int(year) - int(n) + 1), year, "cumulative")


@period_rule("period.relative_year", "今年/去年/上年/前年 frame the figure: that year counted from the report year",
             "去年全市商标注册申请8.1万件 (2023 paper) -> 2022, flow; 去年底…有效发明专利 -> 2022-12-31, stock",
             needs=("relative_year_written",))
def _relative_year(c: PeriodContext) -> Period | None:
    if c.year is None or not c.year.isdigit() or c.sentence_start < 0:
        return None
    # the sentence's opening words and the figure's own clause: bounded, so long lines stay linear
    found = None
    clause_from = c.pos - len(c.clause)
    for lo, hi in ((c.sentence_start, min(c.sentence_start + 12, clause_from)), (clause_from, c.pos)):
        if not c.ix.relative_year_between(lo, hi):
            continue  # no 去年/今年… written there: most figures, and no pattern run
        for m in RELATIVE_YEAR.finditer(c.ix.text, lo, hi):
            found = m
    if found is None:
        return None
    year = str(int(c.year) - YEAR_OFFSETS[found.group("word")])
    d = c.date
    if d is not None and d.start == found.end("word") and d.year_inferred and YEAR_OFFSETS[found.group("word")]:
        # 去年上半年: the half (quarter, month) of that year, not of the report year
        return Period(year + d.value[4:], year + d.value_end[4:] if d.value_end else None,
                      "stock" if d.qualifier in ("as_of", "year_end") else "flow")
    if d is not None and d.end > found.start():
        return None
    part = found.group("part")
    if part in ("底", "末") or c.stock_metric:
        return Period.year_end(year, "stock")
    if part == "上半年":
        return Period(f"{year}-01", f"{year}-06")
    if part == "下半年":
        return Period(f"{year}-07", f"{year}-12")
    return None if c.running_total else Period(year)


@period_rule("period.year_after_stock_date", "a sentence opening on 全年/年内 after a year-end date counts the year",
             "截至2023年底，…达到23家。全年共聘请…42名 -> 2023, flow", qualifiers=("as_of", "year_end"))
def _year_after_stock_date(c: PeriodContext) -> Period | None:
    d = c.date
    if d is not None and d.start < c.sentence_start and d.qualifier in ("as_of", "year_end") \
            and YEAR_WHOLE_OPENING.match(c.sentence) and not CUMULATIVE_WORDS.search(c.clause):
        return Period(d.value[:4])
    return None


@period_rule("period.whole_year_in_clause", "全年 in the figure's clause after a day or year-end date",
             "2023年4月26日，…，全年组织开展宣传活动120余场 -> 2023, flow", needs_date=True)
def _whole_year_in_clause(c: PeriodContext) -> Period | None:
    d = c.date
    if d is not None and d.start < c.pos - len(c.clause) and not d.value_end \
            and (d.granularity in ("day", "month") or d.qualifier in ("as_of", "year_end")) \
            and YEAR_WHOLE_OPENING.search(c.clause):
        return Period(d.value[:4])
    return None


@period_rule("period.year_to_date", "a year's 以来 then 截至 a day of it", "2023年以来，截至11月底，受理…8426件 -> 2023-01/2023-11", qualifiers=("as_of",))
def _year_to_date(c: PeriodContext) -> Period | None:
    d = c.date
    if d is not None and d.qualifier == "as_of" and d.granularity == "day":
        since = c.ix.date_before(d.start)
        if since is not None and since.qualifier == "since" and d.start - since.end < 8 \
                and since.value[:4] == d.value[:4]:
            return Period(f"{since.value[:4]}-01", d.value[:7])
    return None


@period_rule("period.since_this_year", "the report year's 以来 is the year so far", "2023年以来（2023 paper）… -> 2023, flow", qualifiers=("since",))
def _since_this_year(c: PeriodContext) -> Period | None:
    d = c.date
    if d is not None and d.qualifier == "since" and c.year and d.value == c.year:
        return Period(c.year)
    return None


@period_rule("period.since_year", "an earlier year's 以来: a running total up to the report year",
             "2018年以来，累计培育…45家 -> 2018/2023, cumulative", qualifiers=("since",))
def _since_year(c: PeriodContext) -> Period | None:
    d = c.date
    if d is not None and d.qualifier == "since":
        return Period(d.value, c.year or d.value[:4], "cumulative")
    return None


@period_rule("period.years_frame", "a sentence framed by a number of years (近三年来，/三年来，)",
             "近三年来，全市累计受理…120件 (2023) -> 2021/2023, cumulative")
def _years_frame(c: PeriodContext) -> Period | None:
    frame = YEARS_FRAME.match(c.sentence) if "年" in c.sentence else None  # (every frame holds 年)
    if frame is not None and not c.stock_metric and (c.date is None or c.date.start < c.sentence_start):
        return years_counted(frame.group(), c.date, c.year, YEARS_FRAME)
    return None


@period_rule("period.span_with_total", "a span of years with a total word (共/累计/合计)",
             "2021年至2023年，…共受理…152件 -> 2021/2023, cumulative", qualifiers=("span", None))
def _span_with_total(c: PeriodContext) -> Period | None:
    d = c.date
    sentence_like = c.ix.text[c.sentence_start:c.pos] if c.sentence_start >= 0 else c.clause
    if d is not None and d.value_end and d.granularity == "year" and d.start >= c.sentence_start \
            and not c.stock_metric and d.qualifier in ("span", None) \
            and TOTAL_WORDS.search(sentence_like) and not WITHIN_YEAR.search(c.clause):
        return Period(d.value, d.value_end, "cumulative")
    return None


@period_rule("period.years_counted", "累计 after a number of years", "三年累计投入…12亿元 (plan 2021—2025) -> 2021/2023, cumulative", needs=("running_total",))
def _years_counted(c: PeriodContext) -> Period | None:
    return years_counted(c.clause, c.date, c.year) if c.running_total else None


@period_rule("period.total_over_span", "累计 in a clause dated by a span", "2021—2023年，全县累计投入…3亿元 -> 2021/2023, cumulative", needs_date=True, needs=("running_total",))
def _total_over_span(c: PeriodContext) -> Period | None:
    d = c.date
    if c.running_total and d is not None and d.value_end:
        return Period(d.value, d.value_end, "cumulative")
    return None


@period_rule("period.total_to_date", "累计 up to a stated day", "截至3月底…累计达1356件 -> 2023-03-31, cumulative", qualifiers=("as_of",), needs=("running_total",))
def _total_to_date(c: PeriodContext) -> Period | None:
    d = c.date
    if c.running_total and d is not None and d.qualifier == "as_of":
        return Period(d.value, None, "cumulative")
    return None


@period_rule("period.total_at_year_end", "累计 with no start stated: the running total at the year's end",
             "累计达144个 -> 2023-12-31, cumulative", needs=("running_total",))
def _total_at_year_end(c: PeriodContext) -> Period | None:
    if c.running_total:
        end = c.date.value[:4] if c.date is not None else c.year
        return Period.year_end(end, "cumulative")
    return None


@period_rule("period.as_of_stock", "截至 a day, and the measure is not a flow", "截至2021年底，有效发明专利2.3万件 -> 2021-12-31, stock", qualifiers=("as_of",), unless=("flow_metric",))
def _as_of_stock(c: PeriodContext) -> Period | None:
    if c.date is not None and c.date.qualifier == "as_of" and not c.flow_metric:
        return Period(c.date.value, None, "stock")
    return None


@period_rule("period.year_end_stock", "a year's 年末/年底, and the measure is not a flow", "2022年末，全市常住人口… -> 2022-12-31, stock", qualifiers=("year_end",), unless=("flow_metric",))
def _year_end_stock(c: PeriodContext) -> Period | None:
    if c.date is not None and c.date.qualifier == "year_end" and not c.flow_metric:
        return Period.year_end(c.date.value[:4])
    return None


@period_rule("period.stock_opening", "the sentence opens on 年末/共有: stocks at the year's end",
             "年末全市共有公共图书馆15个 -> 2023-12-31, stock", unless=("flow_metric",))
def _stock_opening(c: PeriodContext) -> Period | None:
    if not c.flow_metric and STOCK_OPENING.match(c.sentence):
        return Period.year_end(c.year)
    return None


@period_rule("period.stock_measure", "the measure is a stock (有效, 拥有, 总量) or a standing body reached",
             "有效注册商标42万件 -> 2023-12-31, stock; 规划目标为2025年达到25件 -> 2025-12-31")
def _stock_measure(c: PeriodContext) -> Period | None:
    standing = c.standing_metric and REACHED_END.search(c.clause) is not None
    if c.stock_metric or STOCK_CLAUSE_WORDS.search(c.clause) is not None or standing:
        d = c.date
        if d is not None and d.qualifier == "as_of":
            return Period(d.value, None, "stock")
        if d is not None and not d.value_end:
            return Period(end_of(d.value), None, "stock")
        return Period.year_end(c.year)
    return None


# 个/所/座 count standing bodies in a bulletin's tally (机构1545个); 家 counts firms and bodies
# acted on as often (约谈代理机构2家), so it is left to the other rules.
BODY_COUNTERS = frozenset(["个", "所", "座"])


@period_rule("period.standing_count", "a count of standing bodies right after their name (机构, 中心, 实验室)",
             "各类科研机构1545个 -> 2023-12-31, stock; 新组建工程技术研究中心50个 -> flow", needs=("standing_metric",))
def _standing_count(c: PeriodContext) -> Period | None:
    if c.metric and c.standing_metric and c.clause.endswith(c.metric[-2:]) and c.unit in BODY_COUNTERS \
            and (c.date is None or c.date.qualifier not in ("span", "since") and not c.date.value_end):
        d = c.date
        if d is not None and d.qualifier == "as_of":
            return Period(d.value, None, "stock")
        if d is not None:
            return Period(end_of(d.value), None, "stock")
        return Period.year_end(c.year)
    return None


@period_rule("period.dated_flow", "a flow in the period of the last date before it", "2021年，全市专利授权5.2万件 -> 2021, flow", needs_date=True)
def _dated_flow(c: PeriodContext) -> Period | None:
    d = c.date
    if d is None:
        return None
    if d.value_end:
        return Period(d.value, d.value_end)
    return Period(d.value[:4] if d.qualifier == "as_of" else d.value)


@period_rule("period.report_year", "no date before the figure: the report (or section) year", "全年查处案件120件 -> 2023, flow")
def _report_year(c: PeriodContext) -> Period | None:
    return Period(c.year)


def period_for(ix: DocumentIndex, pos: int, metric: str | None, clause: str, sentence: str = "",
               sentence_start: int = -1) -> tuple[Period, Rule]:
    date = ix.date_before(pos)
    while date is not None and (RECORD_SINCE.match(ix.text, date.end) if date.qualifier == "since"
                                else RECORD_SINCE_EVENT.match(ix.text, date.end)):
        # 创下2014年以来最高, 创88年智慧局成立以来最高纪录: a record's yardstick, not a period
        date = ix.date_before(date.start)
    if date is not None and date.year_inferred and date.qualifier == "year_end" \
            and FULL_STOP.search(ix.text, date.end, pos):
        date = None  # 年末全县…。家禽出栏…: a bare 年末 frames its own sentence (…；… included) only
    context = PeriodContext(ix, pos, metric or "", clause, sentence, sentence_start, ix.default_year(pos), date)
    for declared, apply in rules_for(context):
        found = apply(context)
        if found is not None:
            return found, declared
    raise AssertionError("period.report_year always applies")


def set_period(facts: Facts, period: Period, by: Rule) -> None:
    facts.set("period", period.text, by)
    facts.set("period_type", period.type, by)


# -- the kind of figure decides that it has no period type of its own ---------------------------
NOT_A_FLOW_OR_STOCK = rule(
    "period_type.ratio_or_share", "period_type", "a fraction, multiple or share is neither flow nor stock",
    "占全市的三分之一 -> other",
)
THRESHOLD = rule("period_type.threshold", "period_type", "a threshold picks out things (5万元以上案件)", "5万元以上案件 -> other")
POLICY_AMOUNT = rule("period_type.policy_amount", "period_type", "an amount a rule grants (给予, 最高, 每件)",
                     "最高给予100万元资助 -> other")
SINCE_EVENT = rule("period.since_event", "period", "以来， after an event, with no date: a running total",
                   "成立知识产权检察办公室以来，共受理…56件 -> 2023-12-31, cumulative")
STARTING_LEVEL = rule("period.starting_level", "period", "由最初的…: the starting level of a change, no period",
                      "由最初的5家增加到现有的45家 -> 5家: other")
TABLE_COLUMN = rule("period.table_column", "period", "a table cell: its column's year, or a year-end caption",
                    "指标 | 2022年 | 2023年 -> each cell its column's year")


def is_policy_amount(clause: str) -> bool:
    return POLICY_WORDS.search(clause) is not None
