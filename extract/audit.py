"""Check the document's own arithmetic, within the rounding the text uses.

    受理…案件53件…其中：…45件…8件          parts do not exceed the whole: 45 + 8 <= 53
    仲裁员1316名…知识产权领域仲裁员187名，占比14.2%   187 / 1316 = 14.21% ≈ 14.2%
    同比增长18.2% with --prior last year's paper      10210 / 8638 - 1 = 18.2%

A figure written 4598万余元 may be anywhere in [4598万, 4599万); one written 10.58万 is exact
to ±50. Findings say what was expected and what was found, with the ids of the records.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from . import rx
from .models import AuditFinding, Document, Quantity

_ARABIC = rx.compile(r"\d[\d,]*(?:\.\d+)?")
_PERCENT_CHECK_TOLERANCE = Decimal("0.05")


def uncertainty(q: Quantity) -> Decimal:
    """How far the true value may lie from `q.value` given how the text writes it."""
    if q.value is None:
        return Decimal(0)
    m = _ARABIC.search(q.text)
    if m:
        written = Decimal(m.group().replace(",", ""))
        decimals = len(m.group().split(".")[1]) if "." in m.group() else 0
        scale = abs(q.value) / written if written else Decimal(1)
        step = scale * Decimal(10) ** -decimals
    else:
        step = Decimal(1)
    if q.approx in ("more_than", "less_than", "nearly", "about"):
        return step
    # An integer count written in full is exact; a scaled, decimal or percent figure is rounded.
    rounded = step != 1 or q.unit in ("%", "‰", "百分点")
    return step / 2 if rounded else Decimal(0)


def _span(records: list[Quantity]) -> tuple[int, int]:
    return min(r.start for r in records), max(r.end for r in records)


def check_parts(quantities: dict[str, Quantity]) -> list[AuditFinding]:
    # Parts about a subject (by country, by city) break the whole down another way than parts
    # by kind: each breakdown is summed on its own.
    children: dict[tuple[str, bool], list[Quantity]] = defaultdict(list)
    for q in quantities.values():
        if q.parent and q.value is not None:
            children[(q.parent, q.subject is not None)].append(q)
    findings = []
    for (parent_id, _), parts in sorted(children.items(), key=lambda kv: (quantities[kv[0][0]].start, kv[0][1])):
        parent = quantities[parent_id]
        if len(parts) < 2 or parent.value is None:
            continue
        total = sum((p.value for p in parts), Decimal(0))  # type: ignore[misc]
        tolerance = uncertainty(parent) + sum((uncertainty(p) for p in parts), Decimal(0))
        # Only parts that exceed their whole are an error: a 其中 list may name some parts
        # and leave the rest (其中发明专利…、实用新型…, with 外观设计 unstated).
        if total - parent.value <= tolerance:
            continue
        parts_text = " + ".join(p.text.replace("\n", "") for p in parts)
        findings.append(AuditFinding(
            check="parts_sum",
            message=f"parts {parts_text} = {total} exceed the whole {parent.text!r} = {parent.value}",
            expected=parent.value, found=total,
            records=[parent.id, *[p.id for p in parts]],
            start=_span([parent, *parts])[0], end=_span([parent, *parts])[1],
        ))
    return findings


def check_shares(quantities: dict[str, Quantity]) -> list[AuditFinding]:
    findings = []
    for q in quantities.values():
        if q.role != "share" or q.of is None or q.value is None or q.of not in quantities:
            continue
        part = quantities[q.of]
        whole = quantities.get(part.parent or "")
        if whole is None or part.value is None or whole.value in (None, 0):
            continue
        factor = Decimal(100) if q.unit == "%" else Decimal(1000) if q.unit == "‰" else Decimal(1)
        expected = part.value / whole.value * factor  # type: ignore[operator]
        slack = uncertainty(q) + factor * (
            uncertainty(part) / whole.value + part.value * uncertainty(whole) / (whole.value * whole.value)  # type: ignore[operator]
        )
        slack = max(slack, _PERCENT_CHECK_TOLERANCE if factor == 100 else Decimal("0.0005"))
        if abs(expected - q.value) > slack:
            findings.append(AuditFinding(
                check="share",
                message=f"{q.text!r} but {part.text!r} of {whole.text!r} is {expected:.2f}",
                expected=expected.quantize(Decimal("0.01")), found=q.value,
                records=[q.id, part.id, whole.id],
                start=min(q.start, part.start, whole.start), end=max(q.end, part.end, whole.end),
            ))
    return findings


def _key(q: Quantity) -> tuple[str | None, str, str | None, str | None]:
    return (q.metric_key, q.unit, q.agency, q.subject)  # 日本's 13,247件 is no restatement of the total


def check_duplicates(quantities: dict[str, Quantity]) -> list[AuditFinding]:
    """The same metric stated in two sections with different values."""
    groups: dict[tuple, list[Quantity]] = defaultdict(list)
    for q in quantities.values():
        if q.role == "level" and q.metric_key and len(q.metric_key) >= 4 and q.value is not None \
                and q.period_type in ("flow", "stock", "cumulative"):
            groups[(*_key(q), q.period, q.period_type)].append(q)
    findings = []
    for records in groups.values():
        first = records[0]
        for other in records[1:]:
            if other.section == first.section or other.value is None or first.value is None:
                continue
            if abs(other.value - first.value) > uncertainty(first) + uncertainty(other):
                findings.append(AuditFinding(
                    check="stated_twice",
                    message=f"{first.metric} is {first.text!r} in section {first.section} "
                            f"but {other.text!r} in section {other.section}",
                    expected=first.value, found=other.value, records=[first.id, other.id],
                    start=first.start, end=other.end,
                ))
    return findings


def check_growth(current: dict[str, Quantity], prior: Document) -> list[AuditFinding]:
    """Stated growth rates against the level of the same metric in the prior year's paper."""
    previous: dict[tuple, Quantity] = {}
    for r in prior.records:
        if isinstance(r, Quantity) and r.role == "level" and r.metric_key and r.value is not None:
            previous.setdefault(_key(r), r)
    findings = []
    for q in current.values():
        if q.role not in ("growth", "delta") or q.of not in current or q.value is None:
            continue
        level = current[q.of]  # type: ignore[index]
        before = previous.get(_key(level)) or next(
            (p for k, p in previous.items() if k[:2] == _key(level)[:2]), None
        )
        if before is None or level.value is None or before.value in (None, 0):
            continue
        if q.role == "growth" and q.unit == "%":
            expected = (level.value - before.value) / before.value * 100  # type: ignore[operator]
            slack = uncertainty(q) + 100 * (
                uncertainty(level) / before.value + level.value * uncertainty(before) / (before.value * before.value)  # type: ignore[operator]
            )
            slack = max(slack, _PERCENT_CHECK_TOLERANCE)
        elif q.role == "delta" and q.unit == level.unit:
            expected = level.value - before.value  # type: ignore[operator]
            slack = uncertainty(q) + uncertainty(level) + uncertainty(before)
        else:
            continue
        if abs(expected - q.value) > slack:
            findings.append(AuditFinding(
                check="growth_vs_prior",
                message=f"{level.metric} {level.text!r} vs prior {before.text!r} gives "
                        f"{expected:.2f}{'%' if q.unit == '%' else q.unit}, the text states {q.text!r}",
                expected=expected.quantize(Decimal("0.01")), found=q.value,
                records=[q.id, level.id], start=min(q.start, level.start), end=max(q.end, level.end),
            ))
    return findings


def audit(doc: Document, prior: Document | None = None) -> list[AuditFinding]:
    quantities = {r.id: r for r in doc.records if isinstance(r, Quantity)}
    findings = check_parts(quantities) + check_shares(quantities) + check_duplicates(quantities)
    if prior is not None:
        findings += check_growth(quantities, prior)
    findings.sort(key=lambda f: (f.start, f.check))
    return findings
