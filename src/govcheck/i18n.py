"""Bilingual text: Chinese first, English available (``--lang en``)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from govcheck.lazyre import lazy

Lang = Literal["zh", "en"]
LANGS: tuple[Lang, ...] = ("zh", "en")


@dataclass(frozen=True)
class Text:
    """A text in Chinese and in English."""

    zh: str
    en: str

    def get(self, lang: Lang) -> str:
        return self.zh if lang == "zh" else self.en

    def format(self, **values: object) -> Text:
        return Text(self.zh.format(**values), self.en.format(**values))


SEVERITY_NAMES: dict[str, Text] = {
    "error": Text("错误", "error"),
    "warning": Text("警告", "warning"),
    "info": Text("提示", "info"),
}


def join_names(names: list[str] | tuple[str, ...], lang: Lang = "zh") -> str:
    return ("、" if lang == "zh" else ", ").join(names)


_IRREGULAR = {"entry": "entries", "info": "info", "is": "are", "was": "were"}


def counted(n: int, word: str) -> str:
    """``n`` and the English noun in the right number: 1 file, 2 files, 1 entry, 3 entries."""
    if n == 1:
        return f"{n} {word}"
    last = word.rsplit(" ", 1)[-1]
    plural = _IRREGULAR.get(last, last + "s")
    return f"{n} {word[: len(word) - len(last)]}{plural}"


# Rule messages are templates ("{vote_total} votes cast"): where the count turns out to be one, the noun
# after it loses its plural s. The nouns rule messages count; any other word is left alone.
_ONE_OF = lazy(
    r"(?<![\d.,])1 ((?:working |calendar )?(?:day|vote|member|item|payment|file|finding|error|warning|record|"
    r"input error|example|expert|comment|waiver|meeting|purchase))s\b"
)


def singular_ones(text: str) -> str:
    """English text with "1 votes" / "1 working days" made singular."""
    if "1 " not in text:
        return text
    return _ONE_OF().sub(r"1 \1", text).replace("1 entries", "1 entry")
