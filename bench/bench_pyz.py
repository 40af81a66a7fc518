#!/usr/bin/env python3
"""The one-file zipapp (scripts/build_pyz.py) against the installed govcheck, in one run.

    python bench/bench_pyz.py [--n 2000] [--repeat 3] [--seed 0]

Builds the pyz from this checkout, generates N records (bench/generate.py), then times
``validate DIR --format json -j 1`` (and one file) for: the installed command (durable-rules
where it runs, libyaml's C loader), the installed command with ``--engine plain``, and
``python -I -S govcheck.pyz`` (plain engine, PyYAML's pure-Python loader). Best of --repeat.
Before any number is shown, the three runs must report the same findings. POSIX or Windows.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent


def timed(command: list[str], repeat: int) -> tuple[float, dict]:
    best, document = float("inf"), {}
    for _ in range(repeat):
        start = time.perf_counter()
        done = subprocess.run(command, capture_output=True, cwd=REPO)
        elapsed = time.perf_counter() - start
        if done.returncode not in (0, 1):
            raise SystemExit(f"{' '.join(command)} exited {done.returncode}:\n{done.stderr.decode('utf-8', 'replace')}")
        document = json.loads(done.stdout.decode("utf-8"))
        best = min(best, elapsed)
    return best, document


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=2000, help="records to generate (default 2000)")
    parser.add_argument("--repeat", type=int, default=3, help="timed rounds, best kept (default 3)")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="govcheck-bench-pyz-") as folder:
        work = Path(folder)
        subprocess.run(
            [sys.executable, str(REPO / "scripts" / "build_pyz.py"), "-o", str(work)], check=True, capture_output=True
        )
        pyz = next(work.glob("govcheck-*.pyz"))
        records = work / "records"
        subprocess.run(
            [sys.executable, str(HERE / "generate.py"), str(args.n), str(records), "--seed", str(args.seed)],
            check=True,
            capture_output=True,
        )
        one = str(sorted(records.glob("GEN-*.yaml"))[0])
        installed = [sys.executable, "-m", "govcheck"]
        variants = {
            "installed (auto)": installed,
            "installed --engine plain": installed,
            "pyz (python -I -S)": [sys.executable, "-I", "-S", str(pyz)],
        }
        rows = []
        reference = None
        for name, command in variants.items():
            engine = ["--engine", "plain"] if "plain" in name else []
            many, document = timed(
                [*command, "validate", str(records), "--format", "json", "-j", "1", *engine], args.repeat
            )
            single, _ = timed([*command, "validate", one, "--format", "json", *engine], args.repeat)
            if reference is None:
                reference = document["findings"]
            elif document["findings"] != reference:
                raise SystemExit(f"{name}: different findings from the installed command; no numbers reported")
            rows.append((name, document["tool"]["engine"], many, single))
        size_kib = pyz.stat().st_size // 1024
    print(f"Python {sys.version.split()[0]}, {args.n} records, {len(reference or [])} findings, best of {args.repeat}")
    print(f"pyz size {size_kib} KiB")
    print(f"| run | engine | {args.n} records (-j 1) | one file |")
    print("| --- | --- | --- | --- |")
    base = rows[0][2]
    for name, engine, many, single in rows:
        print(f"| {name} | {engine} | {many:.2f} s ({many / base:.2f}x) | {single:.2f} s |")


if __name__ == "__main__":
    main()
