"""Full-width punctuation where YAML needs the ASCII one: what a Chinese input method types.

With a Chinese input method on, ``amount：1200万元`` gets a full-width colon, an indent gets an
ideographic space (U+3000) and ``[张三，李四]`` a full-width comma. YAML reads none of them as
punctuation: libyaml stops a line later with "could not find expected ':'", or the file parses into
a key ``\u3000\u3000date`` or a single name ``张三，李四``. These checks name the character, its line
and the fix. The line scan runs before YAML parsing (``scan``); the value checks run in the
schema validator (``list_problem``, ``name_problem``), where the expected type is known.
"""

from __future__ import annotations

import re

from govcheck.errors import InputError
from govcheck.i18n import Text
from govcheck.lazyre import lazy

IDEOGRAPHIC_SPACE = "\u3000"
_FULL_COLON = "："
# Text after which a line of YAML is a block scalar (``note: |``, ``- >-``): its lines are free text.
_BLOCK_START = lazy(r"(?:^|[:\-]\s)\s*[|>][0-9+\-]*\s*(?:#.*)?$")
# An ASCII key followed by a full-width colon: at the start of a line (after any "- "), or in a
# flow mapping after "{" or ",". Keys of the record format are ASCII, so this is never text.
_KEY_COLON = lazy(r"(?:^[ \t]*(?:-[ \t]+)*|[{,][ \t]*)(?P<key>[A-Za-z_][A-Za-z0-9_]*)[ \t]*：")
_INDENT = lazy(r"^[ \t\u3000]*")
# What follows an indent that is YAML structure, not a line of text: "- " or "key:".
_STRUCTURE = lazy(r"-(?:[ \t]|$)|[A-Za-z_][A-Za-z0-9_]*[ \t]*[:：]")
# Separators a Chinese input method types inside a list of names: full-width comma, enumeration comma.
LIST_SEPARATORS = "，、"
_OPENERS = {"【": "】", "［": "］", "〔": "〕"}


def _block_lines(lines: list[str]) -> set[int]:
    """0-based indexes of lines inside block scalars (``|`` / ``>``), which may hold any text."""
    inside: set[int] = set()
    parent_indent: int | None = None
    block_start = _BLOCK_START()
    for index, line in enumerate(lines):
        stripped = line.lstrip(" ")
        indent = len(line) - len(stripped)
        if parent_indent is not None:
            if not stripped.strip() or indent > parent_indent:
                inside.add(index)
                continue
            parent_indent = None
        if block_start.search(line.rstrip()):
            parent_indent = indent
    return inside


def scan(path: str, text: str) -> list[InputError]:
    """Every line using a full-width space to indent, or a full-width colon after a key."""
    if IDEOGRAPHIC_SPACE not in text and _FULL_COLON not in text:
        return []  # the common case: nothing to look at
    lines = text.split("\n")
    skip = _block_lines(lines)
    problems: list[InputError] = []
    indents, structure, key_colon = _INDENT(), _STRUCTURE(), _KEY_COLON()
    for index, line in enumerate(lines):
        if index in skip or line.lstrip(" \t\u3000").startswith("#"):
            continue
        number = index + 1
        indent = indents.match(line)
        assert indent is not None
        if IDEOGRAPHIC_SPACE in indent.group() and structure.match(line, indent.end()):
            count = indent.group().count(IDEOGRAPHIC_SPACE)
            problems.append(
                InputError(
                    path,
                    number,
                    Text(
                        f"第{number}行用全角空格（U+3000，共 {count} 个）缩进：YAML 只认半角空格",
                        f"line {number} is indented with {count} full-width space(s) (U+3000); YAML indents "
                        "with ASCII spaces only",
                    ),
                    Text(
                        "把行首的全角空格换成半角空格（关闭中文输入法的全角模式，或在编辑器中替换 U+3000），"
                        "缩进与同级的键对齐",
                        "replace the full-width spaces at the start of the line with ASCII spaces, aligned with "
                        "the keys at the same level",
                    ),
                )
            )
            continue
        found = key_colon.search(line)
        if found is not None:
            key = found["key"]
            problems.append(
                InputError(
                    path,
                    number,
                    Text(
                        f"第{number}行的 {key} 后面用了全角冒号“：”：YAML 只认半角冒号“:”",
                        f"line {number}: {key} is followed by a full-width colon '：'; YAML needs the ASCII colon ':'",
                    ),
                    Text(
                        f"把“{key}：”改成“{key}: ”（半角冒号，后面加一个空格）",
                        f"write '{key}: ' (ASCII colon followed by a space) instead of '{key}：'",
                    ),
                )
            )
    return problems


def unclosed_hint(opening_line: str, bracket: str) -> Text | None:
    """When a ``[`` or ``{`` is never closed because its closing bracket was typed full-width."""
    closer = {"[": ("】", "］", "〕"), "{": ("｝",)}[bracket]
    wrong = next((c for c in closer if c in opening_line), None)
    if wrong is None:
        return None
    right = "]" if bracket == "[" else "}"
    return Text(
        f"该行用了全角的“{wrong}”，YAML 只认半角的“{right}”：把“{wrong}”改成“{right}”，列表中的逗号也用半角“,”",
        f"the line closes with a full-width '{wrong}'; YAML needs the ASCII '{right}' (and ASCII commas inside)",
    )


def list_problem(raw: object) -> tuple[Text, Text] | None:
    """A text where a list is expected, written with full-width brackets: 【张三, 李四】."""
    if not isinstance(raw, str):
        return None
    text = raw.strip()
    closer = _OPENERS.get(text[:1])
    if closer is None or not text.endswith(closer):
        return None
    return (
        Text(
            f"用了全角方括号“{text[0]}{closer}”：YAML 的列表只认半角方括号 [ ]",
            f"written with full-width brackets '{text[0]}{closer}'; a YAML list uses ASCII brackets [ ]",
        ),
        Text(
            f"把“{text[0]}”“{closer}”换成半角的 [ ]，名字之间用半角逗号分开，如 [张三, 李四]",
            "use ASCII brackets and commas, e.g. [张三, 李四]",
        ),
    )


def separator_problem(raw: object) -> tuple[Text, Text] | None:
    """One list entry that is really several, joined by a full-width comma or 、: [张三，李四]."""
    if not isinstance(raw, str):
        return None
    sep = next((c for c in LIST_SEPARATORS if c in raw), None)
    if sep is None:
        return None
    parts = [part.strip() for part in re.split(f"[{LIST_SEPARATORS}]", raw) if part.strip()]
    fixed = "[" + ", ".join(parts) + "]"
    word = "全角逗号“，”" if sep == "，" else "顿号“、”"
    return (
        Text(
            f"“{raw.strip()[:40]}”中有{word}：YAML 列表的各项要用半角逗号“,”分开，这里被读成了一项",
            f"'{raw.strip()[:40]}' contains '{sep}': list entries are separated by ASCII commas, so this "
            "was read as one entry",
        ),
        Text(f"改用半角逗号加空格，如 {fixed}", f"use ASCII commas followed by a space, e.g. {fixed}"),
    )
