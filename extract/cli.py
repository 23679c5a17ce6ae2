"""The `wpx` command line: thin commands over the library functions."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Optional

import typer

from . import __version__

if TYPE_CHECKING:
    from .models import Document

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="Turn Chinese government white papers into typed, verifiable records.",
)

EXIT_OK = 0
EXIT_SOME_FAILED = 1
EXIT_BAD_INPUT = 2


def _fail(message: str, code: int = EXIT_BAD_INPUT) -> "typer.Exit":
    typer.echo(f"wpx: error: {message}", err=True)
    return typer.Exit(code)


@app.command()
def extract(
    file: str = typer.Argument(..., help="Input text, PDF, HTML or .docx file, or - for standard input (text)"),
    out_dir: Path = typer.Option(Path("output"), "-o", "--out", help="Directory for <stem>.json"),
    fmt: str = typer.Option("json", "--format", help="json (one document) or jsonl (one record a line)"),
    region: Optional[str] = typer.Option(None, help="Override the region read from the header"),
    year: Optional[int] = typer.Option(None, help="Override the report year read from the header"),
    explain: bool = typer.Option(False, "--explain", help="Print the rule that set each field of each figure"),
) -> None:
    """Extract one document; FILE '-' reads stdin and prints to stdout."""
    from .output import output_path, serialise, text_path, write_atomic
    from .pipeline import extract_source, extract_text
    from .reading import InputError, decode_bytes, read_source

    if fmt not in ("json", "jsonl"):
        raise _fail(f"--format must be json or jsonl, not {fmt!r}")
    overrides: dict = {k: v for k, v in (("region", region), ("year", year)) if v is not None}
    trace: dict[str, dict[str, str]] = {}
    if explain:
        overrides["trace"] = trace
    try:
        if file == "-":
            decoded = decode_bytes(sys.stdin.buffer.read(), "<stdin>")
            doc = extract_text(decoded.text, source="<stdin>", encoding=decoded.encoding, **overrides)
            sys.stdout.write(serialise(doc, fmt))  # type: ignore[arg-type]
            if explain:
                sys.stderr.write(_explained(doc, trace))
            return
        source_text = read_source(file)
        doc = extract_source(source_text, **overrides)
    except InputError as exc:
        raise _fail(str(exc)) from None
    target = output_path(out_dir, file, fmt)  # type: ignore[arg-type]
    if source_text.format != "text":  # a PDF, HTML or Word source: keep the text read from it
        if text_path(target).resolve() == Path(file).resolve():
            raise _fail(f"{file}: the extracted text would overwrite the input; choose another -o")
        write_atomic(text_path(target), source_text.text)
    write_atomic(target, serialise(doc, fmt))  # type: ignore[arg-type]
    counts: dict[str, int] = {}
    for record in doc.records:
        counts[record.type] = counts.get(record.type, 0) + 1
    summary = ", ".join(f"{n} {t}" for t, n in sorted(counts.items()))
    typer.echo(f"{file} -> {target} ({summary})", err=True)
    if explain:
        sys.stdout.write(_explained(doc, trace))


def _explained(doc: "Document", trace: dict[str, dict[str, str]]) -> str:
    from .explain import explain

    return explain(doc, trace)


@app.command()
def schema(
    out_dir: Path = typer.Option(Path("schemas"), "-o", "--out", help="Where to write the schema files"),
) -> None:
    """Regenerate the JSON Schema files from the pydantic models."""
    from .output import schema_files, write_atomic

    for name, content in schema_files().items():
        write_atomic(out_dir / name, content)
        typer.echo(f"wrote {out_dir / name}", err=True)


@app.command()
def version() -> None:
    """Print the extractor version."""
    typer.echo(__version__)


# --- issue 3: audit (`wpx check`) ----------------------------------------------------------
@app.command()
def check(
    file: Path = typer.Argument(..., help="A document JSON written by `wpx extract`"),
    prior: Optional[Path] = typer.Option(None, "--prior", help="The prior year's document JSON"),
) -> None:
    """Audit a document's arithmetic: parts vs whole, shares, figures stated twice, and
    (with --prior) stated growth rates against last year's figures."""
    from pydantic import ValidationError

    from .audit import audit
    from .output import load_document

    try:
        doc = load_document(file)
        prior_doc = load_document(prior) if prior else None
    except FileNotFoundError as exc:
        raise _fail(f"{exc.filename}: no such file") from None
    except (ValidationError, ValueError) as exc:
        raise _fail(f"{file}: not a wpx document JSON ({str(exc).splitlines()[0]})") from None
    findings = audit(doc, prior_doc)
    checked = sum(1 for r in doc.records if r.type == "quantity" and (r.parent or r.of))
    if not findings:
        typer.echo(f"{file}: arithmetic holds ({checked} linked figures checked, 0 findings)")
        return
    for f in findings:
        typer.echo(f"{file}:{f.start}-{f.end}: {f.check}: {f.message} [{', '.join(f.records)}]")
    typer.echo(f"{file}: {len(findings)} finding(s) in {checked} linked figures")
    raise typer.Exit(EXIT_SOME_FAILED)


# --- issue 4: batch, diff, export, show --------------------------------------------------
@app.command()
def batch(
    directory: Path = typer.Argument(..., help="Folder of .txt/.md/.pdf/.html/.docx white papers"),
    out_dir: Path = typer.Option(Path("output"), "-o", "--out", help="Where <stem>.json and manifest.json go"),
    jobs: Optional[int] = typer.Option(None, "--jobs", "-j", min=1, help="Worker processes (default: CPU count)"),
    force: bool = typer.Option(False, "--force", help="Redo documents the manifest says are unchanged"),
    fmt: str = typer.Option("json", "--format", help="json (one document) or jsonl (one record a line)"),
    region: Optional[str] = typer.Option(None, help="Override the region of every document"),
    year: Optional[int] = typer.Option(None, help="Override the report year of every document"),
    dask: Optional[str] = typer.Option(None, "--dask", metavar="ADDRESS", help="Run on a Dask cluster (tcp://host:8786)"),
) -> None:
    """Extract every document in a folder, in parallel and incrementally; a bad file is
    reported in the summary and in manifest.json (exit 1), never stops the batch."""
    from .batch import BatchInterrupted, batch_inputs, run_batch
    from .reading import InputError

    if fmt not in ("json", "jsonl"):
        raise _fail(f"--format must be json or jsonl, not {fmt!r}")
    overrides = {k: v for k, v in (("region", region), ("year", year)) if v is not None}
    try:
        total = len(batch_inputs(directory, out_dir))
    except InputError as exc:
        raise _fail(str(exc)) from None
    progress = _BatchProgress(total)
    try:
        with progress:
            result = run_batch(directory, out_dir, jobs=jobs, force=force, fmt=fmt, overrides=overrides,
                               dask_address=dask, on_entry=progress.update)
    except InputError as exc:
        raise _fail(str(exc)) from None
    except BatchInterrupted as stop:
        result = stop.result
        typer.echo(f"batch: interrupted; {len(result.entries)} of {total} recorded in {result.manifest_path}", err=True)
        raise typer.Exit(130) from None
    for entry in result.failed:
        typer.echo(f"wpx: error: {directory / entry['source']}: {entry['error']}", err=True)
    typer.echo(
        f"batch: {result.count('ok')} extracted, {result.count('skipped')} unchanged (skipped), "
        f"{result.count('failed')} failed in {result.seconds:.2f} s -> {result.manifest_path}",
        err=True,
    )
    if result.failed:
        raise typer.Exit(EXIT_SOME_FAILED)


class _BatchProgress:
    """A rich progress bar on a terminal; one plain line per document in CI and pipes."""

    def __init__(self, total: int) -> None:
        self.total = total
        self.done = 0
        self.bar: object = None
        if sys.stderr.isatty():
            from rich.console import Console
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

            self.bar = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                                TimeElapsedColumn(), console=Console(stderr=True), transient=True)
            self.task = self.bar.add_task("extracting", total=total)  # type: ignore[attr-defined]

    def __enter__(self) -> "_BatchProgress":
        if self.bar is not None:
            self.bar.start()  # type: ignore[attr-defined]
        return self

    def __exit__(self, *exc: object) -> None:
        if self.bar is not None:
            self.bar.stop()  # type: ignore[attr-defined]

    def update(self, entry: dict) -> None:
        self.done += 1
        if self.bar is not None:
            self.bar.update(self.task, advance=1, description=entry["source"])  # type: ignore[attr-defined]
            return
        detail = entry["error"] if entry["status"] == "failed" else f"{sum(entry['records'].values())} records"
        typer.echo(f"[{self.done}/{self.total}] {entry['status']} {entry['source']} ({detail})", err=True)


@app.command()
def diff(
    paths: list[Path] = typer.Argument(..., help="OLD.json NEW.json, or one batch output folder"),
    region: Optional[str] = typer.Option(None, "--region", help="With a folder: only this region (e.g. 青岛市)"),
    fmt: str = typer.Option("table", "--format", help="table, json, csv or markdown"),
    aligned: bool = typer.Option(False, "--aligned", help="List only metrics found in both papers"),
) -> None:
    """Compare figures year to year: old and new value, change, and the growth rate the new
    paper states beside the one computed from the two papers (MISMATCH beyond rounding)."""
    from .diff import diff_directory, diff_files, render, render_table
    from .reading import InputError

    if fmt not in ("table", "json", "csv", "markdown"):
        raise _fail(f"--format must be table, json, csv or markdown, not {fmt!r}")
    try:
        if len(paths) == 1 and paths[0].is_dir():
            diffs = diff_directory(paths[0], region)
        elif len(paths) == 2:
            diffs = [diff_files(paths[0], paths[1])]
        else:
            raise _fail("diff takes OLD.json NEW.json, or one output folder")
    except InputError as exc:
        raise _fail(str(exc)) from None
    if aligned:
        diffs = [d.aligned_only() for d in diffs]
    if fmt == "table":
        from rich.console import Console

        render_table(diffs, Console(width=max(120, Console().width)))
    else:
        sys.stdout.write(render(diffs, fmt))


@app.command("export")
def export_cmd(
    out_dir: Path = typer.Argument(..., help="A batch output folder of document JSON files"),
    sqlite: Optional[Path] = typer.Option(None, "--sqlite", help="SQLite file (default OUT_DIR/wpx.sqlite)"),
    duckdb: Optional[Path] = typer.Option(None, "--duckdb", help="DuckDB file (needs the [duckdb] extra)"),
    parquet: Optional[Path] = typer.Option(None, "--parquet", help="Folder for one .parquet per table ([duckdb] extra)"),
) -> None:
    """Load documents into SQLite (default), DuckDB or Parquet; re-running updates in place."""
    from .export import export_directory
    from .reading import InputError

    if sqlite is None and duckdb is None and parquet is None:
        sqlite = out_dir / "wpx.sqlite"
    try:
        done = export_directory(out_dir, sqlite=sqlite, duckdb=duckdb, parquet=parquet)
    except InputError as exc:
        raise _fail(str(exc)) from None
    for target, stats in done.items():
        note = f", {stats.dangling_links} dangling link(s) skipped" if stats.dangling_links else ""
        typer.echo(f"export: {stats.documents} documents, {stats.records} records, {stats.links} links -> {target}{note}", err=True)


@app.command()
def show(
    file: Path = typer.Argument(..., help="A document JSON (or a text, PDF, HTML or .docx file, extracted first)"),
    html: Path = typer.Option(..., "--html", help="The review page to write"),
    text: Optional[Path] = typer.Option(None, "--text", help="The source text, if not found beside the JSON"),
) -> None:
    """Write a self-contained HTML page: the text with every span highlighted by type."""
    from .reading import InputError
    from .show import show as write_page

    try:
        doc = write_page(file, html, text)
    except InputError as exc:
        raise _fail(str(exc)) from None
    typer.echo(f"{file} -> {html} ({len(doc.records)} records highlighted)", err=True)


def main() -> None:
    app()


if __name__ == "__main__":
    main()
