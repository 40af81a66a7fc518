"""``--format sarif``: SARIF 2.1.0 as GitHub code scanning accepts it.

- ``tool.driver.rules`` lists every active check, with its legal basis as help text;
- results carry ``ruleId`` and ``ruleIndex``, a ``level`` from the severity and a
  repository-relative location whose ``startLine`` is at least 1;
- ``partialFingerprints`` hash the check, the file and the item, never the line,
  so an alert keeps its identity when unrelated lines move;
- waived findings are kept, as ``suppressions`` with the waiver's justification.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from typing import Any

from govcheck import __version__
from govcheck.errors import InputError
from govcheck.findings.model import Finding
from govcheck.i18n import Lang
from govcheck.output.paths import repo_path, uri_for
from govcheck.pipeline import RunResult
from govcheck.rulebook.model import Rule

SCHEMA_URI = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
LEVELS = {"error": "error", "warning": "warning", "info": "note"}
FINGERPRINT_KEY = "govcheckFinding/v1"


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
    return {
        "id": rule.id,
        "name": rule_name(rule.id),
        "shortDescription": {"text": rule.title.get(lang)},
        "fullDescription": {"text": description},
        "help": {"text": help_text, "markdown": help_markdown},
        "defaultConfiguration": {"level": LEVELS[severity]},
        "properties": {"tags": ["compliance", "govcheck", rule.pack], "precision": "high",
                       "basis": [b.cite() for b in rule.basis]},
    }


def fingerprint(check: str, path: str, item: str, occurrence: int = 0) -> str:
    """Stable across line moves: check, repository path and item; never the line."""
    key = "\x1f".join((check, repo_path(path), item)) + (f"\x1f{occurrence}" if occurrence else "")
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:32]


def _location(path: str, line: int) -> dict[str, Any]:
    return {"physicalLocation": {"artifactLocation": {"uri": uri_for(path)},
                                 "region": {"startLine": max(1, line)}}}


def _message(finding: Finding, lang: Lang) -> str:
    basis = ("；" if lang == "zh" else "; ").join(finding.basis)
    if not basis:
        return finding.message.get(lang)
    return finding.message.get(lang) + (f"（依据：{basis}）" if lang == "zh" else f" (basis: {basis})")


def _result(finding: Finding, rule_index: dict[str, int], occurrence: int, lang: Lang,
            with_baseline: bool) -> dict[str, Any]:
    result: dict[str, Any] = {"ruleId": finding.check}
    if finding.check in rule_index:
        result["ruleIndex"] = rule_index[finding.check]
    result |= {
        "level": LEVELS[finding.severity],
        "message": {"text": _message(finding, lang)},
        "locations": [_location(finding.path, finding.line)],
        "partialFingerprints": {FINGERPRINT_KEY: fingerprint(finding.check, finding.path, finding.item, occurrence)},
        "properties": {"item": finding.item, "severity": finding.severity, "basis": list(finding.basis)},
    }
    if with_baseline:
        result["baselineState"] = "new"
    if finding.waived:
        suppression: dict[str, Any] = {"kind": "external", "status": "accepted",
                                       "justification": finding.waiver_reason or ""}
        approval = {k: v for k, v in (("approvedBy", finding.waiver_by),
                                      ("expires", finding.waiver_expires.isoformat() if finding.waiver_expires else None))
                    if v}
        if approval:
            suppression["properties"] = approval
        result["suppressions"] = [suppression]
    return result


def _notification(error: InputError, lang: Lang) -> dict[str, Any]:
    note: dict[str, Any] = {"level": "error", "message": {"text": str(error.as_json(lang)["message"])},
                            "descriptor": {"id": "GOVCHECK-INPUT"}}
    if error.path:
        location = _location(error.path, error.line)
        if error.line < 1:
            del location["physicalLocation"]["region"]
        note["locations"] = [location]
    return note


def as_document(result: RunResult, lang: Lang) -> dict[str, Any]:
    rules = list(result.rules)
    rule_index = {rule.id: index for index, rule in enumerate(rules)}
    seen: Counter[tuple[str, str, str]] = Counter()
    results = []
    for finding in result.findings:
        key = (finding.check, repo_path(finding.path), finding.item)
        results.append(_result(finding, rule_index, seen[key], lang, result.baseline is not None))
        seen[key] += 1
    errors = list(result.problems) + [e for f in result.files for e in f.errors]
    run: dict[str, Any] = {
        "tool": {"driver": {
            "name": "govcheck",
            "version": __version__,
            "semanticVersion": __version__,
            "rules": [_rule(r, result.settings.severity.get(r.id) or r.severity, lang) for r in rules],
        }},
        "invocations": [{"executionSuccessful": not errors,
                         "toolExecutionNotifications": [_notification(e, lang) for e in errors]}],
        "language": "zh-CN" if lang == "zh" else "en-US",
        "results": results,
        "properties": {"rulesDigest": result.digest},
    }
    return {"$schema": SCHEMA_URI, "version": "2.1.0", "runs": [run]}


def render(result: RunResult, lang: Lang) -> str:
    return json.dumps(as_document(result, lang), ensure_ascii=False, indent=2) + "\n"
