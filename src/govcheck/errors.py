"""Input errors: what is wrong, where (file and line), and how to fix it."""

from __future__ import annotations

from dataclasses import dataclass

from govcheck.i18n import Lang, Text


@dataclass(frozen=True)
class InputError:
    path: str
    line: int  # 1-based; 0 when the problem is the file as a whole
    message: Text
    hint: Text | None = None

    def render(self, lang: Lang) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        text = f"{where}: {self.message.get(lang)}"
        if self.hint is not None:
            text += ("\n    修改方法：" if lang == "zh" else "\n    how to fix: ") + self.hint.get(lang)
        return text

    def as_json(self, lang: Lang) -> dict[str, object]:
        message = self.message.get(lang)
        if self.hint is not None:
            message += ("（修改方法：" + self.hint.get(lang) + "）") if lang == "zh" else (
                " (how to fix: " + self.hint.get(lang) + ")"
            )
        # cli.md: lines are 1-based; a problem with the file as a whole points at its first line.
        return {"line": max(self.line, 1), "message": message}


class InputProblems(Exception):
    """Raised by loaders with every problem found in one file."""

    def __init__(self, errors: list[InputError]) -> None:
        super().__init__(errors[0].message.en if errors else "input error")
        self.errors = errors
