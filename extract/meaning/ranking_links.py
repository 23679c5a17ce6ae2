"""What a ranking ranks: the measure named before it, or the figure it follows.

    驰名商标总量达152件，位列全省第一位 -> 驰名商标总量
    产品66个、地理标志478件，分别居西部第2位和第1位 -> each rank its figure's measure
"""

from __future__ import annotations

from .. import rx
from .attribution import Attributor
from .index import DocumentIndex
from .metric import is_place
from .phrases import PhraseReader, key_of
from .rules import Facts, rule

RESPECTIVE_RANKS = rule("ranking.respective_figures", "metric", "分别居…: ranks pair with the figures before, in order",
                        "产品66个、地理标志478件，分别居西部第2位和第1位")
SECOND_RANKING = rule("ranking.same_thing_again", "metric", "a second ranking right after the first ranks the same",
                      "排名全国第17位、居西部第3位")
RANKED_PHRASE = rule("ranking.words_before", "metric", "the phrase before the rank in its clause",
                     "专利密集型产业增加值居全省第二位 -> 专利密集型产业增加值")
RANKED_FIGURE = rule("ranking.figure_before", "metric", "the clause names nothing: the figure of the clause before",
                     "驰名商标总量达152件，位列全省第一位 -> 驰名商标总量")
LISTED_RANK_FIGURE = rule("ranking.listed_figure", "metric", "第二是X N件: the ordinal ranks the figure its clause states",
                          "最多的是美术作品…；第二是摄影作品1015件 -> 摄影作品")
FIGURE_IT_RANKS = rule("ranking.figure_it_ranks", "metric", "X以N件居首: the rank is of the figure its clause states",
                       "发明专利申请中，日本以1.3万件居首 -> the 1.3万件's measure")
RANKED_FIELD = rule("ranking.field_after_verb", "metric", "a place ranks first in a field: the field is what is ranked",
                    "日本稳居外国人专利申请首位 -> 外国人专利申请")
RANK_PERIOD = rule("ranking.report_year", "period", "a rank holds for the report (or section) year",
                   "位列全省第一位 -> 2023")


def link_rankings(ix: DocumentIndex, reader: PhraseReader, who: Attributor,
                  quantity_facts: list[Facts]) -> list[Facts]:
    out: list[Facts] = []
    paired: dict[int, int] = {}  # ranking index -> figure index (分别居…)
    previous = None
    text = ix.text
    for index, r in enumerate(ix.rankings):
        si = ix.sentence_index(r.start)
        sentence_start = ix.structure.sentences[si][0]
        if "分别" in text[max(0, r.start - 4) : r.start]:
            group = [index]
            while group[-1] + 1 < len(ix.rankings) and ix.rankings[group[-1] + 1].start - ix.rankings[group[-1]].end <= 1:
                group.append(group[-1] + 1)
            levels = [j for j in range(ix.first_quantity_at(sentence_start), ix.first_quantity_at(r.start))
                      if ix.quantities[j].role == "level"]
            if len(group) > 1 and len(levels) >= len(group):
                paired.update(zip(group, levels[-len(group):]))
        if index in paired:
            out.append(_copied(quantity_facts[paired[index]], RESPECTIVE_RANKS))
            previous = r
            continue
        clause_start = ix.clause_start(r.start, sentence_start)
        if previous is not None and clause_start <= previous.start < r.start and out:
            clause_start = previous.end
            if text[clause_start : r.start].strip("、和及与") == "":
                out.append(_copied(out[-1], SECOND_RANKING))
                previous = r
                continue
        previous = r
        metric, by = _ranked_figure(ix, r, clause_start, quantity_facts)
        if not metric:
            metric = reader.strip(_BY_SUBJECT.sub("", ix.without_spans(clause_start, r.start)))
            by = RANKED_PHRASE
        if is_place(metric) and r.scope and not _POPULATION_SCOPE.match(r.scope):
            # 日本稳居外国人专利申请首位: the place is whom the rank is about; what is ranked is named
            # between the verb and the rank
            metric, by = reader.strip(r.scope.rstrip("的")), RANKED_FIELD
        if not metric:
            by = RANKED_FIGURE
            prev_clause = ix.clause_start(max(sentence_start, clause_start - 1), sentence_start)
            lo, hi = ix.first_quantity_at(prev_clause), ix.first_quantity_at(clause_start)
            if hi > lo and quantity_facts[hi - 1].metric:
                metric = quantity_facts[hi - 1].metric or ""
            else:
                raw = ix.without_spans(prev_clause, max(prev_clause, clause_start - 1))
                metric = reader.strip(_VERB_BEFORE_FIGURE.split(raw)[0])
        f = Facts()
        f.set("metric", metric or None, by)
        f.set("metric_key", key_of(metric) if metric else None, by)
        sentence = who.of_sentence(ix, r.start)
        f.set("agency", sentence.agency, sentence.by)
        f.agency_basis = sentence.basis
        f.set("period", ix.default_year(r.start), RANK_PERIOD)
        f.set("period_type", "other", RANK_PERIOD)
        out.append(f)
    return out


# Populations ranked within (全国, 全省, 西部, 副省级城市, 全国海关): a scope, not a field
_VERB_BEFORE_FIGURE = rx.compile(r"仅次于|达到|达|为|是")
_POPULATION_SCOPE = rx.compile(r"^(?:全|各|本|我)|(?:省|市|区|县|国|地区|城市|海关|部门|西部|东部|中部)(?:中|内)?的?$")
# 中国大陆以4575件稳居首位: the subject and its 以 before the figure are no part of what is ranked
_BY_SUBJECT = rx.compile(r"^\p{Han}{1,12}以$")
_LISTED_ORDINAL = rx.compile(r"第\S{1,2}$")


def _ranked_figure(ix: DocumentIndex, r, clause_start: int, facts: list[Facts]) -> tuple[str, object]:  # type: ignore[no-untyped-def]
    """The measure of the figure a ranking ranks, when its clause states one: after a listed
    ordinal (第二是摄影作品1015件) or before the rank with 以 (日本以1.3万件居首)."""
    text = ix.text
    if text.startswith(("是", "为"), r.end) and _LISTED_ORDINAL.search(r.rank_text):
        k = ix.first_quantity_at(r.end)
        stop = min(ix.clause_start(r.end + 40, r.end) if r.end + 40 < len(text) else len(text), len(text))
        if k < len(ix.quantities) and ix.quantities[k].start < stop and facts[k].metric:
            return facts[k].metric or "", LISTED_RANK_FIGURE
    k = ix.first_quantity_at(r.start) - 1
    if k >= 0 and ix.quantities[k].start >= clause_start and text[ix.quantities[k].end : r.start] in ("", "的", "，") \
            and "以" in text[clause_start : ix.quantities[k].start] and facts[k].metric:
        return facts[k].metric or "", FIGURE_IT_RANKS
    return "", RANKED_PHRASE


def _copied(source: Facts, by) -> Facts:  # type: ignore[no-untyped-def]
    f = Facts()
    f.copy_from(source, ("metric", "metric_key", "agency", "period"), by)
    f.agency_basis = source.agency_basis
    f.set("period_type", "other", by)
    return f
