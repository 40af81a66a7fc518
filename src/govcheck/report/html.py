"""``govcheck report --format html``: one self-contained, printable file.

Inline CSS (with an A4 print stylesheet), charts as inline SVG, no script and
no network (a Content-Security-Policy forbids both, as a second line of
defence). The template is rendered by jinja2 with autoescaping on for every
value: a record whose title contains ``<script>`` shows that text.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterator
from functools import cache
from types import SimpleNamespace

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from govcheck.i18n import Lang
from govcheck.report import charts
from govcheck.report.labels import labels_for, waiver_text
from govcheck.report.model import FindingRow, Report


def _number(value: int | None) -> str:
    return "—" if value is None else f"{value:,}"


def _percent(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:.1f}%"


def _day(value: dt.date | None) -> str:
    return value.isoformat() if value is not None else "—"


#: The report's fonts: CJK faces of the common systems, then generic families, so that any CJK font a
#: system has is used (a Linux server needs one installed: fonts-noto-cjk, google-noto-sans-cjk-fonts).
FONT_STACK = Markup(
    '"Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "Source Han Sans CN", "PingFang SC", '
    '"Hiragino Sans GB", "Microsoft YaHei", "WenQuanYi Micro Hei", "WenQuanYi Zen Hei", "Droid Sans Fallback", '
    '"Helvetica Neue", Arial, system-ui, sans-serif'
)

RUNNING_HEADER_CHARS = 80  # longer unit lists are cut (the cover and section 1 have them all)


def _css_string(value: str) -> Markup:
    """A CSS string literal for the page's margin boxes (inside <style>, where HTML escaping does not apply).

    Every character but ASCII letters and digits is written as a six-digit hex escape, so no record text
    can end the string, the rule or the style element. Spaces too: CSS takes one space after a hex
    escape as the escape's end, so a plain space there would vanish."""
    body = "".join(ch if ch.isascii() and ch.isalnum() else f"\\{ord(ch):06x}" for ch in value)
    return Markup(f'"{body}"')


@cache
def _environment() -> Environment:
    env = Environment(
        loader=PackageLoader("govcheck.report", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(number=_number, percent=_percent, day=_day, css_string=_css_string)
    return env


def _waiver_filter(lang: Lang) -> Callable[[FindingRow], str]:
    def describe(finding: FindingRow) -> str:
        return waiver_text(finding.waiver_reason, finding.waiver_by, finding.waiver_expires, lang)

    return describe


def _period(report: Report, labels: dict[str, str]) -> str:
    s = report.scope
    if s.period_from or s.period_to:
        return f"{_day(s.period_from)} – {_day(s.period_to)}"
    return labels["period_all"]


def _running_header(report: Report, labels: dict[str, str]) -> str:
    """The unit(s) and the period, for the top of every printed page."""
    units = list(report.scope.units)
    sep = "、" if report.lang == "zh" else ", "
    shown = sep.join(units)
    if len(shown) > RUNNING_HEADER_CHARS and len(units) > 1:
        shown = units[0] + " " + labels["more_units"].format(total=len(units), more=len(units) - 1)
    if len(shown) > RUNNING_HEADER_CHARS:
        shown = shown[: RUNNING_HEADER_CHARS - 1] + "…"
    period = _period(report, labels)
    return f"{shown} · {period}" if shown else period


def render(report: Report) -> str:
    return "".join(render_chunks(report))


def render_chunks(report: Report) -> Iterator[str]:
    """The page in pieces, for writing as it is made: a year of records never sits in memory as one string."""
    labels = labels_for(report.lang)
    category_chart = charts.category_bars(report.headline.categories, labels["by_category"])
    trend_chart = charts.trend_bars(
        report.trend, labels["sec_trend"], labels["chart_items"], labels["chart_findings"], labels["undated"]
    )
    checks_with_findings = [c for c in report.checks if c.findings]
    findings_by_check: dict[str, list[FindingRow]] = defaultdict(list)
    for finding in report.findings:
        findings_by_check[finding.check].append(finding)
    return (
        _environment()
        .get_template("report.html.j2")
        .generate(
            r=report,
            s=report.scope,
            h=report.headline,
            L=SimpleNamespace(**labels),  # attributes only: L.items must be a label, never dict.items
            html_lang="zh-CN" if report.lang == "zh" else "en",
            sep="、" if report.lang == "zh" else ", ",
            findings=report.findings,
            waiver=_waiver_filter(report.lang),
            category_chart=Markup(category_chart),  # built from escaped text only (charts.py)
            trend_chart=Markup(trend_chart),
            checks_with_findings=checks_with_findings,
            font_stack=FONT_STACK,
            running_left=_running_header(report, labels),
            running_right=f"{labels['title']} · govcheck {report.scope.tool_version}",
            page_before=labels["page_before"],
            page_between=labels["page_between"],
            page_after=labels["page_after"],
            findings_by_check=findings_by_check,
        )
    )
