"""Parts and their whole (`parent`): 其中/当中 lists, bracketed breakdowns, 按X分/从X看, 在X中,
N名…中, and a name with its figure in brackets after a whole of the same thing.

    受理知识产权纠纷案件53件，其中：特许经营合同纠纷45件，技术合同纠纷8件 -> 45件, 8件 parent 53件
    新收和审结…案件分别为A件和B件，其中著作权案件…件 -> the part of the level whose stage it names

A part's key names its whole, and a part is counted when its whole is; both copies are named rules.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterator
from decimal import Decimal

import regex

from .. import rx
from .index import DocumentIndex, positions
from .phrases import same_group
from .relations import LOOKBACK as _LOOKBACK
from .relations import PAIR_JOINERS, bracketed_after_name
from .rules import Facts, rule
from .words import AMONG, AMONG_NAMED, AMONG_REACH, AMONG_WORD, AVERAGE, BRACKETS, BREAKDOWN_FIRST, BREAKDOWN_OPENER, SCOPE_MARK, words
from .words import BUILT as NEW_THINGS

PART_OF = rule("parent.part_of_whole", "parent", "其中, a bracket, 按X分, 在X中: the parts of the whole before",
               "受理…53件，其中：特许经营合同纠纷45件 -> parent 53件")
PART_KEY = rule("metric_key.part_of_whole", "metric_key", "a part's key names its whole",
                "受理纠纷53件，其中特许经营合同纠纷45件 -> 受理纠纷·特许经营合同纠纷")
PART_PERIOD = rule("period.of_whole", "period", "a part is counted when its whole is, unless it names its own time",
                   "年末户籍总人口…，其中城镇人口… -> the whole's period")

# 其中 and, at a clause start, 当中 (当中涉中学生被捕人数…) open the parts of a whole
AMONG_ANYWHERE, AMONG_AT_CLAUSE_START, CLAUSE_BREAKS = "其中", "当中", "，,；;。\n"
AMONG_MARK = rx.compile(rf"{AMONG_ANYWHERE}|(?<=[{CLAUSE_BREAKS}]){AMONG_AT_CLAUSE_START}", engine="regex")
PAIRED_NAMES = rx.compile(r"^(?:共|全年)?(?P<a>\p{Han}{2})(?:和|与|及|、)(?P<b>\p{Han}{2})")
# …显示，分活动类型看，…: a breakdown after a comma
COMMAS = "，,"
MID_SENTENCE_BREAKDOWN = rx.compile(
    rf"(?<=[{COMMAS}])(?:{'|'.join(BREAKDOWN_FIRST)})[^，。；;\n]{{1,10}}?(?:分|看|来看|划分)[，,]", engine="regex")
FROM_BEFORE = rx.compile(r"[由从]$")


def link_parts(ix: DocumentIndex, facts: list[Facts]) -> None:
    """其中 lists, bracketed breakdowns and N名…中 make children of a whole (`parent`)."""
    text, qs = ix.text, ix.quantities
    scopes: list[tuple[int, int, int, bool]] = []  # (start, end, marker, at_sentence_start)
    whole_hints: dict[int, str] = {}  # 在X中 marker -> the whole X names
    for at in among_marks(text):
        scopes.append(_among_scope(ix, at))
    # Both openers stand at a sentence start: trying them there only keeps the pass cheap.
    shared_whole: set[int] = set()  # 按权利类型分，A…、B…、C…: every part is of one whole
    breakdowns: list[tuple[int, int]] = []  # where the parts of each breakdown stand
    for m in filter(None, (BREAKDOWN_OPENER.match(text, st) for st in ix.sentence_starts if text[st : st + 1] in _BREAKDOWN_OPENS)):
        shared_whole.add(m.start())
        # 按经营地分，城镇…，乡村…: the parts of the figure the sentence before stated
        stop = text.find("。", m.end(), m.end() + 600)
        scopes.append((m.end(), stop if stop != -1 else min(len(text), m.end() + 600), m.start(), True))
        breakdowns.append((m.start(), scopes[-1][1]))
    for m in filter(None, (AMONG_NAMED.match(text, st) for st in ix.sentence_starts if _may_name_a_whole(text, st))):
        # 在民事一审案件中，著作权案件13256件: the parts of a whole named in the sentence before.
        end = m.end()
        stop = text.find("。", end, end + 600)
        scopes.append((end, stop if stop != -1 else min(len(text), end + 600), m.start(), True))
        whole_hints[m.start()] = m.group("whole")
        breakdowns.append((m.start(), scopes[-1][1]))
    for m in mid_sentence_breakdowns(text):
        # …显示，分活动类型看，A…；B…: parts of a whole the text may never state
        stop = text.find("。", m.end(), m.end() + 600)
        breakdowns.append((m.start(), stop if stop != -1 else min(len(text), m.end() + 600)))
    for q in qs:
        nxt = q.end
        if nxt < len(text) and text[nxt] in BRACKETS:
            close = text.find(BRACKETS[text[nxt]], nxt)
            if close != -1 and close - nxt < 200:
                scopes.append((nxt, close, nxt, False))
        m = AMONG.match(text[nxt : nxt + 14]) if text.find(AMONG_WORD, nxt, nxt + AMONG_REACH + 1) != -1 else None
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


def among_marks(text: str) -> list[int]:
    """Where AMONG_MARK matches (its words found with str.find: a regex scan of the whole text
    with a lookbehind costs several times more; the two words cannot overlap)."""
    after_break = [at for at in positions(text, AMONG_AT_CLAUSE_START) if at and text[at - 1] in CLAUSE_BREAKS]
    return sorted(positions(text, AMONG_ANYWHERE) + after_break)


def mid_sentence_breakdowns(text: str) -> Iterator[regex.Match[str]]:
    """MID_SENTENCE_BREAKDOWN.finditer(text), tried only after a comma and a breakdown's first
    word (found with str.find)."""
    done = 0
    for at in sorted(at + 1 for comma in COMMAS for first in BREAKDOWN_FIRST for at in positions(text, comma + first)):
        if at >= done:
            m = MID_SENTENCE_BREAKDOWN.match(text, at)
            if m is not None:
                done = m.end()
                yield m


_SPACES = " \t\u3000"
# The first characters a sentence that _may_open with a breakdown starts with (as a set, so
# that the empty string is not among them)
_BREAKDOWN_OPENS = frozenset(_SPACES + BREAKDOWN_FIRST)


def _may_open(text: str, st: int, first: str) -> bool:
    """Whether a sentence can open with one of the characters `first` (spaces allowed before):
    checked before the opener patterns, which most sentences cannot match."""
    ch = text[st : st + 1]
    return ch != "" and (ch in _SPACES or ch in first)


def _may_name_a_whole(text: str, st: int) -> bool:
    """AMONG_NAMED needs 中， within its reach (在 and a name of up to 20 characters)."""
    if text[st : st + 1] in _SPACES:
        return True
    window = text[st : st + 24]
    return "中，" in window or "中," in window


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
    later = 0  # the figures a sibling list reached past are not looked at again
    for k in [k for k, q in enumerate(qs) if text[q.start - 1 : q.start] in BRACKETS and bracketed_after_name(ix, k)]:
        q = qs[k]
        if k < later or facts[k].parent is not None:
            continue
        sentence_start = ix.sentence_start(q.start)
        name = text[ix.clause_start(q.start - 1, sentence_start) : q.start - 1]
        wholes = [j for j in range(max(ix.first_quantity_at(sentence_start), k - _LOOKBACK), k)
                  if qs[j].role == "level" and ix.depth[j] < ix.depth[k] and not facts[j].baseline
                  and facts[j].period_type != "other" and same_group(qs[j].unit, q.unit)
                  and (qs[j].value is None or q.value is None or qs[j].value >= q.value)
                  and len(set(name) & set(facts[j].metric or "")) >= 2]
        if not wholes:
            continue
        whole = wholes[-1]
        room = qs[whole].value
        _, sentence_end = ix.structure.sentence_at(q.start)
        for c in range(k, min(ix.first_quantity_at(sentence_end), k + _LOOKBACK)):
            if not bracketed_after_name(ix, c) or facts[c].parent is not None \
                    or not same_group(qs[c].unit, q.unit):
                continue
            if room is not None and qs[c].value is not None:
                if qs[c].value > room:
                    break
                room -= qs[c].value
            _make_part(ix, facts, c, whole, qs[whole].end)
        later = max(k + 1, min(ix.first_quantity_at(sentence_end), k + _LOOKBACK))


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
        _make_part(ix, facts, c, parent, marker)
        first_whole = parent if first_whole is None else first_whole


def _make_part(ix: DocumentIndex, facts: list[Facts], c: int, parent: int, marker: int) -> None:
    """Figure c is a part of `parent`: its key names the whole, and it holds when the whole does."""
    facts[c].set("parent", parent, PART_OF)
    # 受理…53件，其中特许经营合同纠纷45件 / 审结…43件，其中特许经营合同纠纷37件: the
    # part's key names its whole, so the two 特许经营合同纠纷 stay apart
    if facts[parent].metric_key and facts[c].metric_key and facts[c].metric_key != facts[parent].metric_key:
        facts[c].set("metric_key", f"{facts[parent].metric_key}·{facts[c].metric_key}", PART_KEY)
    # 年末户籍总人口…。其中，城镇人口…: a part is counted when its whole is,
    # unless it names its own time (累计完成…，其中2023年当年完成…).
    # 重点实验室153个，其中新组建…21个: new ones are the year's flow, not the stock's
    new_part = facts[parent].period_type == "stock" and NEW_THINGS.match(facts[c].metric or "") is not None
    if not ix.dated_between(marker, ix.quantities[c].start) and not new_part:
        facts[c].copy_from(facts[parent], ("period", "period_type"), PART_PERIOD)


def _clause_chain_start(text: str, marker: int) -> int:
    """Just after the last ；/。/line end before `marker`, 600 characters back at most."""
    reach = max(0, marker - 600)
    return max(reach, *(text.rfind(ch, reach, marker) + 1 for ch in "。；;\n"))


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
    # The whole of a mid-sentence 其中 is in the same clause chain
    sentence_start = _clause_chain_start(text, marker)
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


