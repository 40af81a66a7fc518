"""Where each output goes: ``-o FORMAT:PATH`` (repeatable) beside ``--format``.

- ``-o sarif:govcheck.sarif`` writes SARIF to a file; ``-o text:-`` writes text to stdout;
- ``-o FILE`` (no known format before a colon) sends the ``--format`` output to FILE,
  as before;
- unless ``-o FILE`` or some ``FORMAT:-`` claims stdout, the ``--format`` output is
  printed there too.
"""

from __future__ import annotations

from dataclasses import dataclass

from govcheck.i18n import Text

FORMATS = ("text", "json", "sarif", "junit", "github")
STDOUT = "-"


class TargetError(Exception):
    def __init__(self, message: Text) -> None:
        super().__init__(message.en)
        self.message = message


@dataclass(frozen=True)
class Target:
    """One output: its format and its path."""

    fmt: str
    path: str  # "-" for stdout


def parse_targets(specs: tuple[str, ...] | list[str], default_fmt: str) -> list[Target]:
    targets: list[Target] = []
    redirected = False
    for spec in specs:
        name, colon, rest = spec.partition(":")
        if colon and name in FORMATS:
            if not rest:
                raise TargetError(
                    Text(
                        f"-o {spec}：冒号后缺少文件名（标准输出写作 {name}:-）",
                        f"-o {spec}: no file after the colon (stdout is {name}:-)",
                    )
                )
            targets.append(Target(name, rest))
        else:
            targets.append(Target(default_fmt, spec))
            redirected = True
    if not redirected and all(t.path != STDOUT for t in targets):
        targets.insert(0, Target(default_fmt, STDOUT))
    paths = [t.path for t in targets]
    for path in dict.fromkeys(paths):
        if paths.count(path) > 1:
            where = "标准输出" if path == STDOUT else path
            raise TargetError(
                Text(
                    f"多个 -o 写入同一处：{where}",
                    f"several -o outputs go to the same place: {'stdout' if path == STDOUT else path}",
                )
            )
    return targets
