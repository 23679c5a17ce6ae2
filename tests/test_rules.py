"""The meaning layer's named rules: each fires on at least one example of the corpora, and the
trace names a declared rule for every field of every figure."""

from __future__ import annotations

import tomllib
from pathlib import Path

import extract
from extract.meaning import RULES, TRACED_FIELDS

EXAMPLES = Path(__file__).parent / "examples"
CORPUS = Path(__file__).parent.parent / "corpus"


def _example_texts() -> list[tuple[str, str | None]]:
    texts = []
    for path in sorted(EXAMPLES.glob("*.toml")):
        spec = tomllib.loads(path.read_text(encoding="utf-8"))
        if spec.get("mode") != "records":
            continue
        for group in ("case", "negative"):  # known gaps do not count: their rules may be wrong
            texts.extend((case["text"], case.get("region")) for case in spec.get(group, []))
    return texts


def _fired() -> set[str]:
    fired: set[str] = set()
    for text, region in _example_texts():
        trace: dict[str, dict[str, str]] = {}
        extract.extract_text(text, trace=trace, region=region)
        for fields in trace.values():
            fired.update(fields.values())
    return fired


def test_every_rule_fires_on_an_example() -> None:
    silent = sorted(set(RULES) - _fired())
    assert not silent, f"rules with no example that fires them: {silent}"


def test_trace_names_a_declared_rule_for_every_field_of_the_bundled_paper() -> None:
    trace: dict[str, dict[str, str]] = {}
    doc = extract.extract_file(CORPUS / "qingdao-ip-2021.txt", trace=trace)
    figures = [r for r in doc.records if r.type in ("quantity", "ranking")]
    assert len(trace) == len(figures) > 200
    for record in figures:
        fields = trace[record.id]
        assert set(TRACED_FIELDS) <= set(fields), record.id
        assert all(name in RULES for name in fields.values()), fields


def test_trace_shows_why_a_growth_has_its_metric() -> None:
    trace: dict[str, dict[str, str]] = {}
    doc = extract.extract_text("2021年，全市发明专利授权量10210件，同比增长18.2%。", trace=trace)
    growth = next(r for r in doc.records if r.text == "18.2%")
    level = next(r for r in doc.records if r.text == "10210件")
    assert growth.of == level.id and growth.metric == "发明专利授权量"
    assert trace[growth.id]["of"] == "of.change"
    assert trace[growth.id]["metric"] == "metric.from_level"
    assert trace[level.id]["metric"] == "metric.words_before"
    assert trace[level.id]["period"] == "period.dated_flow"
