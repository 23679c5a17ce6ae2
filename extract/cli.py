"""The `wpx` command line: thin commands over the library functions."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any, Optional

import typer
from typer.core import TyperGroup

try:  # newer typer releases carry their own copy of click; its exceptions are the ones raised
    from typer import _click as click
except ImportError:  # pragma: no cover - older typer on plain click
    import click  # type: ignore[no-redef]

from . import __version__

if TYPE_CHECKING:
    from .batch import BatchResult
    from .models import Document

EXIT_OK = 0
EXIT_SOME_FAILED = 1
EXIT_BAD_INPUT = 2
EXIT_INTERRUPTED = 130


class _OneLineErrors(TyperGroup):
    """Every usage error (missing argument, unknown option, bad value, unknown command) is one
    line on stderr, `wpx: error: <reason>`, exit 2, as the README promises; Ctrl-C is exit 130.
    Done here rather than in `main()` so the test runner and the installed script agree."""

    def main(self, args: Any = None, prog_name: str | None = None, complete_var: str | None = None,
             standalone_mode: bool = True, **extra: Any) -> Any:
        try:
            code = super().main(args=args, prog_name=prog_name or "wpx", complete_var=complete_var,
                                standalone_mode=False, **extra)
        except click.exceptions.NoArgsIsHelpError as exc:  # bare `wpx` or `wpx batch`: the help
            typer.echo(exc.ctx.get_help() if exc.ctx else "")
            code = EXIT_BAD_INPUT
        except click.ClickException as exc:
            where = f" (see '{exc.ctx.command_path} --help')" if getattr(exc, "ctx", None) else ""
            message = " ".join(exc.format_message().split())
            typer.echo(f"wpx: error: {message}{where}", err=True)
            code = exc.exit_code
        except (click.exceptions.Abort, KeyboardInterrupt):
            typer.echo("wpx: interrupted", err=True)
            code = EXIT_INTERRUPTED
        code = code if isinstance(code, int) else EXIT_OK
        if standalone_mode:
            sys.exit(code)
        return code


app = typer.Typer(
    cls=_OneLineErrors,
    add_completion=False,
    no_args_is_help=True,
    rich_markup_mode=None,  # plain help: rich markup would swallow [duckdb] and [dask]
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
    help="Turn Chinese government white papers into typed, verifiable records.",
)


def _print_version(value: bool) -> None:
    if value:
        typer.echo(__version__)
        raise typer.Exit()


@app.callback()
def _root(
    version: bool = typer.Option(False, "--version", callback=_print_version, is_eager=True,
                                 help="Print the extractor version and exit."),
) -> None:
    """Turn Chinese government white papers into typed, verifiable records.

    Exit codes: 0 success; 1 findings (check) or failed documents (batch); 2 bad input or
    usage, with one line on stderr; 130 interrupted.
    """


def _fail(message: str, code: int = EXIT_BAD_INPUT) -> "typer.Exit":
    typer.echo(f"wpx: error: {message}", err=True)
    return typer.Exit(code)


def _write(target: Path, content: str) -> None:
    from .output import write_atomic

    try:
        write_atomic(target, content)
    except OSError as exc:
        raise _fail(f"{target}: cannot write ({exc.strerror or exc})") from None


def _out_dir(out_dir: Path) -> Path:
    from .output import writable_dir
    from .reading import InputError

    try:
        return writable_dir(out_dir)
    except InputError as exc:
        raise _fail(str(exc)) from None


@app.command(short_help="Extract one document into DIR/<stem>.json (or JSON Lines).")
def extract(
    file: str = typer.Argument(..., metavar="FILE",
                               help="Input text, PDF, HTML or .docx file, or - for standard input (text)."),
    out_dir: Path = typer.Option(Path("output"), "-o", "--out", metavar="DIR", help="Folder for <stem>.json."),
    fmt: str = typer.Option("json", "--format", metavar="FORMAT",
                            help="json (one document) or jsonl (a metadata line, then one record a line)."),
    region: Optional[str] = typer.Option(None, help="Override the region read from the header."),
    year: Optional[int] = typer.Option(None, help="Override the report year read from the header."),
    explain: bool = typer.Option(False, "--explain", help="Print the rule that set each field of each figure."),
) -> None:
    """Extract one document. FILE '-' reads standard input and prints to standard output."""
    from .output import output_path, serialise, text_path
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
            doc = extract_text(decoded.text, source="<stdin>", encoding=decoded.encoding, sha256=decoded.sha256,
                               **overrides)
            sys.stdout.write(serialise(doc, fmt))  # type: ignore[arg-type]
            if explain:
                sys.stderr.write(_explained(doc, trace))
            return
        _out_dir(out_dir)  # before the work: a bad -o fails at once
        source_text = read_source(file)
        doc = extract_source(source_text, **overrides)
    except InputError as exc:
        raise _fail(str(exc)) from None
    target = output_path(out_dir, file, fmt)  # type: ignore[arg-type]
    if source_text.format != "text":  # a PDF, HTML or Word source: keep the text read from it
        if text_path(target).resolve() == Path(file).resolve():
            raise _fail(f"{file}: the extracted text would overwrite the input; choose another -o")
        _write(text_path(target), source_text.text)
    _write(target, serialise(doc, fmt))  # type: ignore[arg-type]
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


@app.command(short_help="Regenerate the JSON Schema files from the models.")
def schema(
    out_dir: Path = typer.Option(Path("schemas"), "-o", "--out", metavar="DIR", help="Where to write the schema files."),
) -> None:
    """Regenerate the JSON Schema files in DIR from the pydantic models."""
    from .output import schema_files

    _out_dir(out_dir)
    for name, content in schema_files().items():
        _write(out_dir / name, content)
        typer.echo(f"wrote {out_dir / name}", err=True)


@app.command(short_help="Print the extractor version.")
def version() -> None:
    """Print the extractor version (the same as wpx --version)."""
    typer.echo(__version__)


def _load(path: Path) -> Any:
    from .batch import load_output
    from .reading import InputError

    try:
        return load_output(path)
    except InputError as exc:
        raise _fail(str(exc)) from None


# --- issue 3: audit (`wpx check`) ----------------------------------------------------------
@app.command(short_help="Audit a document's arithmetic (exit 1 when something does not add up).")
def check(
    file: Path = typer.Argument(..., metavar="FILE.json", help="A document JSON written by wpx extract."),
    prior: Optional[Path] = typer.Option(None, "--prior", metavar="OTHER.json", help="The prior year's document JSON."),
) -> None:
    """Audit a document's arithmetic: parts against their whole, shares, figures stated twice,
    and (with --prior) the growth rates it states against last year's figures."""
    from .audit import audit

    doc = _load(file)
    prior_doc = _load(prior) if prior else None
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
@app.command(short_help="Extract every .txt/.md file of a folder, in parallel and incrementally.")
def batch(
    directory: Path = typer.Argument(..., metavar="DIR", help="Folder of .txt/.md/.pdf/.html/.docx white papers."),
    out_dir: Path = typer.Option(Path("output"), "-o", "--out", metavar="DIR",
                                 help="Where <stem>.json and manifest.json go."),
    jobs: Optional[int] = typer.Option(None, "--jobs", "-j", min=1, metavar="N",
                                       help="Worker processes (default: the number of CPUs)."),
    force: bool = typer.Option(False, "--force", help="Redo documents the manifest says are unchanged."),
    fmt: str = typer.Option("json", "--format", metavar="FORMAT",
                            help="json (one document) or jsonl (a metadata line, then one record a line)."),
    region: Optional[str] = typer.Option(None, help="Override the region of every document."),
    year: Optional[int] = typer.Option(None, help="Override the report year of every document."),
    dask: Optional[str] = typer.Option(None, "--dask", metavar="ADDRESS",
                                       help="Run on a Dask cluster (tcp://host:8786; needs the [dask] extra)."),
    timeout: float = typer.Option(60.0, "--timeout", metavar="SECONDS", min=0,
                                  help="With --dask: how long to wait for a worker to join the scheduler."),
) -> None:
    """Extract every document in a folder, in parallel and incrementally. A bad file is
    reported in the summary and in manifest.json (exit 1); it never stops the batch."""
    from .batch import BatchInterrupted, StopRequest, batch_inputs, run_batch
    from .reading import InputError

    if fmt not in ("json", "jsonl"):
        raise _fail(f"--format must be json or jsonl, not {fmt!r}")
    overrides = {k: v for k, v in (("region", region), ("year", year)) if v is not None}
    # One stop flag for the whole command: a Ctrl-C at any moment, even after the last
    # document, ends as an interrupted batch (exit 130) with a true manifest.
    with StopRequest() as stop:
        try:
            total = len(batch_inputs(directory, out_dir))
        except InputError as exc:
            raise _fail(str(exc)) from None
        _out_dir(out_dir)
        if total == 0:
            typer.echo(f"wpx: warning: {directory}: no .txt, .md, .pdf, .html or .docx files to extract", err=True)
        progress = _BatchProgress(total)
        try:
            with progress:
                result = run_batch(directory, out_dir, jobs=jobs, force=force, fmt=fmt, overrides=overrides,
                                   dask_address=dask, dask_timeout=timeout, on_entry=progress.update,
                                   notice=lambda line: typer.echo(line, err=True), stop=stop)
        except InputError as exc:
            raise _fail(str(exc)) from None
        except OSError as exc:
            raise _fail(f"{exc.filename or out_dir}: cannot write ({exc.strerror or exc})") from None
        except BatchInterrupted as stopped:
            result = stopped.result
            typer.echo(f"batch: interrupted; {len(result.entries)} of {total} recorded in {result.manifest_path}",
                       err=True)
            raise typer.Exit(EXIT_INTERRUPTED) from None
        _report_batch(result, directory)
        if stop.requested:  # arrived after the last document: everything is recorded all the same
            typer.echo(f"batch: interrupted after the last document; all {total} recorded", err=True)
            raise typer.Exit(EXIT_INTERRUPTED)
    if result.failed:
        raise typer.Exit(EXIT_SOME_FAILED)


def _report_batch(result: BatchResult, directory: Path) -> None:
    """Print each failed document and the batch's one-line summary (on stderr)."""
    for entry in result.failed:
        typer.echo(f"wpx: error: {directory / entry['source']}: {entry['error']}", err=True)
    typer.echo(
        f"batch: {result.count('ok')} extracted, {result.count('skipped')} unchanged (skipped), "
        f"{result.count('failed')} failed in {result.seconds:.2f} s -> {result.manifest_path}",
        err=True,
    )


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


@app.command(short_help="Compare the figures of two papers, or of consecutive years in a folder.")
def diff(
    paths: list[Path] = typer.Argument(..., metavar="OLD.json NEW.json | DIR",
                                       help="Two document JSON files, or one batch output folder."),
    region: Optional[str] = typer.Option(None, "--region", help="With a folder: only this region (e.g. 青岛市)."),
    fmt: str = typer.Option("table", "--format", metavar="FORMAT", help="table, json, csv or markdown."),
    aligned: bool = typer.Option(False, "--aligned", help="List only the figures compared in both papers."),
) -> None:
    """Compare figures year to year: old and new value, the change, and the growth rate the new
    paper states beside the one computed from the two papers (MISMATCH beyond rounding).
    Figures whose periods, regions or subjects differ are listed as not compared, with the
    reason; a paper without a year or region is left out with a warning."""
    from .diff import diff_directory, diff_files, render, render_table
    from .reading import InputError

    if fmt not in ("table", "json", "csv", "markdown"):
        raise _fail(f"--format must be table, json, csv or markdown, not {fmt!r}")
    warnings: list[str] = []
    try:
        if len(paths) == 1 and paths[0].is_dir():
            diffs = diff_directory(paths[0], region, warn=warnings.append)
        elif len(paths) == 2:
            diffs = [diff_files(paths[0], paths[1], warn=warnings.append)]
        else:
            raise _fail("diff takes OLD.json NEW.json, or one output folder")
    except InputError as exc:
        raise _fail(str(exc)) from None
    for line in warnings:
        typer.echo(f"wpx: warning: {line}", err=True)
    if aligned:
        for d in diffs:
            why = d.why_nothing_aligned()
            if why:
                typer.echo(f"wpx: warning: {d.old.source} -> {d.new.source}: nothing aligned: {why}", err=True)
        diffs = [d.aligned_only() for d in diffs]
    if fmt == "table":
        from rich.console import Console

        render_table(diffs, Console(width=max(120, Console().width)))
    else:
        sys.stdout.write(render(diffs, fmt))


@app.command("export", short_help="Load a folder of outputs into SQLite, DuckDB or Parquet.")
def export_cmd(
    out_dir: Path = typer.Argument(..., metavar="DIR", help="A batch output folder of document JSON files."),
    sqlite: Optional[Path] = typer.Option(None, "--sqlite", metavar="FILE", help="SQLite file (default DIR/wpx.sqlite)."),
    duckdb: Optional[Path] = typer.Option(None, "--duckdb", metavar="FILE", help="DuckDB file (needs the [duckdb] extra)."),
    parquet: Optional[Path] = typer.Option(None, "--parquet", metavar="DIR",
                                           help="Folder for one .parquet file per table (needs the [duckdb] extra)."),
) -> None:
    """Load documents into SQLite (the default), DuckDB or Parquet. Re-running updates in place."""
    from .export import export_directory
    from .reading import InputError

    if sqlite is None and duckdb is None and parquet is None:
        sqlite = out_dir / "wpx.sqlite"
    try:
        done = export_directory(out_dir, sqlite=sqlite, duckdb=duckdb, parquet=parquet)
    except InputError as exc:
        raise _fail(str(exc)) from None
    except OSError as exc:
        raise _fail(f"{exc.filename or out_dir}: cannot write ({exc.strerror or exc})") from None
    for target, stats in done.items():
        note = f", {stats.dangling_links} dangling link(s) skipped" if stats.dangling_links else ""
        typer.echo(f"export: {stats.documents} documents, {stats.records} records, {stats.links} links -> {target}{note}", err=True)


@app.command(short_help="Write a self-contained HTML review page for one document.")
def show(
    file: Path = typer.Argument(..., metavar="FILE",
                                help="A document JSON (or a text, PDF, HTML or .docx file, extracted first)."),
    html: Path = typer.Option(..., "--html", metavar="OUT.html", help="The review page to write."),
    text: Optional[Path] = typer.Option(None, "--text", metavar="FILE", help="The source text, if not found beside the JSON."),
) -> None:
    """Write a self-contained HTML review page: the text with every span highlighted, a table
    of records to filter, sort and search, and corrections exported as JSON Lines."""
    from .reading import InputError
    from .show import show as write_page

    if html.is_dir():
        raise _fail(f"{html}: is a directory; --html names the page file to write")
    try:
        doc = write_page(file, html, text)
    except InputError as exc:
        raise _fail(str(exc)) from None
    except OSError as exc:
        raise _fail(f"{exc.filename or html}: cannot write ({exc.strerror or exc})") from None
    typer.echo(f"{file} -> {html} ({len(doc.records)} records highlighted)", err=True)


@app.command(short_help="Score a document against a reviewer's corrections: accuracy per field.")
def score(
    output: Path = typer.Argument(..., metavar="OUTPUT.json", help="A document JSON written by wpx extract."),
    corrections: Path = typer.Argument(..., metavar="CORRECTIONS.jsonl",
                                       help="Corrections exported from the review page (wpx show)."),
    fmt: str = typer.Option("table", "--format", metavar="FORMAT", help="table or json."),
) -> None:
    """Score a document against the corrections a reviewer exported from the review page:
    per field, how many of the judged figures the document has right."""
    from .corrections import load_corrections, render_score, score_document
    from .reading import InputError

    if fmt not in ("table", "json"):
        raise _fail(f"--format must be table or json, not {fmt!r}")
    doc = _load(output)
    try:
        lines = load_corrections(corrections)
        result = score_document(doc, lines, str(corrections))
    except InputError as exc:
        raise _fail(str(exc)) from None
    for line in result.warnings:
        typer.echo(f"wpx: warning: {line}", err=True)
    sys.stdout.write(render_score(result, fmt))


def main() -> None:
    app()


if __name__ == "__main__":
    main()
