"""Strict, line-aware YAML reading.

Records are read from libyaml's event stream (the C parser when PyYAML has it)
instead of ``yaml.load``, for four reasons:
- every mapping and sequence keeps the 1-based line of each of its values, so
  every later error and finding can name a line;
- duplicate keys are errors (PyYAML silently keeps the last one);
- scalars are typed by the record schema, not by YAML 1.1 guessing, so
  ``name: no`` stays the string "no" instead of becoming ``False``;
- hostile input is bounded: nesting depth, alias expansion and file size.
"""

from __future__ import annotations

import codecs
import datetime as dt
import re
from typing import Any

import yaml

from govcheck.errors import InputError, InputProblems
from govcheck.i18n import Text
from govcheck.loading import fullwidth
from govcheck.loading.files import FileProblem, read_regular

try:  # libyaml's C parser is several times faster; fall back when absent.
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

MAX_FILE_BYTES = 1024 * 1024
MAX_DEPTH = 24
MAX_NODES = 100_000


class YDict(dict[str, Any]):
    """A mapping that remembers its own line and the line of each value."""

    __slots__ = ("key_lines", "line", "lines")

    def __init__(self, line: int) -> None:
        super().__init__()
        self.line = line
        self.lines: dict[str, int] = {}
        self.key_lines: dict[str, int] = {}

    def line_of(self, key: str) -> int:
        return self.lines.get(key, self.line)


class YList(list[Any]):
    """A sequence that remembers its own line and the line of each element."""

    __slots__ = ("line", "lines")

    def __init__(self, line: int) -> None:
        super().__init__()
        self.line = line
        self.lines: list[int] = []

    def line_of(self, index: int) -> int:
        return self.lines[index] if 0 <= index < len(self.lines) else self.line


# YAML 1.2 core decimal integers. ``1_000`` is text in YAML 1.2 (an int only in YAML 1.1), as editors and
# check-jsonschema read it; ``007``, ``0x3`` and ``0o3`` stay text too, so that ids keep their spelling.
_INT = re.compile(r"[-+]?(0|[1-9][0-9]*)$")
_DATE = re.compile(r"([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})$")  # ASCII digits only, as values.parse_date
MAX_INT_CHARS = 100  # far beyond any count, amount or id; Python refuses to parse ints past 4,300 digits
_TYPED_STARTS = frozenset("0123456789-+~nNtTfF")  # first characters of null, bool, int, date
_NULLS = frozenset(("", "~", "null", "Null", "NULL"))
_TRUE = frozenset(("true", "True", "TRUE"))
_FALSE = frozenset(("false", "False", "FALSE"))


class _ScalarProblem(Exception):
    """A scalar that cannot be read; ``_build`` adds the line."""

    def __init__(self, message: Text, hint: Text) -> None:
        super().__init__(message.en)
        self.message = message
        self.hint = hint


_CORE = "tag:yaml.org,2002:"
# The YAML 1.2 core schema's tags, and what a tagged scalar becomes. Floats stay text, as
# untagged ones do (amounts are parsed exactly later).
_CORE_SCALARS = frozenset(("str", "int", "float", "bool", "null"))
_CORE_COLLECTIONS = {"map": "mapping_start", "seq": "sequence_start"}


def _tag_problem(tag: str) -> _ScalarProblem:
    shown = "!!" + tag[len(_CORE) :] if tag.startswith(_CORE) else tag
    shown = shown if len(shown) <= 60 else shown[:59] + "…"
    return _ScalarProblem(
        Text(
            f"不支持的 YAML 标签 {shown}：决策记录只用 YAML 1.2 核心标签（!!str、!!int、!!bool、!!null、!!map、!!seq）",
            f"unsupported YAML tag {shown}: decision records use only the YAML 1.2 core tags "
            "(!!str, !!int, !!bool, !!null, !!map, !!seq)",
        ),
        Text("删除该标签；需要文字时给值加引号", "remove the tag; quote the value if it is text"),
    )


def _tagged_scalar(tag: str, value: str) -> Any:
    """A scalar with an explicit tag: the core tags as YAML 1.2 reads them, every other tag an error."""
    kind = tag[len(_CORE) :] if tag.startswith(_CORE) else None
    if tag == "!" or kind in ("str", "float"):
        return value
    if kind not in _CORE_SCALARS:
        raise _tag_problem(tag)
    typed = _plain_scalar(value)
    expected = {"int": int, "bool": bool, "null": type(None)}[kind]
    if type(typed) is not expected:
        raise _ScalarProblem(
            Text(f"“{value[:60]}”不是标签 !!{kind} 要求的值", f"'{value[:60]}' is not a valid !!{kind} value"),
            Text("删除标签，或改正取值", "remove the tag or correct the value"),
        )
    return typed


def _plain_scalar(value: str) -> Any:
    """Type a plain (unquoted) scalar the YAML 1.2 way, minus floats.

    Floats stay text so that amounts like ``1.2`` can be parsed exactly as
    Decimal later; ``yes/no/on/off`` stay text so that enumerations and names
    never turn into booleans (the YAML 1.1 trap).
    """
    if not value or value[0] not in _TYPED_STARTS:
        return value or None  # plain text, the common case: no pattern needed
    if value in _NULLS:
        return None
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    if _INT.match(value):
        if len(value) > MAX_INT_CHARS:
            raise _ScalarProblem(
                Text(
                    f"数字有 {len(value)} 位，太长了：不可能是人数、金额或编号",
                    f"a number of {len(value)} digits is too long to be a count, amount or id",
                ),
                Text("检查是否误粘贴了内容；确是文字请加引号", "check for a paste accident; quote it if it is text"),
            )
        return int(value)
    m = _DATE.match(value)
    if m:
        try:
            return dt.date(int(m[1]), int(m[2]), int(m[3]))
        except ValueError:
            return value  # not a real date: the schema reports it with its line
    return value


# Every record's structure (keys, colons, dashes, brackets) is ASCII: an encoding that cannot
# read this line as itself cannot read any record (rot13, base64, hex, zlib, undefined, utf-16…).
_ASCII_PROBE = b"govcheck: 1\nunit: x # - [a, b] {c: d}\n"


def text_codec(encoding: str) -> str:
    """The codec's canonical name, or LookupError when it cannot read a YAML text file."""
    codec = codecs.lookup(encoding).name
    try:
        readable = _ASCII_PROBE.decode(codec) == _ASCII_PROBE.decode("ascii")
    except (LookupError, UnicodeError) as exc:  # a bytes-to-bytes codec, or one that always fails
        raise LookupError(encoding) from exc
    if not readable:
        raise LookupError(encoding)
    return codec


def encoding_problem(encoding: str) -> tuple[Text, Text]:
    shown = encoding if len(encoding) <= 40 else encoding[:39] + "…"
    return (
        Text(f"{shown} 不是可用于读取记录的文本编码", f"{shown} is not a text encoding records can be read in"),
        Text("使用 --encoding utf-8（默认）或 --encoding gbk", "use --encoding utf-8 (the default) or --encoding gbk"),
    )


def decode(path: str, raw: bytes, encoding: str = "utf-8") -> str:
    """Bytes to text, with a helpful error for the encodings people really send."""
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):  # Windows Notepad's "Unicode"
        raise InputProblems(
            [
                InputError(
                    path,
                    0,
                    Text("文件是 UTF-16 编码，govcheck 读取 UTF-8", "the file is UTF-16 encoded; govcheck reads UTF-8"),
                    Text("用编辑器“另存为”UTF-8 编码后再检查", "save it again as UTF-8 and re-run"),
                )
            ]
        )
    if b"\x00" in raw:  # UTF-16 without a byte order mark: every ASCII character comes with a NUL
        raise InputProblems(
            [
                InputError(
                    path,
                    raw[: raw.index(b"\x00")].count(b"\n") + 1,
                    Text(
                        "文件含有 NUL 字节：像是没有 BOM 的 UTF-16 编码，或不是文本文件",
                        "the file contains NUL bytes: it looks UTF-16 encoded without a BOM, or is not a text file",
                    ),
                    Text("用编辑器“另存为”UTF-8 编码后再检查", "save it again as UTF-8 and re-run"),
                )
            ]
        )
    try:
        codec = text_codec(encoding)
    except LookupError as exc:
        raise InputProblems([InputError(path, 0, *encoding_problem(encoding))]) from exc
    if codec in ("gbk", "gb2312"):
        codec = "gb18030"  # the superset: what "GBK" files from Windows really are
    if codec != "utf-8":
        # --encoding names the legacy encoding of old files; a file that is valid UTF-8
        # (new records, govcheck.yaml) is UTF-8. GBK text is practically never valid
        # UTF-8, while UTF-8 text read as GBK can turn into garbled names without error.
        try:
            return raw.decode("utf-8")
        except UnicodeDecodeError:
            pass
    try:
        return raw.decode(codec)
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        bad = raw[exc.start : exc.start + 2].hex(" ")
        looks_gbk = False
        if codec == "utf-8":
            try:
                raw.decode("gb18030")
                looks_gbk = True
            except UnicodeDecodeError:
                pass
        if looks_gbk:
            hint = Text(
                "文件看起来是 GBK/GB18030 编码（Windows 中文系统常见）。可用 `govcheck validate --encoding gbk` "
                "读取，或转换为 UTF-8：`iconv -f GBK -t UTF-8 原文件 > 新文件`，或在记事本中“另存为”并选择 UTF-8",
                "the file looks GBK/GB18030 encoded (common on Chinese Windows). Read it with "
                "`govcheck validate --encoding gbk`, or convert it: `iconv -f GBK -t UTF-8 in > out`",
            )
        else:
            hint = Text("将文件另存为 UTF-8 编码", "save the file as UTF-8")
        raise InputProblems(
            [
                InputError(
                    path,
                    line,
                    Text(
                        f"文件不是有效的 {encoding} 编码（第{line}行有无法解码的字节 {bad}）",
                        f"the file is not valid {encoding} (undecodable bytes {bad} on line {line})",
                    ),
                    hint,
                )
            ]
        ) from exc


# libyaml's most common complaints, in words a compliance officer can act on.
_PROBLEMS_ZH = {
    "mapping values are not allowed": "此处不能出现“键: 值”",
    "found character that cannot start any token": "出现了不能作为开头的字符（如 Tab、@、`）",
    "found a tab character that violates indentation": "用了 Tab 缩进",
    "did not find expected key": "缩进不对齐，或缺少“键:”",
    "could not find expected ':'": "缺少冒号“:”",
    "found unknown escape character": "双引号内有反斜杠 \\ 转义错误",
    "did not find expected '-' indicator": "列表缩进不对齐",
    "did not find expected <document start>": "顶层内容缩进不对齐",
    "did not find expected ',' or '}'": "“{ }”中的各项之间缺少半角逗号“,”",
    "did not find expected ',' or ']'": "“[ ]”中的各项之间缺少半角逗号“,”",
}
# Where a bracket or quote opened and never closed, the fix goes on the opening line,
# not on the line where libyaml gave up (often the next key, or the end of the file).
_UNCLOSED = {
    "while parsing a flow sequence": (
        Text("“[”没有配对的“]”", "'[' is never closed by ']'"),
        Text("在该行补上 ]，或检查列表中的逗号", "add the closing ] on that line, or check the commas"),
    ),
    "while parsing a flow mapping": (
        Text("“{”没有配对的“}”", "'{' is never closed by '}'"),
        Text("在该行补上 }，或检查其中的逗号", "add the closing } on that line, or check the commas"),
    ),
    "while scanning a quoted scalar": (
        Text("引号没有闭合", "a quote is never closed"),
        Text("在该行的文字末尾补上结尾的引号", "add the closing quote at the end of the text"),
    ),
}


_YAML_BREAK = re.compile("\r\n|[\n\r\x85\u2028\u2029]")  # YAML 1.1 line breaks, as libyaml counts lines


def _syntax_error(path: str, text: str, exc: yaml.YAMLError) -> InputError:
    problem_mark = getattr(exc, "problem_mark", None)
    context_mark = getattr(exc, "context_mark", None)
    mark = problem_mark or context_mark
    line = mark.line + 1 if mark is not None else 0
    # At the end of a file without a final line break libyaml's mark is on the line after the
    # last one (fuzzer, issue 12): the problem is on the last line the user can see.
    line = min(line, len(_YAML_BREAK.findall(text)) + 1)
    problem = getattr(exc, "problem", None) or str(exc)
    context = getattr(exc, "context", None) or ""
    if "maximum nesting depth" in problem:
        return _limit(path, line, f"嵌套层数过多（{problem}）", f"nesting too deep ({problem})")
    unclosed = _UNCLOSED.get(context)
    if (
        unclosed is not None
        and context_mark is not None
        and problem_mark is not None
        and context_mark.line < problem_mark.line
        and "escape" not in problem
    ):
        opened, found = context_mark.line + 1, line
        what, hint = unclosed
        opening_lines = text.splitlines()
        opening = opening_lines[opened - 1] if opened <= len(opening_lines) else ""
        hint = fullwidth.unclosed_hint(opening, "[" if "sequence" in context else "{") or hint
        return InputError(
            path,
            opened,
            Text(
                f"YAML 语法错误：第{opened}行的{what.zh}（读到第{found}行仍未闭合）",
                f"YAML syntax error: {what.en} on line {opened} (still open on line {found}; {problem})",
            ),
            hint,
        )
    lines = text.splitlines()
    source_line = lines[line - 1] if 0 < line <= len(lines) else ""
    full_width_comma = next((c for c in fullwidth.LIST_SEPARATORS if c in source_line), None)
    if full_width_comma is not None and ("{" in source_line or "[" in source_line):
        hint = Text(
            f"该行的“{full_width_comma}”不是 YAML 的分隔符：[ ] 和 {{ }} 中的各项要用半角逗号“,”加空格分开，"
            "如 {member: 孙八, position: agree}",
            f"'{full_width_comma}' on this line is no YAML separator: entries inside [ ] and {{ }} are "
            "separated by an ASCII comma and a space",
        )
    elif "\t" in source_line:
        hint = Text(
            "YAML 不能用 Tab 缩进，请把该行的 Tab 换成空格",
            "YAML does not allow tabs for indentation; replace them with spaces",
        )
    else:
        hint = Text(
            "检查该行及上一行：缩进是否对齐、冒号后是否有空格、括号和引号是否成对；含有 : # [ ] { } 等符号的文字请加引号",
            "check this line and the one before: indentation, a space after each colon, matching brackets "
            "and quotes; quote text that contains : # [ ] { }",
        )
    zh = next((words for key, words in _PROBLEMS_ZH.items() if problem.startswith(key)), None)
    return InputError(
        path,
        line,
        Text(
            f"YAML 语法错误：{zh}（{problem}）" if zh else f"YAML 语法错误：{problem}", f"YAML syntax error: {problem}"
        ),
        hint,
    )


def _limit(path: str, line: int, zh: str, en: str) -> InputError:
    return InputError(
        path,
        line,
        Text(zh, en),
        Text(
            "决策记录不需要这样的结构；请检查文件是否为决策记录，或删除多余的嵌套/别名",
            "decision records never need this; check that this is a decision record",
        ),
    )


def _limit_error(path: str, line: int, zh: str, en: str) -> InputProblems:
    return InputProblems([_limit(path, line, zh, en)])


# YAML counts these as line breaks, editors do not: a title pasted from a web page or
# Word with one of them breaks the file on a line that looks fine, and shifts every
# later line number away from what the user's editor shows.
_HIDDEN_BREAKS = re.compile("[\u0085\u2028\u2029]")


def _hidden_break(path: str, text: str) -> InputError | None:
    found = _HIDDEN_BREAKS.search(text)
    if found is None:
        return None
    start = found.start()
    line = text.count("\n", 0, start) + 1
    line_start = text.rfind("\n", 0, start) + 1
    before = text[line_start:start].strip()[-8:]
    where = Text(f"“{before}”之后", f"after '{before}'") if before else Text("开头", "at its start")
    code = f"U+{ord(found.group()):04X}"
    return InputError(
        path,
        line,
        Text(
            f"第{line}行{where.zh}有一个看不见的换行字符（{code}），通常来自从网页或 Word 复制的文字",
            f"line {line} has an invisible line separator ({code}) {where.en}, "
            "usually from text copied from a web page or Word",
        ),
        Text(
            f"把光标放在该行{where.zh}，删除这个看不见的字符（或重新输入该行文字）",
            f"put the cursor {where.en} on that line and delete the invisible character, or retype the line",
        ),
    )


def _duplicate_key(path: str, key: str, line: int, first: int) -> InputProblems:
    return InputProblems(
        [
            InputError(
                path,
                line,
                Text(f"重复的键 “{key}”（第{first}行已出现）", f"duplicate key '{key}' (first on line {first})"),
                Text(
                    "每个键在同一层只能出现一次：合并两处内容或删除其中一处",
                    "a key may appear once per mapping: merge or delete one of them",
                ),
            )
        ]
    )


def _collection_tag_problem(path: str, line: int, tag: str, kind: str) -> InputProblems | None:
    """None for no tag, ``!`` or the core tag of this collection; else the error to raise."""
    if tag == "!" or (tag.startswith(_CORE) and _CORE_COLLECTIONS.get(tag[len(_CORE) :]) == kind):
        return None
    problem = _tag_problem(tag)
    return InputProblems([InputError(path, line, problem.message, problem.hint)])


def _undefined_alias(path: str, line: int, anchor: str) -> InputProblems:
    return InputProblems(
        [
            InputError(
                path,
                line,
                Text(f"未定义的别名 *{anchor}", f"undefined alias *{anchor}"),
                Text("先用 &名称 定义锚点再引用", "define the anchor with &name before using it"),
            )
        ]
    )


def _too_many_nodes(path: str, line: int) -> InputProblems:
    return _limit_error(
        path,
        line,
        f"文件展开后超过 {MAX_NODES} 个节点（可能是别名炸弹）",
        f"the file expands to more than {MAX_NODES} nodes (alias bomb?)",
    )


def _container_key(path: str, line: int) -> InputProblems:
    return InputProblems(
        [
            InputError(
                path,
                line,
                Text("键不能是列表或映射", "a key cannot be a list or a mapping"),
                Text("键应是简单的英文名称，如 attendees", "keys are plain names such as attendees"),
            )
        ]
    )


def _second_document(path: str, line: int) -> InputProblems:
    return InputProblems(
        [
            InputError(
                path,
                line,
                Text(
                    "一个文件只能包含一份记录（发现多个 --- 文档）",
                    "a file holds one record (found several --- documents)",
                ),
                Text("把每次会议拆成单独的文件", "put each meeting in its own file"),
            )
        ]
    )


def _build(path: str, text: str) -> tuple[Any, bool]:
    """libyaml's events into YDict/YList/scalars by recursive descent, one call per node.

    The long way: a record with nothing to say is read by ``loading/onepass.py``; this reads the
    rest (and settings and rule files) and says, with its line, what is wrong. Each container counts
    its nodes with aliases expanded (``size``), to stop alias bombs early; nesting is bounded by
    MAX_DEPTH, so recursion is too.
    """
    loader = _Loader(text)
    get_event: Any = loader.get_event  # Any: the dispatch below is on the exact event class
    anchors: dict[str, tuple[Any, int]] = {}
    scalar_event, alias_event = yaml.ScalarEvent, yaml.AliasEvent
    mapping_start, sequence_start = yaml.MappingStartEvent, yaml.SequenceStartEvent
    mapping_end, sequence_end = yaml.MappingEndEvent, yaml.SequenceEndEvent

    def scalar(event: Any, line: int) -> Any:
        try:
            if event.tag is not None:  # libyaml reports a tag only where the file writes one
                value = _tagged_scalar(event.tag, event.value)
            elif not event.style and event.implicit[0]:
                value = _plain_scalar(event.value)
            else:
                value = event.value
        except _ScalarProblem as problem:
            raise InputProblems([InputError(path, line, problem.message, problem.hint)]) from None
        if event.anchor:
            anchors[event.anchor] = (value, 1)
        return value

    def node(event: Any, depth: int) -> tuple[Any, int, int]:
        """(value, size, line) of the node that starts with ``event``."""
        # Any: the dispatch is on the exact event class (the fastest test here), which mypy cannot
        # narrow on; each branch reads only its class's attributes.
        kind = type(event)
        line = event.start_mark.line + 1
        if kind is scalar_event:
            return scalar(event, line), 1, line
        if kind is alias_event:
            if event.anchor not in anchors:
                raise _undefined_alias(path, line, event.anchor)
            value, size = anchors[event.anchor]
            return value, size, line
        if kind is mapping_start:
            value, size = mapping(event, line, depth)
        elif kind is sequence_start:
            value, size = sequence(event, line, depth)
        else:  # pragma: no cover - libyaml emits only these node events here
            raise AssertionError(kind)
        if event.anchor:
            anchors[event.anchor] = (value, size)
        return value, size, line

    def opened(event: Any, line: int, depth: int, kind: str) -> None:
        if event.tag is not None:
            problem = _collection_tag_problem(path, line, event.tag, kind)
            if problem is not None:
                raise problem
        if depth >= MAX_DEPTH:
            raise _limit_error(path, line, f"嵌套超过 {MAX_DEPTH} 层", f"nesting deeper than {MAX_DEPTH} levels")

    def counted(event: Any, depth: int, size: int) -> tuple[Any, int, int]:
        """(value, ``size`` with the node's own added, line): the container's count, bounded by MAX_NODES."""
        value, grown, line = node(event, depth)
        size += grown
        if size > MAX_NODES:
            raise _too_many_nodes(path, line)
        return value, size, line

    def mapping(start: Any, line: int, depth: int) -> tuple[YDict, int]:
        opened(start, line, depth, "mapping_start")
        out = YDict(line)
        lines, key_lines = out.lines, out.key_lines
        size = 1
        while True:
            event: Any = get_event()  # Any: dispatched on its exact class
            if type(event) is mapping_end:
                return out, size
            key, size, key_line = counted(event, depth + 1, size)
            if type(key) is not str:
                if isinstance(key, (YDict, YList)):
                    raise _container_key(path, key_line)
                key = str(key)
            if key in out:
                raise _duplicate_key(path, key, key_line, key_lines[key])
            key_lines[key] = key_line
            value, size, value_line = counted(get_event(), depth + 1, size)
            out[key] = value
            lines[key] = value_line

    def sequence(start: Any, line: int, depth: int) -> tuple[YList, int]:
        opened(start, line, depth, "sequence_start")
        out = YList(line)
        lines = out.lines
        size = 1
        while True:
            event: Any = get_event()  # Any: dispatched on its exact class
            if type(event) is sequence_end:
                return out, size
            value, size, value_line = counted(event, depth + 1, size)
            out.append(value)
            lines.append(value_line)

    root: Any = None
    have_root = False
    try:
        documents = 0
        while True:
            event: Any = get_event()  # Any: dispatched on its exact class
            kind = type(event)
            if kind is yaml.DocumentStartEvent:
                documents += 1
                if documents > 1:
                    raise _second_document(path, event.start_mark.line + 1)
                root, _size, _line = node(get_event(), 0)
                have_root = True
            elif kind is yaml.StreamEndEvent:
                break
    finally:
        loader.dispose()
    return root, have_root


def text_problems(path: str, text: str) -> list[InputError]:
    """What is wrong with the text before libyaml reads it: a hidden line break, full-width indents or colons
    (libyaml would name the line after a full-width colon, or read a wrong line count)."""
    hidden = _hidden_break(path, text)
    if hidden is not None:
        return [hidden]
    return fullwidth.scan(path, text)


def parse_yaml(path: str, text: str) -> Any:
    """Parse one YAML document into YDict/YList/scalars, strictly."""
    problems = text_problems(path, text)
    if problems:
        raise InputProblems(problems)
    try:
        root, have_root = _build(path, text)
    except yaml.YAMLError as exc:
        raise InputProblems([_syntax_error(path, text, exc)]) from exc
    if not have_root or root is None:
        raise InputProblems(
            [
                InputError(
                    path,
                    0,
                    Text("文件是空的", "the file is empty"),
                    Text(
                        "决策记录以 `govcheck: 1` 开头，参见 `govcheck schema` 或 examples/ 中的示例",
                        "a decision record starts with `govcheck: 1`; see `govcheck schema` or examples/",
                    ),
                )
            ]
        )
    return root


def read_yaml_file(
    path: str, display: str | None = None, encoding: str = "utf-8", max_bytes: int = MAX_FILE_BYTES
) -> tuple[Any, bytes]:
    """Read, size-check, decode and parse one file. Returns (data, raw bytes)."""
    shown = display or path
    text, raw = read_yaml_text(path, shown, encoding, max_bytes)
    return parse_yaml(shown, text), raw


def read_yaml_text(
    path: str, display: str | None = None, encoding: str = "utf-8", max_bytes: int = MAX_FILE_BYTES
) -> tuple[str, bytes]:
    """Read, size-check and decode one file. Returns (text, raw bytes)."""
    shown = display or path
    try:
        raw = read_regular(path, max_bytes)
    except FileProblem as problem:
        raise InputProblems([InputError(shown, 0, problem.message, problem.hint)]) from None
    if len(raw) > max_bytes:
        raise InputProblems(
            [
                InputError(
                    shown,
                    0,
                    Text(
                        f"文件超过 {max_bytes // 1024} KiB 上限，不像一份决策记录",
                        f"the file is over the {max_bytes // 1024} KiB limit for one decision record",
                    ),
                    Text(
                        "每次会议一个文件；若确是记录，请拆分",
                        "one meeting per file; split it if it really is a record",
                    ),
                )
            ]
        )
    return decode(shown, raw, encoding), raw
