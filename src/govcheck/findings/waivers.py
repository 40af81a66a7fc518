"""Accepted exceptions (waivers) from govcheck.yaml, governed rather than silent.

A waiver names an item (or meeting) and a check, with a reason, who approved
it and an expiry date. A waived finding is still reported, marked waived,
and does not fail the run. An expired waiver no longer applies and raises
REC-WAIVER-EXPIRED; a waiver that matches nothing it could have matched
raises REC-WAIVER-STALE. Expiry is judged against the run date (``--as-of``
fixes it, so that an audit re-run later gives the same result).
"""

from __future__ import annotations

import dataclasses
import datetime as dt

from govcheck.facts.build import chinese_date
from govcheck.findings.model import Finding
from govcheck.i18n import Text
from govcheck.loading.settings import Settings, Waiver
from govcheck.rulebook.model import Rule

EXPIRED = "REC-WAIVER-EXPIRED"
STALE = "REC-WAIVER-STALE"


def _settings_finding(rule: Rule, settings: Settings, waiver: Waiver, message: Text) -> Finding:
    return Finding(
        check=rule.id,
        severity=settings.severity.get(rule.id) or rule.severity,
        path=settings.path or "govcheck.yaml",
        line=waiver.line,
        item=waiver.item,
        message=message,
        basis=tuple(b.cite() for b in rule.basis_on(None, settings.unit_kind)),
        title=rule.title,
    )


def apply_waivers(
    findings: list[Finding],
    settings: Settings,
    rules: dict[str, Rule],
    as_of: dt.date,
    checked_items: set[str],
    corpus_run: bool,
    meeting_items: dict[str, list[str]] | None = None,
) -> list[Finding]:
    """Mark waived findings; add findings about expired and stale waivers. Returns the new list.

    A meeting-level finding (its item is the meeting id) is waived by a waiver naming the meeting, or,
    as before these checks were reported once per meeting, by one naming any item of that meeting
    (``meeting_items``: meeting id → item ids); such a waiver is not stale.
    """
    if not settings.waivers:
        return findings
    by_key: dict[tuple[str, str], Waiver] = {(w.item, w.check): w for w in settings.waivers}
    used: set[tuple[str, str]] = set()
    out: list[Finding] = []
    items_of = meeting_items or {}
    for finding in findings:
        waiver = by_key.get((finding.item, finding.check))
        if waiver is None:
            waiver = next(
                (w for i in items_of.get(finding.item, ()) if (w := by_key.get((i, finding.check))) is not None), None
            )
        if waiver is not None:
            used.add((waiver.item, waiver.check))
            if waiver.expires is None or waiver.expires >= as_of:
                finding = dataclasses.replace(
                    finding,
                    waived=True,
                    waiver_reason=waiver.reason,
                    waiver_by=waiver.approved_by,
                    waiver_expires=waiver.expires,
                )
        out.append(finding)
    for waiver in settings.waivers:
        key = (waiver.item, waiver.check)
        if waiver.expires is not None and waiver.expires < as_of and EXPIRED in rules:
            state = "仍有对应问题，现按未豁免报告" if key in used else "已无对应问题，可删除"
            state_en = "the finding it covered is reported again" if key in used else "it no longer matches anything"
            out.append(
                _settings_finding(
                    rules[EXPIRED],
                    settings,
                    waiver,
                    Text(
                        f"对 {waiver.item} 的 {waiver.check} 豁免已于{chinese_date(waiver.expires)}到期"
                        f"（检查日期{chinese_date(as_of)}），不再适用；{state}",
                        f"the waiver of {waiver.check} for {waiver.item} expired on {waiver.expires} (run date {as_of}); {state_en}",
                    ),
                )
            )
        elif key not in used and STALE in rules and (waiver.item in checked_items or corpus_run):
            where = "该议题本次检查没有这个问题" if waiver.item in checked_items else "记录库中没有这个议题或会议"
            where_en = (
                "the item has no such finding in this run"
                if waiver.item in checked_items
                else "no item or meeting has this id in the records"
            )
            out.append(
                _settings_finding(
                    rules[STALE],
                    settings,
                    waiver,
                    Text(
                        f"对 {waiver.item} 的 {waiver.check} 豁免没有对应的问题（{where}）：请删除或更正这条豁免",
                        f"the waiver of {waiver.check} for {waiver.item} matches nothing ({where_en}): remove or correct it",
                    ),
                )
            )
    return out
