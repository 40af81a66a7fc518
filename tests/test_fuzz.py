"""Property-based fuzzing of the whole CLI with hostile and odd input (issue 12).

Valid example records and settings are mutated structurally (type swaps, deletions, huge,
negative and float numbers, dates at and beyond the edges of the supported range, zero-width
and RTL marks, full-width and Arabic-Indic digits, NUL, lone surrogates through YAML escapes,
very long strings, deep nesting) and as text (anchors, aliases and merge keys, tags,
multi-document files, truncation) and as bytes (BOM, CRLF, GBK, UTF-16), then run through the
in-process CLI. The properties every run must keep:

- the exit code is 0, 1 or 2, never an exception (``run_cli`` lets any escape) or a traceback;
- ``--format json`` parses and lists every input file (or the broken settings file);
- every input error and every finding has a line inside its file;
- no output carries a control character (tab and line feed are layout);
- run time and memory stay bounded;
- differential: on every mutated record that is still valid, the durable-rules engine and the
  plain engine give the same findings.

Ledgers (issue 10) too: the examples exported as a 台账 workbook, mutated cell by cell (the same odd
values, Excel dates and booleans, 「350万元」 spellings), by header (variants, unknown, 序号, removed,
swapped), with title and blank rows, merged cells and a copied sheet; the same properties, every
cell an error or finding names inside its sheet, and a valid ledger survives ``ledger import`` with the
same findings (check, item, severity).

CI runs the ``ci`` profile (tests/conftest.py: a few hundred examples in all, seconds); a
campaign by hand: ``pytest tests/test_fuzz.py --hypothesis-profile=long`` (see bench/README.md
for what the last campaign ran and found).
"""

from __future__ import annotations

import copy
import datetime as dt
import json
import re
import resource
import shutil
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, event, given, note, settings
from hypothesis import strategies as st

from conftest import EXAMPLES, MINUTES, run_cli
from govcheck.engine import EngineUnavailable, choose_engine
from govcheck.pipeline import check_paths

CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")  # \t and \n are an output's own layout
LINE_BREAKS = re.compile("\r\n|[\n\r\x85\u2028\u2029]")  # what YAML counts as a new line
RUN_SECONDS = 30  # one CLI run on two small files: far above any real run, far below a hang
RSS_GROWTH_MB = 300  # peak memory growth allowed for one example (a per-day cache once took 670 MB)

RECORDS = [yaml.safe_load(p.read_text(encoding="utf-8")) for p in sorted(MINUTES.glob("*.yaml"))]
SETTINGS = {
    k: v for k, v in yaml.safe_load((EXAMPLES / "govcheck.yaml").read_text(encoding="utf-8")).items() if k != "exclude"
}  # exclude is kept out: a mutated pattern could legitimately skip the record
GOOD = (MINUTES / "2023-05-12-party-group.yaml").read_bytes()

try:
    choose_engine("durable")
    DURABLE = True
except EngineUnavailable:  # Python 3.13, Windows: only the plain engine runs there
    DURABLE = False

# ------------------------------------------------------------------ values

EDGE_DATES = [
    dt.date(1, 1, 1),
    dt.date(1948, 12, 31),
    dt.date(1949, 1, 1),
    dt.date(2100, 12, 31),
    dt.date(2101, 1, 1),
    dt.date(9999, 12, 31),
    dt.date(2024, 2, 29),
]
ODD_TEXT = [
    "",
    " ",
    "2023-02-30",
    "0001-01-01",
    "9999-12-31",
    "2023-5-9",
    "２０２３-０５-１２",
    "２０２３年５月１２日",
    "٢٠٢٣-٠٥-١٢",
    "१२३",
    "1e400",
    "0x3",
    "1_000",
    "１２３４",
    "-0",
    "NaN",
    "~",
    "null",
    "yes",
    "no",
    "on",
    "\u200b张三",
    "张\u200d三",
    "\u202e张三",
    "\u200f李四",
    "\ufeff王五",
    "\x00",
    "a\x00b",
    "\ud800",
    "\udfff",
    "\x1b]0;pwn\x07",
    "\x1b[2J",
    "\x9b31m",
    "\u2028",
    "\x85",
    "\ufffe",
    '=HYPERLINK("http://x")',
    "[x](http://x)",
    "<script>",
    "%0A::error::x",
    "x" * 100_000,
    "张" * 20_000,
]
ODD_NUMBERS = [
    0,
    -1,
    1,
    -(10**9),
    10**18,
    2**63,
    -(2**63) - 1,
    10**99,
    10**100,
    10**101,
    1.5,
    -0.5,
    1e308,
    float("inf"),
    float("-inf"),
    float("nan"),
    0.1 + 0.2,
]


def _nested(depth: int) -> Any:
    value: Any = "底"
    for level in range(depth):
        value = [value] if level % 2 else {"k": value}
    return value


odd_values = st.one_of(
    st.sampled_from(ODD_TEXT),
    st.sampled_from(ODD_NUMBERS),
    st.sampled_from(EDGE_DATES),
    st.sampled_from([True, False, None, [], {}, [None], {"": None}]),
    st.sampled_from([30, 120]).map(_nested),  # deeper: the text mutation "deep" (the dumper recurses)
    st.text(max_size=20),
    st.integers(),
    st.floats(),
    st.dates(),
)

# ------------------------------------------------------------------ structural mutations


def _slots(node: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    """Every key or index of a document, as a path from the top."""
    if isinstance(node, dict):
        for key, value in node.items():
            yield (*path, key)
            yield from _slots(value, (*path, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield (*path, index)
            yield from _slots(value, (*path, index))


def _parent(doc: Any, path: tuple[Any, ...]) -> Any:
    for key in path[:-1]:
        doc = doc[key]
    return doc


def _swap(old: Any) -> list[Any]:
    """Type swaps of a value: what a careless edit or a spreadsheet export makes of it."""
    return [str(old), [old], {"值": old}, None, len(str(old)), str(old) + "\u200b", f"  {old}  "]


@st.composite
def mutated_document(draw: st.DrawFn, bases: list[dict[str, Any]]) -> dict[str, Any]:
    doc = copy.deepcopy(draw(st.sampled_from(bases)))
    for _ in range(draw(st.integers(1, 4))):
        slots = list(_slots(doc))
        if not slots:
            break
        path = draw(st.sampled_from(slots))
        parent, key = _parent(doc, path), path[-1]
        operation = draw(st.sampled_from(["delete", "replace", "swap", "add", "duplicate"]))
        if operation == "delete":
            del parent[key]
        elif operation == "replace":
            parent[key] = draw(odd_values)
        elif operation == "swap":
            parent[key] = draw(st.sampled_from(_swap(parent[key])))
        elif operation == "add" and isinstance(parent, dict):
            parent[draw(st.sampled_from(["x_note", "notes", "id", "date", "\u200bid", "ＩＤ", "x_" + "k" * 300]))] = (
                draw(odd_values)
            )
        elif operation == "duplicate" and isinstance(parent, list):
            parent.append(copy.deepcopy(parent[key]))
    return doc


def dump(doc: Any) -> str:
    return yaml.safe_dump(doc, allow_unicode=True, sort_keys=False, width=10_000)


# ------------------------------------------------------------------ text and byte mutations

TAGS = [
    "!!str",
    "!!int",
    "!!float",
    "!!binary",
    "!!timestamp",
    "!!set",
    "!!omap",
    "!!python/name:os.system",
    "!!python/object/apply:os.system",
    "!custom",
    "!<tag:example.com,2024:x>",
    "!!null",
    "!!bool",
    "!!map",
]


@st.composite
def text_mutation(draw: st.DrawFn, text: str) -> str:
    lines = text.split("\n")
    kind = draw(
        st.sampled_from(
            [
                "none",
                "anchor",
                "merge",
                "undefined-alias",
                "tag",
                "multi-document",
                "deep",
                "truncate",
                "splice",
                "tab",
                "duplicate-key",
                "long-int",
            ]
        )
    )
    note(f"text mutation: {kind}")
    event(f"text mutation: {kind}")
    scalar_lines = [i for i, line in enumerate(lines) if re.match(r"^\s*[\w-]+: [^&*!|>\[{]", line)]
    if kind == "anchor" and scalar_lines:
        i = draw(st.sampled_from(scalar_lines))
        key, value = lines[i].split(": ", 1)
        lines[i] = f"{key}: &a {value}"
        lines.append("x_copy: *a")
    elif kind == "merge":
        lines.append("x_base: &base {type: party_group, chair: 张三}")
        lines.append("x_merged:\n  <<: *base\n  date: 2023-05-12")
        if draw(st.booleans()):
            lines = [
                line.replace("meeting:", "meeting:\n  <<: *base", 1) if line == "meeting:" else line for line in lines
            ]
            lines.insert(0, "x_base0: &base {type: party_group}")
    elif kind == "undefined-alias":
        lines.append("x_u: *nowhere")
    elif kind == "tag" and scalar_lines:
        i = draw(st.sampled_from(scalar_lines))
        key, value = lines[i].split(": ", 1)
        lines[i] = f"{key}: {draw(st.sampled_from(TAGS))} {value}"
    elif kind == "multi-document":
        where = draw(st.sampled_from(["before", "after", "twice", "end-marker"]))
        text = {
            "before": "---\n" + text,
            "after": text + "\n---\nunit: 另一个\n",
            "twice": text + "\n---\n" + text,
            "end-marker": text + "\n...\n",
        }[where]
        return text
    elif kind == "deep":
        depth = draw(st.sampled_from([50, 500, 5000]))
        lines.append("x_deep: " + "[" * depth + "]" * depth)
    elif kind == "truncate":
        return text[: draw(st.integers(0, len(text)))]
    elif kind == "splice":
        at = draw(st.integers(0, len(text)))
        return (
            text[:at]
            + draw(st.sampled_from([":", "- ", "{", '"', "'", "\t", "&", "*", "%YAML 1.1\n", "#"]))
            + text[at:]
        )
    elif kind == "tab" and len(lines) > 2:
        i = draw(st.integers(1, len(lines) - 1))
        lines[i] = "\t" + lines[i].lstrip(" ")
    elif kind == "long-int" and scalar_lines:  # past Python's 4,300-digit parse limit (not dumpable as an int)
        i = draw(st.sampled_from(scalar_lines))
        key, _value = lines[i].split(": ", 1)
        lines[i] = (
            f"{key}: {draw(st.sampled_from(['-', '', '0x', '0o', '+']))}{'9' * draw(st.sampled_from([101, 4301, 50_000]))}"
        )
    elif kind == "duplicate-key" and scalar_lines:
        i = draw(st.sampled_from(scalar_lines))
        lines.insert(i + 1, lines[i])
    return "\n".join(lines)


ENCODINGS = ["utf-8", "utf-8-bom", "crlf", "gbk", "gbk-as-utf8", "utf-16", "utf-16-le", "latin-1", "garbage"]


def encode(text: str, how: str) -> tuple[bytes, list[str]]:
    """The file's bytes and the extra command-line options that go with them."""
    if how == "utf-8-bom":
        return b"\xef\xbb\xbf" + text.encode("utf-8", "surrogatepass"), []
    if how == "crlf":
        return text.replace("\n", "\r\n").encode("utf-8", "surrogatepass"), []
    if how == "gbk":
        return text.encode("gbk", "replace"), ["--encoding", "gbk"]
    if how == "gbk-as-utf8":
        return text.encode("gbk", "replace"), []
    if how == "utf-16":
        return text.encode("utf-16", "surrogatepass"), []
    if how == "utf-16-le":
        return text.encode("utf-16-le", "surrogatepass"), []
    if how == "latin-1":
        return text.encode("latin-1", "replace"), ["--encoding", "latin-1"]
    if how == "garbage":
        data = bytearray(text.encode("utf-8", "surrogatepass"))
        for position in range(0, len(data), 97):
            data[position] = 0xFF
        return bytes(data), []
    return text.encode("utf-8", "surrogatepass"), []


@st.composite
def record_file(draw: st.DrawFn) -> tuple[bytes, list[str]]:
    text = dump(draw(mutated_document(RECORDS))) if draw(st.integers(0, 9)) else dump(draw(st.sampled_from(RECORDS)))
    text = draw(text_mutation(text))
    return encode(text, draw(st.sampled_from(ENCODINGS)) if draw(st.integers(0, 3)) == 0 else "utf-8")


@st.composite
def settings_file(draw: st.DrawFn) -> bytes | None:
    choice = draw(st.integers(0, 5))
    if choice == 0:
        return None  # no settings: the documented defaults
    if choice == 1:
        return dump(SETTINGS).encode("utf-8")
    text = draw(text_mutation(dump(draw(mutated_document([SETTINGS])))))
    data, _options = encode(text, draw(st.sampled_from(["utf-8", "utf-8", "crlf", "utf-16", "garbage"])))
    return data


# ------------------------------------------------------------------ properties


def _line_count(data: bytes) -> int:
    counts = [data.count(b"\n") + 1, data.count(b"\n\x00") + 1, data.count(b"\x00\n") + 1]
    for codec in ("utf-8-sig", "utf-16", "gbk", "latin-1"):
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        counts.append(len(LINE_BREAKS.findall(text)) + 1)
    return max(counts)


def _peak_mb() -> float:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / 1024 / (1024 if sys.platform == "darwin" else 1)


def _timed_cli(*args: str) -> tuple[Any, float]:
    started = time.perf_counter()
    run = run_cli(*args)  # catch_exceptions=False: any exception fails the example
    return run, time.perf_counter() - started


def _clean(output: str, what: str) -> None:
    assert "Traceback" not in output and "Exception ignored" not in output, (what, output[-2000:])
    found = CONTROL.findall(output)
    assert not found, (what, found[:5])


def check_properties(
    root: Path, files: dict[str, bytes], settings_data: bytes | None, options: list[str], extra: str
) -> None:
    minutes = root / "minutes"
    before = _peak_mb()
    run, seconds = _timed_cli("validate", str(minutes), "--format", "json", "-j", "1", *options)
    assert run.exit_code in (0, 1, 2), (run.exit_code, run.output[-2000:])
    assert seconds < RUN_SECONDS, seconds
    _clean(run.stdout + (run.stderr or ""), "json")
    document = json.loads(run.stdout)
    event(f"exit {run.exit_code}")
    by_name = {Path(entry["path"]).name: entry for entry in document["files"]}
    settings_entry = by_name.get("govcheck.yaml")
    if settings_entry is not None and settings_entry["errors"]:
        assert run.exit_code == 2  # broken settings: reported, nothing checked with half of them
    else:
        assert set(files) <= set(by_name), (sorted(files), sorted(by_name))
    sizes = {**files, **({"govcheck.yaml": settings_data} if settings_data is not None else {})}
    for name, entry in by_name.items():
        if name not in sizes:
            continue
        lines = _line_count(sizes[name])
        for error in entry["errors"]:
            assert 1 <= error["line"] <= lines, (name, error, lines)
        assert entry["error"] == (entry["errors"][0] if entry["errors"] else None)
        if entry["errors"]:
            assert run.exit_code == 2
    for finding in document["findings"]:
        name = Path(finding["file"]).name
        if name in sizes:
            assert 1 <= finding["line"] <= _line_count(sizes[name]), finding
    assert document["summary"]["files"] == len(document["files"])

    command = extra.split()
    if command[0] == "validate":
        other, seconds = _timed_cli("validate", str(minutes), "--format", command[1], "-j", "1", *options)
        assert other.exit_code == run.exit_code, (command, other.exit_code, run.exit_code)
        _clean(other.stdout + (other.stderr or ""), extra)
    else:
        target = root / f"report.{command[1]}"
        other, seconds = _timed_cli("report", str(minutes), "-o", str(target), "-j", "1", *options)
        assert other.exit_code in (0, 2), (other.exit_code, other.output[-2000:])
        _clean(other.stderr or "", extra)
        assert target.exists()  # a report even with input errors: nothing lost, never half-written
        if command[1] in ("md", "json", "html"):
            _clean(target.read_text(encoding="utf-8"), extra)
        else:  # the workbook opens (a character XML forbids once made it unreadable, with exit 0)
            import openpyxl

            openpyxl.load_workbook(target, read_only=True).close()
    assert seconds < RUN_SECONDS, (extra, seconds)
    assert _peak_mb() - before < RSS_GROWTH_MB

    if DURABLE and run.exit_code in (0, 1) and not any(entry["errors"] for entry in document["files"]):
        event("valid: both engines compared")
        _same_findings(minutes, options)


def _same_findings(minutes: Path, options: list[str]) -> None:
    encoding = options[options.index("--encoding") + 1] if "--encoding" in options else "utf-8"

    def findings(engine: str) -> list[tuple[Any, ...]]:
        result = check_paths([str(minutes)], encoding=encoding, engine_name=engine, as_of=dt.date(2026, 1, 1), jobs=1)
        assert not result.has_input_errors
        return [(f.check, f.path, f.line, f.item, f.severity, f.waived, f.message.en) for f in result.findings]

    assert findings("durable") == findings("plain")


def _layout(record: bytes, settings_data: bytes | None) -> tuple[Path, dict[str, bytes]]:
    root = Path(tempfile.mkdtemp(prefix="govcheck-fuzz-"))
    (root / "minutes").mkdir()
    files = {"a.yaml": record, "good.yaml": GOOD}
    for name, data in files.items():
        (root / "minutes" / name).write_bytes(data)
    if settings_data is not None:
        (root / "govcheck.yaml").write_bytes(settings_data)
    return root, files


EXTRA = [
    "validate text",
    "validate github",
    "validate sarif",
    "validate junit",
    "validate text",
    "report md",
    "report json",
    "report xlsx",
    "report html",
]
COMMON = settings(
    deadline=None,
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.filter_too_much,
        HealthCheck.large_base_example,
    ],
)


@COMMON
@given(record=record_file(), extra=st.sampled_from(EXTRA), lang=st.sampled_from(["zh", "en"]))
def test_mutated_records(record: tuple[bytes, list[str]], extra: str, lang: str) -> None:
    data, options = record
    root, files = _layout(data, dump(SETTINGS).encode("utf-8"))
    try:
        check_properties(root, files, None, [*options, "--lang", lang], extra)
    finally:
        shutil.rmtree(root, ignore_errors=True)


@COMMON
@given(settings_data=settings_file(), extra=st.sampled_from(EXTRA), lang=st.sampled_from(["zh", "en"]))
def test_mutated_settings(settings_data: bytes | None, extra: str, lang: str) -> None:
    root, files = _layout(GOOD, settings_data)
    try:
        check_properties(root, files, settings_data, ["--lang", lang], extra)
    finally:
        shutil.rmtree(root, ignore_errors=True)


# ------------------------------------------------------------------ ledgers (issue 10 as a record source)

XML_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")  # openpyxl and XML refuse them


def _ledger_base() -> tuple[list[str], list[list[Any]]]:
    """The examples as a ledger's header and rows: what ``ledger export`` writes."""
    from govcheck.ledger.writer import rows_of, used_columns
    from govcheck.loading.record import load_record

    records = [load_record(str(p)) for p in sorted(MINUTES.glob("*.yaml"))]
    columns = used_columns(records)
    return [c.header for c in columns], [row for record in records for row in rows_of(record, columns)]


LEDGER_HEADER, LEDGER_ROWS = _ledger_base()
HEADER_VARIANTS = [
    "会议时间",
    "事项名称",
    "表态情况",
    "序号",
    "备注",
    "x_note",
    "金额（万元）",
    "未知列",
    "",
    "合法性审查",
]
CELL_TEXT = [
    "350万元",
    "￥80万元",
    "人民币1.2亿元",
    "约1200万",
    "三百万万",
    "2023年5月12日",
    "2023.6.1",
    "2023/13/1",
    "李四同意、王五同意",
    "李四：同意；王五：反对；张三：同意",
    "张三（配偶在投标单位任职）",
    "是",
    "否",
    "通过",
    "党组会议",
    "大额度资金运作、重大项目安排",
    "#N/A",
    "=SUM(A1:A3)",
]


def _cell_value(draw: st.DrawFn) -> Any:
    kind = draw(st.integers(0, 5))
    if kind == 0:
        return draw(st.sampled_from(ODD_TEXT + CELL_TEXT))
    if kind == 1:
        return draw(st.sampled_from([n for n in ODD_NUMBERS if isinstance(n, float) or abs(n) < 2**63]))
    if kind == 2:
        day = draw(st.sampled_from([d for d in EDGE_DATES if d.year >= 1900]))
        return dt.datetime(day.year, day.month, day.day, draw(st.sampled_from([0, 0, 13])))
    if kind == 3:
        return draw(st.sampled_from([True, False, None]))
    if kind == 4:
        return draw(st.text(max_size=40))
    return draw(st.sampled_from(CELL_TEXT))


def _writable(value: Any) -> Any:
    return XML_FORBIDDEN.sub("", value) if isinstance(value, str) else value


@st.composite
def ledger_workbook(draw: st.DrawFn) -> tuple[bytes, str]:
    """A mutated ledger: cells, headers, column order, title and blank rows, merges, extra sheets."""
    import io

    import openpyxl

    header = list(LEDGER_HEADER)
    rows = [list(r) for r in draw(st.lists(st.sampled_from(LEDGER_ROWS), min_size=1, max_size=6))]
    done: list[str] = []
    for _ in range(draw(st.integers(0, 6))):
        how = draw(st.sampled_from(["cell", "cell", "cell", "header", "drop", "swap", "blank", "duplicate"]))
        done.append(how)
        column = draw(st.integers(0, len(header) - 1))
        if how == "cell":
            rows[draw(st.integers(0, len(rows) - 1))][column] = _cell_value(draw)
        elif how == "header":
            header[column] = draw(st.sampled_from(HEADER_VARIANTS))
        elif how == "drop" and len(header) > 3:
            del header[column]
            for row in rows:
                del row[column]
        elif how == "swap":
            other = draw(st.integers(0, len(header) - 1))
            header[column], header[other] = header[other], header[column]
            for row in rows:
                row[column], row[other] = row[other], row[column]
        elif how == "blank":
            rows.insert(draw(st.integers(0, len(rows))), [None] * len(header))
        elif how == "duplicate":
            rows.append(list(rows[draw(st.integers(0, len(rows) - 1))]))
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = draw(st.sampled_from(["台账", "2023年", "a!b'c", "Sheet 1"]))
    titles = draw(st.integers(0, 11))  # 10 rows are searched for the header: 11 hides it
    for index in range(titles):
        ws.append([f"某署三重一大事项台账（{index}）"] if index % 2 == 0 else [])
    ws.append([_writable(h) for h in header])
    for row in rows:
        ws.append([_writable(v) for v in row])
    if draw(st.booleans()) and len(rows) > 1:
        first = titles + 2
        column = draw(st.integers(1, len(header)))
        ws.merge_cells(start_row=first, start_column=column, end_row=first + 1, end_column=column)
        done.append("merge")
    if draw(st.integers(0, 4)) == 0:
        wb.copy_worksheet(ws).title = "2024年"
        done.append("second sheet")
    for how in done or ["none"]:
        event(f"ledger mutation: {how}")
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue(), ws.title


def _ledger_findings(*args: str) -> tuple[int, dict[str, Any]]:
    run, seconds = _timed_cli("validate", *args, "--format", "json", "-j", "1")
    assert run.exit_code in (0, 1, 2), (run.exit_code, run.output[-2000:])
    assert seconds < RUN_SECONDS, seconds
    _clean(run.stdout + (run.stderr or ""), "ledger json")
    return run.exit_code, json.loads(run.stdout)


def _keys(document: dict[str, Any]) -> list[tuple[str, str, str]]:
    return sorted((f["check"], f["item"], f["severity"]) for f in document["findings"])


@COMMON
@given(workbook=ledger_workbook(), extra=st.sampled_from(EXTRA), lang=st.sampled_from(["zh", "en"]))
def test_mutated_ledgers(workbook: tuple[bytes, str], extra: str, lang: str) -> None:
    """The ledger as a record source keeps the same properties; a valid one survives ``ledger import``
    with the same findings (check, item, severity)."""
    data, _sheet = workbook
    root = Path(tempfile.mkdtemp(prefix="govcheck-fuzz-"))
    try:
        (root / "minutes").mkdir()
        (root / "govcheck.yaml").write_bytes(dump(SETTINGS).encode("utf-8"))
        ledger = root / "minutes" / "台账.xlsx"
        ledger.write_bytes(data)
        import openpyxl

        wb = openpyxl.load_workbook(ledger, read_only=True)
        rows = {ws.title: ws.max_row or 0 for ws in wb.worksheets}
        wb.close()
        before = _peak_mb()
        code, document = _ledger_findings(str(ledger), "--lang", lang)
        event(f"ledger exit {code}")
        [entry] = document["files"]  # named directly: always listed, never skipped
        assert entry["error"] == (entry["errors"][0] if entry["errors"] else None)
        for where in [*entry["errors"], *document["findings"]]:
            if where.get("file", entry["path"]) != entry["path"] or not where.get("cell"):
                continue
            title, _, ref = where["cell"].rpartition("!")
            assert title in rows and int(ref.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ")) == where["line"], where
            assert 1 <= where["line"] <= rows[title], (where, rows)
        if entry["errors"]:
            assert code == 2
        command = extra.split()
        if command[0] == "validate":
            other, _seconds = _timed_cli("validate", str(ledger), "--format", command[1], "-j", "1", "--lang", lang)
            assert other.exit_code == code
            _clean(other.stdout + (other.stderr or ""), extra)
        else:
            target = root / f"report.{command[1]}"
            other, _seconds = _timed_cli("report", str(ledger), "-o", str(target), "-j", "1", "--lang", lang)
            assert other.exit_code in (0, 2), other.output[-2000:]
            assert target.exists()
            if command[1] == "xlsx":
                openpyxl.load_workbook(target, read_only=True).close()
            else:
                _clean(target.read_text(encoding="utf-8"), extra)
        assert _peak_mb() - before < RSS_GROWTH_MB
        if code == 2:
            return
        event("valid ledger: imported and engines compared")
        imported = run_cli("ledger", "import", str(ledger), "-o", str(root / "imported"))
        assert imported.exit_code == 0, imported.output
        shutil.copy(root / "govcheck.yaml", root / "imported" / "govcheck.yaml")
        again_code, again = _ledger_findings(str(root / "imported"), "--lang", lang)
        assert again_code == code and _keys(again) == _keys(document), (again["files"], document["findings"])
        if DURABLE:
            _same_findings(root / "minutes", [])
    finally:
        shutil.rmtree(root, ignore_errors=True)
