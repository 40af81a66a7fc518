"""Inline SVG charts for the HTML report: no script, no network, every label escaped.

Each function returns SVG markup as a string; all text in it has passed through
``html.escape``, so the HTML renderer may mark it safe.
"""

from __future__ import annotations

from html import escape

from govcheck.report.model import Count, Month

FONT = 'font-size="12"'
ITEMS_COLOUR = "#4a6fa5"
FINDINGS_COLOUR = "#c0392b"


def _nice_max(value: float) -> int:
    """A round number at or above ``value`` (1, 2, 5 × 10ⁿ)."""
    if value <= 1:
        return 1
    step = 1
    while True:
        for factor in (1, 2, 5):
            if step * factor >= value:
                return step * factor
        step *= 10


def _ticks(value: int) -> tuple[int, int]:
    """(tick step, axis top) for values up to ``value``: about four round steps."""
    step = _nice_max(value / 4)
    return step, step * max(1, -(-value // step))


def _text_width(text: str, size: int = 12) -> int:
    """A generous estimate of rendered width: wide (CJK) characters one em, others about 0.6 em."""
    return round(sum(size if ord(ch) > 0x2E80 else size * 0.6 for ch in text))


def category_bars(counts: tuple[Count, ...], title: str) -> str:
    """Horizontal bars: items per category."""
    label_w = max(80, max((_text_width(c.label) for c in counts), default=0) + 16)
    bar_w, row_h, pad = 420, 24, 8
    top = _nice_max(max((c.value for c in counts), default=0))
    height = pad * 2 + row_h * len(counts)
    width = label_w + bar_w + 70
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" aria-label="{escape(title)}"><title>{escape(title)}</title>'
    ]
    for index, count in enumerate(counts):
        y = pad + index * row_h
        length = round(bar_w * count.value / top)
        parts.append(f'<text x="{label_w - 8}" y="{y + 16}" text-anchor="end" {FONT}>{escape(count.label)}</text>')
        parts.append(f'<rect x="{label_w}" y="{y + 4}" width="{length}" height="{row_h - 8}" fill="{ITEMS_COLOUR}"/>')
        parts.append(f'<text x="{label_w + length + 6}" y="{y + 16}" {FONT}>{count.value}</text>')
    parts.append("</svg>")
    return "".join(parts)


def trend_bars(months: tuple[Month, ...], title: str, items_label: str, findings_label: str, undated_label: str) -> str:
    """Grouped columns per month: items and findings, with a legend and a y axis."""
    if not months:
        return ""
    left, right, top_pad, bottom, plot_h = 44, 12, 28, 46, 180
    group_w = max(14, min(56, 760 // len(months)))
    width = max(left + right + group_w * len(months), 300)  # room for the legend
    height = top_pad + plot_h + bottom
    step, top = _ticks(max(max(m.items, m.findings) for m in months))
    bar = max(4, (group_w - 6) // 2)
    every = max(1, (len(months) * 44) // (width - left - right) + 1)  # label spacing that keeps labels apart
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" aria-label="{escape(title)}"><title>{escape(title)}</title>'
    ]
    for value in range(0, top + 1, step):  # horizontal grid with values
        y = top_pad + plot_h - round(plot_h * value / top)
        parts.append(f'<line x1="{left}" y1="{y}" x2="{width - right}" y2="{y}" stroke="#ddd"/>')
        parts.append(f'<text x="{left - 6}" y="{y + 4}" text-anchor="end" {FONT}>{value}</text>')
    for index, month in enumerate(months):
        x = left + index * group_w + 3
        for offset, (value, colour) in enumerate(((month.items, ITEMS_COLOUR), (month.findings, FINDINGS_COLOUR))):
            h = round(plot_h * value / top)
            parts.append(
                f'<rect x="{x + offset * bar}" y="{top_pad + plot_h - h}" width="{bar - 1}" height="{h}" '
                f'fill="{colour}"><title>{escape(month.month or undated_label)}: {value}</title></rect>'
            )
        if index % every == 0:
            text = escape(month.month or undated_label)
            lx, ly = x + bar, top_pad + plot_h + 14
            parts.append(
                f'<text x="{lx}" y="{ly}" text-anchor="end" transform="rotate(-35 {lx} {ly})" '
                f'font-size="10">{text}</text>'
            )
    legend_y = 14
    for offset, (name, colour) in enumerate(((items_label, ITEMS_COLOUR), (findings_label, FINDINGS_COLOUR))):
        x = left + offset * 90
        parts.append(f'<rect x="{x}" y="{legend_y - 10}" width="12" height="12" fill="{colour}"/>')
        parts.append(f'<text x="{x + 16}" y="{legend_y}" {FONT}>{escape(name)}</text>')
    parts.append("</svg>")
    return "".join(parts)
