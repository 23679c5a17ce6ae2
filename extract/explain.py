"""Why each figure got its fields: one block per figure or ranking, each field with the named
rule that set it (see extract/meaning/rules.py).

    q318-325  1908批次
      metric       采取知识产权保护扣留措施      metric.words_before
      agency       青岛海关 (sentence)          agency.sentence_body
"""

from __future__ import annotations

from .meaning import RULES, TRACED_FIELDS
from .models import Document

Trace = dict[str, dict[str, str]]


def explain(doc: Document, trace: Trace) -> str:
    """The trace as text, in document order; `of`/`parent` shown as the linked figure's text."""
    text_of = {r.id: r.text for r in doc.records}
    lines: list[str] = []
    for record in doc.records:
        rules = trace.get(record.id)
        if rules is None:
            continue
        lines.append(f"{record.id}  {record.text}")
        for name in TRACED_FIELDS:
            value = getattr(record, name, None)
            shown = "-" if value is None else str(value)
            if name in ("of", "parent") and value is not None:
                shown = f"{text_of.get(value, value)} ({value})"
            if name == "agency" and value is not None and getattr(record, "agency_basis", None):
                shown = f"{value} ({record.agency_basis})"
            lines.append(f"  {name:<12} {shown:<36} {rules.get(name, '-')}")
    return "\n".join(lines) + ("\n" if lines else "")


def describe_rules() -> str:
    """Every named rule: name, what it decides, when it applies and an example."""
    return "\n".join(f"{r.name:<40} {r.when}  e.g. {r.example}" for r in RULES.values()) + "\n"
