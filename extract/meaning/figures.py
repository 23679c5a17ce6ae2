"""The reading-order pass: each figure's agency, metric and period, decided from its own words
and the figures read before it in the sentence.

Fields are decided here once; the relation passes after it may only copy a field along a link
they make (a growth takes its level's metric), and say so in the trace.
"""

from __future__ import annotations

from . import attribution
from .attribution import Attributor
from .index import DocumentIndex
from .metric import THRESHOLD_MEASURE, TABLE_ROW, ReadingState, decide_metric, set_metric, threshold_measure
from .period import (
    NOT_A_FLOW_OR_STOCK,
    POLICY_AMOUNT,
    SINCE_EVENT,
    STARTING_LEVEL,
    TABLE_COLUMN,
    THRESHOLD,
    Period,
    is_policy_amount,
    period_for,
    set_period,
)
from .phrases import PhraseReader, end_of
from .relations import take_baseline
from .rules import Facts
from .words import REACH, STARTING_LEVEL as STARTING_LEVEL_WORDS, SINCE_EVENT as SINCE_EVENT_WORDS, STOCK_WORDS


def read_figures(ix: DocumentIndex, reader: PhraseReader, who: Attributor, facts: list[Facts]) -> None:
    state = ReadingState()
    for k, q in enumerate(ix.quantities):
        f = facts[k]
        attribution.attribute(ix, k, who, f)
        cell = ix.table_cell(q)
        if cell is not None:
            _read_table_cell(ix, k, cell.metric, cell.period, f)
            continue
        _read_prose_figure(ix, reader, k, f, state)
        state.metrics[k] = f.metric or ""
        if f.period_type != "other" or q.kind != "money":
            state.previous, state.previous_facts = q, f


def _read_table_cell(ix: DocumentIndex, k: int, metric: str, column_period: str | None, f: Facts) -> None:
    """A table cell: the row label says what it is, the column when."""
    q = ix.quantities[k]
    set_metric(f, metric, TABLE_ROW)
    period, _ = period_for(ix, q.start, f.metric, "", "")
    if column_period and (len(column_period) == 10 or STOCK_WORDS.search(f.metric or "")):
        # 2023年末…情况 over the table, or a stock row under year columns: year-end stocks
        period = Period(end_of(column_period), None, "stock")
    elif column_period:
        period = Period(column_period, None, period.type)
    set_period(f, period, TABLE_COLUMN)
    if q.role == "share":
        f.set("period_type", "other", NOT_A_FLOW_OR_STOCK)


def _read_prose_figure(ix: DocumentIndex, reader: PhraseReader, k: int, f: Facts, state: ReadingState) -> None:
    text = ix.text
    q = ix.quantities[k]
    sentence_start = ix.sentence_start(q.start)
    clause_start = ix.clause_start(q.start, sentence_start)
    metric, by, following = decide_metric(ix, reader, k, state, sentence_start, clause_start)
    set_metric(f, metric, by)
    clause = text[clause_start : q.start]
    # the sentence opening (年末…, 全县共有…) decides stocks: its first words are enough
    sentence = text[sentence_start : min(q.start, sentence_start + 12)]
    period, period_by = period_for(ix, q.start, f.metric, clause, sentence, sentence_start)
    set_period(f, period, period_by)
    near = max(sentence_start, q.start - REACH)
    if f.period_type == "flow" and SINCE_EVENT_WORDS.search(text, near, q.start) and ix.date_before(q.start) is None:
        set_period(f, Period.year_end(f.period[:4] if f.period else None, "cumulative"), SINCE_EVENT)
    if STARTING_LEVEL_WORDS.search(text, max(sentence_start, q.start - 6), q.start):
        set_period(f, Period(None, None, "other"), STARTING_LEVEL)
    take_baseline(ix, k, f, state.previous_facts, sentence_start)
    if q.kind == "fraction" or (q.kind == "multiple" and q.role not in ("growth", "delta")) or q.role == "share":
        # 上升1.4倍 is a change over the period like 上升96.6%; 是…的1.4倍 compares two figures
        f.set("period_type", "other", NOT_A_FLOW_OR_STOCK)
    elif ix.is_threshold(q):
        f.set("period_type", "other", THRESHOLD)  # 5万元以上案件: measures the 案件 it picks out
        set_metric(f, threshold_measure(ix, q.start, sentence_start) or following or f.metric, THRESHOLD_MEASURE)
    elif q.kind == "money" and is_policy_amount(clause):
        f.set("period_type", "other", POLICY_AMOUNT)
