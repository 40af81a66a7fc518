"""Typed values of the record format: dates, amounts, booleans, enumerations.

Each parser takes what YAML produced and returns the canonical value, or
raises ``ValueProblem`` saying what is wrong and how to write it instead.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from govcheck.i18n import Text


class ValueProblem(Exception):
    def __init__(self, message: Text, hint: Text) -> None:
        super().__init__(message.en)
        self.message = message
        self.hint = hint


@dataclass(frozen=True)
class Enumeration:
    name: str
    values: dict[str, Text]  # canonical → label (zh, en)
    aliases: dict[str, str]  # alias (Chinese term, case-folded English) → canonical

    def parse(self, raw: object) -> str:
        if isinstance(raw, str):
            key = raw.strip()
            found = self.aliases.get(key) or self.aliases.get(key.lower())
            if found:
                return found
        allowed_zh = "、".join(f"{k}（{v.zh}）" for k, v in self.values.items())
        allowed_en = ", ".join(self.values)
        shown = show(raw)
        raise ValueProblem(
            Text(f"“{shown}”不是允许的值", f"'{shown}' is not an allowed value"),
            Text(f"可用的值：{allowed_zh}", f"allowed values: {allowed_en} (or their Chinese terms)"),
        )


def enumeration(name: str, spec: dict[str, tuple[str, str, tuple[str, ...]]]) -> Enumeration:
    """spec: canonical → (Chinese label, English label, extra Chinese aliases)."""
    values: dict[str, Text] = {}
    aliases: dict[str, str] = {}
    for canonical, (zh, en, extra) in spec.items():
        values[canonical] = Text(zh, en)
        aliases[canonical] = canonical
        aliases[zh] = canonical
        for alias in extra:
            aliases[alias] = canonical
    return Enumeration(name, values, aliases)


SHOWN_CHARS = 60  # a value quoted back in a message: enough to recognise it, never a page of it


def show(raw: object) -> str:
    """A value as the user wrote it, for messages: never a Python repr, never unbounded."""
    if raw is True:
        return "true"
    if raw is False:
        return "false"
    if raw is None:
        return "null"
    if isinstance(raw, dt.date):
        text = raw.isoformat()
    elif isinstance(raw, dict):
        text = (
            "{"
            + ", ".join(f"{show(k)}: {show(v)}" for k, v in list(raw.items())[:5])
            + (", …}" if len(raw) > 5 else "}")
        )
    elif isinstance(raw, (list, tuple)):
        text = "[" + ", ".join(show(v) for v in list(raw)[:5]) + (", …]" if len(raw) > 5 else "]")
    else:
        text = str(raw)
    return text if len(text) <= SHOWN_CHARS else text[: SHOWN_CHARS - 1] + "…"


_CN_DATE = re.compile(r"^([0-9]{4})\s*年\s*([0-9]{1,2})\s*月\s*([0-9]{1,2})\s*日$")
_ISO_DATE = re.compile(r"^([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})$")
_DATE_HINT = Text("日期写成 2023-05-12 或 2023年5月12日", "write dates as 2023-05-12 or 2023年5月12日")

# The supported date range. Decision records of the People's Republic start in 1949; 2100 is far
# beyond any plan. Inside it, every deadline (a few hundred days, or working days, either way)
# stays inside what ``datetime.date`` can hold, so no date arithmetic can overflow.
FIRST_DATE = dt.date(1949, 1, 1)
LAST_DATE = dt.date(2100, 12, 31)
# Python's \d takes any script's digits (Arabic-Indic, Devanagari…); people type ASCII or,
# with a Chinese input method, full-width digits. Anything else is a typo or a spoofing attempt.
_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")


def in_range(day: dt.date) -> dt.date:
    """``day`` when it lies in the supported range, else a ValueProblem naming the range."""
    if FIRST_DATE <= day <= LAST_DATE:
        return day
    raise ValueProblem(
        Text(
            f"日期 {day.isoformat()} 超出支持的范围（{FIRST_DATE.year}年至{LAST_DATE.year}年）",
            f"the date {day.isoformat()} is outside the supported range ({FIRST_DATE.year} to {LAST_DATE.year})",
        ),
        Text("检查年份是否写错", "check the year for a typo"),
    )


def parse_date(raw: object) -> dt.date:
    if isinstance(raw, dt.date) and not isinstance(raw, dt.datetime):
        return in_range(raw)
    if isinstance(raw, str):
        text = raw.strip()
        ascii_text = text.translate(_DIGITS)
        m = _ISO_DATE.match(ascii_text) or _CN_DATE.match(ascii_text)
        if m:
            try:
                day = dt.date(int(m[1]), int(m[2]), int(m[3]))
            except ValueError as exc:
                raise ValueProblem(
                    Text(f"“{text}”不是真实存在的日期", f"'{text}' is not a real date"), _DATE_HINT
                ) from exc
            return in_range(day)
    raise ValueProblem(Text(f"“{show(raw)}”不是日期", f"'{show(raw)}' is not a date"), _DATE_HINT)


_AMOUNT = re.compile(
    r"^(?P<num>[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?P<frac>\.[0-9]+)?\s*(?P<unit>亿|万)?\s*(?P<yuan>元)?$"
)
_UNITS = {None: Decimal(1), "万": Decimal(10_000), "亿": Decimal(100_000_000)}
_AMOUNT_HINT = Text(
    "金额写成以元为单位的数字（3500000），或带中文单位：350万元、350万、1.2亿元、3,500,000元",
    "write amounts in yuan (3500000) or with a Chinese unit: 350万元, 350万, 1.2亿元, 3,500,000元",
)


MAX_AMOUNT = 10**15  # 1000万亿元: beyond any budget; keeps amounts inside the rule engine's 64-bit integers


def parse_amount(raw: object) -> int | Decimal:
    """Amount in yuan, exact: whole yuan as int, yuan and fen as Decimal."""
    value = _parse_amount(raw)
    if value > MAX_AMOUNT:
        raise ValueProblem(
            Text(f"金额“{show(raw)}”超过1000万亿元，不可能是真实金额", f"amount '{show(raw)}' is over 10**15 yuan"),
            _AMOUNT_HINT,
        )
    return value


def _parse_amount(raw: object) -> int | Decimal:
    if isinstance(raw, bool):
        raise ValueProblem(Text("金额不能是 true/false", "an amount cannot be true/false"), _AMOUNT_HINT)
    if isinstance(raw, int):
        if raw < 0:
            raise ValueProblem(Text("金额不能为负数", "an amount cannot be negative"), _AMOUNT_HINT)
        return raw
    if isinstance(raw, str):
        text = raw.strip().translate(_DIGITS)  # full-width digits from a Chinese input method
        if len(text) > 64:  # no amount is this long; keeps Decimal away from huge numbers
            raise ValueProblem(Text(f"“{show(raw)}”不是金额", f"'{show(raw)}' is not an amount"), _AMOUNT_HINT)
        if text.startswith("-") and _AMOUNT.match(text[1:]):
            raise ValueProblem(Text("金额不能为负数", "an amount cannot be negative"), _AMOUNT_HINT)
        m = _AMOUNT.match(text)
        if m:
            try:
                value = Decimal(m["num"].replace(",", "") + (m["frac"] or "")) * _UNITS[m["unit"]]
            except InvalidOperation:  # pragma: no cover - the pattern admits only digits
                value = None
            if value is not None:
                if value == value.to_integral_value():
                    return int(value)
                value = value.normalize()  # 1.230元 is 1.23元: trailing zeros are not precision
                if value.as_tuple().exponent >= -2:  # type: ignore[operator]
                    return value
                raise ValueProblem(
                    Text(f"金额“{text}”精确到分以下", f"amount '{text}' is finer than one fen"), _AMOUNT_HINT
                )
    raise ValueProblem(Text(f"“{show(raw)}”不是金额", f"'{show(raw)}' is not an amount"), _AMOUNT_HINT)


TRUE_WORDS = frozenset(("yes", "on", "是", "y"))  # in a yes/no field only; compared case-folded
FALSE_WORDS = frozenset(("no", "off", "否", "n"))


def parse_bool(raw: object) -> bool:
    """Booleans: true/false; in a yes/no field the YAML 1.1 words are unambiguous."""
    if isinstance(raw, bool):
        return raw
    if isinstance(raw, str):
        word = raw.strip().lower()
        if word in TRUE_WORDS:
            return True
        if word in FALSE_WORDS:
            return False
    raise ValueProblem(
        Text(f"“{show(raw)}”不是是/否值", f"'{show(raw)}' is not a yes/no value"),
        Text("写 true（是）或 false（否）", "write true or false"),
    )


MAX_COUNT = 1_000_000_000  # far beyond any vote or comment count; keeps rule arithmetic inside 64 bits


_COUNT_TEXT = re.compile(r"^[0-9]+$")


def parse_count(raw: object) -> int:
    """A whole number ≥ 0, written as a number or as digits in quotes (``for: 05`` and ``for: "5"`` are 5).

    YAML 1.2 editors read ``05`` as the number 5 and ``"5"`` as text, so both spellings are taken, as the
    schema (``govcheck schema``) takes them. Hex and octal (``0x3``, ``0o3``) are not counts.
    """
    if isinstance(raw, str) and len(raw) <= 64 and _COUNT_TEXT.match(raw.strip().translate(_DIGITS)):
        raw = int(raw.strip().translate(_DIGITS))
    if isinstance(raw, int) and not isinstance(raw, bool) and 0 <= raw <= MAX_COUNT:
        return raw
    if isinstance(raw, int) and not isinstance(raw, bool) and raw > MAX_COUNT:
        raise ValueProblem(
            Text(f"“{raw}”大得不可能是人数/次数", f"'{raw}' is too large to be a count"),
            Text(f"写不超过 {MAX_COUNT} 的整数；检查是否多写了数字", f"write a whole number up to {MAX_COUNT}"),
        )
    raise ValueProblem(
        Text(f"“{show(raw)}”不是人数/次数（非负整数）", f"'{show(raw)}' is not a count (a whole number ≥ 0)"),
        Text("写一个整数，如 3", "write a whole number such as 3"),
    )


MAX_DAYS = 366  # a notice period of more than a year is a typo, and keeps deadlines inside the date range


def parse_days(raw: object) -> int:
    """A number of days before a meeting (``notice_days``): 0 to a year."""
    days = parse_count(raw)
    if days > MAX_DAYS:
        raise ValueProblem(
            Text(f"“{days}”天超过一年，不像是提前送达的天数", f"{days} days is over a year: not a notice period"),
            Text(f"写 0 到 {MAX_DAYS} 之间的天数", f"write a number of days from 0 to {MAX_DAYS}"),
        )
    return days


_PLACEHOLDER = re.compile(r"^\s*【[^【】]*，例 [^【】]*】\s*$")  # ledger.skeleton.PLACEHOLDER, whole value


def parse_text(raw: object) -> str:
    """Free text. Numbers and dates written unquoted (ids, archive numbers) are kept as text."""
    if isinstance(raw, str):
        if not raw.strip():
            raise ValueProblem(
                Text("内容为空", "the text is empty"), Text("填写内容，或删除此项", "fill it in or remove the key")
            )
        if _PLACEHOLDER.match(raw):  # left as `govcheck new record` wrote it
            raise ValueProblem(
                Text(f"“{show(raw)}”是还没有填写的占位内容", f"'{show(raw)}' is a placeholder not yet filled in"),
                Text("把【】连同其中的文字换成实际内容", "replace the 【…】 with the real value"),
            )
        return raw
    if isinstance(raw, int) and not isinstance(raw, bool):
        return str(raw)
    if isinstance(raw, dt.date):
        return raw.isoformat()
    raise ValueProblem(
        Text(f"应为文字，实际是 {_kind_zh(raw)}", f"expected text, found {_kind_en(raw)}"),
        Text("写成文字；若内容是 yes/no/true/false 等词，请加引号", "write text; quote words like yes/no/true"),
    )


def _kind_zh(raw: object) -> str:
    return {bool: "是/否值", dict: "映射（键值对）", list: "列表", type(None): "空值"}.get(_base(raw), "其他类型")


def _kind_en(raw: object) -> str:
    return {bool: "a true/false value", dict: "a mapping", list: "a list", type(None): "an empty value"}.get(
        _base(raw), "another type"
    )


def _base(raw: object) -> type:
    for kind in (bool, dict, list, type(None)):
        if isinstance(raw, kind):
            return kind
    return object
