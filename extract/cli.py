"""The `wpx` command line: thin commands over the library functions."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Optional

import typer

from . import __version__

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
    file: str = typer.Argument(..., help="Input text file, or - for standard input"),
    out_dir: Path = typer.Option(Path("output"), "-o", "--out", help="Directory for <stem>.json"),
    fmt: str = typer.Option("json", "--format", help="json (one document) or jsonl (one record a line)"),
    region: Optional[str] = typer.Option(None, help="Override the region read from the header"),
    year: Optional[int] = typer.Option(None, help="Override the report year read from the header"),
) -> None:
    """Extract one document; FILE '-' reads stdin and prints to stdout."""
    from .output import output_path, serialise, write_atomic
    from .pipeline import extract_file, extract_text
    from .reading import InputError, decode_bytes

    if fmt not in ("json", "jsonl"):
        raise _fail(f"--format must be json or jsonl, not {fmt!r}")
    overrides = {k: v for k, v in (("region", region), ("year", year)) if v is not None}
    try:
        if file == "-":
            decoded = decode_bytes(sys.stdin.buffer.read(), "<stdin>")
            doc = extract_text(decoded.text, source="<stdin>", encoding=decoded.encoding, **overrides)
            sys.stdout.write(serialise(doc, fmt))  # type: ignore[arg-type]
            return
        doc = extract_file(file, **overrides)
    except InputError as exc:
        raise _fail(str(exc)) from None
    target = output_path(out_dir, file, fmt)  # type: ignore[arg-type]
    write_atomic(target, serialise(doc, fmt))  # type: ignore[arg-type]
    counts: dict[str, int] = {}
    for record in doc.records:
        counts[record.type] = counts.get(record.type, 0) + 1
    summary = ", ".join(f"{n} {t}" for t, n in sorted(counts.items()))
    typer.echo(f"{file} -> {target} ({summary})", err=True)


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


def main() -> None:
    app()


if __name__ == "__main__":
    main()
