"""The GitHub job summary: every finding as a Markdown table.

Annotations stop at 10 per type per step; the summary (``$GITHUB_STEP_SUMMARY``,
at most 1 MiB per step) has room for all of them.  The file is appended to,
as GitHub expects, in one write.
"""

from __future__ import annotations

import os
from collections.abc import Mapping

from govcheck.i18n import SEVERITY_NAMES, Lang
from govcheck.output.paths import repo_path
from govcheck.output.safe import one_line
from govcheck.output.text import baseline_lines, summary_line
from govcheck.output.waived import waiver_note
from govcheck.pipeline import RunResult

ENV = "GITHUB_STEP_SUMMARY"
MAX_BYTES = 900_000  # GitHub refuses summaries over 1 MiB; leave room for other steps' output


def cell(value: object) -> str:
    """Record text as literal text: no control character, no markup, no link, no line break
    (the md report's escaping, ``report.markdown.esc``)."""
    from govcheck.report.markdown import esc

    return esc(one_line(str(value).replace("\r", "").replace("\n", " ")))


def markdown(result: RunResult, lang: Lang) -> str:
    zh = lang == "zh"
    out = [f"### govcheck：{summary_line(result, lang)}" if zh else f"### govcheck: {summary_line(result, lang)}", ""]
    errors = list(result.problems) + [e for f in result.files for e in f.errors]
    if errors:
        out += ["**输入错误**" if zh else "**Input errors**", ""]
        out += [f"- {cell(e.render(lang))}" for e in errors]
        out.append("")
    if result.findings:
        header = (
            "| 文件 | 行 | 级别 | 检查项 | 议题 | 问题 | 依据 |"
            if zh
            else "| File | Line | Severity | Check | Item | Finding | Basis |"
        )
        out += [header, "|---|---|---|---|---|---|---|"]
        size = sum(len(line.encode()) + 1 for line in out)
        for index, f in enumerate(result.findings):
            severity = SEVERITY_NAMES[f.severity].get(lang)
            if f.waived:
                severity += f"（{waiver_note(f, lang)}）" if zh else f" ({waiver_note(f, lang)})"
            row = (
                f"| {cell(repo_path(f.path))} | {f.line} | {cell(severity)} | {cell(f.check)} | {cell(f.item)} "
                f"| {cell(f.message.get(lang))} | {cell(('；' if zh else '; ').join(f.basis))} |"
            )
            size += len(row.encode()) + 1
            if size > MAX_BYTES:
                rest = len(result.findings) - index
                out += [
                    "",
                    f"……另有 {rest} 个问题未列出（摘要超过 GitHub 的大小限制），见报告文件。"
                    if zh
                    else f"… {rest} more findings not listed (GitHub's summary size limit); see the report files.",
                ]
                break
            out.append(row)
        out.append("")
    lines = baseline_lines(result, lang)
    if result.baseline is not None:
        out += [cell(lines[0]), ""]
        if result.baseline.fixed:
            out += [cell(lines[1]), ""]
            out += [f"- {cell(f.file)} [{cell(f.item)}] {cell(f.check)}" for f in result.baseline.fixed]
            out.append("")
    return "\n".join(out) + "\n"


def append(result: RunResult, lang: Lang, environ: Mapping[str, str] | None = None) -> str | None:
    """Append the summary to ``$GITHUB_STEP_SUMMARY`` when it is set; return the path written."""
    path = (os.environ if environ is None else environ).get(ENV)
    if not path:
        return None
    with open(path, "a", encoding="utf-8", newline="\n") as handle:
        handle.write(markdown(result, lang))
    return path
