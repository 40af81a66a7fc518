"""Baselines: today's findings recorded so that only new ones are reported.

A finding is matched by file, item and check, never by line, so editing a
record above an old finding does not make it "new".  Paths are stored
relative to the baseline file, so the file works from any directory.
"""

from __future__ import annotations

import json
import os
from collections import Counter
from dataclasses import dataclass, field
from types import ModuleType
from typing import Any

from govcheck import __version__
from govcheck.findings.model import Finding
from govcheck.i18n import Lang, Text
from govcheck.loading.discovery import display_path
from govcheck.loading.files import FileProblem, read_regular
from govcheck.output.paths import slashed
from govcheck.pipeline import RunResult

FORMAT_VERSION = 1
MAX_BASELINE_BYTES = 256 * 2**20  # ~1 million findings; /dev/zero or a stray dump must not fill memory
Key = tuple[str, str, str]  # (absolute file, item, check)


# What to do about a --baseline file that is not one (every message but "not found", which says it itself).
REMAKE = Text(
    "修改方法：检查 --baseline 指向的是否是 govcheck baseline 写出的文件；需要时重新生成："
    "govcheck baseline 记录目录 -o .govcheck-baseline.json",
    "check that --baseline names a file written by govcheck baseline; to make a new one: "
    "govcheck baseline DIR -o .govcheck-baseline.json",
)


class BaselineError(Exception):
    def __init__(self, message: Text, hint: Text | None = REMAKE) -> None:
        super().__init__(message.en)
        self.message = Text(f"{message.zh}\n    {hint.zh}", f"{message.en}\n    {hint.en}") if hint else message


@dataclass(frozen=True)
class Fixed:
    file: str  # as shown to the user (relative to the working directory)
    item: str
    check: str


@dataclass
class BaselineOutcome:
    path: str
    known: list[Finding] = field(default_factory=list)  # findings the baseline hid
    fixed: list[Fixed] = field(default_factory=list)  # baselined findings that no longer occur

    @property
    def suppressed(self) -> int:
        return len(self.known)


def _key(path: str, item: str, check: str) -> Key:
    return (os.path.normcase(os.path.abspath(path)), item, check)


def baseline_relative(path: str, base: str, pathmod: ModuleType = os.path) -> str:
    """A record's path in the baseline: relative to the baseline's folder, ``/`` separated on every OS;
    absolute (slashed) for a record on another Windows drive, where no relative path exists."""
    full = pathmod.abspath(path)
    try:
        return slashed(pathmod.relpath(full, base), pathmod)
    except ValueError:
        return slashed(full, pathmod)


def build_document(result: RunResult, lang: Lang, baseline_path: str) -> dict[str, Any]:
    """The baseline file for ``result``: every finding that is not waived."""
    base = os.path.dirname(os.path.abspath(baseline_path)) if baseline_path != "-" else os.getcwd()
    entries = sorted(
        {
            (baseline_relative(f.path, base), f.item, f.check, f.severity, f.message.get(lang))
            for f in result.findings
            if not f.waived
        }
    )
    return {
        "govcheck_baseline": FORMAT_VERSION,
        "tool": {"name": "govcheck", "version": __version__},
        "findings": [
            {"file": file, "item": item, "check": check, "severity": severity, "message": message}
            for file, item, check, severity, message in entries
        ],
    }


def render(result: RunResult, lang: Lang, baseline_path: str) -> str:
    from govcheck.output.safe import json_safe

    return json_safe(json.dumps(build_document(result, lang, baseline_path), ensure_ascii=False, indent=2)) + "\n"


def load(path: str) -> Counter[Key]:
    """The findings a baseline file records, counted (the same key may occur more than once)."""
    try:
        raw = read_regular(path, MAX_BASELINE_BYTES)
    except FileProblem as problem:
        if problem.missing:
            raise BaselineError(
                Text(
                    f"找不到基线文件 {path}（先用 govcheck baseline 生成）",
                    f"baseline file {path} not found (create it with govcheck baseline)",
                ),
                None,
            ) from None
        raise BaselineError(
            Text(
                f"无法读取基线文件 {path}：{problem.message.zh}",
                f"cannot read baseline file {path}: {problem.message.en}",
            )
        ) from None
    if len(raw) > MAX_BASELINE_BYTES:
        raise BaselineError(
            Text(
                f"基线文件 {path} 超过 {MAX_BASELINE_BYTES // 2**20} MiB，不像 govcheck 基线文件",
                f"baseline file {path} is over {MAX_BASELINE_BYTES // 2**20} MiB: not a govcheck baseline",
            )
        )
    try:
        document = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise BaselineError(
            Text(f"无法读取基线文件 {path}：不是 UTF-8 文本", f"cannot read baseline file {path}: not UTF-8 text")
        ) from None
    except json.JSONDecodeError as exc:
        raise BaselineError(
            Text(
                f"无法读取基线文件 {path}：第 {exc.lineno} 行不是有效的 JSON（{exc.msg}）",
                f"cannot read baseline file {path}: invalid JSON on line {exc.lineno} ({exc.msg})",
            )
        ) from None
    except (ValueError, RecursionError):  # a number of thousands of digits; nesting deeper than Python's stack
        raise BaselineError(
            Text(
                f"{path} 不是 govcheck 基线文件（数字过长或嵌套过深）",
                f"{path} is not a govcheck baseline (a number too long or nesting too deep)",
            )
        ) from None
    if (
        not isinstance(document, dict)
        or document.get("govcheck_baseline") != FORMAT_VERSION
        or not isinstance(document.get("findings") or [], list)
    ):
        raise BaselineError(
            Text(
                f'{path} 不是 govcheck 基线文件（缺少 "govcheck_baseline": 1）',
                f'{path} is not a govcheck baseline (no "govcheck_baseline": 1)',
            )
        )
    base = os.path.dirname(os.path.abspath(path))
    keys: Counter[Key] = Counter()
    for index, entry in enumerate(document.get("findings") or []):
        if not (isinstance(entry, dict) and all(isinstance(entry.get(k), str) for k in ("file", "item", "check"))):
            raise BaselineError(
                Text(
                    f"{path}：第 {index + 1} 条记录缺少 file、item 或 check",
                    f"{path}: entry {index + 1} lacks file, item or check",
                )
            )
        keys[_key(os.path.join(base, entry["file"]), entry["item"], entry["check"])] += 1
    return keys


def _under(path: str, folders: list[str]) -> bool:
    return any(os.path.commonpath([path, folder]) == folder for folder in folders)


def apply(result: RunResult, recorded: Counter[Key], baseline_path: str, scope: list[str]) -> None:
    """Drop findings the baseline knows; report baselined findings that no longer occur as fixed.

    A baselined finding counts as fixed only where this run could see it: its file
    was read without input errors, or it was deleted from a checked directory.
    """
    remaining = Counter(recorded)
    kept: list[Finding] = []
    known: list[Finding] = []
    # A meeting-level check used to be reported on each item (TIOL-MATERIALS-ADVANCE, TIOL-QUORUM…): a
    # baseline written then names the items. The meeting's finding matches them, and takes them all.
    items_of = {(f.path, meeting): items for f in result.files for meeting, items in f.meeting_items.items()}
    for finding in result.findings:
        key = _key(finding.path, finding.item, finding.check)
        old = [_key(finding.path, i, finding.check) for i in items_of.get((finding.path, finding.item), ())]
        if not finding.waived and remaining[key] > 0:
            remaining[key] -= 1
            known.append(finding)
        elif not finding.waived and any(remaining[k] > 0 for k in old):
            for k in old:
                remaining[k] = 0
            known.append(finding)
        else:
            kept.append(finding)
    result.findings = kept
    read = {_key(f.path, "", "")[0] for f in result.files if not f.errors}
    folders = [os.path.normcase(os.path.abspath(p)) for p in scope if os.path.isdir(p)]
    fixed = []
    for (file, item, check), count in sorted(remaining.items()):
        if count > 0 and (file in read or (not os.path.exists(file) and _under(file, folders))):
            fixed += [Fixed(display_path(file), item, check)] * count
    result.baseline = BaselineOutcome(baseline_path, known, fixed)
