"""What each figure measures (`metric`, as written) and its stable key across papers
(`metric_key`).

    全市共立案查处侵犯知识产权案件533件 -> 立案查处侵犯知识产权案件
    专利申请量和授权量分别为5.2万件和2.8万件 -> 专利申请量, 专利授权量
    兽药企业申请专利48项，获得专利证书58项 -> key of 58项: 兽药企业获得专利证书

`decide_metric` tries the rules in the order they are declared; a later rule refines what an
earlier one read, and the trace names the last rule that changed the phrase.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from functools import lru_cache

from .. import rx
from ..quantities import QuantityHit
from ..ruledata import match_heading
from .index import DocumentIndex
from . import segment
from .keys import key_words, place_name
from .phrases import PhraseReader, key_of, listed_names
from .rules import Facts, Rule, rule
from .words import (
    AFTER_REVIEW,
    AMONG_THESE,
    AMONG_TOP,
    AVERAGE_LEVEL,
    BARE_TOTALS,
    CHANGED_TO,
    COMPLEMENT,
    COUNTED_OVER_THRESHOLD,
    FROM_TO_OPENING,
    LABEL_COLON,
    LABEL_QUALIFIERS,
    LISTED_NAMES,
    LIST_HEADING,
    LIST_JOINER,
    NEW_PREFIX,
    PERSON_UNITS,
    PLAN_WORDS,
    PLAN_WORDS_BEFORE,
    RANKED_FEW,
    REACH,
    RESPECTIVELY_ENDINGS,
    SELECTING,
    SHARE_OF,
    THRESHOLD_LINK,
    TITLES,
    words,
)

WORDS_BEFORE = rule("metric.words_before", "metric", "the phrase before the figure in its clause, framing words stripped",
                    "全市共立案查处侵犯知识产权案件533件 -> 立案查处侵犯知识产权案件")
NOUN_AFTER = rule("metric.noun_after", "metric", "the phrase before says the noun follows (的/等/和) or is only a verb",
                  "选聘的40名技术调查官 -> 技术调查官")
SELECTED_THINGS = rule("metric.selected_things", "metric", "a selecting verb before and the things after",
                       "遴选18项关键核心技术专利组合 -> 遴选关键核心技术专利组合")
AMONG_THESE_CASES = rule("metric.what_happened_among", "metric", "在N件X中Y: what happened among the things counted",
                         "在17件案件中适用惩罚性赔偿 -> 适用惩罚性赔偿")
COMPLEMENT_NAMES = rule("metric.complement_names_generic", "metric", "a generic noun (单位, 项目) named by 被认定为/为…",
                        "12家单位被认定为知识产权示范单位 -> 知识产权示范单位")
SAME_THINGS = rule("metric.same_things_counted", "metric", "no phrase of its own right after another figure",
                   "52件86人 -> 86人 counts what 52件 does")
LISTED = rule("metric.listed_names", "metric", "names listed before 分别为, paired in order",
              "专利申请量和授权量分别为5.2万件和2.8万件 -> 专利申请量, 专利授权量")
LABEL = rule("metric.label_colon", "metric", "a label and a colon before the figure", "查扣批次：2863批次 -> 查扣批次")
HEADING_CLAUSE = rule("metric.heading_clause", "metric", "a bare indicator name opening the paragraph",
                      "有效注册商标量。2023年完成值为51.2万件 -> 有效注册商标量")
CHANGED_TO_LEVEL = rule("metric.changed_to", "metric", "增加到/提高到 a new level of the figure before",
                        "由最初的5家增加到现有的45家 -> 45家 measures what 5家 does")
PREVIOUS_IN_SENTENCE = rule("metric.previous_in_sentence", "metric", "no phrase of its own: the sentence's figure before",
                            "通过…品种有6个，累计达144个 -> 品种")
SHARE_PART = rule("metric.part_before_share", "metric", "X占Y的…: a share measures its part X",
                  "经网上提交的申请约占申请总数的95% -> 经网上提交的申请")
BARE_TOTAL = rule("metric.bare_total", "metric", "a bare 总数/总量 names the total of the things just counted",
                  "新获批地理标志产品3个，总数达到118个 -> 地理标志产品总数")
THRESHOLD_MEASURE = rule("metric.threshold_measure", "metric", "a threshold measures the amount named before it",
                         "涉案金额在100万元以上的案件 -> 涉案金额")
BRACKETED_FIGURE = rule("metric.name_before_bracket", "metric", "a figure alone in brackets after a name measures that name",
                        "其中，发明专利（4.6万件）、外观设计专利（0.8万件） -> 发明专利, 外观设计专利")
PLACE_LIST = rule("metric.measure_of_listed_places", "metric",
                  "a place named before its figure is whom it is about: the measure is the list's",
                  "投入超过百亿元的市有3个，分别为甲市（120亿元）、乙市（105亿元） -> 投入")
SUBJECT_CLAUSE = rule("metric.subject_clause_before", "metric",
                      "no phrase of its own and no figure in the clause before: that clause names the measure",
                      "其中涉及未成年人的案件数，由12件增加到20件 -> 涉及未成年人的案件数")
TABLE_ROW = rule("metric.table_row", "metric", "a table cell: its row label", "专利授权量 | 5.2万件 -> 专利授权量")
NONE = rule("metric.none", "metric", "nothing near the figure names a measure", "…，同比增长5% (no level) -> none")

SYNONYM_KEY = rule("metric_key.synonym", "metric_key", "the metric's entry in metrics.tsv, else the phrase itself",
                   "授权发明专利 -> 发明专利授权量")
ATTRIBUTE_KEY = rule("metric_key.attribute_of_thing", "metric_key", "an attribute (案值, 价值) of the thing just counted",
                     "查获走私卷烟120万条，案值3000万元 -> 走私卷烟·案值")
STAGE_KEY = rule("metric_key.case_stage", "metric_key", "a later stage of the cases an intake counted",
                 "受理审查逮捕案件120件，批准逮捕96件 -> 受理审查逮捕案件·批准逮捕")
SUBJECT_KEY = rule("metric_key.subject_carried", "metric_key", "a measure verb whose subject the sentence named before",
                   "兽药企业申请专利48项，获得专利证书58项 -> 兽药企业获得专利证书")


# jieba word boundaries on (WPX_NO_SEGMENT=1 turns them off, to measure what they do)
SEGMENT_WORDS = not os.environ.get("WPX_NO_SEGMENT")


@dataclass
class ReadingState:
    """What reading figure k needs to know about the figures read before it."""

    previous: QuantityHit | None = None
    previous_facts: Facts | None = None
    pending_names: list[str] = field(default_factory=list)  # 申请量和授权量分别为…: names still to pair
    metrics: dict[int, str] = field(default_factory=dict)  # figure index -> metric, for lists of places
    bracket_name: str | None = None  # the last name a bracketed figure measured
    bracket_sentence: int = -1  # the sentence it stands in: a parallel name is never carried further


def set_metric(facts: Facts, metric: str | None, by: Rule) -> None:
    facts.set("metric", metric or None, by)
    facts.set("metric_key", key_of(metric) if metric else None, SYNONYM_KEY if metric else by)


def decide_metric(ix: DocumentIndex, reader: PhraseReader, k: int, state: ReadingState,
                  sentence_start: int, clause_start: int) -> tuple[str, Rule, str]:
    """The metric phrase of figure k, the rule that gave it, and the noun phrase after it: its own
    words first, then lists and labels, then what the sentence around it says. `sentence_start`
    and `clause_start` are those of the figure (ix.sentence_start, ix.clause_start)."""
    metric, by, following = _own_words(ix, reader, k, state, sentence_start, clause_start)
    metric, by = _lists_and_labels(ix, reader, k, state, metric, by, sentence_start)
    metric, by = _from_context(ix, reader, k, state, metric, by, sentence_start)
    return metric, (by if metric else NONE), following


def _own_words(ix: DocumentIndex, reader: PhraseReader, k: int, state: ReadingState, sentence_start: int,
               clause_start: int) -> tuple[str, Rule, str]:
    """The phrase before the figure, or the noun after it, or the complement a generic noun takes."""
    text = ix.text
    q = ix.quantities[k]
    previous = state.previous
    same_clause_prev = (
        previous.end
        if previous is not None and previous.end > clause_start - 1 and previous.end <= q.start
        else None
    )
    # A share keeps its whole phrase: 企业持有的商标约占三分之二 is not a share of all 商标
    metric, noun_follows = reader.before(q.start, sentence_start, same_clause_prev, head_only=q.role != "share",
                                         clause=clause_start)
    by = WORDS_BEFORE
    # 日本以1.3万件稳居首位: a ranking after the figure is no noun it counts
    following = "" if ix.ranking_at(q.end) else reader.after(q.end)
    among = AMONG_THESE.match(following) if text[max(0, q.start - 1) : q.start] == "在" else None
    if among:  # 在17件案件中适用惩罚性赔偿: the cases are where 适用惩罚性赔偿 happened
        following = among.group("what")
    if len(following) >= 2 and (
        noun_follows or len(metric) < 2 or words().verb_end.search(metric)
        or (len(metric) <= 3 and len(following) >= 4)
        or (SEGMENT_WORDS and segment.names_no_thing(metric))
    ):
        verb = SELECTING.search(metric) if not noun_follows else None
        # 遴选18项关键核心技术专利组合 measures what was selected: 遴选关键核心技术专利组合
        metric = verb.group() + following if verb else following
        by = SELECTED_THINGS if verb else AMONG_THESE_CASES if among else NOUN_AFTER
    if metric in words().generic:
        # 12家单位被认定为…培育单位, 确定…等20个项目为…导航项目: the sentence says which
        complement = COMPLEMENT.match(text, q.end + len(metric), min(len(text), q.end + 60))
        if complement:
            what = reader.strip(TITLES.sub("", ix.without_spans(complement.start("what"), complement.end("what"))))
            metric, by = (_QUOTES.sub("", what) or metric), COMPLEMENT_NAMES
    return metric, by, following


_QUOTES = rx.compile(r"[“”\"]")


def _ends_in_colon(before: str) -> bool:
    """What LABEL_COLON needs at the end: a colon, then spaces and one of 约/近/超过 at most."""
    for word in LABEL_QUALIFIERS:
        if before.endswith(word):
            before = before[: -len(word)]
            break
    return before.rstrip(" \t").endswith(("：", ":"))


def _lists_and_labels(ix: DocumentIndex, reader: PhraseReader, k: int, state: ReadingState, metric: str,
                      by: Rule, sentence_start: int) -> tuple[str, Rule]:
    """52件86人, 分别为 lists, 查扣批次：N, a heading clause, a name before a bracketed figure."""
    text = ix.text
    q = ix.quantities[k]
    previous, previous_facts = state.previous, state.previous_facts
    if not metric and previous_facts is not None and previous is not None \
            and previous.start >= sentence_start and text[previous.end : q.start] in ("", "、", "和", "及", "与"):
        metric, by = previous_facts.metric or "", SAME_THINGS  # 52件86人, 494期、3027篇
    listed = LISTED_NAMES.search(text, max(sentence_start, q.start - 40), q.start) \
        if text.endswith(RESPECTIVELY_ENDINGS, 0, q.start) else None  # (the pattern ends on one of these)
    if listed:  # 专利申请量和授权量分别为5.2万件和2.8万件: the first figure is the 申请量
        metric, *state.pending_names = [reader.strip(n) or n for n in listed_names(listed.group("names"))]
        by = LISTED
    elif state.pending_names and previous is not None and text[previous.end : q.start] in ("和", "、", "及", "与"):
        metric, by = state.pending_names.pop(0), LISTED
    else:
        state.pending_names = []
    if not metric:
        label_from = max(sentence_start, q.start - REACH)
        label = LABEL_COLON.search(text, label_from, q.start) if _ends_in_colon(text[label_from : q.start]) else None
        if label:  # 查扣批次：2863批次
            metric, by = reader.strip(label.group("label")), LABEL
    near = max(sentence_start, q.start - REACH)  # every look back is bounded: long lines stay linear
    if metric in PLAN_WORDS or (not metric and PLAN_WORDS_BEFORE.search(text, near, q.start)) \
            or (not metric and previous is None or not metric and previous.start < sentence_start):
        # 有效注册商标量。2023年完成值为51.2万件: the indicator is the clause before
        heading = heading_clause(ix, reader, sentence_start)
        if heading:
            metric, by = heading, HEADING_CLAUSE
    if text[q.start - 1 : q.start] in ("（", "(") and text[q.end : q.end + 1] in ("）", ")"):
        name = bracketed_name(ix, reader, q.start - 1, sentence_start)
        if name and AVERAGE_LEVEL.search(name) and previous_facts is not None and previous_facts.metric:
            metric, by = previous_facts.metric, BRACKETED_FIGURE  # 是全国平均水平（15.8件）的3倍
        elif name:  # 其中，发明专利（4.6万件）、外观设计专利（0.8万件）
            parallel = state.bracket_name if state.bracket_sentence == sentence_start else None
            if parallel and len(name) < len(parallel) and parallel[len(name) - 1] == name[-1] and len(name) >= 2:
                name += parallel[len(name):]  # 本国人申请件数（…），外国人（…）: the second shares the tail
            metric, by = name, BRACKETED_FIGURE
            state.bracket_name, state.bracket_sentence = name, sentence_start
    return metric, by


def _from_context(ix: DocumentIndex, reader: PhraseReader, k: int, state: ReadingState, metric: str,
                  by: Rule, sentence_start: int) -> tuple[str, Rule]:
    """A place or body is a subject, a change to a new level, the figure before, the subject's
    clause, a share's part, a bare total."""
    text = ix.text
    q = ix.quantities[k]
    previous, previous_facts = state.previous, state.previous_facts
    # 乙市（105亿元）, 德国以1165件, 中国版权保护中心282541件 in a list of regions: the place or
    # body is the subject, not the measure
    if is_place(metric) or (not metric and _body_alone_before(ix, q.start, sentence_start)):
        listed = list_measure(ix, reader, k, sentence_start, state)
        if listed:
            metric, by = listed, PLACE_LIST
        elif previous_facts is not None and previous_facts.metric and not is_place(previous_facts.metric) \
                and previous is not None and previous.start >= ix.paragraph_start(q.start):
            metric, by = previous_facts.metric, PLACE_LIST  # 甲市以120亿元居首，乙市（105亿元）次之
    if CHANGED_TO.match(metric) and previous_facts is not None:
        metric, by = previous_facts.metric or "", CHANGED_TO_LEVEL  # …由最初的5家增加到现有的45家
    if not metric and previous_facts is not None and previous is not None and previous.start >= sentence_start:
        metric, by = previous_facts.metric or "", PREVIOUS_IN_SENTENCE  # 通过…品种有6个，累计达144个
        if "累计" in text[max(sentence_start, q.start - 8) : q.start]:
            metric = NEW_PREFIX.sub("", metric)  # 新增备案374项，累计达2438项: all of them
    if not metric:
        before = subject_clause_before(ix, reader, k, sentence_start)
        if before:
            metric, by = before, SUBJECT_CLAUSE
    if q.role == "share":
        part = SHARE_OF.search(metric)
        if part and part.start() >= 2:  # 经网上提交的申请约占申请总数的…: the part is the measure
            metric, by = metric[: part.start()], SHARE_PART
    if metric in BARE_TOTALS and previous_facts is not None and previous is not None \
            and previous.start >= sentence_start and previous_facts.metric:
        metric, by = NEW_PREFIX.sub("", previous_facts.metric) + metric, BARE_TOTAL
    return metric, by


def bracketed_name(ix: DocumentIndex, reader: PhraseReader, bracket: int, floor: int) -> str | None:
    """The name right before a bracket that holds only a figure: back to a clause break or 、."""
    start = max(ix.clause_start(bracket, floor), bracket - 20)
    comma = ix.text.rfind("、", start, bracket)
    name = reader.strip(ix.without_spans(max(start, comma + 1), bracket))
    return name if len(name) >= 2 else None


@lru_cache(maxsize=8192)
def is_place(metric: str) -> bool:
    """A metric phrase that is only a place's name (广东, 北京市, 德国), perhaps after the word
    joining it to a list (为广东, 和湖北, 其次为日本): the figure's subject."""
    return bool(metric) and place_name(LIST_JOINER.sub("", metric))


def list_measure(ix: DocumentIndex, reader: PhraseReader, k: int, sentence_start: int,
                 state: ReadingState) -> str | None:
    """What a list of places measures: the phrase before 分别为/依次为 (登记量较多的分别是：
    北京市…；上海市…: 登记量), else the figure before in the paragraph counted the same way
    (…投入超过千亿元的省有8个，分别为广东（3479.9亿元）: the threshold 千亿元 names 投入)."""
    q = ix.quantities[k]
    paragraph = max(ix.paragraph_start(q.start), q.start - 3 * REACH)
    among = AMONG_TOP.match(ix.text, sentence_start, q.start)
    if among:  # 商标申请前五大国家（地区）中，甲国以…: what the top places are ranked by
        name = reader.strip(among.group("whole"))
        if len(name) >= 2 and not is_place(name):
            return name
    heading = None
    for heading in LIST_HEADING.finditer(ix.text, paragraph, q.start):
        pass  # the last one before the figure
    if heading:
        name = reader.strip(RANKED_FEW.sub("", ix.without_spans(
            ix.clause_start(heading.start(), paragraph), heading.start())))
        if len(name) >= 2 and not is_place(name):
            return name
        counted = COUNTED_OVER_THRESHOLD.search(ix.text, paragraph, heading.start())
        if counted:  # …经费投入超过百亿元的市有3个，分别为…: the amount the threshold is of
            name = reader.strip(ix.without_spans(ix.clause_start(counted.start("what"), paragraph), counted.end("what")))
            if len(name) >= 2:
                return name
    for j in range(k - 1, max(ix.first_quantity_at(paragraph), k - 12) - 1, -1):
        other = ix.quantities[j]
        if other.unit == q.unit and other.kind == q.kind and other.role == q.role:
            metric = state.metrics.get(j)
            if metric and not is_place(metric):
                return metric
    return None


def subject_clause_before(ix: DocumentIndex, reader: PhraseReader, k: int, sentence_start: int) -> str | None:
    """当中涉中学生被捕人数，更由9人急升至29人: the clause before, when it holds no figure, is
    the subject the figure's clause goes on about."""
    q = ix.quantities[k]
    clause = ix.clause_start(q.start, sentence_start)
    if clause <= sentence_start or not FROM_TO_OPENING.match(ix.text, clause, q.start):
        return None
    before = ix.clause_start(clause - 1, sentence_start)
    if k and ix.quantities[k - 1].end > before:
        return None
    name = reader.strip(ix.without_spans(before, clause - 1))
    return name if 2 <= len(name) <= 24 and not words().verb_end.search(name) else None


def _body_alone_before(ix: DocumentIndex, pos: int, sentence_start: int) -> bool:
    """The figure's clause is a body's name and nothing else: 中国版权保护中心282541件."""
    body = ix.agency_ending.get(pos)
    return body is not None and body.start == ix.clause_start(pos, sentence_start)


def heading_clause(ix: DocumentIndex, reader: PhraseReader, sentence_start: int) -> str | None:
    """The short sentence that opens the paragraph (有效注册商标量。) when it is a bare
    indicator name."""
    start = ix.paragraph_start(sentence_start)
    stop = ix.text.find("。", start, sentence_start)
    if stop == -1 or stop - start > 24:
        return None
    name = ix.text[start:stop]
    heading = match_heading(name)
    if heading:
        name = name[heading.end():]
    name = reader.strip(name.strip())
    if 2 <= len(name) <= 20 and not any(ch in name for ch in "，,；"):
        return name
    return None


def threshold_measure(ix: DocumentIndex, start: int, floor: int) -> str | None:
    """涉案金额在100万元以上的案件, 案值10万元以上的案件: the threshold is of the amount
    named right before it, not of the 案件 it picks out."""
    before = THRESHOLD_LINK.sub("", ix.text[ix.clause_start(start, floor) : start])
    return next((w for w in words().attributes_longest_first if before.endswith(w)), None)


def carry_subjects(ix: DocumentIndex, facts: list[Facts]) -> None:
    """兽药企业申请专利48项，获得专利证书58项: the second key is 兽药企业获得专利证书. The
    metric stays as written; only the key takes the subject, within one 。 sentence."""
    w = words()
    attributes = key_words().attributes  # (keys.attribute, read once)
    subject: str | None = None
    intake: str | None = None
    thing: tuple[str, str] | None = None  # (key, unit) of the last thing counted
    sentence_end = -1
    for q, f in zip(ix.quantities, facts):
        if q.start > sentence_end:
            subject = None
            intake = None
            thing = None
            stop = ix.text.find("。", q.start)
            sentence_end = stop if stop != -1 else len(ix.text)
        if not f.metric:
            continue
        attr = attributes.get(f.metric)
        if attr is not None:
            # 走私卷烟…，案值…: the thing's 案值; …同比增长97.7%，案值同比增长66.7%: a change too.
            # 涉案金额 is the amount of the cases themselves, whatever was counted before it.
            if thing and attr[1] == "thing" and (thing[1] != q.unit or q.role != "level"):
                f.set("metric_key", key_of(f"{thing[0].removesuffix('·批次').removesuffix('批次')}·{attr[0]}"),
                      ATTRIBUTE_KEY)
            continue
        if q.role != "level":
            if q.role == "growth" and f.metric_key:
                thing = (f.metric_key, q.unit)
            continue
        if q.unit not in PERSON_UNITS:  # 抓获犯罪嫌疑人19名，涉案金额…: the amount is the cases'
            thing = (f.metric_key or f.metric, q.unit)
        staged = AFTER_REVIEW.sub("", f.metric)  # 经审查批准逮捕 is the 批准逮捕 stage
        stage = w.stage.match(staged)
        if stage and w.stages[stage.group()] == "intake":
            intake = f.metric
        elif stage and intake and f.trace.get("metric_key") == SYNONYM_KEY.name:
            f.set("metric_key", key_of(f"{intake}·{staged}"), STAGE_KEY)  # 受理…审查逮捕案件·批准逮捕
            continue
        m = w.measure_verb.search(f.metric)
        if m is None:
            continue
        if m.start() >= 2:
            subject = f.metric[: m.start()]
        elif m.start() == 0 and subject and f.trace.get("metric_key") == SYNONYM_KEY.name:
            f.set("metric_key", subject + key_of(f.metric), SUBJECT_KEY)  # 兽药企业 + 软件著作权申请量
