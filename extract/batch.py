"""Run the extractor over a folder of white papers: in parallel, incrementally, with a manifest.

    wpx batch corpus/ -o output/ --jobs 4

Every `.txt`/`.md` file in the folder (sorted by name, not recursive) is one task. The task is
a pure function of the file's bytes and its metadata overrides (`extract_bytes`), so the same
function runs in a local process pool or on a Dask cluster; the main process alone reads
inputs, writes outputs (atomically) and keeps `manifest.json`, which is what makes an
interrupted run leave only whole files and a manifest that tells the truth.
"""

from __future__ import annotations

import hashlib
import json
import multiprocessing
import os
import signal
import time
import tomllib
from contextlib import nullcontext
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor
from concurrent.futures import wait as wait_futures
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import __version__
from .output import output_path, text_path, writable_dir, write_atomic
from .reading import InputError
from .tasks import Status, Task, TaskResult, extract_bytes

if TYPE_CHECKING:
    from .models import Document

MANIFEST_NAME = "manifest.json"
MANIFEST_VERSION = 1
INPUT_SUFFIXES = (".txt", ".md", ".pdf", ".html", ".htm", ".docx")

# Keys a sidecar `<stem>.toml` may set, with the type each must have.
SIDECAR_KEYS: dict[str, type] = {"region": str, "year": int, "issuer": str, "published": str, "title": str}


class BatchInterrupted(Exception):
    """Ctrl-C or SIGTERM arrived; the manifest has been written for what finished."""

    def __init__(self, result: BatchResult) -> None:
        super().__init__("batch interrupted")
        self.result = result


@dataclass
class BatchResult:
    out_dir: Path
    entries: list[dict[str, Any]] = field(default_factory=list)
    seconds: float = 0.0

    def count(self, status: Status) -> int:
        return sum(1 for e in self.entries if e["status"] == status)

    @property
    def failed(self) -> list[dict[str, Any]]:
        return [e for e in self.entries if e["status"] == "failed"]

    @property
    def manifest_path(self) -> Path:
        return self.out_dir / MANIFEST_NAME


def list_inputs(directory: Path) -> list[Path]:
    """The documents of a corpus folder: text, PDF, HTML and Word files, hidden files
    excluded, sorted."""
    if not directory.is_dir():
        raise InputError(str(directory), "not a directory")
    return sorted(
        p for p in directory.iterdir()
        if p.is_file() and p.suffix.lower() in INPUT_SUFFIXES and not p.name.startswith(".")
    )


def batch_inputs(directory: Path, out_dir: Path) -> list[Path]:
    """The inputs of a batch: when it writes into its own input folder, the texts it wrote
    there for PDF, HTML and Word sources are not inputs of the next run."""
    inputs = list_inputs(directory)
    if out_dir.is_dir() and out_dir.resolve() == directory.resolve():
        written = {e.get("text") for e in read_manifest(out_dir).values()}
        inputs = [p for p in inputs if p.name not in written]
    return inputs


def read_sidecar(path: Path) -> dict[str, Any]:
    """Metadata overrides from `<stem>.toml` beside the document ({} when there is none)."""
    sidecar = path.with_suffix(".toml")
    if not sidecar.is_file():
        return {}
    try:
        data = tomllib.loads(sidecar.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise InputError(sidecar.name, f"invalid TOML sidecar ({exc})") from None
    for key, value in data.items():
        expected = SIDECAR_KEYS.get(key)
        if expected is None:
            raise InputError(sidecar.name, f"unknown sidecar key {key!r} (allowed: {', '.join(SIDECAR_KEYS)})")
        if not isinstance(value, expected) or isinstance(value, bool):
            raise InputError(sidecar.name, f"sidecar key {key!r} must be a {expected.__name__}")
    return data


def read_manifest(out_dir: Path) -> dict[str, dict[str, Any]]:
    """Previous entries by source; an unreadable manifest just means nothing can be skipped."""
    try:
        data = json.loads((out_dir / MANIFEST_NAME).read_text(encoding="utf-8"))
        return {e["source"]: e for e in data["documents"]}
    except (OSError, ValueError, KeyError, TypeError):
        return {}


def manifest_json(result: BatchResult, input_dir: str, fmt: str) -> str:
    documents = sorted(result.entries, key=lambda e: e["source"])
    manifest = {
        "manifest_version": MANIFEST_VERSION,
        "extractor_version": __version__,
        "input_dir": input_dir,
        "format": fmt,
        "summary": {s: sum(1 for e in documents if e["status"] == s) for s in ("ok", "skipped", "failed")},
        "documents": documents,
    }
    return json.dumps(manifest, ensure_ascii=False, indent=2) + "\n"


def _entry(source: str, sha256: str | None, status: Status, **fields: Any) -> dict[str, Any]:
    entry: dict[str, Any] = {
        "source": source,
        "sha256": sha256,
        "status": status,
        "error": None,
        "output": None,
        "text": None,
        "document_id": None,
        "extractor_version": __version__,
        "metadata": {},
        "records": {},
        "seconds": 0.0,
    }
    entry.update(fields)
    return entry


def _unchanged(previous: dict[str, Any] | None, sha: str, metadata: dict[str, Any], target: Path) -> bool:
    """A previous success for the same bytes, extractor version, metadata and output file.
    Failures are always retried, so a corpus with a bad file keeps exiting 1."""
    return (
        previous is not None
        and previous.get("status") in ("ok", "skipped")
        and previous.get("sha256") == sha
        and previous.get("extractor_version") == __version__
        and previous.get("metadata", {}) == metadata
        and previous.get("output") == target.name
        and target.is_file()
        and (previous.get("text") is None or text_path(target).is_file())
    )


class StopRequest:
    """Ctrl-C and SIGTERM as a flag the batch loop reads at safe points, instead of an exception
    raised wherever the main thread happens to be (inside the pool's submit, between writing
    an output and recording it, in the pool's shutdown...). A second signal while stopping
    raises KeyboardInterrupt at once, for a user who does not want to wait.

    Installed only in the main thread, and never over a SIGINT that was ignored when the
    process started (a shell's background job), which keeps its meaning."""

    def __init__(self) -> None:
        self.signum: int | None = None
        self._old: dict[int, Any] = {}

    def __call__(self, signum: int, frame: Any) -> None:
        if self.signum is not None:
            raise KeyboardInterrupt
        self.signum = signum

    @property
    def requested(self) -> bool:
        return self.signum is not None

    def __enter__(self) -> StopRequest:
        if _is_main_thread():
            for sig in (signal.SIGINT, getattr(signal, "SIGTERM", None)):
                if sig is None or signal.getsignal(sig) == signal.SIG_IGN:
                    continue
                self._old[sig] = signal.signal(sig, self)
        return self

    def __exit__(self, *exc: object) -> None:
        for sig, handler in self._old.items():
            signal.signal(sig, handler)
        self._old.clear()


def _ignore_signals() -> None:
    # Workers leave Ctrl-C and SIGTERM to the main process, which lets running tasks finish
    # and records them, instead of each worker dying mid-task with a traceback.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)


class _LocalPool:
    def __init__(self, jobs: int) -> None:
        # forkserver: workers are forked from a clean process, not from this one, whose
        # progress-bar thread may hold a lock at the moment of a plain fork.
        methods = multiprocessing.get_all_start_methods()
        context = multiprocessing.get_context("forkserver" if "forkserver" in methods else None)
        self.pool = ProcessPoolExecutor(max_workers=jobs, mp_context=context, initializer=_ignore_signals)
        self.width = jobs * 2

    def submit(self, task: Task) -> Future:
        return self.pool.submit(extract_bytes, task)

    def wait_first(self, pending: set[Any], timeout: float | None = None) -> tuple[set[Any], set[Any]]:
        done, not_done = wait_futures(pending, timeout=timeout, return_when=FIRST_COMPLETED)
        return set(done), set(not_done)

    def stop(self) -> None:
        """Cancel queued tasks; those already running finish (a second or so each)."""
        self.pool.shutdown(wait=True, cancel_futures=True)

    def close(self) -> None:
        self.pool.shutdown(wait=True)


def _open_runner(jobs: int, dask_address: str | None, dask_timeout: float,
                 notice: Callable[[str], None] | None) -> Any:
    if dask_address:
        from .dask_runner import DaskRunner  # lazy: dask is an optional extra

        return DaskRunner(dask_address, timeout=dask_timeout, notice=notice)
    return _LocalPool(jobs)


# What the plan yields for each input: a finished entry, or a task and its output path.
_Planned = tuple[dict[str, Any] | None, Task | None, Path | None]

# How often the loop wakes to look at the stop flag while documents are running.
_POLL_SECONDS = 0.1


def _plan(
    inputs: Iterable[Path], out_dir: Path, fmt: str, force: bool, overrides: dict[str, Any],
    previous: dict[str, dict[str, Any]],
) -> Iterator[_Planned]:
    """For each input: a finished entry (skipped or failed early) or a task to run."""
    claimed: dict[str, str] = {}
    for path in inputs:
        source = path.name
        target = output_path(out_dir, source, fmt)  # type: ignore[arg-type]
        if target.name == MANIFEST_NAME or target.name in claimed:
            other = claimed.get(target.name, "the manifest")
            yield _entry(source, None, "failed", error=f"output {target.name} would overwrite {other}"), None, None
            continue
        claimed[target.name] = source
        try:
            data = path.read_bytes()
        except OSError as exc:
            yield _entry(source, None, "failed", error=f"cannot read ({exc.strerror or exc})"), None, None
            continue
        sha = hashlib.sha256(data).hexdigest()
        try:
            metadata = {**read_sidecar(path), **overrides}
        except InputError as exc:
            yield _entry(source, sha, "failed", error=str(exc)), None, None
            continue
        metadata = dict(sorted(metadata.items()))
        old = previous.get(source)
        if not force and _unchanged(old, sha, metadata, target):
            yield {**old, "status": "skipped", "error": None}, None, None  # type: ignore[dict-item]
            continue
        yield None, Task(source, data, metadata, fmt, sha), target


class _BatchRun:
    """One batch while it runs: the entries finished, the documents in flight, the manifest."""

    def __init__(self, out_dir: Path, input_dir: str, fmt: str, previous: dict[str, dict[str, Any]],
                 on_entry: Callable[[dict[str, Any]], None] | None, started: float) -> None:
        self.out_dir, self.input_dir, self.fmt, self.previous = out_dir, input_dir, fmt, previous
        self.started = started
        self.result = BatchResult(out_dir)
        # Until a document is redone its old entry stays true: its old output is still on disk.
        self.unfinished: dict[str, dict[str, Any]] = {}
        self.notify = on_entry or (lambda entry: None)
        self.last_write = time.monotonic()
        self.tasks: dict[str, tuple[Task, Path]] = {}
        self.pending: dict[Any, str] = {}

    def finish(self, entry: dict[str, Any]) -> None:
        """Record a finished document, and rewrite the manifest now and then."""
        self.result.entries.append(entry)
        self.unfinished.pop(entry["source"], None)
        self.notify(entry)
        if time.monotonic() - self.last_write > 2.0:  # keep the manifest fresh on long runs
            self.write_manifest()
            self.last_write = time.monotonic()

    def write_manifest(self) -> None:
        """Write the manifest: the entries finished, and the old entries of those not yet redone."""
        snapshot = BatchResult(self.out_dir, self.result.entries + list(self.unfinished.values()))
        write_atomic(self.out_dir / MANIFEST_NAME, manifest_json(snapshot, self.input_dir, self.fmt))

    def write_timed_manifest(self) -> None:
        """Stamp the elapsed time and write the manifest."""
        self.result.seconds = round(time.perf_counter() - self.started, 3)
        self.write_manifest()

    def fill(self, runner: Any, plan: Iterator[_Planned], flag: StopRequest) -> bool:
        """Submit planned documents until the in-flight window is full; True once the plan is exhausted."""
        while len(self.pending) < runner.width and not flag.requested:
            try:
                entry, task, target = next(plan)
            except StopIteration:
                return True
            if entry is not None:
                self.finish(entry)
                continue
            assert task is not None and target is not None
            if task.source in self.previous:
                self.unfinished[task.source] = self.previous[task.source]
            self.tasks[task.source] = (task, target)
            self.pending[runner.submit(task)] = task.source
        return False

    def collect(self, runner: Any) -> None:
        """Wait briefly for documents in flight and record those done, in name order."""
        done, _ = runner.wait_first(set(self.pending), timeout=_POLL_SECONDS)
        for future in sorted(done, key=lambda f: self.pending[f]):
            source = self.pending.pop(future)
            self.finish(_store(future, *self.tasks.pop(source)))

    def interrupt(self, runner: Any) -> None:
        """Stop on request: record the documents that still finish, then raise BatchInterrupted."""
        # Queued documents are cancelled; running ones finish and are recorded.
        runner.stop()
        for future, source in sorted(self.pending.items(), key=lambda kv: kv[1]):
            if future.done() and not future.cancelled():
                self.finish(_store(future, *self.tasks.pop(source)))
        self.write_timed_manifest()
        raise BatchInterrupted(self.result)

    def loop(self, runner: Any, plan: Iterator[_Planned], flag: StopRequest) -> None:
        """Run the plan through the runner until it is done or a stop is requested."""
        exhausted = False
        while not flag.requested:
            # Bounded in-flight window: a large corpus is not all held in memory at once.
            if not exhausted:
                exhausted = self.fill(runner, plan, flag)
            if not self.pending:
                break
            self.collect(runner)
        if flag.requested:
            self.interrupt(runner)


def run_batch(
    directory: Path,
    out_dir: Path,
    *,
    jobs: int | None = None,
    force: bool = False,
    fmt: str = "json",
    overrides: dict[str, Any] | None = None,
    dask_address: str | None = None,
    dask_timeout: float = 60.0,
    on_entry: Callable[[dict[str, Any]], None] | None = None,
    notice: Callable[[str], None] | None = None,
    stop: StopRequest | None = None,
) -> BatchResult:
    """Extract every document of `directory` into `out_dir` and write `out_dir/manifest.json`.

    `overrides` (region, year, ...) beat a sidecar `<stem>.toml`, which beats the header.
    `on_entry` is called in the main process as each document finishes (for progress display),
    `notice` with a one-line message when the batch waits (for Dask workers).
    Raises `BatchInterrupted` on Ctrl-C/SIGTERM after recording what finished. `stop` lets
    a caller that already catches those signals (the CLI) share its flag; by default the
    batch catches them itself for its duration.
    """
    if fmt not in ("json", "jsonl"):
        raise ValueError(f"format must be json or jsonl, not {fmt!r}")
    started = time.perf_counter()
    inputs = batch_inputs(directory, out_dir)
    writable_dir(out_dir)
    previous = read_manifest(out_dir)
    # Relative to the output folder, so `wpx show` finds the texts wherever both are moved.
    input_dir = Path(os.path.relpath(directory.resolve(), out_dir.resolve())).as_posix()
    run = _BatchRun(out_dir, input_dir, fmt, previous, on_entry, started)

    with nullcontext(stop) if stop is not None else StopRequest() as flag:
        runner = None
        try:
            runner = _open_runner(max(1, jobs or os.cpu_count() or 1), dask_address, dask_timeout, notice)
            run.loop(runner, _plan(inputs, out_dir, fmt, force, dict(overrides or {}), previous), flag)
        except KeyboardInterrupt:  # a second Ctrl-C, or no handler could be installed
            run.write_timed_manifest()
            raise BatchInterrupted(run.result) from None
        finally:
            if runner is not None:
                runner.close()
        run.result.entries.sort(key=lambda e: e["source"])
        run.write_timed_manifest()
    return run.result


def _store(future: Any, task: Task, target: Path) -> dict[str, Any]:
    """Write a finished task's output and turn it into a manifest entry."""
    common = {"metadata": task.metadata}
    try:
        res: TaskResult = future.result()
    except Exception as exc:  # a bug or a dead worker: report it, keep the batch going
        return _entry(task.source, task.sha256, "failed", error=f"internal error: {type(exc).__name__}: {exc}", **common)
    if res.status != "ok":
        return _entry(task.source, task.sha256, "failed", error=res.error, seconds=res.seconds, **common)
    assert res.content is not None
    if res.text is not None:  # beside the output: the words the offsets point into
        write_atomic(text_path(target), res.text)
    write_atomic(target, res.content)
    return _entry(
        task.source, task.sha256, "ok", output=target.name, document_id=res.document_id,
        text=text_path(target).name if res.text is not None else None,
        extractor_version=res.extractor_version, records=res.records, seconds=res.seconds, **common,
    )


def _is_main_thread() -> bool:
    import threading

    return threading.current_thread() is threading.main_thread()


def output_documents(out_dir: Path) -> list[Path]:
    """The JSON documents of a batch output folder: those the manifest lists as extracted
    (so stale files of removed inputs are left out), or every *.json when there is none."""
    if not out_dir.is_dir():
        raise InputError(str(out_dir), "not a directory")
    entries = read_manifest(out_dir)
    if entries:
        paths = [
            out_dir / e["output"] for e in entries.values()
            if e.get("status") in ("ok", "skipped") and str(e.get("output", "")).endswith(".json")
        ]
        return sorted(p for p in paths if p.is_file())
    return sorted(p for p in out_dir.glob("*.json") if p.name != MANIFEST_NAME and not p.name.startswith("."))


def load_output(path: Path) -> Document:
    """A document written by `wpx extract`/`wpx batch`, or an InputError naming the file."""
    from pydantic import ValidationError

    from .output import load_document

    try:
        return load_document(path)
    except FileNotFoundError:
        raise InputError(str(path), "no such file") from None
    except OSError as exc:
        raise InputError(str(path), f"cannot read ({exc.strerror or exc})") from None
    except UnicodeDecodeError:
        raise InputError(str(path), "not a UTF-8 JSON file") from None
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first.get("loc", ())) or "document"
        raise InputError(str(path), f"not a wpx document JSON ({where}: {first.get('msg')})") from None
