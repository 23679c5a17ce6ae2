"""Load batch output into a database: SQLite (stdlib, the default), DuckDB and Parquet.

    wpx export output/ --sqlite output/wpx.sqlite
    sqlite3 output/wpx.sqlite "SELECT year, value, unit FROM facts WHERE metric_key = '发明专利授权量'"

Normalised tables keyed by (document_id, id): documents, sections, records, agencies, links
(record -> of/parent/abbreviation_of target) and audit_findings. Exact numbers are stored as
TEXT decimal strings ('105800', '46.82'), never REAL, so what the paper says survives the trip;
CAST in a query when arithmetic is wanted. Every row is upserted by its stable id and rows a
re-extraction no longer produces are deleted, so exporting twice leaves exactly one copy.
"""

from __future__ import annotations

import json
import os
import sqlite3
import tempfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from .models import Agency, DateRecord, Document, DocumentRef, Quantity, Ranking
from .reading import InputError

SCHEMA_VERSION = "1"

# (table, columns with types, primary key, foreign keys). Column order is the insert order.
TABLES: list[tuple[str, list[tuple[str, str]], list[str], list[str]]] = [
    ("documents", [
        ("document_id", "TEXT NOT NULL"), ("source", "TEXT NOT NULL"), ("sha256", "TEXT NOT NULL"),
        ("encoding", "TEXT"), ("title", "TEXT"), ("issuer", "TEXT"), ("published", "TEXT"),
        ("year", "INTEGER"), ("region", "TEXT"), ("chars", "INTEGER"),
        ("schema_version", "TEXT"), ("extractor_version", "TEXT"),
    ], ["document_id"], []),
    ("sections", [
        ("document_id", "TEXT NOT NULL"), ("id", "TEXT NOT NULL"), ("level", "INTEGER"),
        ("number", "TEXT"), ("title", "TEXT"), ("start", "INTEGER"), ("end", "INTEGER"), ("parent", "TEXT"),
    ], ["document_id", "id"], ["FOREIGN KEY (document_id) REFERENCES documents (document_id) ON DELETE CASCADE"]),
    ("records", [
        ("document_id", "TEXT NOT NULL"), ("id", "TEXT NOT NULL"), ("type", "TEXT NOT NULL"),
        ("start", "INTEGER NOT NULL"), ("end", "INTEGER NOT NULL"), ("text", "TEXT NOT NULL"), ("section", "TEXT"),
        # facts (quantity, ranking)
        ("metric", "TEXT"), ("metric_key", "TEXT"), ("agency", "TEXT"), ("period", "TEXT"),
        ("period_type", "TEXT"), ("of", "TEXT"), ("parent", "TEXT"),
        # quantity; kind is also the agency kind
        ("kind", "TEXT"), ("value", "TEXT"), ("value_max", "TEXT"), ("unit", "TEXT"), ("approx", "TEXT"),
        ("role", "TEXT"), ("currency", "TEXT"), ("unresolved", "TEXT"),
        # ranking
        ("rank", "INTEGER"), ("rank_text", "TEXT"), ("scope", "TEXT"),
        # date
        ("date_value", "TEXT"), ("date_end", "TEXT"), ("granularity", "TEXT"), ("qualifier", "TEXT"),
        ("year_inferred", "BOOLEAN"),
        # document_ref
        ("title", "TEXT"), ("doc_number", "TEXT"), ("abbreviation", "TEXT"), ("abbreviation_of", "TEXT"),
        # the whole record as JSON, so no field is ever lost to the column list
        ("json", "TEXT NOT NULL"),
    ], ["document_id", "id"], ["FOREIGN KEY (document_id) REFERENCES documents (document_id) ON DELETE CASCADE"]),
    ("agencies", [
        ("document_id", "TEXT NOT NULL"), ("id", "TEXT NOT NULL"), ("name", "TEXT NOT NULL"), ("kind", "TEXT"),
        ("parent_agency", "TEXT"), ("in_gazetteer", "BOOLEAN"), ("mentions", "INTEGER"), ("mention_spans", "TEXT"),
    ], ["document_id", "id"], ["FOREIGN KEY (document_id, id) REFERENCES records (document_id, id) ON DELETE CASCADE"]),
    ("links", [
        ("document_id", "TEXT NOT NULL"), ("record_id", "TEXT NOT NULL"), ("relation", "TEXT NOT NULL"),
        ("target_id", "TEXT NOT NULL"),
    ], ["document_id", "record_id", "relation"], [
        "FOREIGN KEY (document_id, record_id) REFERENCES records (document_id, id) ON DELETE CASCADE",
        "FOREIGN KEY (document_id, target_id) REFERENCES records (document_id, id) ON DELETE CASCADE",
    ]),
    ("audit_findings", [
        ("document_id", "TEXT NOT NULL"), ("seq", "INTEGER NOT NULL"), ("check_name", "TEXT NOT NULL"),
        ("message", "TEXT"), ("expected", "TEXT"), ("found", "TEXT"), ("records", "TEXT"),
        ("start", "INTEGER"), ("end", "INTEGER"),
    ], ["document_id", "seq"], ["FOREIGN KEY (document_id) REFERENCES documents (document_id) ON DELETE CASCADE"]),
]

INDEXES = [
    "CREATE INDEX IF NOT EXISTS records_metric_key ON records (metric_key)",
    "CREATE INDEX IF NOT EXISTS records_type ON records (type)",
    "CREATE INDEX IF NOT EXISTS documents_year ON documents (year)",
    "CREATE INDEX IF NOT EXISTS documents_region ON documents (region)",
    "CREATE INDEX IF NOT EXISTS documents_source ON documents (source)",
]

_DOC_COLUMNS = "d.region, d.year, d.title AS document_title, d.source, d.published"
VIEWS = {
    # every record with the document it comes from
    "records_view": f"SELECT {_DOC_COLUMNS}, r.* FROM records r JOIN documents d ON d.document_id = r.document_id",
    # the figures: what a person asks for first ("value of metric X by year")
    "facts": (
        f"SELECT {_DOC_COLUMNS}, r.document_id, r.id, r.metric, r.metric_key, r.agency, r.value, r.value_max, "
        "r.unit, r.approx, r.role, r.kind, r.currency, r.period, r.period_type, r.of, r.rank, r.scope, r.text, "
        "r.section FROM records r JOIN documents d ON d.document_id = r.document_id "
        "WHERE r.type IN ('quantity', 'ranking')"
    ),
}

CHILD_TABLES = ("links", "agencies", "audit_findings", "records", "sections")  # delete order


@dataclass
class ExportStats:
    documents: int = 0
    records: int = 0
    links: int = 0
    dangling_links: int = 0  # links whose target id is not a record of the document


def _q(name: str) -> str:
    return f'"{name}"'


def create_statements(foreign_keys: bool = True) -> list[str]:
    out = []
    for table, columns, key, fks in TABLES:
        parts = [f"{_q(c)} {t}" for c, t in columns]
        parts.append(f"PRIMARY KEY ({', '.join(_q(k) for k in key)})")
        if foreign_keys:
            parts += fks
        out.append(f"CREATE TABLE IF NOT EXISTS {table} (\n  " + ",\n  ".join(parts) + "\n)")
    return out


def _exact(value: Decimal | None) -> str | None:
    """A decimal string that round-trips: '105800', '46.82', never '1.058E+5'."""
    return None if value is None else format(value, "f")


def record_row(document_id: str, rec: Any) -> dict[str, Any]:
    row: dict[str, Any] = {
        "document_id": document_id, "id": rec.id, "type": rec.type, "start": rec.start, "end": rec.end,
        "text": rec.text, "section": rec.section,
        "json": json.dumps(rec.model_dump(mode="json"), ensure_ascii=False, separators=(",", ":")),
    }
    if isinstance(rec, (Quantity, Ranking)):
        row.update(metric=rec.metric, metric_key=rec.metric_key, agency=rec.agency, period=rec.period,
                   period_type=rec.period_type, of=rec.of, parent=rec.parent)
    if isinstance(rec, Quantity):
        row.update(kind=rec.kind, value=_exact(rec.value), value_max=_exact(rec.value_max), unit=rec.unit,
                   approx=rec.approx, role=rec.role, currency=rec.currency, unresolved=rec.unresolved)
    elif isinstance(rec, Ranking):
        row.update(rank=rec.rank, rank_text=rec.rank_text, scope=rec.scope)
    elif isinstance(rec, DateRecord):
        row.update(date_value=rec.value, date_end=rec.value_end, granularity=rec.granularity,
                   qualifier=rec.qualifier, year_inferred=rec.year_inferred)
    elif isinstance(rec, DocumentRef):
        row.update(title=rec.title, doc_number=rec.doc_number, abbreviation=rec.abbreviation,
                   abbreviation_of=rec.abbreviation_of)
    elif isinstance(rec, Agency):
        row.update(kind=rec.kind)
    return row


def document_rows(doc: Document) -> dict[str, list[dict[str, Any]]]:
    """The rows of every table for one document."""
    info = doc.document
    did = info.id
    rows: dict[str, list[dict[str, Any]]] = {t[0]: [] for t in TABLES}
    rows["documents"].append({
        **info.model_dump(exclude={"id"}), "document_id": did,
        "schema_version": doc.schema_version, "extractor_version": doc.extractor_version,
    })
    for sec in doc.sections:
        rows["sections"].append({"document_id": did, **sec.model_dump()})
    ids = {rec.id for rec in doc.records}
    for rec in doc.records:
        rows["records"].append(record_row(did, rec))
        if isinstance(rec, Agency):
            rows["agencies"].append({
                "document_id": did, "id": rec.id, "name": rec.name, "kind": rec.kind,
                "parent_agency": rec.parent_agency, "in_gazetteer": rec.in_gazetteer,
                "mentions": len(rec.mentions),
                "mention_spans": json.dumps([[m.start, m.end] for m in rec.mentions]),
            })
        for relation in ("of", "parent", "abbreviation_of"):
            target = getattr(rec, relation, None)
            if target:
                rows["links"].append({"document_id": did, "record_id": rec.id, "relation": relation,
                                      "target_id": target, "_dangling": target not in ids})
    for seq, finding in enumerate(doc.audit):
        rows["audit_findings"].append({
            "document_id": did, "seq": seq, "check_name": finding.check, "message": finding.message,
            "expected": _exact(finding.expected), "found": _exact(finding.found),
            "records": json.dumps(finding.records, ensure_ascii=False), "start": finding.start, "end": finding.end,
        })
    return rows


class _Sql:
    """The few statements that differ between SQLite and DuckDB."""

    def __init__(self, conn: Any, dialect: str) -> None:
        self.conn = conn
        self.dialect = dialect

    def execute(self, sql: str, params: Sequence[Any] = ()) -> Any:
        return self.conn.execute(sql, params)

    def executemany(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        if rows:
            self.conn.executemany(sql, rows)

    def upsert(self, table: str, rows: list[dict[str, Any]]) -> None:
        _, columns, key, _ = next(t for t in TABLES if t[0] == table)
        names = [c for c, _ in columns]
        rest = [c for c in names if c not in key]
        sql = (
            f"INSERT INTO {table} ({', '.join(map(_q, names))}) VALUES ({', '.join('?' for _ in names)}) "
            f"ON CONFLICT ({', '.join(map(_q, key))}) DO UPDATE SET "
            + ", ".join(f"{_q(c)} = excluded.{_q(c)}" for c in rest)
        )
        self.executemany(sql, [[row.get(c) for c in names] for row in rows])


def _setup(sql: _Sql, foreign_keys: bool) -> None:
    for stmt in create_statements(foreign_keys):
        sql.execute(stmt)
    for stmt in INDEXES:
        sql.execute(stmt)
    sql.execute("CREATE TABLE IF NOT EXISTS wpx_meta (key TEXT PRIMARY KEY, value TEXT)")
    sql.execute("DELETE FROM wpx_meta WHERE key = 'schema_version'")
    sql.execute("INSERT INTO wpx_meta VALUES ('schema_version', ?)", [SCHEMA_VERSION])
    for name, body in VIEWS.items():  # replaced each time: a newer wpx may add columns
        sql.execute(f"DROP VIEW IF EXISTS {name}")
        sql.execute(f"CREATE VIEW {name} AS {body}")


def _load_document(sql: _Sql, doc: Document, stats: ExportStats) -> None:
    rows = document_rows(doc)
    did = doc.document.id
    if sql.dialect == "duckdb":
        # DuckDB checks foreign keys eagerly and cannot update a row that others reference,
        # so a document is replaced whole; it has no foreign keys to trip over (see export_duckdb).
        for table in CHILD_TABLES + ("documents",):
            sql.execute(f"DELETE FROM {table} WHERE document_id = ?", [did])
    # The same source re-extracted from changed text has a new id: the old copy goes.
    stale = [r[0] for r in sql.execute(
        "SELECT document_id FROM documents WHERE source = ? AND document_id <> ?",
        [doc.document.source, did]).fetchall()]
    for old in stale:
        for table in CHILD_TABLES + ("documents",):
            sql.execute(f"DELETE FROM {table} WHERE document_id = ?", [old])
    sql.upsert("documents", rows["documents"])
    sql.upsert("sections", rows["sections"])
    sql.upsert("records", rows["records"])
    sql.upsert("agencies", rows["agencies"])
    good_links = [r for r in rows["links"] if not r["_dangling"]]
    stats.dangling_links += len(rows["links"]) - len(good_links)
    sql.upsert("links", good_links)
    sql.upsert("audit_findings", rows["audit_findings"])
    if sql.dialect == "sqlite":
        _delete_missing(sql, did, rows)
    stats.documents += 1
    stats.records += len(rows["records"])
    stats.links += len(good_links)


def _delete_missing(sql: _Sql, did: str, rows: dict[str, list[dict[str, Any]]]) -> None:
    """Rows a previous export of this document had and this one does not."""
    keep: dict[str, set[tuple[Any, ...]]] = {
        "sections": {(r["id"],) for r in rows["sections"]},
        "records": {(r["id"],) for r in rows["records"]},
        "agencies": {(r["id"],) for r in rows["agencies"]},
        "links": {(r["record_id"], r["relation"]) for r in rows["links"] if not r["_dangling"]},
        "audit_findings": {(r["seq"],) for r in rows["audit_findings"]},
    }
    key_columns = {"sections": ("id",), "records": ("id",), "agencies": ("id",),
                   "links": ("record_id", "relation"), "audit_findings": ("seq",)}
    for table in CHILD_TABLES:
        cols = key_columns[table]
        select = ", ".join(map(_q, cols))
        present = sql.execute(f"SELECT {select} FROM {table} WHERE document_id = ?", [did]).fetchall()
        where = " AND ".join(f"{_q(c)} = ?" for c in cols)
        gone = [[did, *key] for key in map(tuple, present) if key not in keep[table]]
        sql.executemany(f"DELETE FROM {table} WHERE document_id = ? AND {where}", gone)


def load_documents(paths: Iterable[Path]) -> list[Document]:
    from .batch import load_output

    return [load_output(p) for p in paths]


def export_sqlite(docs: Sequence[Document], target: Path) -> ExportStats:
    """Upsert documents into an SQLite file (created if missing), in one transaction."""
    target.parent.mkdir(parents=True, exist_ok=True)
    stats = ExportStats()
    conn = sqlite3.connect(target, isolation_level=None)
    try:
        conn.execute("PRAGMA foreign_keys = ON")
        _in_transaction(conn, "BEGIN IMMEDIATE", lambda: _fill(_Sql(conn, "sqlite"), docs, stats, foreign_keys=True))
    except sqlite3.DatabaseError as exc:
        raise InputError(str(target), f"SQLite error: {exc}") from None
    finally:
        conn.close()
    return stats


def _duckdb() -> Any:
    try:
        import duckdb
    except ImportError:
        raise InputError("--duckdb/--parquet", "needs the optional extra: pip install 'wpx[duckdb]'") from None
    return duckdb


def _in_transaction(conn: Any, begin: str, fill: Callable[[], None]) -> None:
    """All or nothing: a failed load leaves the database as it was."""
    conn.execute(begin)
    try:
        fill()
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise


def _fill(sql: _Sql, docs: Sequence[Document], stats: ExportStats, foreign_keys: bool) -> None:
    _setup(sql, foreign_keys=foreign_keys)
    for doc in docs:
        _load_document(sql, doc, stats)


def _fill_duckdb(conn: Any, docs: Sequence[Document], stats: ExportStats) -> None:
    # No foreign keys in DuckDB: it cannot replace a referenced row in the same transaction,
    # which an idempotent re-export has to do. Keys, indexes and views are the same as SQLite.
    _fill(_Sql(conn, "duckdb"), docs, stats, foreign_keys=False)


def export_duckdb(docs: Sequence[Document], target: Path) -> ExportStats:
    duckdb = _duckdb()
    target.parent.mkdir(parents=True, exist_ok=True)
    stats = ExportStats()
    try:
        conn = duckdb.connect(str(target))
    except duckdb.Error as exc:
        raise InputError(str(target), f"DuckDB error: {exc}") from None
    try:
        _in_transaction(conn, "BEGIN TRANSACTION", lambda: _fill_duckdb(conn, docs, stats))
    except duckdb.Error as exc:
        raise InputError(str(target), f"DuckDB error: {exc}") from None
    finally:
        conn.close()
    return stats


def export_parquet(docs: Sequence[Document], out_dir: Path) -> ExportStats:
    """One Parquet file per table (documents.parquet, records.parquet ...), written by DuckDB
    (no pyarrow needed), each replaced atomically."""
    duckdb = _duckdb()
    out_dir.mkdir(parents=True, exist_ok=True)
    stats = ExportStats()
    conn = duckdb.connect(":memory:")
    try:
        _fill_duckdb(conn, docs, stats)
        for table, *_ in TABLES:
            fd, tmp = tempfile.mkstemp(dir=out_dir, prefix=f".{table}.", suffix=".parquet.tmp")
            os.close(fd)
            try:
                conn.execute(f"COPY (SELECT * FROM {table} ORDER BY ALL) TO '{_sql_path(tmp)}' (FORMAT PARQUET)")
                os.chmod(tmp, 0o644)
                os.replace(tmp, out_dir / f"{table}.parquet")
            except BaseException:
                Path(tmp).unlink(missing_ok=True)
                raise
    except duckdb.Error as exc:
        raise InputError(str(out_dir), f"DuckDB error: {exc}") from None
    finally:
        conn.close()
    return stats


def _sql_path(path: str) -> str:
    return path.replace("'", "''")


def export_directory(out_dir: Path, *, sqlite: Path | None = None, duckdb: Path | None = None,
                     parquet: Path | None = None) -> dict[str, ExportStats]:
    """Export every document of a batch output folder to the targets given."""
    from .batch import output_documents

    docs = load_documents(output_documents(out_dir))
    if not docs:
        raise InputError(str(out_dir), "no document JSON files to export")
    done: dict[str, ExportStats] = {}
    if sqlite is not None:
        done[str(sqlite)] = export_sqlite(docs, sqlite)
    if duckdb is not None:
        done[str(duckdb)] = export_duckdb(docs, duckdb)
    if parquet is not None:
        done[str(parquet)] = export_parquet(docs, parquet)
    return done
