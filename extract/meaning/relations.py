"""How figures relate: a growth or share describes a level (`of`), a part belongs to a whole
(`parent`), a base year's figure is the base of a change, a list of years dates its figures.

    扣留…1908批次、58.6万件，同比分别增长21.3%和11.6% -> 21.3% of 1908批次, 11.6% of 58.6万件
    受理…53件，其中：特许经营合同纠纷45件 -> 45件 parent 53件

A relation may copy fields along the link it makes (a growth measures what its level does);
each copy is a named rule in the trace.
"""

from __future__ import annotations

from bisect import bisect_right
from decimal import Decimal

import regex

from . import attribution
from .index import DocumentIndex
from .phrases import PhraseReader, key_of, listed_names, same_group
from .rules import Facts, rule
from .words import (
    AMONG,
    AMONG_NAMED,
    AVERAGE,
    BARE_SHARE_WORDS,
    BASELINE,
    BEFORE_RESPECTIVELY,
    BRACKETS,
    BUILT as NEW_THINGS,
    BREAKDOWN_OPENER,
    CHANGE_WORD,
    COMPARED_TO,
    COMPARISON_WORDS,
    COUNTED_UNIT,
    LIST_JOINERS,
    NAME_SEPARATOR,
    NAMED_REFERENTS,
    OF_CUT,
    RATE_NAME,
    SCOPE_MARK,
    words,
)

BASELINE_LEVEL = rule("of.baseline", "metric", "较2020年的X, 较去年同期X: the base of a change measures the level before it, in that year",
                      "51.2万件，较2020年的38.7万件增长32.3% -> 38.7万件: the same indicator, 2020")
YEAR_LIST = rule("period.year_list", "period", "a list of years then 分别: each figure its year",
                 "2021年、2022年、2023年，…分别受理152件、177件、203件 -> 2021, 2022, 2023")
PART_OF = rule("parent.part_of_whole", "parent", "其中, a bracket, 按X分, 在X中: the parts of the whole before",
               "受理…53件，其中：特许经营合同纠纷45件 -> parent 53件")
PART_KEY = rule("metric_key.part_of_whole", "metric_key", "a part's key names its whole",
                "受理纠纷53件，其中特许经营合同纠纷45件 -> 受理纠纷·特许经营合同纠纷")
PART_PERIOD = rule("period.of_whole", "period", "a part is counted when its whole is, unless it names its own time",
                   "年末户籍总人口…，其中城镇人口… -> the whole's period")
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
# 其中 and, at a clause start, 当中 (当中涉中学生被捕人数…) open the parts of a whole
AMONG_MARK = regex.compile(r"其中|(?<=[，,；;。\n])当中")
# levels stated as a pair: 2928件和2899件 after 新收和审结
PAIR_JOINERS = frozenset(["和", "、", "及", "与"])
PAIRED_NAMES = regex.compile(r"^(?:共|全年)?(?P<a>\p{Han}{2})(?:和|与|及|、)(?P<b>\p{Han}{2})")
# 较去年同期17人: a level stated for the year before, the base of a change
LAST_YEARS_BASE = regex.compile(r"(?:较|比)(?:去年|上年)(?:同期)?的?$")
FROM_BEFORE = regex.compile(r"[由从]$")
BRACKETED_THEN_CHANGE = regex.compile(r"[)）][^，,。；;（(]{0,8}")
MID_SENTENCE_BREAKDOWN = regex.compile(r"(?<=[，,])(?:按|从|分)[^，。；;\n]{1,10}?(?:分|看|来看|划分)[，,]")
_LOOKBACK = 40  # figures a change, part or multiple looks back over for its level or whole

PREVIOUS_CLAUSE = rule("metric.previous_clause", "metric", "a change with no level: the subject of the clause before",
                       "全市技术合同成交额快速增长，同比增长65.63% -> 技术合同成交额")


def take_baseline(ix: DocumentIndex, k: int, f: Facts, previous: Facts | None) -> None:
    """51.2万件，较2020年的38.7万件增长32.3%: the base is the same indicator, in 2020."""
    q = ix.quantities[k]
    sentence_start = ix.sentence_start(q.start)
    baseline = BASELINE.search(ix.text, max(sentence_start, q.start - 10), q.start)
    last_year = LAST_YEARS_BASE.search(ix.text, max(sentence_start, q.start - 8), q.start) \
        if q.kind != "multiple" and q.role == "level" else None
    if not (baseline or last_year) or previous is None:
        return
    f.copy_from(previous, ("metric", "metric_key"), BASELINE_LEVEL)
    if baseline is not None:
        year: str | None = baseline.group("year")
    else:  # 较去年同期23人: the level of the same period a year before
        shifted = regex.sub(r"(?<!\d)\d{4}(?!\d)", lambda m: str(int(m.group()) - 1), previous.period or "")
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


def link_parts(ix: DocumentIndex, facts: list[Facts]) -> None:
    """其中 lists, bracketed breakdowns and N名…中 make children of a whole (`parent`)."""
    text, qs = ix.text, ix.quantities
    scopes: list[tuple[int, int, int, bool]] = []  # (start, end, marker, at_sentence_start)
    whole_hints: dict[int, str] = {}  # 在X中 marker -> the whole X names
    for m in AMONG_MARK.finditer(text):
        scopes.append(_among_scope(ix, m.start()))
    # Both openers stand at a sentence start: trying them there only keeps the pass cheap.
    shared_whole: set[int] = set()  # 按权利类型分，A…、B…、C…: every part is of one whole
    breakdowns: list[tuple[int, int]] = []  # where the parts of each breakdown stand
    for m in filter(None, (BREAKDOWN_OPENER.match(text, st) for st in ix.sentence_starts)):
        shared_whole.add(m.start())
        # 按经营地分，城镇…，乡村…: the parts of the figure the sentence before stated
        stop = text.find("。", m.end(), m.end() + 600)
        scopes.append((m.end(), stop if stop != -1 else min(len(text), m.end() + 600), m.start(), True))
        breakdowns.append((m.start(), scopes[-1][1]))
    for m in filter(None, (AMONG_NAMED.match(text, st) for st in ix.sentence_starts)):
        # 在民事一审案件中，著作权案件13256件: the parts of a whole named in the sentence before.
        end = m.end()
        stop = text.find("。", end, end + 600)
        scopes.append((end, stop if stop != -1 else min(len(text), end + 600), m.start(), True))
        whole_hints[m.start()] = m.group("whole")
        breakdowns.append((m.start(), scopes[-1][1]))
    for m in MID_SENTENCE_BREAKDOWN.finditer(text):
        # …显示，分活动类型看，A…；B…: parts of a whole the text may never state
        stop = text.find("。", m.end(), m.end() + 600)
        breakdowns.append((m.start(), stop if stop != -1 else min(len(text), m.end() + 600)))
    for q in qs:
        nxt = q.end
        if nxt < len(text) and text[nxt] in BRACKETS:
            close = text.find(BRACKETS[text[nxt]], nxt)
            if close != -1 and close - nxt < 200:
                scopes.append((nxt, close, nxt, False))
        m = AMONG.match(text[nxt : nxt + 14])
        if m and q.role == "level":
            end = nxt + m.end()
            stop = end
            while stop < len(text) and text[stop] not in "。；;\n":
                stop += 1
            scopes.append((end, stop, end, False))
    scopes.sort(key=lambda s: s[1] - s[0])
    in_breakdown = _InRanges(breakdowns)
    _named_in_brackets(ix, facts)
    for start, end, marker, at_start in scopes:
        # 分活动主体看，… after 分活动类型看，…: a part of one breakdown is no whole of the next
        others = in_breakdown if marker in shared_whole else None
        _assign_parts(ix, facts, start, end, marker, at_start, marker in shared_whole, whole_hints.get(marker), others)


class _InRanges:
    """Whether a position lies in one of the ranges: a bisect, so that many ranges stay cheap."""

    def __init__(self, ranges: list[tuple[int, int]]) -> None:
        ranges = sorted(ranges)
        self.starts = [b for b, _ in ranges]
        self.reach: list[int] = []  # the furthest end of the ranges starting up to here
        for _, e in ranges:
            self.reach.append(max(e, self.reach[-1]) if self.reach else e)

    def holds(self, pos: int) -> bool:
        i = bisect_right(self.starts, pos) - 1
        return i >= 0 and self.reach[i] > pos


def _named_in_brackets(ix: DocumentIndex, facts: list[Facts]) -> None:
    """受理商标注册申请94,089件，…本国人申请件数(72,170件)…，外国人(21,919件)…: a name with its
    figure in brackets, after a whole of the same thing in the sentence, is a part of it; the
    names bracketed after it in the sentence are its siblings while they fit in the whole."""
    qs, text = ix.quantities, ix.text
    k = 0
    while k < len(qs):
        q = qs[k]
        if not _bracketed_after_name(ix, k) or facts[k].parent is not None:
            k += 1
            continue
        sentence_start = ix.sentence_start(q.start)
        name = text[ix.clause_start(q.start - 1, sentence_start) : q.start - 1]
        wholes = [j for j in range(max(ix.first_quantity_at(sentence_start), k - _LOOKBACK), k)
                  if qs[j].role == "level" and ix.depth[j] < ix.depth[k] and not facts[j].baseline
                  and facts[j].period_type != "other" and same_group(qs[j].unit, q.unit)
                  and (qs[j].value is None or q.value is None or qs[j].value >= q.value)
                  and len(set(name) & set(facts[j].metric or "")) >= 2]
        if not wholes:
            k += 1
            continue
        whole = wholes[-1]
        room = qs[whole].value
        _, sentence_end = ix.structure.sentence_at(q.start)
        for c in range(k, min(ix.first_quantity_at(sentence_end), k + _LOOKBACK)):
            if not _bracketed_after_name(ix, c) or facts[c].parent is not None \
                    or not same_group(qs[c].unit, q.unit):
                continue
            if room is not None and qs[c].value is not None:
                if qs[c].value > room:
                    break
                room -= qs[c].value
            facts[c].set("parent", whole, PART_OF)
        k = max(k + 1, min(ix.first_quantity_at(sentence_end), k + _LOOKBACK))


def _bracketed_after_name(ix: DocumentIndex, k: int) -> bool:
    q, text = ix.quantities[k], ix.text
    return q.role == "level" and q.start >= 2 and text[q.start - 1] in "(（" and q.end < len(text) \
        and text[q.end] in ")）" and regex.match(r"\p{Han}", text[q.start - 2]) is not None


def _among_scope(ix: DocumentIndex, k: int) -> tuple[int, int, int, bool]:
    """Where the parts a 其中 at k lists end."""
    text, qs = ix.text, ix.quantities
    depth = 0
    end = len(text)
    opened_before = ix.open_bracket_before(k)
    # 其中：A…；B… lists across semicolons; 其中A…、B…；next thing stops at the semicolon
    colon_list = text.startswith(("其中：", "其中:"), k)
    semicolon: int | None = None
    for mark in SCOPE_MARK.finditer(text, k, min(len(text), k + 600)):
        j, ch = mark.start(), mark.group()
        if opened_before is not None and ch == BRACKETS[opened_before] and depth == 0:
            end = j
            break
        if ch in "（(":
            depth += 1
        elif ch in "）)":
            depth = max(0, depth - 1)
        elif depth == 0 and ch in "。\n":
            end = j
            break
        elif depth == 0 and ch in "；;" and semicolon is None:
            semicolon = j
    # 其中 that opens a sentence or a ；-clause describes what the clause before stated
    at_start = k == 0 or text[k - 1] in "。\n；;" or (text[k - 1] in "，," and k >= 2 and text[k - 2] in "。；;")
    if semicolon is not None and not colon_list and not at_start and semicolon < end \
            and not any(qs[j].role == "level" and qs[j].kind not in ("percent", "fraction")
                        for j in range(ix.first_quantity_at(k), ix.first_quantity_at(semicolon))):
        end = semicolon  # 其中美术作品占比过半；软件登记量…: a part with no figure ends its clause
    elif semicolon is not None and not colon_list and semicolon < end \
            and words().stage.match(text, semicolon + 1) is not None:
        end = semicolon  # …，其中移送公安机关5件；办结案件43件: the next stage of the whole, not a part
    return (k, end, k, at_start)


def _assign_parts(ix: DocumentIndex, facts: list[Facts], start: int, end: int, marker: int, at_start: bool,
                  shared: bool, hint: str | None, other_breakdowns: "_InRanges | None" = None) -> None:
    qs = ix.quantities
    children = [
        i for i in range(ix.first_quantity_at(start), ix.first_quantity_at(end))
        if qs[i].role == "level" and facts[i].parent is None and facts[i].period_type != "other"
    ]
    filled: dict[int, Decimal] = {}
    first_whole: int | None = None  # the parts of one list share their whole
    respective = _respective_wholes(ix, facts, children, marker)
    for c in children:
        if c in respective:
            parent: int | None = respective[c]
        elif first_whole is not None and shared and same_group(qs[first_whole].unit, qs[c].unit):
            parent = first_whole
        else:
            parent = _find_parent(ix, c, marker, at_start, facts, hint, other_breakdowns)
        if parent is not None and AVERAGE.search(facts[parent].metric or ""):
            parent = None  # 按常住地分，城镇居民人均…: averages of groups do not add up to it
        if parent is None:
            continue
        whole = qs[parent].value
        so_far = filled.get(parent, Decimal(0))
        if whole is not None and so_far >= whole and so_far > 0:
            continue  # 19+4 already make the 23: what follows is not a part
        if qs[c].value is not None:
            filled[parent] = so_far + qs[c].value
        facts[c].set("parent", parent, PART_OF)
        first_whole = parent if first_whole is None else first_whole
        # 受理…53件，其中特许经营合同纠纷45件 / 审结…43件，其中特许经营合同纠纷37件: the
        # part's key names its whole, so the two 特许经营合同纠纷 stay apart
        if facts[parent].metric_key and facts[c].metric_key and facts[c].metric_key != facts[parent].metric_key:
            facts[c].set("metric_key", f"{facts[parent].metric_key}·{facts[c].metric_key}", PART_KEY)
        # 年末户籍总人口…。其中，城镇人口…: a part is counted when its whole is,
        # unless it names its own time (累计完成…，其中2023年当年完成…).
        # 重点实验室153个，其中新组建…21个: new ones are the year's flow, not the stock's
        new_part = facts[parent].period_type == "stock" and NEW_THINGS.match(facts[c].metric or "") is not None
        if not ix.dated_between(marker, qs[c].start) and not new_part:
            facts[c].copy_from(facts[parent], ("period", "period_type"), PART_PERIOD)


def _respective_wholes(ix: DocumentIndex, facts: list[Facts], children: list[int], marker: int) -> dict[int, int]:
    """新收…863件，审结841件，其中二审案件分别为752件和733件: one part of each whole, in order."""
    qs, text = ix.quantities, ix.text
    if len(children) < 2 or "分别" not in text[marker : qs[children[0]].start]:
        return {}
    run = children[:1]
    while len(run) < len(children) and text[qs[run[-1]].end : qs[children[len(run)]].start] in PAIR_JOINERS:
        run.append(children[len(run)])
    sentence_start = ix.sentence_start(marker)
    last = ix.first_quantity_at(marker)
    wholes = [j for j in range(max(ix.first_quantity_at(sentence_start), last - _LOOKBACK), last)
              if qs[j].role == "level" and not facts[j].baseline and facts[j].period_type != "other"
              and same_group(qs[j].unit, qs[run[0]].unit)][-len(run):]
    if len(run) < 2 or len(wholes) != len(run) or any(
            qs[w].value is not None and qs[c].value is not None and qs[w].value < qs[c].value
            for w, c in zip(wholes, run)):
        return {}
    return dict(zip(run, wholes))


def _find_parent(ix: DocumentIndex, child: int, marker: int, at_start: bool, facts: list[Facts],
                 hint: str | None, other_breakdowns: "_InRanges | None" = None) -> int | None:
    qs, text = ix.quantities, ix.text
    c = qs[child]
    sentence_start = marker
    # The whole of a mid-sentence 其中 is in the same clause chain: after the last ；/。
    while sentence_start > 0 and marker - sentence_start < 600 and text[sentence_start - 1] not in "。；;\n":
        sentence_start -= 1
    floor = sentence_start
    if at_start:
        floor = ix.paragraph_start(marker)
        if floor == sentence_start:  # 其中 opens a paragraph: the PDF broke after the whole
            floor = ix.paragraph_start(max(0, floor - 1))
    last = ix.first_quantity_at(marker)
    candidates = [
        j for j in range(max(ix.first_quantity_at(floor), last - _LOOKBACK), last)
        if qs[j].end <= marker and qs[j].role == "level"
        and same_group(qs[j].unit, c.unit) and facts[j].period_type != "other" and j != child
        and (qs[j].value is None or c.value is None or qs[j].value >= c.value)
        and not (other_breakdowns is not None and other_breakdowns.holds(qs[j].start))
    ]
    if not candidates:
        return None
    child_metric = set(facts[child].metric or "")

    def score(j: int) -> tuple[int, int]:
        return (len(child_metric & set(facts[j].metric or "")), qs[j].start)

    if hint is not None:
        # 在民事一审案件中 names its whole; 在审理的某专利侵权案中 names a case, not a whole
        candidates = [j for j in candidates if len(set(hint) & set(facts[j].metric or "")) >= 3]
        if not candidates:
            return None
    stage = words().stage.search(facts[child].metric or "")
    if stage is not None:  # 其中，…法庭共受理各类案件1696件: a part of what was 受理, not 审结
        same_stage = [j for j in candidates if stage.group() in (facts[j].metric or "")]
        candidates = same_stage or candidates
    in_sentence = [j for j in candidates if qs[j].start >= sentence_start]
    if not in_sentence and at_start and hint is None:
        # 。其中，蔬菜…: the whole is in the sentence just before, not anywhere in the paragraph
        before = ix.sentence_start(max(0, sentence_start - 1))
        in_sentence = [j for j in candidates if qs[j].start >= before]
    pool = in_sentence or candidates
    if hint is not None:  # the figure the hint names best, then the usual order
        return max(pool, key=lambda j: (len(set(hint) & set(facts[j].metric or "")), *score(j)))
    bases = [j for j in pool if facts[j].baseline]
    if bases and FROM_BEFORE.search(text, max(0, c.start - 2), c.start):
        return max(bases)  # 较去年同期17人…；其中…由6人升至21人: 6人 is a part of last year's 17人
    # 相比2018年的2351952件 is last year's total: this year's parts are not its parts
    pool = [j for j in pool if j not in bases]
    if not pool:
        return None
    paired = _paired_whole(ix, child, pool, facts)
    if paired is not None:
        return paired
    return max(pool, key=score)


def _paired_whole(ix: DocumentIndex, child: int, pool: list[int], facts: list[Facts]) -> int | None:
    """新收和审结…案件2928件和2899件，其中新收商标案件2150件: the part of a pair of levels
    belongs to the one whose verb it names (新收), or to the first when it names neither."""
    qs, text = ix.quantities, ix.text
    last = max(pool)
    run = [last]
    while run[0] - 1 in pool and text[qs[run[0] - 1].end : qs[run[0]].start] in PAIR_JOINERS:
        run.insert(0, run[0] - 1)
    if len(run) < 2:
        return None
    names = PAIRED_NAMES.match(facts[run[0]].metric or "")
    own = facts[child].metric or ""
    if names is not None and len(run) == 2:
        for j, name in zip(run, (names.group("a"), names.group("b"))):
            if name in own:
                return j
    return run[0]


def link_multiples(ix: DocumentIndex, facts: list[Facts]) -> None:
    """受理案件137件，是2021年的1.4倍: the multiple describes the 137件 (its `of`)."""
    qs = ix.quantities
    for i, q in enumerate(qs):
        if q.kind != "multiple" or q.role != "level":
            continue
        sentence_start = ix.sentence_start(q.start)
        if not COMPARED_TO.search(ix.text, max(sentence_start, q.start - 16), q.start):
            continue
        level = next((j for j in range(i - 1, max(ix.first_quantity_at(sentence_start), i - _LOOKBACK) - 1, -1)
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
        first = max(ix.first_quantity_at(sentence_start), i - _LOOKBACK)
        if q.unit == "百分点":
            # 优良率85.5%，比上年提高2.3个百分点: a change in points is a change of a rate.
            levels = [j for j in range(i - 1, first - 1, -1)
                      if qs[j].unit == "%" and qs[j].role in ("level", "share") and ix.depth[j] == ix.depth[i]]
        else:
            levels = [j for j in range(i - 1, first - 1, -1)
                      if qs[j].role == "level" and ix.depth[j] == ix.depth[i] and not facts[j].baseline]
        if i > 0 and q.unit != "百分点" and _bracketed_after_name(ix, i - 1) \
                and BRACKETED_THEN_CHANGE.fullmatch(text, qs[i - 1].end, q.start):
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
    return [w for w in regex.split(r"和|与|及|、", m.group("names")) if w]


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
