"""Bilingual text: Chinese first, English available (``--lang en``)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Lang = Literal["zh", "en"]
LANGS: tuple[Lang, ...] = ("zh", "en")


@dataclass(frozen=True)
class Text:
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
