"""The fact fields rules may use: one flat fact per agenda item.

A rule file that names a field not listed here is rejected when rules load.
Booleans are always present; numbers, days and texts are absent when the
record does not say (a comparison with an absent field is false, in both
engines, so "missing" and "flawed" never fire together).
"""

from __future__ import annotations

from dataclasses import dataclass

from govcheck.i18n import Text


@dataclass(frozen=True)
class FactField:
    """A fact field rules may read: its type and what it means."""

    type: str  # bool | int | day | str | names | label (bilingual, for messages only)
    doc: Text


def _f(type_: str, zh: str, en: str) -> FactField:
    return FactField(type_, Text(zh, en))


FIELDS: dict[str, FactField] = {
    # identity
    "item_id": _f("str", "议题编号", "item id"),
    "item_title": _f("str", "议题名称", "item title"),
    "meeting_id": _f("str", "会议编号", "meeting id"),
    "is_first_item": _f("bool", "是否为会议的第一个议题（会议层面的检查只报一次）", "first item of its meeting"),
    # scope
    "is_tiol": _f("bool", "是否为三重一大事项（按类别或金额）", "a 三重一大 (TIOL) item, by category or amount"),
    "categories": _f("str", "议题类别", "categories"),
    "cat_major_decision": _f("bool", "类别含重大事项决策", "category includes major_decision"),
    "cat_personnel": _f("bool", "类别含重要干部任免", "category includes personnel"),
    "cat_major_project": _f("bool", "类别含重大项目安排", "category includes major_project"),
    "cat_large_fund": _f("bool", "类别含大额度资金运作", "category includes large_fund"),
    "cat_normative_document": _f("bool", "类别含规范性文件", "category includes normative_document"),
    "cat_policy_measure": _f("bool", "类别含政策措施", "category includes policy_measure"),
    "cat_contract": _f("bool", "类别含合同", "category includes contract"),
    "cat_procurement": _f("bool", "类别含采购", "category includes procurement"),
    "amount": _f("int", "金额（元）", "amount, yuan"),
    "amount_text": _f("label", "金额（显示用）", "amount as shown"),
    "large_fund_threshold": _f("int", "大额资金标准（元，单位设置）", "large fund threshold, yuan (settings)"),
    "large_fund_threshold_text": _f("label", "大额资金标准（显示用）", "large fund threshold as shown"),
    "is_mad": _f("bool", "列入重大行政决策事项目录", "a major administrative decision"),
    "is_fcr": _f("bool", "需公平竞争审查（涉及经营者经济活动或政策措施）", "needs fair competition review"),
    # meeting
    "has_meeting": _f("bool", "是否召开会议", "a meeting was held"),
    "meeting_type": _f("str", "会议类型", "meeting type"),
    "meeting_type_name": _f("label", "会议类型（中文名）", "meeting type name"),
    "in_collective_forum": _f("bool", "会议类型属于集体决策会议", "the meeting type is a collective decision forum"),
    "in_mad_forum": _f("bool", "会议类型属于重大行政决策会议", "the meeting type is a MAD forum"),
    "is_voting_forum": _f(
        "bool",
        "会议类型属于以表决形成决定的集体决策会议（voting_forums）；其余集体决策会议实行行政首长负责制",
        "the meeting is a collective forum deciding by majority vote (voting_forums)",
    ),
    "quorum_more_than_half": _f(
        "bool",
        "单位的到会人数标准为“过半数”（quorum: more_than_half）；否则为“半数以上”",
        "the unit's quorum is more_than_half; else at_least_half",
    ),
    "quorum_needed": _f("int", "开会所需的最少到会人数（按单位的到会人数标准）", "members needed for the quorum"),
    "unit_kind": _f("str", "单位类型（agency、soe、village）", "unit kind (agency, soe, village)"),
    "meeting_day": _f("day", "会议日期", "meeting date"),
    "decision_day": _f("day", "决策日期（会议日期，无会议时为执行或临机决定日期）", "decision date"),
    "executed_day": _f("day", "开始执行日期", "first act of execution"),
    "members_count": _f("int", "应到会成员人数", "members who should attend"),
    "present_count": _f("int", "实到会成员人数（到会且属于应到会成员）", "members present"),
    "personnel_quorum": _f(
        "int",
        "干部任免所需到会人数（应到会成员的三分之二，向上取整）",
        "members needed for a personnel decision (two thirds, rounded up)",
    ),
    "absent_names": _f("names", "缺席成员", "absent members"),
    "notice_days": _f("int", "材料提前送达天数（单位设置）", "notice days (settings)"),
    "materials_sent_day": _f("day", "会议材料送达日期", "materials sent on"),
    "materials_deadline_day": _f("day", "会议材料最迟送达日期（会议日期减提前天数）", "latest day for materials"),
    "agenda_sent_day": _f("day", "议题通知日期", "agenda sent on"),
    "has_minutes": _f("bool", "有会议记录", "minutes exist"),
    "has_recorder": _f("bool", "会议记录写明记录人", "minutes name a recorder"),
    "archived": _f("bool", "会议记录已归档", "minutes archived"),
    "has_roster": _f("bool", "单位设置中有班子名册", "the settings have a roster"),
    "roster_mismatch": _f("bool", "记录中的应到会成员与名册不一致", "the record's members differ from the roster"),
    "roster_missing_names": _f("names", "名册中有、记录中没有的成员", "on the roster, not in the record"),
    "roster_extra_names": _f("names", "记录中有、名册中没有的成员", "in the record, not on the roster"),
    "attendee_not_member_count": _f("int", "非应到会成员的到会人员数（列席人员除外）", "attendees who are not members"),
    "attendee_not_member_names": _f("names", "非应到会成员的到会人员", "attendees who are not members"),
    # deliberation
    "has_pre_deliberation": _f("bool", "有会前个别酝酿记录", "prior consultation recorded"),
    "ad_hoc": _f("bool", "临时动议", "raised ad hoc"),
    "opinions_count": _f("int", "表态人数", "positions stated"),
    "missing_opinion_count": _f("int", "到会未回避却未表态的成员数", "present, non-recused members without a position"),
    "missing_opinion_names": _f("names", "未表态的成员", "members without a position"),
    "opinion_not_present_count": _f("int", "表态者中不是到会成员的人数", "positions from people not present"),
    "opinion_not_present_names": _f("names", "表态但不是到会成员的人", "people not present who stated positions"),
    "principal": _f("str", "主要负责人", "principal leader"),
    "principal_known": _f("bool", "能确定主要负责人（单位设置或主持人）", "the principal is known"),
    "principal_present": _f("bool", "主要负责人到会", "the principal is present"),
    "principal_recused": _f("bool", "主要负责人回避", "the principal recused"),
    "last_speaker": _f("str", "最后表态的人", "last to state a position"),
    "last_opinion_is_principal": _f("bool", "最后表态的是主要负责人", "the principal spoke last"),
    "principal_spoke_early": _f(
        "bool",
        "主要负责人在其他成员表态之前已经表态（先定调）",
        "the principal stated a position before another member did",
    ),
    "recused_count": _f("int", "回避人数", "recusals"),
    "present_recused_count": _f("int", "到会成员中回避的人数", "present members who recused"),
    "recused_speaker_count": _f("int", "回避后仍表态的人数", "recused people who stated positions"),
    "recused_speaker_names": _f("names", "回避后仍表态的人", "recused people who stated positions"),
    "has_vote": _f("bool", "有表决记录（且方式不是 none）", "a vote is recorded"),
    "vote_for": _f("int", "赞成票", "votes for"),
    "vote_against": _f("int", "反对票", "votes against"),
    "vote_abstain": _f("int", "弃权票", "abstentions"),
    "vote_total": _f("int", "赞成、反对、弃权合计", "votes cast"),
    "vote_method": _f("str", "表决方式", "voting method"),
    "vote_dissent": _f("int", "反对票与弃权票合计", "votes against plus abstentions"),
    "dissent_opinion_count": _f(
        "int", "记录中表态为不同意、弃权或保留意见的人数", "opinions recorded as disagree, abstain or reserve"
    ),
    "outcome": _f("str", "决定结果", "outcome"),
    "outcome_name": _f("label", "决定结果（显示用）", "outcome as shown"),
    "is_adopted": _f("bool", "决定结果为通过", "the outcome is adopted"),
    "is_deferred": _f("bool", "决定结果为暂缓", "the outcome is deferred"),
    # emergency
    "has_emergency": _f("bool", "紧急情况下个人临机决定", "an emergency decision by an individual"),
    "emergency_reported": _f(
        "bool", "临机决定写明了事后报告的会议", "the emergency decision names the meeting it was reported to"
    ),
    "emergency_day": _f("day", "临机决定日期", "emergency decision date"),
    # reviews (dates)
    "has_legality_review": _f("bool", "有合法性审查", "a legality review exists"),
    "legality_submitted_day": _f("day", "合法性审查送审日期", "legality review submitted"),
    "legality_completed_day": _f("day", "合法性审查完成日期", "legality review completed"),
    "pp_start_day": _f("day", "公众参与开始日期", "public comment start"),
    "pp_end_day": _f("day", "公众参与结束日期", "public comment end"),
    "date_order_problems": _f("label", "日期先后矛盾的说明", "description of impossible date orders"),
    # major administrative decisions (重大行政决策)
    "mad_pack_enabled": _f("bool", "单位启用了重大行政决策规则包", "the major_admin_decision pack is enabled"),
    "has_public_participation": _f("bool", "有公众参与记录", "public participation recorded"),
    "has_public_comment": _f(
        "bool", "公众参与中有向社会公开征求意见", "public participation includes a public comment"
    ),
    "pp_days": _f("int", "公开征求意见天数（结束日期减开始日期）", "public comment period in days"),
    "pp_comment_start_day": _f("day", "公开征求意见开始日期", "public comment start"),
    "pp_comment_end_day": _f("day", "公开征求意见结束日期", "public comment end"),
    "pp_round": _f("label", "多项公众参与时所指的一项（显示用）", "which participation entry, when several"),
    "has_shortened_reason": _f("bool", "写明了缩短征求意见期的理由", "a reason for a shortened period is given"),
    "has_expert_review": _f("bool", "有专家论证记录", "expert review recorded"),
    "has_risk_assessment": _f("bool", "有风险评估记录", "risk assessment recorded"),
    "has_legality_completed": _f("bool", "合法性审查写明了完成日期", "the legality review has a completion date"),
    "legality_conclusion": _f("str", "合法性审查结论", "legality review conclusion"),
    "legality_conclusion_name": _f("label", "合法性审查结论（显示用）", "legality conclusion as shown"),
    "legality_unlawful": _f("bool", "合法性审查结论为不合法", "the legality review found it unlawful"),
    "legality_working_days": _f("int", "合法性审查用时（工作日）", "legality review time in working days"),
    "legality_allowed_working_days": _f(
        "int",
        "送审至会议留给合法性审查的工作日（送审次日至会议前一日）",
        "working days the sender allowed the legality review (day after submission to the day before the meeting)",
    ),
    "legality_role": _f("str", "合法性审查人身份", "legality reviewer role"),
    "legality_role_ok": _f(
        "bool", "审查人为法律顾问、法制机构或公职律师", "reviewer is legal counsel, legal department or public lawyer"
    ),
    "principal_position": _f("str", "主要负责人的表态", "the principal's position"),
    "majority_position": _f("str", "其他成员的多数意见（超过半数）", "the majority position of the others"),
    "principal_departs": _f(
        "bool", "主要负责人的意见与其他成员多数意见不同", "the principal departs from the others' majority"
    ),
    "principal_position_name": _f("label", "主要负责人的表态（显示用）", "the principal's position as shown"),
    "majority_position_name": _f("label", "其他成员的多数意见（显示用）", "the majority position as shown"),
    "mad_forums_names": _f(
        "label", "单位设置中讨论决定重大行政决策的会议类型（显示用）", "the unit's MAD forums as shown"
    ),
    "has_departure_reason": _f("bool", "写明了不采纳多数意见的理由", "a departure reason is recorded"),
    "issued_day": _f("day", "决定文件形成/印发日期", "day the decision document was formed or issued"),
    "has_published": _f("bool", "有决策公布记录", "publication recorded"),
    "published_day": _f("day", "公布日期", "published on"),
    "publish_working_days": _f(
        "int",
        "决定文件形成（未写时为会议）后多少个工作日公布",
        "working days from the decision document (else the meeting) to publication",
    ),
    "publish_from_issued": _f(
        "bool", "公布期限从决定文件形成日期起算（记录写了 issued_on）", "publication counted from issued_on"
    ),
    "legality_calendar_note": _f(
        "label",
        "合法性审查工作日的计算说明（年份不在官方日历时）",
        "note when the review's years are not on the official calendar",
    ),
    "legality_allowed_calendar_note": _f(
        "label",
        "送审至会议工作日的计算说明（年份不在官方日历时）",
        "note when the years from submission to the meeting are not on the official calendar",
    ),
    "publish_calendar_note": _f(
        "label",
        "公布工作日的计算说明（年份不在官方日历时）",
        "note when the publication's years are not on the official calendar",
    ),
    # fair competition review (公平竞争审查)
    "fcr_from_day": _f(
        "day",
        "本单位开始实行公平竞争审查的日期（单位设置 fair_competition_from，默认2016年7月1日）",
        "the day the unit's fair competition review duty began (settings fair_competition_from)",
    ),
    "has_fcr_review": _f("bool", "有公平竞争审查", "a fair competition review exists"),
    "fcr_completed_day": _f("day", "公平竞争审查完成日期", "fair competition review completed"),
    "fcr_conclusion": _f("str", "公平竞争审查结论", "fair competition conclusion"),
    "fcr_conclusion_name": _f("label", "公平竞争审查结论（显示用）", "fair competition conclusion as shown"),
    "fcr_stakeholders": _f("bool", "听取了利害关系人意见", "stakeholders consulted"),
    "fcr_has_exception_reason": _f("bool", "写明了适用例外规定的理由", "exception reason given"),
    "fcr_has_exception_period": _f("bool", "写明了例外的期限或终止条件", "exception period given"),
    # procurement (采购)
    "procurement_method": _f("str", "采购方式", "procurement method"),
    "procurement_method_name": _f("label", "采购方式（显示用）", "procurement method as shown"),
    "procurement_item": _f("str", "采购品目", "procurement item (品目)"),
    "has_procurement_approval": _f(
        "bool", "记录了采用公开招标以外方式的批准", "approval of a non-open method recorded"
    ),
    "open_tender_threshold": _f("int", "公开招标数额标准（元，单位设置）", "open tender threshold, yuan"),
    "open_tender_default": _f(
        "bool",
        "单位未设置公开招标数额标准（按默认400万元）",
        "the unit has not set its open tender threshold (the default applies)",
    ),
    "open_tender_threshold_text": _f("label", "公开招标数额标准（显示用）", "open tender threshold as shown"),
    # across records (目录检查)
    "counterparty": _f("str", "合同相对方/供应商", "counterparty"),
    "budget_item": _f("str", "预算项目", "budget item"),
    "decided_collectively": _f("bool", "经集体决策会议决定", "decided at a collective forum"),
    "reported_at": _f("str", "临机决定事后报告的会议编号", "meeting the emergency decision was reported to"),
    "reported_meeting_day": _f("day", "报告会议的日期（目录检查时）", "date of that meeting, in a directory run"),
    "split_group_count": _f(
        "int", "同一供应商、同一预算项目、同一年度未经集体决策的议题数", "items in the same split group"
    ),
    "split_group_total": _f("int", "这些议题的金额合计（元）", "their total amount, yuan"),
    "split_group_total_text": _f("label", "金额合计（显示用）", "total as shown"),
    "split_group_items": _f("names", "这些议题的编号", "their item ids"),
    "tender_group_count": _f(
        "int",
        "同一预算项目、同一品目、同一年度未公开招标且未经批准的采购议题数",
        "purchases of one budget item and 品目 in one year, not openly tendered nor approved",
    ),
    "tender_group_total": _f("int", "这些采购的金额合计（元）", "their total amount, yuan"),
    "tender_group_total_text": _f("label", "采购金额合计（显示用）", "total as shown"),
    "tender_group_items": _f("names", "这些采购议题的编号", "their item ids"),
    "duplicate_of": _f("str", "重复编号的另一处（文件:行）", "where the same id occurs too"),
    # payments cross-check (支出明细，--payments; pack audit): facts of kind payment
    "payment_id": _f("str", "支付的凭证号或合同编号（没有时为行号）", "voucher or contract number (else the row)"),
    "payment_day": _f("day", "支付日期", "date paid"),
    "payment_year": _f("int", "支付年度", "year paid"),
    "payment_amount": _f("int", "支付金额（元）", "amount paid, yuan"),
    "payment_amount_text": _f("label", "支付金额（显示用）", "amount paid as shown"),
    "payee": _f("str", "收款单位", "payee"),
    "party_key": _f("str", "收款单位（比较用：全角半角、空格、有限公司写法统一）", "payee as compared (normalised)"),
    "item_ref": _f("str", "支出明细中填写的议题编号", "the item id the payment names"),
    "payment_budget_item": _f("str", "支出的预算项目", "budget item of the payment"),
    "payee_year_total": _f(
        "int",
        "同一收款单位、同一预算项目、同一年度单笔低于标准的支付合计（元）",
        "payments each below the threshold to one payee, budget item and year, together",
    ),
    "payee_year_total_text": _f("label", "该合计（显示用）", "that total as shown"),
    "payee_year_count": _f("int", "这些支付的笔数", "how many payments"),
    "linked_first_day": _f("day", "关联到的最早一次集体决策的日期", "earliest decision linked to the payment"),
    "linked_items": _f("label", "关联到的议题编号", "the linked item ids"),
    "paid_item": _f(
        "str", "支付执行的议题（按编号，或按收款单位取支付日或之前最近的决定）", "the item the payment carries out"
    ),
    "decided_amount": _f("int", "该议题决定的金额（元）", "the amount that item decided, yuan"),
    "decided_amount_text": _f("label", "决定金额（显示用）", "decided amount as shown"),
    "paid_to_date": _f("int", "截至本笔，该议题项下的支付累计（元）", "paid under that item up to this payment, yuan"),
    "paid_to_date_text": _f("label", "支付累计（显示用）", "paid to date as shown"),
    "decided_item_id": _f(
        "str", "经集体决策会议通过的议题编号（只在通过的议题上）", "item id, on adopted collective items only"
    ),
    "decided_party_key": _f(
        "str",
        "经集体决策会议通过的议题的合同相对方（比较用）",
        "counterparty of an adopted collective item (normalised)",
    ),
}


def field_type(name: str) -> str | None:
    spec = FIELDS.get(name)
    return spec.type if spec else None
