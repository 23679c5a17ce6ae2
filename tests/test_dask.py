"""`wpx batch --dask ADDRESS`: the same per-document function on a real Dask cluster writes
the same outputs and manifest as the local process pool."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

distributed = pytest.importorskip(
    "distributed", reason="the [dask] extra (dask[distributed]) is not installed; skipping the Dask tests"
)

from test_batch import make_corpus  # noqa: E402

from extract.batch import run_batch  # noqa: E402
from extract.cli import app  # noqa: E402


def _without_timings(out: Path) -> dict:
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    for entry in manifest["documents"]:
        entry.pop("seconds")
    return manifest


@pytest.fixture(scope="module")
def cluster():
    with distributed.LocalCluster(n_workers=1, threads_per_worker=2, processes=True,
                                  dashboard_address=None) as local:
        yield local


def test_dask_batch_matches_the_local_pool(tmp_path: Path, cluster) -> None:
    corpus = make_corpus(tmp_path)
    local_out, dask_out = tmp_path / "local", tmp_path / "dask"
    run_batch(corpus, local_out, jobs=2)
    result = run_batch(corpus, dask_out, dask_address=cluster.scheduler_address)

    assert [(e["source"], e["status"]) for e in result.entries] == [
        ("empty.txt", "failed"), ("scan.txt", "failed"), ("weihai-2022.txt", "ok"), ("yantai-2022-gbk.txt", "ok"),
    ]
    for name in ("weihai-2022.json", "yantai-2022-gbk.json"):
        assert (dask_out / name).read_bytes() == (local_out / name).read_bytes()
    local_manifest, dask_manifest = _without_timings(local_out), _without_timings(dask_out)
    local_manifest.pop("input_dir"), dask_manifest.pop("input_dir")
    assert dask_manifest == local_manifest

    # Incremental on the cluster too.
    again = run_batch(corpus, dask_out, dask_address=cluster.scheduler_address)
    assert [e["status"] for e in again.entries] == ["failed", "failed", "skipped", "skipped"]


def test_cli_dask_flag(tmp_path: Path, cluster) -> None:
    corpus = make_corpus(tmp_path)
    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["batch", str(corpus), "-o", str(out), "--dask", cluster.scheduler_address])
    assert result.exit_code == 1, result.output
    assert "batch: 2 extracted, 0 unchanged (skipped), 2 failed" in result.stderr
    assert (out / "weihai-2022.json").is_file()


def test_unreachable_scheduler_is_a_one_line_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("extract.dask_runner.CONNECT_TIMEOUT", "1s")
    corpus = make_corpus(tmp_path)
    result = CliRunner().invoke(app, ["batch", str(corpus), "-o", str(tmp_path / "out"),
                                      "--dask", "tcp://127.0.0.1:9"])
    assert result.exit_code == 2
    assert result.stderr.startswith("wpx: error: tcp://127.0.0.1:9: cannot connect to the Dask scheduler")
    assert "Traceback" not in result.output


def test_bad_address_fails_fast_naming_it(tmp_path: Path) -> None:
    import time

    corpus = make_corpus(tmp_path)
    for address, words in (("tcp://127.0.0.1:9", "cannot connect to the Dask scheduler"),
                           ("tcp://127.0.0.1:notaport", "not a Dask scheduler address")):
        started = time.monotonic()
        result = CliRunner().invoke(app, ["batch", str(corpus), "-o", str(tmp_path / "out"), "--dask", address])
        assert result.exit_code == 2
        assert result.stderr.startswith(f"wpx: error: {address}: {words}") and len(result.stderr.splitlines()) == 1
        assert time.monotonic() - started < 8  # not Dask's own retries


def test_scheduler_without_workers_says_it_waits_then_times_out(tmp_path: Path) -> None:
    corpus = make_corpus(tmp_path)
    with distributed.LocalCluster(n_workers=0, processes=True, host="127.0.0.1", dashboard_address=":0") as empty:
        address = empty.scheduler_address
        result = CliRunner().invoke(app, ["batch", str(corpus), "-o", str(tmp_path / "out"), "--dask", address,
                                          "--timeout", "1"])
    assert result.exit_code == 2, result.output
    assert result.stderr.splitlines() == [
        f"batch: the Dask scheduler at {address} has no workers; waiting up to 1 s for one (--timeout)",
        f"wpx: error: {address}: no Dask worker joined the scheduler within 1 s",
    ]
