"""`govcheck init`: a commented govcheck.yaml for a new unit.

Every key of the settings (record-format.md, "Unit settings") is in the file,
with its documented default and what it does, Chinese first, English after.
Keys that have a default are written out with it; keys without one (unit,
principal, roster, the large-fund threshold, severity, exclude, waivers) are
commented-out examples, so the file loads as it is and means the defaults.
"""

from __future__ import annotations

from pathlib import Path

from govcheck.loading.discovery import SETTINGS_NAMES
from govcheck.loading.settings import (
    ALL_PACKS,
    DEFAULT_COLLECTIVE_FORUMS,
    DEFAULT_FAIR_COMPETITION_FROM,
    DEFAULT_MAD_FORUMS,
    DEFAULT_NOTICE_DAYS,
    DEFAULT_OPEN_TENDER,
    DEFAULT_QUORUM,
    DEFAULT_VOTING_FORUMS,
)
from govcheck.output.writer import write_text

UNIT_KINDS = ("agency", "soe", "village")
# A department applies the MAD regulation by reference (条例 第四十二条): its own 局务会/署务会 decides.
DEPARTMENT_MAD_FORUMS = ("executive",)
# Packs written only for agencies: an enterprise or a village is bound by neither regulation.
NOT_FOR_NON_AGENCIES = ("major_admin_decision", "fair_competition")

SETTINGS_NAME = "govcheck.yaml"


class AlreadyExists(Exception):
    def __init__(self, path: Path) -> None:
        super().__init__(str(path))
        self.path = path


def _flow(values: tuple[str, ...]) -> str:
    return "[" + ", ".join(values) + "]"


def template(unit_kind: str = "agency", government: bool = True) -> str:
    """The commented settings; ``government`` False = a department (MAD by reference, executive meeting)."""
    mad_forums = DEFAULT_MAD_FORUMS if government else DEPARTMENT_MAD_FORUMS
    mad_note = (
        "本单位是人民政府：由常务会议或者全体会议讨论决定（条例第三十条）。"
        if government
        else "本单位是政府工作部门，参照条例执行（条例第四十二条），由本部门的行政办公会（局务会/署务会）讨论决定。"
    )
    mad_note_en = (
        "This unit is a people's government: its standing or plenary meeting decides (art. 30)."
        if government
        else "This unit is a government department applying the regulation by reference (art. 42): "
        "its executive meeting decides."
    )
    packs: tuple[str, ...] = ALL_PACKS
    packs_note = packs_note_en = ""
    if unit_kind != "agency":
        # Neither regulation binds an enterprise or a village: MAD binds governments and their departments
        # (条例第二条、第四十二条), fair-competition review the 起草单位 (公平竞争审查条例第二条).
        packs = tuple(p for p in ALL_PACKS if p not in NOT_FOR_NON_AGENCIES)
        mad_note = (
            "本单位不是行政机关，不适用本条例（条例第二条、第四十二条），下面的规则包中已去掉 major_admin_decision。"
        )
        mad_note_en = "This unit is not an administrative body: the regulation does not apply (packs below omit it)."
        packs_note = (
            "\n# 本单位是{kind}：不适用《重大行政决策程序暂行条例》，也不是《公平竞争审查条例》第二条所说的起草单位，"
            "\n# 因此未启用 major_admin_decision 和 fair_competition；如上级要求参照执行，可加回。"
        ).format(kind="国有企业" if unit_kind == "soe" else "村级组织")
        packs_note_en = (
            "\n# Not an administrative body: the MAD and fair-competition packs are left out (add them back "
            "\n# if the unit applies them by reference)."
        )
    return f"""\
# govcheck 单位设置文件（govcheck.yaml）
# govcheck settings for one unit
#
# 检查目录 1.1 / check catalogue 1.1
#
# 本文件放在会议记录目录或其上级目录中；govcheck validate 和 govcheck checklist 会自动找到它，
# 也可以用 --config 指定。每一项都可以省略，省略时按下面写明的默认值处理。
# 以 # 开头的行是说明或示例，不起作用；去掉行首的 “# ” 即可启用示例。
# Put this file in the minutes folder or above it; validate and checklist find it (or use --config).
# Every key is optional; an omitted key means the default given here. Lines starting with # are
# comments or examples: remove the leading "# " to use an example.

# ---------------------------------------------------------------------------
# 单位名称（没有默认值）。
# The unit's name (no default).
# unit: 某区重点区域规划建设管理署

# ---------------------------------------------------------------------------
# 主要负责人（没有默认值）。用于检查“主要负责人末位表态”等；不写时取每次会议的主持人（meeting.chair）。
# 只有一人时写姓名；人员变动时写成带任期的列表（from、to 含当日；不写 to 表示仍在任），
# 每次会议按会议日期取当时的主要负责人。两种写法只选一种。
# The principal leader (no default), e.g. for "the principal speaks last"; without it, each meeting's
# chair. A name, or a list with terms (from/to inclusive; no to = still in office) picked by the
# meeting date. Use one of the two forms.
# principal: 张三
# principal:
#   - {{name: 王五, from: 2019-01-01, to: 2021-02-28}}
#   - {{name: 张三, from: 2021-03-01}}

# ---------------------------------------------------------------------------
# 领导班子成员名册，带任期（没有默认值）。写了名册，每次会议的“应到会成员”就是会议当日在任的成员，
# 法定人数和表决票数都按名册计算；记录中的 meeting.members 与名册不一致时报 REC-ROSTER-MISMATCH。
# 不写名册时，按每份记录中的 meeting.members 计算。
# The leadership roster with terms (no default). With it, the members of a meeting are those in
# office on its date, and quorum and votes are counted against it (a record that lists other
# members is REC-ROSTER-MISMATCH). Without it, each record's meeting.members is used.
# roster:
#   - {{name: 张三, role: 党组书记、署长, from: 2021-03-01}}
#   - {{name: 李四, role: 党组成员、副署长, from: 2021-03-01}}
#   - {{name: 王五, role: 党组成员、副署长, from: 2020-01-01}}
#   - {{name: 钱七, role: 党组成员, from: 2022-01-01, to: 2023-12-31}}

# ---------------------------------------------------------------------------
# 单位类型，决定引用哪些依据：agency 党政机关、事业单位（默认；引用党章、《中国共产党党组工作条例》和
# 本单位党组工作规则、议事规则）；soe 国有企业（以中办发〔2010〕17号为主要依据）；village 村级组织（引用
# 《村民委员会组织法》和本村“四议两公开”工作制度）。
# The unit kind decides which bases are cited: agency (default; Party constitution, the Party group
# regulation, the unit's own rules), soe (中办发〔2010〕17号 primary), village.
unit_kind: {unit_kind}

# ---------------------------------------------------------------------------
# 可以集体决定“三重一大”事项的会议类型。默认：党组会议、党委会、行政办公会（署务会/局务会）、
# 常务会议、全体会议、董事会。传阅/会签（circulation）不是会议，不能列入。
# Meeting types that count as collective decision forums (default below); circulation never counts.
collective_forums: {_flow(DEFAULT_COLLECTIVE_FORUMS)}
# 专题会议（topic_meeting）、现场办公会（on_site）、个人签批（sign_off）同样不是集体决策会议，不能列入。
# Topic meetings, on-site meetings and individual sign-off never count either.

# 以表决形成决定的会议类型（民主集中制，少数服从多数；董事会按公司法）。默认：党组会议、党委会、董事会、其他。
# 其余集体决策会议（行政办公会、常务会议、全体会议）实行行政首长负责制：集体讨论后由行政首长作出决定，
# 表决不是必经程序，不检查表决记录和赞成票数（干部任免事项除外，一律票决）。
# Forums that decide by majority vote (default below). The other collective forums work under the
# head-responsibility system: the head decides after discussion, so no vote is required there
# (personnel items excepted: they are always voted on).
voting_forums: {_flow(DEFAULT_VOTING_FORUMS)}

# 到会人数标准：at_least_half “半数以上”（默认，含半数本数：应到4人到2人即可开会）；
# more_than_half “过半数”（本单位议事规则写“过半数”“超过半数”时选用：应到4人须到3人）。
# 讨论干部任免须三分之二以上成员到会，不受本项影响。
# Quorum: at_least_half (default; half is enough, 2 of 4) or more_than_half (the unit's own rules say
# "more than half": 3 of 4). Personnel decisions need two thirds in any case.
quorum: {DEFAULT_QUORUM}

# 可以讨论决定重大行政决策的会议类型。人民政府：常务会议、全体会议（《重大行政决策程序暂行条例》第三十条，默认）；
# 参照执行的政府工作部门（条例第四十二条）：本部门的行政办公会（executive）。{mad_note}
# Meeting types for major administrative decisions (default: standing, plenary; art. 30); a
# department applying the regulation by reference (art. 42) uses executive. {mad_note_en}
mad_forums: {_flow(mad_forums)}

# ---------------------------------------------------------------------------
# 本单位开始实行公平竞争审查的日期，默认 {DEFAULT_FAIR_COMPETITION_FROM.isoformat()}：国发〔2016〕34号要求国务院各部门、各省级人民政府
# 及所属部门自2016年7月起开展审查；市、县两级按本地实施通知自2017年起陆续开展，请写本单位按通知开始的日期
# （在 2016-07-01 至 2024-08-01 之间）。此前作出的决定不适用公平竞争审查规则包（fair_competition）；
# 2024年8月1日《公平竞争审查条例》施行后，所有起草单位都应当开展公平竞争审查。
# The day this unit's fair competition review duty began, default {DEFAULT_FAIR_COMPETITION_FROM.isoformat()} (State Council
# departments and provincial governments); city and county bodies began from 2017 by local notice: write
# yours (2016-07-01 to 2024-08-01). Earlier decisions are not checked by the fair_competition pack.
fair_competition_from: {DEFAULT_FAIR_COMPETITION_FROM.isoformat()}

# ---------------------------------------------------------------------------
# 金额标准（元；也可写 50万元、1.2亿元）。
# Money thresholds, in yuan (50万元 and 1.2亿元 work too).
thresholds:
  # 大额度资金运作标准（没有默认值，全国没有统一数额，由本单位议事规则确定）。设置后，金额达到该标准的议题
  # 一律按三重一大事项检查（TIOL-SCOPE 提醒标注类别），并检查化整为零（PROC-NO-SPLITTING）。
  # The large-fund threshold (no default: each unit sets its own). When set, every item at or above it
  # is a TIOL item (TIOL-SCOPE), and splitting below it is checked (PROC-NO-SPLITTING).
  # 不设置时，每次检查会提示一次“未设置大额资金上会标准”（REC-THRESHOLD-UNSET），请按本单位“三重一大”事项清单填写。
  # Without it, every run warns once (REC-THRESHOLD-UNSET): set it from the unit's 三重一大 list.
  # large_fund: 500000
  # 公开招标数额标准，默认 {DEFAULT_OPEN_TENDER}（400万元）：达到该金额的采购应公开招标（PROC-OPEN-TENDER）；
  # 同一预算项目、同一品目一年内以其他方式多次采购，合计超过该金额的，属于化整为零规避公开招标（PROC-SPLIT-TENDER）。
  # 数额标准由省级人民政府规定（《政府采购法》第二十七条），请按本省现行标准填写。
  # The open tender threshold, default {DEFAULT_OPEN_TENDER}: procurement at or above it is tendered openly
  # (PROC-OPEN-TENDER), and splitting purchases above it is PROC-SPLIT-TENDER. The province sets it: use yours.
  open_tender: {DEFAULT_OPEN_TENDER}

# ---------------------------------------------------------------------------
# 会议材料至少提前几天送达参会成员，按自然日计，默认 {DEFAULT_NOTICE_DAYS}（TIOL-MATERIALS-ADVANCE）。
# Calendar days before the meeting by which materials must reach the members; default {DEFAULT_NOTICE_DAYS}.
notice_days: {DEFAULT_NOTICE_DAYS}

# ---------------------------------------------------------------------------
# 启用的规则包，默认全部：tiol 三重一大集体决策、legality 合法性审查、fair_competition 公平竞争审查、
# major_admin_decision 重大行政决策程序、procurement 采购与招标、records 记录一致性（records 总是启用）。
# 例如国有企业不适用重大行政决策程序，可删去 major_admin_decision。
# Enabled rule packs, default all (records is always on). A state-owned enterprise, for instance,
# may drop major_admin_decision.{packs_note}{packs_note_en}
packs: {_flow(packs)}

# ---------------------------------------------------------------------------
# 按检查项调整严重程度（error 错误 / warning 警告 / info 提示），默认不调整。检查项编号见 `govcheck rules`。
# Per-check severity overrides (error / warning / info); none by default. `govcheck rules` lists the ids.
# severity:
#   TIOL-ARCHIVE: error

# ---------------------------------------------------------------------------
# 检查目录时跳过的文件（相对于被检查目录的路径模式），默认不跳过。
# Globs skipped when checking a folder (relative to it); none by default.
# exclude: [drafts/**]

# ---------------------------------------------------------------------------
# 经批准的例外（豁免），默认没有。每条写明议题编号、检查项、理由、批准人（及批准的会议）和到期日。
# 被豁免的问题仍会列出并注明理由，但不使检查失败；过期的豁免和对不上任何问题的豁免会单独提示。
# 豁免只能写在本文件中，不能写在会议记录里。
# Approved exceptions (waivers), none by default: item, check, reason, who approved it (and where)
# and an expiry date. A waived finding is still listed with its reason but does not fail the run;
# expired and unmatched waivers are reported. Waivers live only here, never in records.
# waivers:
#   - item: DZ-2023-08-01
#     check: MAD-PUBLIC-PARTICIPATION
#     reason: 涉及国家秘密，依法不公开征求意见
#     approved_by: 党组会议 DZ-2023-07
#     expires: 2024-12-31
"""


TEMPLATE = template()  # the defaults: an agency that is a people's government


def write_settings(directory: str, force: bool = False, unit_kind: str = "agency", government: bool = True) -> Path:
    """Write the template as DIR/govcheck.yaml; an existing file is kept unless ``force``."""
    folder = Path(directory)
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / SETTINGS_NAME
    for name in SETTINGS_NAMES:  # a .govcheck.yaml there is the unit's settings as well
        if (folder / name).exists() and not force:
            raise AlreadyExists(folder / name)
    write_text(template(unit_kind, government), str(target))
    return target
