"""``--format junit``: JUnit XML as GitLab (``artifacts:reports:junit``) and Jenkins read it.

- one ``testsuite`` per record file;
- one ``testcase`` per check and item (meeting-scope checks: per check and
  meeting), ``classname`` = check id (GitLab's "Suite" column), names unique
  across the whole report (GitLab keeps only the first of duplicate names);
- a finding is a ``failure`` with its message and legal basis; a waived finding,
  or one the baseline already knows, is ``skipped`` with the reason;
- an unreadable file or a broken settings file is an ``error``.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections import defaultdict

from govcheck.errors import InputError
from govcheck.findings.model import Finding
from govcheck.i18n import SEVERITY_NAMES, Lang
from govcheck.output.grouping import by_file
from govcheck.output.paths import repo_path
from govcheck.output.waived import waiver_note
from govcheck.pipeline import FileResult, RunResult
from govcheck.rulebook.model import Rule

_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
INPUT_CLASS = "GOVCHECK-INPUT"


def _clean(text: str) -> str:
    return _NOT_XML.sub("\ufffd", text)


class _Names:
    """Test case names, unique across the report."""

    def __init__(self) -> None:
        self.used: set[str] = set()

    def take(self, name: str, path: str) -> str:
        candidate = name if name not in self.used else f"{name} ({path})"
        number = 2
        while candidate in self.used:
            candidate, number = f"{name} ({path}) #{number}", number + 1
        self.used.add(candidate)
        return candidate


def _detail(findings: list[Finding], lang: Lang) -> str:
    label = "依据：" if lang == "zh" else "basis: "
    sep = "；" if lang == "zh" else "; "
    return "\n".join(f"{repo_path(f.path)}:{f.line}: {SEVERITY_NAMES[f.severity].get(lang)} {f.check} [{f.item}] "
                     f"{f.message.get(lang)}\n{label}{sep.join(f.basis)}" for f in findings)


def _case(suite: ET.Element, check: str, item: str, path: str, names: _Names) -> ET.Element:
    return ET.SubElement(suite, "testcase", {"classname": check, "name": names.take(f"{check} [{item}]", path),
                                            "file": repo_path(path), "time": "0"})


def _error(suite: ET.Element, error: InputError, names: _Names, lang: Lang) -> None:
    title = "读取" if lang == "zh" else "load"
    case = _case(suite, INPUT_CLASS, title, error.path or "govcheck", names)
    message = _clean(str(error.as_json(lang)["message"]))
    node = ET.SubElement(case, "error", {"type": "input", "message": message})
    node.text = _clean(error.render(lang))


def _pairs(file_result: FileResult, rules: tuple[Rule, ...]) -> list[tuple[str, str]]:
    pairs = []
    for rule in rules:
        if rule.raised_by is not None:  # about the settings (waivers), not checked on each item
            continue
        subjects = file_result.meetings if rule.scope == "meeting" else file_result.items
        pairs += [(rule.id, subject) for subject in subjects]
    return pairs


def _suite(parent: ET.Element, file_result: FileResult, findings: list[Finding], known: list[Finding],
           rules: tuple[Rule, ...], names: _Names, lang: Lang) -> None:
    suite = ET.SubElement(parent, "testsuite", {"name": repo_path(file_result.path)})
    for error in file_result.errors:
        _error(suite, error, names, lang)
    found: dict[tuple[str, str], list[Finding]] = defaultdict(list)
    for f in findings:
        found[(f.check, f.item)].append(f)
    baselined: dict[tuple[str, str], list[Finding]] = defaultdict(list)
    for f in known:
        baselined[(f.check, f.item)].append(f)
    pairs = list(dict.fromkeys(_pairs(file_result, rules) + list(found) + list(baselined)))
    for check, item in pairs:
        case = _case(suite, check, item, file_result.path, names)
        failing = [f for f in found.get((check, item), []) if not f.waived]
        waived = [f for f in found.get((check, item), []) if f.waived]
        if failing:
            node = ET.SubElement(case, "failure", {"type": failing[0].severity,
                                                   "message": _clean(failing[0].message.get(lang))})
            node.text = _clean(_detail(failing, lang))
        elif waived:
            notes = ("；" if lang == "zh" else "; ").join(dict.fromkeys(waiver_note(f, lang) for f in waived))
            node = ET.SubElement(case, "skipped", {"message": _clean(notes)})
            node.text = _clean(_detail(waived, lang))
        elif (check, item) in baselined:
            node = ET.SubElement(case, "skipped", {"message": "基线中的已知问题" if lang == "zh" else
                                                   "known finding, in the baseline"})
            node.text = _clean(_detail(baselined[(check, item)], lang))
    _count(suite)


def _count(suite: ET.Element) -> None:
    cases = suite.findall("testcase")
    suite.set("tests", str(len(cases)))
    for kind, attribute in (("failure", "failures"), ("error", "errors"), ("skipped", "skipped")):
        suite.set(attribute, str(sum(1 for c in cases if c.find(kind) is not None)))
    suite.set("time", "0")


def render(result: RunResult, lang: Lang) -> str:
    root = ET.Element("testsuites", {"name": "govcheck"})
    names = _Names()
    if result.problems:
        suite = ET.SubElement(root, "testsuite", {"name": "govcheck"})
        for problem in result.problems:
            _error(suite, problem, names, lang)
        _count(suite)
    known_by_file: dict[str, list[Finding]] = defaultdict(list)
    for f in result.baseline.known if result.baseline else []:
        known_by_file[f.path].append(f)
    for file_result, findings in by_file(result):
        _suite(root, file_result, findings, known_by_file.get(file_result.path, []), result.rules, names, lang)
    for attribute in ("tests", "failures", "errors", "skipped"):
        root.set(attribute, str(sum(int(s.get(attribute, "0")) for s in root.findall("testsuite"))))
    root.set("time", "0")
    ET.indent(root)
    return ET.tostring(root, encoding="unicode", xml_declaration=True) + "\n"
