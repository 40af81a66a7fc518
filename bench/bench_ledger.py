#!/usr/bin/env python3
"""Reading an Excel ledger against reading the same items as YAML records: time and peak memory.

Usage::

    python bench/bench_ledger.py [--items 10000] [--rounds 3] [--seed 0]

Writes about ``--items`` items as YAML records (bench/generate.py), exports them as one
ledger with ``govcheck ledger export`` (one row per item, meetings on several rows), checks
both give the same findings (check, item, severity), then times ``govcheck validate`` on each,
``-j 1``, interleaved over ``--rounds`` rounds (median), with the peak RSS of the process
(``os.wait4``). Linux only. The ledger is read with openpyxl in read-only mode and its merged
cells streamed from the sheet XML, so memory should not grow with rows beyond what the
records themselves need.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
GOVCHECK = [sys.executable, "-m", "govcheck"]


def run(cmd: list[str], cwd: Path) -> tuple[float, int, bytes]:
    """Wall seconds, peak RSS in KiB, stdout."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    assert proc.stdout is not None
    out = proc.stdout.read()
    _pid, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) not in (0, 1):
        raise SystemExit(f"{' '.join(cmd)} failed: exit {os.waitstatus_to_exitcode(status)}")
    return elapsed, usage.ru_maxrss, out


def findings(out: bytes) -> list[tuple[str, str, str]]:
    return sorted((f["check"], f["item"], f["severity"]) for f in json.loads(out)["findings"])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    sys.path.insert(0, str(HERE))
    from generate import generate  # bench/generate.py

    with tempfile.TemporaryDirectory(prefix="govcheck-ledger-bench-") as tmp:
        root = Path(tmp)
        minutes = root / "minutes"
        files = max(1, round(args.items / 2))  # generate.py averages about 2 items per file
        generate(files, minutes, args.seed)
        work = root / "ledger"
        work.mkdir()
        (work / "govcheck.yaml").write_bytes((minutes / "govcheck.yaml").read_bytes())
        ledger = work / "台账.xlsx"
        start = time.perf_counter()
        subprocess.run(
            [*GOVCHECK, "ledger", "export", str(minutes), "-o", str(ledger)], check=True, stdout=subprocess.DEVNULL
        )
        export_s = time.perf_counter() - start
        yaml_cmd = [*GOVCHECK, "validate", "-j", "1", "--format", "json", str(minutes)]
        ledger_cmd = [*GOVCHECK, "validate", "-j", "1", "--format", "json", str(ledger)]
        _t, _r, yaml_out = run(yaml_cmd, root)
        _t, _r, ledger_out = run(ledger_cmd, root)
        items = json.loads(yaml_out)["summary"]["items"]
        if findings(yaml_out) != findings(ledger_out) or json.loads(ledger_out)["summary"]["items"] != items:
            raise SystemExit("the ledger and the YAML records give different findings: no figures")
        times: dict[str, list[float]] = {"yaml": [], "ledger": []}
        rss: dict[str, list[int]] = {"yaml": [], "ledger": []}
        for _round in range(args.rounds):
            for name, cmd in (("yaml", yaml_cmd), ("ledger", ledger_cmd)):
                elapsed, peak, _out = run(cmd, root)
                times[name].append(elapsed)
                rss[name].append(peak)
        size = ledger.stat().st_size
        yaml_size = sum(p.stat().st_size for p in minutes.glob("*.yaml"))
    print(
        f"{items} items, {files} YAML files ({yaml_size / 1e6:.1f} MB) vs one ledger ({size / 1e6:.1f} MB, "
        f"export {export_s:.1f} s); same findings: yes; median of {args.rounds} rounds, -j 1"
    )
    print("| input | validate (s) | peak RSS (MiB) |")
    print("|---|---:|---:|")
    for name, label in (("yaml", f"{files} YAML files"), ("ledger", "台账.xlsx, one sheet")):
        print(f"| {label} | {statistics.median(times[name]):.2f} | {statistics.median(rss[name]) / 1024:.0f} |")
    ratio_t = statistics.median(times["ledger"]) / statistics.median(times["yaml"])
    ratio_m = statistics.median(rss["ledger"]) / statistics.median(rss["yaml"])
    print(f"ledger / YAML: time ×{ratio_t:.2f}, peak memory ×{ratio_m:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
