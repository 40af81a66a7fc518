#!/usr/bin/env python3
"""Benchmark ``govcheck validate`` against the bare cost of parsing the same YAML.

Usage::

    python bench/bench_validate.py [--n 5000] [--seed 0] [--keep DIR] [--json OUT]

One run:

1. writes N synthetic records and their govcheck.yaml with ``bench/generate.py`` into a
   temporary directory (or into ``--keep DIR``, which is kept);
2. times the *parse floor*: ``yaml.load(f, Loader=yaml.CSafeLoader)`` over every record file,
   opened in binary mode, in this process (best of ``--repeat``);
3. times ``govcheck validate DIR --format json -o FILE`` as a subprocess (best of
   ``--repeat``; its maximum RSS is taken from ``os.wait4``), and ``check_paths`` in this
   process, to separate interpreter start-up and output from the checking itself;
4. times the cold start of validating one file, ``govcheck validate ONEFILE`` as a
   subprocess (median of ``--cold-runs``);
5. prints a table and, with ``--json OUT``, writes the numbers and the machine.

The three timed passes are interleaved (floor, subprocess, in-process; floor, …) so that a
burst of load from elsewhere on the machine hits all of them alike. The validate run is
checked before any number is shown: exit code, file count equal to N, no unreadable file,
item count equal to the items the plain YAML parse finds, findings present when violations
were injected, and the in-process run agreeing with the subprocess. A broken run exits 2.

Targets (issue 14): validate / parse floor <= 1.3 at N=5000 (one core), and cold start <= 0.15 s. Missing a target
is reported, not fatal, unless ``--strict`` is given (then the exit code is 1).
POSIX only (``os.wait4``). See bench/README.md.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import yaml

BENCH_DIR = Path(__file__).resolve().parent
REPO_DIR = BENCH_DIR.parent
GENERATE = BENCH_DIR / "generate.py"

RATIO_TARGET = 1.3
COLD_START_TARGET_S = 0.15
SETTINGS_NAMES = ("govcheck.yaml", ".govcheck.yaml")


class BenchError(Exception):
    """The run is broken: its numbers must not be reported."""


@dataclass
class ChildRun:
    """One finished subprocess: wall time, exit code and the kernel's resource usage."""

    seconds: float
    returncode: int
    max_rss_kib: int
    user_s: float
    sys_s: float
    stderr: str


@dataclass
class Summary:
    files: int
    items: int
    findings: int
    errors: int
    warnings: int
    unreadable: int


@dataclass
class Report:
    n: int
    seed: int
    injected: int
    record_bytes: int
    summary: Summary
    parse_floor_s: list[float] = field(default_factory=list)
    validate_s: list[float] = field(default_factory=list)
    validate_cpu_s: list[float] = field(default_factory=list)
    validate_max_rss_kib: list[int] = field(default_factory=list)
    in_process_s: list[float] = field(default_factory=list)
    render_json_s: float = 0.0
    import_s: float = 0.0
    cold_start_s: list[float] = field(default_factory=list)
    cold_start_max_rss_kib: int = 0
    python_start_s: list[float] = field(default_factory=list)


# --------------------------------------------------------------------------- helpers


def rss_kib(raw: int) -> int:
    """``ru_maxrss`` is in KiB on Linux and in bytes on macOS."""
    return raw // 1024 if sys.platform == "darwin" else raw


def run_child(cmd: Sequence[str], stdout: Path | None = None, cwd: Path | None = None) -> ChildRun:
    """Run ``cmd`` to completion; time it and read its own rusage (not that of all children)."""
    with open(stdout if stdout is not None else os.devnull, "wb") as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(list(cmd), stdout=out, stderr=err, cwd=cwd)
        _pid, status, usage = os.wait4(proc.pid, 0)
        elapsed = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        err.seek(0)
        message = err.read().decode("utf-8", "replace")
    return ChildRun(elapsed, proc.returncode, rss_kib(usage.ru_maxrss), usage.ru_utime, usage.ru_stime, message)


def govcheck_command() -> list[str]:
    """The console script next to this interpreter, else on PATH, else ``python -m govcheck``."""
    beside = Path(sys.executable).parent / "govcheck"
    if beside.is_file() and os.access(beside, os.X_OK):
        return [str(beside)]
    found = shutil.which("govcheck")
    return [found] if found else [sys.executable, "-m", "govcheck"]


def record_files(folder: Path) -> list[Path]:
    """The files validate reads as records: every *.yaml/*.yml except settings and hidden ones."""
    return sorted(
        p
        for p in folder.rglob("*")
        if p.suffix in (".yaml", ".yml") and p.name not in SETTINGS_NAMES and not p.name.startswith(".")
    )


def count_injected(files: list[Path]) -> int:
    """Files that generate.py marked as meant to trigger findings (header comment)."""
    marker = "预期问题 / injected:".encode()
    count = 0
    for path in files:
        with open(path, "rb") as handle:
            head = handle.read(512)
        count += marker in head
    return count


def parse_floor(files: list[Path]) -> tuple[float, int]:
    """Seconds to yaml.load every file with libyaml, and the number of items found."""
    loader: Any = yaml.CSafeLoader
    items = 0
    start = time.perf_counter()
    for path in files:
        with open(path, "rb") as handle:
            document = yaml.load(handle, Loader=loader)
        items += len(document.get("items") or ())
    return time.perf_counter() - start, items


def summary_of(document: Any) -> Summary:
    """The counts of a ``--format json`` document; BenchError if it is not one."""
    try:
        s = document["summary"]
        unreadable = sum(1 for f in document["files"] if f.get("error"))
        return Summary(s["files"], s["items"], s["findings"], s["errors"], s["warnings"], unreadable)
    except (KeyError, TypeError, AttributeError) as exc:
        raise BenchError(f"the validate output is not the expected JSON document ({exc!r})") from exc


def check_summary(summary: Summary, n: int, items: int, injected: int, where: str) -> None:
    problems = []
    if summary.files != n:
        problems.append(f"{summary.files} files checked, expected {n}")
    if summary.unreadable:
        problems.append(f"{summary.unreadable} files could not be read")
    if summary.items != items:
        problems.append(f"{summary.items} items checked, the plain YAML parse finds {items}")
    if not n <= summary.items <= 4 * n:
        problems.append(f"{summary.items} items for {n} records (generate.py writes 1-4 per record)")
    if injected and summary.findings == 0:
        problems.append(f"no findings although {injected} files carry injected violations")
    if problems:
        raise BenchError(f"{where}: " + "; ".join(problems))


def timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    start = time.perf_counter()
    value = fn()
    return time.perf_counter() - start, value


def machine_info() -> dict[str, Any]:
    from govcheck import __version__
    from govcheck.loading import yamlsource

    try:
        affinity: int | None = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        affinity = None
    try:
        commit = subprocess.run(
            ["git", "-C", str(REPO_DIR), "rev-parse", "--short", "HEAD"], capture_output=True, text=True, check=True
        ).stdout.strip()
        dirty = bool(
            subprocess.run(
                ["git", "-C", str(REPO_DIR), "status", "--porcelain", "--", "src", "rules"],
                capture_output=True,
                text=True,
                check=True,
            ).stdout.strip()
        )
    except (OSError, subprocess.CalledProcessError):
        commit, dirty = None, None
    return {
        "cpu_count": os.cpu_count(),
        "cpus_usable": affinity,
        "platform": platform.platform(),
        "machine": platform.machine(),
        "python": platform.python_version(),
        "python_implementation": platform.python_implementation(),
        "pyyaml": yaml.__version__,
        "libyaml": bool(yaml.__with_libyaml__),
        "govcheck_loader": getattr(getattr(yamlsource, "_Loader", None), "__name__", None),
        "govcheck": __version__,
        "git_commit": commit,
        "src_dirty": dirty,
        "pythondontwritebytecode": bool(os.environ.get("PYTHONDONTWRITEBYTECODE")),
        "loadavg_1m": os.getloadavg()[0] if hasattr(os, "getloadavg") else None,
    }


# --------------------------------------------------------------------------- the run


def generate(n: int, folder: Path, seed: int) -> None:
    proc = subprocess.run(
        [sys.executable, str(GENERATE), str(n), str(folder), "--seed", str(seed)], capture_output=True, text=True
    )
    if proc.returncode != 0:
        raise BenchError(f"generate.py failed ({proc.returncode}): {proc.stderr.strip()}")


def bench(n: int, seed: int, folder: Path, scratch: Path, repeat: int, cold_runs: int) -> Report:
    print(f"generating {n} records (seed {seed}) in {folder} …", file=sys.stderr)
    generate(n, folder, seed)
    files = record_files(folder)
    if len(files) != n:
        raise BenchError(f"{len(files)} record files in {folder}, expected {n}")
    injected = count_injected(files)
    record_bytes = sum(p.stat().st_size for p in files)

    govcheck = govcheck_command()
    out_json = scratch / "validate.json"
    # -o /dev/null is NOT used: write_output() writes a temp file beside the target and
    # os.replace()s it, which (as root) would turn /dev/null into a regular file.
    validate_cmd = [*govcheck, "validate", str(folder), "--format", "json", "-j", "1", "-o", str(out_json)]  # one core

    import_s, pipeline = timed(lambda: __import__("govcheck.pipeline", fromlist=["check_paths"]))
    from govcheck.output import formatter

    check_paths = pipeline.check_paths
    report: Report | None = None
    floor_items = 0
    for round_no in range(repeat):
        print(f"round {round_no + 1}/{repeat}: parse floor, validate subprocess, check_paths …", file=sys.stderr)
        gc.collect()
        floor, floor_items = parse_floor(files)

        if out_json.exists():
            out_json.unlink()
        child = run_child(validate_cmd, cwd=scratch)
        if child.returncode not in (0, 1):
            raise BenchError(f"govcheck validate exited {child.returncode}: {child.stderr.strip()[-2000:]}")
        expected_rc = 1 if injected else 0
        if child.returncode != expected_rc:
            raise BenchError(f"govcheck validate exited {child.returncode}, expected {expected_rc}")
        try:
            document = json.loads(out_json.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise BenchError(f"cannot read the validate output {out_json}: {exc}") from exc
        summary = summary_of(document)
        check_summary(summary, n, floor_items, injected, "govcheck validate")
        if report is None:
            report = Report(n, seed, injected, record_bytes, summary)
        elif summary != report.summary:
            raise BenchError(f"validate runs disagree: {summary} vs {report.summary}")

        gc.collect()
        in_process, result = timed(lambda: check_paths([str(folder)], jobs=1, explain=False))  # as validate runs
        mine = Summary(
            len(result.files),
            result.item_count,
            len(result.findings),
            sum(1 for f in result.findings if f.severity == "error" and not f.waived),
            sum(1 for f in result.findings if f.severity == "warning" and not f.waived),
            sum(1 for f in result.files if f.errors),
        )
        if mine != report.summary:
            raise BenchError(f"check_paths disagrees with the subprocess: {mine} vs {report.summary}")
        if round_no == 0:
            start = time.perf_counter()
            formatter("json")(result, "zh")
            report.render_json_s = time.perf_counter() - start
        del result

        report.parse_floor_s.append(floor)
        report.validate_s.append(child.seconds)
        report.validate_cpu_s.append(child.user_s + child.sys_s)
        report.validate_max_rss_kib.append(child.max_rss_kib)
        report.in_process_s.append(in_process)
    assert report is not None
    report.import_s = import_s

    one = files[0]
    print(f"cold start: govcheck validate {one.name} ×{cold_runs} …", file=sys.stderr)
    run_child(
        [*govcheck, "validate", str(one)], cwd=scratch
    )  # untimed warm-up: page cache, and .pyc files unless PYTHONDONTWRITEBYTECODE
    for _ in range(cold_runs):
        child = run_child([*govcheck, "validate", str(one)], cwd=scratch)
        if child.returncode not in (0, 1):
            raise BenchError(f"govcheck validate {one} exited {child.returncode}: {child.stderr.strip()[-2000:]}")
        report.cold_start_s.append(child.seconds)
        report.cold_start_max_rss_kib = max(report.cold_start_max_rss_kib, child.max_rss_kib)
        report.python_start_s.append(run_child([sys.executable, "-c", "pass"]).seconds)
    return report


# --------------------------------------------------------------------------- output


def results(report: Report) -> dict[str, Any]:
    floor = min(report.parse_floor_s)
    validate = min(report.validate_s)
    in_process = min(report.in_process_s)
    cold = statistics.median(report.cold_start_s)
    ratio = validate / floor
    return {
        "records_per_s": report.n / validate,
        "items_per_s": report.summary.items / validate,
        "records_per_s_in_process": report.n / in_process,
        "parse_floor_s": floor,
        "parse_floor_records_per_s": report.n / floor,
        "validate_s": validate,
        "in_process_s": in_process,
        "ratio": ratio,
        "ratio_in_process": in_process / floor,
        # The smallest of the rounds: a child's ru_maxrss also counts the pages it shared with this process
        # when it was forked, and this process holds the in-process run's result from the first round on.
        "peak_rss_mib": min(report.validate_max_rss_kib) / 1024,
        "cold_start_s": cold,
        "python_start_s": statistics.median(report.python_start_s),
        "targets": {"ratio_max": RATIO_TARGET, "cold_start_max_s": COLD_START_TARGET_S},
        "met": {"ratio": ratio <= RATIO_TARGET, "cold_start": cold <= COLD_START_TARGET_S},
    }


def table(report: Report, res: dict[str, Any], machine: dict[str, Any]) -> str:
    def mark(ok: bool) -> str:
        return "ok" if ok else "MISSED"

    s = report.summary
    rows = [
        (
            "records",
            f"{report.n} ({report.injected} with injected violations), "
            f"{report.record_bytes / 1024 / 1024:.1f} MiB, seed {report.seed}",
        ),
        (
            "validate summary",
            f"{s.files} files, {s.items} items, {s.findings} findings ({s.errors} errors, {s.warnings} warnings)",
        ),
        ("parse floor (libyaml)", f"{res['parse_floor_s']:.3f} s   {res['parse_floor_records_per_s']:,.0f} records/s"),
        (
            "validate (subprocess)",
            f"{res['validate_s']:.3f} s   {res['records_per_s']:,.0f} records/s   {res['items_per_s']:,.0f} items/s",
        ),
        ("check_paths (in-process)", f"{res['in_process_s']:.3f} s   {res['records_per_s_in_process']:,.0f} records/s"),
        ("  + render json (once)", f"{report.render_json_s:.3f} s"),
        ("ratio validate / floor", f"{res['ratio']:.2f}   target <= {RATIO_TARGET}  {mark(res['met']['ratio'])}"),
        ("ratio in-process / floor", f"{res['ratio_in_process']:.2f}"),
        ("peak RSS (validate)", f"{res['peak_rss_mib']:.1f} MiB"),
        (
            "cold start, one file",
            f"{res['cold_start_s']:.3f} s (median of {len(report.cold_start_s)})   "
            f"target <= {COLD_START_TARGET_S} s  {mark(res['met']['cold_start'])}",
        ),
        ("  python -c pass", f"{res['python_start_s']:.3f} s"),
        (
            "machine",
            f"{machine['cpu_count']} cpus, Python {machine['python']}, "
            f"libyaml {'yes' if machine['libyaml'] else 'NO'} (govcheck uses {machine['govcheck_loader']})"
            + (f", load {load:.2f}" if (load := machine["loadavg_1m"]) is not None else ""),
        ),
    ]
    width = max(len(name) for name, _ in rows)
    runs = (
        f"runs: floor {', '.join(f'{t:.3f}' for t in report.parse_floor_s)}; "
        f"validate {', '.join(f'{t:.3f}' for t in report.validate_s)}; "
        f"in-process {', '.join(f'{t:.3f}' for t in report.in_process_s)}"
    )
    return "\n".join([*(f"{name:<{width}}  {value}" for name, value in rows), runs])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Benchmark govcheck validate against the libyaml parse floor.")
    parser.add_argument("--n", type=int, default=5000, help="number of records (default 5000)")
    parser.add_argument("--seed", type=int, default=0, help="generator seed (default 0)")
    parser.add_argument("--keep", type=Path, metavar="DIR", help="generate into DIR (new or empty) and keep it")
    parser.add_argument("--json", type=Path, metavar="OUT", help="write the numbers as JSON to OUT")
    parser.add_argument("--repeat", type=int, default=3, help="timed rounds; the best is reported (default 3)")
    parser.add_argument("--cold-runs", type=int, default=5, help="one-file runs; the median is reported (default 5)")
    parser.add_argument("--strict", action="store_true", help="exit 1 when a target is missed")
    args = parser.parse_args(argv)
    if args.n < 1:
        parser.error("--n must be at least 1")
    if args.repeat < 1 or args.cold_runs < 1:
        parser.error("--repeat and --cold-runs must be at least 1")
    if not hasattr(os, "wait4"):
        parser.error("this benchmark needs a POSIX system (os.wait4)")
    if args.keep is not None and args.keep.exists() and (not args.keep.is_dir() or any(args.keep.iterdir())):
        parser.error(f"--keep {args.keep}: choose a new or empty directory")

    with tempfile.TemporaryDirectory(prefix="govcheck-bench-") as temp:
        scratch = Path(temp)
        folder = args.keep.resolve() if args.keep is not None else scratch / "records"
        try:
            report = bench(args.n, args.seed, folder, scratch, args.repeat, args.cold_runs)
        except BenchError as exc:
            print(f"bench_validate: broken run, no numbers: {exc}", file=sys.stderr)
            return 2
    machine = machine_info()
    res = results(report)
    print(table(report, res, machine))
    if args.json is not None:
        document = {"benchmark": "govcheck validate", **res, "machine": machine, "raw": asdict(report)}
        args.json.write_text(json.dumps(document, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        print(f"wrote {args.json}", file=sys.stderr)
    if args.strict and not all(res["met"].values()):
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
