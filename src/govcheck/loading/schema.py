"""The record format v1 and the unit settings, as one declarative definition.

The loader validates against these definitions and ``govcheck schema`` prints
JSON Schema generated from them, so the two cannot drift apart.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from functools import cache, cached_property
from typing import Any

from govcheck.errors import InputError
from govcheck.i18n import Text
from govcheck.loading import fullwidth
from govcheck.loading import values as v
from govcheck.loading.yamlsource import YDict, YList

MEETING_TYPE = v.enumeration(
    "meeting_type",
    {
        "party_group": ("党组会议", "party group meeting", ("党组会",)),
        "party_committee": ("党委会", "party committee meeting", ("党委会议",)),
        "executive": (
            "行政办公会",
            "executive meeting",
            ("署务会", "局务会", "主任办公会", "主任办公会议", "办公会", "行政办公会议", "局长办公会", "局长办公会议"),
        ),
        "standing": ("常务会议", "standing meeting", ("政府常务会议",)),
        "plenary": ("全体会议", "plenary meeting", ("政府全体会议",)),
        "board": ("董事会", "board meeting", ("董事会会议",)),
        "circulation": ("传阅/会签", "circulation (no meeting)", ("传阅", "会签", "传批")),
        # (1.1) never a collective forum, whatever the settings say (checks.md: never a forum)
        "topic_meeting": ("专题会议", "topic meeting (not a collective forum)", ("专题会",)),
        "on_site": ("现场办公会", "on-site meeting (not a collective forum)", ("现场办公会议",)),
        "sign_off": ("个人签批", "individual sign-off (no meeting)", ("批示", "传签", "签批")),
        "other": ("其他", "other", ()),
    },
)
# Meeting types that are never a collective forum (listing one in collective_forums is a settings error).
NEVER_FORUM = ("circulation", "topic_meeting", "on_site", "sign_off")
UNIT_KIND = v.enumeration(
    "unit_kind",
    {
        "agency": ("党政机关", "Party or government body, public institution", ("机关", "事业单位")),
        "soe": ("国有企业", "state-owned enterprise", ("国企",)),
        "village": ("村级组织", "village organisation", ("村",)),
    },
)
QUORUM = v.enumeration(
    "quorum",
    {
        "at_least_half": ("半数以上", "at least half (半数以上, half included)", ()),
        "more_than_half": ("过半数", "more than half (过半数)", ("超过半数",)),
    },
)
CATEGORY = v.enumeration(
    "category",
    {
        "major_decision": ("重大事项决策", "major decision", ("重大决策", "重大决策事项")),
        "personnel": ("重要干部任免", "important personnel appointment", ("重要人事任免", "干部任免")),
        "major_project": ("重大项目安排", "major project", ()),
        "large_fund": ("大额度资金运作", "large fund operation", ("大额资金运作", "大额资金")),
        "normative_document": ("规范性文件", "normative document", ("行政规范性文件",)),
        "policy_measure": ("政策措施", "policy measure", ()),
        "contract": ("合同", "contract", ("协议",)),
        "procurement": ("采购", "procurement", ("政府采购",)),
    },
    refusals={
        # Not every personnel matter is a 重要干部任免 (a TIOL matter): mapping it would run the TIOL checks
        # on ordinary staff matters, or (refused silently) miss them on important ones. The unit decides.
        "人事任免": (
            Text(
                "“人事任免”不能确定是不是“重要干部任免”（三重一大事项）",
                "'人事任免' does not say whether it is an important personnel appointment (a TIOL matter)",
            ),
            Text(
                "属于本单位“三重一大”制度所列重要干部任免的，写 重要干部任免（personnel）；"
                "一般人事事项不属于本格式的议题类别",
                "write 重要干部任免 (personnel) when the unit's TIOL rules list it as an important appointment; "
                "ordinary personnel matters are none of the record format's categories",
            ),
        ),
    },
)
POSITION = v.enumeration(
    "position",
    {
        "agree": ("同意", "agree", ("赞成",)),
        "disagree": ("不同意", "disagree", ("反对",)),
        "abstain": ("弃权", "abstain", ()),
        "reserve": ("保留意见", "reserve", ("保留",)),
    },
)
OUTCOME = v.enumeration(
    "outcome",
    {
        "adopted": ("通过", "adopted", ("同意", "原则通过")),
        "rejected": ("不通过", "rejected", ("未通过", "否决")),
        "deferred": ("暂缓", "deferred", ("缓议",)),
    },
)
PROCUREMENT_METHOD = v.enumeration(
    "procurement_method",
    {
        "open_tender": ("公开招标", "open tender", ()),
        "invited_tender": ("邀请招标", "invited tender", ()),
        "competitive_negotiation": ("竞争性谈判", "competitive negotiation", ()),
        "competitive_consultation": ("竞争性磋商", "competitive consultation", ()),
        "single_source": ("单一来源", "single source", ("单一来源采购",)),
        "inquiry": ("询价", "request for quotation", ()),
        "direct": ("直接采购", "direct purchase", ()),
    },
)
REVIEWER_ROLE = v.enumeration(
    "reviewer_role",
    {
        "legal_counsel": ("法律顾问", "legal counsel", ()),
        "legal_department": ("法制机构", "legal department", ("法制部门", "法治机构")),
        "public_lawyer": ("公职律师", "public lawyer", ()),
    },
)
LEGALITY_CONCLUSION = v.enumeration(
    "legality_conclusion",
    {
        "lawful": ("合法", "lawful", ()),
        "lawful_with_changes": ("修改后合法", "lawful with changes", ()),
        "unlawful": ("不合法", "unlawful", ("违法",)),
    },
)
FCR_CONCLUSION = v.enumeration(
    "fcr_conclusion",
    {
        "compliant": ("符合", "compliant", ("符合公平竞争审查标准",)),
        "non_compliant": ("不符合", "non-compliant", ()),
        "exception": ("适用例外规定", "exception applies", ("例外",)),
    },
)
# (1.1) how the public took part (条例第十四条至第十七条); only public comment has the 30-day period (第十五条)
PARTICIPATION_METHOD = v.enumeration(
    "participation_method",
    {
        "public_comment": ("公开征求意见", "public comment", ("向社会公开征求意见", "网上征求意见")),
        "hearing": ("听证会", "hearing", ("听证",)),
        "symposium": ("座谈会", "symposium", ("座谈", "协商会")),
        "survey": ("问卷调查", "survey", ("问卷", "民意调查")),
        "other": ("其他", "other", ()),
    },
)
RISK_LEVEL = v.enumeration(
    "risk_level",
    {
        "low": ("低", "low", ("低风险",)),
        "medium": ("中", "medium", ("中风险",)),
        "high": ("高", "high", ("高风险",)),
    },
)
VOTE_METHOD = v.enumeration(
    "vote_method",
    {
        "show_of_hands": ("举手", "show of hands", ("举手表决",)),
        "ballot": ("无记名投票", "secret ballot", ("投票",)),
        "roll_call": ("口头", "roll call", ("口头表决",)),
        "none": ("未表决", "no vote", ("无",)),
    },
)
SEVERITY = v.enumeration(
    "severity",
    {
        "error": ("错误", "error", ()),
        "warning": ("警告", "warning", ()),
        "info": ("提示", "info", ()),
    },
)
PACK = v.enumeration(
    "pack",
    {
        "tiol": ("三重一大集体决策", "collective decision on TIOL matters", ()),
        "major_admin_decision": ("重大行政决策程序", "major administrative decision procedure", ()),
        "legality": ("合法性审查", "legality review", ()),
        "fair_competition": ("公平竞争审查", "fair competition review", ()),
        "procurement": ("采购与招标", "procurement and tendering", ()),
        "records": ("记录一致性", "record consistency", ()),
        "audit": ("支出与决策核对", "payments against decisions (--payments)", ()),
    },
)


@dataclass(frozen=True)
class Field:
    """One key of the format. ``kind`` picks the parser; ``fields`` for mappings."""

    kind: str
    doc: Text
    required: bool = False
    enum: v.Enumeration | None = None
    fields: dict[str, Field] = field(default_factory=dict)
    item: Field | None = None  # element of a list
    open_enum: bool = False  # other text allowed (kept as is; rules may flag it)
    min_items: int = 0
    refused: tuple[str, ...] = ()  # enum values the loader refuses with its own message (never a forum)
    yes_no: tuple[tuple[str, ...], tuple[str, ...]] = ((), ())  # a yes/no field's own words (已归档, 未归档)
    many: bool = False  # a mapping that may also be written as a list of such mappings (1.1 public_participation)

    @cached_property
    def required_keys(self) -> tuple[str, ...]:
        """The mapping's required keys (checked for every mapping of every record: worth keeping)."""
        return tuple(key for key, sub in self.fields.items() if sub.required)

    @cached_property
    def as_entries(self) -> Field:
        """A ``many`` mapping written as a list: a list of such mappings, each one mapping, never a further list."""
        return Field("list", self.doc, item=replace(self, many=False), min_items=1)

    @cached_property
    def quick(self) -> Callable[[Any], Any] | None:
        """The value's canonical form when it is plainly right, else QUICK_MISS (see ``_quick_check``)."""
        return _quick_check(self)


def T(zh: str, en: str) -> Text:
    return Text(zh, en)


def text(zh: str, en: str, required: bool = False) -> Field:
    return Field("text", T(zh, en), required)


def date(zh: str, en: str, required: bool = False) -> Field:
    return Field("date", T(zh, en), required)


def flag(zh: str, en: str, yes: tuple[str, ...] = (), no: tuple[str, ...] = ()) -> Field:
    return Field("bool", T(zh, en), yes_no=(yes, no))


def count(zh: str, en: str) -> Field:
    return Field("count", T(zh, en))


def enum(e: v.Enumeration, zh: str, en: str, required: bool = False, open_enum: bool = False) -> Field:
    return Field("enum", T(zh, en), required, enum=e, open_enum=open_enum)


def mapping(zh: str, en: str, fields: dict[str, Field], required: bool = False) -> Field:
    return Field("map", T(zh, en), required, fields=fields)


def list_of(item: Field, zh: str, en: str, required: bool = False, min_items: int = 0) -> Field:
    return Field("list", T(zh, en), required, item=item, min_items=min_items)


def names(zh: str, en: str) -> Field:
    """A list of people: each entry one name, never several joined by a full-width comma or 、."""
    return list_of(Field("name", T("姓名", "name")), zh, en)


REVIEWS = mapping(
    "会前审查与程序",
    "prior reviews and procedures",
    {
        "legality": mapping(
            "合法性审查",
            "legality review",
            {
                "reviewer": text("审查人", "reviewer"),
                "role": enum(
                    REVIEWER_ROLE,
                    "审查人身份（其他文字允许，LEG-REVIEWER-ROLE 会提示）",
                    "reviewer role",
                    open_enum=True,
                ),
                "submitted": date("送审日期", "submitted on"),
                "completed": date("审查完成日期", "completed on"),
                "conclusion": enum(LEGALITY_CONCLUSION, "审查结论", "conclusion"),
                "opinion_no": text("审查意见书编号", "opinion number"),
            },
        ),
        "fair_competition": mapping(
            "公平竞争审查",
            "fair competition review",
            {
                "reviewer": text("审查人", "reviewer"),
                "completed": date("审查完成日期", "completed on"),
                "conclusion": enum(FCR_CONCLUSION, "审查结论", "conclusion"),
                "stakeholders_consulted": flag("是否听取利害关系人意见", "stakeholders consulted"),
                "exception_reason": text("适用例外规定的理由", "legal ground of the exception"),
                "exception_period": text("例外的实施期限或终止条件", "period or end condition of the exception"),
            },
        ),
        "public_participation": Field(
            "map",
            T("公众参与（一项，或多项的列表）", "public participation (one, or a list of several)"),
            many=True,
            fields={
                "method": enum(
                    PARTICIPATION_METHOD,
                    "公众参与方式（未写而写明起止日期的，按公开征求意见）",
                    "method (absent with start and end: public comment)",
                ),
                "start": date("征求意见开始日期", "comment period start"),
                "end": date("征求意见结束日期", "comment period end"),
                "channel": text("征求意见渠道", "channel"),
                "comments_received": count("收到意见数", "comments received"),
                "feedback_published": flag("是否公布意见采纳情况", "feedback published"),
                "shortened_reason": text("征求意见期少于30日的理由", "why the period is under 30 days"),
            },
        ),
        "expert_review": mapping(
            "专家论证",
            "expert review",
            {
                "date": date("论证日期", "date"),
                "experts": names("专家", "experts"),
                "conclusion": text("论证结论", "conclusion"),
            },
        ),
        "risk_assessment": mapping(
            "风险评估",
            "risk assessment",
            {
                "date": date("评估日期", "date"),
                "level": enum(RISK_LEVEL, "风险等级", "risk level"),
                "conclusion": text("评估结论", "conclusion"),
            },
        ),
    },
)

ITEM = mapping(
    "议题",
    "agenda item",
    {
        "id": text("议题编号（在整个记录库中唯一）", "item id, unique in the repository", required=True),
        "title": text("议题名称", "title", required=True),
        "category": Field("categories", T("议题类别（一个或多个）", "category, one or a list"), True, enum=CATEGORY),
        "amount": Field("amount", T("金额（元，或 350万元、1.2亿元）", "amount in yuan, or 350万元 / 1.2亿元")),
        "proposed_by": text("提出部门", "proposed by"),
        "counterparty": text("合同相对方/供应商", "counterparty or supplier"),
        "budget_item": text("预算项目", "budget item"),
        # (1.1) 采购品目: PROC-SPLIT-TENDER groups purchases of one budget item by it (实施条例第二十八条)
        "procurement_item": text(
            "采购品目（政府采购品目分类目录的编码或名称）", "procurement item (品目: catalogue code or name)"
        ),
        # (1.1) the approval of a non-open procurement method (政府采购法第二十七条), e.g. a document number
        "procurement_approval": text(
            "采用公开招标以外采购方式的批准（批准文号）",
            "approval of a method other than open tender (document number)",
        ),
        "procurement_method": enum(PROCUREMENT_METHOD, "采购方式", "procurement method"),
        "ad_hoc": flag("是否临时动议", "raised at the meeting without notice"),
        "major_administrative_decision": flag(
            "是否列入重大行政决策事项目录", "listed as a major administrative decision"
        ),
        "affects_operators": flag("是否涉及经营者经济活动", "affects operators' economic activity"),
        "pre_deliberation": list_of(
            mapping(
                "会前个别酝酿",
                "prior consultation",
                {
                    "with": text("酝酿对象", "with whom", required=True),
                    "date": date("日期", "date"),
                },
            ),
            "会前个别酝酿/沟通",
            "prior individual consultation",
        ),
        "reviews": REVIEWS,
        "recusals": list_of(
            mapping(
                "回避",
                "recusal",
                {
                    "name": text("回避人", "name", required=True),
                    "reason": text("回避理由", "reason"),
                },
            ),
            "回避",
            "recusals",
        ),
        "opinions": list_of(
            mapping(
                "表态",
                "stated position",
                {
                    "member": text("发言成员", "member", required=True),
                    "position": enum(POSITION, "表态", "position", required=True),
                },
            ),
            "逐一表态（按发言顺序）",
            "positions, in speaking order",
        ),
        "vote": mapping(
            "表决",
            "vote",
            {
                "method": enum(VOTE_METHOD, "表决方式", "method"),
                "for": count("赞成票", "for"),
                "against": count("反对票", "against"),
                "abstain": count("弃权票", "abstain"),
            },
        ),
        "outcome": enum(OUTCOME, "决定结果", "outcome"),
        "departure_reason": text("主要负责人不采纳多数意见的理由", "why the principal departed from the majority"),
        # (1.1) the day the decision document was formed or issued (MAD-PUBLISH counts from it)
        "issued_on": date("决定文件形成/印发日期", "day the decision document was formed or issued"),
        "executed_on": date("开始执行日期（签订合同、支付资金）", "first act of execution"),
        "emergency": mapping(
            "紧急情况下个人临机决定",
            "emergency decision by an individual",
            {
                "decided_by": text("决定人", "decided by"),
                "decided_on": date("决定日期", "decided on"),
                "reported_at": text("事后报告的会议编号", "meeting id where it was reported"),
            },
        ),
        "published": mapping(
            "决策公布",
            "publication",
            {
                "date": date("公布日期", "date"),
                "channel": text("公布渠道", "channel"),
            },
        ),
    },
)

RECORD = mapping(
    "决策记录（格式第1版）",
    "decision record, format version 1",
    {
        "govcheck": Field("version", T("格式版本，固定为 1", "format version, always 1"), True),
        "unit": text("单位名称", "unit", required=True),
        "meeting": mapping(
            "会议（没有此项表示未开会）",
            "meeting; absent means no meeting was held",
            {
                "id": text("会议编号", "meeting id", required=True),
                "type": enum(MEETING_TYPE, "会议类型", "meeting type", required=True),
                "date": date("会议日期", "meeting date", required=True),
                "chair": text("主持人", "chair"),
                "members": names("应到会成员（有班子名册时以名册为准）", "members who should attend"),
                "attendees": names("实到会成员", "members present"),
                "absent": list_of(
                    mapping(
                        "缺席成员",
                        "absent member",
                        {
                            "name": text("姓名", "name", required=True),
                            "reason": text("缺席原因", "reason"),
                        },
                    ),
                    "缺席成员及原因",
                    "absent members",
                ),
                "observers": list_of(
                    mapping(
                        "列席人员",
                        "observer",
                        {
                            "name": text("姓名", "name", required=True),
                            "role": text("身份", "role"),
                        },
                    ),
                    "列席人员（无表决权）",
                    "observers, without a vote",
                ),
                "notice": mapping(
                    "会议通知",
                    "notice",
                    {
                        "agenda_sent": date("议题通知日期", "agenda sent on"),
                        "materials_sent": date("会议材料送达日期", "materials sent on"),
                    },
                ),
                "minutes": mapping(
                    "会议记录/纪要",
                    "minutes",
                    {
                        "recorder": text("记录人", "recorder"),
                        "archived": flag("是否已归档", "archived", yes=("已归档",), no=("未归档",)),
                        "archive_no": text("档案号", "archive number"),
                    },
                ),
            },
        ),
        "items": list_of(ITEM, "议题（至少一个）", "agenda items, at least one", required=True, min_items=1),
    },
)

# A meeting type a unit may list as a forum: never one of NEVER_FORUM (settings.py says why, at its line).
FORUM = Field(
    "enum",
    T(
        "会议类型（不能是传阅/会签、专题会议、现场办公会、个人签批）",
        "meeting type (never circulation, topic, on-site or sign-off)",
    ),
    enum=MEETING_TYPE,
    refused=NEVER_FORUM,
)
TERM = {
    "from": date("任期开始", "term start"),
    "to": date("任期结束（含当日；不写表示仍在任）", "term end, inclusive; absent = in office"),
}
PRINCIPAL_TERMS = list_of(
    mapping("主要负责人任期", "principal term", {"name": text("姓名", "name", required=True), **TERM}),
    "主要负责人任期",
    "principal's terms",
    min_items=1,
)
SETTINGS = mapping(
    "单位设置 govcheck.yaml",
    "unit settings govcheck.yaml",
    {
        "unit": text("单位名称", "unit"),
        "principal": Field(
            "principal", T("主要负责人（姓名，或带任期的列表）", "principal leader: a name, or a list with terms")
        ),
        "roster": list_of(
            mapping(
                "班子成员",
                "leadership member",
                {
                    "name": text("姓名", "name", required=True),
                    "role": text("职务", "role"),
                    **TERM,
                },
            ),
            "领导班子成员名册（带任期）",
            "leadership roster with terms",
            min_items=1,
        ),  # [] would leave every meeting without members
        "collective_forums": list_of(
            FORUM, "可作出集体决策的会议类型", "meeting types that count as collective decision forums"
        ),
        "mad_forums": list_of(FORUM, "重大行政决策的会议类型", "meeting types for major administrative decisions"),
        "voting_forums": list_of(
            FORUM,
            "以表决形成决定的会议类型（其余集体决策会议实行行政首长负责制）",
            "meeting types that decide by majority vote (the other forums: the head decides)",
        ),
        "quorum": enum(
            QUORUM,
            "到会人数标准：at_least_half 半数以上（含半数）或 more_than_half 过半数",
            "quorum rule: at_least_half (half included) or more_than_half",
        ),
        "unit_kind": enum(UNIT_KIND, "单位类型（决定引用哪些依据）", "unit kind (which bases are cited)"),
        "fair_competition_from": date(
            "本单位开始实行公平竞争审查的日期（默认2016-07-01；市县以本地实施通知为准，在2016-07-01至2024-08-01之间）",
            "the day this unit's fair competition review duty began (default 2016-07-01; city and county "
            "bodies: their local notice; between 2016-07-01 and 2024-08-01)",
        ),
        "thresholds": mapping(
            "金额标准（元）",
            "money thresholds, yuan",
            {
                "large_fund": Field("amount", T("大额资金标准", "large fund threshold")),
                "open_tender": Field("amount", T("公开招标数额标准", "open tender threshold")),
            },
        ),
        "notice_days": Field(
            "days", T("会议材料至少提前送达的天数（0–366）", "days before the meeting materials are due (0–366)")
        ),
        "packs": list_of(enum(PACK, "规则包", "rule pack"), "启用的规则包", "enabled rule packs"),
        "severity": Field("severity_map", T("按检查项调整严重程度", "per-check severity overrides")),
        "exclude": list_of(text("路径模式", "glob"), "目录检查时跳过的文件", "globs skipped in directory scans"),
        "waivers": list_of(
            mapping(
                "豁免",
                "waiver",
                {
                    "item": text("议题编号", "item id", required=True),
                    "check": text("检查项编号", "check id", required=True),
                    "reason": text("豁免理由", "reason", required=True),
                    "approved_by": text("批准人/批准会议", "approved by", required=True),
                    "expires": date("到期日", "expires on"),
                },
            ),
            "已批准的例外",
            "accepted exceptions",
        ),
    },
)


# ---------------------------------------------------------------- validation


@dataclass
class Validator:
    path: str
    errors: list[InputError] = field(default_factory=list)

    def error(self, line: int, message: Text, hint: Text | None = None) -> None:
        self.errors.append(InputError(self.path, line, message, hint))

    def check(self, spec: Field, raw: Any, where: Where, line: int) -> Any:
        """Return the canonical value, or None after recording an error."""
        unfilled = v.placeholder_problem(raw)
        if unfilled is not None:
            self.error(line, Text(f"{where}：{unfilled.message.zh}", f"{where}: {unfilled.message.en}"), unfilled.hint)
            return None
        handler = _HANDLERS.get(spec.kind)
        if handler is not None:
            try:
                return handler(spec, raw)
            except v.ValueProblem as problem:
                self.error(line, Text(f"{where}：{problem.message.zh}", f"{where}: {problem.message.en}"), problem.hint)
                return None
        if spec.kind == "map" and spec.many and isinstance(raw, YList):
            return self.check_list(spec.as_entries, raw, where, line)
        if spec.kind == "map":
            return self.check_map(spec, raw, where, line)
        if spec.kind == "list":
            return self.check_list(spec, raw, where, line)
        if spec.kind == "categories":
            return self.check_categories(spec, raw, where, line)
        if spec.kind == "principal":
            return self.check_principal(spec, raw, where, line)
        if spec.kind == "severity_map":
            return self.check_severity_map(raw, where, line)
        raise AssertionError(spec.kind)  # pragma: no cover - definitions above are fixed

    def check_map(self, spec: Field, raw: Any, where: Where, line: int) -> YDict | None:
        if not isinstance(raw, YDict):
            self.error(
                line,
                Text(
                    f"{where} 应为映射（键: 值），实际是 {_describe_zh(raw)}",
                    f"{where} should be a mapping (key: value), found {_describe_en(raw)}",
                ),
                Text(f"参见 `govcheck schema` 中 {where} 的写法", f"see `govcheck schema` for {where}"),
            )
            return None
        out = YDict(raw.line)
        out.lines = lines = raw.lines
        out.key_lines = raw.key_lines
        fields, miss = spec.fields, QUICK_MISS
        for key, value in raw.items():
            sub = fields.get(key)
            if sub is None:
                if key.startswith("x_"):
                    continue  # local extensions are free
                self.unknown_key(spec, key, where, raw.key_lines.get(key, raw.line))
                continue
            if value is None:
                continue  # null = not recorded; required keys are checked below
            quick = sub.quick
            if quick is not None:
                checked = quick(value)
                if checked is not miss:
                    out[key] = checked
                    continue
            checked = self.check(sub, value, _Path(where, key), lines.get(key, raw.line))
            if checked is not None:
                out[key] = checked
        for key in spec.required_keys:
            sub = spec.fields[key]
            if key in raw and raw[key] is None:  # written, but left empty
                self.error(
                    raw.line_of(key),
                    Text(
                        f"{_join(where, key)} 是空的，此项必填（{sub.doc.zh}）",
                        f"{_join(where, key)} is empty but required ({sub.doc.en})",
                    ),
                    Text(f"在 {key}: 后面填写{sub.doc.zh}", f"write the {sub.doc.en} after {key}:"),
                )
            elif raw.get(key) is None:
                self.error(
                    raw.line,
                    Text(
                        f"{where or '文件顶层'} 缺少必填项 {key}（{sub.doc.zh}）",
                        f"{where or 'the top level'} is missing required key {key} ({sub.doc.en})",
                    ),
                    Text(
                        f"在第{raw.line}行的 {where or '文件顶层'} 中加上 {key}: …",
                        f"add {key}: … under {where or 'the top level'} (line {raw.line})",
                    ),
                )
        return out

    def unknown_key(self, spec: Field, key: str, where: Where, line: int) -> None:
        known = list(spec.fields)
        close = difflib.get_close_matches(key, known, n=1, cutoff=0.6)
        shown = _join(where, key)
        if close:
            hint = Text(f"是不是想写 {close[0]}？", f"did you mean {close[0]}?")
        else:
            hint = Text(
                f"此处可用的键：{', '.join(known)}；本地扩展字段请以 x_ 开头",
                f"keys allowed here: {', '.join(known)}; prefix local extensions with x_",
            )
        self.error(line, Text(f"未知的键 {shown}", f"unknown key {shown}"), hint)

    def check_list(self, spec: Field, raw: Any, where: Where, line: int) -> YList | None:
        assert spec.item is not None
        if not isinstance(raw, YList):
            bracketed = fullwidth.list_problem(raw)
            if bracketed is not None:
                self.error(line, Text(f"{where} {bracketed[0].zh}", f"{where} is {bracketed[0].en}"), bracketed[1])
                return None
            example = "[张三, 李四]" if spec.item.kind in ("text", "name") else "以 - 开头的多行"
            self.error(
                line,
                Text(
                    f"{where} 应为列表，实际是 {_describe_zh(raw)}",
                    f"{where} should be a list, found {_describe_en(raw)}",
                ),
                Text(f"写成列表，如 {example}", "write a list, e.g. [a, b] or lines starting with -"),
            )
            return None
        if len(raw) < spec.min_items:
            self.error(
                line,
                Text(f"{where} 至少需要 {spec.min_items} 项", f"{where} needs at least {spec.min_items} entry"),
                Text(f"在 {where} 下添加内容", f"add an entry under {where}"),
            )
        out = YList(raw.line)
        out.lines = raw.lines
        item, quick, miss = spec.item, spec.item.quick, QUICK_MISS
        for index, value in enumerate(raw):
            checked = quick(value) if quick is not None else miss
            if checked is miss:
                checked = self.check(item, value, _Path(where, index), raw.line_of(index))
            out.append(checked)
        return out

    def check_categories(self, spec: Field, raw: Any, where: Where, line: int) -> tuple[str, ...] | None:
        assert spec.enum is not None
        if isinstance(raw, YList) and not raw:
            # An empty list would make the item "no category" and silently skip its checks.
            self.error(
                line,
                Text(f"{where} 是空列表，至少写一个类别", f"{where} is an empty list; give at least one category"),
                spec.enum.allowed(),
            )
            return None
        entries = [(value, raw.line_of(i)) for i, value in enumerate(raw)] if isinstance(raw, YList) else [(raw, line)]
        result: list[str] = []
        for value, value_line in entries:
            try:
                result.append(spec.enum.parse(value))
            except v.ValueProblem as refused:
                joined = fullwidth.separator_problem(value)
                message, hint = joined if joined is not None else (refused.message, refused.hint)
                self.error(value_line, Text(f"{where}：{message.zh}", f"{where}: {message.en}"), hint)
        return tuple(dict.fromkeys(result)) if result else None

    def check_principal(self, spec: Field, raw: Any, where: Where, line: int) -> Any:
        if isinstance(raw, YList):
            return self.check_list(PRINCIPAL_TERMS, raw, where, line)
        return self.check(text("", ""), raw, where, line)

    def check_severity_map(self, raw: Any, where: Where, line: int) -> YDict | None:
        if not isinstance(raw, YDict):
            return self.check_map(Field("map", T("", "")), raw, where, line)
        out = YDict(raw.line)
        out.lines = raw.lines
        for key, value in raw.items():
            checked = self.check(enum(SEVERITY, "", ""), value, _Path(where, key), raw.line_of(key))
            if checked is not None:
                out[key] = checked
        return out


def _enum_value(spec: Field, raw: Any) -> str:
    assert spec.enum is not None
    if spec.open_enum:
        try:
            return spec.enum.parse(raw)
        except v.ValueProblem:
            return v.parse_text(raw)
    return spec.enum.parse(raw)


def _version(_spec: Field, raw: Any) -> int:
    if raw == 1 and not isinstance(raw, bool):
        return 1
    raise v.ValueProblem(
        Text(
            f"不支持的格式版本 {v.show(raw)}，本工具读取第 1 版",
            f"unsupported format version {v.show(raw)}; this tool reads 1",
        ),
        Text("文件第一行写 govcheck: 1", "start the file with govcheck: 1"),
    )


def _name(_spec: Field, raw: Any) -> str:
    joined = fullwidth.separator_problem(raw)
    if joined is not None:
        raise v.ValueProblem(*joined)
    return v.parse_text(raw)


_HANDLERS: dict[str, Callable[[Field, Any], Any]] = {
    "text": lambda _s, raw: v.parse_text(raw),
    "name": _name,
    "date": lambda _s, raw: v.parse_date(raw),
    "bool": lambda spec, raw: v.parse_bool(raw, *spec.yes_no),
    "count": lambda _s, raw: v.parse_count(raw),
    "days": lambda _s, raw: v.parse_days(raw),
    "amount": lambda _s, raw: v.parse_amount(raw),
    "enum": _enum_value,
    "version": _version,
}


QUICK_MISS = object()  # the quick test could not vouch for the value: take the full check


def _quick_check(spec: Field) -> Callable[[Any], Any] | None:
    """A one-test shortcut for the values nearly every record holds: well-formed text, names, dates,
    yes/no values, counts and enumeration terms (most of the validator's time went to them).

    It returns exactly what the full check (``Validator.check``) returns for such a value, and
    QUICK_MISS for everything else, which then takes the full check with its messages: a 【…】
    placeholder, blank text, a full-width separator in a name, a date out of range, a term that
    needs trimming. tests/test_quick_checks.py runs the full check on every value it takes."""
    kind = spec.kind
    miss = QUICK_MISS
    if kind == "text":
        return lambda raw: raw if type(raw) is str and "【" not in raw and raw.strip() else miss
    if kind == "name":
        return lambda raw: (
            raw
            if type(raw) is str and "【" not in raw and "，" not in raw and "、" not in raw and raw.strip()
            else miss
        )
    if kind == "date":
        first, last = v.FIRST_DATE, v.LAST_DATE
        return lambda raw: raw if type(raw) is dt.date and first <= raw <= last else miss
    if kind == "bool":
        return lambda raw: raw if type(raw) is bool else miss
    if kind == "count":
        return lambda raw: raw if type(raw) is int and 0 <= raw <= v.MAX_COUNT else miss
    if kind == "enum" and spec.enum is not None:
        aliases = spec.enum.aliases
        return lambda raw: aliases.get(raw, miss) if type(raw) is str else miss
    return None


def _join(where: Where, key: str) -> str:
    return f"{where}.{key}" if where else key


class _Path:
    """A key path such as ``items[0].reviews``, spelt out only when a message needs it (most values have none)."""

    __slots__ = ("key", "parent")

    def __init__(self, parent: Where, key: str | int) -> None:
        self.parent = parent
        self.key = key

    def __str__(self) -> str:
        if isinstance(self.key, int):
            return f"{self.parent}[{self.key}]"
        return _join(self.parent, self.key)

    def __format__(self, spec: str) -> str:
        return format(str(self), spec)


Where = str | _Path  # "" is the top level


def _describe_zh(raw: Any) -> str:
    if isinstance(raw, YDict):
        return "映射"
    if isinstance(raw, YList):
        return "列表"
    if raw is None:
        return "空值"
    return f"“{v.show(raw)}”"


def _describe_en(raw: Any) -> str:
    if isinstance(raw, YDict):
        return "a mapping"
    if isinstance(raw, YList):
        return "a list"
    if raw is None:
        return "an empty value"
    return f"'{v.show(raw)}'"


# ---------------------------------------------------------------- JSON Schema

# The patterns follow values.py, and judge values as editors read them: YAML 1.2 (yaml-language-server,
# check-jsonschema) makes ``1200.50`` and ``3.14`` numbers, ``2023-05-12`` and ``1_000`` strings. Values are
# trimmed; each digit may be ASCII or full-width (a Chinese input method's ３５０万元); dates lie in the
# supported range and exist; amounts stay within values.MAX_AMOUNT and never go below one fen.
_FULL_WIDTH = {c: chr(ord("０") + int(c)) for c in "0123456789"}


def _full_width(pattern: str) -> str:
    """The same pattern with every digit also matching its full-width form; quantifiers untouched."""
    out, i = [], 0
    while i < len(pattern):
        ch = pattern[i]
        if ch == "\\":
            out.append(pattern[i : i + 2])
            i += 2
        elif ch in "{[":
            j = pattern.index("}" if ch == "{" else "]", i)
            body = pattern[i : j + 1]
            out.append(
                body if ch == "{" else body[:-1] + re.sub("[0-9]", lambda m: _FULL_WIDTH[m[0]], body[1:-1]) + "]"
            )
            i = j + 1
        else:
            out.append(f"[{ch}{_FULL_WIDTH[ch]}]" if ch in _FULL_WIDTH else ch)
            i += 1
    return "".join(out)


def _date_pattern(sep_month: str, sep_day: str, end: str) -> str:
    """A real date from FIRST_DATE's year to LAST_DATE's (1949–2100), month and day with or without a zero."""
    assert dt.date(1949, 1, 1) == v.FIRST_DATE and dt.date(2100, 12, 31) == v.LAST_DATE  # the years below
    year = r"(19(49|[5-9][0-9])|20[0-9][0-9]|2100)"
    leap = r"(19([68][048]|[579][26])|20([02468][048]|[13579][26]))"  # 2000 leaps, 2100 does not
    days = (
        rf"((0?[13578]|1[02]){sep_day}(0?[1-9]|[12][0-9]|3[01])"
        rf"|(0?[469]|11){sep_day}(0?[1-9]|[12][0-9]|30)"
        rf"|0?2{sep_day}(0?[1-9]|1[0-9]|2[0-8]))"
    )
    return _full_width(rf"^\s*({year}{sep_month}{days}{end}|{leap}{sep_month}0?2{sep_day}29{end})\s*$")


@cache  # built for `govcheck schema` and the editor files only: ~1.5 ms with the amounts' patterns
def _date_schema() -> dict[str, Any]:
    return {
        "anyOf": [
            {"type": "string", "pattern": _date_pattern("-", "-", "")},
            {"type": "string", "pattern": _date_pattern(r"\s*年\s*", r"\s*月\s*", r"\s*日")},
            {"type": "string", "pattern": _date_pattern("/", "/", "")},
            {"type": "string", "pattern": _date_pattern(r"\.", r"\.", "")},
        ]
    }


def _digits_up_to(digits: int) -> str:
    """Whole numbers of at most ``digits`` digits: plain (leading zeros allowed) or in groups of three."""
    grouped = [
        rf"[0-9]{{1,{min(3, digits - 3 * groups)}}}(,[0-9]{{3}}){{{groups}}}"
        for groups in range(1, (digits - 1) // 3 + 1)
    ]
    return "(" + "|".join([rf"0*[0-9]{{1,{digits}}}", *grouped]) + ")"


_CURRENCY = r"((人民币|[Rr][Mm][Bb]|[Cc][Nn][Yy]|[¥￥])\s*)?"  # values._CURRENCY: ￥80万元, 人民币350万元


def _amount_pattern(unit: str, power: int) -> str:
    """``N unit`` up to MAX_AMOUNT yuan, fen at most: N has at most 15 - power digits, or is exactly the cap."""
    digits = len(str(v.MAX_AMOUNT)) - 1 - power  # 10**15 yuan = 10**(15 - power) units
    cap = "1" + "0" * digits
    cap_grouped = format(10**digits, ",")
    fraction = rf"(\.[0-9]{{1,{2 + power}}}0*)?"
    suffix = rf"\s*{unit}\s*元?" if unit else r"\s*元?"
    number = rf"({_digits_up_to(digits)}{fraction}|0*{cap}(\.0+)?|{cap_grouped}(\.0+)?)"
    return _full_width(rf"^\s*{_CURRENCY}{number}{suffix}\s*$")


@cache
def _amount_schema() -> dict[str, Any]:
    return {
        "anyOf": [
            {"type": "integer", "minimum": 0, "maximum": v.MAX_AMOUNT},
            {"type": "number", "minimum": 0, "maximum": v.MAX_AMOUNT},  # 1200.50: a number to YAML 1.2 editors
            {"type": "string", "pattern": _amount_pattern("", 0)},
            {"type": "string", "pattern": _amount_pattern("万", 4)},
            {"type": "string", "pattern": _amount_pattern("亿", 8)},
            # Chinese numerals (一千二百万元, 壹佰贰拾万元整): the characters only; values.cn_number judges the order
            {"type": "string", "pattern": rf"^\s*{_CURRENCY}[{v.CN_NUMERAL_CHARS}]+\s*([元圆]整?)?\s*$"},
        ]
    }


def _count_schema(maximum: int) -> dict[str, Any]:
    """A whole number, or the same digits in quotes (values.parse_count), up to ``maximum``."""
    digits = len(str(maximum)) - 1
    assert maximum in (10**digits, v.MAX_DAYS)
    if maximum == v.MAX_DAYS:  # 0–366
        text = _full_width(r"^\s*0*([0-9]{1,2}|[12][0-9]{2}|3[0-5][0-9]|36[0-6])\s*$")
    else:
        text = _full_width(rf"^\s*0*([0-9]{{1,{digits}}}|1{'0' * digits})\s*$")
    return {"anyOf": [{"type": "integer", "minimum": 0, "maximum": maximum}, {"type": "string", "pattern": text}]}


# Free text: any non-blank string; numbers (3.14) and dates written unquoted are kept as text.
_TEXT_SCHEMA = {"type": ["string", "integer", "number"], "pattern": r"\S"}
# One person's name in a list: text without the full-width separators of several names (fullwidth.py).
_SEPARATORS = fullwidth.LIST_SEPARATORS
_NAME_SCHEMA = {
    "type": ["string", "integer", "number"],
    "pattern": rf"^[^{_SEPARATORS}]*[^\s{_SEPARATORS}][^{_SEPARATORS}]*$",
}


def _caseless(words: list[str] | frozenset[str]) -> str:
    """A pattern matching the words as the loader does: trimmed and case-folded."""

    def letters(word: str) -> str:
        return "".join(f"[{c.lower()}{c.upper()}]" if c.lower() != c.upper() else re.escape(c) for c in word)

    return r"^\s*(" + "|".join(letters(w) for w in sorted(words)) + r")\s*$"


def _bool_schema(spec: Field) -> dict[str, Any]:
    yes, no = spec.yes_no
    words = v.TRUE_WORDS | v.FALSE_WORDS | frozenset(yes) | frozenset(no)  # yes/no/on/off/是/否, 已归档/未归档
    return {"anyOf": [{"type": "boolean"}, {"type": "string", "pattern": _caseless(words)}]}


SCHEMA_IDS = {
    "record": "https://govcheck.invalid/schema/record-v1.json",
    "settings": "https://govcheck.invalid/schema/settings-v1.json",
}


def json_schema(spec: Field = RECORD, top: bool = True) -> dict[str, Any]:
    """JSON Schema (draft 2020-12) for a field tree; the record and the settings each with their own ``$id``."""
    out = _schema_of(spec)
    if top:
        out = {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$id": SCHEMA_IDS["settings" if spec is SETTINGS else "record"],
            **out,
        }
    return out


def _enum_words(e: v.Enumeration) -> list[str]:
    return sorted(set(e.aliases), key=lambda w: (w not in e.values, w))


def _enum_schema(e: v.Enumeration) -> dict[str, Any]:
    """The values for editors to offer, plus the spellings the loader also takes (Party_Group, ' agree ')."""
    return {"anyOf": [{"enum": _enum_words(e)}, {"type": "string", "pattern": _caseless(list(e.aliases))}]}


def _schema_of(spec: Field) -> dict[str, Any]:
    doc = {"description": f"{spec.doc.zh} — {spec.doc.en}"} if spec.doc.zh else {}
    kind = spec.kind
    if kind == "map":
        # null means "not recorded" to the loader, the same as leaving the key out
        props = {
            key: _schema_of(sub) if sub.required else _nullable(_schema_of(sub)) for key, sub in spec.fields.items()
        }
        required = [key for key, sub in spec.fields.items() if sub.required]
        out: dict[str, Any] = {
            "type": "object",
            **doc,
            "properties": props,
            "patternProperties": {"^x_": {}},
            "additionalProperties": False,
        }
        if required:
            out["required"] = required
        if spec.many:
            return {**doc, "anyOf": [out, {"type": "array", "items": out, "minItems": 1}]}
        return out
    if kind == "list":
        assert spec.item is not None
        out = {"type": "array", **doc, "items": _schema_of(spec.item)}
        if spec.min_items:
            out["minItems"] = spec.min_items
        return out
    if kind == "enum":
        assert spec.enum is not None
        if spec.open_enum:
            return {**doc, **_TEXT_SCHEMA, "examples": list(spec.enum.values)}
        if spec.refused:
            allowed = {k: t for k, t in spec.enum.values.items() if k not in spec.refused}
            kept = v.Enumeration(spec.enum.name, allowed, {a: k for a, k in spec.enum.aliases.items() if k in allowed})
            return {**doc, **_enum_schema(kept)}
        return {**doc, **_enum_schema(spec.enum)}
    if kind == "categories":
        assert spec.enum is not None
        one = _enum_schema(spec.enum)
        return {**doc, "anyOf": [one, {"type": "array", "items": one, "minItems": 1}]}
    if kind == "principal":
        return {**doc, "anyOf": [_TEXT_SCHEMA, _schema_of(PRINCIPAL_TERMS)]}
    if kind == "severity_map":
        return {"type": "object", **doc, "additionalProperties": _enum_schema(SEVERITY)}
    simple: dict[str, dict[str, Any]] = {
        "text": _TEXT_SCHEMA,
        "name": _NAME_SCHEMA,
        "date": _date_schema(),
        "bool": _bool_schema(spec),
        "count": _count_schema(v.MAX_COUNT),
        "days": _count_schema(v.MAX_DAYS),
        "amount": _amount_schema(),
        "version": {"const": 1},
    }
    return {**doc, **simple[kind]}


def _nullable(schema: dict[str, Any]) -> dict[str, Any]:
    doc = {"description": schema["description"]} if "description" in schema else {}
    rest = {key: value for key, value in schema.items() if key != "description"}
    return {**doc, "anyOf": [rest, {"type": "null"}]}
