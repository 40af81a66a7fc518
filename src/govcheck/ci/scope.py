"""Check the whole set of records, report on some of them.

Cross-record checks (roster, duplicate ids, emergency reports) need every
record, but a pre-commit hook or a pull request should only be blamed for the
files it touches.  ``focus`` keeps the findings and input errors of the chosen
files; problems of the run itself (settings, rules) always stay.
"""

from __future__ import annotations

import os
from collections.abc import Iterable

from govcheck.loading.discovery import SETTINGS_NAMES, find_settings
from govcheck.pipeline import RunResult


def norm(path: str) -> str:
    return os.path.normcase(os.path.abspath(path))


def focus(result: RunResult, wanted: Iterable[str]) -> list[str]:
    """Keep only results for ``wanted`` (absolute, normalised); return those that are no checked record.

    Findings about the run rather than a record (expired or stale waivers, which point at the
    settings file) stay, like the run's own problems.
    """
    chosen = set(wanted)
    checked = {norm(f.path) for f in result.files}
    result.files = [f for f in result.files if norm(f.path) in chosen]
    result.findings = [f for f in result.findings if norm(f.path) in chosen or norm(f.path) not in checked]
    return sorted(chosen - checked)


def is_settings(path: str) -> bool:
    return os.path.basename(path) in SETTINGS_NAMES


def corpus_of(path: str, root: str) -> str:
    """The record set a file belongs to: the folder of its settings file inside the repository, else the root."""
    settings = find_settings([path])
    if settings is not None:
        folder = os.path.dirname(os.path.abspath(settings))
        if os.path.commonpath([folder, os.path.abspath(root)]) == os.path.abspath(root):
            return folder
    return os.path.abspath(root)


def group_by_corpus(files: list[str], root: str) -> dict[str, list[str]]:
    groups: dict[str, list[str]] = {}
    for path in files:
        groups.setdefault(corpus_of(path, root), []).append(path)
    return groups


def merge(results: list[RunResult]) -> RunResult:
    """One result from several runs (one per record set), sorted as a single run would be."""
    merged = results[0]
    for other in results[1:]:
        merged.files += other.files
        merged.findings += other.findings
        merged.problems += [p for p in other.problems if p not in merged.problems]
        merged.rules += tuple(r for r in other.rules if r not in merged.rules)
    merged.files.sort(key=lambda f: f.path)
    merged.findings.sort(key=lambda f: f.sort_key())
    return merged
