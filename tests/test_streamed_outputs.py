"""JSON, SARIF and JUnit are written piece by piece (bounded memory), with the very bytes of the whole-document form."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from govcheck.output import chunked_formatter, json_format, jsonstream, sarif
from govcheck.pipeline import check_paths

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("generated")
    subprocess.run(
        [sys.executable, str(ROOT / "bench" / "generate.py"), "300", str(folder), "--seed", "7"],
        check=True,
        capture_output=True,
    )
    return folder


@pytest.mark.parametrize("fmt", ["json", "sarif", "junit"])
@pytest.mark.parametrize("where", ["examples", "generated"])
def test_streamed_text_equals_the_whole_document(fmt: str, where: str, generated: Path) -> None:
    folder = ROOT / "examples" if where == "examples" else generated
    result = check_paths([str(folder)], jobs=1)
    assert result.findings, "the corpus should have findings to stream"
    pieces = list(chunked_formatter(fmt)(result, "zh"))
    if fmt == "junit":
        assert len(pieces) > 2
        return  # JUnit's pieces are the suites; its bytes are compared with the reference in test_junit.py
    module = json_format if fmt == "json" else sarif
    whole = module.as_document(result, "zh")  # every list built first: the form it replaces
    assert "".join(pieces) == json.dumps(whole, ensure_ascii=False, indent=2) + "\n"


def test_blocks_are_bounded_and_control_characters_escaped() -> None:
    document = {"findings": jsonstream.lazy_list({"message": f"第{i}条\x7f"} for i in range(20_000)), "empty": []}
    blocks = list(jsonstream.iter_json(document))
    assert len(blocks) > 5
    assert max(len(b) for b in blocks) < 2 * jsonstream.BLOCK_CHARS
    text = "".join(blocks)
    assert "\x7f" not in text and "\\u007f" in text
    assert json.loads(text)["findings"][19_999] == {"message": "第19999条\x7f"}
    assert json.loads(text)["empty"] == []


def test_an_empty_lazy_list_is_written_as_an_empty_list() -> None:
    assert "".join(jsonstream.iter_json({"a": jsonstream.lazy_list(iter(()))})) == '{\n  "a": []\n}\n'
