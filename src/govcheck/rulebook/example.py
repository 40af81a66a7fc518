"""A rule's pass or fail example, as read from its rule file (run by rulebook.examples).

Apart from rulebook.model: a check run loads its rules without their examples
(loader.check_rules), so it never needs this class.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from govcheck.i18n import Text


@dataclass(frozen=True)
class Example:
    """A pass or fail example of a rule: patches over the examples' base record."""

    passes: bool
    title: Text
    meeting: Any = None  # patch over the base record's meeting; None = unchanged
    item: Any = None  # patch over the base record's first item
    settings: Any = None  # patch over the base settings
    remove_meeting: bool = False
    line: int = 0
    variant: str | None = None  # a named variant of the base record (example-base.yaml: variants)
    expect: Any = None  # optional {severity: …, cites: […]} the finding must show
    records: Any = None  # corpus examples: a list of {meeting, item} patches, one record each
    payments: Any = None  # audit examples: payment rows {date, amount, payee, voucher?, budget_item?, item?}
