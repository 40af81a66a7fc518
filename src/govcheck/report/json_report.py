"""``govcheck report --format json``: the report's data for other tools.

Shape (keys in this order; dates ISO ``YYYY-MM-DD``; shares are fractions 0–1 rounded to 4 places):

- ``report``: ``format`` (1), ``lang``, ``title``, ``generated`` (absent with ``--reproducible``)
- ``tool``: ``name``, ``version``; ``rules``: ``packs``, ``digest``; ``settings``: ``path``, ``sha256``
- ``scope``: ``period`` {``from``, ``to``, ``first_decision``, ``last_decision``}, ``units``, ``unit_filter``,
  ``files``, ``files_read``, ``items``, ``excluded`` {``outside_period``, ``undated``, ``other_unit``},
  ``as_of``, ``corpus_run``, ``inputs`` [{``path``, ``sha256``, ``items``, ``in_scope``, ``error``}]
- ``summary``: ``files``, ``items``, ``findings``, ``errors``, ``warnings`` — the keys and meaning of
  ``validate --format json``'s summary — then ``infos``, ``waived``, ``unreadable``,
  ``items_without_error``, ``share_without_error``, ``tiol_items``, ``mad_items``, ``fcr_items``,
  ``categories`` {category: items}, ``by_pack`` {pack: {``errors``, ``warnings``, ``infos``, ``waived``}}
- ``checks`` [{``check``, ``pack``, ``title``, ``severity``, ``counted``, ``applicable``, ``failing``,
  ``findings``, ``waived``, ``share``, ``basis``}]
- ``trend`` [{``month`` (``YYYY-MM``, null for items without a date), ``items``, ``findings``, ``errors``}]
- ``lists`` [{``key``, ``title``, ``checks``, ``findings`` (finding numbers)}]
- ``items`` [{``n``, ``id``, ``file``, ``line``, ``cell`` (ledger rows only), ``title``, ``unit``, ``meeting``, ``date``, ``categories``,
  ``amount``, ``tiol``, ``findings`` (finding numbers)}]
- ``findings`` [{``n``, ``check``, ``severity``, ``file``, ``line``, ``cell`` (ledger cells only), ``item``, ``item_n``, ``message``,
  ``basis``, ``waived``, ``waiver`` ({``reason``, ``approved_by``, ``expires``}, only when waived)}]
- ``waivers`` [{``item``, ``check``, ``reason``, ``approved_by``, ``expires``, ``line``, ``state``
  (active | expired | stale | unused), ``findings``}]
- ``input_errors`` [{``file``, ``line``, ``cell`` (ledger cells only), ``message``, ``hint``}]
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from typing import Any

from govcheck.report.model import Report


def _day(value: dt.date | None) -> str | None:
    return value.isoformat() if value is not None else None


def _share(value: float | None) -> float | None:
    return round(value, 4) if value is not None else None


def as_document(report: Report) -> dict[str, Any]:
    s, h = report.scope, report.headline
    head: dict[str, Any] = {"format": 1, "lang": report.lang, "title": report.title}
    if s.generated is not None:
        head["generated"] = s.generated
    return {
        "report": head,
        "tool": {"name": "govcheck", "version": s.tool_version, "engine": s.engine},
        "rules": {"packs": list(s.packs), "digest": s.rules_digest},
        "settings": {"path": s.settings_path, "sha256": s.settings_sha256},
        "scope": {
            "period": {
                "from": _day(s.period_from),
                "to": _day(s.period_to),
                "first_decision": _day(s.first_decision),
                "last_decision": _day(s.last_decision),
            },
            "units": list(s.units),
            "unit_filter": s.unit_filter,
            "files": s.files,
            "files_read": s.files_read,
            "items": s.items,
            "excluded": {
                "outside_period": s.excluded_period,
                "undated": s.excluded_undated,
                "other_unit": s.excluded_unit,
            },
            "as_of": _day(s.as_of),
            "corpus_run": s.corpus_run,
            "inputs": [
                {"path": f.path, "sha256": f.sha256, "items": f.items, "in_scope": f.in_scope, "error": f.error}
                for f in s.inputs
            ],
        },
        "summary": {
            "files": h.files,
            "items": h.items,
            "findings": h.findings,
            "errors": h.errors,
            "warnings": h.warnings,
            "infos": h.infos,
            "waived": h.waived,
            "unreadable": h.unreadable,
            "items_without_error": h.items_without_error,
            "share_without_error": _share(h.share_without_error),
            "tiol_items": h.tiol_items,
            "mad_items": h.mad_items,
            "fcr_items": h.fcr_items,
            "categories": {c.key: c.value for c in h.categories},
            "by_pack": {
                p.pack: {"errors": p.errors, "warnings": p.warnings, "infos": p.infos, "waived": p.waived}
                for p in h.by_pack
            },
        },
        "checks": [
            {
                "check": c.id,
                "pack": c.pack,
                "title": c.title,
                "severity": c.severity,
                "counted": c.counted,
                "applicable": c.applicable,
                "failing": c.failing,
                "findings": c.findings,
                "waived": c.waived,
                "share": _share(c.share),
                "basis": list(c.basis),
            }
            for c in report.checks
        ],
        "trend": [
            {"month": t.month or None, "items": t.items, "findings": t.findings, "errors": t.errors}
            for t in report.trend
        ],
        "lists": [
            {"key": a.key, "title": a.title, "checks": list(a.checks), "findings": [e.finding for e in a.entries]}
            for a in report.lists
        ],
        "items": [
            {
                "n": i.number,
                "id": i.id,
                "file": i.path,
                "line": i.line,
                **({"cell": i.cell} if i.cell else {}),  # a ledger row's cell, as validate's JSON
                "title": i.title,
                "unit": i.unit,
                "meeting": i.meeting_id,
                "date": _day(i.decision_date),
                "categories": list(i.category_keys),
                "amount": i.amount,
                "tiol": i.is_tiol,
                "findings": [r.number for r in i.findings],
            }
            for i in report.items
        ],
        "findings": [
            {
                "n": f.number,
                "check": f.check,
                "severity": f.severity,
                "file": f.path,
                "line": f.line,
                **({"cell": f.cell} if f.cell else {}),
                "item": f.item,
                "item_n": f.item_number,
                "message": f.message,
                "basis": list(f.basis),
                "waived": f.waived,
            }
            | (
                {"waiver": {"reason": f.waiver_reason, "approved_by": f.waiver_by, "expires": _day(f.waiver_expires)}}
                if f.waived
                else {}
            )
            for f in report.findings
        ],
        "waivers": [
            {
                "item": w.item,
                "check": w.check,
                "reason": w.reason,
                "approved_by": w.approved_by,
                "expires": _day(w.expires),
                "line": w.line,
                "state": w.state,
                "findings": list(w.findings),
            }
            for w in report.waivers
        ],
        "input_errors": [
            {
                "file": e.path,
                "line": e.line,
                **({"cell": e.cell} if e.cell else {}),
                "message": e.message,
                "hint": e.hint,
            }
            for e in report.input_errors
        ],
        "payments": None
        if report.payments is None
        else {
            "file": report.payments.path,
            "count": report.payments.count,
            "amount": report.payments.amount,
            "linked": report.payments.linked,
            "linked_amount": report.payments.linked_amount,
            "linked_share": _share(report.payments.share),
            "findings": dict(report.payments.findings),
        },
    }


def render(report: Report) -> str:
    return "".join(render_chunks(report))


def render_chunks(report: Report) -> Iterator[str]:
    """The document in pieces, for writing as it is encoded (the same text as ``json.dumps``)."""
    yield from json.JSONEncoder(ensure_ascii=False, indent=2).iterencode(as_document(report))
    yield "\n"
