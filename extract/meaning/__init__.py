"""The meaning layer: what every figure measures, who states it, when, and what it belongs to.

One read-only `DocumentIndex` per document; one module per field, each a list of named rules
(`rules.py`); the pass order is `link` below. `wpx extract FILE --explain` prints the rule
behind every field.

    index.py        the document index every rule looks things up in
    words.py        word tables and patterns (plain lists live in extract/data/)
    phrases.py      reading a metric phrase before or after a figure
    keys.py         metric_key: one key per indicator across papers
    attribution.py  agency: who states the figure
    sources.py      the bodies a passage cites, its issuer, groups that report through one body
    metric.py       metric (the phrase)
    segment.py      jieba word boundaries for metric phrases
    period.py       period and period_type (the Period type)
    relations.py    of: changes, shares, multiples, 分别 lists; baselines; year lists
    parts.py        parent: 其中 lists, bracketed breakdowns, 按X分, 在X中
    figures.py      the reading-order pass over figures
    ranking_links.py  what a ranking ranks
    subject.py      subject: whom a figure is about (a listed region, firm, country), with
                    subject_rules.py, subject_names.py (gazetteer, own scope), subject_reader.py
"""

from __future__ import annotations

from . import attribution, keys, metric, parts, relations, subject
from .figures import read_figures
from .index import DocumentIndex, TableCell
from .phrases import PhraseReader
from .ranking_links import link_rankings
from .rules import RULES, TRACED_FIELDS, Facts, Rule

__all__ = ["DocumentIndex", "Facts", "RULES", "Rule", "TRACED_FIELDS", "TableCell", "link"]


def link(ix: DocumentIndex) -> tuple[list[Facts], list[Facts]]:
    """Facts for every figure and every ranking, in the order of `ix.quantities` / `ix.rankings`."""
    reader = PhraseReader(ix)
    who = attribution.Attributor(ix)
    facts = [Facts() for _ in ix.quantities]
    read_figures(ix, reader, who, facts)  # agency, metric, period of each figure
    relations.year_lists(ix, facts)
    # Parts first, so that keys carried to later figures (…纠纷·争议标的) already name their
    # whole; changes last, so that they copy final keys.
    parts.link_parts(ix, facts)
    metric.carry_subjects(ix, facts)
    relations.link_multiples(ix, facts)
    relations.link_changes(ix, reader, facts)
    ranking_facts = link_rankings(ix, reader, who, facts)
    keys.finish_keys(ix.quantities, facts, sorted(range(len(facts)), key=lambda k: (facts[k].of is not None, k)))
    subject.decide_subjects(ix, facts, ranking_facts)  # last: a growth takes its level's along `of`
    return facts, ranking_facts
