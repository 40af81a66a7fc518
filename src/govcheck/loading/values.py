"""Typed values of the record format: dates, amounts, booleans, enumerations.

Each parser takes what YAML produced and returns the canonical value, or
raises ``ValueProblem`` saying what is wrong and how to write it instead.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from govcheck.i18n import Text


class ValueProblem(Exception):
    def __init__(self, message: Text, hint: Text) -> None:
        super().__init__(message.en)
        self.message = message
        self.hint = hint


@dataclass(frozen=True)
class Enumeration:
    """A closed set of values, with the Chinese and English words that name them."""

    name: str
    values: dict[str, Text]  # canonical → label (zh, en)
    aliases: dict[str, str]  # alias (Chinese term, case-folded English) → canonical
    # Words people write that are refused on purpose because they are ambiguous: word → why, and what to write.
    refusals: dict[str, tuple[Text, Text]] = field(default_factory=dict)

    def allowed(self) -> Text:
        """The accepted values, Chinese term first: 党组会议（party_group）、行政办公会（executive）…"""
        return Text(
            "可用的值：" + "、".join(f"{label.zh}（{code}）" for code, label in self.values.items()),
            "allowed values: " + ", ".join(self.values) + " (or their Chinese terms)",
        )

    def parse(self, raw: object) -> str:
        if isinstance(raw, str):
            key = raw.strip()
            found = self.aliases.get(key) or self.aliases.get(key.lower())
            if found:
                return found
            refused = self.refusals.get(key)
            if refused is not None:
                raise ValueProblem(*refused)
        shown = show(raw)
        raise ValueProblem(Text(f"“{shown}”不是允许的值", f"'{shown}' is not an allowed value"), self.allowed())


def enumeration(
    name: str,
    spec: dict[str, tuple[str, str, tuple[str, ...]]],
    refusals: dict[str, tuple[Text, Text]] | None = None,
) -> Enumeration:
    """spec: canonical → (Chinese label, English label, extra Chinese aliases)."""
    values: dict[str, Text] = {}
    aliases: dict[str, str] = {}
    for canonical, (zh, en, extra) in spec.items():
        values[canonical] = Text(zh, en)
        aliases[canonical] = canonical
        aliases[zh] = canonical
        for alias in extra:
            aliases[alias] = canonical
    return Enumeration(name, values, aliases, dict(refusals or {}))


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
# 2023/5/12 and 2023.6.20, as typed in Excel and Word: unambiguous with the year first (never 12/5/2023)
_DOTTED_DATE = re.compile(r"^([0-9]{4})([/.])([0-9]{1,2})\2([0-9]{1,2})$")
_DATE_HINT = Text(
    "日期写成 2023年5月12日、2023-05-12、2023/5/12 或 2023.5.12（年份在前）",
    "write dates as 2023-05-12, 2023年5月12日, 2023/5/12 or 2023.5.12 (year first)",
)

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
        dotted = _DOTTED_DATE.match(ascii_text)
        parts = (m[1], m[2], m[3]) if m else (dotted[1], dotted[3], dotted[4]) if dotted else None
        if parts:
            try:
                day = dt.date(int(parts[0]), int(parts[1]), int(parts[2]))
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
    "金额写成以元为单位的数字（3500000），或带中文单位：350万元、350万、1.2亿元、3,500,000元，"
    "或用中文数字：三百五十万元、叁佰伍拾万元整",
    "write amounts in yuan (3500000) or with a Chinese unit: 350万元, 350万, 1.2亿元, 3,500,000元, "
    "or in Chinese numerals: 三百五十万元, 叁佰伍拾万元整",
)

# Chinese numerals, as on a contract or a voucher (大写): 一千二百万元, 壹佰贰拾万元整, 一亿零五百万元.
CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "壹": 1, "二": 2, "贰": 2, "两": 2, "三": 3, "叁": 3, "四": 4, "肆": 4}
CN_DIGITS |= {"五": 5, "伍": 5, "六": 6, "陆": 6, "七": 7, "柒": 7, "八": 8, "捌": 8, "九": 9, "玖": 9}
CN_UNITS = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
CN_NUMERAL_CHARS = "".join(CN_DIGITS) + "".join(CN_UNITS) + "万亿"
_CN_AMOUNT = re.compile(rf"^(?P<num>[{CN_NUMERAL_CHARS}]+)\s*(?P<yuan>[元圆]整?)?$")
# Words that make an amount an estimate, a range or a cap, never the amount decided: 约1200万, 1200万元左右,
# 1200余万元, 近千万, 不超过500万元. Refused with their own message (an estimate is no decided amount).
_ESTIMATE = re.compile(
    r"^(约|大约|约合|约为|近|将近|接近|预计|估计|估算|概算|不超过|不低于|最多|至少|最高|上限)|(左右|上下|以上|以下|以内|余|多)"
)


def _cn_section(text: str) -> int | None:
    """A number below 10000 in Chinese numerals (一千二百、壹佰贰拾、十五、三千零五), or None when malformed."""
    total, digit, last_unit, zero = 0, None, 10_000, False
    for ch in text:
        if ch in CN_DIGITS:
            value = CN_DIGITS[ch]
            if value == 0:
                if digit is not None:
                    return None  # 一零
                zero = True
            elif digit is not None:
                return None  # 一二: two digits without a unit
            else:
                digit = value
            continue
        unit = CN_UNITS.get(ch)
        if unit is None or unit >= last_unit:
            return None  # 百千, 十十
        if digit is None:
            if unit != 10 or (total and not zero):
                return None  # 百 alone; 十 without a digit only at the start (十五) or after 零 (一百零十)
            digit = 1
        total += digit * unit
        digit, last_unit, zero = None, unit, False
    if digit is not None:
        if last_unit not in (10, 10_000) and not zero:
            return None  # 一千二: shorthand for 1200 or 1002? written out, it is 一千二百
        total += digit
    return total


def _cn_below(text: str, big: str) -> int | None:
    """``[section]big[rest]`` for big = 亿 (rest below 10**8) or 万 (rest below 10**4)."""
    if big not in text:
        return _cn_below(text, "万") if big == "亿" else _cn_section(text)
    high_text, _, low_text = text.partition(big)
    smaller = "万" if big == "亿" else ""
    high = _cn_below(high_text, smaller) if smaller else _cn_section(high_text)
    low = (_cn_below(low_text, smaller) if smaller else _cn_section(low_text)) if low_text else 0
    if not high_text or high is None or low is None:
        return None
    return high * (100_000_000 if big == "亿" else 10_000) + low


def cn_number(text: str) -> int | None:
    """A whole number in Chinese numerals, or None when it is not one (or is written ambiguously)."""
    if not text or text.count("亿") > 1 or text.count("万") > 2:
        return None
    return _cn_below(text, "亿")


def _estimate(raw: object, text: str) -> ValueProblem:
    return ValueProblem(
        Text(
            f"“{show(raw)}”是估计数、范围或上限，不是决定的金额",
            f"'{show(raw)}' is an estimate, a range or a cap, not the amount decided",
        ),
        Text(
            "写会议决定的确切金额，如 1200万元（不带“约”“左右”“余”“不超过”等字）；决策时只有概算的，写概算金额本身，"
            "govcheck 按所写金额对照大额资金、公开招标等标准",
            "write the exact amount decided, e.g. 1200万元, without 约/左右/余/不超过; where only an estimate "
            "existed, write the estimate itself: thresholds are checked against it",
        ),
    )


_CURRENCY = re.compile(r"^(?:人民币|rmb|cny|[¥￥])\s*", re.IGNORECASE)
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
        text = _CURRENCY.sub("", text, count=1)  # ￥80万元, 人民币350万元: the currency is always yuan here
        if len(text) > 64:  # no amount is this long; keeps Decimal away from huge numbers
            raise ValueProblem(Text(f"“{show(raw)}”不是金额", f"'{show(raw)}' is not an amount"), _AMOUNT_HINT)
        if text.startswith("-") and _AMOUNT.match(text[1:]):
            raise ValueProblem(Text("金额不能为负数", "an amount cannot be negative"), _AMOUNT_HINT)
        cn = _CN_AMOUNT.match(text)
        if cn:
            number = cn_number(cn["num"])
            if number is not None:
                return number
        if _ESTIMATE.search(text) and re.search(f"[0-9{CN_NUMERAL_CHARS}]", text):
            raise _estimate(raw, text)
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


def parse_bool(raw: object, yes: tuple[str, ...] = (), no: tuple[str, ...] = ()) -> bool:
    """Booleans: true/false; in a yes/no field the YAML 1.1 words are unambiguous, and so are the
    field's own words (``archived: 已归档``)."""
    if isinstance(raw, bool):
        return raw
    if isinstance(raw, str):
        word = raw.strip().lower()
        if word in TRUE_WORDS or word in yes:
            return True
        if word in FALSE_WORDS or word in no:
            return False
    own = "".join(f"、{w}" for w in yes + no)
    raise ValueProblem(
        Text(f"“{show(raw)}”不是是/否值", f"'{show(raw)}' is not a yes/no value"),
        Text(f"写 true（是）或 false（否）{own and '，也可写' + own[1:]}", "write true or false"),
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


def placeholder_problem(raw: object) -> ValueProblem | None:
    """A 【…，例 …】 left as `govcheck new record` wrote it, in a field of any kind (a date, a list,
    a yes/no): said as unfilled, not as a bad date or as full-width list brackets."""
    if isinstance(raw, str) and _PLACEHOLDER.match(raw):
        return ValueProblem(
            Text(f"“{show(raw)}”是还没有填写的占位内容", f"'{show(raw)}' is a placeholder not yet filled in"),
            Text("把【】连同其中的文字换成实际内容", "replace the 【…】 with the real value"),
        )
    return None


def parse_text(raw: object) -> str:
    """Free text. Numbers and dates written unquoted (ids, archive numbers) are kept as text."""
    if isinstance(raw, str):
        if not raw.strip():
            raise ValueProblem(
                Text("内容为空", "the text is empty"), Text("填写内容，或删除此项", "fill it in or remove the key")
            )
        unfilled = placeholder_problem(raw)
        if unfilled is not None:
            raise unfilled
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
