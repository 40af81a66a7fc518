"""Record text made safe for every output a terminal, a CI log or an XML parser reads.

Records come from people and from tools: an item id can carry a terminal escape
(``"\\e]0;…\\a"`` retitles the terminal, ``"\\e[2J"`` clears it), a NUL, a C1 control, a
bidirectional override that reorders what follows (Trojan-source style) or a byte of a file
name that is not UTF-8. Text outputs (``text``, ``github``, the job summary) and input-error
messages never pass them on:

- :func:`one_line` is for a value inside a line (a path, an item id, a message): every C0
  control, line breaks included, becomes its visible "control picture" (``\\x1b`` → ``␛``,
  ``\\n`` → ``␊``), so a record cannot start a line of its own; DEL, C1 controls, bidi
  embeddings/overrides/isolates, surrogates and U+FFFE/U+FFFF become U+FFFD.
- :func:`terminal` is the last pass over a whole text output: the same, but line feeds
  and tabs stay (the output's own layout).
- :func:`json_safe` escapes what JSON may carry raw but a terminal acts on (DEL, C1, bidi) as
  ``\\uXXXX`` (the same JSON value) and replaces what UTF-8 cannot encode (lone surrogates)
  by U+FFFD.

The report formats have their own cleaning in ``govcheck.report.sanitize`` (same symbols).
"""

from __future__ import annotations

import re

from govcheck.lazyre import lazy

_CONTROL_PICTURES = 0x2400  # U+2400 SYMBOL FOR NULL … U+241F SYMBOL FOR UNIT SEPARATOR
_OTHER = "\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff\ufffe\uffff"
_IN_LINE = lazy(f"[\x00-\x1f{_OTHER}]")
_IN_OUTPUT = lazy(f"[\x00-\x08\x0b-\x1f{_OTHER}]")  # keeps \t and \n
_JSON_RAW = lazy("[\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def _json_escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return "\ufffd" if code >= 0xD800 else f"\\u{code:04x}"


def _picture(match: re.Match[str]) -> str:
    code = ord(match.group())
    return chr(_CONTROL_PICTURES + code) if code < 0x20 else "\ufffd"


def one_line(text: str) -> str:
    """``text`` with no control character, line breaks included (same length)."""
    pattern = _IN_LINE()
    return pattern.sub(_picture, text) if pattern.search(text) else text


def terminal(text: str) -> str:
    """A whole text output with no control character but its own line feeds and tabs."""
    pattern = _IN_OUTPUT()
    return pattern.sub(_picture, text) if pattern.search(text) else text


def json_safe(text: str) -> str:
    """Serialised JSON with DEL, C1 controls and bidi overrides as ``\\uXXXX`` escapes, lone surrogates as U+FFFD."""
    pattern = _JSON_RAW()
    return pattern.sub(_json_escape, text) if pattern.search(text) else text
