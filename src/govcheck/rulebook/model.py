"""What a rule is, once its file has been read and checked."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from govcheck.i18n import Text
from govcheck.rulebook.conditions import All, Compare, Condition, Lit

if TYPE_CHECKING:
    from govcheck.rulebook.example import Example
    from govcheck.rulebook.plan import Plan


@dataclass(frozen=True)
class Basis:
    """A provision a rule rests on, cited with its findings."""

    instrument: str
    article: str | None = None
    confidence: str | None = None  # V1 | V2 | M, as in the research notes
    note: str | None = None  # what the provision says, briefly
    effective_from: dt.date | None = None
    effective_to: dt.date | None = None
    # (1.1) the unit kinds this basis serves (agency, soe, village); empty = every kind
    kinds: tuple[str, ...] = ()
    # (1.1) cited only on items where this holds (政府采购法 only on procurement items); None = always
    when: Condition | None = None
    when_text: Any = field(default=None, compare=False)  # as written, for `rules show`

    def serves(self, kind: str | None) -> bool:
        return kind is None or not self.kinds or kind in self.kinds

    def fits(self, values: dict[str, Any] | None) -> bool:
        """Cited for this item: no ``when``, no item to judge (listings), or ``when`` holds on its fact."""
        if self.when is None or values is None:
            return True
        from govcheck.engine.plain_engine import holds

        return holds(self.when, values)

    def cite(self) -> str:
        if not self.article:
            return self.instrument
        # 《条例》第五条 reads on; a plain name (本单位议事规则) needs a space before its clause.
        joiner = "" if self.instrument.endswith(("》", "）", ")")) else " "
        return f"{self.instrument}{joiner}{self.article}"

    def in_force(self, day: dt.date | None) -> bool:
        if day is None:
            return True
        return (self.effective_from is None or self.effective_from <= day) and (
            self.effective_to is None or day <= self.effective_to
        )


@dataclass(frozen=True)
class SeverityPeriod:
    """A severity other than the default: for decision dates in a period, or (``when``) for some facts."""

    severity: str
    effective_from: dt.date | None
    effective_to: dt.date | None
    when: Condition | None = None  # severity_cases: the fact must meet it (e.g. not is_tiol → warning)
    when_text: Any = field(default=None, compare=False)  # the condition as written, for `rules show`


@dataclass(frozen=True)
class Message:
    """A message template; ``when`` picks among several (the first that holds, else the last)."""

    text: Text
    when: Condition | None = None
    line_field: str | None = None  # where this wording's problem shows, if not the rule's line


@dataclass(frozen=True)
class Join:
    """A check across records: a fact of ``kind`` and whether another fact of ``other`` matches it.

    ``match`` pairs (this field, other field) that must be equal; ``exists``
    says whether the rule fires when such a fact exists (duplicates) or when
    none does (a report to a meeting that never happened). A fact never
    matches itself. Joins are equality-only on purpose: durable-rules 2.0.28
    reads freed memory when a join compares with <, >, != (valgrind:
    reduceExpressionSequence), so ordering tests stay on the fact itself.
    """

    kind: str  # item | meeting | payment
    other: str  # item | meeting | payment
    when: Condition | None
    match: tuple[tuple[str, str], ...]
    exists: bool
    messages: tuple[Message, ...]
    line_field: str | None = None


@dataclass(frozen=True)
class Rule:
    """One check, as read from its rule file."""

    id: str
    pack: str
    title: Text
    severity: str
    basis: tuple[Basis, ...]
    applies: Condition | None  # None for rules made only of joins
    fails: Condition | None
    messages: tuple[Message, ...]
    description: Text
    effective_from: dt.date | None = None
    effective_to: dt.date | None = None
    severity_periods: tuple[SeverityPeriod, ...] = ()
    scope: str = "item"  # item | meeting (reported once per meeting, on the first item it fires on)
    line_field: str | None = None
    examples: tuple[Example, ...] = field(default=(), compare=False)
    source: str = ""
    corpus: bool = False
    joins: tuple[Join, ...] = ()
    raised_by: str | None = None  # "waivers": raised by govcheck's waiver handling, not by conditions
    applies_text: Any = field(default=None, compare=False)  # the conditions as written, for display
    fails_text: Any = field(default=None, compare=False)
    plan: Plan | None = field(default=None, compare=False)  # steps for `govcheck checklist`
    facts: str = "item"  # the kind of fact the rule's conditions judge: item, or payment (pack audit)

    def __hash__(self) -> int:
        # Equal rules have equal ids, so the id is hash enough; the generated hash walked every
        # condition, basis and message (engine.make_engine looks a run's rules up: 0.65 ms a run).
        return hash(self.id)

    @property
    def per_item(self) -> bool:
        """Judged on each item's own fact (not across records)."""
        return self.fails is not None and not self.corpus

    def condition(self) -> Condition:
        """Everything that must hold for the rule to fire on a fact."""
        assert self.applies is not None and self.fails is not None
        # A meeting-scope rule is judged on every item it applies to; the pipeline keeps its first finding
        # per meeting (pipeline.once_per_meeting), the same for both engines.
        parts: list[Condition] = [self.applies]
        if self.effective_from is not None:
            parts.append(Compare("decision_day", ">=", Lit(self.effective_from.toordinal())))
        if self.effective_to is not None:
            parts.append(Compare("decision_day", "<=", Lit(self.effective_to.toordinal())))
        parts.append(self.fails)
        return All(tuple(parts))

    def severity_on(self, day: dt.date | None, values: dict[str, Any] | None = None) -> str:
        """The severity for a decision on ``day``; ``values`` (a fact) also picks the severity_cases."""
        for period in self.severity_periods:
            if period.when is not None:
                from govcheck.engine.plain_engine import holds  # presentation, as for message wording

                if values is not None and holds(period.when, values):
                    return period.severity
                continue
            if day is None:
                break
            if (period.effective_from is None or period.effective_from <= day) and (
                period.effective_to is None or day <= period.effective_to
            ):
                return period.severity
        return self.severity

    def basis_on(
        self, day: dt.date | None, kind: str | None = None, values: dict[str, Any] | None = None
    ) -> tuple[Basis, ...]:
        """The bases in force on ``day`` that serve units of ``kind`` (17号 only for SOEs, etc.) and,
        given an item's fact ``values``, whose ``when`` holds on it (the basis for this kind of item)."""
        for_kind = tuple(b for b in self.basis if b.serves(kind)) or self.basis
        in_force = tuple(b for b in for_kind if b.in_force(day)) or for_kind
        return tuple(b for b in in_force if b.fits(values)) or in_force

    def in_force(self, day: dt.date) -> bool:
        return (self.effective_from is None or self.effective_from <= day) and (
            self.effective_to is None or day <= self.effective_to
        )
