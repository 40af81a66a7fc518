"""``govcheck report --format md``: Markdown to paste into a written report.

Tables use GitHub-flavoured pipes. Every value from a record is escaped so that
it stays text in any renderer: ``< > &`` as entities (Markdown passes HTML
through), Markdown punctuation with a backslash, line breaks as spaces, and
the characters that make bare URLs and e-mail addresses into links as entities.
Control characters and over-long text were already dealt with (``sanitize``).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Iterator, Sequence

from govcheck.i18n import Lang
from govcheck.report.labels import labels_for, waiver_text
from govcheck.report.model import FindingRow, Report, Scope

_SPECIAL = re.compile(r"([\\`*_\[\]|~!#$])")  # what can change meaning inside a table cell or a heading
# GitHub's "extended autolinks" make https://…, www.… and a@b.c live links without any markup;
# the character that triggers each is written as an entity, which renders the same but links nothing.
_AUTOLINK = re.compile(r"(?i)(?<=[a-z0-9])(:)(?=//)|(?<![a-z0-9])(www)(\.)|(@)")
_ENTITIES = {":": "&#58;", ".": "&#46;", "@": "&#64;"}


def _unlink(match: re.Match[str]) -> str:
    colon, www, dot, at = match.groups()
    if www is not None:
        return www + _ENTITIES[dot]
    return _ENTITIES[colon or at]


def esc(value: object) -> str:
    """Record text as literal text in any Markdown renderer: no markup, no link, no line break."""
    text = str(value).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = re.sub(r"\s*[\r\n\u2028\u2029]+\s*", " ", text)
    text = _SPECIAL.sub(r"\\\1", text)
    return _AUTOLINK.sub(_unlink, text)


def _n(value: int | None) -> str:
    return "—" if value is None else f"{value:,}"


def _pct(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:.1f}%"


def _d(value: dt.date | None) -> str:
    return value.isoformat() if value is not None else "—"


def _table(headers: Sequence[str], rows: Iterable[Sequence[str]], right: Iterable[int] = ()) -> Iterator[str]:
    right = set(right)
    yield "| " + " | ".join(headers) + " |"
    yield "|" + "|".join("---:" if i in right else "---" for i in range(len(headers))) + "|"
    for row in rows:
        yield "| " + " | ".join(row) + " |"
    yield ""


def _status(f: FindingRow, lang: Lang) -> str:
    if f.waived:
        return esc(waiver_text(f.waiver_reason, f.waiver_by, f.waiver_expires, lang))
    return f.severity_label


def _period(s: Scope, L: dict[str, str]) -> str:
    return f"{_d(s.period_from)} – {_d(s.period_to)}" if s.period_from or s.period_to else L["period_all"]


def _scope(r: Report, L: dict[str, str]) -> Iterator[str]:
    s = r.scope
    yield from (f"# {esc(r.title)}", "", f"{esc('、'.join(s.units))} · {_period(s, L)}", "", f"## {L['sec_scope']}", "")
    rows = [
        (L["period"], _period(s, L)),
        (L["decision_span"], f"{_d(s.first_decision)} – {_d(s.last_decision)}"),
        (L["units"], esc("、".join(s.units)) or "—"),
        *([(L["unit_filter"], esc(s.unit_filter))] if s.unit_filter is not None else []),
        (L["files"], _n(s.files)),
        (L["files_read"], _n(s.files_read)),
        (L["item_count"], _n(s.items)),
        *([(L["excluded_period"], _n(s.excluded_period))] if s.excluded_period else []),
        *([(L["excluded_undated"], _n(s.excluded_undated))] if s.excluded_undated else []),
        *([(L["excluded_unit"], _n(s.excluded_unit))] if s.excluded_unit else []),
        (L["tool"], f"govcheck {s.tool_version}"),
        (L["engine"], s.engine),
        (L["rules_digest"], f"`{s.rules_digest}`"),
        (L["packs"], ", ".join(s.packs)),
        (L["settings"], esc(s.settings_path) if s.settings_path else L["settings_none"]),
        (L["settings_digest"], f"`{s.settings_sha256}`" if s.settings_sha256 else "—"),
        (L["as_of"], _d(s.as_of)),
        (L["corpus_run"], L["corpus_yes"] if s.corpus_run else L["corpus_no"]),
        (L["generated"], s.generated or L["generated_omitted"]),
    ]
    yield from _table(["", ""], rows)
    yield from (L["scope_proof"], "")


def _headline(r: Report, L: dict[str, str]) -> Iterator[str]:
    h = r.headline
    yield from (f"## {L['sec_headline']}", "")
    yield from _table(
        [
            L["item_count"],
            L["files"],
            L["findings"],
            L["errors"],
            L["warnings"],
            L["waived"],
            L["share_without_error"],
            L["unreadable"],
        ],
        [
            (
                _n(h.items),
                _n(h.files),
                _n(h.findings),
                _n(h.errors),
                _n(h.warnings),
                _n(h.waived),
                _pct(h.share_without_error),
                _n(h.unreadable),
            )
        ],
        right=range(8),
    )
    yield from (f"### {L['by_category']}", "")
    yield from _table(
        [L["category"], L["item_count"]],
        [
            (f"**{L['tiol_items']}**", f"**{_n(h.tiol_items)}**"),
            *((c.label, _n(c.value)) for c in h.categories),
            (L["mad_items"], _n(h.mad_items)),
            (L["fcr_items"], _n(h.fcr_items)),
        ],
        right=[1],
    )
    yield from (f"### {L['by_pack']}", "")
    yield from _table(
        [L["pack"], L["errors"], L["warnings"], L["infos"], L["waived"]],
        [(f"{p.label} ({p.pack})", _n(p.errors), _n(p.warnings), _n(p.infos), _n(p.waived)) for p in h.by_pack],
        right=[1, 2, 3, 4],
    )


def _checks(r: Report, L: dict[str, str]) -> Iterator[str]:
    yield from (f"## {L['sec_checks']}", "", L["checks_note"], "")
    yield from _table(
        [
            L["check"],
            L["check_title"],
            L["severity"],
            L["applicable"],
            L["failing"],
            L["share"],
            L["waived"],
            L["basis"],
        ],
        [
            (
                c.id,
                esc(c.title),
                c.severity_label,
                _n(c.applicable) + ("" if c.counted == "item" else f" ({L['counted_' + c.counted]})"),
                _n(c.failing),
                _pct(c.share),
                _n(c.waived),
                esc("；".join(c.basis)),
            )
            for c in r.checks
        ],
        right=[3, 4, 5, 6],
    )
    yield from (f"## {L['sec_trend']}", "", L["trend_note"], "")
    yield from _table(
        [L["month"], L["item_count"], L["findings"], L["errors"]],
        [(t.month or L["undated"], _n(t.items), _n(t.findings), _n(t.errors)) for t in r.trend],
        right=[1, 2, 3],
    )


def _lists(r: Report, L: dict[str, str]) -> Iterator[str]:
    yield from (f"## {L['sec_lists']}", "")
    for index, a in enumerate(r.lists, start=1):
        count = f"（{len(a.entries)}）" if r.lang == "zh" else f" ({len(a.entries)})"
        yield from (f"### {index}. {esc(a.title)}{count}", "", esc(a.explanation), "")
        if not a.entries:
            yield from (L["list_empty"], "")
            continue
        rows = []
        for entry in a.entries:
            f = r.findings[entry.finding - 1]
            item = r.items[entry.item_number - 1] if entry.item_number else None
            rows.append(
                (
                    f"#{entry.item_number}" if entry.item_number else "—",
                    esc(f.item),
                    _d(f.decision_date),
                    esc(item.title) if item else "",
                    f.check,
                    esc(f.message),
                    _status(f, r.lang),
                )
            )
        yield from _table(
            [L["no"], L["item_id"], L["date"], L["item_title"], L["check"], L["message"], L["status"]], rows
        )


def _findings_and_items(r: Report, L: dict[str, str]) -> Iterator[str]:
    yield from (f"## {L['sec_findings']}", "")
    if r.findings:
        yield from _table(
            [L["no"], L["check"], L["item_id"], L["date"], L["file"], L["message"], L["status"]],
            (
                (
                    f"#{f.item_number}" if f.item_number else "—",
                    f.check,
                    esc(f.item),
                    _d(f.decision_date),
                    esc(f"{f.path}:{f.cell or f.line}"),  # 台账.xlsx:2023年!F12 for a ledger cell
                    esc(f.message),
                    _status(f, r.lang),
                )
                for f in r.findings
            ),
        )
    else:
        yield from (L["no_findings"], "")
    yield from (f"## {L['sec_items']}", "")
    yield from _table(
        [
            L["no"],
            L["item_id"],
            L["date"],
            L["meeting"],
            L["item_title"],
            L["category"],
            L["amount"],
            L["item_findings"],
        ],
        (
            (
                str(i.number),
                esc(i.id),
                _d(i.decision_date),
                esc(i.meeting_id or "—"),
                esc(i.title),
                esc("、".join(i.categories)),
                _n(i.amount) if i.amount is not None else "",
                ", ".join(ref.check + (f" ({L['waived']})" if ref.waived else "") for ref in i.findings)
                or L["no_findings"],
            )
            for i in r.items
        ),
        right=[0, 6],
    )


def _register(r: Report, L: dict[str, str]) -> Iterator[str]:
    yield from (f"## {L['sec_waivers']}", "")
    if r.waivers:
        yield from _table(
            [
                L["waiver_item"],
                L["check"],
                L["reason"],
                L["approved_by"],
                L["expires"],
                L["state"],
                L["waived_findings"],
            ],
            [
                (
                    esc(w.item),
                    esc(w.check),
                    esc(w.reason),
                    esc(w.approved_by),
                    _d(w.expires),
                    w.state_label,
                    str(len(w.findings)),
                )
                for w in r.waivers
            ],
        )
    else:
        yield from (L["no_waivers"], "")
    yield from (f"## {L['sec_errors']}", "")
    if r.input_errors:
        yield from (L["input_errors_note"], "")
        yield from _table(
            [L["file"], L["line"], L["message"], L["hint"]],
            [
                (
                    esc(e.path),
                    esc(e.cell or str(e.line)) if e.line else L["whole_file"],
                    esc(e.message),
                    esc(e.hint or ""),
                )
                for e in r.input_errors
            ],
        )
    else:
        yield from (L["no_errors"], "")
    yield from (f"## {L['sec_inputs']}", "")
    yield from _table(
        [L["no"], L["file"], L["sha256"], L["item_count"], L["items_in_scope"]],
        (
            (
                str(n),
                esc(f.path) + (f" ({L['read_error']})" if f.error else ""),
                f"`{f.sha256}`" if f.sha256 else "—",
                _n(f.items),
                _n(f.in_scope),
            )
            for n, f in enumerate(r.scope.inputs, start=1)
        ),
        right=[0, 3, 4],
    )
    yield "*" + L["generated_by"].replace("{version}", r.scope.tool_version) + "*"


def render_chunks(report: Report) -> Iterator[str]:
    """The document line by line, for writing as it is made."""
    L = labels_for(report.lang)
    for section in (_scope, _headline, _payments, _checks, _lists, _findings_and_items, _register):
        for line in section(report, L):
            yield line + "\n"


def _payments(r: Report, L: dict[str, str]) -> Iterator[str]:
    p = r.payments
    if p is None:
        return
    yield from (f"## {L['sec_payments']}", "")
    rows = [
        (L["pay_file"], esc(p.path)),
        (L["pay_count"], _n(p.count)),
        (L["pay_amount"], _n(p.amount)),
        (L["pay_linked"], _n(p.linked)),
        (L["pay_linked_amount"], _n(p.linked_amount)),
        (L["pay_share"], _pct(p.share)),
        *((f"{check} {L['pay_findings']}", _n(n)) for check, n in p.findings),
    ]
    yield from _table(("", ""), rows, right=(1,))


def render(report: Report) -> str:
    return "".join(render_chunks(report))
