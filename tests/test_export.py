"""`wpx export`: real SQLite and DuckDB files, queried with real SQL."""

from __future__ import annotations

import sqlite3
from decimal import Decimal
from pathlib import Path

import pytest
from test_diff import paper_2020, paper_2021
from typer.testing import CliRunner

from extract.cli import app
from extract.export import export_sqlite
from extract.models import Agency, AgencyMention, AuditFinding, Document
from extract.output import to_json

BY_YEAR = "SELECT year, value FROM facts WHERE metric_key = ? ORDER BY year"


def with_agency_and_audit(doc: Document) -> Document:
    """Add an agency record and an audit finding, as the linker and the auditor would."""
    text = "市市场监管局（知识产权局）"
    doc.records.append(Agency(
        id="a0-13", start=0, end=13, text=text, section="0", name="青岛市市场监督管理局",
        kind="government", parent_agency=None, in_gazetteer=True,
        mentions=[AgencyMention(start=0, end=13, text=text)],
    ))
    doc.audit.append(AuditFinding(check="growth", message="stated 27.56% but the figures give 21.77%",
                                  expected=Decimal("27.56"), found=Decimal("21.77"), records=["q1-2"], start=1, end=2))
    return doc


def write_outputs(out: Path) -> Path:
    out.mkdir(parents=True, exist_ok=True)
    (out / "synthetic-2020.json").write_text(to_json(paper_2020()), encoding="utf-8")
    (out / "synthetic-2021.json").write_text(to_json(with_agency_and_audit(paper_2021())), encoding="utf-8")
    return out


def counts(db: sqlite3.Connection) -> dict[str, int]:
    tables = ("documents", "sections", "records", "agencies", "links", "audit_findings")
    return {t: db.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in tables}


def test_sqlite_answers_metric_by_year_and_exports_idempotently(tmp_path: Path) -> None:
    out = write_outputs(tmp_path / "output")
    runner = CliRunner()
    first = runner.invoke(app, ["export", str(out)])
    assert first.exit_code == 0, first.output
    target = out / "wpx.sqlite"  # the default
    assert "export: 2 documents, 23 records, 7 links" in first.stderr

    with sqlite3.connect(target) as db:
        assert db.execute(BY_YEAR, ["有效发明专利拥有量"]).fetchall() == [(2020, "38560"), (2021, "47159")]
        before = counts(db)
    assert before == {"documents": 2, "sections": 2, "records": 23, "agencies": 1, "links": 7, "audit_findings": 1}

    second = runner.invoke(app, ["export", str(out), "--sqlite", str(target)])
    assert second.exit_code == 0, second.output
    with sqlite3.connect(target) as db:
        assert counts(db) == before
        assert db.execute(
            "SELECT count(*) FROM (SELECT document_id, id FROM records GROUP BY 1, 2 HAVING count(*) > 1)"
        ).fetchone()[0] == 0
        assert db.execute("PRAGMA foreign_key_check").fetchall() == []


def test_values_are_exact_text_and_links_join(tmp_path: Path) -> None:
    out = write_outputs(tmp_path / "output")
    target = tmp_path / "wpx.sqlite"
    assert CliRunner().invoke(app, ["export", str(out), "--sqlite", str(target)]).exit_code == 0
    db = sqlite3.connect(target)
    row = db.execute(
        "SELECT value, typeof(value), unit, year, region FROM facts WHERE metric_key = '每万人口有效发明专利拥有量'"
    ).fetchone()
    assert row == ("46.82", "text", "件", 2021, "青岛市")
    # A growth rate joined to the level it describes, through links.
    pairs = db.execute(
        """SELECT level.metric_key, level.value, rate.value FROM links
           JOIN records rate ON rate.document_id = links.document_id AND rate.id = links.record_id
           JOIN records level ON level.document_id = links.document_id AND level.id = links.target_id
           JOIN documents d ON d.document_id = links.document_id
           WHERE links.relation = 'of' AND rate.role = 'growth' AND d.year = 2021 ORDER BY rate.start"""
    ).fetchall()
    assert pairs[:2] == [("发明专利授权量", "10210", "18.2"), ("有效发明专利拥有量", "47159", "22.3")]
    assert db.execute("SELECT name, kind, in_gazetteer, mentions FROM agencies").fetchall() == [
        ("青岛市市场监督管理局", "government", 1, 1)
    ]
    assert db.execute("SELECT check_name, expected, found FROM audit_findings").fetchall() == [("growth", "27.56", "21.77")]
    # The records_view carries the document columns for every record.
    assert db.execute("SELECT count(*) FROM records_view WHERE year = 2021").fetchone()[0] == 15
    indexes = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
    assert {"records_metric_key", "documents_year", "documents_region"} <= indexes
    db.close()


def test_reexport_removes_what_a_document_no_longer_has(tmp_path: Path) -> None:
    target = tmp_path / "wpx.sqlite"
    doc = paper_2021()
    export_sqlite([paper_2020(), doc], target)
    doc.records = [r for r in doc.records if r.metric_key != "每万人口有效发明专利拥有量"]
    export_sqlite([doc], target)
    db = sqlite3.connect(target)
    assert db.execute(BY_YEAR, ["每万人口有效发明专利拥有量"]).fetchall() == []
    assert db.execute("SELECT count(*) FROM records").fetchone()[0] == 8 + 14 - 1
    # The same source re-extracted from changed text (a new document id) replaces the old copy.
    doc.document.id = "doc2021-v2"
    export_sqlite([doc], target)
    assert db.execute("SELECT document_id FROM documents WHERE year = 2021").fetchall() == [("doc2021-v2",)]
    assert db.execute(BY_YEAR, ["有效发明专利拥有量"]).fetchall() == [(2020, "38560"), (2021, "47159")]
    db.close()


def test_empty_or_bad_folder_is_a_one_line_error(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    result = CliRunner().invoke(app, ["export", str(tmp_path / "empty")])
    assert result.exit_code == 2
    assert result.stderr == f"wpx: error: {tmp_path / 'empty'}: no document JSON files to export\n"
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "x.json").write_text("[1, 2]", encoding="utf-8")
    result = CliRunner().invoke(app, ["export", str(bad)])
    assert result.exit_code == 2
    assert result.stderr.startswith(f"wpx: error: {bad / 'x.json'}: not a wpx document JSON")


def test_duckdb_and_parquet(tmp_path: Path) -> None:
    duckdb = pytest.importorskip("duckdb", reason="the [duckdb] extra is not installed; skipping DuckDB/Parquet export")
    out = write_outputs(tmp_path / "output")
    target = tmp_path / "wpx.duckdb"
    parquet = tmp_path / "parquet"
    runner = CliRunner()
    for _ in range(2):  # twice: no duplicates
        result = runner.invoke(app, ["export", str(out), "--duckdb", str(target), "--parquet", str(parquet)])
        assert result.exit_code == 0, result.output
    assert not (out / "wpx.sqlite").exists()  # only what was asked for

    con = duckdb.connect(str(target))
    assert con.execute(BY_YEAR, ["有效发明专利拥有量"]).fetchall() == [(2020, "38560"), (2021, "47159")]
    assert con.execute("SELECT count(*) FROM records").fetchone()[0] == 23
    assert con.execute("SELECT count(*) FROM audit_findings").fetchone()[0] == 1
    con.close()

    assert sorted(p.name for p in parquet.iterdir()) == [
        "agencies.parquet", "audit_findings.parquet", "documents.parquet", "links.parquet",
        "records.parquet", "sections.parquet",
    ]
    records = str(parquet / "records.parquet")
    documents = str(parquet / "documents.parquet")
    rows = duckdb.sql(
        f"SELECT d.year, r.value FROM '{records}' r JOIN '{documents}' d USING (document_id) "
        "WHERE r.metric_key = '有效注册商标量' ORDER BY d.year"
    ).fetchall()
    assert rows == [(2020, "321500"), (2021, "391500")]
