"""Read rule files (rules/<pack>/<ID>.yaml) and check them before use.

A rule file that names an unknown operator or fact field, lacks a message,
or has no passing and failing example is rejected with its file and line.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import os
import pickle
import string
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from govcheck.errors import InputError, InputProblems
from govcheck.facts.fields import FIELDS
from govcheck.i18n import Text
from govcheck.lazyre import lazy
from govcheck.loading import values
from govcheck.loading.schema import PACK, SEVERITY, UNIT_KIND
from govcheck.loading.yamlsource import YDict, YList, read_yaml_file
from govcheck.rulebook.cache import cached
from govcheck.rulebook.conditions import ConditionError, check_condition, parse_condition
from govcheck.rulebook.model import Basis, Join, Message, Rule, SeverityPeriod

if TYPE_CHECKING:
    from govcheck.rulebook.example import Example
    from govcheck.rulebook.plan import Due, Plan

BASE_EXAMPLE = "example-base.yaml"
RULE_ID = lazy(r"^[A-Z]+(-[A-Z0-9]+)+$")
RULE_KEYS = {
    "id",
    "pack",
    "title",
    "severity",
    "severity_periods",
    "severity_cases",
    "basis",
    "effective_from",
    "effective_to",
    "applies_when",
    "fails_when",
    "line",
    "message",
    "description",
    "examples",
    "scope",
    "corpus",
    "joins",
    "raised_by",
    "plan",
    "facts",
}
REQUIRED = ("id", "pack", "title", "severity", "basis", "description", "examples")
JOIN_KEYS = {"kind", "other", "when", "match", "exists", "message", "line"}
KINDS = ("item", "meeting", "payment")  # payment: a row of the payments ledger (--payments, pack audit)
JOIN_PLACEHOLDERS = ("other_file", "other_line")


def rules_dir() -> Path:
    """Installed wheels carry the rule files as govcheck/rulefiles; a source checkout has rules/.

    The one-file zipapp (scripts/build_pyz.py) unpacks its rule files for the run and names the folder.
    """
    unpacked = os.environ.get("GOVCHECK_PYZ_RULES_DIR")
    if unpacked:
        return Path(unpacked)
    # The package's own folder from __file__ (importlib.resources costs ~12 ms of start-up, and the
    # only non-directory install, the zipapp, names its unpacked folder above).
    packaged = Path(__file__).resolve().parents[1] / "rulefiles"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[3] / "rules"


class _RuleFile:
    def __init__(self, path: str) -> None:
        self.path = path
        self.errors: list[InputError] = []

    def error(self, line: int, zh: str, en: str, hint_zh: str = "", hint_en: str = "") -> None:
        hint = Text(hint_zh, hint_en) if hint_zh else None
        self.errors.append(InputError(self.path, line, Text(zh, en), hint))

    def text(self, node: YDict, key: str) -> Text | None:
        raw = node.get(key)
        if isinstance(raw, YDict) and isinstance(raw.get("zh"), str) and isinstance(raw.get("en"), str):
            return Text(raw["zh"].strip(), raw["en"].strip())
        self.error(node.line_of(key), f"{key} 应写成 {{zh: 中文, en: English}}", f"{key} must be {{zh: ..., en: ...}}")
        return None

    def date(self, node: YDict, key: str) -> dt.date | None:
        raw = node.get(key)
        if raw is None:
            return None
        try:
            return values.parse_date(raw)
        except values.ValueProblem as problem:
            self.error(node.line_of(key), f"{key}：{problem.message.zh}", f"{key}: {problem.message.en}")
            return None

    def condition(self, node: YDict, key: str) -> Any:
        try:
            cond = parse_condition(_plain(node[key]))
            check_condition(cond)
            return cond
        except ConditionError as exc:
            self.error(
                node.line_of(key),
                f"{key} 条件有误：{exc}",
                f"{key}: {exc}",
                "可用的事实字段见 `govcheck rules --fields`",
                "see `govcheck rules --fields` for fact fields",
            )
            return None

    def messages(self, node: YDict, extra: tuple[str, ...] = ()) -> tuple[Message, ...]:
        """message: {zh, en}, or a list of {when?, zh, en} picked by the first ``when`` that holds."""
        raw = node.get("message")
        entries = list(enumerate(raw)) if isinstance(raw, YList) else [(None, raw)]
        out: list[Message] = []
        for index, entry in entries:
            line = raw.line_of(index) if index is not None and isinstance(raw, YList) else node.line_of("message")
            holder = YDict(line)
            holder["message"] = entry
            holder.lines["message"] = line
            text = self.text(holder, "message")
            when = None
            line_field = None
            if isinstance(entry, YDict) and "when" in entry:
                when = self.condition(entry, "when")
            if isinstance(entry, YDict) and "line" in entry:
                line_field = entry["line"]
                if line_field not in FIELDS:
                    self.error(line, f"line 指向未知的事实字段 {line_field}", f"line names unknown fact {line_field}")
            if text is None:
                continue
            for lang_text in (text.zh, text.en):
                for _literal, name, _spec, _conv in string.Formatter().parse(lang_text):
                    if name is not None and name not in FIELDS and name not in extra:
                        self.error(
                            line,
                            f"message 中的 {{{name}}} 不是事实字段",
                            f"message uses {{{name}}}, which is not a fact field",
                        )
            out.append(Message(text, when, line_field))
        return tuple(out)


def _plain(node: Any) -> Any:
    if isinstance(node, YDict):
        return {k: _plain(v) for k, v in node.items()}
    if isinstance(node, YList):
        return [_plain(v) for v in node]
    return node


def _basis(rf: _RuleFile, node: YDict) -> tuple[Basis, ...]:
    raw = node.get("basis")
    if not isinstance(raw, YList) or not raw:
        rf.error(node.line_of("basis"), "basis 应列出至少一项法规依据", "basis must list at least one legal basis")
        return ()
    out = []
    for entry in raw:
        if not isinstance(entry, YDict) or not isinstance(entry.get("instrument"), str):
            rf.error(raw.line, "basis 每项需要 instrument（文件名称）", "each basis needs an instrument")
            continue
        unknown = set(entry) - {
            "instrument",
            "article",
            "note",
            "confidence",
            "effective_from",
            "effective_to",
            "kind",
            "when",
        }
        if unknown:
            rf.error(
                entry.line, f"basis 中未知的键：{', '.join(sorted(unknown))}", f"unknown basis keys: {sorted(unknown)}"
            )
        if entry.get("confidence") not in (None, "V1", "V2", "M"):
            rf.error(
                entry.line_of("confidence"),
                "basis 的 confidence 只能是 V1、V2 或 M（本单位规则不写）",
                "basis confidence must be V1, V2 or M (omit it for the unit's own rules)",
            )
        out.append(
            Basis(
                instrument=entry["instrument"],
                article=_opt_text(entry.get("article")),
                confidence=entry.get("confidence"),
                note=_opt_text(entry.get("note")),
                effective_from=rf.date(entry, "effective_from"),
                effective_to=rf.date(entry, "effective_to"),
                kinds=_basis_kinds(rf, entry),
                when=rf.condition(entry, "when") if "when" in entry else None,
                when_text=_plain(entry.get("when")),
            )
        )
    return tuple(out)


def _basis_kinds(rf: _RuleFile, entry: YDict) -> tuple[str, ...]:
    """kind: agency | soe | village | all, or a list of them (which units the basis serves)."""
    raw = entry.get("kind", "all")
    kinds = [raw] if isinstance(raw, str) else list(raw) if isinstance(raw, YList) else [raw]
    if kinds == ["all"]:
        return ()
    bad = [k for k in kinds if k not in UNIT_KIND.values]
    if bad or not kinds:
        rf.error(
            entry.line_of("kind"),
            f"basis 的 kind 应为 agency、soe、village 或 all，不能是 {bad or raw}",
            f"basis kind must be agency, soe, village or all, not {bad or raw}",
        )
        return ()
    return tuple(kinds)


def condition_text(raw: Any, lang: str = "zh") -> str:
    """A condition as its author wrote it (for `rules show`), joined with 且/或 (and/or)."""
    and_, or_ = (" 且 ", " 或 ") if lang == "zh" else (" and ", " or ")
    if isinstance(raw, list):
        return and_.join(condition_text(part, lang) for part in raw)
    if isinstance(raw, dict) and len(raw) == 1:
        ((key, parts),) = raw.items()
        joined = (and_ if key == "all" else or_).join(condition_text(part, lang) for part in parts)
        return f"（{joined}）" if lang == "zh" else f"({joined})"
    return str(raw)


def _opt_text(raw: Any) -> str | None:
    return None if raw is None else str(raw)


def _examples(rf: _RuleFile, node: YDict) -> tuple[Example, ...]:
    from govcheck.rulebook.example import Example  # only where rules are parsed (check_rules does without)

    raw = node.get("examples")
    out: list[Example] = []
    if not isinstance(raw, YDict):
        rf.error(node.line_of("examples"), "examples 需要 pass 和 fail 两组示例", "examples needs pass and fail lists")
        return ()
    for kind in ("pass", "fail"):
        entries = raw.get(kind)
        if not isinstance(entries, YList) or not entries:
            rf.error(raw.line, f"examples 缺少 {kind} 示例（至少一个）", f"examples needs at least one {kind} example")
            continue
        for index, entry in enumerate(entries):
            line = entries.line_of(index)
            if not isinstance(entry, YDict):
                rf.error(line, "示例应为映射", "an example must be a mapping")
                continue
            unknown = set(entry) - {"title", "base", "meeting", "item", "settings", "expect", "records", "payments"}
            if unknown:
                rf.error(
                    line, f"示例中未知的键：{', '.join(sorted(unknown))}", f"unknown example keys: {sorted(unknown)}"
                )
            title = rf.text(entry, "title") or Text("", "")
            out.append(
                Example(
                    kind == "pass",
                    title,
                    _plain(entry.get("meeting")),
                    _plain(entry.get("item")),
                    _plain(entry.get("settings")),
                    "meeting" in entry and entry["meeting"] is None,
                    line,
                    entry.get("base"),
                    _plain(entry.get("expect")),
                    _plain(entry.get("records")),
                    _plain(entry.get("payments")),
                )
            )
    return tuple(out)


def _joins(rf: _RuleFile, node: YDict) -> tuple[Join, ...]:
    raw = node.get("joins")
    if raw is None:
        return ()
    if not isinstance(raw, YList) or not raw:
        rf.error(node.line_of("joins"), "joins 应为列表", "joins must be a list")
        return ()
    out: list[Join] = []
    for index, entry in enumerate(raw):
        line = raw.line_of(index)
        if not isinstance(entry, YDict):
            rf.error(line, "joins 的每一项应为映射", "each join must be a mapping")
            continue
        for key in set(entry) - JOIN_KEYS:
            rf.error(
                entry.key_lines.get(key, line),
                f"join 中未知的键 {key}",
                f"unknown join key {key}",
                f"可用的键：{', '.join(sorted(JOIN_KEYS))}",
                f"allowed: {', '.join(sorted(JOIN_KEYS))}",
            )
        kind, other = entry.get("kind"), entry.get("other")
        if kind not in KINDS or other not in KINDS:
            rf.error(
                line,
                "join 的 kind 和 other 只能是 item、meeting 或 payment",
                "join kind and other must be item, meeting or payment",
            )
            continue
        match: list[tuple[str, str]] = []
        for pair in entry.get("match") or ():
            this_field, _, other_field = str(pair).partition("==")
            this_field, other_field = this_field.strip(), (other_field.strip() or this_field.strip())
            for name in (this_field, other_field):
                if name not in FIELDS:
                    rf.error(
                        entry.line_of("match"), f"match 中未知的事实字段 {name}", f"unknown fact field {name} in match"
                    )
            match.append((this_field, other_field))
        when = rf.condition(entry, "when") if "when" in entry else None
        line_field = entry.get("line")
        if line_field is not None and line_field not in FIELDS:
            rf.error(
                entry.line_of("line"), f"line 指向未知的事实字段 {line_field}", f"line names unknown fact {line_field}"
            )
        out.append(
            Join(
                kind,
                other,
                when,
                tuple(match),
                entry.get("exists") is not False,
                rf.messages(entry, JOIN_PLACEHOLDERS) if "message" in entry else (),
                line_field,
            )
        )
    return tuple(out)


def _severity_periods(rf: _RuleFile, node: YDict) -> tuple[SeverityPeriod, ...]:
    raw = node.get("severity_periods")
    out = []
    entries = raw if isinstance(raw, YList) else YList(node.line)
    for entry in entries:
        severity = entry.get("severity") if isinstance(entry, YDict) else None
        if severity not in SEVERITY.values:
            rf.error(entries.line, "severity_periods 每项需要 severity", "each severity period needs a severity")
            continue
        out.append(SeverityPeriod(severity, rf.date(entry, "effective_from"), rf.date(entry, "effective_to")))
    return (*_severity_cases(rf, node), *out)


def _severity_cases(rf: _RuleFile, node: YDict) -> tuple[SeverityPeriod, ...]:
    """severity_cases: [{severity: warning, when: not is_tiol}]: the first case whose condition holds wins."""
    raw = node.get("severity_cases")
    if raw is None:
        return ()
    out = []
    for entry in raw if isinstance(raw, YList) else ():
        severity = entry.get("severity") if isinstance(entry, YDict) else None
        if severity not in SEVERITY.values or "when" not in entry:
            rf.error(raw.line, "severity_cases 每项需要 severity 和 when", "each severity case needs severity and when")
            continue
        when = rf.condition(entry, "when")
        if when is not None:
            out.append(SeverityPeriod(severity, None, None, when, _plain(entry["when"])))
    return tuple(out)


def _plan_due(rf: _RuleFile, node: YDict, key: str) -> Due | None:
    from govcheck.rulebook.plan import PlanError, parse_due

    if key not in node:
        return None
    try:
        return parse_due(node[key])
    except PlanError as exc:
        rf.error(
            node.line_of(key),
            f"plan.{key} 写法不对：{exc}",
            f"plan.{key}: {exc}",
            "写成 meeting、meeting - 30 days、meeting - 7 working days、meeting - notice_days days 或 "
            "meeting + 20 working days",
            "write meeting, meeting - 30 days, meeting - 7 working days, "
            "meeting - notice_days days or meeting + 20 working days",
        )
        return None


def _plan(rf: _RuleFile, node: YDict) -> Plan | None:
    """The optional plan: section (steps for `govcheck checklist`); see rulebook/plan.py."""
    # Imported here: a check run's rules come from the cache without their plans (check_rules).
    from govcheck.rulebook.plan import PLACEHOLDERS, PLAN_KEYS, STAGES, Plan

    raw = node.get("plan")
    if raw is None:
        return None
    if not isinstance(raw, YDict):
        rf.error(node.line_of("plan"), "plan 应为映射（stage、due、step）", "plan must be a mapping (stage, due, step)")
        return None
    for key in set(raw) - PLAN_KEYS:
        rf.error(
            raw.key_lines.get(key, raw.line),
            f"plan 中未知的键 {key}",
            f"unknown plan key {key}",
            f"可用的键：{', '.join(sorted(PLAN_KEYS))}",
            f"allowed: {', '.join(sorted(PLAN_KEYS))}",
        )
    stage = raw.get("stage")
    if stage not in STAGES:
        rf.error(
            raw.line_of("stage"), f"plan.stage 应为 {'、'.join(STAGES)} 之一", f"plan.stage must be one of {STAGES}"
        )
    order = raw.get("order", 0)
    if not isinstance(order, int) or isinstance(order, bool):
        rf.error(raw.line_of("order"), "plan.order 应为整数", "plan.order must be a whole number")
        order = 0
    if "step" not in raw:
        rf.error(raw.line, "plan 缺少 step（要做的事，{zh, en}）", "plan is missing step ({zh, en})")
        return None
    holder = YDict(raw.line_of("step"))
    holder["message"] = raw["step"]
    holder.lines["message"] = raw.line_of("step")
    steps = rf.messages(holder, PLACEHOLDERS)
    due, not_before = _plan_due(rf, raw, "due"), _plan_due(rf, raw, "not_before")
    if stage == "at" and (due is not None or not_before is not None):
        rf.error(
            raw.line,
            "会上的步骤（stage: at）不写 due/not_before：日期就是会议日期",
            "a step at the meeting (stage: at) takes no due/not_before: its date is the meeting",
        )
    return Plan(str(stage), steps, due, not_before, order)


def load_rule_file(path: str) -> Rule:
    raw, _content = read_yaml_file(path)
    rf = _RuleFile(path)
    if not isinstance(raw, YDict):
        raise InputProblems([InputError(path, 1, Text("规则文件应为映射", "a rule file must be a mapping"))])
    for key in raw:
        if key not in RULE_KEYS:
            rf.error(
                raw.key_lines.get(key, raw.line),
                f"规则文件中未知的键 {key}",
                f"unknown rule key {key}",
                f"可用的键：{', '.join(sorted(RULE_KEYS))}",
                f"allowed: {', '.join(sorted(RULE_KEYS))}",
            )
    for key in REQUIRED:
        if key not in raw:
            rf.error(raw.line, f"规则文件缺少 {key}", f"rule file is missing {key}")
    if raw.get("raised_by") not in (None, "waivers", "settings"):
        rf.error(
            raw.line_of("raised_by"), "raised_by 只能是 waivers 或 settings", "raised_by must be waivers or settings"
        )
    if "joins" not in raw and "raised_by" not in raw:
        for key in ("applies_when", "fails_when", "message"):
            if key not in raw:
                rf.error(raw.line, f"规则文件缺少 {key}", f"rule file is missing {key}")
    if rf.errors:
        raise InputProblems(rf.errors)
    rule_id = raw["id"]
    if not isinstance(rule_id, str) or not RULE_ID().match(rule_id):
        rf.error(raw.line_of("id"), f"规则编号 {rule_id!r} 格式不对（如 TIOL-QUORUM）", f"bad rule id {rule_id!r}")
    if raw["pack"] not in PACK.values:
        rf.error(raw.line_of("pack"), f"未知的规则包 {raw['pack']}", f"unknown pack {raw['pack']}")
    if raw["severity"] not in SEVERITY.values:
        rf.error(raw.line_of("severity"), f"未知的严重程度 {raw['severity']}", f"unknown severity {raw['severity']}")
    scope = raw.get("scope", "item")
    if scope not in ("item", "meeting"):
        rf.error(raw.line_of("scope"), "scope 只能是 item 或 meeting", "scope must be item or meeting")
    line_field = raw.get("line")
    if line_field is not None and line_field not in FIELDS:
        rf.error(raw.line_of("line"), f"line 指向未知的事实字段 {line_field}", f"line names unknown fact {line_field}")
    facts = raw.get("facts", "item")
    if facts not in ("item", "payment") or (facts == "payment" and raw.get("corpus") is not True):
        rf.error(
            raw.line_of("facts"),
            "facts 只能是 item 或 payment（payment 规则须写 corpus: true）",
            "facts must be item or payment (a payment rule needs corpus: true)",
        )
    rule = Rule(
        id=str(rule_id),
        pack=str(raw["pack"]),
        title=rf.text(raw, "title") or Text("", ""),
        severity=str(raw["severity"]),
        basis=_basis(rf, raw),
        applies=rf.condition(raw, "applies_when") if "applies_when" in raw else None,
        fails=rf.condition(raw, "fails_when") if "fails_when" in raw else None,
        applies_text=_plain(raw.get("applies_when")),
        fails_text=_plain(raw.get("fails_when")),
        joins=_joins(rf, raw),
        raised_by=raw.get("raised_by"),
        messages=rf.messages(raw) if "message" in raw else (),
        description=rf.text(raw, "description") or Text("", ""),
        effective_from=rf.date(raw, "effective_from"),
        effective_to=rf.date(raw, "effective_to"),
        severity_periods=_severity_periods(rf, raw),
        scope=scope,
        line_field=line_field,
        examples=_examples(rf, raw),
        source=path,
        corpus=raw.get("corpus") is True,
        plan=_plan(rf, raw),
        facts=str(facts),
    )
    expected = Path(path).stem
    if expected != rule.id:
        rf.error(
            raw.line_of("id"), f"文件名应与规则编号一致：{rule.id}.yaml", f"the file should be named {rule.id}.yaml"
        )
    if rf.errors:
        raise InputProblems(rf.errors)
    return rule


@cache
def load_rules(directory: str | None = None) -> tuple[Rule, ...]:
    """Every rule of the rulebook, with its examples and its checklist plan."""
    rules, extras = _rulebook(directory)
    return tuple(
        dataclasses.replace(rule, examples=examples, plan=plan)
        for rule, (examples, plan) in zip(rules, pickle.loads(extras), strict=True)
    )


@cache
def check_rules(directory: str | None = None) -> tuple[Rule, ...]:
    """The rules as a check run uses them: without their examples and checklist plans, which only
    ``rules test``, ``rules show`` and ``checklist`` read (:func:`load_rules`). Equal to those rules
    (neither field is compared), and ~3 ms quicker to load: no Example to unpickle, no plan module."""
    return _rulebook(directory)[0]


def _rulebook(directory: str | None) -> tuple[tuple[Rule, ...], bytes]:
    """The rules without examples and plans, and (pickled, for :func:`load_rules`) each one's pair."""
    folder = Path(directory) if directory else rules_dir()
    every = sorted(folder.rglob("*.yaml"))
    files = [p for p in every if p.name != BASE_EXAMPLE]
    if not files:  # a broken install or a wrong folder must never pass as "no problems found"
        raise InputProblems(
            [
                InputError(
                    str(folder),
                    0,
                    Text(
                        "找不到规则文件：此文件夹中没有 *.yaml 规则", "no rule files: the folder holds no *.yaml rules"
                    ),
                    Text(
                        "govcheck 的安装不完整：请重新安装（pip install --force-reinstall govcheck），或检查规则文件夹的路径",
                        "the installation is incomplete: reinstall govcheck, or check the rules folder's path",
                    ),
                )
            ]
        )
    try:
        digest = _digest(folder, every)
    except OSError:
        return _split(_load_files(files))  # an unreadable rule file: parsing it says which one
    # The rule files are read once per run: their digest keys the cache and is the run's rules digest.
    _DIGESTS[folder] = digest
    return cached(folder, digest, lambda: _split(_load_files(files)))


def _split(rules: tuple[Rule, ...]) -> tuple[tuple[Rule, ...], bytes]:
    extras = pickle.dumps([(rule.examples, rule.plan) for rule in rules], protocol=pickle.HIGHEST_PROTOCOL)
    return tuple(dataclasses.replace(rule, examples=(), plan=None) for rule in rules), extras


def _load_files(files: list[Path]) -> tuple[Rule, ...]:
    errors: list[InputError] = []
    rules: list[Rule] = []
    for file in files:
        try:
            rules.append(load_rule_file(str(file)))
        except InputProblems as problems:
            errors.extend(problems.errors)
    seen: dict[str, str] = {}
    for rule in rules:
        if rule.id in seen:
            errors.append(
                InputError(
                    rule.source,
                    1,
                    Text(
                        f"规则编号 {rule.id} 重复（另见 {seen[rule.id]}）",
                        f"duplicate rule id {rule.id} (also {seen[rule.id]})",
                    ),
                )
            )
        seen[rule.id] = rule.source
    if errors:
        raise InputProblems(errors)
    return tuple(sorted(rules, key=lambda r: r.id))


_DIGESTS: dict[Path, str] = {}  # rules folder → the digest of the files load_rules read there


def _digest(folder: Path, files: list[Path]) -> str:
    digest = hashlib.sha256()
    for file in files:
        digest.update(file.relative_to(folder).as_posix().encode())
        digest.update(b"\0")
        digest.update(file.read_bytes())
    return "sha256:" + digest.hexdigest()


def rules_digest(directory: str | None = None) -> str:
    """The digest of every rule file (and the examples' base record): the rules a run used.

    After :func:`load_rules`, the digest of the files it read (so the two always agree)."""
    folder = Path(directory) if directory else rules_dir()
    known = _DIGESTS.get(folder)
    return known if known is not None else _digest(folder, sorted(folder.rglob("*.yaml")))
