"""Issue 11, packaging: the wheel a user installs carries the licence, the typing marker and one version.

The wheel is built from the checkout with pip, as ``pip install .`` builds it (hatchling, in
build isolation); its metadata is read back as installers and PyPI read it.
"""

from __future__ import annotations

import email.parser
import subprocess
import sys
import tomllib
import zipfile
from email.message import Message

import pytest

from conftest import REPO
from govcheck import __version__

LICENSE = REPO / "LICENSE"


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> zipfile.ZipFile:
    out = tmp_path_factory.mktemp("wheel")
    done = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "-w", str(out), str(REPO)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    (built,) = out.glob("govcheck-*.whl")
    return zipfile.ZipFile(built)


def metadata(wheel: zipfile.ZipFile) -> Message:
    (name,) = [n for n in wheel.namelist() if n.endswith(".dist-info/METADATA")]
    return email.parser.Parser().parsestr(wheel.read(name).decode("utf-8"))


def test_the_license_file_is_the_full_apache_2_text() -> None:
    text = LICENSE.read_text(encoding="utf-8")
    assert "Apache License" in text and "Version 2.0, January 2004" in text
    for section in ("1. Definitions.", "4. Redistribution.", "9. Accepting Warranty or Additional Liability."):
        assert section in text
    assert "END OF TERMS AND CONDITIONS" in text and "APPENDIX: How to apply the Apache License" in text


def test_pyproject_declares_an_spdx_license_and_one_version() -> None:
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert project["license"] == "Apache-2.0"  # PEP 639: an SPDX expression, not a table
    assert project["license-files"] == ["LICENSE"]
    assert "version" not in project and project["dynamic"] == ["version"]  # from src/govcheck/__init__.py
    assert not [c for c in project["classifiers"] if c.startswith("License ::")]  # PEP 639 forbids both


def test_the_wheel_metadata(wheel: zipfile.ZipFile) -> None:
    meta = metadata(wheel)
    assert meta["Version"] == __version__
    assert meta["License-Expression"] == "Apache-2.0"
    assert meta.get_all("License-File") == ["LICENSE"]
    classifiers = meta.get_all("Classifier") or []
    assert "Typing :: Typed" in classifiers
    for minor in ("3.11", "3.12", "3.13"):  # every Python the README promises (tests: .ci/run)
        assert f"Programming Language :: Python :: {minor}" in classifiers
    assert meta["Requires-Python"] == ">=3.11"


def test_the_wheel_carries_the_license_and_the_typing_marker(wheel: zipfile.ZipFile) -> None:
    names = wheel.namelist()
    (license_name,) = [n for n in names if n.endswith(".dist-info/licenses/LICENSE")]
    assert wheel.read(license_name) == LICENSE.read_bytes()
    assert "govcheck/py.typed" in names  # PEP 561: type checkers use govcheck's annotations
    assert any(n.startswith("govcheck/rulefiles/") for n in names)  # the rule files ship inside
