"""`wpx batch`: a corpus folder in, one output per good document, bad ones reported in the
manifest, nothing half-written, and a re-run that skips what has not changed."""

from __future__ import annotations

import hashlib
import json
import os
import signal
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from batch_signals import interrupt_batch
from extract.batch import BatchInterrupted, output_documents, run_batch
from extract.cli import app
from extract.output import load_document

GOOD = """2022年威海市知识产权保护状况白皮书
威海市知识产权工作领导小组办公室
(2023年4月21日)

    一、知识产权创造质量稳步提升
        2022年，全市发明专利授权量2316件，同比增长14.6%；有效发明专利拥有量9870件，同比增长17.2%。

        全市商标申请量2.84万件，核准商标注册2.11万件，马德里国际注册商标有效量达到612件。
"""

GBK_TEXT = """2022年烟台市知识产权保护状况白皮书
烟台市知识产权工作领导小组办公室
(2023年4月24日)

    一、强化知识产权行政保护
        全年查处商标侵权假冒案件186件，罚没款312.5万元，移送司法机关案件9件。
"""


def make_corpus(root: Path) -> Path:
    corpus = root / "corpus"
    corpus.mkdir()
    (corpus / "weihai-2022.txt").write_text(GOOD, encoding="utf-8")
    (corpus / "yantai-2022-gbk.txt").write_bytes(GBK_TEXT.encode("gbk"))
    (corpus / "empty.txt").write_bytes(b"")
    (corpus / "scan.txt").write_bytes(b"%PDF-1.4\x00\x01\x02\x03binary\x00" * 20)
    (corpus / "notes.csv").write_text("not,a,document\n", encoding="utf-8")  # not .txt/.md: ignored
    return corpus


def manifest(out: Path) -> dict:
    return json.loads((out / "manifest.json").read_text(encoding="utf-8"))


def by_source(out: Path) -> dict[str, dict]:
    return {e["source"]: e for e in manifest(out)["documents"]}


def no_temp_files(out: Path) -> bool:
    return not [p for p in out.rglob("*") if p.name.endswith(".tmp")]


def test_batch_extracts_good_reports_bad_and_skips_on_rerun(tmp_path: Path) -> None:
    corpus = make_corpus(tmp_path)
    out = tmp_path / "out"
    runner = CliRunner()

    result = runner.invoke(app, ["batch", str(corpus), "-o", str(out), "--jobs", "2"])
    assert result.exit_code == 1, result.output  # some failed
    entries = by_source(out)
    assert list(entries) == ["empty.txt", "scan.txt", "weihai-2022.txt", "yantai-2022-gbk.txt"]
    assert entries["weihai-2022.txt"]["status"] == "ok"
    assert entries["weihai-2022.txt"]["sha256"] == hashlib.sha256(GOOD.encode("utf-8")).hexdigest()
    assert entries["weihai-2022.txt"]["output"] == "weihai-2022.json"
    assert entries["weihai-2022.txt"]["records"]["quantity"] == 7
    assert entries["yantai-2022-gbk.txt"]["status"] == "ok"
    assert entries["empty.txt"] == {**entries["empty.txt"], "status": "failed", "error": "empty file", "output": None}
    assert entries["empty.txt"]["sha256"] == hashlib.sha256(b"").hexdigest()
    assert entries["scan.txt"]["status"] == "failed"
    assert entries["scan.txt"]["error"] == "truncated PDF (no end-of-file marker)"  # a PDF by its bytes, whatever its name
    assert manifest(out)["summary"] == {"ok": 2, "skipped": 0, "failed": 2}

    weihai = load_document(out / "weihai-2022.json")
    assert weihai.document.region == "威海市" and weihai.document.year == 2022
    assert [str(r.value) for r in weihai.records if r.type == "quantity"][:2] == ["2316", "14.6"]
    yantai = load_document(out / "yantai-2022-gbk.json")
    assert yantai.document.encoding == "gb18030"
    assert "186件" in [r.text for r in yantai.records]
    assert sorted(p.name for p in out.iterdir()) == ["manifest.json", "weihai-2022.json", "yantai-2022-gbk.json"]
    # Not a terminal here: one plain line per document, then the failures and a summary.
    assert "ok weihai-2022.txt (" in result.stderr
    assert f"wpx: error: {corpus / 'empty.txt'}: empty file" in result.stderr
    assert "batch: 2 extracted, 0 unchanged (skipped), 2 failed" in result.stderr

    stamps = {p.name: p.stat().st_mtime_ns for p in out.glob("*.json") if p.name != "manifest.json"}
    again = runner.invoke(app, ["batch", str(corpus), "-o", str(out)])
    assert again.exit_code == 1  # the bad files are retried and still bad
    entries = by_source(out)
    assert entries["weihai-2022.txt"]["status"] == "skipped"
    assert entries["yantai-2022-gbk.txt"]["status"] == "skipped"
    assert entries["weihai-2022.txt"]["records"]["quantity"] == 7  # counts carried over
    assert entries["empty.txt"]["status"] == "failed"
    assert {p.name: p.stat().st_mtime_ns for p in out.glob("*.json") if p.name != "manifest.json"} == stamps
    assert "batch: 0 extracted, 2 unchanged (skipped), 2 failed" in again.stderr

    forced = runner.invoke(app, ["batch", str(corpus), "-o", str(out), "--force"])
    assert forced.exit_code == 1
    assert by_source(out)["weihai-2022.txt"]["status"] == "ok"
    assert no_temp_files(out)


def test_all_good_exits_zero_and_output_is_what_extract_writes(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "weihai-2022.md").write_text(GOOD, encoding="utf-8")
    out = tmp_path / "out"
    assert CliRunner().invoke(app, ["batch", str(corpus), "-o", str(out)]).exit_code == 0
    single = tmp_path / "single"
    assert CliRunner().invoke(app, ["extract", str(corpus / "weihai-2022.md"), "-o", str(single)]).exit_code == 0
    assert (out / "weihai-2022.json").read_bytes() == (single / "weihai-2022.json").read_bytes()

    jsonl = tmp_path / "jsonl"
    assert CliRunner().invoke(app, ["batch", str(corpus), "-o", str(jsonl), "--format", "jsonl"]).exit_code == 0
    lines = (jsonl / "weihai-2022.jsonl").read_text(encoding="utf-8").splitlines()
    head = json.loads(lines[0])  # the document's metadata first, then one record a line
    assert (head["type"], head["document"]["region"], head["document"]["year"]) == ("document", "威海市", 2022)
    assert len(lines) == 1 + sum(by_source(jsonl)["weihai-2022.md"]["records"].values())
    assert load_document(jsonl / "weihai-2022.jsonl") == load_document(out / "weihai-2022.json")


def test_changed_content_or_metadata_is_redone(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    doc = corpus / "weihai-2022.txt"
    doc.write_text(GOOD, encoding="utf-8")
    out = tmp_path / "out"
    run_batch(corpus, out, jobs=1)
    assert by_source(out)["weihai-2022.txt"]["status"] == "ok"
    assert run_batch(corpus, out, jobs=1).entries[0]["status"] == "skipped"

    doc.write_text(GOOD.replace("2316件", "2317件"), encoding="utf-8")
    assert run_batch(corpus, out, jobs=1).entries[0]["status"] == "ok"
    assert "2317件" in (out / "weihai-2022.json").read_text(encoding="utf-8")

    # A sidecar beats the header; a CLI flag beats the sidecar; both are part of the skip key.
    (corpus / "weihai-2022.toml").write_text('region = "威海市环翠区"\nyear = 2021\n', encoding="utf-8")
    entry = run_batch(corpus, out, jobs=1).entries[0]
    assert entry["status"] == "ok" and entry["metadata"] == {"region": "威海市环翠区", "year": 2021}
    info = load_document(out / "weihai-2022.json").document
    assert (info.region, info.year) == ("威海市环翠区", 2021)
    assert run_batch(corpus, out, jobs=1).entries[0]["status"] == "skipped"
    result = CliRunner().invoke(app, ["batch", str(corpus), "-o", str(out), "--region", "威海市"])
    assert result.exit_code == 0
    info = load_document(out / "weihai-2022.json").document
    assert (info.region, info.year) == ("威海市", 2021)

    (out / "weihai-2022.json").unlink()  # a deleted output is rebuilt even if the manifest says ok
    assert run_batch(corpus, out, jobs=1, overrides={"region": "威海市"}).entries[0]["status"] == "ok"


def test_bad_sidecar_and_colliding_names_fail_one_document(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text(GOOD, encoding="utf-8")
    (corpus / "a.md").write_text(GOOD, encoding="utf-8")  # would also write a.json
    (corpus / "b.txt").write_text(GOOD, encoding="utf-8")
    (corpus / "b.toml").write_text('city = "威海市"\n', encoding="utf-8")
    result = run_batch(corpus, tmp_path / "out", jobs=2)
    entries = {e["source"]: e for e in result.entries}
    assert entries["a.md"]["status"] == "ok"
    assert entries["a.txt"] == {**entries["a.txt"], "status": "failed", "error": "output a.json would overwrite a.md"}
    assert entries["b.txt"]["status"] == "failed"
    assert entries["b.txt"]["error"].startswith("b.toml: unknown sidecar key 'city'")


def test_not_a_directory_is_a_one_line_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["batch", str(tmp_path / "nowhere"), "-o", str(tmp_path / "out")])
    assert result.exit_code == 2
    assert result.stderr == f"wpx: error: {tmp_path / 'nowhere'}: not a directory\n"


def test_interrupt_leaves_a_true_manifest_and_rerun_completes(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for i in range(6):
        (corpus / f"doc-{i}.txt").write_text(GOOD.replace("2316件", f"{2300 + i}件"), encoding="utf-8")
    out = tmp_path / "out"
    seen: list[str] = []

    def stop_after_two(entry: dict) -> None:
        seen.append(entry["source"])
        if len(seen) == 2:
            raise KeyboardInterrupt

    with pytest.raises(BatchInterrupted) as stopped:
        run_batch(corpus, out, jobs=1, on_entry=stop_after_two)
    recorded = by_source(out)
    assert set(seen) <= set(recorded)
    for source, entry in recorded.items():
        assert entry["status"] == "ok"
        assert load_document(out / entry["output"]).document.source == source
    written = {p.name for p in out.glob("doc-*.json")}
    assert written == {e["output"] for e in recorded.values()}  # no output the manifest does not know
    assert no_temp_files(out)
    assert stopped.value.result.count("ok") == len(recorded)

    result = run_batch(corpus, out, jobs=2)
    assert {e["status"] for e in result.entries} <= {"ok", "skipped"}
    assert result.count("skipped") == len(recorded) and len(result.entries) == 6


def test_sigterm_mid_batch_leaves_whole_files(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    real = Path(__file__).resolve().parents[1] / "corpus" / "qingdao-ip-2021.txt"
    text = real.read_text(encoding="utf-8")
    for i in range(40):  # distinct content, so none is a copy of another
        (corpus / f"paper-{i:02d}.txt").write_text(text + f"\n附：第{i}号测试副本。\n", encoding="utf-8")
    out = tmp_path / "out"
    returncode, err = interrupt_batch(corpus, out, signal.SIGTERM, "paper-*.json")
    assert returncode == 130, err.decode()
    assert b"interrupted" in err and b"Traceback" not in err
    entries = by_source(out)
    assert 0 < len(entries) < 40
    for entry in entries.values():
        assert entry["status"] == "ok"
        load_document(out / entry["output"])  # every recorded output is whole and valid
    # The signal only sets a flag the loop reads between documents: every output on disk is
    # in the manifest (none written in the instant before the signal and left unrecorded).
    assert {p.name for p in out.glob("paper-*.json")} == {e["output"] for e in entries.values()}
    assert no_temp_files(out)

    rerun = CliRunner().invoke(app, ["batch", str(corpus), "-o", str(out), "--jobs", "2"])
    assert rerun.exit_code == 0, rerun.output
    assert f"batch: {40 - len(entries)} extracted, {len(entries)} unchanged (skipped), 0 failed" in rerun.stderr


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")
def test_sigint_mid_batch_records_every_whole_output_and_rerun_finishes(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    real = Path(__file__).resolve().parents[1] / "corpus" / "qingdao-ip-2021.txt"
    text = real.read_text(encoding="utf-8")
    for i in range(30):
        (corpus / f"report-{i:02d}.txt").write_text(text.replace("10210", str(10210 + i)), encoding="utf-8")
    out = tmp_path / "out"
    returncode, err = interrupt_batch(corpus, out, signal.SIGINT, "report-*.json")
    assert returncode == 130, err.decode()
    assert b"batch: interrupted" in err and b"Traceback" not in err
    entries = by_source(out)
    written = sorted(out.glob("report-*.json"))
    assert 0 < len(written) <= 30
    assert {p.name for p in written} == {e["output"] for e in entries.values()}  # all recorded
    for path in written:  # whole, valid documents only
        assert load_document(path).document.source == path.with_suffix(".txt").name
    assert no_temp_files(out)

    rerun = CliRunner().invoke(app, ["batch", str(corpus), "-o", str(out), "--jobs", "2"])
    assert rerun.exit_code == 0, rerun.output
    assert f"batch: {30 - len(entries)} extracted, {len(entries)} unchanged (skipped), 0 failed" in rerun.stderr
    assert len(list(out.glob("report-*.json"))) == 30


def test_output_documents_follow_the_manifest(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "weihai-2022.txt").write_text(GOOD, encoding="utf-8")
    out = tmp_path / "out"
    run_batch(corpus, out, jobs=1)
    (out / "left-over.json").write_text("{}", encoding="utf-8")  # not in the manifest: ignored
    assert [p.name for p in output_documents(out)] == ["weihai-2022.json"]
    os.remove(out / "manifest.json")
    assert [p.name for p in output_documents(out)] == ["left-over.json", "weihai-2022.json"]


def test_synthetic_corpus_is_marked_and_batches(tmp_path: Path) -> None:
    corpus = Path(__file__).resolve().parents[1] / "corpus"
    synthetic = sorted(corpus.glob("synthetic-*.txt"))
    assert [p.name for p in synthetic] == ["synthetic-qingdao-ip-2019.txt", "synthetic-qingdao-ip-2020.txt"]
    for path in synthetic:
        assert "（合成测试文档）" in path.read_text(encoding="utf-8").splitlines()[0]
    result = run_batch(corpus, tmp_path / "out", jobs=2)
    assert result.count("ok") == 3 and not result.failed
    years = {load_document(p).document.year for p in output_documents(tmp_path / "out")}
    assert years == {2019, 2020, 2021}
