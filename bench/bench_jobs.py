#!/usr/bin/env python3
"""Ratios measured in one run: validate -j 1 and -j 2 against the parse floor, peak memory, one file vs yamllint.

Usage::

    python bench/bench_jobs.py [--n 5000] [--rounds 3] [--rss-items 0] [--seed 0]

All timings of one round are interleaved (parse floor, -j 1, -j 2), so load from elsewhere on a
shared machine hits them alike; the table gives the median ratio of the rounds. ``--rss-items K``
also writes K/2 records and reports the peak memory of every validate and report format with
``-j 1`` and ``-j 2``: the parent's own maximum RSS (``os.wait4``) and, with workers, the largest
sum of the RSS of the parent and its workers seen while it runs (sampled from /proc every 20 ms;
fork shares pages, so the sum over-counts). Linux only (``/proc``, ``os.wait4``). ``yamllint`` is
timed when it is installed (a bench-only tool, not a govcheck dependency).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
GOVCHECK = [sys.executable, "-m", "govcheck"]
PAGE_KIB = os.sysconf("SC_PAGE_SIZE") // 1024


def _tree_kib(root: int) -> tuple[int, int]:
    """(RSS, PSS) of ``root`` and its descendants (workers), from /proc, in KiB.

    The RSS sum counts every page a forked worker shares with the parent twice; PSS divides each
    shared page among the processes that map it, so its sum is what the tree really holds."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as stat:
                    fields = stat.read().rsplit(")", 1)[1].split()
                children.setdefault(int(fields[1]), []).append(int(entry))
            except OSError:
                continue
    rss = pss = 0
    todo = [root]
    while todo:
        pid = todo.pop()
        try:
            with open(f"/proc/{pid}/statm") as statm:
                rss += int(statm.read().split()[1]) * PAGE_KIB
            with open(f"/proc/{pid}/smaps_rollup") as rollup:
                pss += next(int(line.split()[1]) for line in rollup if line.startswith("Pss:"))
        except (OSError, StopIteration):
            pass
        todo += children.get(pid, [])
    return rss, pss


def run(cmd: list[str], cwd: Path, sample: bool = False) -> tuple[float, int, int, int, int]:
    """(seconds, exit code, own max RSS KiB, peak tree RSS KiB, peak tree PSS KiB).

    The tree is sampled only with ``sample``: reading /proc (smaps_rollup walks the page tables)
    every 20 ms takes CPU and the child's memory lock, which would slow the runs being timed."""
    peak = [0, 0]
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    done = threading.Event()

    def sample_tree() -> None:
        while not done.wait(0.02):
            rss, pss = _tree_kib(proc.pid)
            peak[0], peak[1] = max(peak[0], rss), max(peak[1], pss)

    sampler = threading.Thread(target=sample_tree, daemon=True)
    if sample:
        sampler.start()
    _pid, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    done.set()
    if sample:
        sampler.join()
    return elapsed, os.waitstatus_to_exitcode(status), usage.ru_maxrss, peak[0], peak[1]


def parse_floor(files: list[Path]) -> float:
    start = time.perf_counter()
    for path in files:
        with open(path, "rb") as handle:
            yaml.load(handle, Loader=yaml.CSafeLoader)
    return time.perf_counter() - start


def generate(n: int, folder: Path, seed: int) -> None:
    subprocess.run(
        [sys.executable, str(HERE / "generate.py"), str(n), str(folder), "--seed", str(seed)],
        check=True,
        stdout=subprocess.DEVNULL,
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=5000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--rss-items", type=int, default=0)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--one-file-runs", type=int, default=7)
    parser.add_argument(
        "--rss-only",
        default="",
        metavar="CASES",
        help="comma-separated subset of the memory cases, e.g. 'validate json,report html'",
    )
    parser.add_argument(
        "--rss-records",
        type=Path,
        metavar="DIR",
        help="measure memory on the records already in DIR (from generate.py) instead of writing new ones",
    )
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="govcheck-bench-") as temp:
        scratch = Path(temp)
        folder = scratch / "records"
        if args.rounds or args.one_file_runs:
            generate(args.n, folder, args.seed)
        files = sorted(folder.glob("GEN-*.yaml"))
        print(f"load average {os.getloadavg()[0]:.2f}, {os.cpu_count()} CPUs, N={args.n}", file=sys.stderr)
        rows: dict[str, list[float]] = {"floor": [], "j1": [], "j2": []}
        for round_no in range(args.rounds):
            rows["floor"].append(parse_floor(files))
            for jobs in ("1", "2"):
                seconds, code, *_usage = run(
                    [
                        *GOVCHECK,
                        "validate",
                        str(folder),
                        "--format",
                        "json",
                        "-j",
                        jobs,
                        "-o",
                        str(scratch / "out.json"),
                    ],
                    scratch,
                )
                if code not in (0, 1):
                    print(f"validate -j {jobs} exited {code}", file=sys.stderr)
                    return 2
                rows[f"j{jobs}"].append(seconds)
            print(f"round {round_no + 1}: " + ", ".join(f"{k} {v[-1]:.2f} s" for k, v in rows.items()), file=sys.stderr)
        if args.rounds:
            _print_ratios(args, rows)
        if args.one_file_runs:
            _one_file(files[0], args.one_file_runs, scratch)
        if args.rss_items or args.rss_records:
            big = args.rss_records or scratch / "big"
            if not args.rss_records:
                generate(args.rss_items // 2, big, args.seed)
            return _memory(big, scratch, args.rss_only)
    return 0


def _print_ratios(args: argparse.Namespace, rows: dict[str, list[float]]) -> None:
    ratios = {k: statistics.median(a / f for a, f in zip(rows[k], rows["floor"], strict=True)) for k in ("j1", "j2")}
    print(f"\nvalidate {args.n} records, median of {args.rounds} interleaved rounds")
    print("| measure | seconds (median) | / parse floor |\n|---|---|---|")
    print(f"| parse floor (CSafeLoader) | {statistics.median(rows['floor']):.2f} | 1.00 |")
    for k in ("j1", "j2"):
        print(f"| validate --format json -j {k[1]} | {statistics.median(rows[k]):.2f} | {ratios[k]:.2f} |")


def _one_file(one: Path, runs: int, scratch: Path) -> None:
    lint = shutil.which("yamllint") or str(Path(sys.executable).parent / "yamllint")
    commands = {
        "govcheck": [*GOVCHECK, "validate", str(one)],
        "yamllint": [lint, str(one)],
        "python -c pass": [sys.executable, "-c", "pass"],
    }
    if not os.path.exists(lint):
        del commands["yamllint"]
    times: dict[str, list[float]] = {name: [] for name in commands}
    for command in commands.values():
        run(command, scratch)  # warm-up
    for _ in range(runs):
        for name, command in commands.items():
            times[name].append(run(command, scratch)[0])
    print(f"\none file, median of {runs} interleaved runs")
    print("| command | seconds | / yamllint |\n|---|---|---|")
    base = statistics.median(times["yamllint"]) if "yamllint" in times else None
    for name, values in times.items():
        ratio = f"{statistics.median(values) / base:.2f}" if base else "—"
        print(f"| {name} | {statistics.median(values):.3f} | {ratio} |")


def _memory(big: Path, scratch: Path, only: str) -> int:
    records = sum(1 for _ in big.glob("GEN-*.yaml"))
    print(f"\npeak memory at {records} records, MiB", flush=True)
    print("| command | -j 1 | -j 2 parent | -j 2 RSS sum | -j 2 PSS sum |\n|---|---|---|---|---|")
    cases = [
        ("validate", f, [f"--format={f}", "-o", str(scratch / f"v.{f}")])
        for f in ("text", "json", "sarif", "junit", "github")
    ]
    cases += [
        ("report", f, ["-o", str(scratch / f"r.{f}"), "--reproducible", "--as-of", "2023-12-31"])
        for f in ("html", "xlsx", "md", "json")
    ]
    wanted = {c.strip() for c in only.split(",") if c.strip()}
    for command, fmt, extra in cases:
        if wanted and f"{command} {fmt}" not in wanted:
            continue
        cells = []
        for jobs in ("1", "2"):
            _s, code, own, tree, tree_pss = run(
                [*GOVCHECK, command, str(big), "-j", jobs, *extra], scratch, sample=True
            )
            if code not in (0, 1):
                print(f"{command} {fmt} -j {jobs} exited {code}", file=sys.stderr)
                return 2
            cells += [own / 1024] if jobs == "1" else [own / 1024, tree / 1024, tree_pss / 1024]
        print(f"| {command} {fmt} | " + " | ".join(f"{c:.0f}" for c in cells) + " |", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
