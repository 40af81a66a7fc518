"""The default output for people: findings grouped by file, one line each."""

from __future__ import annotations

from typing import TYPE_CHECKING

from govcheck.findings.model import Finding
from govcheck.i18n import SEVERITY_NAMES, Lang, counted
from govcheck.loading.cells import location
from govcheck.output.grouping import by_file
from govcheck.output.safe import one_line, terminal
from govcheck.output.summary import summarize
from govcheck.pipeline import RunResult

if TYPE_CHECKING:
    from govcheck.findings.why_not import NotApplied


def explain_lines(finding: Finding, lang: Lang) -> list[str]:
    """The facts behind a finding, in words an auditor reads (``--explain``)."""
    zh = lang == "zh"
    if not finding.evidence:
        return []
    out = ["      规则查看的事实：" if zh else "      facts the rule looked at:"]
    out += [
        f"        {e.meaning.get(lang)}（{e.field}）：{one_line(e.value.get(lang))}"
        if zh
        else f"        {e.meaning.get(lang)} ({e.field}): {one_line(e.value.get(lang))}"
        for e in finding.evidence
    ]
    if finding.failed_condition:
        out.append(("      不合规条件：" if zh else "      fails when: ") + finding.failed_condition)
    return out


def not_applied_lines(entries: list[NotApplied], lang: Lang) -> list[str]:
    """``--explain``: per item, the checks that did not run on it, grouped by the condition that was false."""
    zh = lang == "zh"
    by_item: dict[str, dict[str, list[str]]] = {}
    for entry in entries:
        by_item.setdefault(entry.item, {}).setdefault(entry.reason.get(lang), []).append(entry.check)
    out: list[str] = []
    for item, reasons in by_item.items():
        out.append(
            f"  {'议题' if zh else 'item'} {one_line(item)} {'未运行的检查：' if zh else 'checks that did not run:'}"
        )
        out += [
            f"    {('、' if zh else ', ').join(checks)}：{one_line(why)}"
            if zh
            else f"    {', '.join(checks)}: {one_line(why)}"
            for why, checks in reasons.items()
        ]
    return out


def render(result: RunResult, lang: Lang) -> str:
    zh = lang == "zh"
    lines: list[str] = []
    for problem in result.problems:
        lines.append(("输入错误 " if zh else "input error ") + problem.render(lang))
    for file_result, findings in by_file(result):
        if not findings and not file_result.errors and not (result.explain and file_result.not_applied):
            continue
        lines.append(one_line(file_result.path))
        for error in file_result.errors:
            lines.append("  " + ("输入错误 " if zh else "input error ") + error.render(lang))
        for f in findings:
            severity = SEVERITY_NAMES[f.severity].get(lang)
            basis = "；".join(f.basis) if zh else "; ".join(f.basis)
            waived = ""
            if f.waived:
                until = f"，有效期至{f.waiver_expires}" if f.waiver_expires else ""
                until_en = f", until {f.waiver_expires}" if f.waiver_expires else ""
                reason, by = one_line(str(f.waiver_reason)), one_line(str(f.waiver_by))
                waived = (
                    f"［已豁免：{reason}（批准：{by}{until}）］"
                    if zh
                    else f" [waived: {reason} (approved by {by}{until_en})]"
                )
            basis_text = f"（依据：{basis}）" if zh else f" (basis: {basis})"
            lines.append(
                f"  {one_line(location(f.path, f.line))}: {severity} {f.check} [{one_line(f.item)}] "
                f"{one_line(f.message.get(lang))}{basis_text}{waived}"
            )
            if result.explain:
                lines += explain_lines(f, lang)
        if result.explain:
            lines += not_applied_lines(file_result.not_applied, lang)
        lines.append("")
    if result.quiet:  # -q: findings and input errors only
        while lines and not lines[-1]:
            lines.pop()
        return "\n".join(lines) + "\n" if lines else ""
    lines.append(summary_line(result, lang))
    lines += baseline_lines(result, lang)
    return terminal("\n".join(lines) + "\n")  # the last pass: nothing from a record acts on the terminal


def summary_line(result: RunResult, lang: Lang) -> str:
    """The closing count line, shared with the GitHub step summary."""
    s = summarize(result)
    if lang == "zh":
        tail = (
            f"检查了 {s.files} 个文件、{s.items} 个议题：发现 {s.findings} 个问题（错误 {s.errors}，警告 {s.warnings}"
        )
        tail += f"，提示 {s.infos}" if s.infos else ""
        tail += f"，已豁免 {s.waived}" if s.waived else ""
        tail += "）"
        if s.input_errors:  # every input error listed above, and the files they are in
            tail += f"；{s.input_errors} 处输入错误（{s.unreadable} 个文件），"
            # a ledger with one bad meeting still checks its other rows: "not checked" would be untrue
            tail += (
                f"出错之处未检查（其中 {s.partly_checked} 个文件的其余部分已检查）"
                if s.partly_checked
                else "相关文件未检查"
            )
    else:
        tail = (
            f"checked {counted(s.files, 'file')}, {counted(s.items, 'item')}: {counted(s.findings, 'finding')} "
            f"({counted(s.errors, 'error')}, {counted(s.warnings, 'warning')}"
        )
        tail += f", {s.infos} info" if s.infos else ""
        tail += f", {s.waived} waived" if s.waived else ""
        tail += ")"
        if s.input_errors:
            count, files = s.input_errors, s.unreadable
            tail += f"; {counted(count, 'input error')} (in {counted(files, 'file')}), "
            tail += (
                f"what they concern was not checked (the rest of {counted(s.partly_checked, 'file')} was)"
                if s.partly_checked
                else "those files were not checked"
            )
    return tail


def baseline_lines(result: RunResult, lang: Lang) -> list[str]:
    """What ``--baseline`` hid and which of its findings are gone."""
    outcome = result.baseline
    if outcome is None:
        return []
    zh = lang == "zh"
    lines = [
        f"基线 {one_line(outcome.path)}：另有 {outcome.suppressed} 个已记录的问题未列出"
        if zh
        else f"baseline {one_line(outcome.path)}: {outcome.suppressed} known findings not shown"
    ]
    if outcome.fixed:
        lines.append(
            f"基线中 {len(outcome.fixed)} 个问题已不再出现（已修复），可重新生成基线："
            if zh
            else f"{len(outcome.fixed)} baselined findings no longer occur (fixed); consider regenerating the baseline:"
        )
        lines += [f"  {one_line(f.file)} [{one_line(f.item)}] {one_line(f.check)}" for f in outcome.fixed]
    return lines
