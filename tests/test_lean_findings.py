"""Findings keep their evidence only for --explain: without it every output is unchanged."""

from __future__ import annotations

import datetime as dt

from conftest import EXAMPLES, run_cli
from govcheck.output import formatter
from govcheck.output.targets import FORMATS
from govcheck.pipeline import check_paths

AS_OF = dt.date(2023, 12, 31)


def test_without_explain_no_evidence_is_kept_and_outputs_are_the_same() -> None:
    full = check_paths([str(EXAMPLES / "minutes")], as_of=AS_OF, explain=True)
    lean = check_paths([str(EXAMPLES / "minutes")], as_of=AS_OF, explain=False)
    assert any(f.evidence for f in full.findings) and any(f.failed_condition for f in full.findings)
    assert all(not f.evidence and not f.failed_condition for f in lean.findings)
    assert len(full.findings) == len(lean.findings) > 0
    for fmt in FORMATS:
        for lang in ("zh", "en"):
            assert formatter(fmt)(full, lang) == formatter(fmt)(lean, lang), (fmt, lang)


def test_explain_still_shows_the_facts() -> None:
    shown = run_cli("validate", str(EXAMPLES / "minutes"), "--explain", "--as-of", "2023-12-31").stdout
    plain = run_cli("validate", str(EXAMPLES / "minutes"), "--as-of", "2023-12-31").stdout
    assert "规则查看的事实" in shown and "不合规条件" in shown
    assert "规则查看的事实" not in plain
