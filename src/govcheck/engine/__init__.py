"""Rule engines: durable-rules where it installs and runs, plain Python (its differential twin) elsewhere."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any, Protocol

from govcheck.i18n import Text
from govcheck.rulebook.model import Rule


class Engine(Protocol):
    name: str

    def evaluate(self, facts: list[dict[str, Any]]) -> set[tuple[str, int]]:
        """(rule id, fact index) for each per-item rule each fact violates."""
        ...

    def evaluate_corpus(self, facts: list[dict[str, Any]]) -> set[tuple[str, int, int, int]]:
        """(rule id, join index or -1, fact index, other fact index or -1) across all facts of a run."""
        ...


ENGINES = ("durable", "plain")
CHOICES = ("auto", *ENGINES)


class EngineUnavailable(Exception):
    """``--engine durable`` asked for, but durable-rules does not import or fails its self-test."""

    def __init__(self, message: Text) -> None:
        super().__init__(message.en)
        self.message = message


@dataclass(frozen=True)
class EngineChoice:
    """The engine a run uses, and why, when auto did not get durable-rules."""

    name: str  # durable or plain: the engine that runs
    fallback: Text | None = None  # why auto chose plain; None when it ran what was asked


@cache
def durable_problem() -> str | None:
    """None when durable-rules imports and passes a one-fact self-test; else what went wrong."""
    try:
        from govcheck.engine.durable_engine import self_test

        self_test()
    except Exception as exc:  # ImportError (missing, or 3.13's undefined symbol) or a broken engine
        return f"{type(exc).__name__}: {exc}".splitlines()[0][:200]
    return None


def choose_engine(requested: str) -> EngineChoice:
    if requested == "plain":
        return EngineChoice("plain")
    problem = durable_problem()
    if problem is None:
        return EngineChoice("durable")
    if requested == "durable":
        raise EngineUnavailable(
            Text(
                f"durable-rules 引擎不可用（{problem}）；请改用 --engine auto 或 --engine plain，检查结果相同",
                f"the durable-rules engine is unavailable ({problem}); use --engine auto or --engine plain, "
                "which give the same findings",
            )
        )
    return EngineChoice(
        "plain",
        Text(
            f"使用 plain 引擎：durable-rules 不可用（{problem}）；检查结果与 durable 引擎相同",
            f"using the plain engine: durable-rules is unavailable ({problem}); the findings are the same",
        ),
    )


def available_engines() -> tuple[str, ...]:
    return ENGINES if durable_problem() is None else ("plain",)


def make_engine(rules: tuple[Rule, ...], name: str = "durable") -> Engine:
    if name == "plain":
        from govcheck.engine.plain_engine import PlainEngine

        return PlainEngine(rules)
    from govcheck.engine.durable_engine import DurableEngine

    # durable-rules never frees a ruleset (they are global by name in its C engine): about 1 MB
    # per engine. One engine per rule set and process is reused (it keeps no state between
    # evaluations), so a process that runs many checks (tests, the fuzzer, hook over many
    # folders) stays bounded.
    engine = _DURABLE.get(rules)
    if engine is None:
        if len(_DURABLE) >= 16:
            _DURABLE.pop(next(iter(_DURABLE)))
        engine = _DURABLE[rules] = DurableEngine(rules)
    return engine


_DURABLE: dict[tuple[Rule, ...], Engine] = {}
