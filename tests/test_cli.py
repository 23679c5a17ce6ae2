"""The CLI wraps the library: each command is documented in the README and behaves on bad input."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

from typer.testing import CliRunner

import extract
from extract.cli import app

ROOT = Path(__file__).resolve().parents[1]
runner = CliRunner()


def run(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([sys.executable, "-m", "extract", *args], input=stdin, capture_output=True, cwd=ROOT)


def test_every_command_is_documented_in_the_readme() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for command in app.registered_commands:
        name = command.name or command.callback.__name__  # type: ignore[union-attr]
        assert re.search(rf"wpx {name}\b", readme), f"`wpx {name}` is not documented in README.md"


def test_extract_writes_json_and_stdin_jsonl(tmp_path: Path) -> None:
    src = tmp_path / "report.txt"
    src.write_text("2022年青岛市知识产权保护状况白皮书\n全市商标申请量11.2万件。\n", encoding="utf-8")
    result = run("extract", str(src), "-o", str(tmp_path / "out"))
    assert result.returncode == 0, result.stderr
    data = json.loads((tmp_path / "out" / "report.json").read_text(encoding="utf-8"))
    values = [r["value"] for r in data["records"] if r["type"] == "quantity"]
    assert values == [112000]
    piped = run("extract", "-", "--format", "jsonl", stdin="罚没款433.07万元。".encode("gb18030"))
    assert piped.returncode == 0
    rows = [json.loads(line) for line in piped.stdout.decode("utf-8").splitlines()]
    assert [(r["text"], r["value"], r["unit"]) for r in rows if r["type"] == "quantity"] == [("433.07万元", 4330700, "元")]


def test_bad_input_is_one_line_and_exit_code_two(tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    for target, reason in ((empty, "empty file"), (tmp_path / "missing.txt", "no such file"), (tmp_path, "directory")):
        result = run("extract", str(target), "-o", str(tmp_path / "out"))
        lines = result.stderr.decode("utf-8").strip().splitlines()
        assert result.returncode == 2
        assert len(lines) == 1 and lines[0].startswith("wpx: error: ") and reason in lines[0]
        assert str(target) in lines[0]


def test_check_reports_clean_and_planted_documents(tmp_path: Path) -> None:
    header = "2022年青岛市知识产权保护状况白皮书\n三、保护\n"
    for name, parts, code in (("good", "50件，技术合同纠纷11件", 0), ("bad", "50件，技术合同纠纷19件", 1)):
        src = tmp_path / f"{name}.txt"
        src.write_text(header + f"青岛仲裁办共受理知识产权纠纷案件61件，其中：特许经营合同纠纷{parts}。", encoding="utf-8")
        assert run("extract", str(src), "-o", str(tmp_path)).returncode == 0
        result = run("check", str(tmp_path / f"{name}.json"))
        assert result.returncode == code, result.stdout
        out = result.stdout.decode("utf-8")
        assert ("arithmetic holds" in out) == (code == 0)
        assert ("parts_sum" in out) == (code == 1)


# --- every command, each bad argument: one line on stderr and the documented exit code ------

GOOD_TEXT = "2022年青岛市知识产权保护状况白皮书\n全市商标申请量11.2万件，同比增长8.5%。\n"


def _bad_cases(tmp: Path) -> list[tuple[list[str], int, str]]:
    """(argv, exit code, words the one line must hold) for each command and bad argument."""
    src = tmp / "report.txt"
    src.write_text(GOOD_TEXT, encoding="utf-8")
    out = tmp / "out"
    assert run("extract", str(src), "-o", str(out)).returncode == 0
    doc = out / "report.json"
    a_file = tmp / "a-file.txt"
    a_file.write_text("x", encoding="utf-8")
    not_json = tmp / "not.json"
    not_json.write_text("{\"a\": 1}", encoding="utf-8")
    utf16 = tmp / "utf16.txt"
    # UTF-16 without a byte-order mark whose bytes are not text: named as such, not "binary".
    utf16.write_bytes("全市商标申请量11.2万件。\n".encode("utf-16-le") + b"\x34\xd8\x41\x00")  # a lone surrogate
    papers = tmp / "papers"
    papers.mkdir()
    (papers / "r.txt").write_text(GOOD_TEXT, encoding="utf-8")
    return [
        (["nosuch"], 2, "No such command 'nosuch'"),
        (["extract"], 2, "Missing argument 'FILE'"),
        (["extract", str(src), "--format", "xml"], 2, "--format must be json or jsonl"),
        (["extract", str(src), "--bogus"], 2, "No such option: --bogus"),
        (["extract", str(tmp / "missing.txt")], 2, "no such file"),
        (["extract", str(src), "-o", str(a_file)], 2, f"{a_file}: exists and is not a directory"),
        (["extract", str(src), "-o", str(a_file / "sub")], 2, "cannot create the output folder"),
        (["extract", str(src), "--year", "twenty"], 2, "Invalid value for '--year'"),
        (["extract", str(utf16)], 2, "looks like UTF-16-LE without a byte-order mark"),
        (["batch", str(tmp / "missing")], 2, "not a directory"),
        (["batch", str(papers), "-o", str(a_file)], 2, "exists and is not a directory"),
        (["batch", str(papers), "--jobs", "0"], 2, "Invalid value for '--jobs'"),
        (["batch", str(papers), "--format", "csv"], 2, "--format must be json or jsonl"),
        (["batch", str(papers), "--dask", "nonsense://x"], 2, "nonsense://x: not a Dask scheduler address"),
        (["diff", str(doc)], 2, "diff takes OLD.json NEW.json"),
        (["diff", str(doc), str(not_json)], 2, f"{not_json}: not a wpx document JSON"),
        (["diff", str(doc), str(doc), "--format", "xml"], 2, "--format must be table, json, csv or markdown"),
        (["export", str(tmp / "missing")], 2, "not a directory"),
        (["show", str(doc)], 2, "Missing option '--html'"),
        (["show", str(tmp / "missing.json"), "--html", str(tmp / "p.html")], 2, "no such file"),
        (["show", str(doc), "--html", str(tmp)], 2, "is a directory"),
        (["check", str(not_json)], 2, "not a wpx document JSON"),
        (["check", str(doc), "--prior", str(tmp / "missing.json")], 2, "no such file"),
        (["score", str(doc)], 2, "Missing argument 'CORRECTIONS.jsonl'"),
        (["score", str(doc), str(not_json)], 2, "lacks one of record_id"),
        (["score", str(doc), str(tmp / "missing.jsonl")], 2, "no such file"),
        (["schema", "-o", str(a_file)], 2, "exists and is not a directory"),
    ]


def test_every_command_with_each_bad_argument_is_one_line(tmp_path: Path) -> None:
    commands = {c.name or c.callback.__name__ for c in app.registered_commands}  # type: ignore[union-attr]
    cases = _bad_cases(tmp_path)
    assert commands - {"version", "export_cmd"} <= {argv[0] for argv, _, _ in cases} | {"export"}
    for argv, code, words in cases:
        result = run(*argv)
        err = result.stderr.decode("utf-8")
        assert result.returncode == code, (argv, err)
        assert len(err.splitlines()) == 1 and err.startswith("wpx: error: "), (argv, err)
        assert words in err, (argv, err)
        assert "Traceback" not in err and "╭" not in err


def test_help_version_and_empty_batch(tmp_path: Path) -> None:
    for flag in ("-h", "--help"):
        result = run(flag)
        assert result.returncode == 0
        assert "Usage: wpx [OPTIONS] COMMAND [ARGS]..." in result.stdout.decode("utf-8")
    batch_help = run("batch", "-h").stdout.decode("utf-8")
    assert "[dask]" in batch_help and "╭" not in batch_help  # no markup swallowing [dask]
    assert "[duckdb]" in run("export", "--help").stdout.decode("utf-8")
    top = run("--help").stdout.decode("utf-8")
    # whole sentences, wrapped but never cut short
    assert "Extract every .txt/.md file of a folder, in parallel and incrementally." in " ".join(top.split())
    assert "..." not in top.split("Commands:")[1]
    assert run("--version").stdout.decode("utf-8").strip() == extract.__version__
    empty = tmp_path / "empty"
    empty.mkdir()
    result = run("batch", str(empty), "-o", str(tmp_path / "out"))
    assert result.returncode == 0
    assert result.stderr.decode("utf-8").splitlines()[0] == f"wpx: warning: {empty}: no .txt, .md, .pdf, .html or .docx files to extract"


def test_document_sha256_is_the_input_files_bytes(tmp_path: Path) -> None:
    import hashlib

    src = tmp_path / "gbk.txt"
    data = GOOD_TEXT.replace("\n", "\r\n").encode("gbk")
    src.write_bytes(data)
    assert run("extract", str(src), "-o", str(tmp_path)).returncode == 0
    info = json.loads((tmp_path / "gbk.json").read_text(encoding="utf-8"))["document"]
    assert info["sha256"] == hashlib.sha256(data).hexdigest()
    assert info["text_sha256"] == hashlib.sha256(GOOD_TEXT.replace("\n", "\r\n").encode("utf-8")).hexdigest()
    piped = run("extract", "-", "--format", "jsonl", stdin=data)
    head = json.loads(piped.stdout.decode("utf-8").splitlines()[0])
    assert head["type"] == "document" and head["document"]["sha256"] == info["sha256"]
