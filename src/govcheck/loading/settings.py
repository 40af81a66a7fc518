"""The unit settings file govcheck.yaml, with documented defaults."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from govcheck.errors import InputError, InputProblems
from govcheck.i18n import Text
from govcheck.loading.schema import MEETING_TYPE, NEVER_FORUM, SETTINGS, Validator
from govcheck.loading.yamlsource import YDict, YList, read_yaml_file

DEFAULT_COLLECTIVE_FORUMS = ("party_group", "party_committee", "executive", "standing", "plenary", "board")
DEFAULT_MAD_FORUMS = ("standing", "plenary")
# (1.1) forums deciding by majority vote; the other collective forums work under 行政首长负责制.
DEFAULT_VOTING_FORUMS = ("party_group", "party_committee", "board", "other")
DEFAULT_QUORUM = "at_least_half"  # 「半数以上」: half included (民法典 第一千二百五十九条)
DEFAULT_UNIT_KIND = "agency"
# (1.1) 国发〔2016〕34号: State Council departments and provincial governments from July 2016; city and
# county bodies joined from 2017 by local notices, so the unit sets its own start. The 《公平竞争审查条例》
# binds every drafting body from 2024-08-01 (第二十七条), so no unit can start later than that.
DEFAULT_FAIR_COMPETITION_FROM = dt.date(2016, 7, 1)
FAIR_COMPETITION_REGULATION = dt.date(2024, 8, 1)
DEFAULT_OPEN_TENDER = 4_000_000
DEFAULT_NOTICE_DAYS = 1
ALL_PACKS = ("tiol", "legality", "fair_competition", "major_admin_decision", "procurement", "records", "audit")


@dataclass(frozen=True)
class Term:
    """A person's term in a post (principal, roster member), dates inclusive."""

    name: str
    start: dt.date | None
    end: dt.date | None  # inclusive
    role: str | None = None

    def covers(self, day: dt.date) -> bool:
        return (self.start is None or self.start <= day) and (self.end is None or day <= self.end)


@dataclass(frozen=True)
class Waiver:
    """An accepted finding: item, check, why, who approved it, until when."""

    item: str
    check: str
    reason: str
    approved_by: str
    expires: dt.date | None
    line: int
    check_line: int = 0  # the line of its check id, for errors about that id


@dataclass(frozen=True)
class Settings:
    """A unit's settings (govcheck.yaml), read and checked."""

    path: str | None = None
    unit: str | None = None
    principal: tuple[Term, ...] = ()
    roster: tuple[Term, ...] | None = None  # None: no roster, members come from each record
    collective_forums: tuple[str, ...] = DEFAULT_COLLECTIVE_FORUMS
    mad_forums: tuple[str, ...] = DEFAULT_MAD_FORUMS
    voting_forums: tuple[str, ...] = DEFAULT_VOTING_FORUMS
    quorum: str = DEFAULT_QUORUM
    unit_kind: str = DEFAULT_UNIT_KIND
    fair_competition_from: dt.date = DEFAULT_FAIR_COMPETITION_FROM
    large_fund: int | Decimal | None = None  # no default: amount-based scope only where set
    open_tender: int | Decimal = DEFAULT_OPEN_TENDER
    open_tender_set: bool = False  # (1.1) the unit set its own standard (the province's); else the default
    notice_days: int = DEFAULT_NOTICE_DAYS
    packs: tuple[str, ...] = ALL_PACKS
    severity: dict[str, str] = field(default_factory=dict)
    severity_lines: dict[str, int] = field(default_factory=dict)
    exclude: tuple[str, ...] = ()
    waivers: tuple[Waiver, ...] = ()
    lines: dict[str, int] = field(default_factory=dict)

    def principal_on(self, day: dt.date | None) -> str | None:
        for term in self.principal:
            if day is None or term.covers(day):
                return term.name
        return None

    def members_on(self, day: dt.date) -> list[str] | None:
        if self.roster is None:
            return None
        return list(dict.fromkeys(term.name for term in self.roster if term.covers(day)))  # once, even if terms overlap


def _terms(raw: YList | None) -> tuple[Term, ...]:
    return tuple(Term(t["name"], t.get("from"), t.get("to"), t.get("role")) for t in raw or () if t)


def settings_from(path: str | None, data: YDict) -> Settings:
    principal = data.get("principal")
    principal_terms = (Term(principal, None, None),) if isinstance(principal, str) else _terms(principal)
    thresholds = data.get("thresholds") or {}
    waivers = data.get("waivers") or YList(0)
    return Settings(
        path=path,
        unit=data.get("unit"),
        principal=principal_terms,
        roster=_terms(data["roster"]) if "roster" in data else None,
        collective_forums=tuple(data.get("collective_forums", DEFAULT_COLLECTIVE_FORUMS)),
        mad_forums=tuple(data.get("mad_forums", DEFAULT_MAD_FORUMS)),
        voting_forums=tuple(data.get("voting_forums", DEFAULT_VOTING_FORUMS)),
        quorum=data.get("quorum") or DEFAULT_QUORUM,
        unit_kind=data.get("unit_kind") or DEFAULT_UNIT_KIND,
        fair_competition_from=data.get("fair_competition_from") or DEFAULT_FAIR_COMPETITION_FROM,
        large_fund=thresholds.get("large_fund"),
        open_tender=thresholds.get("open_tender", DEFAULT_OPEN_TENDER),
        open_tender_set=thresholds.get("open_tender") is not None,
        notice_days=data.get("notice_days", DEFAULT_NOTICE_DAYS),
        packs=tuple(data.get("packs", ALL_PACKS)),
        severity=dict(data.get("severity") or {}),
        severity_lines=dict(getattr(data.get("severity"), "lines", {})),
        exclude=tuple(data.get("exclude") or ()),
        waivers=tuple(
            Waiver(
                w["item"],
                w["check"],
                w["reason"],
                w["approved_by"],
                w.get("expires"),
                waivers.line_of(i),
                w.line_of("check") if isinstance(w, YDict) else waivers.line_of(i),
            )
            for i, w in enumerate(waivers)
            if w
        ),
        lines=dict(data.lines),
    )


def load_settings(path: str, display: str | None = None, encoding: str = "utf-8") -> Settings:
    shown = display or path
    raw, _content = read_yaml_file(path, shown, encoding)
    if not isinstance(raw, YDict):
        raise InputProblems(
            [
                InputError(
                    shown,
                    getattr(raw, "line", 1),
                    Text(
                        "govcheck.yaml 顶层应为映射（unit: …、roster: …）",
                        "govcheck.yaml should be a mapping (unit: …, roster: …)",
                    ),
                    Text(
                        "运行 `govcheck init` 生成带注释的设置文件；各项的说明见 `govcheck schema --settings`",
                        "run `govcheck init` for a commented settings file; `govcheck schema --settings` describes every key",
                    ),
                )
            ]
        )
    validator = Validator(shown)
    data = validator.check(SETTINGS, raw, "", raw.line)
    if isinstance(data, YDict):
        validator.errors += _never_forum_problems(shown, data)
        validator.errors += _term_order_problems(shown, data)
        validator.errors += _fair_competition_problems(shown, data)
    if validator.errors:
        raise InputProblems(sorted(validator.errors, key=lambda e: e.line))
    assert isinstance(data, YDict)
    return settings_from(shown, data)


def _never_forum_problems(path: str, data: YDict) -> list[InputError]:
    """Circulation, topic and on-site meetings and sign-off never replace a collective meeting."""
    problems: list[InputError] = []
    for key in ("collective_forums", "mad_forums", "voting_forums"):
        forums = data.get(key)
        if not isinstance(forums, YList):
            continue
        for index, forum in enumerate(forums):
            if forum not in NEVER_FORUM:
                continue
            name = MEETING_TYPE.values[forum]
            problems.append(
                InputError(
                    path,
                    forums.line_of(index),
                    Text(
                        f"{key} 不能包含 {forum}（{name.zh}）：传阅、会签、专题会议、现场办公会和个人签批都不是"
                        "集体决策会议，不能代替领导班子会议集体讨论决定",
                        f"{key} cannot include {forum} ({name.en}): circulation, topic meetings, on-site meetings "
                        "and individual sign-off never replace a collective meeting",
                    ),
                    Text(f"从 {key} 中删去 {forum}", f"remove {forum} from {key}"),
                )
            )
    return problems


def _fair_competition_problems(path: str, data: YDict) -> list[InputError]:
    """fair_competition_from lies where a unit's duty can have begun: not before 国发〔2016〕34号 took effect
    (July 2016), not after the 《公平竞争审查条例》 bound every drafting body (2024-08-01)."""
    start = data.get("fair_competition_from")
    if not isinstance(start, dt.date):
        return []
    earliest, latest = DEFAULT_FAIR_COMPETITION_FROM, FAIR_COMPETITION_REGULATION
    if earliest <= start <= latest:
        return []
    shown = f"{start.year}年{start.month}月{start.day}日"
    if start < earliest:
        message = Text(
            f"fair_competition_from 为{shown}，早于公平竞争审查制度开始实施的2016年7月1日"
            "（《国务院关于在市场体系建设中建立公平竞争审查制度的意见》（国发〔2016〕34号））",
            f"fair_competition_from is {start.isoformat()}, before the fair competition review began "
            "(2016-07-01, 国发〔2016〕34号)",
        )
    else:
        message = Text(
            f"fair_competition_from 为{shown}，晚于《公平竞争审查条例》施行的2024年8月1日；"
            "此后所有起草单位都应当开展公平竞争审查",
            f"fair_competition_from is {start.isoformat()}, after 2024-08-01, when the Regulation on fair "
            "competition review bound every drafting body",
        )
    return [
        InputError(
            path,
            data.line_of("fair_competition_from"),
            message,
            Text(
                "写本单位按本地实施通知开始公平竞争审查的日期（2016-07-01 至 2024-08-01 之间）；"
                "不清楚时删去本项，按默认的 2016-07-01",
                "write the day your local notice started the review for this unit (2016-07-01 to 2024-08-01); "
                "if unsure, remove the key for the default 2016-07-01",
            ),
        )
    ]


def _term_order_problems(path: str, data: YDict) -> list[InputError]:
    """A term that ends before it starts covers no day: the person would silently drop out."""
    problems: list[InputError] = []
    for key in ("principal", "roster"):
        terms = data.get(key)
        if not isinstance(terms, YList):
            continue
        for index, term in enumerate(terms):
            start, end = (term.get("from"), term.get("to")) if isinstance(term, YDict) else (None, None)
            if start is not None and end is not None and end < start:
                name = term.get("name")  # missing or invalid: reported on its own, not needed here
                who_zh, who_en = (f"（{name}）", f" ({name})") if isinstance(name, str) else ("", "")
                problems.append(
                    InputError(
                        path,
                        terms.line_of(index),
                        Text(
                            f"{key}[{index}]{who_zh}的任期结束日期 {end} 早于开始日期 {start}",
                            f"{key}[{index}]{who_en}: the term ends on {end}, before it starts on {start}",
                        ),
                        Text(
                            "检查 from 和 to 是否写反，或年份是否写错",
                            "check whether from and to are swapped or a year is wrong",
                        ),
                    )
                )
    return problems


def reference_errors(settings: Settings, known_checks: set[str]) -> list[InputError]:
    """Check ids named in the settings (severity, waivers) must exist; a waiver is stated once."""
    import difflib

    path = settings.path or "govcheck.yaml"
    errors: list[InputError] = []

    def unknown(check: str, line: int, where: str) -> InputError:
        close = difflib.get_close_matches(check, sorted(known_checks), n=1)
        hint = (
            Text(f"是不是 {close[0]}？", f"did you mean {close[0]}?")
            if close
            else Text("`govcheck rules` 列出全部检查项编号", "`govcheck rules` lists the check ids")
        )
        return InputError(
            path, line, Text(f"{where} 中的检查项 {check} 不存在", f"unknown check {check} in {where}"), hint
        )

    for check, line in (
        (c, settings.severity_lines.get(c, settings.lines.get("severity", 0))) for c in settings.severity
    ):
        if check not in known_checks:
            errors.append(unknown(check, line, "severity"))
    seen: dict[tuple[str, str], int] = {}
    for waiver in settings.waivers:
        if waiver.check not in known_checks:
            errors.append(unknown(waiver.check, waiver.check_line or waiver.line, "waivers"))
        key = (waiver.item, waiver.check)
        if key in seen:
            errors.append(
                InputError(
                    path,
                    waiver.line,
                    Text(
                        f"对 {waiver.item} 的 {waiver.check} 豁免重复（第{seen[key]}行已有）",
                        f"duplicate waiver of {waiver.check} for {waiver.item} (also line {seen[key]})",
                    ),
                    Text("每个议题和检查项只写一条豁免", "state each waiver once"),
                )
            )
        seen[key] = waiver.line
    return errors
