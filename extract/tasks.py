"""One document's unit of work, for any runner (local processes or a Dask cluster): a picklable
task in, a result with the serialised output out. Pure: no file I/O.

batch.py plans the work and writes what comes back; dask_runner.py ships tasks to a cluster;
both import this module and neither imports the other at load time.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any, Literal

from . import __version__
from .output import serialise
from .reading import InputError

Status = Literal["ok", "failed", "skipped"]


@dataclass(frozen=True)
class Task:
    """One document to extract: everything the pure function needs, picklable."""

    source: str
    data: bytes
    metadata: dict[str, Any]
    fmt: str
    sha256: str = ""


@dataclass(frozen=True)
class TaskResult:
    source: str
    status: Status
    error: str | None
    content: str | None  # the serialised output, written by the main process
    document_id: str | None
    extractor_version: str
    records: dict[str, int]
    seconds: float
    text: str | None = None  # the text the offsets point into, when the source is not text


def extract_bytes(task: Task) -> TaskResult:
    """Decode and extract one document. Pure: no file I/O, safe in any worker process."""
    from .pipeline import extract_source
    from .reading import read_source_bytes

    started = time.perf_counter()
    try:
        source_text = read_source_bytes(task.data, task.source)
        doc = extract_source(source_text, **task.metadata)
    except InputError as exc:
        return TaskResult(task.source, "failed", exc.reason, None, None, __version__, {},
                          round(time.perf_counter() - started, 3))
    counts: dict[str, int] = {}
    for record in doc.records:
        counts[record.type] = counts.get(record.type, 0) + 1
    return TaskResult(
        source=task.source,
        status="ok",
        error=None,
        content=serialise(doc, task.fmt),  # type: ignore[arg-type]
        document_id=doc.document.id,
        extractor_version=doc.extractor_version,
        records=dict(sorted(counts.items())),
        seconds=round(time.perf_counter() - started, 3),
        text=source_text.text if source_text.format != "text" else None,
    )
