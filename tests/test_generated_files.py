"""Committed generated files are what the code generates now: schemas/ and the example output."""

from __future__ import annotations

from pathlib import Path

import extract
from extract.output import schema_files, to_json

ROOT = Path(__file__).resolve().parents[1]


def test_committed_schemas_match_the_models() -> None:
    for name, content in schema_files().items():
        committed = (ROOT / "schemas" / name).read_text(encoding="utf-8")
        assert committed == content, f"schemas/{name} is stale: run `wpx schema`"


def test_committed_example_output_is_current() -> None:
    """A regression guard, not proof of correctness: any change in what the bundled document
    yields shows up as a reviewable diff of output/qingdao-ip-2021.json."""
    doc = extract.extract_file(ROOT / "corpus" / "qingdao-ip-2021.txt")
    committed = (ROOT / "output" / "qingdao-ip-2021.json").read_text(encoding="utf-8")
    assert committed == to_json(doc), "output/ is stale: run `wpx extract corpus/qingdao-ip-2021.txt -o output`"


def test_every_record_points_at_its_words() -> None:
    path = ROOT / "corpus" / "qingdao-ip-2021.txt"
    original = path.read_text(encoding="utf-8")
    doc = extract.extract_file(path)
    assert doc.records
    for record in doc.records:
        assert original[record.start : record.end] == record.text
    for section in doc.sections:
        assert 0 <= section.start <= section.end <= len(original)
