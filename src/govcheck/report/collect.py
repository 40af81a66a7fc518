"""Per-item results for the report, kept while the pipeline reads each record.

The pipeline's observer hook hands every readable record with its facts to
:class:`ItemCollector`, which keeps one small :class:`ItemResult` per item
(identity, title, unit, category, amount, decision date, and which checks
apply to it) and drops the record. Titles are clipped (``sanitize.TITLE_LIMIT``):
a megabyte title costs the report a few hundred characters. The report is built from these and from
the run's findings, never from parsed records, so memory grows with the
number of items, not with the size of the records.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass
from typing import Any

from govcheck.engine.plain_engine import holds
from govcheck.facts.build import Fact, from_day
from govcheck.loading.record import Record
from govcheck.report.sanitize import TITLE_LIMIT, safe
from govcheck.rulebook.conditions import All, Condition
from govcheck.rulebook.model import Rule

# How a check's "applicable" population is counted (see applicability()).
PER_ITEM = "item"  # items whose applies_when holds on the decision date
PER_MEETING = "meeting"  # meeting-level checks: the first item of each meeting where it applies
ALL_ITEMS = "all_items"  # cross-record checks (corpus): every item of a directory run
WAIVERS = "waivers"  # raised by waiver handling: every waiver in the settings
SETTINGS = "settings"  # raised on the settings themselves, once per run (REC-THRESHOLD-UNSET)
NOT_RUN = "not_run"  # cross-record checks in a run of single files, payment checks without --payments
PAYMENTS = "payments"  # pack audit: every payment of the --payments ledger


@dataclass(frozen=True, slots=True)
class ItemResult:
    path: str
    line: int
    id: str
    title: str
    unit: str
    meeting_id: str | None
    meeting_type: str | None
    first_of_meeting: bool
    decision_date: dt.date | None
    categories: tuple[str, ...]
    amount: int | None
    is_tiol: bool
    is_mad: bool
    is_fcr: bool
    applicable: frozenset[str]  # ids of the per-item and meeting-level checks whose conditions apply


def applicability(rule: Rule, corpus_run: bool, payments_run: bool = False) -> str:
    if rule.facts == "payment":  # judged on payments, not items: their population is the payments
        return PAYMENTS if payments_run else NOT_RUN
    if rule.raised_by == "waivers":
        return WAIVERS
    if rule.raised_by == "settings":
        return SETTINGS
    if rule.corpus or rule.applies is None:
        return ALL_ITEMS if corpus_run else NOT_RUN
    return PER_MEETING if rule.scope == "meeting" else PER_ITEM


def applies_condition(rule: Rule) -> Condition | None:
    """The rule's full condition without fails_when: applies_when, meeting scope and effective dates.

    This is exactly what the engine tests before ``fails_when`` (``Rule.condition()`` with an
    always-true failure part), evaluated by the plain engine's ``holds``.
    """
    if rule.applies is None or rule.fails is None or rule.corpus:
        return None
    return dataclasses.replace(rule, fails=All(())).condition()


class ItemCollector:
    """The pipeline observer: one :class:`ItemResult` per item, nothing else kept."""

    def __init__(self, rules: tuple[Rule, ...]) -> None:
        self.conditions = [(rule.id, cond) for rule in rules if (cond := applies_condition(rule)) is not None]
        self.meeting_scope = frozenset(rule.id for rule in rules if rule.scope == "meeting")
        self.items: list[ItemResult] = []
        # One shared object per distinct value: 50,000 items have a few hundred distinct category
        # lists, check sets and dates, and each copy costs as much as the item's own fields.
        self._sets: dict[frozenset[str], frozenset[str]] = {}
        self._strings: dict[str, str] = {}
        self._categories: dict[str, tuple[str, ...]] = {}
        self._dates: dict[int, dt.date] = {}

    def fresh(self) -> ItemCollector:
        """An empty collector with the same checks, for a worker process (``-j``)."""
        twin = ItemCollector(())
        twin.conditions = self.conditions
        twin.meeting_scope = self.meeting_scope
        return twin

    def take(self) -> list[ItemResult]:
        """The items kept since the last take (a worker hands them to the parent)."""
        kept, self.items = self.items, []
        return kept

    def absorb(self, items: list[ItemResult]) -> None:
        """A worker's items, in file order; shared strings and sets are shared again here."""
        for item in items:
            self.items.append(
                dataclasses.replace(
                    item,
                    path=self._intern(item.path),
                    unit=self._intern(item.unit),
                    meeting_type=self._intern(item.meeting_type) if item.meeting_type else None,
                    applicable=self._sets.setdefault(item.applicable, item.applicable),
                    categories=self._categories.setdefault(",".join(item.categories), item.categories),
                    decision_date=self._date(item.decision_date.toordinal()) if item.decision_date else None,
                )
            )

    def _first(self, rule_id: str, meeting_id: str | None, counted: set[tuple[str, str | None]]) -> bool:
        """True for an item check; for a meeting-scope check, only on the first item it applies to."""
        if rule_id not in self.meeting_scope or meeting_id is None:
            return True
        if (rule_id, meeting_id) in counted:
            return False
        counted.add((rule_id, meeting_id))
        return True

    def _intern(self, text: str) -> str:
        return self._strings.setdefault(text, text)

    def _date(self, day: int) -> dt.date:
        date = self._dates.get(day)
        if date is None:
            date = self._dates[day] = from_day(day)
        return date

    def _category_tuple(self, joined: str) -> tuple[str, ...]:
        categories = self._categories.get(joined)
        if categories is None:
            categories = self._categories[joined] = tuple(c for c in joined.split(",") if c)
        return categories

    def __call__(self, record: Record, facts: list[Fact]) -> None:
        unit = self._intern(str(record.data.get("unit") or ""))
        counted: set[tuple[str, str | None]] = set()  # meeting-scope checks: once per meeting, on its first item
        for fact in facts:
            values = fact.values
            applicable = frozenset(
                rule_id
                for rule_id, cond in self.conditions
                if holds(cond, values) and self._first(rule_id, fact.meeting_id, counted)
            )
            decision_day = values.get("decision_day")
            meeting_type = values.get("meeting_type")
            amount = values.get("amount")
            self.items.append(
                ItemResult(
                    path=self._intern(fact.path),
                    line=fact.item_line,
                    id=fact.item_id,
                    title=safe(str(values.get("item_title") or ""), TITLE_LIMIT),  # bounded per item
                    unit=unit,
                    meeting_id=fact.meeting_id,
                    meeting_type=self._intern(meeting_type) if meeting_type else None,
                    first_of_meeting=bool(values.get("is_first_item")),
                    decision_date=self._date(decision_day) if decision_day is not None else None,
                    categories=self._category_tuple(str(values.get("categories") or "")),
                    amount=int(amount) if amount is not None else None,
                    is_tiol=bool(values.get("is_tiol")),
                    is_mad=bool(values.get("is_mad")),
                    is_fcr=_needs_fcr(values),
                    applicable=self._sets.setdefault(applicable, applicable),
                )
            )


def _needs_fcr(values: dict[str, Any]) -> bool:
    """A measure affecting operators decided on or after the unit's fair_competition_from (1.1): one decided
    before the unit's review duty began needs no review, and is not counted as needing one."""
    decided, start = values.get("decision_day"), values.get("fcr_from_day")
    return bool(values.get("is_fcr")) and (decided is None or start is None or decided >= start)
