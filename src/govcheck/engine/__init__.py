"""Rule engines: durable-rules for real runs, plain Python as its differential twin."""

from __future__ import annotations

from typing import Any, Protocol

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


def make_engine(rules: tuple[Rule, ...], name: str = "durable") -> Engine:
    if name == "plain":
        from govcheck.engine.plain_engine import PlainEngine

        return PlainEngine(rules)
    from govcheck.engine.durable_engine import DurableEngine

    return DurableEngine(rules)
