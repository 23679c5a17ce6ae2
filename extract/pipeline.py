"""Text in, validated `Document` out: a pure function of the text, no I/O but `extract_file`.

Stages: repair (offset map) -> structure -> the paper's scope (region, year, issuer) ->
recognisers on the repaired text -> the meaning layer (extract/meaning) -> records with offsets
mapped back to the original -> validated Document -> audit.
"""

from __future__ import annotations

import gc
import hashlib
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import TypeAdapter

from . import __version__, rx
from .agencies import AgencyHit, find_agencies
from .audit import audit
from .dates import DateHit, find_dates
from .docrefs import DocRefHit, find_document_refs
from .meaning import DocumentIndex, Facts, TableCell, link
from .models import (
    Agency,
    DateRecord,
    Document,
    DocumentInfo,
    DocumentRef,
    Quantity,
    Ranking,
    Section,
)
from .quantities import QuantityHit, find_quantities
from .rankings import RankingHit, find_rankings
from .reading import SourceText, read_source, reject_surrogates
from .repair import RepairedText, repair
from .scope import infer_scope
from .structure import Structure, parse_structure
from .tables import find_table_quantities

# A short quoted phrase is a name, slogan or case title (“十四五”, “4.12”假冒注册商标案,
# “三个窗口”), not a statement of a figure.
_QUOTED_NAME = rx.compile(r"“[^“”\n，。；]{1,14}”|\"[^\"\n，。；]{1,14}\"|‘[^‘’\n，。；]{1,10}’")

_FOOTER_LINE = rx.compile(r"\s*[（(]?\s*(?:共印|印数|责任编辑|报[：:]|送[：:]|抄送|抄报|联系电话)")

# Records of a kind are validated in one call: the same checks as one model call each, a
# third less time.
_QUANTITIES = TypeAdapter(list[Quantity])
_DATES = TypeAdapter(list[DateRecord])
_AGENCIES = TypeAdapter(list[Agency])

_TYPE_ORDER = {"document_ref": 0, "date": 1, "ranking": 2, "quantity": 3, "agency": 4}


def _mark(mask: bytearray, start: int, end: int) -> None:
    if end > start:
        mask[start:end] = b"\x01" * (end - start)


class _Builder:
    """Turns extractor hits (repaired offsets) into records (original offsets)."""

    def __init__(self, repaired: RepairedText, structure: Structure) -> None:
        self.original = repaired.original
        self.span = repaired.offsets.span
        self.section_at = structure.section_at

    def common(self, prefix: str, start: int, end: int) -> dict[str, Any]:
        o_start, o_end = self.span(start, end)
        return {
            "id": f"{prefix}{o_start}-{o_end}",
            "start": o_start,
            "end": o_end,
            "text": self.original[o_start:o_end],
            "section": self.section_at(start),
        }

    def mention(self, start: int, end: int) -> dict[str, Any]:
        """Where a further mention of a record stands: offsets and text only."""
        o_start, o_end = self.span(start, end)
        return {"start": o_start, "end": o_end, "text": self.original[o_start:o_end]}


def extract_text(
    text: str,
    *,
    source: str = "<text>",
    encoding: str = "utf-8",
    title: str | None = None,
    issuer: str | None = None,
    published: str | None = None,
    year: int | None = None,
    region: str | None = None,
    source_format: str = "text",
    sha256: str | None = None,
    pages: Sequence[int] | None = None,
    trace: dict[str, dict[str, str]] | None = None,
) -> Document:
    """Extract every record of `text`. `sha256`: the hash of the input bytes the text was decoded
    from (the text's own UTF-8 hash when not given). `pages`: where each page starts in `text`
    (a PDF's), so that records carry their page. When `trace` is a dict, it is filled with the
    rule that set each field of each figure and ranking: {record id: {field: rule name}}."""
    # The pass builds many short-lived objects and no reference cycles: the cyclic collector's
    # full sweeps would only grow with the document (a 10 MB paper spent a fifth of its time
    # there), so it is paused for the pass and restored after.
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        doc = _extract_text(text, source, encoding, title, issuer, published, year, region, trace)
    finally:
        if was_enabled:
            gc.enable()
    doc.document.format = source_format  # type: ignore[assignment]
    if sha256 is not None:
        doc.document.sha256 = sha256
    if pages:
        for record in doc.records:
            record.page = bisect_right(pages, record.start)
    return doc


@dataclass
class _Hits:
    """What the recognisers found, on repaired-text offsets, in document order."""

    refs: list[DocRefHit]
    dates: list[DateHit]
    rankings: list[RankingHit]
    quantities: list[QuantityHit]
    table_cells: dict[tuple[int, int], TableCell]
    agencies: list[AgencyHit]


def _extract_text(
    text: str,
    source: str,
    encoding: str,
    title: str | None,
    issuer: str | None,
    published: str | None,
    year: int | None,
    region: str | None,
    trace: dict[str, dict[str, str]] | None,
) -> Document:
    reject_surrogates(text, source)
    repaired = repair(text)
    structure = parse_structure(repaired)
    clean = repaired.text
    # A release or an excerpt may state neither region nor year in a header: read them from the body.
    scope = infer_scope(clean, structure.title, structure.region, structure.year, structure.issuer_name,
                        structure.published)
    report_year = year if year is not None else scope.year
    region_name = region if region is not None else scope.region
    hits = _recognise(repaired, structure, report_year, region_name, scope.issuer)
    quantity_facts, ranking_facts = link(
        DocumentIndex(clean, structure, hits.quantities, hits.rankings, hits.dates, hits.agencies, report_year,
                      hits.table_cells, region=region_name, issuer=scope.issuer)
    )
    _set_currencies(hits.quantities, quantity_facts, _home_currency(region_name, clean), clean)
    build = _Builder(repaired, structure)
    records = [*_reference_records(build, hits.refs), *_date_records(build, hits.dates),
               *_figure_records(build, hits, quantity_facts, ranking_facts, trace),
               *_agency_records(build, hits.agencies)]
    records.sort(key=lambda r: (r.start, r.end, _TYPE_ORDER[r.type]))
    sha = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()
    info = DocumentInfo(
        id=sha[:16],
        source=source,
        sha256=sha,
        text_sha256=sha,
        encoding=encoding,
        title=title if title is not None else structure.title,
        issuer=issuer if issuer is not None else (structure.issuer or scope.issuer),
        published=published if published is not None else structure.published,
        year=report_year,
        region=region_name,
        chars=len(text),
    )
    doc = Document(extractor_version=__version__, document=info, sections=_sections(repaired, structure),
                   records=records)
    doc.audit = audit(doc)
    return doc


def _recognise(repaired: RepairedText, structure: Structure, report_year: int | None, region: str | None,
               issuer: str | None) -> _Hits:
    """Run the recognisers, each kept off the spans an earlier one claimed."""
    clean = repaired.text
    in_titles = bytearray(len(clean) + 1)
    refs = find_document_refs(clean)
    for ref in refs:
        if ref.title_span:
            _mark(in_titles, ref.title_span[0], ref.title_span[1])
    dates = find_dates(clean, in_titles, structure.paragraphs, report_year)
    rankings = find_rankings(clean, in_titles)
    not_figures = _not_figures(repaired, structure, in_titles, refs, dates, rankings)
    table_hits, table_rows = find_table_quantities(clean, structure.paragraphs, not_figures)
    for s, e in table_rows:  # the prose reader stays off table rows
        _mark(not_figures, s, e)
    quantities = sorted([*find_quantities(clean, not_figures), *(t.hit for t in table_hits)], key=lambda q: q.start)
    table_cells = {(t.hit.start, t.hit.end): TableCell(t.metric, t.period) for t in table_hits}
    agencies = find_agencies(clean, region, in_titles, issuer)
    return _Hits(refs, dates, rankings, quantities, table_cells, agencies)


def _not_figures(repaired: RepairedText, structure: Structure, in_titles: bytearray, refs: list[DocRefHit],
                 dates: list[DateHit], rankings: list[RankingHit]) -> bytearray:
    """Where no figure is read: titles, 文号, dates, quoted names, the header, a bulletin's
    distribution footer, and the scope of a ranking."""
    clean = repaired.text
    not_figures = bytearray(in_titles)
    for ref in refs:
        _mark(not_figures, ref.start, ref.end)
    for m in _QUOTED_NAME.finditer(clean):
        _mark(not_figures, m.start(), m.end())
    for d in dates:
        _mark(not_figures, d.start, d.end)
    for s, e in structure.header_spans:
        # A headline states figures (前10月查获侵权物品1580万件); issuer and date lines do not.
        if repaired.original[slice(*repaired.span(s, e))].strip() != structure.title:
            _mark(not_figures, s, e)
    for s, e in structure.paragraphs:  # 报：…  送：…  共印30份: a bulletin's distribution footer
        if _FOOTER_LINE.match(clean, s, e):
            _mark(not_figures, s, e)
    for r in rankings:  # 位居中部六省第一: the scope's 六省 is not a count
        _mark(not_figures, r.start, r.end)
        if r.population_start is not None:  # 在全省90个县（市、区）中排名第17位
            _mark(not_figures, r.population_start, r.start)
    return not_figures


def _set_currencies(quantities: list[QuantityHit], facts: list[Facts], home_currency: str | None, clean: str) -> None:
    for q, f in zip(quantities, facts):
        if q.kind != "money" or q.currency != "CNY" or "人民币" in clean[q.start : q.end]:
            continue
        if f.of is not None and quantities[f.of].kind == "money":
            q.currency = quantities[f.of].currency  # 较二零二二年减少约三十五万元: the level's currency
        elif home_currency:
            q.currency = home_currency  # 元 in a Hong Kong, Macau or Taiwan paper


def _reference_records(build: _Builder, refs: list[DocRefHit]) -> list[DocumentRef]:
    records = []
    ref_ids: dict[str, str] = {}
    for ref in refs:
        record = DocumentRef(
            **build.common("doc", ref.start, ref.end),
            title=ref.title,
            doc_number=ref.doc_number,
            abbreviation=ref.abbreviation,
        )
        if ref.abbreviation:
            ref_ids.setdefault(ref.abbreviation, record.id)
        elif ref.title in ref_ids:
            record.abbreviation_of = ref_ids[ref.title]
        records.append(record)
    return records


def _date_records(build: _Builder, dates: list[DateHit]) -> list[DateRecord]:
    return _DATES.validate_python([
        {**build.common("d", d.start, d.end), "value": d.value, "value_end": d.value_end, "granularity": d.granularity,
         "qualifier": d.qualifier, "year_inferred": d.year_inferred}
        for d in dates
    ])


def _figure_records(build: _Builder, hits: _Hits, quantity_facts: list[Facts], ranking_facts: list[Facts],
                    trace: dict[str, dict[str, str]] | None) -> list[Quantity | Ranking]:
    records: list[Quantity | Ranking] = []
    quantity_common = [build.common("q", q.start, q.end) for q in hits.quantities]
    quantity_ids = [common["id"] for common in quantity_common]
    for r, facts in zip(hits.rankings, ranking_facts):
        records.append(Ranking(
            **build.common("r", r.start, r.end), rank=r.rank, rank_max=r.rank_max, rank_text=r.rank_text, scope=r.scope,
            **facts.record_fields(quantity_ids),
        ))
        if trace is not None:
            trace[records[-1].id] = dict(facts.trace)
    records.extend(_QUANTITIES.validate_python([
        {**common, **facts.record_fields(quantity_ids), "kind": q.kind, "value": q.value, "value_max": q.value_max,
         "unit": q.unit, "approx": q.approx, "role": q.role, "currency": q.currency, "unresolved": q.unresolved}
        for q, common, facts in zip(hits.quantities, quantity_common, quantity_facts)
    ]))
    if trace is not None:
        for common, facts in zip(quantity_common, quantity_facts):
            trace[common["id"]] = dict(facts.trace)
    return records


def _sections(repaired: RepairedText, structure: Structure) -> list[Section]:
    sections = []
    for sec in structure.sections:
        o_start, o_end = repaired.span(sec.start, sec.end)
        sections.append(Section(
            id=sec.id, level=sec.level, number=sec.number, title=sec.title, start=o_start, end=o_end,
            parent=sec.parent,
        ))
    return sections


# The currency a bare 元 means where the paper is not a mainland one.
_HOME_CURRENCIES = (("香港", "HKD"), ("澳门", "MOP"), ("台湾", "TWD"), ("台北", "TWD"), ("高雄", "TWD"))


def _home_currency(region: str | None, text: str) -> str | None:
    for place, currency in _HOME_CURRENCIES:
        if region and region.startswith(place):
            return currency
    if "民国" in text[:200]:  # a paper dated by the 民国 calendar is Taiwan's
        return "TWD"
    return None


def _agency_records(build: _Builder, hits: list[Any]) -> list[Agency]:
    """One record per body, at its first mention, listing every mention."""
    by_name: dict[str, list[Any]] = {}
    for hit in hits:
        by_name.setdefault(hit.entry.canonical, []).append(hit)
    out = []
    for name, mentions in by_name.items():
        first = mentions[0]
        record = build.common("a", first.start, first.end)
        out.append({
            **record, "name": name, "kind": first.entry.kind, "parent_agency": first.entry.parent,
            "in_gazetteer": first.entry.in_gazetteer,
            "mentions": [{"start": record["start"], "end": record["end"], "text": record["text"]}]
            + [build.mention(m.start, m.end) for m in mentions[1:]],
        })
    return _AGENCIES.validate_python(out)


def extract_file(path: str | Path, **metadata: Any) -> Document:
    """A text, PDF, HTML or Word file (recognised from its bytes). For a PDF, HTML or Word
    file the offsets point into the text read from it: `reading.read_source(path).text`."""
    return extract_source(read_source(path), **metadata)


def extract_source(source_text: SourceText, **metadata: Any) -> Document:
    """A document read by `reading.read_source`: the title and date an HTML page states
    are used unless the caller gives them."""
    st = source_text
    for key, value in (("source", st.name), ("title", st.title), ("published", st.published)):
        if value is not None:
            metadata.setdefault(key, value)
    return extract_text(
        st.text, encoding=st.encoding, source_format=st.format, sha256=st.source_sha256,
        pages=st.pages or None, **metadata,
    )
