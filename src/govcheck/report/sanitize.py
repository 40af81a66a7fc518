"""Record text made safe for every report format, in one place.

A record is written by people and sometimes by tools: a title can carry a terminal escape
(``"T\\e[31m"``), a character XML 1.0 cannot hold (``\\uFFFE``, a lone surrogate from a
``"\\ud800"`` escape) or a megabyte of text. The report's formats differ in how they escape
markup (jinja2 autoescaping, Markdown backslashes, XLSX string cells), but what may appear
at all is decided here, once, so the formats cannot disagree:

- :func:`clean` replaces every control character and every character XML 1.0 forbids. C0
  controls become their visible Unicode "control pictures" (``\\x1b`` → ``␛``), so an auditor
  sees that something was there; DEL, C1 controls, surrogates and the noncharacters
  U+FFFE/U+FFFF become U+FFFD. Tab, line feed and carriage return stay (XML allows them and
  each format lays them out).
- :func:`clip` cuts text longer than a limit and marks the cut with an ellipsis: the report
  shows an item, the SHA-256 of its file proves what was checked.
- :func:`sanitize_report` applies both to every string of a built report.
"""

from __future__ import annotations

import dataclasses
import re
from typing import Any, TypeVar, cast

TITLE_LIMIT = 300  # characters of an item title kept per item (collect.py): memory per item is bounded
TEXT_LIMIT = 2000  # any other string shown in a report (messages, reasons, ids, paths)
ELLIPSIS = "…"

# C0 (except tab, LF, CR), DEL, C1, surrogates, U+FFFE and U+FFFF: what XML 1.0 cannot hold
# or a terminal or viewer would act on.
_UNSAFE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
_CONTROL_PICTURES = 0x2400  # U+2400 SYMBOL FOR NULL … U+241F SYMBOL FOR UNIT SEPARATOR


def _replacement(match: re.Match[str]) -> str:
    code = ord(match.group())
    return chr(_CONTROL_PICTURES + code) if code < 0x20 else "\ufffd"


def clean(text: str) -> str:
    """``text`` with every control character and XML-forbidden character replaced (same length)."""
    return _UNSAFE.sub(_replacement, text) if _UNSAFE.search(text) else text


def clip(text: str, limit: int) -> str:
    """``text`` cut to ``limit`` characters, the last one an ellipsis, when it is longer."""
    return text if len(text) <= limit else text[: limit - 1] + ELLIPSIS


def safe(text: str, limit: int = TEXT_LIMIT) -> str:
    return clean(clip(text, limit))  # clip first: a megabyte title is not scanned whole


T = TypeVar("T")


def sanitize_report(value: T) -> T:
    """Every string in a report (dataclasses, tuples and lists, walked) cleaned and clipped."""
    return cast(T, _walk(value))


def _walk(value: Any) -> Any:
    if isinstance(value, str):
        return safe(value)
    if isinstance(value, tuple):
        return tuple(_walk(v) for v in value)
    if isinstance(value, list):
        return [_walk(v) for v in value]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        changes = {}
        for f in dataclasses.fields(value):
            old = getattr(value, f.name)
            new = _walk(old)
            if new is not old and new != old:
                changes[f.name] = new
        return dataclasses.replace(value, **changes) if changes else value
    return value  # numbers, dates, booleans, None
