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
    """A first line with the document's metadata (type "document": everything but the
    records), then one record a line, each carrying the document id so lines can be loaded
    on their own. `load_document` reads it back into the same Document."""
    head = {"type": "document", "document_id": doc.document.id,
            **doc.model_dump(mode="json", exclude={"records"})}
    lines = [json.dumps(head, ensure_ascii=False, separators=(",", ":"))]
    for record in doc.records:
        row = {"document_id": doc.document.id, **record.model_dump(mode="json")}
        lines.append(json.dumps(row, ensure_ascii=False, separators=(",", ":")))
    return "\n".join(lines) + "\n"


def serialise(doc: Document, fmt: Format = "json") -> str:
    return to_json(doc) if fmt == "json" else to_jsonl(doc)


def writable_dir(out_dir: Path) -> Path:
    """Create the output folder, or an InputError naming it: a file in the way, no permission."""
    from .reading import InputError

    if out_dir.exists() and not out_dir.is_dir():
        raise InputError(str(out_dir), "exists and is not a directory (-o names the output folder)")
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InputError(str(out_dir), f"cannot create the output folder ({exc.strerror or exc})") from None
    if not os.access(out_dir, os.W_OK | os.X_OK):
        raise InputError(str(out_dir), "output folder is not writable")
    return out_dir


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
    """Read back a document written by `wpx extract`, as JSON or JSON Lines (validated
    against the models)."""
    raw = Path(path).read_text(encoding="utf-8")
    first, _, rest = raw.partition("\n")
    if first.startswith('{"type":"document"'):  # --format jsonl: the metadata line, then records
        head = json.loads(first)
        head.pop("type")
        head.pop("document_id")
        head["records"] = [json.loads(line) for line in rest.splitlines() if line.strip()]
        for record in head["records"]:
            record.pop("document_id", None)
        return Document.model_validate(head)
    return Document.model_validate_json(raw)


def schema_files() -> dict[str, str]:
    """The JSON Schema files that `schemas/` must hold, generated from the models."""
    out = {}
    for name, target in (("document.schema.json", Document), ("record.schema.json", Record)):
        schema = TypeAdapter(target).json_schema(mode="serialization")
        out[name] = json.dumps(schema, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    return out
