"""Text in, validated `Document` out: a pure function of the text, no I/O but `extract_file`.

Stages: repair (offset map) -> structure -> extractors on the repaired text -> records with
offsets mapped back to the original -> linkers -> validated Document.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

import regex

from . import __version__
from .dates import find_dates
from .docrefs import find_document_refs
from .models import (
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
from .reading import read_document
from .repair import RepairedText, repair
from .structure import Structure, parse_structure

# A short quoted phrase is a name, slogan or case title (“十四五”, “4.12”假冒注册商标案,
# “三个窗口”), not a statement of a figure.
_QUOTED_NAME = regex.compile(r"“[^“”\n，。；]{1,14}”|\"[^\"\n，。；]{1,14}\"|‘[^‘’\n，。；]{1,10}’")

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
        _mark(not_figures, s, e)
    quantities = find_quantities(clean, not_figures)
    rankings = find_rankings(clean, in_titles)

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
    for r in rankings:
        records.append(
            Ranking(**build.common("r", r.start, r.end), rank=r.rank, rank_text=r.rank_text, scope=r.scope)
        )
    for q in quantities:
        records.append(
            Quantity(
                **build.common("q", q.start, q.end),
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
    return Document(
        extractor_version=__version__,
        document=info,
        sections=sections,
        records=records,
    )


def extract_file(path: str | Path, **metadata: Any) -> Document:
    decoded = read_document(path)
    metadata.setdefault("source", Path(path).name)
    return extract_text(decoded.text, encoding=decoded.encoding, **metadata)
