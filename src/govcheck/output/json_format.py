"""``--format json``: the machine-readable contract of shared/spec/cli.md."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from govcheck import __version__
from govcheck.i18n import Lang
from govcheck.loading.cells import cell_of
from govcheck.output.jsonstream import iter_json, lazy_list
from govcheck.output.summary import problem_paths, summarize
from govcheck.pipeline import RunResult


def as_document(result: RunResult, lang: Lang, lazy: bool = False) -> dict[str, Any]:
    """The JSON document; ``lazy``: findings are made while :func:`render_chunks` writes them."""
    summary = summarize(result)
    # cli.md 1.1: ``errors`` lists every input error of a file, ``error`` stays the first of them.
    files: list[dict[str, Any]] = [
        {
            "path": f.path,
            "sha256": f.sha256,
            "items": f.items,
            "error": f.errors[0].as_json(lang) if f.errors else None,
            "errors": [e.as_json(lang) for e in f.errors],
        }
        | (
            {  # --explain: the checks that did not run on each item, and the condition that was false
                "explain": {
                    "not_applied": [
                        {"item": n.item, "check": n.check, "condition": n.condition, "reason": n.reason.get(lang)}
                        for n in f.not_applied
                    ]
                }
            }
            if result.explain
            else {}
        )
        for f in result.files
    ]
    checked = {f.path for f in result.files}
    for path in problem_paths(result):  # the run's own problems: one entry per path, in order
        errors = [p.as_json(lang) for p in result.problems if p.path == path]
        files.append({"path": path, "sha256": None, "items": [], "error": errors[0], "errors": errors})
    for p in result.problems:  # a run-level problem about a checked file joins that file's entry
        if p.path in checked:
            entry = next(f for f in files if f["path"] == p.path)
            entry["errors"].append(p.as_json(lang))
            entry["error"] = entry["error"] or entry["errors"][0]
    findings = (
        {"check": f.check, "severity": f.severity, "file": f.path, "line": int(f.line)}
        | ({"cell": cell_of(f.line)} if cell_of(f.line) else {})  # cli.md 1.1: ledger findings name the cell
        | {"item": f.item, "message": f.message.get(lang), "basis": list(f.basis), "waived": f.waived}
        | (
            {
                "waiver": {
                    "reason": f.waiver_reason,
                    "approved_by": f.waiver_by,
                    "expires": f.waiver_expires.isoformat() if f.waiver_expires else None,
                }
            }
            if f.waived
            else {}
        )
        | (
            {
                "explain": {
                    "facts": [
                        {"field": e.field, "meaning": e.meaning.get(lang), "value": e.value.get(lang)}
                        for e in f.evidence
                    ],
                    "fails_when": f.failed_condition,
                }
            }
            if result.explain
            else {}
        )
        for f in result.findings
    )
    document: dict[str, Any] = {
        "tool": {"name": "govcheck", "version": __version__, "engine": result.engine},
        "rules": {"packs": sorted({r.pack for r in result.rules}), "digest": result.digest},
        "files": files,
        "findings": lazy_list(findings) if lazy else list(findings),
        "summary": {
            "files": summary.files,
            "items": summary.items,
            "findings": summary.findings,
            "errors": summary.errors,
            "warnings": summary.warnings,
        },
    }
    if result.baseline is not None:  # only with --baseline: an added key, the others stay as in cli.md
        document["baseline"] = {
            "file": result.baseline.path,
            "suppressed": result.baseline.suppressed,
            "fixed": [{"file": f.file, "item": f.item, "check": f.check} for f in result.baseline.fixed],
        }
    return document


def render_chunks(result: RunResult, lang: Lang) -> Iterator[str]:
    """The document in blocks, each finding made as it is written (bounded memory on large runs)."""
    return iter_json(as_document(result, lang, lazy=True))


def render(result: RunResult, lang: Lang) -> str:
    return "".join(render_chunks(result, lang))
