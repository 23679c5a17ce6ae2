"""A review page: the original text with every extracted span highlighted, one HTML file.

    wpx show output/qingdao-ip-2021.json --html review.html

Each record becomes a `<mark class="wpx-quantity" data-id="q1234-1240">` around its exact
span (an agency around each mention); hovering shows the normalised value, unit, metric and
agency, clicking opens every field, and a side table (built by the page's script from the
embedded records) lists them all. CSS and JS are inline and nothing is fetched, so the file
opens offline and can be mailed to a colleague.
"""

from __future__ import annotations

import hashlib
import html
import json
from pathlib import Path
from typing import Any

from .models import Agency, DateRecord, Document, DocumentRef, Quantity, Ranking
from .reading import InputError

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
        lines.append(f"agency: {rec.agency or '—'}")
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


_CSS = """
*{box-sizing:border-box}
body{margin:0;font:15px/1.7 "Noto Sans CJK SC","Source Han Sans SC","PingFang SC","Microsoft YaHei",sans-serif;color:#222;background:#fafafa}
header{padding:12px 20px;background:#263238;color:#eceff1}
header h1{margin:0 0 4px;font-size:18px}
header .meta{font-size:13px;opacity:.85}
.legend{margin-top:8px;font-size:13px}
.legend label{margin-right:14px;cursor:pointer;white-space:nowrap}
main{display:grid;grid-template-columns:minmax(0,3fr) minmax(0,2fr);gap:0;height:calc(100vh - 110px)}
#text{font:inherit;margin:0;padding:16px 20px;overflow:auto;white-space:pre-wrap;word-break:break-all;background:#fff;border-right:1px solid #ddd}
#side{overflow:auto;padding:0 0 40px}
table{border-collapse:collapse;width:100%;font-size:12.5px}
th,td{padding:3px 6px;border-bottom:1px solid #e4e4e4;text-align:left;vertical-align:top}
th{position:sticky;top:0;background:#eceff1;z-index:1}
td.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
tr.rec{cursor:pointer}
tr.rec:hover{background:#fff8e1}
mark{border-radius:2px;padding:0 1px;cursor:pointer;color:inherit}
mark mark{padding:0}
.wpx-quantity{background:#c8e6c9}
.wpx-quantity.role-growth,.wpx-quantity.role-delta{background:#a5d6a7;box-shadow:inset 0 -2px #2e7d32}
.wpx-quantity.role-share{background:#dcedc8}
.wpx-date{background:#bbdefb}
.wpx-ranking{background:#ffe0b2}
.wpx-document_ref{background:#e1bee7}
.wpx-agency{background:transparent;box-shadow:inset 0 -2px #f06292}
.sw{display:inline-block;width:12px;height:12px;border-radius:2px;vertical-align:-1px;margin-right:4px}
mark.flash{outline:3px solid #ff6f00}
body.hide-quantity .wpx-quantity,body.hide-date .wpx-date,body.hide-ranking .wpx-ranking,
body.hide-document_ref .wpx-document_ref,body.hide-agency .wpx-agency{background:none;box-shadow:none}
#detail{position:fixed;right:16px;bottom:16px;max-width:440px;max-height:50vh;overflow:auto;background:#fff;
 border:1px solid #90a4ae;box-shadow:0 4px 16px rgba(0,0,0,.2);padding:10px 12px;font-size:12.5px;display:none}
#detail pre{margin:0;white-space:pre-wrap;word-break:break-all}
#detail button{float:right}
.audit{padding:8px 20px;background:#fff3e0;font-size:13px}
"""

_JS = """
(function(){
  var records = JSON.parse(document.getElementById('wpx-records').textContent);
  var byId = {};
  records.forEach(function(r){ byId[r.id] = r; });
  function cell(tr, text, cls){ var td = document.createElement('td'); td.textContent = text == null ? '' : String(text); if (cls) td.className = cls; tr.appendChild(td); }
  function valueOf(r){
    if (r.type === 'quantity') return r.value == null ? '' : (r.value_max == null ? r.value : r.value + '–' + r.value_max);
    if (r.type === 'date') return r.value_end ? r.value + '/' + r.value_end : r.value;
    if (r.type === 'ranking') return r.rank == null ? r.rank_text : r.rank;
    if (r.type === 'document_ref') return r.doc_number || '';
    if (r.type === 'agency') return r.name;
    return '';
  }
  var body = document.getElementById('records-body');
  records.forEach(function(r){
    var tr = document.createElement('tr');
    tr.className = 'rec wpx-row-' + r.type;
    tr.setAttribute('data-id', r.id);
    cell(tr, r.type); cell(tr, r.text); cell(tr, valueOf(r), 'num'); cell(tr, r.unit || '');
    cell(tr, r.metric_key || r.metric || ''); cell(tr, r.agency || ''); cell(tr, r.role || '');
    tr.addEventListener('click', function(){ showDetail(r.id, true); });
    body.appendChild(tr);
  });
  var detail = document.getElementById('detail');
  var detailPre = detail.querySelector('pre');
  function showDetail(id, scroll){
    var r = byId[id]; if (!r) return;
    detailPre.textContent = JSON.stringify(r, null, 2);
    detail.style.display = 'block';
    var marks = document.querySelectorAll('mark[data-id="' + id.replace(/"/g, '') + '"]');
    document.querySelectorAll('mark.flash').forEach(function(m){ m.classList.remove('flash'); });
    marks.forEach(function(m){ m.classList.add('flash'); });
    if (scroll && marks.length) marks[0].scrollIntoView({block: 'center'});
  }
  document.getElementById('text').addEventListener('click', function(ev){
    var m = ev.target.closest('mark'); if (m) { ev.stopPropagation(); showDetail(m.getAttribute('data-id'), false); }
  });
  detail.querySelector('button').addEventListener('click', function(){ detail.style.display = 'none'; });
  document.querySelectorAll('.legend input').forEach(function(box){
    box.addEventListener('change', function(){ document.body.classList.toggle('hide-' + box.value, !box.checked); });
  });
  document.getElementById('record-count').textContent = String(records.length);
})();
"""


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
    meta = " · ".join(html.escape(str(v)) for v in (
        info.source, info.region, info.year, info.issuer, info.published, f"wpx {doc.extractor_version}") if v)
    audit = ""
    if doc.audit:
        items = "".join(f"<li>{html.escape(f.check)}: {html.escape(f.message)}</li>" for f in doc.audit)
        audit = f'<div class="audit"><b>Audit findings ({len(doc.audit)})</b><ul>{items}</ul></div>'
    title = html.escape(info.title or info.source)
    records = [rec.model_dump(mode="json") for rec in doc.records]
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="zh-CN"><head><meta charset="utf-8"><title>{title} — wpx review</title>'
        '<meta name="viewport" content="width=device-width,initial-scale=1">'
        f"<style>{_CSS}</style></head>\n<body>\n"
        f'<header><h1>{title}</h1><div class="meta">{meta} · <span id="record-count">{len(records)}</span> records</div>'
        f'<div class="legend">{legend}</div></header>\n{audit}'
        f'<main><pre id="text">{marked}</pre>\n'
        '<div id="side"><table id="records"><thead><tr><th>type</th><th>text</th><th>value</th><th>unit</th>'
        '<th>metric</th><th>agency</th><th>role</th></tr></thead><tbody id="records-body"></tbody></table></div></main>\n'
        '<div id="detail"><button type="button">×</button><pre></pre></div>\n'
        f'<script type="application/json" id="wpx-records">{_script_json(records)}</script>\n'
        f"<script>{_JS}</script>\n</body></html>\n"
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
        decoded = read_document(path)
        # The file's bytes, or (for an output made before the two hashes were apart, or from
        # a re-encoded copy) the decoded text the offsets index.
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
        from .pipeline import extract_text
        from .reading import read_document

        decoded = read_document(file)
        text = decoded.text
        doc = extract_text(text, source=file.name, encoding=decoded.encoding, sha256=decoded.sha256)
    write_atomic(html_path, render_html(doc, text))
    return doc
