"""Facts for the payments cross-check (pack ``audit``): payments beside the decisions.

A payment becomes a fact of kind ``payment``. The link between payments and
decided items is a join on the engine (``LINKS``, below: by the item id column
when the payment names one, else by the normalised counterparty), run on the
same engine as the rules; what durable-rules joins cannot do — sums, the
earliest linked decision, running totals — is then aggregated here from the
pairs the engine returned, as the splitting groups are for PROC-NO-SPLITTING.
The AUD-* rules compare those fields (and join again on the same keys).

Only items adopted (outcome 通过) at a collective forum can back a payment:
``decided_item_id`` and ``decided_party_key`` are set on those items alone.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from govcheck.facts.build import Fact, format_amount, from_day
from govcheck.i18n import Text
from govcheck.rulebook.conditions import Exists
from govcheck.rulebook.model import Join, Rule

if TYPE_CHECKING:
    from govcheck.engine import Engine
    from govcheck.ledger.payments import PaymentRow
    from govcheck.loading.settings import Settings

# What the item facts of a run must keep for the cross-check (pipeline.CorpusCollector trims the rest).
ITEM_INPUTS = ("is_adopted", "decided_collectively", "counterparty", "amount", "decision_day", "item_id")
_COMPANY = re.compile(r"(股份)?有限(责任)?公司")

LINK_RULE_ID = "AUD$LINK"
LINKS = (
    Join("payment", "item", Exists("item_ref", True), (("item_ref", "decided_item_id"),), True, ()),
    Join("payment", "item", Exists("item_ref", False), (("party_key", "decided_party_key"),), True, ()),
)


def normalise_party(name: str) -> str:
    """Counterparty names as compared: full-width forms, spaces and 有限公司/有限责任公司 variants ignored."""
    text = unicodedata.normalize("NFKC", name)
    text = re.sub(r"\s+", "", text)
    text = _COMPANY.sub("有限公司", text)
    return text.replace("(", "（").replace(")", "）").lower()


def _whole(amount: int | Decimal) -> int:
    return int(amount)  # rule comparisons in whole yuan, as item amounts (fen are never material)


def payment_fact(row: PaymentRow, settings: Settings) -> Fact:
    values: dict[str, Any] = {
        "kind": "payment",
        "payment_id": row.number,
        "payment_day": row.day.toordinal(),
        "payment_amount": _whole(row.amount),
        "payee": row.payee,
        "party_key": normalise_party(row.payee),
        "payment_year": row.day.year,
    }
    if row.item:
        values["item_ref"] = row.item
    if row.budget_item:
        values["payment_budget_item"] = row.budget_item
    if settings.large_fund is not None:
        values["large_fund_threshold"] = int(settings.large_fund)
    labels = {"payment_amount_text": format_amount(row.amount)}
    if settings.large_fund is not None:
        labels["large_fund_threshold_text"] = format_amount(settings.large_fund)
    lines = {
        "payment_amount": row.cells.get("amount"),
        "payment_day": row.cells.get("date"),
        "payee": row.cells.get("payee"),
        "item_ref": row.cells.get("item"),
        "payment_id": row.cells.get("voucher", row.cells.get("date")),
    }
    line = row.cells.get("date") or next(iter(row.cells.values()))
    return Fact(row.path, row.number, line, None, values, {k: v for k, v in lines.items() if v is not None}, labels)


def mark_decided_items(items: list[Fact]) -> None:
    """The keys payments link to, set only on items adopted at a collective forum."""
    for fact in items:
        v = fact.values
        if not (v.get("is_adopted") and v.get("decided_collectively")):
            continue
        v["decided_item_id"] = v["item_id"]
        if v.get("counterparty"):
            v["decided_party_key"] = normalise_party(v["counterparty"])


def link_rule() -> Rule:
    return Rule(LINK_RULE_ID, "audit", Text("", ""), "info", (), None, None, (), Text("", ""), joins=LINKS)


def add_payment_links(facts: list[Fact], engine_name: str, settings: Settings) -> None:
    """Join payments to decided items on the engine, then aggregate what the AUD rules compare.

    On each payment: ``linked_first_day`` (the earliest linked decision), its item ids; the
    item it carries out (by id, else the latest linked decision on or before it) with its
    ``decided_amount`` and the running ``paid_to_date`` for that item; ``payee_year_total``
    (payee, budget item, calendar year) for payments each below the threshold.
    """
    from govcheck.engine import make_engine

    engine: Engine = make_engine((link_rule(),), engine_name)
    linked: dict[int, list[int]] = defaultdict(list)
    for _rule, _join, index, other in sorted(engine.evaluate_corpus([f.values for f in facts])):
        linked[index].append(other)
    payments = [i for i, f in enumerate(facts) if f.values["kind"] == "payment"]
    carried: dict[int, list[int]] = defaultdict(list)  # item index → payments it backs
    for index in payments:
        v = facts[index].values
        others = linked.get(index, [])
        if not others:
            continue
        days = sorted((facts[j].values["decision_day"], j) for j in others if facts[j].values.get("decision_day"))
        if days:
            v["linked_first_day"] = days[0][0]
            facts[index].labels["linked_items"] = Text(
                "、".join(sorted({facts[j].item_id for j in others})),
                "、".join(sorted({facts[j].item_id for j in others})),
            )
        before = [j for d, j in days if d <= v["payment_day"]]
        target = others[0] if "item_ref" in v else before[-1] if before else None
        if target is not None:
            carried[target].append(index)
    for item_index, backing in carried.items():
        item = facts[item_index]
        decided = item.values.get("amount")
        total = 0
        for index in sorted(backing, key=lambda i: (facts[i].values["payment_day"], i)):
            v = facts[index].values
            total += v["payment_amount"]
            v["paid_to_date"] = total
            v["paid_item"] = item.item_id
            if decided is not None:
                v["decided_amount"] = decided
                facts[index].labels["decided_amount_text"] = format_amount(decided)
                facts[index].labels["paid_to_date_text"] = format_amount(total)
    _add_payee_years(facts, payments, settings)


def _add_payee_years(facts: list[Fact], payments: list[int], settings: Settings) -> None:
    """Payments each below the threshold to one payee under one budget item in one year, summed."""
    threshold = settings.large_fund
    if threshold is None:
        return
    groups: dict[tuple[str, str, int], list[int]] = defaultdict(list)
    for index in payments:
        v = facts[index].values
        if v["payment_amount"] < threshold and v.get("payment_budget_item"):
            groups[(v["party_key"], v["payment_budget_item"], from_day(v["payment_day"]).year)].append(index)
    for members in groups.values():
        if len(members) < 2:
            continue
        total = sum(facts[i].values["payment_amount"] for i in members)
        for index in members:
            facts[index].values["payee_year_total"] = total
            facts[index].values["payee_year_count"] = len(members)
            facts[index].labels["payee_year_total_text"] = format_amount(total)
