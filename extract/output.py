"""Serialise documents deterministically and write files atomically.

The same input gives byte-identical output: pydantic's serialiser keeps field order, and
records are sorted by offset before they get here. A run killed mid-write leaves either the
old file or none, never half of one: every file is written beside its target and renamed.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Literal

from pydantic import TypeAdapter

from .models import Document, Record

Format = Literal["json", "jsonl"]


def to_json(doc: Document) -> str:
    return doc.model_dump_json(indent=2) + "\n"


def to_jsonl(doc: Document) -> str:
    """One record a line, each carrying the document id so lines can be loaded on their own."""
    lines = []
    for record in doc.records:
        row = {"document_id": doc.document.id, **record.model_dump(mode="json")}
        lines.append(json.dumps(row, ensure_ascii=False, separators=(",", ":")))
    return "\n".join(lines) + ("\n" if lines else "")


def serialise(doc: Document, fmt: Format = "json") -> str:
    return to_json(doc) if fmt == "json" else to_jsonl(doc)


def write_atomic(path: Path, content: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(content)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o644)  # mkstemp creates 0600; outputs are for sharing
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise


def output_path(out_dir: Path, source: str, fmt: Format) -> Path:
    return out_dir / f"{Path(source).stem}.{fmt}"


def text_path(output: Path) -> Path:
    """Where the text extracted from a PDF, HTML or Word source is kept: `<stem>.txt` beside
    the output, so that `text[start:end] == record.text` can be checked by anyone."""
    return output.with_suffix(".txt")


def load_document(path: str | Path) -> Document:
    """Read back a document written by `wpx extract` (validated against the models)."""
    return Document.model_validate_json(Path(path).read_text(encoding="utf-8"))


def schema_files() -> dict[str, str]:
    """The JSON Schema files that `schemas/` must hold, generated from the models."""
    out = {}
    for name, target in (("document.schema.json", Document), ("record.schema.json", Record)):
        schema = TypeAdapter(target).json_schema(mode="serialization")
        out[name] = json.dumps(schema, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    return out
