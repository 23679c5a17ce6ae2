"""A review page: the original text with every extracted span highlighted, one HTML file.

    wpx show output/qingdao-ip-2021.json --html review.html

Each record becomes a `<mark class="wpx-quantity" data-id="q1234-1240">` around its exact
span (an agency around each mention); hovering shows the normalised value, unit, metric and
agency. A side table (built by the page's script from the embedded records) lists every
record with the fields a reviewer judges, and can be filtered, sorted and searched; clicking
a span selects its row, and the detail panel above the table (never over it) shows and
edits every field. The reviewer marks figures right or wrong or corrects a field; the page
keeps that in the browser's local storage and exports it as JSON Lines for `wpx score`.
CSS and JS are inline and nothing is fetched, so the file opens offline and can be mailed.
"""

from __future__ import annotations

import hashlib
import html
import json
from pathlib import Path
from typing import Any

from .models import Agency, DateRecord, Document, DocumentRef, Quantity, Ranking
from .reading import InputError
from .show_page import SCRIPT, STYLE

TYPE_LABELS = {
    "quantity": "quantity",
    "date": "date",
    "ranking": "ranking",
    "document_ref": "document ref",
    "agency": "agency",
}


def _spans(doc: Document) -> list[tuple[int, int, int]]:
    """(start, end, record index) for every highlighted span; an agency has one per mention."""
    out = []
    for i, rec in enumerate(doc.records):
        if isinstance(rec, Agency) and rec.mentions:
            out += [(m.start, m.end, i) for m in rec.mentions if m.end > m.start]
        elif rec.end > rec.start:
            out.append((rec.start, rec.end, i))
    return sorted(out, key=lambda s: (s[0], -s[1], s[2]))


def _num(value: Any) -> str:
    return "" if value is None else format(value, "f")


def describe(rec: Any) -> str:
    """The hover text: what the span was read as."""
    lines = [f"{TYPE_LABELS.get(rec.type, rec.type)} {rec.id}"]
    if isinstance(rec, Quantity):
        value = _num(rec.value) + (f"–{_num(rec.value_max)}" if rec.value_max is not None else "")
        lines.append(f"value: {value or '(unresolved)'} {rec.unit}".rstrip())
        lines.append(f"role: {rec.role}" + (f", approx: {rec.approx}" if rec.approx else ""))
    elif isinstance(rec, Ranking):
        lines.append(f"rank: {rec.rank_text}" + (f" in {rec.scope}" if rec.scope else ""))
    elif isinstance(rec, DateRecord):
        lines.append(f"date: {rec.value}" + (f" to {rec.value_end}" if rec.value_end else ""))
    elif isinstance(rec, DocumentRef):
        lines.append(f"title: {rec.title}" + (f" ({rec.doc_number})" if rec.doc_number else ""))
    elif isinstance(rec, Agency):
        lines.append(f"name: {rec.name}")
    if isinstance(rec, (Quantity, Ranking)):
        lines.append(f"metric: {rec.metric_key or rec.metric or '—'}")
        lines.append(f"agency: {rec.agency or '—'}" + (f" ({rec.agency_basis})" if rec.agency_basis else ""))
        if rec.subject:
            lines.append(f"subject: {rec.subject}")
        if rec.period or rec.period_type:
            lines.append(f"period: {rec.period or '—'} {rec.period_type or ''}".rstrip())
    return "\n".join(lines)


def highlight(text: str, doc: Document) -> tuple[str, int]:
    """The escaped text with nested <mark>s; a span that crosses another is split in two
    (the second part gets class wpx-cont). Returns the HTML and the number of marks."""
    spans = _spans(doc)
    bounds = sorted({0, len(text), *(s for s, _, _ in spans), *(e for _, e, _ in spans)})
    parts: list[str] = []
    chain: list[tuple[int, int, int]] = []  # spans open now, outermost first
    opened: set[tuple[int, int, int]] = set()  # spans that already have a mark
    marks = 0
    cursor = 0  # next span (in sorted order) not yet active
    active: list[tuple[int, int, int]] = []
    for a, b in zip(bounds, bounds[1:]):
        active = [s for s in active if s[1] > a]
        while cursor < len(spans) and spans[cursor][0] <= a:
            if spans[cursor][1] > a:
                active.append(spans[cursor])
            cursor += 1
        wanted = sorted(active, key=lambda s: (s[0], -s[1], s[2]))
        keep = 0
        while keep < len(chain) and keep < len(wanted) and chain[keep] == wanted[keep]:
            keep += 1
        parts.append("</mark>" * (len(chain) - keep))
        for span in wanted[keep:]:
            rec = doc.records[span[2]]
            classes = [f"wpx-{rec.type}"]
            if isinstance(rec, Quantity):
                classes.append(f"role-{rec.role}")
            if span in opened:
                classes.append("wpx-cont")
            else:
                marks += 1
            opened.add(span)
            parts.append(
                f'<mark class="{" ".join(classes)}" data-id="{html.escape(rec.id)}" '
                f'data-type="{rec.type}" title="{html.escape(describe(rec))}">'
            )
        chain = wanted
        parts.append(html.escape(text[a:b], quote=False))
    parts.append("</mark>" * len(chain))
    return "".join(parts), marks


def _script_json(value: Any) -> str:
    # Inside <script>, "</script>" or "<!--" in a string would end the element: escape < > &.
    raw = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return raw.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def render_html(doc: Document, text: str) -> str:
    """The review page for a document and its original text."""
    info = doc.document
    marked, _ = highlight(text, doc)
    counts: dict[str, int] = {}
    for rec in doc.records:
        counts[rec.type] = counts.get(rec.type, 0) + 1
    legend = "".join(
        f'<label><input type="checkbox" value="{t}" checked><span class="sw wpx-{t}"></span>'
        f"{html.escape(TYPE_LABELS[t])} {counts[t]}</label>"
        for t in TYPE_LABELS if t in counts
    )
    options = '<option value="">all types</option>' + "".join(
        f'<option value="{t}">{html.escape(TYPE_LABELS[t])}</option>' for t in TYPE_LABELS if t in counts)
    meta = " · ".join(html.escape(str(v)) for v in (
        info.source, info.format if info.format != "text" else None, info.region, info.year, info.issuer,
        info.published, f"wpx {doc.extractor_version}") if v)
    audit = ""
    if doc.audit:
        items = "".join(f"<li>{html.escape(f.check)}: {html.escape(f.message)}</li>" for f in doc.audit)
        audit = f'<div class="audit"><b>Audit findings ({len(doc.audit)})</b><ul>{items}</ul></div>'
    title = html.escape(info.title or info.source)
    records = [rec.model_dump(mode="json") for rec in doc.records]
    document = {"source": info.source, "sha256": info.sha256, "id": info.id}
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="zh-CN"><head><meta charset="utf-8"><title>{title} — wpx review</title>'
        '<meta name="viewport" content="width=device-width,initial-scale=1">'
        f"<style>{STYLE}</style></head>\n<body>\n"
        f'<header><h1>{title}</h1><div class="meta">{meta} · <span id="record-count">{len(records)}</span> records'
        ' · <span id="shown-count"></span> shown · <span id="judged-count">0</span> judged</div>'
        f'<div class="bar"><span class="legend">{legend}</span>'
        f'<select id="type-filter" aria-label="type">{options}</select>'
        '<input id="search" type="search" placeholder="search text, metric, agency…" aria-label="search">'
        '<button type="button" id="export">Export corrections (.jsonl)</button></div></header>\n'
        f'{audit}<main><pre id="text">{marked}</pre>\n'
        '<div id="side"><div id="detail"><div class="actions"><b id="detail-title"></b></div>'
        '<div class="actions"><button type="button" id="mark-right">✓ right</button>'
        '<button type="button" id="mark-wrong">✗ not a figure</button><span id="detail-verdict"></span>'
        '<button type="button" id="detail-close" style="margin-left:auto">×</button></div>'
        '<table><tbody id="detail-fields"></tbody></table></div>'
        '<textarea id="export-text" readonly aria-label="exported corrections"></textarea>'
        '<div id="tablebox"><table id="records"><thead><tr id="records-head"></tr></thead>'
        '<tbody id="records-body"></tbody></table></div></div></main>\n'
        f'<script type="application/json" id="wpx-records">{_script_json(records)}</script>\n'
        f'<script type="application/json" id="wpx-document">{_script_json(document)}</script>\n'
        f"<script>{SCRIPT}</script>\n</body></html>\n"
    )


def _text_sha(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def find_source_text(doc: Document, json_path: Path, text_path: Path | None = None) -> str:
    """The original text a document JSON was extracted from, checked by its sha256: the
    offsets only mean something against exactly that text."""
    from .batch import MANIFEST_NAME
    from .reading import read_document

    source = doc.document.source
    candidates = [text_path] if text_path else []
    if not text_path:
        # the text written beside the output for a PDF, HTML or Word source
        candidates.append(json_path.with_suffix(".txt"))
        manifest = json_path.parent / MANIFEST_NAME
        if manifest.is_file():
            try:
                input_dir = json.loads(manifest.read_text(encoding="utf-8")).get("input_dir")
            except ValueError:
                input_dir = None
            if input_dir:
                candidates.append(json_path.parent / input_dir / source)
        candidates += [json_path.parent / source, Path(source), Path("corpus") / source]
    for path in candidates:
        if path is None or not path.is_file():
            continue
        try:
            decoded = read_document(path)
        except InputError:
            if text_path:
                raise
            continue  # the PDF (or other binary source) itself: its text is elsewhere
        # The file's bytes, or (for an output made before the two hashes were apart, from a
        # re-encoded copy, or from the text written beside a PDF) the decoded text the offsets index.
        if decoded.sha256 == doc.document.sha256 or _text_sha(decoded.text) == (
                doc.document.text_sha256 or doc.document.sha256):
            return decoded.text
        if text_path:
            raise InputError(str(text_path), f"is not the text {json_path.name} was extracted from (sha256 differs)")
    raise InputError(str(json_path), f"cannot find the source text {source}; pass it with --text")


def show(file: Path, html_path: Path, text_path: Path | None = None) -> Document:
    """Write the review page for a document JSON, or for a text file (extracted first)."""
    from .batch import load_output
    from .output import write_atomic

    if file.suffix.lower() == ".json":
        doc = load_output(file)
        text = find_source_text(doc, file, text_path)
    else:
        from .pipeline import extract_source
        from .reading import read_source

        source_text = read_source(file)
        text = source_text.text
        doc = extract_source(source_text)
    write_atomic(html_path, render_html(doc, text))
    return doc
