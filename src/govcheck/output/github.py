"""``--format github``: GitHub Actions workflow commands, one annotation per finding.

``::error file=…,line=…,title=…::message``, grouped per file with ``::group::``.
Values are escaped as actions/toolkit does (data: ``%`` CR LF; properties also
``:`` and ``,``), so a record's text can never start a command of its own.
GitHub shows only the first 10 annotations of each type per step, so a notice
says so up front, and the full list goes to the job summary (see
``step_summary``).
"""

from __future__ import annotations

from collections import Counter

from govcheck.errors import InputError
from govcheck.findings.model import Finding
from govcheck.i18n import Lang, counted
from govcheck.output.grouping import by_file
from govcheck.output.paths import repo_path
from govcheck.output.safe import one_line, terminal
from govcheck.output.text import baseline_lines, summary_line
from govcheck.output.waived import waiver_note
from govcheck.pipeline import RunResult

COMMANDS = {"error": "error", "warning": "warning", "info": "notice"}
SHOWN_PER_TYPE = 10


def escape_data(value: str) -> str:
    """A command's message: actions/toolkit's escapes, then no other control character (``output.safe``)."""
    return terminal(value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A"))


def escape_property(value: str) -> str:
    return escape_data(value).replace(":", "%3A").replace(",", "%2C")


def command(name: str, message: str, **properties: str | int) -> str:
    props = ",".join(f"{key}={escape_property(str(value))}" for key, value in properties.items())
    return f"::{name}{' ' + props if props else ''}::{escape_data(message)}"


def _basis(finding: Finding, lang: Lang) -> str:
    return ("依据：" if lang == "zh" else "basis: ") + ("；" if lang == "zh" else "; ").join(finding.basis)


def _annotation(finding: Finding, lang: Lang) -> str:
    message = f"{finding.message.get(lang)}\n{_basis(finding, lang)}\n[{finding.item}]"
    return command(
        COMMANDS[finding.severity],
        message,
        file=repo_path(finding.path),
        line=max(1, finding.line),
        title=f"{finding.check} {finding.title.get(lang)}",
    )


def _input_error(error: InputError, lang: Lang) -> str:
    title = "govcheck 输入错误" if lang == "zh" else "govcheck input error"
    message = str(error.as_json(lang)["message"])
    if not error.path:
        return command("error", message, title=title)
    if error.line < 1:
        return command("error", message, file=repo_path(error.path), title=title)
    return command("error", message, file=repo_path(error.path), line=error.line, title=title)


def _plain(text: str) -> str:
    """A log line that is not a command: one line, indented."""
    return "  " + one_line(text.replace("\r", " ").replace("\n", " "))


def render(result: RunResult, lang: Lang) -> str:
    zh = lang == "zh"
    lines: list[str] = []
    counts = Counter(COMMANDS[f.severity] for f in result.findings if not f.waived)
    counts["error"] += len(result.problems) + sum(len(f.errors) for f in result.files)
    if any(n > SHOWN_PER_TYPE for n in counts.values()):
        total = sum(counts.values())
        lines.append(
            command(
                "notice",
                (
                    f"共 {total} 条问题；GitHub 每个步骤每类只显示前 {SHOWN_PER_TYPE} 条标注，完整列表见本次运行的摘要（Summary）和报告文件"
                    if zh
                    else f"{counted(total, 'finding')}; GitHub shows only the first {SHOWN_PER_TYPE} annotations of each type per "
                    "step: see the run's summary and the report files for all of them"
                ),
                title="govcheck",
            )
        )
    lines += [_input_error(problem, lang) for problem in result.problems]
    for file_result, findings in by_file(result):
        if not findings and not file_result.errors:
            continue
        lines.append("::group::" + escape_data(repo_path(file_result.path)))
        lines += [_input_error(error, lang) for error in file_result.errors]
        for finding in findings:
            if finding.waived:
                lines.append(
                    _plain(
                        f"{finding.path}:{finding.line}: {finding.check} [{finding.item}] " + waiver_note(finding, lang)
                    )
                )
            else:
                lines.append(_annotation(finding, lang))
        lines.append("::endgroup::")
    if not result.quiet:  # -q: the annotations only (under GitHub Actions this is the default format)
        lines.append(summary_line(result, lang))
        lines += [_plain(line) for line in baseline_lines(result, lang)]
    return terminal("\n".join(lines) + "\n") if lines else ""
