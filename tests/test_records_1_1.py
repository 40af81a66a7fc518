"""Records pack 1.1: REC-THRESHOLD-UNSET once per run, and bases cited as the unit's own rules."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

from conftest import EXAMPLES, GOOD_RECORD, run_cli
from govcheck.rulebook.loader import load_rules


def _run(folder: Path, *args: str) -> dict:
    result = run_cli("validate", "--format", "json", *args, str(folder / "minutes"), cwd=folder)
    return json.loads(result.stdout)


def _folder(tmp_path: Path, settings: str | None) -> Path:
    (tmp_path / "minutes").mkdir()
    shutil.copy(GOOD_RECORD, tmp_path / "minutes" / GOOD_RECORD.name)
    shutil.copy(EXAMPLES / "minutes" / "2023-08-08-executive.yaml", tmp_path / "minutes")
    if settings is not None:
        (tmp_path / "govcheck.yaml").write_text(settings, encoding="utf-8")
    return tmp_path


def _unset(document: dict) -> list[dict]:
    return [f for f in document["findings"] if f["check"] == "REC-THRESHOLD-UNSET"]


def test_once_per_run_on_the_thresholds_line(tmp_path: Path) -> None:
    folder = _folder(tmp_path, "unit: 某区某局\nthresholds:\n  open_tender: 400万元\n")
    (finding,) = _unset(_run(folder))
    assert finding["file"].endswith("govcheck.yaml") and finding["line"] == 3  # in the thresholds block
    assert finding["severity"] == "warning"
    assert "大额资金上会标准" in finding["message"] and "large_fund" not in finding["message"]
    assert any("本单位“三重一大”事项清单" in b for b in finding["basis"])


def test_without_a_settings_file_it_says_so(tmp_path: Path) -> None:
    (finding,) = _unset(_run(_folder(tmp_path, None)))
    assert finding["line"] == 0 and "govcheck init" in finding["message"]


def test_a_unit_with_its_threshold_is_not_told(tmp_path: Path) -> None:
    assert not _unset(_run(_folder(tmp_path, "thresholds: {large_fund: 50万元}\n")))


def test_a_unit_may_lower_it_to_info(tmp_path: Path) -> None:
    folder = _folder(tmp_path, "severity: {REC-THRESHOLD-UNSET: info}\n")
    (finding,) = _unset(_run(folder))
    assert finding["severity"] == "info"


def test_records_bases_are_the_units_own_rules_without_a_confidence_mark() -> None:
    for rule in load_rules():
        if rule.pack != "records":
            continue
        own = [b for b in rule.basis if b.instrument.startswith("本单位")]
        assert own, f"{rule.id} cites none of the unit's own rules"
        assert all(b.confidence is None for b in own), rule.id


def test_no_field_paths_or_code_values_in_chinese_messages_of_these_packs() -> None:
    """Checks.md "Messages (1.1)": field paths and code values belong to --explain, not to the Chinese text."""
    words = re.compile(
        r"reviews|opinions|attendees|observers|legal_counsel|legal_department|public_lawyer|published"
        r"|procurement_|thresholds|large_fund|true|false|[a-z]+_[a-z]+"
    )
    for rule in load_rules():
        if rule.pack not in ("legality", "procurement", "records"):
            continue
        for message in (*rule.messages, *(m for j in rule.joins for m in j.messages)):
            prose = re.sub(r"\{[^}]*\}", "", message.text.zh)  # placeholders are filled with Chinese text
            assert not words.search(prose), (rule.id, prose)
