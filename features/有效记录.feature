# language: zh-CN
功能: 自带示例记录的检查结果
  作为审计人员，我要用 examples/ 中虚构单位“某区重点区域规划建设管理署”的会议记录库核对 govcheck 的结论：
  合规记录不报告任何问题；不合规记录开头的注释（“# 预期问题：……”）写明了它应当触发的检查项，
  govcheck 报告的恰好是这些检查项。示例使用 examples/govcheck.yaml 的单位设置（班子名册、主要负责人任期、
  大额资金标准 50 万元，并将 TIOL-ARCHIVE 调为错误）。
  注释中属于尚未启用的检查包（如合法性审查 LEG-*）的检查项，待该检查包启用后再核对。

  场景大纲: 合规示例记录不报告任何问题
    假如 示例目录中的记录 <文件>
    当 运行 govcheck 检查
    那么 文件开头注释说明这是合规示例
    而且 没有任何问题

    例子:
      | 文件                          | 内容                                           |
      | 2022-01-14-party-group.yaml   | 干部任免（无记名投票）；钱七尚未到任，应到 6 人 |
      | 2022-09-20-executive.yaml     | 合同经法律顾问审查；暂缓议题无需表决           |
      | 2023-01-10-executive.yaml     | 公职律师审查；一人保留意见                     |
      | 2023-03-14-party-group.yaml   | 中文枚举写法（党组会议、重大项目安排、同意）   |
      | 2023-05-12-party-group.yaml   | 会议日期写作 2023年5月12日                     |
      | 2023-07-18-executive.yaml     | 吴九依规回避，不表态、不计票                   |
      | 2023-09-02-emergency.yaml     | 台风期间临机决定，事后在 DZ-2023-13 报告       |
      | 2023-09-15-party-group.yaml   | 干部任免，7 人全部到会                         |
      | 2024-01-12-party-group.yaml   | 赵六调离后应到 6 人；结论写作“通过”           |

  场景大纲: 不合规示例记录恰好报告注释中预期的检查项
    假如 示例目录中的记录 <文件>
    当 运行 govcheck 检查
    那么 文件开头的“预期问题”注释列出 <预期检查项>
    而且 报告的检查项与文件开头“预期问题”注释相符（尚未启用的检查包除外）
    而且 退出码为 <退出码>

    例子:
      | 文件                        | 预期检查项                                                                      | 退出码 |
      | 2023-04-06-circulation.yaml | TIOL-COLLECTIVE                                                                 | 1      |
      | 2023-06-16-party-group.yaml | TIOL-QUORUM-PERSONNEL                                                           | 1      |
      | 2023-08-08-executive.yaml   | TIOL-PRINCIPAL-LAST、TIOL-MATERIALS-ADVANCE、REC-DATE-ORDER                     | 1      |
      | 2023-08-22-executive.yaml   | TIOL-SCOPE、TIOL-EACH-OPINION、TIOL-ARCHIVE                                     | 1      |
      | 2023-09-08-emergency.yaml   | TIOL-EMERGENCY-REPORTED                                                         | 0      |
      | 2023-09-12-executive.yaml   | TIOL-EXECUTED-BEFORE-DECISION、TIOL-RECUSAL、LEG-REVIEW-AFTER-DECISION          | 1      |
      | 2023-10-17-executive.yaml   | REC-ATTENDEE-NOT-MEMBER、REC-OPINION-NOT-PRESENT、REC-VOTE-EXCEEDS-PRESENT      | 1      |
      | 2023-11-14-party-group.yaml | REC-ROSTER-MISMATCH、TIOL-QUORUM、TIOL-PASS-MAJORITY                            | 1      |
      | 2023-12-19-party-group.yaml | TIOL-NO-AD-HOC、TIOL-PRIOR-CONSULTATION、TIOL-MINUTES、LEG-COUNSEL-MAJOR-MATTER | 1      |

  场景: 单位将未归档调为错误，示例中的未归档记录按错误报告
    假如 示例目录中的记录 2023-08-22-executive.yaml
    当 运行 govcheck 检查
    那么 报告 TIOL-ARCHIVE
    而且 问题的严重程度为 错误
    那么 报告 TIOL-EACH-OPINION
    而且 问题说明包含“到会成员中孙八未明确表态（共1人）”

  场景: 按班子名册而不是记录自列的名单计算人数
    假如 示例目录中的记录 2023-11-14-party-group.yaml
    当 运行 govcheck 检查
    那么 报告 TIOL-QUORUM
    而且 问题说明包含“到会成员3人，不足应到会成员7人的半数”
    那么 报告 REC-ROSTER-MISMATCH
    而且 问题说明包含“名册有而记录无：钱七、吴九”

  场景: 会议记录缺记录人时，同一会议只报告一次（问题在会议上，不在每个议题上）
    假如 示例目录中的记录 2023-12-19-party-group.yaml
    当 运行 govcheck 检查
    那么 共有 1 个 TIOL-MINUTES 问题

  场景: 检查整个示例目录
    当 对整个示例目录运行 govcheck 检查
    那么 示例目录中合规记录 9 份、写明“预期问题”的记录 9 份
    而且 每份记录报告的检查项都与其“预期问题”注释相符（尚未启用的检查包除外）
    而且 退出码为 1
