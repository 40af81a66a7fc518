"""Input errors: what is wrong, where (file and line), and how to fix it."""

from __future__ import annotations

from dataclasses import dataclass

from govcheck.i18n import Lang, Text
from govcheck.loading.cells import cell_of, location


@dataclass(frozen=True)
class InputError:
    """A problem with an input: file, line, what is wrong and how to fix it."""

    path: str
    line: int  # 1-based; 0 when the problem is the file as a whole
    message: Text
    hint: Text | None = None

    def render(self, lang: Lang) -> str:
        """For people: path, message and hint never carry a control character (``output.safe``)."""
        from govcheck.output.safe import one_line

        text = f"{one_line(location(self.path, self.line))}: {one_line(self.message.get(lang))}"
        if self.hint is not None:
            text += ("\n    修改方法：" if lang == "zh" else "\n    how to fix: ") + one_line(self.hint.get(lang))
        return text

    def as_json(self, lang: Lang) -> dict[str, object]:
        message = self.message.get(lang)
        if self.hint is not None:
            message += (
                ("（修改方法：" + self.hint.get(lang) + "）")
                if lang == "zh"
                else (" (how to fix: " + self.hint.get(lang) + ")")
            )
        # cli.md: lines are 1-based; a problem with the file as a whole points at its first line.
        out: dict[str, object] = {"line": max(int(self.line), 1), "message": message}
        cell = cell_of(self.line)
        if cell:
            out["cell"] = cell  # cli.md 1.1: a ledger's errors name their cell; line is the row
        return out


class InputProblems(Exception):
    """Raised by loaders with every problem found in one file."""

    def __init__(self, errors: list[InputError]) -> None:
        super().__init__(errors[0].message.en if errors else "input error")
        self.errors = errors


class NotALedger(Exception):
    """No sheet of the workbook has a ledger header row (defined here so a YAML-only run never imports the reader)."""
