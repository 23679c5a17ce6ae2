"""Text in, validated `Document` out: a pure function of the text, no I/O but `extract_file`.

Stages: repair (offset map) -> structure -> extractors on the repaired text -> records with
offsets mapped back to the original -> linkers -> validated Document.
"""

from __future__ import annotations

import gc
import hashlib
from pathlib import Path
from typing import Any

import regex

from . import __version__
from .agencies import find_agencies
from .audit import audit
from .dates import find_dates
from .docrefs import find_document_refs
from .linking import Linker
from .models import (
    Agency,
    AgencyMention,
    DateRecord,
    Document,
    DocumentInfo,
    DocumentRef,
    Quantity,
    Ranking,
    Section,
)
from .quantities import find_quantities
from .rankings import find_rankings
from .reading import read_document, reject_surrogates
from .repair import RepairedText, repair
from .structure import Structure, parse_structure
from .tables import find_table_quantities

# A short quoted phrase is a name, slogan or case title (“十四五”, “4.12”假冒注册商标案,
# “三个窗口”), not a statement of a figure.
_QUOTED_NAME = regex.compile(r"“[^“”\n，。；]{1,14}”|\"[^\"\n，。；]{1,14}\"|‘[^‘’\n，。；]{1,10}’")

_FOOTER_LINE = regex.compile(r"\s*[（(]?\s*(?:共印|印数|责任编辑|报[：:]|送[：:]|抄送|抄报|联系电话)")

_TYPE_ORDER = {"document_ref": 0, "date": 1, "ranking": 2, "quantity": 3, "agency": 4}


def _mark(mask: bytearray, start: int, end: int) -> None:
    if end > start:
        mask[start:end] = b"\x01" * (end - start)


class _Builder:
    """Turns extractor hits (repaired offsets) into records (original offsets)."""

    def __init__(self, repaired: RepairedText, structure: Structure) -> None:
        self.repaired = repaired
        self.structure = structure

    def common(self, prefix: str, start: int, end: int) -> dict[str, Any]:
        o_start, o_end = self.repaired.span(start, end)
        return {
            "id": f"{prefix}{o_start}-{o_end}",
            "start": o_start,
            "end": o_end,
            "text": self.repaired.original[o_start:o_end],
            "section": self.structure.section_at(start),
        }


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
) -> Document:
    # The pass builds many short-lived objects and no reference cycles: the cyclic collector's
    # full sweeps would only grow with the document (a 10 MB paper spent a fifth of its time
    # there), so it is paused for the pass and restored after.
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        return _extract_text(text, source, encoding, title, issuer, published, year, region)
    finally:
        if was_enabled:
            gc.enable()


def _extract_text(
    text: str,
    source: str,
    encoding: str,
    title: str | None,
    issuer: str | None,
    published: str | None,
    year: int | None,
    region: str | None,
) -> Document:
    reject_surrogates(text, source)
    repaired = repair(text)
    structure = parse_structure(repaired)
    clean = repaired.text
    report_year = year if year is not None else structure.year

    in_titles = bytearray(len(clean) + 1)
    refs = find_document_refs(clean)
    for ref in refs:
        if ref.title_span:
            _mark(in_titles, ref.title_span[0], ref.title_span[1])
    dates = find_dates(clean, in_titles, structure.paragraphs, report_year)

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
    rankings = find_rankings(clean, in_titles)
    for r in rankings:  # 位居中部六省第一: the scope's 六省 is not a count
        _mark(not_figures, r.start, r.end)
        if r.population_start is not None:  # 在全省90个县（市、区）中排名第17位
            _mark(not_figures, r.population_start, r.start)
    table_hits, table_rows = find_table_quantities(clean, structure.paragraphs, not_figures)
    for s, e in table_rows:  # the prose reader stays off table rows
        _mark(not_figures, s, e)
    quantities = find_quantities(clean, not_figures)
    presets = {id(t.hit): (t.metric, t.period) for t in table_hits}
    quantities = sorted([*quantities, *(t.hit for t in table_hits)], key=lambda q: q.start)
    region_name = region if region is not None else structure.region
    agencies = find_agencies(clean, region_name, in_titles, structure.issuer_name)
    quantity_facts, ranking_facts = Linker(
        clean, structure, quantities, rankings, dates, agencies, report_year, presets
    ).link()

    build = _Builder(repaired, structure)
    records: list[Any] = []
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
    for d in dates:
        records.append(
            DateRecord(
                **build.common("d", d.start, d.end),
                value=d.value,
                value_end=d.value_end,
                granularity=d.granularity,  # type: ignore[arg-type]
                qualifier=d.qualifier,  # type: ignore[arg-type]
                year_inferred=d.year_inferred,
            )
        )
    for r, facts in zip(rankings, ranking_facts):
        records.append(
            Ranking(
                **build.common("r", r.start, r.end), rank=r.rank, rank_text=r.rank_text, scope=r.scope,
                metric=facts.metric, metric_key=facts.metric_key, agency=facts.agency,
                period=facts.period, period_type=facts.period_type,  # type: ignore[arg-type]
            )
        )
    quantity_common = [build.common("q", q.start, q.end) for q in quantities]
    home_currency = _home_currency(region_name, clean)
    for q, facts in zip(quantities, quantity_facts):
        if q.kind != "money" or q.currency != "CNY" or "人民币" in clean[q.start : q.end]:
            continue
        if facts.of is not None and quantities[facts.of].kind == "money":
            q.currency = quantities[facts.of].currency  # 较二零二二年减少约三十五万元: the level's currency
        elif home_currency:
            q.currency = home_currency  # 元 in a Hong Kong, Macau or Taiwan paper
    for q, common, facts in zip(quantities, quantity_common, quantity_facts):
        records.append(
            Quantity(
                **common,
                metric=facts.metric,
                metric_key=facts.metric_key,
                agency=facts.agency,
                period=facts.period,
                period_type=facts.period_type,  # type: ignore[arg-type]
                of=quantity_common[facts.of]["id"] if facts.of is not None else None,
                parent=quantity_common[facts.parent]["id"] if facts.parent is not None else None,
                kind=q.kind,  # type: ignore[arg-type]
                value=q.value,
                value_max=q.value_max,
                unit=q.unit,
                approx=q.approx,  # type: ignore[arg-type]
                role=q.role,  # type: ignore[arg-type]
                currency=q.currency,
                unresolved=q.unresolved,
            )
        )
    records.extend(_agency_records(build, agencies))
    records.sort(key=lambda r: (r.start, r.end, _TYPE_ORDER[r.type]))

    sections = []
    for sec in structure.sections:
        o_start, o_end = repaired.span(sec.start, sec.end)
        sections.append(
            Section(
                id=sec.id, level=sec.level, number=sec.number, title=sec.title,
                start=o_start, end=o_end, parent=sec.parent,
            )
        )
    sha = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()
    info = DocumentInfo(
        id=sha[:16],
        source=source,
        sha256=sha,
        encoding=encoding,
        title=title if title is not None else structure.title,
        issuer=issuer if issuer is not None else structure.issuer,
        published=published if published is not None else structure.published,
        year=report_year,
        region=region if region is not None else structure.region,
        chars=len(text),
    )
    doc = Document(
        extractor_version=__version__,
        document=info,
        sections=sections,
        records=records,
    )
    doc.audit = audit(doc)
    return doc


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
        spans = [build.common("a", m.start, m.end) for m in mentions]
        out.append(Agency(
            **spans[0],
            name=name,
            kind=first.entry.kind,
            parent_agency=first.entry.parent,
            in_gazetteer=first.entry.in_gazetteer,
            # offsets and texts come from the builder already checked: no need to validate again
            mentions=[AgencyMention.model_construct(start=sp["start"], end=sp["end"], text=sp["text"]) for sp in spans],
        ))
    return out


def extract_file(path: str | Path, **metadata: Any) -> Document:
    decoded = read_document(path)
    metadata.setdefault("source", Path(path).name)
    return extract_text(decoded.text, encoding=decoded.encoding, **metadata)
