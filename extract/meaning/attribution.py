"""Who states each figure: the body acting in its clause or sentence, else the body that opened
its paragraph.

    青岛海关全年共采取知识产权保护扣留措施1908批次 -> 青岛海关 (sentence)
    …；其中南昌知识产权法庭受理…45件 -> 南昌知识产权法庭 (clause)
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass
from math import inf

from ..agencies import AgencyHit
from ..structure import Structure
from .index import DocumentIndex
from .rules import Facts, Rule, rule
from .sources import SourceLookup, collective_body, find_sources, issuer_body
from .words import (
    BODY_LAST_CHAR,
    COLLECTIVE_SUBJECT,
    CONTINUATION_LEAD,
    SUBJECT_LEAD,
    UNKNOWN_BODY_OPENING,
    UNKNOWN_BODY_REACH,
    words,
)

SENTENCE_BODY = rule(
    "agency.sentence_body", "agency", "a known body opens the sentence (past its dates and openers)",
    "2021年，青岛海关共扣留…1908批次 -> 青岛海关",
)
PARAGRAPH_BODY = rule(
    "agency.paragraph_body", "agency", "the sentence names no body: the one that opened its paragraph",
    "市市场监管局…。全年查处案件120件 -> 市市场监管局",
)
COLLECTIVE_BODY = rule(
    "agency.collective_subject", "agency", "every body of an area, named as a group, reports through one",
    "全国海关共扣留… -> 海关总署; 全省公安机关共破获… -> 山东省公安厅",
)
NEW_SUBJECT_NO_BODY = rule(
    "agency.unknown_subject", "agency",
    "the sentence opens on a body no table knows (or a group of an unknown area): not the one before",
    "全市公安机关共破获… -> none",
)
CLAUSE_BODY = rule(
    "agency.clause_body", "agency", "a body acts in the figure's own clause (body + measure verb)",
    "…，湖里区法院受理1653件 -> 湖里区人民法院",
)
BODY_BEFORE_DENG = rule(
    "agency.body_and_peers", "agency", "a body right before 等 counts itself and its peers",
    "省市场监管局等十七部门 -> 省市场监督管理局",
)
FROM_LEVEL = rule(
    "agency.from_level", "agency", "a growth, share or multiple with no body of its own takes its level's",
    "青岛海关扣留…1908批次，同比增长21.3% -> 21.3%: 青岛海关",
)
SOURCE_BODY = rule(
    "agency.source", "agency", "no body in the sentence or paragraph: the body the passage cites as its source",
    "记者从省科技厅获悉，去年全省共登记技术合同… -> 福建省科学技术厅",
)
ISSUER_BODY = rule(
    "agency.issuer", "agency", "no body in the sentence, paragraph or cited source: the paper's issuer",
    "（header）青岛市知识产权工作领导小组办公室 … 全年专利授权5.2万件 -> the issuer",
)
MAIN_BODY = rule(
    "agency.main_body", "agency", "a passage citing no source and naming no issuer: the body it names most",
    "智慧局受理专利申请…；智慧局…；…同比增长5% -> 经济部智慧财产局",
)
NO_BODY = rule("agency.none", "agency", "the text names no body at all", "同比增长5% -> none")


@dataclass(frozen=True, slots=True)
class Attribution:
    agency: str | None
    basis: str | None  # clause, sentence, paragraph, source, issuer
    by: Rule


_NOBODY = Attribution(None, None, NO_BODY)


def sections_at(structure: Structure, offsets: list[int]) -> list[str | None]:
    """`structure.section_at` of each offset (sentence starts, in order): looked up again only
    past a section's start or end, since between two of those every offset is in the same section."""
    bounds = sorted({bound for section in structure.sections for bound in (section.start, section.end)})
    found: list[str | None] = []
    section, since, until = None, 0.0, -1.0  # the section of the offsets in [since, until)
    for offset in offsets:
        if not since <= offset < until:
            section = structure.section_at(offset)
            i = bisect_right(bounds, offset)
            since = bounds[i - 1] if i else -inf
            until = bounds[i] if i < len(bounds) else inf
        found.append(section)
    return found


def agency_by_sentence(ix: DocumentIndex) -> list[Attribution]:
    """The responsible body for each sentence: its own subject, else the last subject of
    the paragraph. Where a paper indents its paragraphs, an unindented one is the PDF
    continuing the paragraph before it and keeps that paragraph's body; a new paragraph
    that names no body has none. Nothing carries across a section."""
    text, structure = ix.text, ix.structure
    indents = structure.paragraph_indents
    body = indents[len(structure.header_spans):]
    uses_indent = bool(body) and sum(1 for i in body if i >= 2) >= 0.3 * len(body)
    result: list[Attribution] = []
    carried: str | None = None  # the body that opened the last paragraph that named one
    current = _NOBODY  # the body of the sentence being read
    section = None
    paragraph_starts = [start for start, _ in structure.paragraphs] + [len(text) + 1]  # an end that no sentence reaches
    paragraph_index = -1
    date_starts = frozenset(ix.d_starts)  # a sentence opening on no date needs no passing of dates
    agency_at = ix.agency_at
    sections = sections_at(structure, [s for s, _ in structure.sentences])
    for (s, e), sec in zip(structure.sentences, sections):
        new_paragraph = False
        while paragraph_starts[paragraph_index + 1] <= s:
            paragraph_index += 1
            new_paragraph = True
        if sec != section:
            carried = None
            section = sec
        if new_paragraph:
            # 其中，…/同时，… plainly go on from the paragraph before, however indented
            continuation = CONTINUATION_LEAD.match(text, s) is not None
            if uses_indent and not continuation:
                continuation = indents[paragraph_index] < 2
            if not continuation:
                carried = None
            current = Attribution(carried, "paragraph", PARAGRAPH_BODY) if carried else _NOBODY
        elif current.basis == "sentence":
            current = Attribution(current.agency, "paragraph", PARAGRAPH_BODY)
        # A clause after ；continues its sentence: 省公安厅…督办案件4起 there is not a new subject.
        starts_sentence = s == 0 or text[s - 1] in "。！？!?\n"
        opening = ix.past_dates(s, e) if s in date_starts else s
        lead = SUBJECT_LEAD.match(text, opening, e)
        hit = agency_at.get(lead.end() if lead else opening)
        if hit is not None and not starts_sentence and hit.entry.kind != "international" \
                and words().measure_verb.match(text, hit.end) is not None:
            starts_sentence = True  # …审结3046件；思明区法院受理2107件: a new body acts after ；
        if hit is not None and starts_sentence and hit.entry.kind != "international":
            current = Attribution(hit.entry.canonical, "sentence", SENTENCE_BODY)
            if new_paragraph:
                carried = hit.entry.canonical
        elif hit is None and starts_sentence:
            # 全市公安机关共破获…: every body of the city, which reports through one; …保安警察第二
            # 总队查获…: a body no rule knows. Either way not the one named before.
            subject_at = lead.end() if lead else opening
            group = collective_body(ix, subject_at, e)
            if group is not None:
                current = Attribution(group, "sentence", COLLECTIVE_BODY)
            elif (text.startswith("全", subject_at) and COLLECTIVE_SUBJECT.match(text, subject_at, e)) \
                    or (BODY_LAST_CHAR.search(text, subject_at, min(e, subject_at + UNKNOWN_BODY_REACH))
                        and UNKNOWN_BODY_OPENING.match(text, subject_at, e)):
                current = Attribution(None, None, NEW_SUBJECT_NO_BODY)
        result.append(current)
    return result


def _partner_list(ix: DocumentIndex, last: AgencyHit) -> bool:
    """市检察院与市市场监督管理局、宁波海关等12家单位…: bodies joined to the subject by 与
    are its partners; the subject still states the figure."""
    first = last
    while first.start and ix.text[first.start - 1] == "、" and first.start - 1 in ix.agency_ending:
        first = ix.agency_ending[first.start - 1]
    return ix.text[max(0, first.start - 2) : first.start].endswith(("与", "会同", "联合"))


class Attributor:
    """Everything the agency rules read once per document: each sentence's body, the cited
    sources, the issuer."""

    def __init__(self, ix: DocumentIndex) -> None:
        self.sentences = agency_by_sentence(ix)
        # by the sentence's start, which the index remembers for each figure (with equal starts, the
        # last sentence's, as the index finds it)
        self.by_start = {s: found for (s, _), found in zip(ix.structure.sentences, self.sentences)}
        self.issuer = issuer_body(ix)
        self.sources = SourceLookup(ix, find_sources(ix), self.issuer)
        # what a fallback gives, made once: a source cited, else the issuer or the main body
        self.cited = {s.agency: Attribution(s.agency, "source", SOURCE_BODY) for s in self.sources.sources}
        main_body = self.sources.main_body
        self.uncited = Attribution(self.issuer, "issuer", ISSUER_BODY) if self.issuer is not None \
            else Attribution(main_body, "source", MAIN_BODY) if main_body is not None else _NOBODY

    def fallback(self, pos: int) -> Attribution:
        """No body acts in the figure's clause, sentence or paragraph: the cited source, the issuer."""
        source = self.sources.at(pos)
        return self.cited[source] if source is not None else self.uncited

    def of_sentence(self, ix: DocumentIndex, pos: int) -> Attribution:
        start = ix.sentence_start(pos)
        found = self.by_start[start] if start <= pos else self.sentences[0]  # before the first sentence: the first's
        if found.agency is not None:
            return found
        fallback = self.fallback(pos)
        return fallback if fallback.agency is not None else found


def attribute(ix: DocumentIndex, k: int, who: Attributor, facts: Facts) -> None:
    """Set the agency of figure k: its clause's body, else its sentence's, paragraph's, source's
    or the issuer."""
    q = ix.quantities[k]
    sentence = who.of_sentence(ix, q.start)
    text = ix.text
    sentence_start = ix.sentence_start(q.start)
    chosen = sentence
    clause_at = ix.clause_start(q.start, sentence_start)
    clause_body = ix.agency_at.get(clause_at)
    if clause_body is None and text.startswith("其中", clause_at):  # …，其中南昌知识产权法庭受理…
        clause_lead = SUBJECT_LEAD.match(text, clause_at, q.start)
        clause_body = ix.agency_at.get(clause_lead.end()) if clause_lead else None
    if clause_body is not None and clause_body.entry.kind != "international" \
            and words().measure_verb.match(text, clause_body.end) is not None:
        chosen = Attribution(clause_body.entry.canonical, "clause", CLAUSE_BODY)
    elif clause_at > sentence_start and clause_body is None:
        group = collective_body(ix, clause_at, q.start)  # …，全国海关共扣留…
        if group is not None:
            chosen = Attribution(group, "clause", COLLECTIVE_BODY)
    named = ix.agency_ending.get(q.start - 1) if q.start and text[q.start - 1] == "等" else None
    if named is not None and not _partner_list(ix, named):
        chosen = Attribution(named.entry.canonical, "clause", BODY_BEFORE_DENG)
    facts.set("agency", chosen.agency, chosen.by)
    facts.agency_basis = chosen.basis


def copy_from_level(facts: Facts, level: Facts) -> None:
    """A change or multiple with no body of its own is stated by its level's body (a body its
    level's own words name beats the passage's source or issuer)."""
    fallback = ("source", "issuer")
    if level.agency is not None and (
        facts.agency is None or (facts.agency_basis in fallback and level.agency_basis not in fallback)
    ):
        facts.set("agency", level.agency, FROM_LEVEL)
        facts.agency_basis = level.agency_basis
