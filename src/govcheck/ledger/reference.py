"""docs/记录格式.md: the field reference, generated from the field definitions.

Regenerate with ``python -m govcheck.ledger.reference docs/记录格式.md``; a test
fails when the committed file differs from what this module writes, so the
reference can never drift from the loader, the ledger columns or the template.
"""

from __future__ import annotations

import sys

from govcheck.ledger.columns import COLUMNS, Column
from govcheck.ledger.guide import FORMAT_EN, FORMAT_ZH, guide
from govcheck.ledger.payments import PAYMENT_COLUMNS
from govcheck.loading.schema import ITEM, RECORD, Field

_BY_KEY = {c.key: c for c in COLUMNS}


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _rows(spec: Field, prefix: str, column_prefix: str, out: list[tuple[str, Field, Column | None]]) -> None:
    for key, sub in spec.fields.items():
        path = f"{prefix}{key}"
        column = _BY_KEY.get(f"{column_prefix}{key}")
        out.append((path, sub, column))
        if sub.kind == "map":
            _rows(sub, f"{path}.", f"{column_prefix}{key}.", out)
        elif sub.kind == "list" and sub.item is not None and sub.item.kind == "map":
            _rows(sub.item, f"{path}[].", "\0", out)  # entries have no column of their own


def _entries() -> list[tuple[str, list[tuple[str, Field, Column | None]]]]:
    top: list[tuple[str, Field, Column | None]] = []
    for key in ("govcheck", "unit"):
        top.append((key, RECORD.fields[key], _BY_KEY.get(key)))
    meeting: list[tuple[str, Field, Column | None]] = [("meeting", RECORD.fields["meeting"], None)]
    _rows(RECORD.fields["meeting"], "meeting.", "meeting.", meeting)
    items: list[tuple[str, Field, Column | None]] = [("items", RECORD.fields["items"], None)]
    _rows(ITEM, "items[].", "", items)
    return [("记录 / Record", top), ("会议 / Meeting", meeting), ("议题 / Items", items)]


def _allowed(spec: Field, lang: str) -> str:
    if spec.enum is not None:
        return "、".join(
            f"`{code}` {label.zh if lang == 'zh' else label.en}{_also(spec, code, label.zh, lang)}"
            for code, label in spec.enum.values.items()
        )
    if spec.kind == "bool":
        yes, no = spec.yes_no
        if lang == "zh":
            return "true（是" + "".join(f"、{w}" for w in yes) + "）、false（否" + "".join(f"、{w}" for w in no) + "）"
        return "true, false"
    return ""


def _also(spec: Field, code: str, label: str, lang: str) -> str:
    """The other spellings the loader takes for one value: （也可写 赞成）."""
    assert spec.enum is not None
    extra = [word for word, canonical in spec.enum.aliases.items() if canonical == code and word not in (code, label)]
    if not extra:
        return ""
    return f"（也可写 {'、'.join(extra)}）" if lang == "zh" else f" (also {', '.join(extra)})"


def _format(spec: Field, lang: str) -> str:
    table = FORMAT_ZH if lang == "zh" else FORMAT_EN
    if spec.kind == "enum":
        return "取值之一" if lang == "zh" else "one of the values"
    if spec.kind == "map":
        return "映射（下级字段）" if lang == "zh" else "mapping (the fields below)"
    if spec.kind == "list":
        assert spec.item is not None
        if spec.item.kind == "map":
            return "列表，每项一个映射" if lang == "zh" else "list of mappings"
        return "列表，如 [张三, 李四]" if lang == "zh" else "list, e.g. [张三, 李四]"
    if spec.kind == "version":
        return "固定为 1" if lang == "zh" else "always 1"
    return table.get(spec.kind, table["text"])


def render() -> str:
    out = [
        "# 决策记录格式（第1版）字段说明 / Record format v1: field reference",
        "",
        "<!-- 由 `python -m govcheck.ledger.reference docs/记录格式.md` 从字段定义生成，请勿手工修改。"
        " Generated from the field definitions; do not edit by hand. -->",
        "",
        "每份记录是一个 YAML 文件（`govcheck new record` 生成带注释的骨架），或 Excel 台账中的一次会议"
        "（`govcheck ledger template` 生成模板）。“台账列名”是台账中该字段的列名；“必填”的字段缺少时记录不能检查。",
        "日期写 2023-05-12（也可写 2023年5月12日、2023.5.12、2023/5/12，台账中还可用 Excel 日期），"
        "金额以元为单位，也可写 350万元、1.2亿元或中文数字（三百五十万元、叁佰伍拾万元整）；"
        "带“约”“左右”“余”“不超过”的估计数不是金额。",
        "",
    ]
    for title, rows in _entries():
        out += [
            f"## {title}",
            "",
            "| 字段 | 台账列名 | 必填 | 含义 | 格式 | 可选值 | 示例（台账写法） |",
            "|---|---|---|---|---|---|---|",
        ]
        for path, spec, column in rows:
            example = guide(column).example if column is not None else ""
            out.append(
                "| "
                + " | ".join(
                    _cell(v)
                    for v in (
                        f"`{path}`",
                        column.header if column else "",
                        "必填" if spec.required else "",
                        spec.doc.zh,
                        _format(spec, "zh"),
                        _allowed(spec, "zh"),
                        example,
                    )
                )
                + " |"
            )
        out.append("")
    out += ["## 支出明细（--payments）", "", "| 列名 | 必填 | 含义 | 也接受的列名 | 示例 |", "|---|---|---|---|---|"]
    for payment in PAYMENT_COLUMNS:
        out.append(
            "| "
            + " | ".join(
                _cell(v)
                for v in (
                    payment.header,
                    "必填" if payment.required else "",
                    payment.meaning.zh,
                    "、".join(v for v in payment.variants if not v.isascii()),
                    payment.example,
                )
            )
            + " |"
        )
    out += [
        "",
        "---",
        "",
        "## English",
        "",
        "Each record is a YAML file (`govcheck new record` writes a commented skeleton) or one meeting of an",
        "Excel ledger (`govcheck ledger template`). Dates as 2023-05-12; amounts in yuan, or 350万元 / 1.2亿元.",
        "",
    ]
    for title, rows in _entries():
        out += [
            f"### {title.split(' / ')[1]}",
            "",
            "| Field | Ledger column | Required | Meaning | Format | Values |",
            "|---|---|---|---|---|---|",
        ]
        for path, spec, column in rows:
            out.append(
                "| "
                + " | ".join(
                    _cell(v)
                    for v in (
                        f"`{path}`",
                        column.header if column else "",
                        "yes" if spec.required else "",
                        spec.doc.en,
                        _format(spec, "en"),
                        _allowed(spec, "en"),
                    )
                )
                + " |"
            )
        out.append("")
    out += ["### Payments ledger (--payments)", "", "| Column | Required | Meaning |", "|---|---|---|"]
    for payment in PAYMENT_COLUMNS:
        out.append(
            f"| {payment.header} (`{payment.key}`) | {'yes' if payment.required else ''} | {payment.meaning.en} |"
        )
    return "\n".join(out) + "\n"


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if not args:
        sys.stdout.write(render())
        return 0
    with open(args[0], "w", encoding="utf-8", newline="\n") as handle:
        handle.write(render())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
