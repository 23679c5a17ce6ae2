"""The CLI wraps the library: each command is documented in the README and behaves on bad input."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

from typer.testing import CliRunner

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
