"""Compare the figures of two yearly papers, and check the growth rates they state.

    2020: 全市发明专利授权量8638件 ...
    2021: 全市发明专利授权量10210件，同比增长18.2%   -> 8638 -> 10210, +1572, +18.20%, stated 18.2% ok

Level records (role level, value not null) are aligned by (region, metric_key, unit, agency);
a level whose metric_key is null cannot be aligned and is only counted. The new paper's own
growth rate for a metric (a growth record whose `of` is the new level) is set beside the rate
computed from the two papers, and flagged when the two disagree by more than the rounding of
the stated figures allows: half a unit in the last written decimal of the rate AND of both
levels (10.58万件 is anything from 105750 to 105850), widened for approximate rates (约, 超过).
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any, Literal

import regex

from .models import Document, Quantity
from .reading import InputError

Status = Literal["changed", "unchanged", "appeared", "disappeared"]
Check = Literal["ok", "mismatch", "approximate"]
Key = tuple[str | None, str, str, str | None]

_WRITTEN_NUMBER = regex.compile(r"[0-9０-９]+(?:[.．][0-9０-９]+)?")
_FULLWIDTH = str.maketrans("０１２３４５６７８９．", "0123456789.")
_HUNDRED = Decimal(100)
_PCT_PLACES = Decimal("0.01")
# Rates with a qualifier are read loosely: 约18% could be 17.5 to 18.5.
_APPROX_WIDEN = {"about": 3, "nearly": 3}


@dataclass
class MetricChange:
    region: str | None
    metric_key: str
    unit: str
    agency: str | None
    metric: str | None
    status: Status
    old_value: Decimal | None = None
    new_value: Decimal | None = None
    change: Decimal | None = None
    change_pct: Decimal | None = None
    reported_pct: Decimal | None = None
    reported_change: Decimal | None = None
    reported_text: str | None = None
    check: Check | None = None
    old_id: str | None = None
    new_id: str | None = None
    old_text: str | None = None
    new_text: str | None = None


@dataclass
class DocSide:
    source: str
    document_id: str
    year: int | None
    region: str | None


@dataclass
class YearDiff:
    old: DocSide
    new: DocSide
    rows: list[MetricChange]
    unkeyed_old: int = 0
    unkeyed_new: int = 0
    duplicates: list[str] = field(default_factory=list)

    def aligned_only(self) -> YearDiff:
        """The same diff showing only metrics found in both papers (the summary still counts
        what appeared and disappeared)."""
        rows = [r for r in self.rows if r.status in ("changed", "unchanged")]
        return _Filtered(self.old, self.new, rows, self.unkeyed_old, self.unkeyed_new, self.duplicates, self)

    @property
    def mismatches(self) -> list[MetricChange]:
        return [r for r in self.rows if r.check == "mismatch"]

    def summary(self) -> dict[str, Any]:
        counts = {s: sum(1 for r in self.rows if r.status == s) for s in ("changed", "unchanged", "appeared", "disappeared")}
        return {
            **counts,
            "reported_rates_checked": sum(1 for r in self.rows if r.check in ("ok", "mismatch")),
            "mismatches": len(self.mismatches),
            "unkeyed_levels_ignored": {"old": self.unkeyed_old, "new": self.unkeyed_new},
            "duplicates": self.duplicates,
        }


@dataclass
class _Filtered(YearDiff):
    full: YearDiff | None = None

    def summary(self) -> dict[str, Any]:
        return self.full.summary() if self.full else super().summary()


def _levels(doc: Document, side: str, duplicates: list[str]) -> tuple[dict[Key, Quantity], int]:
    """Aligned level records of one paper, first occurrence of each key; and how many
    levels had no metric_key."""
    region = doc.document.region
    out: dict[Key, Quantity] = {}
    unkeyed = 0
    for rec in doc.records:
        if not isinstance(rec, Quantity) or rec.role != "level" or rec.value is None:
            continue
        if rec.metric_key is None:
            unkeyed += 1
            continue
        key: Key = (region, rec.metric_key, rec.unit, rec.agency)
        if key in out:
            duplicates.append(
                f"{side}: {rec.metric_key} ({rec.unit}) at {rec.id} repeats {out[key].id}; kept the first"
            )
            continue
        out[key] = rec
    return out, unkeyed


def _half_ulp(rec: Quantity) -> Decimal:
    """Half a unit in the last place of the figure as written, in the record's unit."""
    assert rec.value is not None
    m = _WRITTEN_NUMBER.search(rec.text)
    if m:
        written = Decimal(m.group().translate(_FULLWIDTH))
        places = len(m.group().split(".")[1]) if "." in m.group().translate(_FULLWIDTH) else 0
        scale = abs(rec.value / written) if written else Decimal(1)
    else:  # Chinese numerals (百分之十八点二): the value's own decimals
        places = max(0, -int(rec.value.as_tuple().exponent))
        scale = Decimal(1)
    return Decimal(1).scaleb(-places) * scale / 2


def _stated_interval(rec: Quantity, value: Decimal, half: Decimal) -> tuple[Decimal | None, Decimal | None]:
    """Where the true figure lies given how it is written (None = unbounded)."""
    approx = rec.approx
    if approx in ("more_than", "at_least"):
        return value - half, None
    if approx in ("less_than", "at_most"):
        return None, value + half
    widen = _APPROX_WIDEN.get(approx or "", 1)
    return value - half * widen, value + half * widen


def _overlaps(a: tuple[Decimal | None, Decimal | None], b: tuple[Decimal, Decimal]) -> bool:
    lo, hi = a
    return (lo is None or lo <= b[1]) and (hi is None or b[0] <= hi)


def _reported(doc: Document, level_id: str) -> tuple[Quantity | None, Quantity | None]:
    """The growth rate (in % or 倍) and absolute change the paper states for a level record."""
    rate = delta = None
    for rec in doc.records:
        if not isinstance(rec, Quantity) or rec.of != level_id or rec.value is None:
            continue
        if rec.role == "growth" and rec.unit in ("%", "倍") and rate is None:
            rate = rec
        elif rec.role == "delta" and delta is None:
            delta = rec
    return rate, delta


def _pct(value: Decimal) -> Decimal:
    return value.quantize(_PCT_PLACES, rounding=ROUND_HALF_UP)


def _compare(row: MetricChange, old: Quantity, new: Quantity, new_doc: Document) -> None:
    o, n = old.value, new.value
    assert o is not None and n is not None
    row.change = n - o
    row.status = "unchanged" if row.change == 0 else "changed"
    if o > 0:
        row.change_pct = _pct((n - o) / o * _HUNDRED)
    rate, delta = _reported(new_doc, new.id)
    if rate is None and (delta is None or delta.unit != new.unit):
        return
    approx_level = old.approx is not None or new.approx is not None
    ho, hn = _half_ulp(old), _half_ulp(new)
    verdicts: list[bool] = []
    if rate is not None and rate.value is not None:
        factor = _HUNDRED if rate.unit == "倍" else Decimal(1)  # 增长1.5倍 = +150%
        row.reported_pct = rate.value * factor
        row.reported_text = rate.text
        if o - ho > 0:
            computed = ((n - hn) / (o + ho) * _HUNDRED - _HUNDRED, (n + hn) / (o - ho) * _HUNDRED - _HUNDRED)
            stated = _stated_interval(rate, row.reported_pct, _half_ulp(rate) * factor)
            verdicts.append(_overlaps(stated, computed))
    if delta is not None and delta.unit == new.unit and delta.value is not None:
        row.reported_change = delta.value
        row.reported_text = f"{row.reported_text}; {delta.text}" if row.reported_text else delta.text
        computed = (n - hn - (o + ho), n + hn - (o - ho))
        verdicts.append(_overlaps(_stated_interval(delta, delta.value, _half_ulp(delta)), computed))
    if approx_level:
        row.check = "approximate"  # a level written 8000余件 bounds nothing precisely
    elif verdicts:
        row.check = "ok" if all(verdicts) else "mismatch"


def diff_documents(old_doc: Document, new_doc: Document, old_name: str | None = None,
                   new_name: str | None = None) -> YearDiff:
    """Metric-by-metric changes from `old_doc` to `new_doc`: metrics in both papers in the
    new paper's order, then those that appeared, then those that disappeared."""
    duplicates: list[str] = []
    old_levels, unkeyed_old = _levels(old_doc, "old", duplicates)
    new_levels, unkeyed_new = _levels(new_doc, "new", duplicates)
    rows: list[MetricChange] = []
    for key, new in new_levels.items():
        region, metric_key, unit, agency = key
        row = MetricChange(region, metric_key, unit, agency, new.metric, "appeared",
                           new_value=new.value, new_id=new.id, new_text=new.text)
        old = old_levels.get(key)
        if old is not None:
            row.old_value, row.old_id, row.old_text = old.value, old.id, old.text
            row.metric = new.metric or old.metric
            _compare(row, old, new, new_doc)
        rows.append(row)
    for key, old in old_levels.items():
        if key not in new_levels:
            region, metric_key, unit, agency = key
            rows.append(MetricChange(region, metric_key, unit, agency, old.metric, "disappeared",
                                     old_value=old.value, old_id=old.id, old_text=old.text))
    rank = {"changed": 0, "unchanged": 0, "appeared": 1, "disappeared": 2}
    rows.sort(key=lambda r: rank[r.status])  # stable: paper order within each group

    def side(doc: Document, name: str | None) -> DocSide:
        info = doc.document
        return DocSide(name or info.source, info.id, info.year, info.region)

    return YearDiff(side(old_doc, old_name), side(new_doc, new_name), rows, unkeyed_old, unkeyed_new, duplicates)


def diff_files(old_path: Path, new_path: Path) -> YearDiff:
    from .batch import load_output

    return diff_documents(load_output(old_path), load_output(new_path), old_path.name, new_path.name)


def diff_directory(out_dir: Path, region: str | None = None) -> list[YearDiff]:
    """Consecutive years of each region among the documents of a batch output folder."""
    from .batch import load_output, output_documents

    by_region: dict[str | None, list[tuple[int, Path, Document]]] = {}
    for path in output_documents(out_dir):
        doc = load_output(path)
        info = doc.document
        if info.year is None or (region is not None and info.region != region):
            continue
        by_region.setdefault(info.region, []).append((info.year, path, doc))
    if region is not None and region not in by_region:
        raise InputError(str(out_dir), f"no documents with a year for region {region}")
    diffs: list[YearDiff] = []
    for name in sorted(by_region, key=lambda r: r or ""):
        docs = sorted(by_region[name], key=lambda t: (t[0], t[1].name))
        for (y1, p1, _), (y2, p2, _) in zip(docs, docs[1:]):
            if y1 == y2:
                raise InputError(str(out_dir), f"two documents for {name} {y1}: {p1.name}, {p2.name}; diff them as files")
        for (_, p1, d1), (_, p2, d2) in zip(docs, docs[1:]):
            diffs.append(diff_documents(d1, d2, p1.name, p2.name))
    return diffs


# --- rendering -----------------------------------------------------------------------------

COLUMNS = (
    "region", "old_year", "new_year", "metric_key", "unit", "agency", "status", "old_value", "new_value",
    "change", "change_pct", "reported_pct", "reported_change", "check", "reported_text", "old_id", "new_id",
)


def _num(value: Decimal | None) -> str:
    return "" if value is None else format(value, "f")


def _json_num(value: Any) -> Any:
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value


def _flat_rows(diffs: Iterable[YearDiff]) -> list[dict[str, Any]]:
    out = []
    for d in diffs:
        for r in d.rows:
            row = asdict(r)
            row.update(old_year=d.old.year, new_year=d.new.year)
            out.append({c: row[c] for c in COLUMNS})
    return out


def to_json(diffs: list[YearDiff]) -> str:
    payload = []
    for d in diffs:
        payload.append({
            "old": asdict(d.old),
            "new": asdict(d.new),
            "summary": d.summary(),
            "metrics": [{k: _json_num(v) for k, v in asdict(r).items()} for r in d.rows],
        })
    return json.dumps({"diffs": payload}, ensure_ascii=False, indent=2) + "\n"


def to_csv(diffs: list[YearDiff]) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(COLUMNS)
    for row in _flat_rows(diffs):
        writer.writerow([_num(v) if isinstance(v, Decimal) else ("" if v is None else v) for v in row.values()])
    return buf.getvalue()


_CHECK_MARK = {"ok": "ok", "mismatch": "MISMATCH", "approximate": "approx."}


def _signed(value: Decimal | None, suffix: str = "") -> str:
    if value is None:
        return ""
    return f"{'+' if value > 0 else ''}{format(value, 'f')}{suffix}"


def _display_rows(d: YearDiff) -> list[list[str]]:
    rows = []
    for r in d.rows:
        rows.append([
            r.metric_key + (f" [{r.agency}]" if r.agency else ""),
            r.unit,
            _num(r.old_value),
            _num(r.new_value),
            _signed(r.change),
            _signed(r.change_pct, "%"),
            (_signed(r.reported_pct, "%") + (f" ({_signed(r.reported_change)})" if r.reported_change is not None else "")).strip(),
            _CHECK_MARK.get(r.check or "", "") if r.status in ("changed", "unchanged") else r.status,
        ])
    return rows


def _headers(d: YearDiff) -> list[str]:
    return ["metric", "unit", str(d.old.year), str(d.new.year), "change", "change %", "reported", "check"]


def _title(d: YearDiff) -> str:
    return f"{d.new.region or '?'} {d.old.year} -> {d.new.year} ({d.old.source} -> {d.new.source})"


def _summary_line(d: YearDiff) -> str:
    s = d.summary()
    text = (
        f"{s['changed']} changed, {s['unchanged']} unchanged, {s['appeared']} appeared, "
        f"{s['disappeared']} disappeared; {s['reported_rates_checked']} reported figures checked, "
        f"{s['mismatches']} mismatch(es); level records without metric_key ignored: "
        f"{d.unkeyed_old} old, {d.unkeyed_new} new"
    )
    if d.duplicates:
        text += f"; {len(d.duplicates)} duplicate key(s), first kept (listed by --format json)"
    return text


def to_markdown(diffs: list[YearDiff]) -> str:
    parts = []
    for d in diffs:
        lines = [f"### {_title(d)}", ""]
        headers = _headers(d)
        lines.append("| " + " | ".join(headers) + " |")
        lines.append("|" + "|".join(" --- " if i < 2 else " ---: " for i in range(len(headers) - 1)) + "| --- |")
        for row in _display_rows(d):
            lines.append("| " + " | ".join(cell.replace("|", "\\|") for cell in row) + " |")
        lines += ["", _summary_line(d)]
        parts.append("\n".join(lines) + "\n")
    return "\n".join(parts) if parts else "No pairs of years to compare.\n"


def render_table(diffs: list[YearDiff], console: Any) -> None:
    """The readable terminal form (rich), mismatches in red."""
    from rich.table import Table

    if not diffs:
        console.print("No pairs of years to compare.")
    for d in diffs:
        table = Table(title=_title(d), title_justify="left")
        for i, header in enumerate(_headers(d)):
            table.add_column(header, justify="right" if 2 <= i <= 6 else "left", no_wrap=i != 0)
        for row, r in zip(_display_rows(d), d.rows):
            style = "red" if r.check == "mismatch" else ("dim" if r.status == "unchanged" else None)
            table.add_row(*row, style=style)
        console.print(table)
        console.print(_summary_line(d), highlight=False)


def render(diffs: list[YearDiff], fmt: str) -> str:
    if fmt == "json":
        return to_json(diffs)
    if fmt == "csv":
        return to_csv(diffs)
    if fmt == "markdown":
        return to_markdown(diffs)
    raise ValueError(f"unknown diff format {fmt!r}")
