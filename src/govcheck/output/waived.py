"""How a waived finding is described: reason, who approved it, until when."""

from __future__ import annotations

from govcheck.findings.model import Finding
from govcheck.i18n import Lang


def waiver_note(finding: Finding, lang: Lang) -> str:
    if lang == "zh":
        until = f"，有效期至{finding.waiver_expires}" if finding.waiver_expires else ""
        by = f"（批准：{finding.waiver_by}{until}）" if finding.waiver_by else ""
        return f"已豁免：{finding.waiver_reason}{by}"
    until = f", until {finding.waiver_expires}" if finding.waiver_expires else ""
    by = f" (approved by {finding.waiver_by}{until})" if finding.waiver_by else ""
    return f"waived: {finding.waiver_reason}{by}"
