#!/usr/bin/env python3
"""Benchmark ``govcheck report`` on about 50,000 items: time and peak memory per format.

Usage::

    python bench/bench_report.py [--items 50000] [--seed 0] [--formats html,xlsx] [--keep DIR] [--json OUT]

One run:

1. writes ``items / 2`` synthetic records (``bench/generate.py`` writes 1–4 items per record,
   about 2 on average) and their govcheck.yaml into a temporary directory (or ``--keep DIR``);
2. runs ``govcheck validate DIR --format json -o FILE`` once, for scale and for the numbers the
   reports must show;
3. runs ``govcheck report DIR --format F -o FILE --as-of 2023-12-31 --reproducible`` as a
   subprocess for each format (``--repeat`` times; the best time is reported), with its
   maximum RSS from ``os.wait4``;
4. checks every report before showing a number: exit 0, and one item row per item
   (HTML: ``<tr id="item-…``; XLSX: rows of the 事项 sheet, read back with openpyxl);
5. prints a table and, with ``--json OUT``, writes the numbers and the machine.

A broken run exits 2 (no numbers). POSIX only (``os.wait4``). See bench/README.md.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import sys
import tempfile
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from bench_validate import BenchError, generate, govcheck_command, machine_info, run_child

AS_OF = "2023-12-31"
FORMATS = ("html", "xlsx", "md", "json")


@dataclass
class FormatRun:
    fmt: str
    seconds: list[float] = field(default_factory=list)
    max_rss_kib: list[int] = field(default_factory=list)
    output_bytes: int = 0


@dataclass
class Result:
    records: int
    items: int
    findings: int
    validate_s: float
    validate_max_rss_kib: int
    runs: list[FormatRun]


def item_rows(fmt: str, path: Path) -> int | None:
    """How many item rows the report holds (None for formats not checked row by row)."""
    if fmt == "html":
        return len(re.findall(rb'<tr id="item-\d+"', path.read_bytes()))
    if fmt == "xlsx":
        import openpyxl

        book = openpyxl.load_workbook(path, read_only=True)
        try:
            return sum(1 for _ in book["事项"].iter_rows(min_row=2, values_only=True))
        finally:
            book.close()
    if fmt == "json":
        return len(json.loads(path.read_text(encoding="utf-8"))["items"])
    return None


def bench(items: int, seed: int, folder: Path, scratch: Path, formats: list[str], repeat: int) -> Result:
    records = max(1, items // 2)
    print(f"generating {records} records …", file=sys.stderr)
    generate(records, folder, seed)
    govcheck = govcheck_command()
    validated = scratch / "validate.json"
    print("validate …", file=sys.stderr)
    run = run_child([*govcheck, "validate", str(folder), "--format", "json", "-o", str(validated), "--as-of", AS_OF])
    if run.returncode not in (0, 1):
        raise BenchError(f"validate exited {run.returncode}: {run.stderr.strip()}")
    summary = json.loads(validated.read_text(encoding="utf-8"))["summary"]
    result = Result(records, summary["items"], summary["findings"], run.seconds, run.max_rss_kib, [])
    for fmt in formats:
        timing = FormatRun(fmt)
        out = scratch / f"report.{fmt}"
        for round_ in range(repeat):
            print(f"report --format {fmt} ({round_ + 1}/{repeat}) …", file=sys.stderr)
            run = run_child(
                [*govcheck, "report", str(folder), "--format", fmt, "-o", str(out), "--as-of", AS_OF, "--reproducible"]
            )
            if run.returncode != 0:
                raise BenchError(f"report --format {fmt} exited {run.returncode}: {run.stderr.strip()}")
            timing.seconds.append(run.seconds)
            timing.max_rss_kib.append(run.max_rss_kib)
        timing.output_bytes = out.stat().st_size
        rows = item_rows(fmt, out)
        if rows is not None and rows != result.items:
            raise BenchError(f"the {fmt} report has {rows} item rows, validate checked {result.items} items")
        result.runs.append(timing)
    return result


def table(result: Result) -> str:
    lines = [
        f"records {result.records:,}, items {result.items:,}, findings {result.findings:,}",
        "",
        f"{'run':<24}{'seconds':>10}{'peak RSS MiB':>15}{'output MiB':>13}",
        f"{'validate --format json':<24}{result.validate_s:>10.1f}{result.validate_max_rss_kib / 1024:>15.0f}{'':>13}",
    ]
    for run in result.runs:
        lines.append(
            f"{'report --format ' + run.fmt:<24}{min(run.seconds):>10.1f}"
            f"{max(run.max_rss_kib) / 1024:>15.0f}{run.output_bytes / 2**20:>13.1f}"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Time govcheck report on ~N items (html and xlsx by default).")
    parser.add_argument("--items", type=int, default=50_000, help="about this many items (default 50000)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--formats", default="html,xlsx", help=f"comma-separated, of {', '.join(FORMATS)}")
    parser.add_argument("--repeat", type=int, default=1, help="timed runs per format (default 1)")
    parser.add_argument("--keep", type=Path, help="write the records here (must be new or empty) and keep them")
    parser.add_argument("--json", type=Path, help="also write the numbers as JSON to this file")
    args = parser.parse_args(argv)
    formats = [f for f in args.formats.split(",") if f]
    if not formats or any(f not in FORMATS for f in formats):
        parser.error(f"--formats takes {', '.join(FORMATS)}")
    scratch = Path(tempfile.mkdtemp(prefix="govcheck-bench-report-"))
    try:
        folder = args.keep if args.keep is not None else scratch / "records"
        if folder.exists() and any(folder.iterdir()):
            parser.error(f"{folder} is not empty")
        result = bench(args.items, args.seed, folder, scratch, formats, max(1, args.repeat))
    except BenchError as problem:
        print(f"bench_report: broken run, no numbers: {problem}", file=sys.stderr)
        return 2
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    print(table(result))
    if args.json is not None:
        document: dict[str, Any] = {"result": asdict(result), "machine": machine_info()}
        args.json.write_text(json.dumps(document, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
