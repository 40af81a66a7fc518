"""Build ``govcheck-VERSION.pyz``: govcheck in one file, for machines without pip or internet.

    python scripts/build_pyz.py -o dist/

The file is a zipapp (PEP 441): govcheck, its rule files and its pure-Python dependencies,
taken from the Python environment that runs this script (so run it where ``pip install .``
worked: a venv with govcheck's dependencies). Run it on any Python >= 3.11, on Windows, Linux
or macOS, without installing anything::

    python govcheck-0.1.0.pyz validate minutes/

What it leaves out, and why the findings stay the same:

- durable-rules (a C extension): the pyz always runs the plain engine, the differential twin
  of the durable one (tests/test_differential.py);
- compiled accelerators (``*.so``, ``*.pyd``: PyYAML's libyaml loader, MarkupSafe's speedups),
  which cannot be imported from a zip and would tie the file to one platform: PyYAML's and
  MarkupSafe's pure-Python code does the same work, more slowly (bench/README.md).

Each dependency's licence files (in its ``.dist-info``) travel with it.
"""

from __future__ import annotations

import argparse
import importlib.metadata as md
import re
import shutil
import sys
import tempfile
import tomllib
import zipapp
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
LEFT_OUT = {"durable-rules"}  # see the module docstring: the pyz runs the plain engine
COMPILED = (".so", ".pyd", ".dylib", ".dll")
NAME = re.compile(r"^\s*([A-Za-z0-9][A-Za-z0-9._-]*)")

# The pyz's entry point. The rule loader reads real files, so the rule files are unpacked into
# a temporary directory for the run (removed afterwards); GOVCHECK_PYZ_RULES_DIR tells the
# loader, and -j worker processes, where they are. The __name__ guard keeps spawned workers
# (Windows, macOS) from running the command again.
MAIN = '''\
"""govcheck as one file: python govcheck.pyz validate minutes/ (built by scripts/build_pyz.py)."""

import os
import sys
import tempfile
import zipfile


def _run() -> None:
    archive = os.path.dirname(os.path.abspath(__file__))
    with tempfile.TemporaryDirectory(prefix="govcheck-rules-") as folder:
        with zipfile.ZipFile(archive) as pyz:
            pyz.extractall(folder, [n for n in pyz.namelist() if n.startswith("govcheck/rulefiles/")])
        os.environ["GOVCHECK_PYZ_RULES_DIR"] = os.path.join(folder, "govcheck", "rulefiles")
        from govcheck.cli import main

        main()


if __name__ == "__main__":
    _run()
'''


def requirement_name(requirement: str) -> str:
    match = NAME.match(requirement)
    if match is None:
        raise SystemExit(f"cannot read the requirement {requirement!r}")
    return match.group(1)


def canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def project_version() -> str:
    text = (REPO / "src" / "govcheck" / "__init__.py").read_text(encoding="utf-8")
    match = re.search(r'^__version__ = "([^"]+)"', text, re.MULTILINE)
    if match is None:
        raise SystemExit("src/govcheck/__init__.py has no __version__")
    return match.group(1)


def dependency_closure() -> list[md.Distribution]:
    """govcheck's runtime dependencies (pyproject.toml) and theirs, as installed here, minus LEFT_OUT.

    Extras are never followed. A dependency that is not installed is an error unless it is
    conditional (an environment marker, such as colorama on Windows only): then a note.
    """
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    wanted = list(project["dependencies"])
    found: dict[str, md.Distribution] = {}
    while wanted:
        requirement = wanted.pop()
        marker = requirement.partition(";")[2]
        name = canonical(requirement_name(requirement))
        if name in LEFT_OUT or name in found or "extra" in marker:
            continue
        try:
            dist = md.distribution(name)
        except md.PackageNotFoundError:
            if marker.strip():
                print(f"note: {requirement.strip()} is not installed here; left out", file=sys.stderr)
                continue
            raise SystemExit(
                f"{name} is not installed in this Python ({sys.executable}): "
                "run this script from a venv where `pip install .` worked"
            ) from None
        found[name] = dist
        wanted.extend(dist.requires or [])
    return [found[n] for n in sorted(found)]


def copy_distribution(dist: md.Distribution, staging: Path) -> int:
    """Copy a distribution's importable pure-Python files and its .dist-info (licences); return the count."""
    copied = 0
    for entry in dist.files or []:
        parts = entry.parts
        if not parts or parts[0] in ("..", "") or "__pycache__" in parts or entry.suffix in COMPILED:
            continue
        if entry.suffix == ".pyc" or parts[-1] in ("RECORD", "INSTALLER", "REQUESTED", "direct_url.json"):
            continue
        source = Path(str(dist.locate_file(entry)))
        if not source.is_file():
            continue
        target = staging.joinpath(*parts)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target)
        copied += 1
    if copied == 0:
        raise SystemExit(f"{dist.metadata['Name']}: no files found to copy (is it installed as a wheel?)")
    return copied


def copy_govcheck(staging: Path) -> None:
    package = staging / "govcheck"
    shutil.copytree(REPO / "src" / "govcheck", package, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    shutil.copytree(REPO / "rules", package / "rulefiles", ignore=shutil.ignore_patterns("__pycache__"))


def build(output_dir: Path) -> Path:
    version = project_version()
    output_dir.mkdir(parents=True, exist_ok=True)
    target = output_dir / f"govcheck-{version}.pyz"
    with tempfile.TemporaryDirectory(prefix="govcheck-pyz-") as folder:
        staging = Path(folder) / "app"
        staging.mkdir()
        copy_govcheck(staging)
        for dist in dependency_closure():
            count = copy_distribution(dist, staging)
            print(f"  {dist.metadata['Name']} {dist.version}: {count} files", file=sys.stderr)
        (staging / "__main__.py").write_text(MAIN, encoding="utf-8")
        partial = target.with_name(target.name + ".part")
        zipapp.create_archive(staging, partial, interpreter="/usr/bin/env python3", compressed=True)
        partial.replace(target)
    return target


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Build govcheck-VERSION.pyz, one file that runs on any Python >= 3.11")
    parser.add_argument(
        "-o", "--output-dir", type=Path, default=REPO / "dist", help="folder for the .pyz (default: dist/)"
    )
    args = parser.parse_args(argv)
    target = build(args.output_dir)
    print(f"built {target} ({target.stat().st_size // 1024} KiB); run it as: python {target.name} validate minutes/")


if __name__ == "__main__":
    main()
