"""`wpx score OUTPUT.json CORRECTIONS.jsonl`: a reviewer's corrections are gold, and the score
is, per field, how many judged records of the document carry the gold value."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from extract.cli import app
from extract.output import to_json
from extract.pipeline import extract_text

TEXT = "2022年青岛市知识产权保护状况白皮书\n全年查处商标侵权案件186件，同比增长12.5%；罚没款312.5万元。\n"


def test_score_counts_right_and_corrected_fields_per_field(tmp_path: Path) -> None:
    doc = extract_text(TEXT, source="qd.txt")
    out = tmp_path / "qd.json"
    out.write_text(to_json(doc), encoding="utf-8")
    q = {r.text: r for r in doc.records if r.type == "quantity"}
    cases, rate, fine = q["186件"], q["12.5%"], q["312.5万元"]
    sha = doc.document.sha256

    def line(rec, field, old, new):
        return json.dumps({"record_id": rec, "document_sha256": sha, "field": field, "old": old, "new": new},
                          ensure_ascii=False)

    lines = [
        line(cases.id, "value", 186, 186), line(cases.id, "unit", "件", "件"),
        line(rate.id, "of", rate.of, cases.id), line(rate.id, "role", "growth", "growth"),
        line(fine.id, "value", 3125000, "3125000"),  # numbers compare by value, typed or not
        line(fine.id, "unit", "元", "万元"),  # corrected: the document is wrong here
        line(fine.id, "unit", "元", "元"),  # ...then corrected back: the later line wins
        line(fine.id, "currency", "CNY", "HKD"),
        json.dumps({"record_id": "q0-1", "document_sha256": "f" * 64, "field": "value", "old": 1, "new": 2}),
    ]
    corrections = tmp_path / "c.jsonl"
    corrections.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["score", str(out), str(corrections), "--format", "json"])
    assert result.exit_code == 0, result.output
    fields = json.loads(result.stdout)["fields"]
    assert fields["value"] == {"right": 2, "judged": 2, "accuracy": 1.0, "wrong": []}
    assert fields["unit"] == {"right": 2, "judged": 2, "accuracy": 1.0, "wrong": []}
    assert rate.of == cases.id and fields["of"] == {"right": 1, "judged": 1, "accuracy": 1.0, "wrong": []}
    assert fields["currency"] == {"right": 0, "judged": 1, "accuracy": 0.0, "wrong": [fine.id]}
    assert fields["all fields"]["judged"] == 7
    assert result.stderr == f"wpx: warning: {corrections}: 1 line(s) for other documents skipped\n"

    table = CliRunner().invoke(app, ["score", str(out), str(corrections)]).stdout
    assert "currency        0       1      0.0%" in table and "3 record(s) judged" in table

    other = tmp_path / "other.jsonl"
    other.write_text(lines[-1] + "\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["score", str(out), str(other)])
    assert result.exit_code == 2
    assert result.stderr == f"wpx: error: {other}: no correction is for this document (sha256 {sha[:12]}…)\n"
