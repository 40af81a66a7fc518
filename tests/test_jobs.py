"""-j/--jobs: worker processes give byte-identical outputs, exit codes and progress to one process.

The pool is forced on small corpora by lowering the threshold and the chunk size, so that
files, duplicates and splitting groups land in different workers' chunks.
"""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from conftest import EXAMPLES, REPO, run_cli
from govcheck import jobs, pipeline
from govcheck.output.targets import FORMATS
from govcheck.report.collect import ItemCollector
from govcheck.rulebook.loader import load_rules


def _generate(count: int, folder: Path, seed: int) -> Path:
    spec = importlib.util.spec_from_file_location("govcheck_bench_generate", REPO / "bench" / "generate.py")
    assert spec is not None and spec.loader is not None
    generate = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(generate)
    assert generate.main([str(count), str(folder), "--seed", str(seed)]) == 0
    return folder


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _generate(260, tmp_path_factory.mktemp("gen") / "corpus", 7)


NO_MEETING = """\
govcheck: 1
unit: 某区重点区域规划建设管理署
items:
  - id: {id}
    title: 物业服务采购
    category: procurement
    amount: 30万元
    proposed_by: 办公室
    counterparty: 某物业公司
    budget_item: 2023-办公-003
    procurement_method: direct
    outcome: adopted
    executed_on: {day}
"""


@pytest.fixture
def troubled(generated: Path, tmp_path: Path) -> Path:
    """A generated corpus with unreadable files, a duplicate and a splitting group far apart."""
    folder = tmp_path / "troubled"
    shutil.copytree(generated, folder)
    files = sorted(folder.glob("GEN-*.yaml"))
    shutil.copy(files[1], folder / "ZZ-copy-of-second.yaml")  # every id again, in the last chunk
    (folder / "AA-split-1.yaml").write_text(NO_MEETING.format(id="CG-2023-01", day="2023-03-01"), encoding="utf-8")
    (folder / "ZZ-split-2.yaml").write_text(NO_MEETING.format(id="CG-2023-02", day="2023-06-01"), encoding="utf-8")
    (folder / "GEN-000100.yaml").write_text("govcheck: 1\nitems: [oops\n", encoding="utf-8")  # YAML error
    files[150].write_text(
        files[150].read_text(encoding="utf-8").replace("unit:", "unit_name:", 1), encoding="utf-8"
    )  # schema errors
    return folder


@pytest.fixture
def small_pool(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """A pool even for a few files, in chunks of 3 files; records the worker counts used."""
    monkeypatch.setattr(jobs, "POOL_MIN_FILES", 0)
    monkeypatch.setattr(pipeline, "CHUNK_FILES", 3)
    used: list[int] = []
    real = jobs.run_pool

    def spy(plan: Any, observe: Any, chunks: Any, workers: int) -> Any:
        used.append(workers)
        return real(plan, observe, chunks, workers)

    monkeypatch.setattr(pipeline, "run_pool", spy)
    return used


def _outputs(folder: Path, tmp: Path, jobs_flag: str, *extra: str) -> tuple[int, dict[str, bytes]]:
    outs = tmp / f"out-j{jobs_flag}"
    outs.mkdir(exist_ok=True)
    targets = [f"{fmt}:{outs / fmt}" for fmt in FORMATS]
    args = ["validate", str(folder), "-j", jobs_flag, "--as-of", "2023-12-31", *extra]
    for target in targets:
        args += ["-o", target]
    result = run_cli(*args)
    return result.exit_code, {p.name: p.read_bytes() for p in sorted(outs.iterdir())}


@pytest.mark.parametrize("engine", ["durable", "plain"])
def test_examples_every_format_identical(engine: str, small_pool: list[int], tmp_path: Path) -> None:
    one = _outputs(EXAMPLES / "minutes", tmp_path, "1", "--engine", engine, "--explain")
    two = _outputs(EXAMPLES / "minutes", tmp_path, "2", "--engine", engine, "--explain")
    assert small_pool == [2]  # -j 1 never starts a pool; -j 2 did
    assert one[0] == two[0] == 1
    assert set(one[1]) == set(FORMATS)
    for fmt in FORMATS:
        assert one[1][fmt] == two[1][fmt], fmt


def test_generated_corpus_identical_with_default_threshold(
    generated: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    used: list[int] = []
    real = jobs.run_pool
    monkeypatch.setattr(pipeline, "run_pool", lambda p, o, c, w: used.append(w) or real(p, o, c, w))
    one = _outputs(generated, tmp_path, "1")
    two = _outputs(generated, tmp_path, "2")
    assert used == [2]  # 260 files: above the threshold, in 5 chunks
    assert one == two
    summary = json.loads(one[1]["json"])
    assert len(summary["files"]) == 260 and summary["findings"]


@pytest.mark.parametrize("engine", ["durable", "plain"])
def test_input_errors_duplicates_and_splitting_across_workers(
    engine: str, troubled: Path, tmp_path: Path, small_pool: list[int]
) -> None:
    one = _outputs(troubled, tmp_path, "1", "--engine", engine)
    two = _outputs(troubled, tmp_path, "2", "--engine", engine)
    assert small_pool == [2]
    assert one == two
    assert one[0] == 2  # input errors
    data = json.loads(one[1]["json"])
    errors = [f["path"] for f in data["files"] if f["error"]]
    assert any(p.endswith("GEN-000100.yaml") for p in errors) and len(errors) == 2
    checks = {(f["check"], f["item"]) for f in data["findings"]}
    assert {("PROC-NO-SPLITTING", "CG-2023-01"), ("PROC-NO-SPLITTING", "CG-2023-02")} <= checks
    duplicates = [f for f in data["findings"] if f["check"] == "REC-DUPLICATE-ID"]
    assert duplicates and all("ZZ-copy-of-second" in f["file"] or "GEN-000001" in f["file"] for f in duplicates)


@pytest.mark.parametrize("fail_on", ["error", "warning", "info", "never"])
def test_fail_on_same_exit_code(fail_on: str, generated: Path, small_pool: list[int]) -> None:
    codes = {
        flag: run_cli(
            "validate", str(generated), "-j", flag, "--fail-on", fail_on, "--format", "json", "--as-of", "2023-12-31"
        ).exit_code
        for flag in ("1", "2")
    }
    assert codes["1"] == codes["2"] == (0 if fail_on == "never" else 1)


@pytest.mark.parametrize("fmt", ["html", "xlsx", "md", "json"])
def test_report_identical(fmt: str, troubled: Path, tmp_path: Path, small_pool: list[int]) -> None:
    outputs = {}
    for flag in ("1", "2"):
        target = tmp_path / f"report-{flag}.{fmt}"
        result = run_cli(
            "report", str(troubled), "-o", str(target), "-j", flag, "--reproducible", "--as-of", "2023-12-31"
        )
        assert result.exit_code == 2  # input errors, report still written
        outputs[flag] = target.read_bytes()
    assert small_pool == [2]
    assert outputs["1"] == outputs["2"]


def test_baseline_identical(troubled: Path, tmp_path: Path, small_pool: list[int]) -> None:
    written = {}
    for flag in ("1", "2"):
        target = tmp_path / f"baseline-{flag}.json"
        assert run_cli("baseline", str(troubled), "-o", str(target), "-j", flag).exit_code == 2
        written[flag] = target.read_bytes()
    assert small_pool == [2]
    assert written["1"] == written["2"] and b"REC-DUPLICATE-ID" in written["1"]


def test_progress_and_report_items_same_sequence(troubled: Path, small_pool: list[int]) -> None:
    seen: dict[int, tuple[list[tuple[int, int, int]], list[Any]]] = {}
    for workers in (1, 2):
        calls: list[tuple[int, int, int]] = []
        collector = ItemCollector(load_rules())
        pipeline.check_paths(
            [str(troubled)], progress=lambda *a, calls=calls: calls.append(a), observe=collector, jobs=workers
        )
        seen[workers] = calls, collector.items
    assert small_pool == [2]
    assert seen[1] == seen[2]
    calls = seen[1][0]
    assert [c[0] for c in calls] == list(range(1, calls[-1][1] + 1))  # one call per file, in order


def test_small_runs_and_unsplittable_observers_stay_in_one_process() -> None:
    assert jobs.worker_count(None, jobs.POOL_MIN_FILES - 1) == 1
    assert jobs.worker_count(1, 10_000) == 1
    assert jobs.worker_count(8, 10_000, lambda record, facts: None) == 1
    assert jobs.worker_count(2, 10_000) == 2
    assert jobs.worker_count(64, jobs.POOL_MIN_FILES) == -(-jobs.POOL_MIN_FILES // pipeline.CHUNK_FILES)
    assert jobs.usable_cpus() >= 1


def test_jobs_must_be_positive() -> None:
    result = run_cli("validate", str(EXAMPLES / "minutes"), "-j", "0")
    assert result.exit_code == 2 and "-j" in result.output


def test_spawned_workers_as_on_windows(
    troubled: Path, tmp_path: Path, small_pool: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Windows and macOS start workers by spawn: the plan and the report's collector travel pickled."""
    import multiprocessing

    monkeypatch.setattr(pipeline, "CHUNK_FILES", 100)  # three chunks: spawned workers are slow to start
    monkeypatch.setattr(jobs, "_context", lambda: multiprocessing.get_context("spawn"))
    reports = {}
    for flag in ("1", "2"):
        target = tmp_path / f"spawn-{flag}.json"
        run_cli("report", str(troubled), "-o", str(target), "-j", flag, "--reproducible", "--as-of", "2023-12-31")
        reports[flag] = target.read_bytes()
    assert small_pool == [2]
    assert reports["1"] == reports["2"] and b"CG-2023-02" in reports["1"]


def _children(pid: int) -> list[int]:
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:  # gone meanwhile
            continue
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


def _running(pid: int) -> bool:
    """Alive and not a zombie (an orphan's zombie waits for init, which may never reap it in a container)."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


@pytest.mark.skipif(not Path("/proc/self/stat").is_file(), reason="reads processes from /proc (Linux)")
@pytest.mark.parametrize("signal_name", ["SIGTERM", "SIGKILL"])
def test_workers_end_when_the_parent_is_killed(generated: Path, signal_name: str) -> None:
    """`timeout`, `kill` or a CI runner stopping govcheck signals the parent only: its workers must not
    be left waiting for work for ever (they were: orphans sleeping on the work queue)."""
    env = {**os.environ, "PYTHONPATH": str(REPO / "src")}
    command = [sys.executable, "-m", "govcheck", "validate", str(generated), "-j", "2", "--format", "json"]
    parent = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    workers: list[int] = []
    try:
        deadline = time.monotonic() + 60
        while len(workers) < 2 and parent.poll() is None and time.monotonic() < deadline:
            time.sleep(0.02)
            workers = _children(parent.pid)
        assert len(workers) == 2, "the run used no pool"
        parent.send_signal(getattr(signal, signal_name))
        parent.wait(timeout=60)
        deadline = time.monotonic() + 10
        while any(_running(w) for w in workers) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert [w for w in workers if _running(w)] == []
    finally:  # never leave this test's own processes behind, whatever failed
        parent.kill()
        parent.wait()
        for worker in workers:
            if _running(worker):
                os.kill(worker, signal.SIGKILL)
