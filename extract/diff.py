"""Compare the figures of two yearly papers, and check the growth rates they state.

    2020: 全市发明专利授权量8638件 ...
    2021: 全市发明专利授权量10210件，同比增长18.2%   -> 8638 -> 10210, +1572, +18.20%, stated 18.2% ok

Level records (role level, value not null) are aligned by (region, subject, metric_key, unit,
agency); a level whose metric_key is null cannot be aligned and is only counted. Two aligned
figures are compared only when their periods are of the same kind and length (a half year is
not a year, a stock at 06-30 is not one at 12-31, a flow is not a stock) and lie as many years
apart as the papers do; both papers must have a known year and region. What is not compared
is listed with the reason (status `not_compared`). The new paper's own
growth rate for a metric (a growth record whose `of` is the new level) is set beside the rate
computed from the two papers, and flagged when the two disagree by more than the rounding of
the stated figures allows: half a unit in the last written decimal of the rate AND of both
levels (10.58万件 is anything from 105750 to 105850), widened for approximate rates (约, 超过).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any, Literal

from . import rx

# The rendering lives in diff_render.py; its public names stay importable from here.
from .diff_render import COLUMNS, render, render_table, to_csv, to_json, to_markdown  # noqa: F401
from .models import Document, Quantity
from .reading import InputError

Status = Literal["changed", "unchanged", "appeared", "disappeared", "not_compared"]
Check = Literal["ok", "mismatch", "approximate"]
Key = tuple[str | None, str | None, str, str, str | None]  # region, subject, metric_key, unit, agency

_WRITTEN_NUMBER = rx.compile(r"[0-9０-９]+(?:[.．][0-9０-９]+)?")
_FULLWIDTH = str.maketrans("０１２３４５６７８９．", "0123456789.")
_HUNDRED = Decimal(100)
_PCT_PLACES = Decimal("0.01")
# Rates with a qualifier are read loosely: 约18% could be 17.5 to 18.5.
_APPROX_WIDEN = {"about": 3, "nearly": 3}


@dataclass
class MetricChange:
    region: str | None
    subject: str | None
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
    old_period: str | None = None
    new_period: str | None = None
    reason: str | None = None  # why a pair was not compared


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
    refused: str | None = None  # why nothing at all was compared (a paper without a year...)

    def aligned_only(self) -> YearDiff:
        """The same diff showing only metrics found in both papers (the summary still counts
        what appeared and disappeared)."""
        rows = [r for r in self.rows if r.status in ("changed", "unchanged")]
        return _Filtered(self.old, self.new, rows, self.unkeyed_old, self.unkeyed_new, self.duplicates,
                         self.refused, self)

    def why_nothing_aligned(self) -> str | None:
        """When no pair of figures was compared, why (None when some were)."""
        if any(r.status in ("changed", "unchanged") for r in self.rows):
            return None
        if self.refused:
            return self.refused
        refused = [r for r in self.rows if r.status == "not_compared"]
        if refused:
            reasons = sorted({r.reason or "" for r in refused})
            return f"{len(refused)} pair(s) of figures not compared: " + "; ".join(reasons[:3]) + (
                "; …" if len(reasons) > 3 else "")
        old = sum(1 for r in self.rows if r.status == "disappeared")
        new = sum(1 for r in self.rows if r.status == "appeared")
        if not old or not new:
            side = "old" if not old else "new"
            return f"the {side} paper has no level figure with a metric_key ({self.unkeyed_old if side == 'old' else self.unkeyed_new} without one)"
        return f"the papers share no (subject, metric_key, unit, agency): {old} old and {new} new figures, none in both"

    @property
    def mismatches(self) -> list[MetricChange]:
        return [r for r in self.rows if r.check == "mismatch"]

    def summary(self) -> dict[str, Any]:
        counts = {s: sum(1 for r in self.rows if r.status == s)
                  for s in ("changed", "unchanged", "appeared", "disappeared", "not_compared")}
        return {
            **counts,
            "reported_rates_checked": sum(1 for r in self.rows if r.check in ("ok", "mismatch")),
            "mismatches": len(self.mismatches),
            "unkeyed_levels_ignored": {"old": self.unkeyed_old, "new": self.unkeyed_new},
            "duplicates": self.duplicates,
            "refused": self.refused,
        }


@dataclass
class _Filtered(YearDiff):
    full: YearDiff | None = None

    def summary(self) -> dict[str, Any]:
        return self.full.summary() if self.full else super().summary()


def _levels(doc: Document, side: str) -> tuple[dict[Key, list[Quantity]], int]:
    """Level records of one paper grouped by alignment key, in paper order; and how many
    levels had no metric_key."""
    region = doc.document.region
    out: dict[Key, list[Quantity]] = {}
    unkeyed = 0
    for rec in doc.records:
        if not isinstance(rec, Quantity) or rec.role != "level" or rec.value is None:
            continue
        if rec.metric_key is None:
            unkeyed += 1
            continue
        out.setdefault((region, rec.subject, rec.metric_key, rec.unit, rec.agency), []).append(rec)
    return out, unkeyed


_POINT = rx.compile(r"(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?")


@dataclass(frozen=True)
class PeriodShape:
    """What a period is, apart from its year: its kind, its length and where in the year it
    falls. Two figures are comparable across years only when their shapes are equal."""

    form: str  # year, month, day, span
    where: str  # "" for a year; "06" for June; "06-30" for a day; "01/06+0" for a span
    end_year: int
    label: str  # for messages: "year 2021", "stock at 2021-06-30", "2021-01/2021-06"


def period_shape(period: str | None) -> PeriodShape | None:
    if not period:
        return None
    parts = period.split("/")
    points = [_POINT.fullmatch(p) for p in parts]
    if len(parts) > 2 or not all(points):
        return None
    if len(parts) == 1:
        y, m, d = points[0].groups()  # type: ignore[union-attr]
        if d:
            return PeriodShape("day", f"{m}-{d}", int(y), period)
        if m:
            return PeriodShape("month", m, int(y), f"month {period}")
        return PeriodShape("year", "", int(y), f"year {period}")
    (y1, m1, d1), (y2, m2, d2) = (p.groups() for p in points)  # type: ignore[union-attr]
    start = f"{m1 or '01'}-{d1 or '01'}"
    end = f"{m2 or '12'}-{d2 or ('31' if not m2 or m2 == '12' else 'end')}"
    if y1 == y2 and start == "01-01" and end in ("12-31", "12-end"):
        return PeriodShape("year", "", int(y2), f"year {y2}")  # 2021-01/2021-12 is the year 2021
    months = (int(y2) - int(y1)) * 12 + int(m2 or 12) - int(m1 or 1) + 1
    return PeriodShape("span", f"{start}/{end}+{int(y2) - int(y1)}", int(y2), f"{period} ({months} months)")


def _describe(rec: Quantity) -> str:
    shape = period_shape(rec.period)
    where = shape.label if shape else (rec.period or "no period")
    return f"{where}, {rec.period_type or 'type unknown'}"


def _why_not(old: Quantity, new: Quantity, years_apart: int) -> str | None:
    """None when the two figures may be compared, else the reason."""
    if old.period_type != new.period_type:
        return f"period types differ: {old.period_type or 'unknown'} vs {new.period_type or 'unknown'}"
    if old.period is None and new.period is None:
        return None
    a, b = period_shape(old.period), period_shape(new.period)
    if a is None or b is None:
        return f"period unknown or unread: {old.period or 'none'} vs {new.period or 'none'}"
    if (a.form, a.where) != (b.form, b.where):
        return f"periods differ in kind or length: {a.label} vs {b.label}"
    if b.end_year - a.end_year != years_apart:
        return f"periods {old.period} and {new.period} are not {years_apart} year(s) apart like the papers"
    return None


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


def _side(doc: Document, name: str | None) -> DocSide:
    """One paper's side of a diff: its name, id, year and region."""
    info = doc.document
    return DocSide(name or info.source, info.id, info.year, info.region)


def _refusal(old_side: DocSide, new_side: DocSide) -> str | None:
    """Why two papers cannot be compared at all (unknown year or region, other region, not later), or None."""
    unknown = [f"{s.source} has no {what}" for s in (old_side, new_side)
               for what, value in (("report year", s.year), ("region", s.region)) if value is None]
    if unknown:
        return "; ".join(unknown) + ": its figures are not compared"
    if old_side.region != new_side.region:
        return f"the papers are about different regions ({old_side.region}, {new_side.region})"
    assert old_side.year is not None and new_side.year is not None
    if new_side.year - old_side.year <= 0:
        return f"the new paper's year {new_side.year} is not after the old one's {old_side.year}"
    return None


def _row_for(key: Key, status: Status, old: Quantity | None, new: Quantity | None) -> MetricChange:
    """A diff row for one key, filled from the old and new figures present."""
    region, subject, metric_key, unit, agency = key
    row = MetricChange(region, subject, metric_key, unit, agency,
                       (new.metric if new else None) or (old.metric if old else None), status)
    if old is not None:
        row.old_value, row.old_id, row.old_text, row.old_period = old.value, old.id, old.text, old.period
    if new is not None:
        row.new_value, row.new_id, row.new_text, row.new_period = new.value, new.id, new.text, new.period
    return row


def _note_repeats(duplicates: list[str], side_name: str, key: Key, extra: list[Quantity], first: Quantity) -> None:
    """Record each figure of `extra` as a repeat of `first` (the one kept)."""
    for rec in extra:
        duplicates.append(f"{side_name}: {key[2]} ({key[3]}) at {rec.id} repeats {first.id}; kept the first")


def _pair_key(key: Key, olds: list[Quantity], news: list[Quantity], years_apart: int, new_doc: Document,
              duplicates: list[str]) -> list[MetricChange]:
    """The rows for one key found in both papers: pairs compared, then pairs not compared."""
    rows: list[MetricChange] = []
    # Pair each new figure with the first unpaired old one of a comparable period; what is
    # left on both sides is listed as not compared, with the reason.
    free_old = list(olds)
    left_new: list[Quantity] = []
    for new in news:
        match = next((o for o in free_old if _why_not(o, new, years_apart) is None), None)
        if match is None:
            left_new.append(new)
            continue
        free_old.remove(match)
        row = _row_for(key, "changed", match, new)
        _compare(row, match, new, new_doc)
        rows.append(row)
    for old, new in zip(free_old, left_new):
        row = _row_for(key, "not_compared", old, new)
        row.reason = _why_not(old, new, years_apart)
        rows.append(row)
    paired_new = [n for n in news if n not in left_new]
    paired_old = [o for o in olds if o not in free_old]
    _note_repeats(duplicates, "new", key, left_new[len(free_old):], (paired_new or news)[0])
    _note_repeats(duplicates, "old", key, free_old[len(left_new):], (paired_old or olds)[0])
    return rows


def diff_documents(old_doc: Document, new_doc: Document, old_name: str | None = None,
                   new_name: str | None = None) -> YearDiff:
    """Metric-by-metric changes from `old_doc` to `new_doc`: metrics in both papers in the
    new paper's order, then pairs not compared (with the reason), then those that appeared,
    then those that disappeared."""
    old_side, new_side = _side(old_doc, old_name), _side(new_doc, new_name)
    duplicates: list[str] = []
    old_levels, unkeyed_old = _levels(old_doc, "old")
    new_levels, unkeyed_new = _levels(new_doc, "new")
    refused = _refusal(old_side, new_side)
    if refused:
        return YearDiff(old_side, new_side, [], unkeyed_old, unkeyed_new, duplicates, refused=refused)
    assert old_side.year is not None and new_side.year is not None
    years_apart = new_side.year - old_side.year

    rows: list[MetricChange] = []
    for key in [*new_levels, *(k for k in old_levels if k not in new_levels)]:
        news, olds = new_levels.get(key, []), old_levels.get(key, [])
        if not olds:
            rows.append(_row_for(key, "appeared", None, news[0]))
            _note_repeats(duplicates, "new", key, news[1:], news[0])
        elif not news:
            rows.append(_row_for(key, "disappeared", olds[0], None))
            _note_repeats(duplicates, "old", key, olds[1:], olds[0])
        else:
            rows += _pair_key(key, olds, news, years_apart, new_doc, duplicates)
    rank = {"changed": 0, "unchanged": 0, "not_compared": 1, "appeared": 2, "disappeared": 3}
    rows.sort(key=lambda r: rank[r.status])  # stable: paper order within each group
    return YearDiff(old_side, new_side, rows, unkeyed_old, unkeyed_new, duplicates)


Warn = Callable[[str], None]


def _unplaced(path: Path, doc: Document) -> str | None:
    """A warning for a paper that cannot take part in a year pair (None when it can)."""
    missing = [what for what, value in (("report year", doc.document.year), ("region", doc.document.region))
               if value is None]
    if not missing:
        return None
    return (f"{path}: no {' or '.join(missing)}; its figures are left out of year pairs "
            "(give them with --year/--region at extraction, or a sidecar <stem>.toml)")


def diff_files(old_path: Path, new_path: Path, warn: Warn | None = None) -> YearDiff:
    from .batch import load_output

    old, new = load_output(old_path), load_output(new_path)
    for path, doc in ((old_path, old), (new_path, new)):
        message = _unplaced(path, doc)
        if message and warn:
            warn(message)
    return diff_documents(old, new, old_path.name, new_path.name)


def diff_directory(out_dir: Path, region: str | None = None, warn: Warn | None = None) -> list[YearDiff]:
    """Consecutive years of each region among the documents of a batch output folder; a
    paper with no year or region is left out (and `warn` is told, naming the file)."""
    from .batch import load_output, output_documents

    by_region: dict[str | None, list[tuple[int, Path, Document]]] = {}
    for path in output_documents(out_dir):
        doc = load_output(path)
        info = doc.document
        message = _unplaced(path, doc)
        if message:
            if warn:
                warn(message)
            continue
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
