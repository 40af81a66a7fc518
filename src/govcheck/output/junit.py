"""``--format junit``: JUnit XML as GitLab (``artifacts:reports:junit``) and Jenkins read it.

- one ``testsuite`` per record file;
- by default one ``testcase`` per item (and per meeting, for the meeting-scope
  checks), ``classname`` = the record file: a failing case has one ``failure``
  that lists every finding of the item, each named by its check. 1,000 records
  make some 5,000 cases, far inside GitLab's limit of 250,000 XML objects per
  report (one case per check and item made 85,000 cases, 12 MB);
- ``--junit-per-check``: one ``testcase`` per check and item (meeting-scope
  checks: per check and meeting), ``classname`` = check id, as before;
- names are unique across the whole report (GitLab keeps only the first of
  duplicate names); every case has a ``file`` attribute (GitLab links it);
- a waived finding, or one the baseline already knows, is ``skipped`` with the
  reason (in a failing case it is listed after the failures);
- an unreadable file or a broken settings file is an ``error``;
- valid against the Jenkins xUnit JUnit schema (junit-10.xsd) but for the test
  cases' ``file`` attribute, which GitLab reads;
- no attribute holds a control character (tabs and line breaks become spaces,
  the rest U+FFFD): XML parsers normalise them away or refuse the file.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections import defaultdict
from collections.abc import Iterator

from govcheck.errors import InputError
from govcheck.findings.model import SEVERITY_ORDER, Finding
from govcheck.i18n import SEVERITY_NAMES, Lang, counted
from govcheck.output.grouping import by_file
from govcheck.output.paths import repo_path
from govcheck.output.safe import one_line, terminal
from govcheck.output.waived import waiver_note
from govcheck.pipeline import FileResult, RunResult
from govcheck.rulebook.model import Rule

_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
_SPACE_IN_ATTRIBUTE = re.compile("[\t\n\r]+")
_CONTROL_IN_ATTRIBUTE = re.compile("[\x00-\x1f\x7f-\x9f\ufffe\uffff\ud800-\udfff]")
INPUT_CLASS = "GOVCHECK-INPUT"
MESSAGE_CHARS = 500  # a failure's message attribute: the summary; the full text is the element's content


def _clean(text: str) -> str:
    """Element text: characters XML cannot hold become U+FFFD; line breaks stay; no other control
    character or bidi override either (``output.safe``: CI pages and consoles show this text)."""
    return terminal(_NOT_XML.sub("\ufffd", text))


def _attr(text: str) -> str:
    """Attribute value: no control character at all."""
    return one_line(_CONTROL_IN_ATTRIBUTE.sub("\ufffd", _SPACE_IN_ATTRIBUTE.sub(" ", text)))


def _element(parent: ET.Element, tag: str, attributes: dict[str, str], text: str | None = None) -> ET.Element:
    node = ET.SubElement(parent, tag, {key: _attr(value) for key, value in attributes.items()})
    if text is not None:
        node.text = _clean(text)
    return node


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
    return "\n".join(
        f"{repo_path(f.path)}:{f.line}: {SEVERITY_NAMES[f.severity].get(lang)} {f.check} [{f.item}] "
        f"{f.message.get(lang)}\n{label}{sep.join(f.basis)}"
        for f in findings
    )


def _case(suite: ET.Element, classname: str, name: str, path: str, names: _Names) -> ET.Element:
    return _element(
        suite,
        "testcase",
        {"classname": classname, "name": names.take(name, repo_path(path)), "file": repo_path(path), "time": "0"},
    )


def _error(suite: ET.Element, error: InputError, names: _Names, lang: Lang) -> None:
    title = "读取" if lang == "zh" else "load"
    path = error.path or "govcheck"
    case = _case(suite, INPUT_CLASS, f"{INPUT_CLASS} [{title}]", path, names)
    _element(case, "error", {"type": "input", "message": str(error.as_json(lang)["message"])}, error.render(lang))


def _subjects(file_result: FileResult, rules: tuple[Rule, ...]) -> list[tuple[str, str]]:
    """(check, subject) for every check run on this file's items and meetings."""
    pairs = []
    for rule in rules:
        if rule.raised_by is not None:  # about the settings (waivers), not checked on each item
            continue
        subjects = file_result.meetings if rule.scope == "meeting" else file_result.items
        pairs += [(rule.id, subject) for subject in subjects]
    return pairs


class _Outcomes:
    """One file's findings by (check, subject): failing, waived, and known to the baseline."""

    def __init__(self, findings: list[Finding], known: list[Finding]) -> None:
        self.failing: dict[tuple[str, str], list[Finding]] = defaultdict(list)
        self.waived: dict[tuple[str, str], list[Finding]] = defaultdict(list)
        self.known: dict[tuple[str, str], list[Finding]] = defaultdict(list)
        for f in findings:
            (self.waived if f.waived else self.failing)[(f.check, f.item)].append(f)
        for f in known:
            self.known[(f.check, f.item)].append(f)

    def pairs(self) -> list[tuple[str, str]]:
        return list(self.failing) + list(self.waived) + list(self.known)

    def of(self, subject: str) -> tuple[list[Finding], list[Finding], list[Finding]]:
        """Every failing, waived and known finding of one item or meeting, whatever the check."""
        return (
            [f for (_, s), found in self.failing.items() if s == subject for f in found],
            [f for (_, s), found in self.waived.items() if s == subject for f in found],
            [f for (_, s), found in self.known.items() if s == subject for f in found],
        )


def _skip_notes(waived: list[Finding], known: list[Finding], lang: Lang) -> str:
    notes = list(dict.fromkeys(waiver_note(f, lang) for f in waived))
    if known:
        notes.append("基线中的已知问题" if lang == "zh" else "known finding, in the baseline")
    return ("；" if lang == "zh" else "; ").join(notes)


def _outcome(case: ET.Element, failing: list[Finding], waived: list[Finding], known: list[Finding], lang: Lang) -> None:
    """A failure listing every failing finding (named by check), else skipped, else nothing (passed)."""
    if failing:
        worst = max(failing, key=lambda f: SEVERITY_ORDER.get(f.severity, 0))
        if len(failing) == 1:
            message = f"{failing[0].check}: {failing[0].message.get(lang)}"
        else:
            checks = list(dict.fromkeys(f.check for f in failing))
            message = (
                f"{len(failing)} 个问题：" + "、".join(checks)
                if lang == "zh"
                else f"{counted(len(failing), 'finding')}: " + ", ".join(checks)
            )
        text = _detail(failing, lang)
        if waived or known:
            heading = (
                "\n\n未计为失败（已豁免或在基线中）：\n"
                if lang == "zh"
                else "\n\nnot counted (waived or in the baseline):\n"
            )
            text += heading + _detail(waived + known, lang)
        _element(case, "failure", {"type": worst.severity, "message": message[:MESSAGE_CHARS]}, text)
    elif waived or known:
        _element(case, "skipped", {"message": _skip_notes(waived, known, lang)}, _detail(waived + known, lang))


def _suite_per_check(
    suite: ET.Element, file_result: FileResult, outcomes: _Outcomes, rules: tuple[Rule, ...], names: _Names, lang: Lang
) -> None:
    for check, subject in dict.fromkeys(_subjects(file_result, rules) + outcomes.pairs()):
        case = _case(suite, check, f"{check} [{subject}]", file_result.path, names)
        key = (check, subject)
        failing = outcomes.failing.get(key, [])
        _outcome(
            case,
            failing,
            [] if failing else outcomes.waived.get(key, []),
            [] if failing or key in outcomes.waived else outcomes.known.get(key, []),
            lang,
        )


def _suite_per_item(
    suite: ET.Element, file_result: FileResult, outcomes: _Outcomes, rules: tuple[Rule, ...], names: _Names, lang: Lang
) -> None:
    ran = _subjects(file_result, rules)
    subjects = list(dict.fromkeys([s for _, s in ran] + [s for _, s in outcomes.pairs()]))
    meetings = set(file_result.meetings)
    for subject in subjects:
        label = (
            (f"会议 {subject}" if lang == "zh" else f"meeting {subject}")
            if subject in meetings and subject not in file_result.items
            else subject
        )
        case = _case(suite, repo_path(file_result.path), label, file_result.path, names)
        _outcome(case, *outcomes.of(subject), lang)


def _count(suite: ET.Element) -> None:
    cases = suite.findall("testcase")
    suite.set("tests", str(len(cases)))
    for kind, attribute in (("failure", "failures"), ("error", "errors"), ("skipped", "skipped")):
        suite.set(attribute, str(sum(1 for c in cases if c.find(kind) is not None)))
    suite.set("time", "0")


def _suites(result: RunResult, lang: Lang, names: _Names) -> Iterator[ET.Element]:
    """The report's test suites, one at a time, each counted."""
    if result.problems:
        suite = ET.Element("testsuite", {"name": "govcheck"})
        for problem in result.problems:
            _error(suite, problem, names, lang)
        _count(suite)
        yield suite
    known_by_file: dict[str, list[Finding]] = defaultdict(list)
    for f in result.baseline.known if result.baseline else []:
        known_by_file[f.path].append(f)
    fill = _suite_per_check if result.junit_per_check else _suite_per_item
    for file_result, findings in by_file(result):
        suite = ET.Element(
            "testsuite", {"name": _attr(repo_path(file_result.path)), "file": _attr(repo_path(file_result.path))}
        )
        for error in file_result.errors:
            _error(suite, error, names, lang)
        fill(
            suite, file_result, _Outcomes(findings, known_by_file.get(file_result.path, [])), result.rules, names, lang
        )
        _count(suite)
        yield suite


def render(result: RunResult, lang: Lang) -> str:
    return "".join(render_chunks(result, lang))


def render_chunks(result: RunResult, lang: Lang) -> Iterator[str]:
    """The whole report as text, built one suite at a time, handed out suite by suite.

    Each suite becomes text as soon as it is complete and its elements are dropped: a tree of
    the whole report (50,000 items) held over 2 GiB, its text is a few tens of MB.
    """
    names = _Names()  # test case names stay unique across the whole report
    totals = dict.fromkeys(("tests", "failures", "errors"), 0)  # the xUnit schema has no ``skipped`` here
    parts: list[str] = []
    for suite in _suites(result, lang, names):
        for attribute in totals:
            totals[attribute] += int(suite.get(attribute, "0"))
        ET.indent(suite, level=1)
        parts.append(ET.tostring(suite, encoding="unicode"))
    root = ET.Element("testsuites", {"name": "govcheck", **{k: str(v) for k, v in totals.items()}, "time": "0"})
    head = ET.tostring(root, encoding="unicode", xml_declaration=True)
    if not parts:
        yield head + "\n"
        return
    assert head.endswith(" />")  # an empty element: reopen it around the suites
    yield head[:-3] + ">"
    for part in parts:  # the root's totals come first, so the suites' text is kept until here, not joined
        yield "\n  " + part
    yield "\n</testsuites>\n"
