"""Issue 8: the one-file zipapp (scripts/build_pyz.py) for machines without pip or internet.

Built from this checkout with the Python running the suite, then run with ``-I -S``: no
site-packages, no PYTHONPATH, nothing but the standard library and the file itself. Its findings
must be those of the installed command (which runs durable-rules where it works).
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any

import pytest

from conftest import REPO
from govcheck import __version__


@pytest.fixture(scope="module")
def pyz(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("pyz")
    done = subprocess.run(
        [sys.executable, str(REPO / "scripts" / "build_pyz.py"), "-o", str(out)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    built = out / f"govcheck-{__version__}.pyz"
    assert built.is_file(), list(out.iterdir())
    return built


def run_isolated(pyz: Path, *args: str, cwd: Path = REPO) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([sys.executable, "-I", "-S", str(pyz), *args], cwd=cwd, capture_output=True, timeout=300)


def findings_document(done: subprocess.CompletedProcess[bytes]) -> dict[str, Any]:
    assert done.returncode == 1, done.stderr.decode("utf-8", "replace")  # the examples break rules on purpose
    return json.loads(done.stdout.decode("utf-8"))


def test_the_pyz_run_without_site_packages_finds_what_the_installed_command_finds(pyz: Path) -> None:
    from_pyz = findings_document(run_isolated(pyz, "validate", "examples/", "--format", "json"))
    installed = findings_document(
        subprocess.run(
            [sys.executable, "-m", "govcheck", "validate", "examples/", "--format", "json"],
            cwd=REPO,
            capture_output=True,
            timeout=300,
        )
    )
    assert from_pyz["tool"] == {**installed["tool"], "engine": "plain"}
    assert from_pyz["findings"] and from_pyz["findings"] == installed["findings"]
    for key in ("rules", "files", "summary"):  # rules: the same rule files (digest), packs
        assert from_pyz[key] == installed[key], key


def test_the_pyz_holds_no_compiled_code_and_no_durable_rules(pyz: Path) -> None:
    names = zipfile.ZipFile(pyz).namelist()
    assert "__main__.py" in names and "govcheck/cli.py" in names
    assert any(n.startswith("govcheck/rulefiles/tiol/") for n in names)
    for package in ("yaml/", "click/", "jinja2/", "markupsafe/", "openpyxl/", "et_xmlfile/", "chinese_calendar/"):
        assert any(n.startswith(package) for n in names), package
    assert not [n for n in names if re.search(r"\.(so|pyd|dylib|dll)$", n) or n.startswith("durable")]
    assert any(re.search(r"(?i)licen[cs]e", n) for n in names if n.lower().startswith("pyyaml-")), (
        "licence files travel along"
    )


def test_the_pyz_writes_the_report_and_leaves_no_unpacked_rules(pyz: Path, tmp_path: Path) -> None:
    env_tmp = tmp_path / "tmp"
    env_tmp.mkdir()
    report = tmp_path / "审计报告.html"
    done = subprocess.run(
        [sys.executable, "-I", "-S", str(pyz), "report", str(REPO / "examples"), "-o", str(report)],
        cwd=tmp_path,
        capture_output=True,
        timeout=300,
        env={**os.environ, "TMPDIR": str(env_tmp)},
    )
    assert done.returncode == 0, done.stderr.decode("utf-8", "replace")
    assert "<html" in report.read_text(encoding="utf-8")[:500].lower()
    assert list(env_tmp.iterdir()) == []  # the rule files unpacked for the run are gone


def test_the_pyz_knows_its_version(pyz: Path) -> None:
    done = run_isolated(pyz, "-V")
    assert done.returncode == 0, done.stderr.decode("utf-8", "replace")
    assert done.stdout.decode("utf-8").split() == ["govcheck,", "version", __version__]
