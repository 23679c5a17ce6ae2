"""The forms of a year-to-year diff: JSON, CSV, Markdown and the terminal table (`wpx diff --format`)."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable
from dataclasses import asdict
from decimal import Decimal
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .diff import YearDiff

COLUMNS = (
    "region", "old_year", "new_year", "subject", "metric_key", "unit", "agency", "status", "old_value", "new_value",
    "change", "change_pct", "reported_pct", "reported_change", "check", "reported_text", "old_id", "new_id",
    "old_period", "new_period", "reason",
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
        if r.status == "not_compared":
            verdict = f"not compared: {r.reason}"
        elif r.status in ("changed", "unchanged"):
            verdict = _CHECK_MARK.get(r.check or "", "")
        else:
            verdict = r.status
        rows.append([
            (f"{r.subject}·" if r.subject else "") + r.metric_key + (f" [{r.agency}]" if r.agency else ""),
            r.unit,
            _num(r.old_value),
            _num(r.new_value),
            _signed(r.change),
            _signed(r.change_pct, "%"),
            (_signed(r.reported_pct, "%") + (f" ({_signed(r.reported_change)})" if r.reported_change is not None else "")).strip(),
            verdict,
        ])
    return rows


def _headers(d: YearDiff) -> list[str]:
    return ["metric", "unit", str(d.old.year), str(d.new.year), "change", "change %", "reported", "check"]


def _title(d: YearDiff) -> str:
    return f"{d.new.region or '?'} {d.old.year} -> {d.new.year} ({d.old.source} -> {d.new.source})"


def _summary_line(d: YearDiff) -> str:
    s = d.summary()
    if d.refused:
        return f"nothing compared: {d.refused}"
    text = (
        f"{s['changed']} changed, {s['unchanged']} unchanged, {s['not_compared']} not compared, {s['appeared']} appeared, "
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
