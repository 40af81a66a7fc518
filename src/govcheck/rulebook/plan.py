"""The ``plan:`` section of a rule file: what to do before, at or after the meeting, and by when.

``govcheck checklist`` reads it to tell a secretary, before the meeting, which
steps an item needs and the date each is due::

    plan:
      stage: before                        # before | at | after the meeting
      due: meeting - 7 working days        # at the latest (optional)
      not_before: meeting                  # at the earliest (optional)
      order: 20                            # among steps of one stage and date (optional)
      step:
        zh: 送请合法性审查
        en: submit the draft for legality review

A date is ``meeting``, optionally plus or minus a number of calendar days or
working days (the official calendar), or ``notice_days`` (the unit setting):
``meeting - 30 days``, ``meeting - notice_days days``, ``meeting + 20 working
days``. Offsets chain from left to right: ``meeting - 8 working days - 30 days`` is
30 calendar days before the 8th working day before the meeting (a step that must
be done before another one is, as public comment before the legality review).
``step`` is worded like a rule message (one ``{zh, en}`` or a list of
them with ``when``), with the same placeholders plus those in PLACEHOLDERS.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from govcheck.lazyre import lazy
from govcheck.rulebook.model import Message

STAGES = ("before", "at", "after")
PLAN_KEYS = {"stage", "due", "not_before", "order", "step"}
#: Placeholders a step may use besides fact fields: the number that is more than half of the members.
PLACEHOLDERS = ("majority",)
SETTINGS_AMOUNTS = ("notice_days",)

_OFFSET = lazy(r"\s*(?P<sign>[+-])\s*(?P<amount>\d+|[a-z_]+)\s+(?P<working>working\s+)?days?")
_DUE = lazy(r"^meeting(?P<offsets>(?:\s*[+-]\s*(?:\d+|[a-z_]+)\s+(?:working\s+)?days?)*)$")


class PlanError(ValueError):
    pass


@dataclass(frozen=True)
class Due:
    """``meeting ± amount [working] days``; ``setting`` names a unit setting used as the amount.

    ``then`` is a further offset counted from the date this one gives (``meeting - 8 working days - 30 days``).
    """

    sign: int = 0  # -1 before the meeting, +1 after, 0 the meeting day itself
    amount: int = 0
    setting: str | None = None
    working: bool = False
    then: Due | None = None

    def text(self) -> str:
        if self.sign == 0:
            return "meeting"
        return "meeting" + "".join(part.offset_text() for part in self.parts())

    def offset_text(self) -> str:
        amount = self.setting or str(self.amount)
        return f" {'-' if self.sign < 0 else '+'} {amount} {'working days' if self.working else 'days'}"

    def parts(self) -> tuple[Due, ...]:
        """This offset and the ones chained after it, in order."""
        return (self, *(self.then.parts() if self.then is not None else ()))

    @property
    def counts_working_days(self) -> bool:
        return any(part.working for part in self.parts())


@dataclass(frozen=True)
class Plan:
    """A rule's steps for ``govcheck checklist``: stage, steps and dates."""

    stage: str
    steps: tuple[Message, ...]
    due: Due | None = None
    not_before: Due | None = None
    order: int = 0


def parse_due(raw: object) -> Due:
    """``meeting``, ``meeting - 30 days``, ``meeting - notice_days days``, ``meeting - 8 working days - 30 days``."""
    if not isinstance(raw, str):
        raise PlanError("write a date as text, e.g. 'meeting - 7 working days'")
    m = _DUE().match(" ".join(raw.split()))
    if m is None:
        raise PlanError(
            f"{raw!r} is not 'meeting', 'meeting - N days', 'meeting + N working days' "
            "or such offsets one after the other"
        )
    due: Due | None = None
    for offset in reversed(list(_OFFSET().finditer(m["offsets"]))):
        due = _offset(offset, due)
    return due or Due()


def _offset(m: re.Match[str], then: Due | None) -> Due:
    amount = m["amount"]
    setting = None
    if not amount.isdigit():
        if amount not in SETTINGS_AMOUNTS:
            raise PlanError(f"{amount!r} is not a number or a setting ({', '.join(SETTINGS_AMOUNTS)})")
        setting = amount
    return Due(-1 if m["sign"] == "-" else 1, int(amount) if setting is None else 0, setting, bool(m["working"]), then)
