"""One runner for every example corpus in tests/examples/*.toml.

A corpus is one thing recognised (quantities, dates, rankings, document refs, tables, agency
mentions) or one field decided (agency, metric, period, relations). A file is one of two modes,
named at its top:

    mode = "records"                 # sentence -> records, end to end through extract.extract_text
    record_type = "quantity"         # which records are compared (all of that type, in order)
    fields = ["text", "value", ...]  # the fields compared; others are ignored
    nulls = ["value_max", "approx"]  # fields that must be null when a case does not give them
    defaults = { role = "level" }    # values of omitted fields

    [[case]]        text = "...", expect = [ { text = "...", value = "18.2", ... }, ... ]
    [[negative]]    text = "...", reason = "..."        (no record of record_type at all)
    [[known_gap]]   text = "...", expect = [...], reason = "..."   (strict xfail: fixing it fails
                                                                     the test until moved to case)

    mode = "function"                # input -> return value of one function
    function = "extract.numerals:parse_numeral"
    [[case]]        input = "...", expect = "123"   ("none" for None)
    [[negative]]    input = "..."                    (must return None)
    [[known_gap]]   input = "...", expect = "...", reason = "..."

Keys any case may carry:

    source = "review 6b"   where the case came from: "bundled paper" (a sentence of
                           corpus/qingdao-ip-2021.txt), "suite" (written with the extractor) or
                           "review N" (the review round that wrote it; the file header says what
                           papers that round invented). A file that gives a source on one case
                           gives it on every case.
    rule = "name" or ["a", "b"]
                           the named rule(s) of the meaning layer (extract/meaning) that must
                           fire on this case: each must appear in the trace of some record.
    fields / nulls / defaults
                           (records mode) replace the file's value of the same key for this case
                           only, so a case moved from a file that compared fewer fields still
                           compares exactly those.
    region = "湖北省"      (records mode) the paper's own region, as `wpx extract --region`
                           gives it: an example sentence has no header to state it.

`of` and `parent` (the figure a growth or share describes, the whole a part belongs to) name the
target figure by its text in the example: of = "1530批次". Where that text occurs more than once
in the example, "1530批次#2" is its second occurrence (counting every place the string occurs in
the example text, from the start, 1-based; "#1" may be left out). The runner turns the record's
id (q<start>-<end>) into the same form, so a failing case shows the figures' text.

Numbers are written as strings and compared as Decimal, so 0.1 stays exact. Another extractor
adds its own corpus by dropping a file here; nothing in this runner needs to change.
"""

from __future__ import annotations

import importlib
import re
import tomllib
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

import extract

EXAMPLES = Path(__file__).parent / "examples"
_NUMBER_FIELDS = frozenset(["value", "value_max", "rank", "rank_max", "expected", "found"])
_LINK_FIELDS = frozenset(["of", "parent"])  # name another figure of the same example
_SPEC_KEYS = ("fields", "nulls", "defaults")  # file keys a records case may override
_CASE_KEYS = {
    "records": {"text", "expect", "reason", "source", "rule", "region", *_SPEC_KEYS},
    "function": {"input", "expect", "reason", "source", "rule"},
}
_RECORD_ID = re.compile(r"q(\d+)-(\d+)")


def _load(path: Path) -> dict[str, Any]:
    with path.open("rb") as fh:
        return tomllib.load(fh)


def _params() -> list[Any]:
    params: list[Any] = []
    for path in sorted(EXAMPLES.glob("*.toml")):
        spec = _load(path)
        for group in ("case", "negative", "known_gap"):
            for i, case in enumerate(spec.get(group, [])):
                marks = []
                if group == "known_gap":
                    marks.append(pytest.mark.xfail(strict=True, reason=case.get("reason", "known gap")))
                params.append(
                    pytest.param(path.name, group, i, id=f"{path.stem}-{group}-{i}", marks=marks)
                )
    return params


def _norm(field: str, value: Any) -> Any:
    """Expected and actual values in one comparable form: numbers as Decimal, str as is."""
    if value is None:
        return None
    if field in _NUMBER_FIELDS and not isinstance(value, bool):
        try:
            return Decimal(str(value))
        except ArithmeticError:
            return value  # a date record's value is an ISO string, not a number
    return value


def _occurrences(text: str, target: str) -> list[int]:
    """Start of every place `target` occurs in `text`, overlapping ones included."""
    starts, i = [], text.find(target)
    while i >= 0:
        starts.append(i)
        i = text.find(target, i + 1)
    return starts


def _label(text: str, start: int, end: int) -> str:
    """A figure named by its text, with #n when that text occurs earlier in the example too."""
    target = text[start:end]
    n = _occurrences(text, target).index(start) + 1
    return target if n == 1 else f"{target}#{n}"


def _target(text: str, given: str) -> str:
    """An expectation's of/parent (text, or text#n) in the canonical form _label gives."""
    target, n = given, 1
    head, sep, tail = given.rpartition("#")
    if sep and tail.isdigit():
        target, n = head, int(tail)
    starts = _occurrences(text, target)
    assert target and len(starts) >= n, f"{given!r} does not occur (that often) in the example"
    return _label(text, starts[n - 1], starts[n - 1] + len(target))


def _actual_link(text: str, record_id: str | None) -> str | None:
    if record_id is None:
        return None
    m = _RECORD_ID.fullmatch(record_id)
    return _label(text, int(m[1]), int(m[2])) if m else record_id


def _case_spec(spec: dict[str, Any], case: dict[str, Any]) -> dict[str, Any]:
    """The file's header with this case's own fields/nulls/defaults put in their place."""
    return {**spec, **{k: case[k] for k in _SPEC_KEYS if k in case}}


def _expected_record(spec: dict[str, Any], given: dict[str, Any], text: str) -> dict[str, Any]:
    unknown = set(given) - set(spec["fields"])
    assert not unknown, f"expectation names fields not compared by this case: {unknown}"
    out: dict[str, Any] = {}
    for f in spec["fields"]:
        if f in given:
            out[f] = _target(text, given[f]) if f in _LINK_FIELDS else _norm(f, given[f])
        elif f in spec.get("defaults", {}):
            out[f] = _norm(f, spec["defaults"][f])
        elif f in spec.get("nulls", []):
            out[f] = None
        else:
            raise AssertionError(f"field {f!r} has no default; give it in the case")
    return out


def _run_records(spec: dict[str, Any], group: str, case: dict[str, Any]) -> None:
    spec = _case_spec(spec, case)
    text = case["text"]
    trace: dict[str, dict[str, str]] = {}
    doc = extract.extract_text(text, trace=trace, region=case.get("region"))
    rules = case.get("rule", [])
    fired = {name for fields in trace.values() for name in fields.values()}
    for name in [rules] if isinstance(rules, str) else rules:
        assert name in fired, f"rule {name!r} did not fire; fired: {sorted(fired)}"
    got = [
        {
            f: _actual_link(text, getattr(r, f)) if f in _LINK_FIELDS else _norm(f, getattr(r, f))
            for f in spec["fields"]
        }
        for r in doc.records
        if r.type == spec["record_type"]
    ]
    for r in doc.records:  # provenance holds for every record of every example
        assert text[r.start : r.end] == r.text
    if group == "negative":
        assert got == [], f"{text!r} should give no {spec['record_type']} record"
        return
    expected = [_expected_record(spec, e, text) for e in case["expect"]]
    assert got == expected


def _run_function(spec: dict[str, Any], group: str, case: dict[str, Any]) -> None:
    module, _, name = spec["function"].partition(":")
    fn = getattr(importlib.import_module(module), name)
    result = fn(case["input"])
    if group == "negative":
        assert result is None, f"{case['input']!r} should not be read, got {result!r}"
        return
    expect = case["expect"]
    if expect == "none":
        assert result is None
    else:
        assert result is not None, f"{case['input']!r} was not read"
        assert Decimal(str(result)) == Decimal(expect)


@pytest.mark.parametrize("file,group,index", _params())
def test_example(file: str, group: str, index: int) -> None:
    spec = _load(EXAMPLES / file)
    case = spec[group][index]
    if spec["mode"] == "records":
        _run_records(spec, group, case)
    elif spec["mode"] == "function":
        _run_function(spec, group, case)
    else:
        raise AssertionError(f"{file}: unknown mode {spec['mode']!r}")


def test_example_files_are_well_formed() -> None:
    files = sorted(EXAMPLES.glob("*.toml"))
    assert files, "no example corpora found"
    for path in files:
        spec = _load(path)
        assert spec.get("mode") in ("records", "function"), path.name
        assert spec.get("case"), f"{path.name}: no positive cases"
        key = "text" if spec["mode"] == "records" else "input"
        seen: set[str] = set()
        cases = [c for group in ("case", "negative", "known_gap") for c in spec.get(group, [])]
        for case in cases:
            assert case[key] not in seen, f"{path.name}: duplicate example {case[key]!r}"
            seen.add(case[key])
            unknown = set(case) - _CASE_KEYS[spec["mode"]]
            assert not unknown, f"{path.name}: {case[key][:30]!r} has unknown keys {unknown}"
            rule = case.get("rule", [])
            assert isinstance(rule, (str, list)) and all(isinstance(r, str) for r in rule), path.name
        sourced = [isinstance(c.get("source"), str) and c["source"] != "" for c in cases]
        assert all(sourced) or not any(sourced), f"{path.name}: a source on some cases only"
