#!/usr/bin/env python3
"""Generate synthetic govcheck decision records (format v1) for benchmarks and load tests.

Usage::

    python bench/generate.py N OUTDIR [--seed S] [--violation-rate R]

writes ``N`` record files ``OUTDIR/GEN-000000.yaml`` … ``OUTDIR/GEN-<N-1>.yaml`` and a unit
settings file ``OUTDIR/govcheck.yaml`` whose roster matches the members used in the records,
so that ``govcheck validate OUTDIR`` or ``govcheck report OUTDIR`` can run on the result.

What the records look like
- One fictitious district agency (某区重点区域规划建设管理署) whose leadership team has 7
  members on every date of 2023: 赵六 leaves on 2023-06-30 and 周立 joins on 2023-07-01.
  The principal (主要负责人) is 张三 all year.
- Meeting dates are working days spread over 2023, in file order. Meetings are party group
  meetings (党组会议) or executive meetings (署务会) with 1–4 items each; about 4 % of the
  files have no meeting at all: emergency decisions by the principal (临机决定), reported at
  a later meeting, or (as a violation) a decision never taken to a meeting.
- Items mix the categories major_project, large_fund, personnel, normative_document,
  contract, major_decision and procurement, with amounts written in every accepted
  spelling (``3500000``, ``350万元``, ``350万``, ``3,500,000元``, ``1.2亿元``, ``19.8万元``), a few
  dates written ``2023年5月12日`` and a few enumerations written with their Chinese aliases.
- Meeting ids are ``GEN-000123``, item ids ``GEN-000123-02``: unique across the whole set.
- No item is a major administrative decision (重大行政决策): a district agency has no
  standing or plenary meeting, so the ``major_admin_decision`` pack never applies.

Violations
About 30 % of the files (``--violation-rate``) carry one to three deliberate violations:
short quorum, short quorum for personnel items, missing opinions, the principal not
speaking last, execution before the meeting, ad hoc items, missing prior consultation,
circulation instead of a meeting, late materials, missing recorder, unarchived minutes,
roster mismatch, attendees who are not members, opinions from absent members, votes
exceeding those present, recusal breaches, large amounts not tagged large_fund, missing
or late legality reviews, missing fair-competition reviews, non-open tenders above the
threshold, unreported emergencies and decisions taken without any meeting.

Each such file starts with a comment naming the check ids it is meant to trigger, e.g.
``# 预期问题 / injected: TIOL-QUORUM, TIOL-PASS-MAJORITY``; files without that line are
meant to pass every check. The expectations follow ``shared/spec/checks.md``; checks that
look across files (REC-DUPLICATE-ID, PROC-NO-SPLITTING) are never triggered on purpose.

The output depends only on N, the seed and the violation rate. Standard library only.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import re
import sys
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

UNIT = "某区重点区域规划建设管理署"
YEAR = 2023
PRINCIPAL = "张三"
DEPUTY = "李四"  # chairs the meeting when the principal is away
LARGE_FUND = 500_000
OPEN_TENDER = 4_000_000
NOTICE_DAYS = 1

# name, role, from, to (inclusive; None = still in office)
ROSTER: list[tuple[str, str, dt.date, dt.date | None]] = [
    ("张三", "党组书记、署长", dt.date(2021, 3, 1), None),
    ("李四", "党组成员、副署长", dt.date(2019, 4, 1), None),
    ("王五", "党组成员、副署长", dt.date(2020, 1, 1), None),
    ("赵六", "党组成员、副署长", dt.date(2018, 6, 1), dt.date(2023, 6, 30)),
    ("周立", "党组成员、副署长", dt.date(2023, 7, 1), None),
    ("钱七", "党组成员、副署长", dt.date(2022, 3, 1), None),
    ("孙八", "党组成员、总工程师", dt.date(2020, 7, 1), None),
    ("吴九", "党组成员、总规划师", dt.date(2019, 9, 1), None),
]
NON_MEMBERS = [("郑十", "财务科科长"), ("冯婷", "规划科科长"), ("何磊", "工程管理科科长")]
COUNSEL = ("刘明", "legal_counsel")
PUBLIC_LAWYER = ("黄静", "public_lawyer")
RECORDERS = ["周敏", "陈佳"]
ABSENCE_REASONS = ["出差", "病假", "年休假", "参加区委党校培训", "参加区政府专题会议", "公务外出"]

AREAS = ["中心", "东部", "北部", "滨河", "科创", "枢纽", "老城", "南湾"]
PROJECTS = [
    "道路工程",
    "雨污分流改造工程",
    "综合管廊工程",
    "景观提升工程",
    "学校配套工程",
    "人行天桥工程",
    "河道综合整治工程",
    "公共停车场工程",
    "片区排水管网工程",
]
FUND_USES = ["房屋征收补偿款", "临时安置房租赁费用", "工程进度款", "土地整备资金", "前期研究经费"]
PERSONNEL_TITLES = [
    "关于拟任科级干部人选的议题",
    "关于干部职级晋升人选的议题",
    "关于试用期满干部转正定级的议题",
    "关于选派干部挂职锻炼人选的议题",
    "关于二级调研员职级晋升人选的议题",
]
NORMDOCS = [
    "建设项目临时用地管理规定",
    "施工围挡设置管理办法",
    "政府投资项目代建管理办法",
    "城市设计导则实施细则",
    "建设工程文明施工管理规定",
]
CONTRACTS = ["勘察设计合同", "施工合同", "监理服务合同", "造价咨询服务合同", "全过程工程咨询合同"]
SERVICES = ["设计服务", "监理服务", "造价咨询服务", "第三方检测服务", "智慧工地平台运维服务"]
DECISIONS = [
    "关于{y}年度工作要点的议题",
    "关于修订《会议决策议事管理办法》的议题",
    "关于{a}片区开发建设实施方案的议题",
    "关于调整署内设科室职责分工的议题",
    "关于{y}年度法治政府建设工作计划的议题",
    "关于{a}片区城市更新工作方案的议题",
]
COMPANIES = [
    "某市政设计研究院有限公司",
    "某建设工程有限公司",
    "某工程咨询有限公司",
    "某建筑劳务有限公司",
    "某城市建设投资有限公司",
    "某工程监理有限公司",
    "某信息技术有限公司",
    "某律师事务所",
]
DEPTS = {
    "规划科": "规划",
    "工程管理科": "城建",
    "财务科": "财务",
    "办公室": "办公",
    "土地整备科": "整备",
}
METHODS_BELOW = ["invited_tender", "competitive_negotiation", "competitive_consultation", "inquiry"]

CATEGORY_ZH = {
    "major_decision": "重大事项决策",
    "personnel": "重要干部任免",
    "major_project": "重大项目安排",
    "large_fund": "大额度资金运作",
    "normative_document": "规范性文件",
    "contract": "合同",
    "procurement": "采购",
}
TYPE_ZH = {"party_group": "党组会议", "executive": "署务会"}
POSITION_ZH = {"agree": "同意", "disagree": "不同意", "abstain": "弃权", "reserve": "保留意见"}
OUTCOME_ZH = {"adopted": "通过", "deferred": "暂缓"}
TIOL_CATEGORIES = {"major_decision", "personnel", "major_project", "large_fund"}

Tree = dict[str, Any]


# --------------------------------------------------------------------------- YAML output

_PLAIN = re.compile(r"[\w“”《》、（）·.\-]+")
_LOOKS_TYPED = re.compile(
    r"[-+]?(\d[\d_]*(\.\d*)?|\.\d+)([eE][-+]?\d+)?|\d{4}-\d\d?-\d\d?.*"
    r"|(?i:y|n|yes|no|true|false|on|off|null|~)"
)


def _scalar(value: object, flow: bool) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    text = str(value)
    plain = _PLAIN.fullmatch(text) and not text.startswith("-") and not _LOOKS_TYPED.fullmatch(text)
    # In block context a comma is harmless ("3,500,000元" stays a plain scalar).
    if not plain and not flow and re.fullmatch(r"[\d,]+元", text):
        plain = True
    return text if plain else json.dumps(text, ensure_ascii=False)


def _is_scalar(value: object) -> bool:
    return not isinstance(value, dict | list)


def _flow_map(mapping: Tree) -> str:
    parts = [f"{k}: {_scalar(v, True)}" for k, v in mapping.items() if v is not None]
    return "{" + ", ".join(parts) + "}"


def _emit(mapping: Tree, indent: int, out: list[str]) -> None:
    pad = " " * indent
    for key, value in mapping.items():
        if value is None:
            continue
        if isinstance(value, dict):
            if all(_is_scalar(v) for v in value.values()) and len(value) <= 4:
                out.append(f"{pad}{key}: {_flow_map(value)}")
            else:
                out.append(f"{pad}{key}:")
                _emit(value, indent + 2, out)
        elif isinstance(value, list):
            if all(_is_scalar(v) for v in value):
                out.append(f"{pad}{key}: [" + ", ".join(_scalar(v, True) for v in value) + "]")
                continue
            out.append(f"{pad}{key}:")
            for entry in value:
                if all(_is_scalar(v) for v in entry.values()) and len(entry) <= 4:
                    out.append(f"{pad}  - {_flow_map(entry)}")
                else:
                    lines: list[str] = []
                    _emit(entry, indent + 4, lines)
                    out.append(f"{pad}  - {lines[0].lstrip()}")
                    out.extend(lines[1:])
        else:
            out.append(f"{pad}{key}: {_scalar(value, False)}")


def to_yaml(record: Tree, header: list[str]) -> str:
    out = [f"# {line}" for line in header]
    _emit(record, 0, out)
    return "\n".join(out) + "\n"


# --------------------------------------------------------------------------- spellings


def spell_amount(rng: random.Random, yuan: int) -> str | int:
    """One of the accepted spellings of an amount in yuan."""
    forms: list[str | int] = [yuan, f"{yuan:,}元"]
    if yuan % 10_000 == 0:
        wan = yuan // 10_000
        forms += [f"{wan}万元", f"{wan}万"]
    elif yuan % 1_000 == 0:
        forms.append(f"{Decimal(yuan) / 10_000}万元")
    if yuan >= 100_000_000 and yuan % 10_000_000 == 0:
        forms.append(f"{(Decimal(yuan) / 100_000_000).normalize()}亿元")
    return rng.choice(forms)


def spell_date(rng: random.Random, day: dt.date) -> dt.date | str:
    if rng.random() < 0.05:
        return f"{day.year}年{day.month}月{day.day}日"
    return day


def alias(rng: random.Random, value: str, table: dict[str, str]) -> str:
    return table.get(value, value) if rng.random() < 0.08 else value


# --------------------------------------------------------------------------- model


def members_on(day: dt.date) -> list[str]:
    return [name for name, _, start, end in ROSTER if start <= day and (end is None or day <= end)]


def workdays(year: int) -> list[dt.date]:
    day, days = dt.date(year, 1, 3), []
    while day.year == year:
        if day.weekday() < 5:
            days.append(day)
        day += dt.timedelta(days=1)
    return days


class Item:
    """One agenda item while it is being built; ``tree`` is what gets written."""

    def __init__(self, item_id: str, categories: list[str], amount: int | None) -> None:
        self.id = item_id
        self.categories = categories
        self.amount = amount
        self.title = ""
        self.proposed_by = "办公室"
        self.fields: Tree = {}  # counterparty, budget_item, procurement_method, ...
        self.pre_deliberation: list[Tree] | None = None
        self.reviews: Tree = {}
        self.recusals: list[str] = []
        self.opinions: list[tuple[str, str]] = []  # (member, position)
        self.vote: Tree | None = None
        self.outcome = "adopted"
        self.executed_on: dt.date | None = None
        self.ad_hoc = False
        self.emergency: Tree | None = None
        self.published: Tree | None = None
        self.vote_locked = False  # a violation already depends on the vote as it is
        self.review_locked = False  # a violation already depends on the legality review

    @property
    def tiol(self) -> bool:
        cats = set(self.categories)
        return bool(cats & TIOL_CATEGORIES) or (self.amount or 0) >= LARGE_FUND

    def tree(self, rng: random.Random) -> Tree:
        cats: Any = [alias(rng, c, CATEGORY_ZH) for c in self.categories]
        if len(cats) == 1 and rng.random() < 0.7:
            cats = cats[0]
        return {
            "id": self.id,
            "title": self.title,
            "category": cats,
            "amount": None if self.amount is None else spell_amount(rng, self.amount),
            "proposed_by": self.proposed_by,
            **self.fields,
            "ad_hoc": True if self.ad_hoc else None,
            "pre_deliberation": self.pre_deliberation,
            "reviews": self.reviews or None,
            "recusals": [{"name": n, "reason": "近亲属在相对方任职"} for n in self.recusals] or None,
            "opinions": [{"member": m, "position": alias(rng, p, POSITION_ZH)} for m, p in self.opinions] or None,
            "vote": self.vote,
            "outcome": alias(rng, self.outcome, OUTCOME_ZH),
            "executed_on": self.executed_on,
            "emergency": self.emergency,
            "published": self.published,
        }


class Meeting:
    def __init__(self, rng: random.Random, number: int, day: dt.date) -> None:
        self.rng = rng
        self.id = f"GEN-{number:06d}"
        self.day = day
        self.type = "party_group" if rng.random() < 0.45 else "executive"
        self.members = members_on(day)
        self.listed_members = list(self.members)
        self.principal_present = rng.random() >= 0.05
        n_absent = rng.choices([0, 1, 2], weights=[45, 35, 20])[0]
        if not self.principal_present:
            n_absent = max(1, n_absent)
        self.set_absent(n_absent)
        self.extra_attendees: list[str] = []
        self.observers: list[Tree] = []
        if rng.random() < 0.7:
            self.observers.append({"name": COUNSEL[0], "role": COUNSEL[1]})
        if rng.random() < 0.4:
            name, role = rng.choice(NON_MEMBERS)
            self.observers.append({"name": name, "role": role})
        gap = rng.randint(1, 4)
        self.agenda_sent: dt.date = day - dt.timedelta(days=gap + rng.randint(0, 2))
        self.materials_sent: dt.date | None = day - dt.timedelta(days=gap)
        self.minutes: Tree = {
            "recorder": rng.choice(RECORDERS),
            "archived": True,
            "archive_no": f"DA-{day.year}-{number:06d}",
        }
        self.items: list[Item] = []

    def set_absent(self, count: int) -> None:
        others = [m for m in self.members if m != PRINCIPAL]
        absent = self.rng.sample(others, count - (0 if self.principal_present else 1))
        if not self.principal_present:
            absent.append(PRINCIPAL)
        self.absent = [m for m in self.members if m in absent]
        self.present = [m for m in self.members if m not in absent]

    def tree(self) -> Tree:
        rng = self.rng
        return {
            "id": self.id,
            "type": alias(rng, self.type, TYPE_ZH),
            "date": spell_date(rng, self.day),
            "chair": PRINCIPAL if self.principal_present else DEPUTY,
            "members": self.listed_members,
            "attendees": self.present + self.extra_attendees,
            "absent": [{"name": m, "reason": rng.choice(ABSENCE_REASONS)} for m in self.absent] or None,
            "observers": self.observers or None,
            "notice": {"agenda_sent": self.agenda_sent, "materials_sent": self.materials_sent},
            "minutes": self.minutes,
        }


# --------------------------------------------------------------------------- items


def _round(yuan: float, step: int) -> int:
    return max(step, int(yuan) // step * step)


def _amount(rng: random.Random, low: int, high: int) -> int:
    yuan = rng.uniform(low, high)
    return _round(yuan, rng.choice([10_000, 10_000, 10_000, 1_000]))


def _legality(rng: random.Random, day: dt.date, seq: str) -> Tree:
    reviewer, role = COUNSEL if rng.random() < 0.8 else PUBLIC_LAWYER
    completed = day - dt.timedelta(days=rng.randint(1, 6))
    return {
        "reviewer": reviewer,
        "role": role,
        "submitted": completed - dt.timedelta(days=rng.randint(5, 15)),
        "completed": completed,
        "conclusion": rng.choice(["lawful", "lawful", "lawful_with_changes"]),
        "opinion_no": f"FL-{YEAR}-{seq}",
    }


def new_item(rng: random.Random, meeting: Meeting, number: int, k: int) -> Item:
    cat = rng.choices(
        [
            "major_project",
            "large_fund",
            "personnel",
            "normative_document",
            "contract",
            "major_decision",
            "procurement",
        ],
        weights=[15, 20, 12, 8, 20, 12, 13],
    )[0]
    if cat == "personnel" and meeting.type != "party_group":
        cat = "major_decision"
    day, area = meeting.day, rng.choice(AREAS) + "片区"
    item_id = f"{meeting.id}-{k:02d}"
    amount: int | None = None
    if cat == "major_project":
        amount = _amount(rng, 1_000_000, 60_000_000)
    elif cat == "large_fund":
        amount = _amount(rng, 500_000, 20_000_000) if rng.random() < 0.9 else 120_000_000
    elif cat == "contract":
        amount = _amount(rng, 50_000, 3_000_000)
    elif cat == "procurement":
        amount = _amount(rng, 100_000, 8_000_000)
    cats = [cat]
    if amount is not None and amount >= LARGE_FUND and cat != "large_fund":
        cats.append("large_fund")
    item = Item(item_id, cats, amount)
    dept = rng.choice(list(DEPTS))
    item.proposed_by = dept
    budget = f"{YEAR}-{DEPTS[dept]}-{number:06d}{k}"
    if cat == "major_project":
        stage = rng.choice(["项目立项", "初步设计及概算", "概算调整"])
        item.title = f"关于{area}{rng.choice(PROJECTS)}{stage}的议题"
        item.fields["budget_item"] = budget
        if rng.random() < 0.5:
            item.reviews["expert_review"] = {
                "date": day - dt.timedelta(days=rng.randint(10, 40)),
                "experts": rng.sample(["何建平", "林晓", "许文斌", "陈淑仪", "梁志远"], 3),
                "conclusion": "方案可行",
            }
    elif cat == "large_fund":
        use = rng.choice(FUND_USES)
        item.title = f"关于拨付{area}{use}的议题"
        if amount and amount >= 100_000_000:
            item.title = f"关于{YEAR}年度部门预算资金使用计划的议题"
        item.fields["budget_item"] = budget
    elif cat == "personnel":
        item.title = rng.choice(PERSONNEL_TITLES)
        item.proposed_by = "办公室"
    elif cat == "normative_document":
        item.title = f"关于印发《{area}{rng.choice(NORMDOCS)}》的议题"
        item.reviews["legality"] = _legality(rng, day, f"{number:06d}{k}")
        if rng.random() < 0.6:
            item.fields["affects_operators"] = True
            item.reviews["fair_competition"] = {
                "reviewer": dept,
                "completed": day - dt.timedelta(days=rng.randint(1, 5)),
                "conclusion": "compliant",
                "stakeholders_consulted": True,
            }
        start = day - dt.timedelta(days=rng.randint(45, 90))
        item.reviews["public_participation"] = {
            "start": start,
            "end": start + dt.timedelta(days=rng.randint(30, 35)),
            "channel": "区政府在线",
            "comments_received": rng.randint(0, 40),
            "feedback_published": True,
        }
        published_on = day + dt.timedelta(days=rng.randint(3, 14))
        item.published = {"date": published_on, "channel": "区政府在线"}
    elif cat == "contract":
        if rng.random() < 0.15:
            item.title = f"关于{YEAR}年度法律顾问服务合同的议题"
            item.fields["counterparty"] = "某律师事务所"
        else:
            item.title = f"关于签订{area}{rng.choice(PROJECTS)}{rng.choice(CONTRACTS)}的议题"
            item.fields["counterparty"] = rng.choice(COMPANIES[:-1])
        item.fields["budget_item"] = budget
        item.reviews["legality"] = _legality(rng, day, f"{number:06d}{k}")
    elif cat == "major_decision":
        item.title = rng.choice(DECISIONS).format(y=YEAR, a=rng.choice(AREAS))
        item.reviews["legality"] = _legality(rng, day, f"{number:06d}{k}")
    else:  # procurement
        item.title = f"关于{area}{rng.choice(PROJECTS)}{rng.choice(SERVICES)}采购的议题"
        item.fields["budget_item"] = budget
        assert amount is not None
        method = "open_tender" if amount >= OPEN_TENDER else rng.choice(METHODS_BELOW)
        item.fields["procurement_method"] = method
    if cat in ("personnel", "major_decision"):
        others = [m for m in meeting.members if m != PRINCIPAL]
        item.pre_deliberation = [
            {"with": m, "date": day - dt.timedelta(days=rng.randint(1, 6))}
            for m in rng.sample(others, rng.randint(2, len(others)))
        ]
    return item


def deliberate(rng: random.Random, meeting: Meeting, item: Item) -> None:
    """Opinions in speaking order (principal last), vote, outcome and execution."""
    is_personnel = "personnel" in item.categories
    if "counterparty" in item.fields and len(meeting.present) >= 5 and rng.random() < 0.1:
        candidates = [m for m in meeting.present if m != PRINCIPAL]
        item.recusals = [rng.choice(candidates)]
    voters = [m for m in meeting.present if m not in item.recusals]
    speakers = [m for m in voters if m != PRINCIPAL]
    rng.shuffle(speakers)
    if PRINCIPAL in voters:
        speakers.append(PRINCIPAL)
    dissent_room = len(voters) - (len(meeting.members) // 2 + 1)
    positions = []
    for _ in speakers:
        if dissent_room > 0 and rng.random() < 0.08:
            positions.append(rng.choice(["disagree", "abstain", "reserve"]))
            dissent_room -= 1
        else:
            positions.append("agree")
    item.opinions = list(zip(speakers, positions, strict=True))
    if not is_personnel and rng.random() < 0.06:
        item.outcome = "deferred"
        return
    method = "ballot" if is_personnel else rng.choice(["show_of_hands"] * 4 + ["roll_call"])
    item.vote = {
        "method": method,
        "for": sum(p in ("agree", "reserve") for p in positions),
        "against": positions.count("disagree"),
        "abstain": positions.count("abstain"),
    }
    if set(item.categories) & {"contract", "procurement", "large_fund"} and rng.random() < 0.8:
        item.executed_on = meeting.day + dt.timedelta(days=rng.randint(3, 30))


# --------------------------------------------------------------------------- violations


def votes_cast(vote: Tree) -> int:
    return int(vote["for"]) + int(vote["against"]) + int(vote["abstain"])


class Injector:
    """Deliberate violations; each returns the check ids it expects, or None if it cannot apply."""

    def __init__(self, rng: random.Random, meeting: Meeting) -> None:
        self.rng = rng
        self.m = meeting

    def _pick(self, pred: Callable[[Item], bool]) -> Item | None:
        cands = [i for i in self.m.items if pred(i)]
        return self.rng.choice(cands) if cands else None

    # meeting-level: applied after the items are built; ids derived at the end
    def circulation(self) -> set[str] | None:
        self.m.type = "circulation"
        return set()

    def late_materials(self) -> set[str] | None:
        self.m.materials_sent = self.m.day if self.rng.random() < 0.7 else None
        return set()

    def no_recorder(self) -> set[str] | None:
        del self.m.minutes["recorder"]
        return set()

    def not_archived(self) -> set[str] | None:
        self.m.minutes = {**self.m.minutes, "archived": False}
        self.m.minutes.pop("archive_no", None)
        return set()

    def roster_mismatch(self) -> set[str] | None:
        if not self.m.absent:
            return None
        dropped = self.rng.choice(self.m.absent)
        self.m.listed_members = [x for x in self.m.members if x != dropped]
        return {"REC-ROSTER-MISMATCH"}

    def attendee_not_member(self) -> set[str] | None:
        used = {o["name"] for o in self.m.observers}
        name = next(n for n, _ in NON_MEMBERS if n not in used)
        self.m.extra_attendees.append(name)
        return {"REC-ATTENDEE-NOT-MEMBER"}

    # item-level
    def missing_opinion(self) -> set[str] | None:
        def victims(i: Item) -> list[str]:
            return [m for m, _ in i.opinions if m != PRINCIPAL and m in self.m.present and m not in i.recusals]

        item = self._pick(lambda i: i.tiol and bool(victims(i)))
        if item is None:
            return None
        victim = self.rng.choice(victims(item))
        item.opinions = [(m, p) for m, p in item.opinions if m != victim]
        return {"TIOL-EACH-OPINION"}

    def principal_not_last(self) -> set[str] | None:
        item = self._pick(lambda i: i.tiol and len(i.opinions) >= 2 and i.opinions[-1][0] == PRINCIPAL)
        if item is None:
            return None
        item.opinions.insert(0, item.opinions.pop())
        return {"TIOL-PRINCIPAL-LAST"}

    def executed_before(self) -> set[str] | None:
        item = self._pick(lambda i: i.tiol and i.outcome == "adopted")
        if item is None:
            return None
        item.executed_on = self.m.day - dt.timedelta(days=self.rng.randint(3, 40))
        return {"TIOL-EXECUTED-BEFORE-DECISION"}

    def ad_hoc(self) -> set[str] | None:
        item = self._pick(lambda i: i.tiol)
        if item is None:
            return None
        item.ad_hoc = True
        return {"TIOL-NO-AD-HOC"}

    def no_prior_consultation(self) -> set[str] | None:
        item = self._pick(lambda i: i.pre_deliberation is not None)
        if item is None:
            return None
        item.pre_deliberation = None
        return {"TIOL-PRIOR-CONSULTATION"}

    def no_vote(self) -> set[str] | None:
        item = self._pick(lambda i: i.tiol and i.vote is not None and not i.vote_locked)
        if item is None:
            return None
        item.vote = None
        return {"TIOL-VOTE-RECORDED"}

    def scope(self) -> set[str] | None:
        item = self._pick(lambda i: "large_fund" in i.categories and len(i.categories) > 1)
        if item is None:
            return None
        item.categories = [c for c in item.categories if c != "large_fund"]
        return {"TIOL-SCOPE"}

    def opinion_not_present(self) -> set[str] | None:
        item = self._pick(lambda i: bool(i.opinions))
        if item is None or not self.m.absent:
            return None
        absent = self.rng.choice(self.m.absent)
        item.opinions.insert(len(item.opinions) - 1, (absent, "agree"))
        return {"REC-OPINION-NOT-PRESENT"}

    def vote_exceeds(self) -> set[str] | None:
        item = self._pick(lambda i: i.vote is not None and not i.recusals)
        if item is None or item.vote is None:
            return None
        item.vote["for"] += len(self.m.present) - votes_cast(item.vote) + 1
        item.vote_locked = True
        return {"REC-VOTE-EXCEEDS-PRESENT"}

    def recusal_spoke(self) -> set[str] | None:
        def fits(i: Item) -> bool:
            if not i.tiol or i.vote is None or i.recusals or len(self.m.present) < 5:
                return False
            votes_for = int(i.vote["for"])
            majority_plus_one = len(self.m.members) // 2 + 2
            return votes_cast(i.vote) <= len(self.m.present) and votes_for >= majority_plus_one

        item = self._pick(fits)
        if item is None:
            return None
        spoke = [(m, p) for m, p in item.opinions if m != PRINCIPAL and p == "agree"]
        if not spoke:
            return None
        who = self.rng.choice(spoke)[0]
        item.recusals = [who]
        assert item.vote is not None
        item.vote["for"] -= 1
        item.vote_locked = True
        return {"TIOL-RECUSAL"}

    def missing_legality(self) -> set[str] | None:
        item = self._pick(
            lambda i: (
                "legality" in i.reviews
                and not i.review_locked
                and bool({"contract", "normative_document"} & set(i.categories))
            )
        )
        if item is None:
            return None
        del item.reviews["legality"]
        return {"LEG-CONTRACT-REVIEW" if "contract" in item.categories else "LEG-NORMDOC-REVIEW"}

    def review_after(self) -> set[str] | None:
        item = self._pick(lambda i: "legality" in i.reviews and not i.review_locked)
        if item is None:
            return None
        item.review_locked = True
        late = self.m.day + dt.timedelta(days=self.rng.randint(1, 7))
        item.reviews["legality"]["completed"] = late
        return {"LEG-REVIEW-AFTER-DECISION"}

    def review_date_order(self) -> set[str] | None:
        item = self._pick(lambda i: "legality" in i.reviews and not i.review_locked)
        if item is None:
            return None
        item.review_locked = True
        review = item.reviews["legality"]
        review["submitted"] = review["completed"] + dt.timedelta(days=self.rng.randint(1, 3))
        return {"REC-DATE-ORDER"}

    def no_fair_competition(self) -> set[str] | None:
        item = self._pick(lambda i: "fair_competition" in i.reviews)
        if item is None:
            return None
        del item.reviews["fair_competition"]
        return {"FCR-REVIEW-REQUIRED"}

    def not_open_tender(self) -> set[str] | None:
        item = self._pick(lambda i: "procurement" in i.categories and (i.amount or 0) >= OPEN_TENDER)
        if item is None:
            return None
        item.fields["procurement_method"] = self.rng.choice(METHODS_BELOW)
        return {"PROC-OPEN-TENDER"}


ITEM_VIOLATIONS = [
    "missing_opinion",
    "principal_not_last",
    "executed_before",
    "ad_hoc",
    "no_prior_consultation",
    "no_vote",
    "scope",
    "opinion_not_present",
    "vote_exceeds",
    "recusal_spoke",
    "missing_legality",
    "review_after",
    "review_date_order",
    "no_fair_competition",
    "not_open_tender",
]
MEETING_VIOLATIONS = [
    "circulation",
    "late_materials",
    "no_recorder",
    "not_archived",
    "roster_mismatch",
    "attendee_not_member",
]
ATTENDANCE_VIOLATIONS = ["short_quorum", "short_quorum_personnel"]


def meeting_wide_ids(meeting: Meeting, chosen: set[str]) -> set[str]:
    """Ids of the meeting-level violations, reported on each TIOL item they touch."""
    ids: set[str] = set()
    n = len(meeting.members)
    for item in meeting.items:
        if not item.tiol:
            continue
        if "circulation" in chosen:
            ids.add("TIOL-COLLECTIVE")
        if "late_materials" in chosen:
            ids.add("TIOL-MATERIALS-ADVANCE")
        if "no_recorder" in chosen:
            ids.add("TIOL-MINUTES")
        if "not_archived" in chosen:
            ids.add("TIOL-ARCHIVE")
        if 2 * len(meeting.present) <= n:
            ids.add("TIOL-QUORUM")
        if "personnel" in item.categories and 3 * len(meeting.present) < 2 * n:
            ids.add("TIOL-QUORUM-PERSONNEL")
        if item.outcome == "adopted" and item.vote and 2 * item.vote["for"] <= n:
            ids.add("TIOL-PASS-MAJORITY")
    return ids


# --------------------------------------------------------------------------- records


def meeting_record(rng: random.Random, number: int, day: dt.date, violate: bool) -> tuple[Tree, list[str]]:
    meeting = Meeting(rng, number, day)
    n_items = rng.choices([1, 2, 3, 4], weights=[35, 35, 20, 10])[0]
    meeting.items = [new_item(rng, meeting, number, k + 1) for k in range(n_items)]
    chosen: set[str] = set()
    expected: set[str] = set()
    if violate:
        wanted = rng.choices([1, 2, 3], weights=[70, 25, 5])[0]
        pool = ITEM_VIOLATIONS * 2 + MEETING_VIOLATIONS + ATTENDANCE_VIOLATIONS
        rng.shuffle(pool)
        has_personnel = any("personnel" in i.categories for i in meeting.items)
        if not has_personnel:
            pool.remove("short_quorum_personnel")
        # attendance first, when drawn: opinions and votes are built on who is present
        drawn = [n for n in pool[:wanted] if n in ATTENDANCE_VIOLATIONS]
        if drawn:
            name = drawn[0]
            keep = 3 if name == "short_quorum" else 4
            meeting.principal_present = True
            meeting.set_absent(len(meeting.members) - keep)
            chosen.add(name)
    for item in meeting.items:
        deliberate(rng, meeting, item)
    if violate:
        injector = Injector(rng, meeting)
        attempts = [n for n in pool if n not in ATTENDANCE_VIOLATIONS]
        for name in attempts:
            if len(chosen) >= wanted:
                break
            if name in chosen:
                continue
            got = getattr(injector, name)()
            if got is not None:
                chosen.add(name)
                expected |= got
        expected |= meeting_wide_ids(meeting, chosen)
        if not expected:  # nothing applicable touched a TIOL item: fall back to a sure one
            injector.attendee_not_member()
            expected.add("REC-ATTENDEE-NOT-MEMBER")
    record: Tree = {
        "govcheck": 1,
        "unit": UNIT,
        "meeting": meeting.tree(),
        "items": [item.tree(rng) for item in meeting.items],
    }
    return record, sorted(expected)


def no_meeting_record(
    rng: random.Random, number: int, day: dt.date, report_to: str | None, violate: bool
) -> tuple[Tree, list[str]]:
    """An emergency decision by the principal, or (violation) one never taken to a meeting."""
    area = rng.choice(AREAS) + "片区"
    amount = _amount(rng, 500_000, 3_000_000)
    item = Item(f"GEN-{number:06d}-01", ["large_fund"], amount)
    item.proposed_by = "工程管理科"
    item.fields = {
        "counterparty": rng.choice(COMPANIES[:-1]),
        "budget_item": f"{YEAR}-应急-{number:06d}",
        "procurement_method": "direct",
    }
    item.executed_on = day
    expected: list[str] = []
    if violate and rng.random() < 0.5:
        item.title = f"关于支付{area}{rng.choice(PROJECTS)}{rng.choice(FUND_USES)}的审批事项"
        item.fields["budget_item"] = f"{YEAR}-城建-{number:06d}"
        expected = ["TIOL-COLLECTIVE"]
    else:
        event = rng.choice(["强降雨", "台风", "边坡险情", "管线爆裂"])
        item.title = f"关于{event}期间{area}在建工程应急抢险的临机决定"
        item.emergency = {"decided_by": PRINCIPAL, "decided_on": day}
        if violate or report_to is None:
            expected = ["TIOL-EMERGENCY-REPORTED"]
        else:
            item.emergency["reported_at"] = report_to
    record: Tree = {"govcheck": 1, "unit": UNIT, "items": [item.tree(rng)]}
    return record, expected


def settings_yaml() -> str:
    lines = [
        "# 由 bench/generate.py 生成的单位设置 / unit settings written by bench/generate.py",
        f"unit: {UNIT}",
        f"principal: {PRINCIPAL}",
        "roster:",
    ]
    for name, role, start, end in ROSTER:
        term = f", to: {end.isoformat()}" if end else ""
        lines.append(f"  - {{name: {name}, role: {role}, from: {start.isoformat()}{term}}}")
    lines += [
        "collective_forums: [party_group, party_committee, executive, standing, plenary, board]",
        "thresholds:",
        f"  large_fund: {LARGE_FUND}",
        f"  open_tender: {OPEN_TENDER}",
        f"notice_days: {NOTICE_DAYS}",
    ]
    return "\n".join(lines) + "\n"


def generate(count: int, outdir: Path, seed: int, violation_rate: float = 0.3) -> int:
    """Write ``count`` records and govcheck.yaml into ``outdir``; return the number violating."""
    rng = random.Random(seed)
    outdir.mkdir(parents=True, exist_ok=True)
    (outdir / "govcheck.yaml").write_text(settings_yaml(), encoding="utf-8")
    days = sorted(rng.choices(workdays(YEAR), k=count))
    no_meeting = [rng.random() < 0.04 for _ in range(count)]
    violates = [rng.random() < violation_rate for _ in range(count)]
    # an emergency decision is reported to the first meeting held on a later day
    report_to: list[str | None] = [None] * count
    later: str | None = None
    end = count - 1
    while end >= 0:
        start = end
        while start > 0 and days[start - 1] == days[end]:
            start -= 1
        for i in range(start, end + 1):
            report_to[i] = later
        first = next((i for i in range(start, end + 1) if not no_meeting[i]), None)
        if first is not None:
            later = f"GEN-{first:06d}"
        end = start - 1
    bad = 0
    for i in range(count):
        if no_meeting[i] and (violates[i] or report_to[i] is not None):
            target = report_to[i]
            record, expected = no_meeting_record(rng, i, days[i], target, violates[i])
        else:
            record, expected = meeting_record(rng, i, days[i], violates[i])
        header = [f"合成记录 / synthetic record {i + 1}/{count}, seed {seed}"]
        if expected:
            bad += 1
            header.append("预期问题 / injected: " + ", ".join(expected))
        (outdir / f"GEN-{i:06d}.yaml").write_text(to_yaml(record, header), encoding="utf-8")
    return bad


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Write N synthetic govcheck decision records (format v1) into OUTDIR.")
    parser.add_argument("count", metavar="N", type=int, help="number of records to write")
    parser.add_argument("outdir", metavar="OUTDIR", type=Path, help="directory to write into")
    parser.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    parser.add_argument(
        "--violation-rate",
        type=float,
        default=0.3,
        help="share of records with deliberate violations (default 0.3)",
    )
    args = parser.parse_args(argv)
    if args.count < 0:
        parser.error("N must be zero or more")
    if not 0.0 <= args.violation_rate <= 1.0:
        parser.error("--violation-rate must be between 0 and 1")
    bad = generate(args.count, args.outdir, args.seed, args.violation_rate)
    print(
        f"wrote {args.count} records ({bad} with injected violations) and govcheck.yaml to {args.outdir}",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
