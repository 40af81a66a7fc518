"""A one-file run (the pre-commit hook's usual case) loads only what checking needs."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
# importlib.resources: ~12 ms of start-up; the rule files are found from the package's __file__.
# tempfile (with shutil, bz2, lzma) and signal: only when a file or a cache entry is written; the
# baseline and --explain's "why not" only when asked for; the rules' examples and checklist plans
# only for rules test, rules show and checklist (issue 14: one file within 0.15 s).
HEAVY = (
    "openpyxl",
    "jinja2",
    "markupsafe",
    "multiprocessing",
    "concurrent.futures",
    "govcheck.ledger.reader",
    "importlib.resources",
    "tempfile",
    "shutil",
    "signal",
    "govcheck.ci.baseline",
    "govcheck.findings.why_not",
    "govcheck.rulebook.example",
    "govcheck.rulebook.plan",
)

PROBE = """
import sys
sys.argv[0] = "govcheck"
import json, sys
from govcheck.cli import main
try:
    main()
except SystemExit as exit:
    code = exit.code
print(json.dumps({"code": code, "modules": sorted(sys.modules)}), file=sys.stderr)
"""


def _probe(record: Path, cwd: Path) -> tuple[dict[str, Any], str]:
    """Validate ``record`` as JSON from ``cwd``: (the probe's exit code and modules, the run's stdout)."""
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"))
    done = subprocess.run(
        [sys.executable, "-c", PROBE, "validate", str(record), "--format", "json"],
        capture_output=True,
        text=True,
        env=env,
        cwd=cwd,
        check=False,
    )
    probe = json.loads(done.stderr.strip().splitlines()[-1])
    assert probe["code"] in (0, 1), done.stderr
    return probe, done.stdout


def test_validating_one_yaml_record_imports_no_report_ledger_or_pool_machinery() -> None:
    record = ROOT / "examples" / "minutes" / "2022-01-14-party-group.yaml"
    _probe(record, ROOT)  # the first run may write the rulebook cache entry; the second is the usual one
    probe, stdout = _probe(record, ROOT)
    json.loads(stdout)  # the run did its job
    loaded = [name for name in probe["modules"] if name.split(".")[0] in HEAVY or name in HEAVY]
    assert loaded == []


def test_a_unit_without_exclude_patterns_never_imports_pathspec(tmp_path: Path) -> None:
    record = tmp_path / "a.yaml"
    record.write_bytes((ROOT / "examples" / "minutes" / "2022-01-14-party-group.yaml").read_bytes())
    (tmp_path / "govcheck.yaml").write_text("unit: 测试单位\n", encoding="utf-8")
    probe, stdout = _probe(record, tmp_path)
    assert json.loads(stdout)["summary"]["files"] == 1
    assert not [name for name in probe["modules"] if name.split(".")[0] == "pathspec"]
