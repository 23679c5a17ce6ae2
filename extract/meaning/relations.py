"""How figures relate: a growth or share describes a level (`of`), a part belongs to a whole
(`parent`), a base year's figure is the base of a change, a list of years dates its figures.

    扣留…1908批次、58.6万件，同比分别增长21.3%和11.6% -> 21.3% of 1908批次, 11.6% of 58.6万件
    受理…53件，其中：特许经营合同纠纷45件 -> 45件 parent 53件

A relation may copy fields along the link it makes (a growth measures what its level does);
each copy is a named rule in the trace.
"""

from __future__ import annotations

from .. import rx
from . import attribution
from .index import DocumentIndex
from .phrases import PhraseReader, key_of, listed_names
from .rules import Facts, rule
from .words import (
    BARE_SHARE_WORDS,
    BASE_MARK,
    BASE_MARKS,
    BASELINE,
    BEFORE_RESPECTIVELY,
    CHANGE_WORD,
    COMPARED_TO,
    COMPARISON_WORDS,
    COUNTED_UNIT,
    HAN,
    LIST_JOINERS,
    NAME_SEPARATOR,
    NAMED_REFERENTS,
    OF_CUT,
    RATE_NAME,
    words,
)

_YEAR_DIGITS = rx.compile(r"(?<!\d)\d{4}(?!\d)")
_NAME_JOINER = rx.compile(r"和|与|及|、")

BASELINE_LEVEL = rule("of.baseline", "metric", "较2020年的X, 较去年同期X: the base of a change measures the level before it, in that year",
                      "51.2万件，较2020年的38.7万件增长32.3% -> 38.7万件: the same indicator, 2020")
YEAR_LIST = rule("period.year_list", "period", "a list of years then 分别: each figure its year",
                 "2021年、2022年、2023年，…分别受理152件、177件、203件 -> 2021, 2022, 2023")
MULTIPLE_OF = rule("of.multiple", "of", "是…的N倍: the multiple describes the level before it",
                   "受理案件137件，是2021年的1.4倍 -> 1.4倍 of 137件")
CHANGE_OF = rule("of.change", "of", "a growth, delta or share describes the level before it",
                 "扣留1908批次，同比增长21.3% -> 21.3% of 1908批次")
RESPECTIVE_CHANGES = rule("of.respective_changes", "of", "同比分别增长A和B: changes pair with the levels in order",
                          "1908批次、58.6万件，同比分别增长21.3%和11.6%")
FROM_LEVEL = rule("metric.from_level", "metric", "a change, share or multiple measures what its level does",
                  "扣留1908批次，同比增长21.3% -> 21.3%: 扣留…")
KEY_FROM_LEVEL = rule("metric_key.from_level", "metric_key", "a change, share or multiple keys as its level does",
                      "扣留1908批次，同比增长21.3% -> 21.3%: key of 1908批次")
PERIOD_FROM_LEVEL = rule("period.from_level", "period", "a change or multiple holds when its level does",
                         "2021年…1908批次，同比增长21.3% -> 2021")
NAMES_BEFORE_RESPECTIVELY = rule("metric.names_before_respectively", "metric", "分别 shares with no level: the names before",
                                 "美国及日本的申请则分别占16.8%和10.2% -> 美国的申请, 日本的申请")
OWN_RATE = rule("metric.own_rate", "metric", "a rate named before its figure measures that rate",
                "批捕率为63.8% -> 批捕率")
OWN_MEASURE = rule("metric.change_of_own_measure", "metric", "a change whose clause names another measure",
                   "…，推动侵权假冒犯罪案件发案数下降5% -> 侵权假冒犯罪案件发案数")
# levels stated as a pair: 2928件和2899件 after 新收和审结
PAIR_JOINERS = frozenset(["和", "、", "及", "与"])
# 较去年同期17人: a level stated for the year before, the base of a change
LAST_YEARS_BASE = rx.compile(rf"[{BASE_MARKS}](?:去年|上年)(?:同期)?的?$")
BRACKETED_THEN_CHANGE = rx.compile(r"[)）][^，,。；;（(]{0,8}")
LOOKBACK = 40  # figures a change, part or multiple looks back over for its level or whole

PREVIOUS_CLAUSE = rule("metric.previous_clause", "metric", "a change with no level: the subject of the clause before",
                       "全市技术合同成交额快速增长，同比增长65.63% -> 技术合同成交额")


def take_baseline(ix: DocumentIndex, k: int, f: Facts, previous: Facts | None, sentence_start: int) -> None:
    """51.2万件，较2020年的38.7万件增长32.3%: the base is the same indicator, in 2020
    (`sentence_start`: the figure's)."""
    q = ix.quantities[k]
    if previous is None or not BASE_MARK.search(ix.text, max(sentence_start, q.start - 10), q.start):
        return  # no 较/比 within reach: most figures
    baseline = BASELINE.search(ix.text, max(sentence_start, q.start - 10), q.start)
    last_year = LAST_YEARS_BASE.search(ix.text, max(sentence_start, q.start - 8), q.start) \
        if q.kind != "multiple" and q.role == "level" else None
    if not (baseline or last_year) or previous is None:
        return
    f.copy_from(previous, ("metric", "metric_key"), BASELINE_LEVEL)
    if baseline is not None:
        year: str | None = baseline.group("year")
    else:  # 较去年同期23人: the level of the same period a year before
        shifted = _YEAR_DIGITS.sub(lambda m: str(int(m.group()) - 1), previous.period or "")
        f.set("period", shifted or None, BASELINE_LEVEL)
        f.set("period_type", previous.period_type, BASELINE_LEVEL)
        f.baseline = True
        return
    if previous.period_type == "stock":
        f.set("period", f"{year}-12-31", BASELINE_LEVEL)
        f.set("period_type", "stock", BASELINE_LEVEL)
    else:
        f.set("period", year, BASELINE_LEVEL)
        f.set("period_type", previous.period_type, BASELINE_LEVEL)
    f.baseline = True


def year_lists(ix: DocumentIndex, facts: list[Facts]) -> None:
    """2021年、2022年、2023年，…分别受理…152件、177件、203件: each figure takes its year."""
    dates, text = ix.dates, ix.text
    i = 0
    while i < len(dates):
        run = [i]
        while run[-1] + 1 < len(dates) and text[dates[run[-1]].end : dates[run[-1] + 1].start] in LIST_JOINERS:
            run.append(run[-1] + 1)
        i = run[-1] + 1
        if len(run) < 2 or any(dates[j].granularity != "year" or dates[j].value_end for j in run):
            continue
        _, sentence_end = ix.structure.sentence_at(dates[run[0]].start)
        respectively = text.find("分别", dates[run[-1]].end, sentence_end)
        if respectively == -1:
            continue
        figures = [k for k in range(ix.first_quantity_at(respectively), ix.first_quantity_at(sentence_end))
                   if ix.quantities[k].role == "level"]
        if len(figures) != len(run):
            continue
        for k, j in zip(figures, run):
            if facts[k].period_type == "flow":
                facts[k].set("period", dates[j].value, YEAR_LIST)


def link_multiples(ix: DocumentIndex, facts: list[Facts]) -> None:
    """受理案件137件，是2021年的1.4倍: the multiple describes the 137件 (its `of`)."""
    qs = ix.quantities
    for i, q in enumerate(qs):
        if q.kind != "multiple" or q.role != "level":
            continue
        sentence_start = ix.sentence_start(q.start)
        if not COMPARED_TO.search(ix.text, max(sentence_start, q.start - 16), q.start):
            continue
        level = next((j for j in range(i - 1, max(ix.first_quantity_at(sentence_start), i - LOOKBACK) - 1, -1)
                      if qs[j].role == "level" and qs[j].kind != "multiple"), None)
        if level is None:
            continue
        f = facts[i]
        f.set("of", level, MULTIPLE_OF)
        f.copy_from(facts[level], ("metric",), FROM_LEVEL)
        f.copy_from(facts[level], ("metric_key",), KEY_FROM_LEVEL)
        attribution.copy_from_level(f, facts[level])
        f.copy_from(facts[level], ("period",), PERIOD_FROM_LEVEL)
        f.set("period_type", "other", MULTIPLE_OF)


def link_changes(ix: DocumentIndex, reader: PhraseReader, facts: list[Facts]) -> None:
    """growth/delta/share -> the level figure they describe (`of`)."""
    qs, text = ix.quantities, ix.text
    i = 0
    while i < len(qs):
        q = qs[i]
        if q.role == "level":
            i += 1
            continue
        # A run of changes joined by 和/、: 同比分别增长21.3%和11.6%
        run = [i]
        while run[-1] + 1 < len(qs) and qs[run[-1] + 1].role == q.role and \
                text[qs[run[-1]].end : qs[run[-1] + 1].start] in LIST_JOINERS:
            run.append(run[-1] + 1)
        sentence_start = ix.sentence_start(q.start)
        lead = text[max(sentence_start, q.start - 12) : q.start]
        # The level is among the sentence's last 40 figures: the bound keeps a line of figures linear.
        first = max(ix.first_quantity_at(sentence_start), i - LOOKBACK)
        if q.unit == "百分点":
            # 优良率85.5%，比上年提高2.3个百分点: a change in points is a change of a rate.
            levels = [j for j in range(i - 1, first - 1, -1)
                      if qs[j].unit == "%" and qs[j].role in ("level", "share") and ix.depth[j] == ix.depth[i]]
        else:
            levels = [j for j in range(i - 1, first - 1, -1)
                      if qs[j].role == "level" and ix.depth[j] == ix.depth[i] and not facts[j].baseline]
        if i > 0 and q.unit != "百分点" and bracketed_after_name(ix, i - 1) \
                and BRACKETED_THEN_CHANGE.fullmatch(text, qs[i - 1].end, q.start) \
                and not text.startswith("的", qs[i - 1].end + 1):  # 平均水平(19.1件)的1.1倍 compares with it
            levels = [i - 1, *levels]  # 本国人申请件数(72,170件)大幅增加17%: the change of the bracketed level
        if "分别" in lead and len(run) > 1 and not levels:
            # 美国及日本的申请则分别占16.8%和10.2%: no figure to hang them on; the names say what
            names = _names_before_respectively(ix, q.start, sentence_start)
            if len(names) == len(run):
                for k, name in zip(run, names):
                    facts[k].set("metric", name, NAMES_BEFORE_RESPECTIVELY)
                    facts[k].set("metric_key", key_of(name), NAMES_BEFORE_RESPECTIVELY)
                i = run[-1] + 1
                continue
        pairs = _pair_changes(ix, facts, run, levels, lead, sentence_start)
        linked = pairs
        if "分别" not in lead:
            linked = [(k, level) for k, level in pairs
                      if not _names_its_own_subject(ix, reader, k, level, sentence_start, facts)]
        for k, level in linked:
            _link_change(ix, reader, facts, k, level, sentence_start, len(run) > 1 and "分别" in lead)
        if not pairs:
            for k in run:
                _metric_from_previous_clause(ix, reader, k, facts, sentence_start)
        i = run[-1] + 1


def _pair_changes(ix: DocumentIndex, facts: list[Facts], run: list[int], levels: list[int], lead: str,
                  sentence_start: int) -> list[tuple[int, int]]:
    qs = ix.quantities
    q = qs[run[0]]
    if "分别" in lead and len(run) > 1:
        # 发明专利(46,664件)、设计专利(8,019件)分别减少3%、9%: the changes of the named, bracketed levels
        named = [j for j in range(max(ix.first_quantity_at(sentence_start), run[0] - LOOKBACK), run[0])
                 if bracketed_after_name(ix, j)]
        if len(named) >= len(run) and named[-1] == _last_level_before(ix, run[0]):
            return list(zip(run, named[-len(run):]))
    referents = _referents(ix, q.start, sentence_start) if "分别" in lead else []
    if "分别" in lead and len(run) > 1 and len(referents) == len(run) and len(levels) >= len(run):
        return list(zip(run, _match_referents(ix, referents, levels, facts)))
    if "分别" in lead and len(run) > 1 and len(levels) >= len(run):
        # 分别占起诉总人数的A和B over 46件107人、17件41人: the shares are of the persons
        counted = COUNTED_UNIT.search(ix.text, max(sentence_start, q.start - 16), q.start)
        if counted:
            group = "persons" if counted.group() == "人数" else "cases"
            hinted = [j for j in levels if words().unit_group.get(qs[j].unit) == group]
            if len(hinted) >= len(run):
                levels = hinted
        return list(zip(run, reversed(levels[: len(run)])))
    nearest = sorted(levels[: len(run)])
    if len(run) > 1 and len(nearest) == len(run) and all(
            ix.text[qs[a].end : qs[b].start] in PAIR_JOINERS for a, b in zip(nearest, nearest[1:])):
        return list(zip(run, nearest))  # 13104件和12794件，比上年增长129.6%和132.5%: in order
    named = _level_named_by_unit(ix, q.start, sentence_start, levels)
    return [(k, named if named is not None else levels[0]) for k in run] if levels else []


def _last_level_before(ix: DocumentIndex, k: int) -> int | None:
    return next((j for j in range(k - 1, max(-1, k - LOOKBACK), -1) if ix.quantities[j].role == "level"), None)


def _link_change(ix: DocumentIndex, reader: PhraseReader, facts: list[Facts], k: int, level: int,
                 sentence_start: int, respective: bool) -> None:
    qs = ix.quantities
    own_rate = _named_rate(ix, reader, k, sentence_start) if qs[k].role == "share" else None
    link_rule = RESPECTIVE_CHANGES if respective else CHANGE_OF
    if own_rate is not None:
        # 批捕率为63.8%: a rate with its own name measures that, not the count before it;
        # a long name (…涉及侵权投诉的比例) has its own subject and stands alone.
        facts[k].set("metric", own_rate, OWN_RATE)
        facts[k].set("metric_key", key_of(own_rate), OWN_RATE)
        if len(own_rate) <= 4 and own_rate.endswith("率"):  # 结收比 relates two counts
            facts[k].set("of", level, link_rule)
            attribution.copy_from_level(facts[k], facts[level])
        return
    facts[k].set("of", level, link_rule)
    facts[k].copy_from(facts[level], ("metric",), FROM_LEVEL)
    facts[k].copy_from(facts[level], ("metric_key",), KEY_FROM_LEVEL)
    attribution.copy_from_level(facts[k], facts[level])
    facts[k].copy_from(facts[level], ("period",), PERIOD_FROM_LEVEL)
    if qs[k].role != "share":
        # a change of a rate (优良率…提高2.3个百分点) is still a change over the year
        level_type = facts[level].period_type
        facts[k].set("period_type", "flow" if level_type == "other" else level_type, PERIOD_FROM_LEVEL)


def _names_its_own_subject(ix: DocumentIndex, reader: PhraseReader, k: int, level: int, sentence_start: int,
                           facts: list[Facts]) -> bool:
    """…不少于1200起，推动侵权假冒犯罪案件发案数下降5%以上: a change whose own clause names
    another measure is a change of that measure, not of the figure before it."""
    q = ix.quantities[k]
    clause_at = ix.clause_start(q.start, sentence_start)
    if q.role not in ("growth", "delta") or ix.quantities[level].end >= clause_at or q.start - clause_at < 6:
        return False  # 同比增长18.2%: too short a clause to name a measure of its own
    own, _ = reader.before(q.start, sentence_start, None, head_only=False)
    if len(own) < 4 or COMPARISON_WORDS.search(own) or own == facts[level].metric:
        return False
    facts[k].set("metric", own, OWN_MEASURE)
    facts[k].set("metric_key", key_of(own), OWN_MEASURE)
    return True


def _named_rate(ix: DocumentIndex, reader: PhraseReader, k: int, sentence_start: int) -> str | None:
    """The rate's own name when the words before the figure give one (批捕率, 结案率,
    每千件商标中涉及侵权投诉的比例), else None."""
    own, _ = reader.before(ix.quantities[k].start, sentence_start, None, head_only=False)
    if own in BARE_SHARE_WORDS or not RATE_NAME.search(own) or own.startswith("占"):
        return None  # 占全市地区生产总值的比重为5.21%: the share of the figure before
    return own


def _level_named_by_unit(ix: DocumentIndex, pos: int, sentence_start: int, levels: list[int]) -> int | None:
    """…1530批次、62.4万件，其中寄递渠道扣留批次占84.7%: the clause names the unit of the figure
    it describes (批次), not the nearest one."""
    own = ix.text[ix.clause_start(pos, sentence_start) : pos]
    return next((j for j in levels if len(ix.quantities[j].unit) >= 2 and ix.quantities[j].unit in own), None)


def _names_before_respectively(ix: DocumentIndex, pos: int, sentence_start: int) -> list[str]:
    clause = ix.text[ix.clause_start(pos, sentence_start) : pos]
    m = BEFORE_RESPECTIVELY.match(clause)
    if not m or not NAME_SEPARATOR.search(m.group("names")):
        return []
    return listed_names(m.group("names"))


def _referents(ix: DocumentIndex, pos: int, sentence_start: int) -> list[str]:
    """批次和数量同比分别增长…: the things the changes are of, named before 分别."""
    clause = ix.text[ix.clause_start(pos, sentence_start) : pos]
    m = NAMED_REFERENTS.match(clause)
    if not m:
        return []
    return [w for w in _NAME_JOINER.split(m.group("names")) if w]


def _match_referents(ix: DocumentIndex, referents: list[str], levels: list[int], facts: list[Facts]) -> list[int]:
    """Each named referent takes the figure whose unit or metric it names (批次 -> 2863批次);
    the rest take the remaining figures in order."""
    qs = ix.quantities
    candidates = sorted(levels[: len(referents) + 2])
    chosen: list[int | None] = []
    for name in referents:
        hit = next((j for j in candidates if j not in chosen
                    and (qs[j].unit == name or name in (facts[j].metric or ""))), None)
        chosen.append(hit)
    rest = [j for j in candidates if j not in chosen and qs[j].kind != "money"]
    return [c if c is not None else rest.pop(0) if rest else levels[0] for c in chosen]


def _metric_from_previous_clause(ix: DocumentIndex, reader: PhraseReader, k: int, facts: list[Facts],
                                 sentence_start: int) -> None:
    """同比增长65.63% with no figure before it: the subject of the clause that precedes."""
    q = ix.quantities[k]
    own, _ = reader.before(q.start, sentence_start, None)
    if own:
        return
    clause_start = ix.clause_start(q.start, sentence_start)
    prev_start = ix.clause_start(max(sentence_start, clause_start - 1), sentence_start)
    raw = ix.without_spans(prev_start, max(prev_start, clause_start - 1))
    cut = CHANGE_WORD.search(raw)
    if cut:
        raw = raw[: cut.start()]
    m = OF_CUT.match(raw)
    if m:
        raw = raw[m.end():]
    metric = reader.strip(raw)
    if metric:
        facts[k].set("metric", metric, PREVIOUS_CLAUSE)
        facts[k].set("metric_key", key_of(metric), PREVIOUS_CLAUSE)


def bracketed_after_name(ix: DocumentIndex, k: int) -> bool:
    q, text = ix.quantities[k], ix.text
    return q.role == "level" and q.start >= 2 and text[q.start - 1] in "(（" and q.end < len(text) \
        and text[q.end] in ")）" and HAN.match(text[q.start - 2]) is not None
