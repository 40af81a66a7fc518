"""Seeded generators for tests/test_differential.py: decision records, unit settings, record directories.

Records are plain dicts in the format of /work/shared/spec/record-format.md,
written to YAML text and read back by the real loader, with most choices
made on purpose at the boundaries the rules test: exactly half present, one
more than half, two thirds and one less; votes at half; dates equal and one
day either side; comment periods of 29/30/31 days; legality reviews of 6/7/8
working days across holidays; publication after 19/20/21 working days;
amounts at and around the thresholds; decisions on and around each date a
rule names. Nothing here decides what a rule should say: both engines must
merely agree on whatever comes out.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, TypeVar

import yaml

from govcheck.facts.workdays import shift_working_days
from govcheck.loading.record import Record, validate_record
from govcheck.loading.schema import SETTINGS, Validator
from govcheck.loading.settings import Settings, Term, settings_from
from govcheck.loading.yamlsource import YDict, parse_yaml

T = TypeVar("T")

UNIT = "某区重点区域规划建设管理署"
PEOPLE = ("张三", "李四", "王五", "赵六", "钱七", "孙八", "周九", "吴十", "郑一", "冯二")
OUTSIDERS = ("陈律师", "褚科长", "卫主任")
MEETING_TYPES = (
    "party_group",
    "party_committee",
    "executive",
    "standing",
    "plenary",
    "board",
    "circulation",
    "other",
    "党组会议",
    "常务会议",
    "传阅",
    "局务会",
)
CATEGORIES = (
    "major_decision",
    "personnel",
    "major_project",
    "large_fund",
    "normative_document",
    "policy_measure",
    "contract",
    "procurement",
    "重大事项决策",
    "干部任免",
    "政府采购",
    "合同",
)
METHODS = (
    "open_tender",
    "invited_tender",
    "competitive_negotiation",
    "competitive_consultation",
    "single_source",
    "inquiry",
    "direct",
    "公开招标",
    "询价",
)
ROLES = ("legal_counsel", "legal_department", "public_lawyer", "法律顾问", "办公室", "综合科")
POSITIONS = ("agree", "disagree", "abstain", "reserve", "同意", "反对")
# Days around official holidays (with make-up working days) and a year the calendar does not know.
HOLIDAY_DAYS = (
    dt.date(2023, 4, 28),
    dt.date(2023, 9, 28),
    dt.date(2023, 10, 9),
    dt.date(2024, 2, 8),
    dt.date(2024, 2, 19),
    dt.date(2024, 9, 30),
    dt.date(2019, 9, 30),
    dt.date(2025, 1, 27),
    dt.date(2030, 6, 3),
)


def dump(data: dict[str, Any]) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


def load_record(name: str, data: dict[str, Any]) -> tuple[Record, str]:
    """Write a record as YAML and read it back exactly as a user's file is read."""
    text = dump(data)
    return Record(name, "", validate_record(name, parse_yaml(name, text))), text


def load_settings(name: str, data: dict[str, Any]) -> Settings:
    """Unit settings through the settings schema, as govcheck.yaml is read."""
    validator = Validator(name)
    checked = validator.check(SETTINGS, parse_yaml(name, dump(data)), "", 1)
    assert not validator.errors and isinstance(checked, YDict), [e.message.en for e in validator.errors]
    return settings_from(name, checked)


# ----------------------------------------------------------------- settings

ROSTER: list[dict[str, Any]] = [
    {"name": "张三", "role": "书记", "from": dt.date(2015, 1, 1)},
    {"name": "李四", "role": "副职", "from": dt.date(2015, 1, 1)},
    {"name": "王五", "role": "副职", "from": dt.date(2015, 1, 1), "to": dt.date(2024, 7, 31)},
    {"name": "赵六", "role": "成员", "from": dt.date(2016, 6, 14)},
    {"name": "钱七", "role": "成员", "from": dt.date(2015, 1, 1), "to": dt.date(2019, 8, 31)},
    {"name": "孙八", "role": "成员", "from": dt.date(2019, 9, 1)},
    {"name": "周九", "role": "成员", "from": dt.date(2018, 12, 4), "to": dt.date(2023, 12, 31)},
    {"name": "吴十", "role": "成员", "from": dt.date(2024, 8, 1)},
]


def settings_profiles() -> list[tuple[str, Settings]]:
    """Unit settings: with and without roster, principal and large_fund; other forums, packs and thresholds."""
    all_but_mad = ["tiol", "legality", "fair_competition", "procurement", "records"]
    documents: list[tuple[str, dict[str, Any]]] = [
        ("base", {"unit": UNIT, "principal": "张三", "thresholds": {"large_fund": 500000}}),
        ("bare", {"unit": UNIT}),
        (
            "roster",
            {
                "principal": [
                    {"name": "王五", "to": dt.date(2019, 8, 31)},
                    {"name": "张三", "from": dt.date(2019, 9, 1)},
                ],
                "roster": ROSTER,
                "thresholds": {"large_fund": "100万元", "open_tender": "200万元"},
                "notice_days": 3,
            },
        ),
        (
            "no-mad-pack",
            {
                "principal": "李四",
                "packs": all_but_mad,
                "collective_forums": ["party_group", "executive"],
                "mad_forums": ["executive", "standing"],
                "thresholds": {"large_fund": "50.00005万元"},
                "notice_days": 0,
            },
        ),
        ("roster-no-principal", {"roster": ROSTER[:5], "thresholds": {"open_tender": 4000001}, "notice_days": 2}),
        # (1.1) a county body whose fair competition review began with its local notice
        ("county-fcr-2017", {"principal": "张三", "fair_competition_from": "2017年3月1日", "quorum": "过半数"}),
    ]
    profiles = [(name, load_settings(f"{name}:govcheck.yaml", data)) for name, data in documents]
    direct = Settings(
        principal=(Term("张三", None, dt.date(2023, 12, 31)), Term("孙八", dt.date(2024, 1, 1), None)),
        roster=tuple(Term(t["name"], t.get("from"), t.get("to")) for t in ROSTER[2:]),
        large_fund=Decimal("300000.5"),
        open_tender=1_000_000,
        notice_days=1,
    )
    profiles.append(("direct", direct))
    return profiles


def settings_document(settings: Settings) -> dict[str, Any]:
    """A govcheck.yaml equal to ``settings`` (for the directory runs that read settings from disk)."""
    doc: dict[str, Any] = {"unit": UNIT}
    if settings.principal:
        doc["principal"] = [
            {k: v for k, v in (("name", t.name), ("from", t.start), ("to", t.end)) if v is not None}
            for t in settings.principal
        ]
    if settings.roster is not None:
        doc["roster"] = [
            {k: v for k, v in (("name", t.name), ("role", t.role), ("from", t.start), ("to", t.end)) if v is not None}
            for t in settings.roster
        ]
    thresholds: dict[str, Any] = {"open_tender": str(settings.open_tender)}
    if settings.large_fund is not None:
        thresholds["large_fund"] = str(settings.large_fund)
    doc.update(
        thresholds=thresholds,
        notice_days=settings.notice_days,
        packs=list(settings.packs),
        collective_forums=list(settings.collective_forums),
        mad_forums=list(settings.mad_forums),
        fair_competition_from=settings.fair_competition_from,
    )
    return doc


# ------------------------------------------------------------------ records


@dataclass
class IdPools:
    """Small pools make a directory's ids collide on purpose."""

    meetings: tuple[str, ...]
    items: tuple[str, ...]
    counterparties: tuple[str, ...] = ("甲公司", "乙公司")
    budget_items: tuple[str, ...] = ("2023-城建-017", "2024-办公-002")


class RecordGenerator:
    def __init__(self, rng: random.Random, landmarks: Sequence[dt.date], pools: IdPools | None = None) -> None:
        self.rng = rng
        # (1.1) draws of later format revisions come from their own stream, so the earlier fields of every
        # generated record (and the joins the directory tests expect) stay what they were
        self.rng_1_1 = random.Random(hash(rng.getstate()[1][:8]))  # seeded from the state, drawing nothing
        self.landmarks = tuple(landmarks)
        self.pools = pools
        self.serial = 0

    # small helpers ------------------------------------------------------
    def chance(self, p: float) -> bool:
        return self.rng.random() < p

    def pick(self, options: Sequence[T]) -> T:
        return options[self.rng.randrange(len(options))]

    def near(self, center: int) -> int:
        """center−1, center or center+1 (a comparison's boundary)."""
        return center + self.rng.choice((-1, 0, 1))

    def day(self, value: dt.date) -> Any:
        """A date as the record format allows it: YAML date, ISO text or 2023年5月12日."""
        roll = self.rng.random()
        if roll < 0.7:
            return value
        if roll < 0.85:
            return value.isoformat()
        return f"{value.year}年{value.month}月{value.day}日"

    def amount(self, value: int) -> Any:
        roll = self.rng.random()
        if value % 10_000 == 0 and roll < 0.3:
            return f"{value // 10_000}万元" if self.chance(0.5) else f"{value // 10_000}万"
        if roll < 0.5:
            return f"{value:,}元"
        if roll < 0.6:
            return f"{value}.{self.rng.randrange(1, 100):02d}元"  # yuan and fen: a Decimal, cut to whole yuan
        return value

    def meeting_date(self) -> dt.date:
        roll = self.rng.random()
        if roll < 0.45:
            return self.pick(self.landmarks) + dt.timedelta(days=self.rng.choice((-1, 0, 0, 1)))
        if roll < 0.65:
            return self.pick(HOLIDAY_DAYS)
        return dt.date(2015, 1, 1) + dt.timedelta(days=self.rng.randrange(365 * 11))

    def shift(self, start: dt.date, working_days: int) -> dt.date:
        return shift_working_days(start, working_days)[0]

    # a record ------------------------------------------------------------
    def record(self, settings: Settings) -> dict[str, Any]:
        self.serial += 1
        rng = self.rng
        date = self.meeting_date()
        record: dict[str, Any] = {"govcheck": 1, "unit": UNIT}
        meeting: dict[str, Any] | None = None
        members: list[str] = []
        present: list[str] = []
        if not self.chance(0.15 if self.pools is None else 0.3):
            meeting, members, present = self.meeting(date, settings)
            record["meeting"] = meeting
        principal = settings.principal_on(date) or (meeting or {}).get("chair")
        count = rng.choice((1, 1, 1, 2, 2, 3))
        record["items"] = [
            self.item(k, date if meeting else None, members, present, principal, settings) for k in range(count)
        ]
        return record

    def meeting(self, date: dt.date, settings: Settings) -> tuple[dict[str, Any], list[str], list[str]]:
        rng = self.rng
        meeting_id = self.pick(self.pools.meetings) if self.pools else f"HY-{self.serial:04d}"
        roster = settings.members_on(date)
        own = list(rng.sample(PEOPLE, rng.randrange(3, 10)))
        members = roster if roster is not None else own
        meeting: dict[str, Any] = {"id": meeting_id, "type": self.pick(MEETING_TYPES), "date": self.day(date)}
        if roster is None or self.chance(0.5):
            # With a roster the record's own list is optional, and sometimes disagrees.
            meeting["members"] = list(roster) if roster is not None and self.chance(0.6) else own
            if roster is None:
                members = own
        n = len(members)
        half, third = n // 2, -(-2 * n // 3)
        wanted = rng.choice((half, half + 1, third, third - 1, n, n, n, rng.randrange(n + 1)))
        present = list(rng.sample(members, max(0, min(n, wanted))))
        attendees = list(present)
        if self.chance(0.15):
            attendees.append(self.pick(OUTSIDERS))  # not a member
        if self.chance(0.1) and attendees:
            attendees.append(attendees[0])  # written twice
        if self.chance(0.1):
            guest = self.pick(OUTSIDERS)
            attendees.append(guest)
            meeting["observers"] = [{"name": guest, "role": "legal_counsel"}]
        rng.shuffle(attendees)
        if attendees or self.chance(0.5):
            meeting["attendees"] = attendees
        absent = [m for m in members if m not in present][:2]
        if absent and self.chance(0.3):
            meeting["absent"] = [{"name": m, "reason": "出差"} for m in absent]
        if self.chance(0.8):
            meeting["chair"] = self.pick(present or members or PEOPLE)
        notice: dict[str, Any] = {}
        deadline = date - dt.timedelta(days=settings.notice_days)
        if self.chance(0.8):
            notice["materials_sent"] = self.day(deadline + dt.timedelta(days=rng.choice((-3, -1, 0, 0, 1, 2))))
        if self.chance(0.6):
            notice["agenda_sent"] = self.day(date + dt.timedelta(days=rng.choice((-5, -1, 0, 1))))
        if notice:
            meeting["notice"] = notice
        if self.chance(0.85):
            minutes: dict[str, Any] = {}
            if self.chance(0.8):
                minutes["recorder"] = "周九"
            if self.chance(0.8):
                minutes["archived"] = self.chance(0.75)
            if self.chance(0.4):
                minutes["archive_no"] = f"DA-{self.serial}"
            meeting["minutes"] = minutes if minutes or self.chance(0.5) else None  # {} and null: both allowed
        return meeting, members, [m for m in dict.fromkeys(attendees) if m in members]

    def item(
        self,
        k: int,
        date: dt.date | None,
        members: list[str],
        present: list[str],
        principal: str | None,
        settings: Settings,
    ) -> dict[str, Any]:
        rng = self.rng
        item_id = self.pick(self.pools.items) if self.pools else f"YT-{self.serial:04d}-{k + 1}"
        categories = list(dict.fromkeys(rng.sample(CATEGORIES, rng.choice((1, 1, 2, 3)))))
        item: dict[str, Any] = {
            "id": item_id,
            "title": f"议题{self.serial}-{k}",
            "category": categories[0] if len(categories) == 1 and self.chance(0.5) else categories,
        }
        self.money(item, settings)
        mad = self.chance(0.3)
        if mad or self.chance(0.1):
            item["major_administrative_decision"] = mad
        if self.chance(0.3):
            item["affects_operators"] = self.chance(0.8)
        if self.chance(0.15):
            item["ad_hoc"] = self.chance(0.6)
        if self.chance(0.5):
            item["pre_deliberation"] = [
                {"with": self.pick(members or PEOPLE), "date": self.day(date or dt.date(2020, 1, 1))}
            ]

        # The decision day: the meeting, else the first act of execution, else the emergency decision.
        base = date or self.meeting_date()
        if date is not None and self.chance(0.4):
            item["executed_on"] = self.day(date + dt.timedelta(days=rng.choice((-1, 0, 1, 30))))
        elif date is None and self.chance(0.6):
            item["executed_on"] = self.day(base)
        if self.chance(0.2 if self.pools is None else 0.35):
            emergency: dict[str, Any] = {"decided_by": principal or "张三"}
            if self.chance(0.85):
                emergency["decided_on"] = self.day(base + dt.timedelta(days=rng.choice((-1, 0, 0, 1))))
            if self.chance(0.7):
                emergency["reported_at"] = self.pick((*self.pools.meetings, "HY-无此会")) if self.pools else "HY-9999"
            item["emergency"] = emergency

        reviews = self.reviews(base, mad)
        if reviews:
            item["reviews"] = reviews
        self.deliberation(item, members, present, principal)
        if self.chance(0.8):
            item["outcome"] = self.pick(("adopted", "adopted", "adopted", "rejected", "deferred", "通过", "缓议"))
        if self.chance(0.3):
            item["departure_reason"] = "综合考虑"
        if mad and self.chance(0.75):
            published: dict[str, Any] = {"channel": "区政府在线"}
            if self.chance(0.9):
                when = self.shift(base, rng.choice((19, 20, 20, 21, 2, 40)))
                published["date"] = self.day(when)
            item["published"] = published
        elif not mad and self.rng_1_1.random() < 0.25:  # (1.1) a normative document published (LEG-NORMDOC-PUBLISH)
            item["published"] = {"channel": "区政府网站", "date": self.day(self.shift(base, 5))}
        if self.pools is not None and self.chance(0.7):
            item["counterparty"] = self.pick(self.pools.counterparties)
            item["budget_item"] = self.pick(self.pools.budget_items)
        elif self.chance(0.2):
            item["counterparty"] = "丙公司"
        procurement = any(
            c in ("procurement", "政府采购")
            for c in (item["category"] if isinstance(item["category"], list) else [item["category"]])
        )
        if self.pools is not None and procurement and self.chance(0.85):  # (1.1) 品目, and now and then an approval
            item["procurement_item"] = self.pick(("A02010104", "A02010104", "C1601"))
            item.setdefault("budget_item", self.pools.budget_items[0])  # purchases of one budget item, so groups form
            if self.chance(0.15):
                item["procurement_approval"] = "深财采〔2023〕12号"
        if date is not None and self.chance(0.3):  # (1.1) decision document: the day before, of or after the meeting
            item["issued_on"] = self.day(date + dt.timedelta(days=rng.choice((-1, 0, 1, 6))))
        return item

    def money(self, item: dict[str, Any], settings: Settings) -> None:
        rng = self.rng
        cats = item["category"] if isinstance(item["category"], list) else [item["category"]]
        procurement = any(c in ("procurement", "政府采购") for c in cats)
        if self.chance(0.25 if not procurement else 0.05):
            return
        anchors = [int(settings.open_tender), 2**31, 12_000_000]
        if settings.large_fund is not None:
            anchors += [int(settings.large_fund)] * 3
        if self.pools is not None and procurement and self.chance(0.5):
            # Splitting a tender (实施条例第二十八条): two halves of the standard sum to it, one below or above.
            value = int(settings.open_tender) // 2 + rng.choice((-1, 0, 1))
        elif self.pools is not None and settings.large_fund is not None:
            # Splitting: each part below the threshold, together at or above it.
            value = max(1, int(settings.large_fund) // rng.choice((2, 3)) + rng.choice((-1, 0, 1, 5000)))
        elif self.chance(0.8):
            value = max(0, self.near(self.pick(anchors)))
        else:
            value = rng.randrange(0, 50_000_000)
        item["amount"] = self.amount(value)
        if (procurement or self.chance(0.2)) and self.chance(0.85):
            item["procurement_method"] = self.pick(METHODS)

    def reviews(self, base: dt.date, mad: bool) -> dict[str, Any]:
        rng = self.rng
        reviews: dict[str, Any] = {}
        if self.chance(0.7 if mad else 0.45):
            legality: dict[str, Any] = {"reviewer": "王律师"}
            completed = base + dt.timedelta(days=rng.choice((-7, -1, -1, 0, 1)))
            if self.chance(0.85):
                legality["completed"] = self.day(completed)
            if self.chance(0.85):
                # 6, 7 or 8 working days (and some far off), counted across holidays and make-up working days.
                submitted = self.shift(completed, -rng.choice((6, 7, 7, 8, 3, 12)))
                if self.chance(0.15):  # on the day, or one day either side (after completion is impossible)
                    submitted = completed + dt.timedelta(days=rng.choice((-1, 0, 1)))
                legality["submitted"] = self.day(submitted)
            if self.chance(0.8):
                legality["role"] = self.pick(ROLES)
            if self.chance(0.8):
                legality["conclusion"] = self.pick(("lawful", "lawful", "lawful_with_changes", "unlawful", "不合法"))
            reviews["legality"] = legality
        if self.chance(0.4):
            fair: dict[str, Any] = {"reviewer": "规划科"}
            if self.chance(0.85):
                fair["completed"] = self.day(base + dt.timedelta(days=rng.choice((-3, -1, 0, 1))))
            if self.chance(0.85):
                fair["conclusion"] = self.pick(("compliant", "non_compliant", "non_compliant", "exception", "例外"))
            if self.chance(0.8):
                fair["stakeholders_consulted"] = self.chance(0.7)
            if self.chance(0.5):
                fair["exception_reason"] = "维护国家安全"
            if self.chance(0.5):
                fair["exception_period"] = "三年"
            reviews["fair_competition"] = fair
        if self.chance(0.75 if mad else 0.2):
            start = base - dt.timedelta(days=rng.randrange(40, 90))
            pp: dict[str, Any] = {"channel": "区政府在线"}
            if self.chance(0.9):
                pp["start"] = self.day(start)
            if self.chance(0.9):
                pp["end"] = self.day(start + dt.timedelta(days=rng.choice((29, 30, 31, 29, 10, -1, 0, 1))))
            if self.chance(0.3):
                pp["shortened_reason"] = "紧急情况"
            if self.chance(0.3):
                pp["comments_received"] = rng.randrange(0, 20)
            extra = self.rng_1_1
            if extra.random() < 0.4:  # (1.1) the method, and hearings or symposia beside a public comment
                methods = ("public_comment", "hearing", "symposium", "座谈会", "other")
                pp["method"] = methods[extra.randrange(len(methods))]
            if extra.random() < 0.25:
                kinds = ("hearing", "symposium", "public_comment")
                other: dict[str, Any] = {"method": kinds[extra.randrange(3)], "start": start.isoformat()}
                other["end"] = (start + dt.timedelta(days=extra.choice((0, 5, 30)))).isoformat()
                reviews["public_participation"] = [pp, other]
            else:
                reviews["public_participation"] = pp
        if self.chance(0.7 if mad else 0.1):
            reviews["expert_review"] = {"date": self.day(base - dt.timedelta(days=20)), "experts": ["甲", "乙"]}
        if self.chance(0.7 if mad else 0.1):
            reviews["risk_assessment"] = {"level": self.pick(("low", "medium", "高")), "conclusion": "可控"}
        return reviews

    def deliberation(self, item: dict[str, Any], members: list[str], present: list[str], principal: str | None) -> None:
        rng = self.rng
        recused: list[str] = []
        if self.chance(0.25):
            pool = present if present and self.chance(0.8) else list(members or PEOPLE)
            recused = rng.sample(pool, min(len(pool), rng.choice((1, 1, 2))))
            if principal and self.chance(0.2):
                recused.append(principal)
            item["recusals"] = [{"name": name, "reason": "亲属关系"} for name in dict.fromkeys(recused)]
        speakers = [m for m in present if m not in recused]
        rng.shuffle(speakers)
        if principal in speakers:
            speakers.remove(principal)
            speakers.append(principal)  # principal last, the compliant order
        mode = rng.randrange(10)
        if mode == 1 and principal in speakers:
            speakers.remove(principal)
            speakers.insert(0, principal)  # principal first
        elif mode == 2 and speakers:
            speakers.pop(rng.randrange(len(speakers)))  # someone silent
        elif mode == 3:
            speakers.insert(rng.randrange(len(speakers) + 1), self.pick(OUTSIDERS + tuple(members or PEOPLE)))
        elif mode == 4 and recused:
            speakers.insert(0, recused[0])  # a recused member speaks
        elif mode == 5:
            speakers = []
        elif mode == 6 and principal:
            speakers = [principal, *speakers]  # the principal twice, first and last
        positions = ["agree"] * len(speakers)
        departure = self.chance(0.4)
        for i, name in enumerate(speakers):
            if name == principal and departure:
                positions[i] = self.pick(("disagree", "反对", "reserve"))
            elif (departure and self.chance(0.3)) or self.chance(0.1):
                positions[i] = self.pick(POSITIONS)
        if speakers or self.chance(0.3):
            item["opinions"] = [{"member": s, "position": p} for s, p in zip(speakers, positions, strict=True)]
        if self.chance(0.15):
            return  # no vote recorded
        vote: dict[str, Any] = {}
        if self.chance(0.85):
            vote["method"] = self.pick(("show_of_hands", "ballot", "roll_call", "none", "举手"))
        n, p = len(members), len(present)
        votes_for = rng.choice((n // 2, n // 2 + 1, p, p - len(recused), p + 1, n - 1))
        if self.chance(0.9):
            vote["for"] = max(0, votes_for)
        if self.chance(0.6):
            vote["against"] = rng.choice((0, 0, 1))
        if self.chance(0.5):
            vote["abstain"] = rng.choice((0, 0, 1))
        item["vote"] = vote


# ---------------------------------------------------------------- directories


def corpus_records(
    rng: random.Random, landmarks: Sequence[dt.date], size: int, settings: Settings
) -> list[dict[str, Any]]:
    """A directory's records with colliding ids, emergencies naming present, absent and earlier
    meetings, and suppliers paid in parts below the threshold (化整为零)."""
    pools = IdPools(
        meetings=tuple(f"HY-{i}" for i in range(max(2, size // 3))), items=tuple(f"YT-{i}" for i in range(max(3, size)))
    )
    # Mostly one year, so splitting groups form; some meetings on either side of an emergency.
    year = rng.choice((2019, 2023, 2024))
    nearby = [*landmarks, *(dt.date(year, m, d) for m in (3, 6, 9) for d in (1, 2, 3))]
    generator = RecordGenerator(rng, nearby, pools)
    return [generator.record(settings) for _ in range(size)]
