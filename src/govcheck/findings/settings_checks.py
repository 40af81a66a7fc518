"""Checks on the unit's settings themselves, raised once per run (``raised_by: settings``).

REC-THRESHOLD-UNSET: without ``thresholds.large_fund`` no item is 三重一大 by its
amount, so amount-based scope (TIOL-SCOPE, PROC-NO-SPLITTING, major contracts)
quietly does nothing; auditors ask for the unit's 上会标准 first. The finding
points at the settings file (its ``thresholds`` line, else its first line), or at
``govcheck.yaml`` line 0 when the run has no settings file.
"""

from __future__ import annotations

from govcheck.findings.model import Finding
from govcheck.i18n import Text
from govcheck.loading.settings import Settings
from govcheck.rulebook.model import Rule

THRESHOLD_UNSET = "REC-THRESHOLD-UNSET"
SUBJECT = "thresholds"  # the finding's item: the settings key it is about


def settings_findings(settings: Settings, rules: dict[str, Rule]) -> list[Finding]:
    """The findings about the settings, for the rules of this run (records pack: always on)."""
    rule = rules.get(THRESHOLD_UNSET)
    if rule is None or settings.large_fund is not None:
        return []
    if settings.path is None:
        path, line = "govcheck.yaml", 0
        message = Text(
            "未找到单位设置文件，未设置大额资金上会标准，无法按金额判断哪些事项属于“三重一大”事项；"
            "请运行 govcheck init 生成设置文件，并按本单位“三重一大”事项清单填写大额资金标准",
            "no settings file, so no large-fund threshold: no item is 三重一大 by its amount; run govcheck init "
            "and set thresholds.large_fund from the unit's 三重一大 list",
        )
    else:
        path, line = settings.path, settings.lines.get(SUBJECT, 1)
        message = Text(
            "单位设置未设置大额资金上会标准，无法按金额判断哪些事项属于“三重一大”事项；"
            "请按本单位“三重一大”事项清单在设置文件中填写大额资金标准",
            "the settings set no large-fund threshold, so no item is 三重一大 by its amount; set "
            "thresholds.large_fund from the unit's 三重一大 list",
        )
    return [
        Finding(
            check=rule.id,
            severity=settings.severity.get(rule.id) or rule.severity,
            path=path,
            line=line,
            item=SUBJECT,
            message=message,
            basis=tuple(b.cite() for b in rule.basis_on(None, settings.unit_kind)),
            title=rule.title,
        )
    ]
