"""Benchmark: how fast `wpx` is on this machine, with the targets printed beside each figure.

    python -m extract.bench           # full run (about a minute on 2 cores)
    python -m extract.bench --quick   # smaller corpus and documents, for a quick look

Figures, not tests: nothing here fails a build. What it measures:

- warm extraction of the bundled document (`extract.extract_text`, which builds and validates
  every pydantic record), median/min/max of >= 20 runs, against a bare `regex` scan for digit
  runs over the same text (the floor no extractor can beat) and the ratio of the two;
- throughput in characters per second over a ~10 MB corpus of ~100 documents made from the
  bundled text with varied numbers, with 1 and 2 worker processes;
- cold `wpx extract` of the bundled document in a new process (imports included): wall time
  and peak RSS of that process, as a user meets it. The children run without
  PYTHONDONTWRITEBYTECODE (set globally on some machines, it makes every run compile all modules
  from source, ~0.1 s, which an installed copy never does: pip byte-compiles, and Python caches
  .pyc files on first import) and after one unmeasured warm-up run, so .pyc files and the jieba
  tokenizer cache exist; a separate line gives the first run after an install (.pyc files there,
  but no tokenizer cache: WPX_CACHE_DIR points at a fresh temp dir for each such run);
- one 1 MB and one 10 MB document, and the ratio of their times (linear means ~10);
- reading the bundled paper laid out as a PDF (time per page) and as an HTML page of about
  1 MB (time per MB), with the [formats] extra; and the text-only PDF readers compared.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import platform
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import regex

CORPUS = Path(__file__).resolve().parent.parent / "corpus" / "qingdao-ip-2021.txt"
MB = 1_000_000  # sizes are UTF-8 bytes, as a user's `ls -l` would show them

# Targets from issue 5 (cold start from issue 10), for a 2-core machine.
TARGET_WARM_MS = 25.0
TARGET_WARM_RATIO = 60.0
TARGET_COLD_S = 0.5
TARGET_RSS_MB = 150.0
TARGET_LINEARITY = 12.0
TARGET_JOBS_SPEEDUP = 1.7

_DIGIT_RUN = regex.compile(r"\d+")
_YEAR_LIKE = regex.compile(r"(?:19|20)\d\d")


def bundled_text() -> str:
    return CORPUS.read_text(encoding="utf-8")


def varied_copy(text: str, seed: int) -> str:
    """The bundled text with every digit run replaced by other digits of the same length, so
    copies differ (no cache or dictionary can profit from repeats) but read the same way.
    Years stay years: a 4-digit run starting 19/20 keeps that prefix."""
    rng = random.Random(seed)

    def swap(m: regex.Match[str]) -> str:
        run = m.group()
        if _YEAR_LIKE.fullmatch(run):
            return run[:2] + "".join(rng.choice("0123456789") for _ in run[2:])
        first = rng.choice("123456789") if run[0] != "0" else "0"
        return first + "".join(rng.choice("0123456789") for _ in run[1:])

    return _DIGIT_RUN.sub(swap, text)


def varied_stream(text: str, seed: int = 0) -> Iterator[str]:
    i = seed
    while True:
        yield varied_copy(text, i)
        i += 1


def document_of_size(text: str, size: int, seed: int = 0) -> str:
    """One document of about `size` UTF-8 bytes: varied copies of the text, one after another."""
    parts: list[str] = []
    total = 0
    for copy in varied_stream(text, seed):
        parts.append(copy)
        total += len(copy.encode("utf-8"))
        if total >= size:
            break
    return "\n".join(parts)


def write_corpus(directory: Path, text: str, total: int, files: int) -> tuple[list[Path], int]:
    """`files` documents of about total/files bytes each; returns the paths and total chars."""
    paths: list[Path] = []
    chars = 0
    per_file = total // files
    for n in range(files):
        doc = document_of_size(text, per_file, seed=1000 + n * 17)
        path = directory / f"report-{n:03d}.txt"
        path.write_text(doc, encoding="utf-8")
        paths.append(path)
        chars += len(doc)
    return paths, chars


def timed(fn: Callable[[], object], runs: int) -> list[float]:
    out = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        out.append(time.perf_counter() - t0)
    return out


# --- batch throughput -------------------------------------------------------------------


def _extract_one(args: tuple[str, str]) -> int:
    """Worker task: extract one file and write its JSON atomically, as `wpx batch` would."""
    from extract.output import output_path, serialise, write_atomic
    from extract.pipeline import extract_file

    source, out_dir = args
    doc = extract_file(source)
    write_atomic(output_path(Path(out_dir), source, "json"), serialise(doc, "json"))
    return doc.document.chars


def _warm_worker() -> None:
    from extract.pipeline import extract_text

    extract_text("2021年，全市专利授权量10210件，同比增长18.2%。")


def run_pool(paths: list[Path], out_dir: Path, jobs: int) -> float:
    """Wall time of extracting every path with `jobs` processes, one document per task.
    Worker start-up is inside the timing: a user's batch pays it too."""
    t0 = time.perf_counter()
    with ProcessPoolExecutor(max_workers=jobs, initializer=_warm_worker) as pool:
        list(pool.map(_extract_one, [(str(p), str(out_dir)) for p in paths], chunksize=1))
    return time.perf_counter() - t0


def batch_cli_available() -> bool:
    """True when `extract/batch.py` exists and the CLI has a `batch` command with --jobs."""
    if importlib.util.find_spec("extract.batch") is None:
        return False
    probe = subprocess.run(
        [sys.executable, "-m", "extract", "batch", "--help"], capture_output=True, text=True
    )
    return probe.returncode == 0 and "--jobs" in probe.stdout


def run_batch_cli(in_dir: Path, out_dir: Path, jobs: int) -> float:
    t0 = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-m", "extract", "batch", str(in_dir), "-o", str(out_dir), "--jobs", str(jobs)],
        capture_output=True, text=True,
    )
    elapsed = time.perf_counter() - t0
    if proc.returncode != 0:
        raise RuntimeError(f"wpx batch exited {proc.returncode}: {proc.stderr.strip()[-500:]}")
    return elapsed


# --- cold start -------------------------------------------------------------------------


def cold_env(cache_dir: Path) -> dict[str, str]:
    """The environment of a user's run: .pyc files written and read (no PYTHONDONTWRITEBYTECODE),
    the tokenizer cache in `cache_dir` (the bench's own, so a user's cache neither helps nor
    changes)."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["WPX_CACHE_DIR"] = str(cache_dir)
    return env


def cold_run(path: Path, out_dir: Path, env: dict[str, str]) -> tuple[float, float]:
    """Wall seconds and peak RSS (MB) of one `python -m extract extract` process. os.wait4
    reports that child's own rusage, not the maximum over every child this process had."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, "-m", "extract", "extract", str(path), "-o", str(out_dir)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env,
    )
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - t0
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise RuntimeError(f"wpx extract exited {proc.returncode}")
    # ru_maxrss is in kilobytes on Linux, bytes on macOS.
    rss = usage.ru_maxrss / (1024 * 1024 if sys.platform == "darwin" else 1024)
    return elapsed, rss


# --- formats: PDF per page, HTML per MB -----------------------------------------------------


def _docbuild() -> object | None:
    """The test suite's document builders (tests/docbuild.py, a checkout's), or None."""
    path = CORPUS.parent.parent / "tests" / "docbuild.py"
    if not path.is_file() or importlib.util.find_spec("reportlab") is None:
        return None
    spec = importlib.util.spec_from_file_location("wpx_docbuild", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def formats(report: Report, text: str, tmp: Path, runs: int) -> None:
    """Reading the bundled paper laid out as a PDF (time per page) and as a government-site
    HTML page repeated to about 1 MB (time per MB), then the text-only readers we compared."""
    from extract.reading import read_source
    from extract.repair import repair

    build = _docbuild()
    if build is None or any(importlib.util.find_spec(m) is None for m in ("pdfplumber", "trafilatura", "docx")):
        print("\nFormats: skipped (needs the [formats] and [test] extras and a checkout's tests/docbuild.py)")
        return
    paragraphs = [p for p in repair(text).text.split("\n") if p.strip()]
    blocks = [build.Para(p, indent=i >= 3) for i, p in enumerate(paragraphs)]  # type: ignore[attr-defined]
    pdf = build.build_pdf(tmp / "paper.pdf", build.PdfSpec(blocks))  # type: ignore[attr-defined]
    pages = len(read_source(pdf).pages)
    print(f"\nFormats: the bundled paper as a {pages}-page PDF; as an HTML page; median of {runs}")
    read_s = statistics.median(timed(lambda: read_source(pdf), runs))
    report.add("PDF read (pdfplumber), per page", f"{read_s / pages * 1000:.1f} ms")
    from extract import extract_file

    whole = statistics.median(timed(lambda: extract_file(pdf), runs))
    report.add(f"PDF read + extract, {pages} pages", f"{whole:.2f} s")
    page = build.gov_page(paragraphs[0], paragraphs[3:] * 40, charset="gbk")  # type: ignore[attr-defined]
    html = tmp / "paper.html"
    html.write_bytes(page)
    mb = len(page) / MB
    read_s = statistics.median(timed(lambda: read_source(html), runs))
    report.add(f"HTML read (trafilatura), {mb:.2f} MB page", f"{read_s / mb:.2f} s per MB")
    docx_path = build.build_docx(tmp / "paper.docx", blocks)  # type: ignore[attr-defined]
    read_s = statistics.median(timed(lambda: read_source(docx_path), runs))
    report.add(f"Word read (python-docx), {len(paragraphs)} paragraphs", f"{read_s * 1000:.1f} ms")
    # Text-only PDF readers we compared (no positions, so no furniture or table handling).
    alternatives: list[tuple[str, Callable[[], object]]] = []
    if importlib.util.find_spec("pypdfium2"):
        def pdfium() -> object:
            import pypdfium2

            doc = pypdfium2.PdfDocument(str(pdf))
            return [doc[i].get_textpage().get_text_range() for i in range(len(doc))]
        alternatives.append(("pypdfium2 text only", pdfium))
    if importlib.util.find_spec("pypdf"):
        def pypdf_text() -> object:
            import pypdf

            return [p.extract_text() for p in pypdf.PdfReader(str(pdf)).pages]
        alternatives.append(("pypdf text only", pypdf_text))
    if importlib.util.find_spec("pdfminer"):
        def pdfminer_text() -> object:
            from pdfminer.high_level import extract_text as pdfminer_extract

            return pdfminer_extract(str(pdf))
        alternatives.append(("pdfminer.six text only (layout analysis)", pdfminer_text))
    for name, fn in alternatives:
        fn()
        seconds = statistics.median(timed(fn, runs))
        report.add(f"  {name}, per page", f"{seconds / pages * 1000:.1f} ms")


# --- report -----------------------------------------------------------------------------


class Report:
    def __init__(self) -> None:
        self.rows: list[tuple[str, str, str, str]] = []

    def add(self, name: str, figure: str, target: str = "", ok: bool | None = None) -> None:
        mark = "" if ok is None else ("meets" if ok else "MISSES")
        self.rows.append((name, figure, target, mark))
        print(f"  {name:<44} {figure:>22}  {target:<14} {mark}", flush=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m extract.bench", description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="smaller corpus and documents (~15 s)")
    parser.add_argument(
        "--engine", choices=("auto", "batch", "pool"), default="auto",
        help="throughput via `wpx batch --jobs N` (batch), a process pool here (pool), or batch when it exists",
    )
    args = parser.parse_args(argv)

    from extract import __version__, extract_text

    corpus_bytes = 2 * MB if args.quick else 10 * MB
    corpus_files = 20 if args.quick else 100
    small, large = (MB // 5, 2 * MB) if args.quick else (MB, 10 * MB)
    warm_runs = 20 if args.quick else 30
    cold_runs = 3 if args.quick else 5

    text = bundled_text()
    print(
        f"wpx {__version__} benchmark{' (quick)' if args.quick else ''}: Python {platform.python_version()}, "
        f"{platform.machine()}, {os.cpu_count()} CPUs, {platform.system()}"
    )
    if hasattr(os, "getloadavg") and os.getloadavg()[0] > 0.5:
        # Another process on the same cores skews every figure, --jobs 2 most of all.
        print(f"warning: load average {os.getloadavg()[0]:.2f} before the run; figures need a quiet machine")
    report = Report()
    tmp = Path(tempfile.mkdtemp(prefix="wpx-bench-"))
    try:
        # Cold first: nothing this process does later can affect a fresh child's figures.
        print(
            f"\nCold start: `python -m extract extract {CORPUS.name} -o DIR` in a new process, median of "
            f"{cold_runs}; as a user's install runs it: without PYTHONDONTWRITEBYTECODE, after one unmeasured "
            "warm-up run (.pyc files and the tokenizer cache exist)"
        )
        env = cold_env(tmp / "cache")
        cold_run(CORPUS, tmp / "cold", env)  # warm-up: writes .pyc files and the tokenizer cache
        colds = [cold_run(CORPUS, tmp / "cold", env) for _ in range(cold_runs)]
        cold_wall = statistics.median(c[0] for c in colds)
        cold_rss = max(c[1] for c in colds)
        report.add("cold wall time", f"{cold_wall:.3f} s", f"<= {TARGET_COLD_S} s", cold_wall <= TARGET_COLD_S)
        report.add("cold peak RSS", f"{cold_rss:.1f} MB", f"<= {TARGET_RSS_MB:.0f} MB", cold_rss <= TARGET_RSS_MB)
        # The first run after an install builds the tokenizer and writes its cache.
        firsts = [cold_run(CORPUS, tmp / "cold", cold_env(tmp / f"cache-first-{n}")) for n in range(cold_runs)]
        report.add("first run, no tokenizer cache yet", f"{statistics.median(c[0] for c in firsts):.3f} s")

        print(f"\nWarm: extract_text on {CORPUS.name} ({len(text)} chars), {warm_runs} runs after one warm-up")
        extract_text(text)
        warm = timed(lambda: extract_text(text), warm_runs)
        warm_ms = statistics.median(warm) * 1000
        scan = timed(lambda: _DIGIT_RUN.findall(text), max(200, warm_runs))
        scan_ms = statistics.median(scan) * 1000
        ratio = warm_ms / scan_ms
        report.add("warm extraction, median", f"{warm_ms:.2f} ms", f"<= {TARGET_WARM_MS:.0f} ms", warm_ms <= TARGET_WARM_MS)
        report.add("warm extraction, min / max", f"{min(warm) * 1000:.2f} / {max(warm) * 1000:.2f} ms")
        report.add("bare regex \\d+ scan, median", f"{scan_ms:.3f} ms")
        report.add("extraction / regex scan", f"{ratio:.0f}x", f"<= {TARGET_WARM_RATIO:.0f}x", ratio <= TARGET_WARM_RATIO)

        in_dir = tmp / "corpus"
        in_dir.mkdir()
        paths, chars = write_corpus(in_dir, text, corpus_bytes, corpus_files)
        size = sum(p.stat().st_size for p in paths)
        engine = args.engine
        if engine == "auto":
            engine = "batch" if batch_cli_available() else "pool"
        how = (
            "`python -m extract batch DIR --jobs N` (extract/batch.py), process start included"
            if engine == "batch"
            else "ProcessPoolExecutor over extract_file + write_atomic, one document per task, pool start included"
        )
        print(f"\nThroughput: {len(paths)} documents, {size / MB:.1f} MB, {chars} chars; via {how}")
        rates: dict[int, float] = {}
        for jobs in (1, 2):
            out_dir = tmp / f"out-{jobs}"
            if engine == "batch":
                elapsed = run_batch_cli(in_dir, out_dir, jobs)
            else:
                elapsed = run_pool(paths, out_dir, jobs)
            rates[jobs] = chars / elapsed
            report.add(f"--jobs {jobs} throughput", f"{rates[jobs] / 1e6:.2f} M chars/s ({elapsed:.2f} s)")
        speedup = rates[2] / rates[1]
        report.add("--jobs 2 / --jobs 1", f"{speedup:.2f}x", f">= {TARGET_JOBS_SPEEDUP}x", speedup >= TARGET_JOBS_SPEEDUP)

        print(f"\nLinearity: one document of {small / MB:g} MB and one of {large / MB:g} MB")
        times = {}
        for size_bytes in (small, large):
            doc = document_of_size(text, size_bytes, seed=7)
            t0 = time.perf_counter()
            extract_text(doc)
            times[size_bytes] = time.perf_counter() - t0
            report.add(f"{size_bytes / MB:g} MB document ({len(doc)} chars)", f"{times[size_bytes]:.2f} s")
            del doc
        linear = times[large] / times[small]
        report.add(
            f"{large / MB:g} MB / {small / MB:g} MB time",
            f"{linear:.1f}x", f"<= {TARGET_LINEARITY:.0f}x", linear <= TARGET_LINEARITY,
        )
        formats(report, text, tmp, runs=3 if args.quick else 5)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    misses = [r for r in report.rows if r[3] == "MISSES"]
    print(f"\n{len(misses)} of {sum(1 for r in report.rows if r[3])} targets missed" if misses else "\nall targets met")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
