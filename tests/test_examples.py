"""One runner for every example corpus in tests/examples/*.toml.

A file is one of two modes, named at its top:

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

Numbers are written as strings and compared as Decimal, so 0.1 stays exact. Another extractor
adds its own corpus by dropping a file here; nothing in this runner needs to change.
"""

from __future__ import annotations

import importlib
import tomllib
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

import extract

EXAMPLES = Path(__file__).parent / "examples"
_NUMBER_FIELDS = frozenset(["value", "value_max", "rank", "expected", "found"])


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


def _expected_record(spec: dict[str, Any], given: dict[str, Any]) -> dict[str, Any]:
    unknown = set(given) - set(spec["fields"])
    assert not unknown, f"expectation names fields not compared by this file: {unknown}"
    out: dict[str, Any] = {}
    for f in spec["fields"]:
        if f in given:
            out[f] = _norm(f, given[f])
        elif f in spec.get("defaults", {}):
            out[f] = _norm(f, spec["defaults"][f])
        elif f in spec.get("nulls", []):
            out[f] = None
        else:
            raise AssertionError(f"field {f!r} has no default; give it in the case")
    return out


def _run_records(spec: dict[str, Any], group: str, case: dict[str, Any]) -> None:
    text = case["text"]
    doc = extract.extract_text(text)
    got = [
        {f: _norm(f, getattr(r, f)) for f in spec["fields"]}
        for r in doc.records
        if r.type == spec["record_type"]
    ]
    for r in doc.records:  # provenance holds for every record of every example
        assert text[r.start : r.end] == r.text
    if group == "negative":
        assert got == [], f"{text!r} should give no {spec['record_type']} record"
        return
    expected = [_expected_record(spec, e) for e in case["expect"]]
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
        for group in ("case", "negative", "known_gap"):
            for case in spec.get(group, []):
                assert case[key] not in seen, f"{path.name}: duplicate example {case[key]!r}"
                seen.add(case[key])
