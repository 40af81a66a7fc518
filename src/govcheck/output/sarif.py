"""``--format sarif``: SARIF 2.1.0 as GitHub code scanning ingests it.

- ``tool.driver.rules`` lists every active check with its legal basis as help text; where
  govcheck's documentation has a real address (``output.doclinks``), ``informationUri`` and each
  rule's ``helpUri`` (the rule's file: description, basis, passing and failing examples);
- ``run.properties.engine`` names the engine that ran (``durable`` or ``plain``, ``--engine``);
- results carry ``ruleId`` and ``ruleIndex``, a ``level`` from the severity and a location
  relative to ``%SRCROOT%`` (the repository root, given in ``originalUriBaseIds``) with
  ``startLine`` at least 1 and ``startColumn`` 1;
- ``partialFingerprints`` hash the check, the file and the item, never the line, so an alert
  keeps its identity when lines move: GitHub reads only ``primaryLocationLineHash`` (and would
  otherwise hash the flagged line's text itself), ``govcheckFinding/v1`` is kept for others;
- GitHub ignores ``suppressions``, so waived findings are left out by default and counted in
  ``run.properties.waivedFindings``; ``--sarif-include-waived`` keeps them as suppressions;
- input errors (an unreadable record, broken settings) are results of the ``GOVCHECK-INPUT``
  rule, level error, at their file and line — an alert, not only an execution notification.
"""

from __future__ import annotations

import hashlib
import os
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

from govcheck import __version__
from govcheck.errors import InputError
from govcheck.findings.model import Finding
from govcheck.i18n import Lang
from govcheck.output.doclinks import README_INPUT_ERRORS, link, rule_doc_path
from govcheck.output.jsonstream import lazy_list
from govcheck.output.paths import relative_below, repo_path, repo_root_of
from govcheck.pipeline import RunResult
from govcheck.rulebook.model import Rule

SCHEMA_URI = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
LEVELS = {"error": "error", "warning": "warning", "info": "note"}
FINGERPRINT_KEY = "govcheckFinding/v1"
LINE_HASH_KEY = "primaryLocationLineHash"  # the only fingerprint GitHub code scanning reads
SRCROOT = "%SRCROOT%"
INPUT_RULE = "GOVCHECK-INPUT"


def rule_name(rule_id: str) -> str:
    """``TIOL-QUORUM-PERSONNEL`` → ``TiolQuorumPersonnel`` (SARIF wants an identifier-like name)."""
    return "".join(part.capitalize() for part in rule_id.replace("_", "-").split("-") if part)


def _basis_label(lang: Lang) -> str:
    return "依据" if lang == "zh" else "Legal basis"


def _rule(rule: Rule, severity: str, lang: Lang) -> dict[str, Any]:
    description = rule.description.get(lang).strip() or rule.title.get(lang)
    cites = []
    for basis in rule.basis:
        note = f"：{basis.note}" if basis.note and lang == "zh" else (f": {basis.note}" if basis.note else "")
        cites.append(f"{basis.cite()}{note}")
    label = _basis_label(lang)
    help_text = description + f"\n\n{label}:\n" + "\n".join(f"- {c}" for c in cites)
    help_markdown = description + f"\n\n**{label}**\n\n" + "\n".join(f"- {c}" for c in cites)
    return _with_help_uri(
        {
            "id": rule.id,
            "name": rule_name(rule.id),
            "shortDescription": {"text": rule.title.get(lang)},
            "fullDescription": {"text": description},
            "help": {"text": help_text, "markdown": help_markdown},
            "defaultConfiguration": {"level": LEVELS[severity]},
            "properties": {
                "tags": ["compliance", "govcheck", rule.pack],
                "precision": "high",
                "basis": [b.cite() for b in rule.basis],
            },
        },
        link(rule_doc_path(rule.source)) if rule.source else None,
    )


def _with_help_uri(descriptor: dict[str, Any], uri: str | None) -> dict[str, Any]:
    """``helpUri`` right after ``name`` when there is a real address; none rather than a guess."""
    if uri is None:
        return descriptor
    ordered = {key: descriptor[key] for key in ("id", "name")}
    return ordered | {"helpUri": uri} | descriptor


def _input_rule(lang: Lang) -> dict[str, Any]:
    zh = lang == "zh"
    text = (
        "记录文件或设置文件无法读取或不符合格式，其中的议题未被检查"
        if zh
        else "a record or settings file could not be read or is malformed: its items were not checked"
    )
    return _with_help_uri(
        {
            "id": INPUT_RULE,
            "name": "GovcheckInput",
            "shortDescription": {"text": "输入错误" if zh else "input error"},
            "fullDescription": {"text": text},
            "help": {"text": text, "markdown": text},
            "defaultConfiguration": {"level": "error"},
            "properties": {"tags": ["govcheck", "input"], "precision": "very-high"},
        },
        link(README_INPUT_ERRORS),
    )


def line_hash(check: str, path: str, item: str, occurrence: int = 0) -> str:
    """``primaryLocationLineHash`` in the shape GitHub's upload action gives it (hash:occurrence),
    but from govcheck's identity of the finding instead of the flagged line's text."""
    key = "\x1f".join((check, repo_path(path), item))
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:16] + f":{occurrence + 1}"


def fingerprint(check: str, path: str, item: str, occurrence: int = 0) -> str:
    """Stable across line moves: check, repository path and item; never the line."""
    key = "\x1f".join((check, repo_path(path), item)) + (f"\x1f{occurrence}" if occurrence else "")
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:32]


def source_root() -> str:
    """``%SRCROOT%``: the repository the run is in (the working directory outside one)."""
    return repo_root_of(os.getcwd()) or os.getcwd()


def _artifact(path: str, root: str) -> dict[str, Any]:
    """Relative to ``%SRCROOT%`` when the file is inside it, else an absolute file: URI."""
    full = os.path.abspath(path)
    relative = relative_below(full, root)  # None: outside %SRCROOT% (or on another drive on Windows)
    if relative is None:
        return {"uri": Path(full).as_uri()}
    return {"uri": quote(relative, safe="/"), "uriBaseId": SRCROOT}


def _location(path: str, line: int, root: str) -> dict[str, Any]:
    return {
        "physicalLocation": {
            "artifactLocation": _artifact(path, root),
            "region": {"startLine": max(1, line), "startColumn": 1},
        }
    }


def _message(finding: Finding, lang: Lang) -> str:
    basis = ("；" if lang == "zh" else "; ").join(finding.basis)
    if not basis:
        return finding.message.get(lang)
    return finding.message.get(lang) + (f"（依据：{basis}）" if lang == "zh" else f" (basis: {basis})")


def _result(
    finding: Finding, rule_index: dict[str, int], occurrence: int, lang: Lang, with_baseline: bool, root: str
) -> dict[str, Any]:
    result: dict[str, Any] = {"ruleId": finding.check}
    if finding.check in rule_index:
        result["ruleIndex"] = rule_index[finding.check]
    result |= {
        "level": LEVELS[finding.severity],
        "message": {"text": _message(finding, lang)},
        "locations": [_location(finding.path, finding.line, root)],
        "partialFingerprints": {
            LINE_HASH_KEY: line_hash(finding.check, finding.path, finding.item, occurrence),
            FINGERPRINT_KEY: fingerprint(finding.check, finding.path, finding.item, occurrence),
        },
        "properties": {"item": finding.item, "severity": finding.severity, "basis": list(finding.basis)},
    }
    if with_baseline:
        result["baselineState"] = "new"
    if finding.waived:
        suppression: dict[str, Any] = {
            "kind": "external",
            "status": "accepted",
            "justification": finding.waiver_reason or "",
        }
        approval = {
            k: v
            for k, v in (
                ("approvedBy", finding.waiver_by),
                ("expires", finding.waiver_expires.isoformat() if finding.waiver_expires else None),
            )
            if v
        }
        if approval:
            suppression["properties"] = approval
        result["suppressions"] = [suppression]
    return result


def _notification(error: InputError, lang: Lang, root: str) -> dict[str, Any]:
    note: dict[str, Any] = {
        "level": "error",
        "message": {"text": str(error.as_json(lang)["message"])},
        "descriptor": {"id": INPUT_RULE},
    }
    if error.path:
        location = _location(error.path, error.line, root)
        if error.line < 1:
            del location["physicalLocation"]["region"]
        note["locations"] = [location]
    return note


def _input_result(error: InputError, index: int, occurrence: int, lang: Lang, root: str) -> dict[str, Any]:
    """An input error as an alert: GitHub shows results, not execution notifications."""
    message = str(error.as_json(lang)["message"])  # the location is the result's, not in the text
    identity = error.as_json("en")["message"]
    return {
        "ruleId": INPUT_RULE,
        "ruleIndex": index,
        "level": "error",
        "message": {"text": message},
        "locations": [_location(error.path, error.line, root)],
        "partialFingerprints": {
            LINE_HASH_KEY: line_hash(INPUT_RULE, error.path, str(identity), occurrence),
            FINGERPRINT_KEY: fingerprint(INPUT_RULE, error.path, str(identity), occurrence),
        },
    }


def as_document(
    result: RunResult, lang: Lang, include_waived: bool | None = None, lazy: bool = False
) -> dict[str, Any]:
    """The SARIF log; ``include_waived`` defaults to the run's ``--sarif-include-waived``.

    ``lazy``: the results are made while :func:`render_chunks` writes them (bounded memory).
    """
    if include_waived is None:
        include_waived = result.sarif_include_waived
    root = source_root()
    rules = list(result.rules)
    rule_index = {rule.id: index for index, rule in enumerate(rules)}
    waived = 0 if include_waived else sum(1 for finding in result.findings if finding.waived)
    errors = list(result.problems) + [e for f in result.files for e in f.errors]
    descriptors = [_rule(r, result.settings.severity.get(r.id) or r.severity, lang) for r in rules]
    located = [e for e in errors if e.path]
    input_index = len(descriptors)  # after the checks: their ruleIndex values do not move
    if located:
        descriptors.append(_input_rule(lang))

    def results() -> Iterator[dict[str, Any]]:
        seen: Counter[tuple[str, str, str]] = Counter()
        for finding in result.findings:
            key = (finding.check, repo_path(finding.path), finding.item)
            occurrence = seen[key]
            seen[key] += 1
            if finding.waived and not include_waived:
                continue
            yield _result(finding, rule_index, occurrence, lang, result.baseline is not None, root)
        seen_errors: Counter[tuple[str, str]] = Counter()
        for error in located:
            error_key = (repo_path(error.path), str(error.as_json("en")["message"]))
            yield _input_result(error, input_index, seen_errors[error_key], lang, root)
            seen_errors[error_key] += 1

    driver: dict[str, Any] = {"name": "govcheck", "version": __version__, "semanticVersion": __version__}
    information = link("README.md")
    if information is not None:
        driver["informationUri"] = information
    driver["rules"] = descriptors
    run: dict[str, Any] = {
        "tool": {"driver": driver},
        "invocations": [
            {
                "executionSuccessful": not errors,
                "toolExecutionNotifications": [_notification(e, lang, root) for e in errors],
            }
        ],
        "originalUriBaseIds": {SRCROOT: {"uri": Path(root).as_uri().rstrip("/") + "/"}},
        "language": "zh-CN" if lang == "zh" else "en-US",
        "results": lazy_list(results()) if lazy else list(results()),
        "properties": {
            "engine": result.engine,
            "rulesDigest": result.digest,
            "waivedFindings": waived,
            "waivedFindingsIncluded": include_waived,
        }
        | ({"engineNote": result.engine_note.get(lang)} if result.engine_note else {}),
    }
    return {"$schema": SCHEMA_URI, "version": "2.1.0", "runs": [run]}


def render_chunks(result: RunResult, lang: Lang) -> Iterator[str]:
    """The log in blocks, each result made as it is written."""
    from govcheck.output.jsonstream import iter_json

    return iter_json(as_document(result, lang, lazy=True))


def render(result: RunResult, lang: Lang) -> str:
    return "".join(render_chunks(result, lang))
