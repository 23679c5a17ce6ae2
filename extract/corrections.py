"""A reviewer's corrections, read back: `wpx score OUTPUT.json CORRECTIONS.jsonl`.

The review page (`wpx show`) exports one JSON object a line:

    {"record_id": "q3935-3941", "document_sha256": "00f7…", "field": "unit", "old": "件", "new": "批次"}

`old` is what the page showed, `new` what the reviewer says is right: equal when a figure was
marked right (one line per field it was judged on), different when a field was corrected.
Field `record` with `new` null says the span is not a figure at all. A later line for the same
record and field replaces an earlier one, so an export can be appended to.

Scoring treats the `new` values as gold: for each field, how many judged records of the
document (possibly a newer extraction of the same file) carry exactly that value.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from .models import Document
from .reading import InputError

# The fields a reviewer judges on the page, in the order they are reported.
JUDGED_FIELDS = (
    "record", "value", "value_max", "unit", "approx", "role", "kind", "currency", "metric", "metric_key",
    "agency", "agency_basis", "subject", "period", "period_type", "of", "parent", "rank", "scope",
)
NUMERIC_FIELDS = frozenset({"value", "value_max", "rank"})
REQUIRED_KEYS = ("record_id", "document_sha256", "field", "old", "new")


@dataclass
class FieldScore:
    field: str
    right: int = 0
    judged: int = 0
    wrong: list[str] = field(default_factory=list)  # record ids

    @property
    def accuracy(self) -> float | None:
        return self.right / self.judged if self.judged else None


@dataclass
class ScoreResult:
    source: str
    records_judged: int
    fields: list[FieldScore]
    warnings: list[str]

    @property
    def total(self) -> FieldScore:
        out = FieldScore("all fields")
        for f in self.fields:
            out.right += f.right
            out.judged += f.judged
        return out


def load_corrections(path: Path) -> list[dict[str, Any]]:
    """The lines of a corrections file, each checked to carry the five keys."""
    try:
        raw = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError(str(path), "no such file") from None
    except UnicodeDecodeError:
        raise InputError(str(path), "not a UTF-8 JSON Lines file") from None
    except OSError as exc:
        raise InputError(str(path), f"cannot read ({exc.strerror or exc})") from None
    lines = []
    for number, line in enumerate(raw.splitlines(), 1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
        except ValueError:
            raise InputError(str(path), f"line {number} is not JSON") from None
        if not isinstance(item, dict) or any(k not in item for k in REQUIRED_KEYS):
            raise InputError(str(path), f"line {number} lacks one of {', '.join(REQUIRED_KEYS)}")
        lines.append(item)
    if not lines:
        raise InputError(str(path), "no corrections in the file")
    return lines


def _same(field_name: str, have: Any, gold: Any) -> bool:
    """Equal as a reviewer means it: numbers by value (1908 is "1908"), empty text is null."""
    if isinstance(have, str) and not have.strip():
        have = None
    if isinstance(gold, str) and not gold.strip():
        gold = None
    if have is None or gold is None:
        return have is None and gold is None
    if field_name in NUMERIC_FIELDS:
        try:
            return Decimal(str(have)) == Decimal(str(gold).strip())
        except InvalidOperation:
            return False
    return str(have).strip() == str(gold).strip()


def score_document(doc: Document, lines: list[dict[str, Any]], source: str = "corrections") -> ScoreResult:
    info = doc.document
    known = {info.sha256, info.text_sha256}
    mine = [c for c in lines if c["document_sha256"] in known]
    warnings = []
    if not mine:
        raise InputError(source, f"no correction is for this document (sha256 {info.sha256[:12]}…)")
    if len(mine) < len(lines):
        warnings.append(f"{source}: {len(lines) - len(mine)} line(s) for other documents skipped")
    gold: dict[tuple[str, str], Any] = {}
    for c in mine:  # a later line replaces an earlier one
        gold[(c["record_id"], c["field"])] = c["new"]
    records = {r.id: r.model_dump(mode="json") for r in doc.records}
    missing = sorted({rid for rid, _ in gold if rid not in records})
    if missing:
        warnings.append(f"{source}: {len(missing)} judged record(s) not in the document "
                        f"(a span the extractor no longer finds): {', '.join(missing[:5])}")
    scores = {name: FieldScore(name) for name in JUDGED_FIELDS}
    for (rid, name), value in sorted(gold.items()):
        score = scores.setdefault(name, FieldScore(name))
        score.judged += 1
        record = records.get(rid)
        if name == "record":  # null: not a figure; otherwise the span is one
            ok = (record is None) if value is None else (record is not None)
        else:
            ok = record is not None and _same(name, record.get(name), value)
        if ok:
            score.right += 1
        else:
            score.wrong.append(rid)
    return ScoreResult(source, len({rid for rid, _ in gold}), [s for s in scores.values() if s.judged], warnings)


def render_score(result: ScoreResult, fmt: str = "table") -> str:
    rows = [*result.fields, result.total]
    if fmt == "json":
        payload = {
            "corrections": result.source,
            "records_judged": result.records_judged,
            "fields": {f.field: {"right": f.right, "judged": f.judged,
                                 "accuracy": None if f.accuracy is None else round(f.accuracy, 4),
                                 "wrong": f.wrong} for f in rows},
        }
        return json.dumps(payload, ensure_ascii=False, indent=2) + "\n"
    width = max(len(f.field) for f in rows)
    out = [f"{'field':<{width}}  right  judged  accuracy"]
    for f in rows:
        acc = "" if f.accuracy is None else f"{f.accuracy * 100:.1f}%"
        out.append(f"{f.field:<{width}}  {f.right:>5}  {f.judged:>6}  {acc:>8}")
    out.append(f"{result.records_judged} record(s) judged")
    return "\n".join(out) + "\n"
