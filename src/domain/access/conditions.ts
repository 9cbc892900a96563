/**
 * The conditions of the access policy (./policy.ts): what server/access/contentRules.ts checks on
 * every incoming update to a doc a role may write under conditions. The texts go into
 * docs/security.md and into refusals shown to the user.
 */

/** Conditions checked on the content of each incoming update (see contentRules). */
export const CONDITIONS = {
  'sealed-readonly': {
    zh: '定稿后不可修改；只有主任或秘书可以以本人名义定稿，校验值须与服务器上的纪要一致；未达法定人数时须记录理由（法定人数例外）',
    en: 'read-only once sealed; only the chair or secretary may seal, in their own name, with a hash matching the text the server holds; without quorum the seal must record an override with a reason',
  },
  'append-only-visits': {
    zh: '走访记录只增不改：已有记录不可修改或删除',
    en: 'visit records are append-only: never edited or deleted',
  },
  'own-scope-visits': {
    zh: '只能为本人负责的楼栋/单元的住户新增走访记录，已有记录不可修改或删除',
    en: 'may only add visit records for households in their own buildings/units; records are never edited or deleted',
  },
  'vote-manage': {
    zh: '可设置、开始（同时固定名册）和结束表决（有未处理的冲突时不能结束），处理冲突（须写明理由，以本人名义）；选票只增不改，且只在表决时间内；开始后名册和设置不可修改；结束后不接受任何修改',
    en: 'may set up, open (freezing the roll) and close the vote (not while conflicts are unresolved) and resolve conflicts (with a reason, in their own name); ballots are append-only and only within the schedule; roll and settings fixed once open; nothing after close',
  },
  'append-only-ballots': {
    zh: '只能在表决进行中、表决时间内以本人名义新增选票；已记录的选票不可修改或删除；不能开始/结束表决或处理冲突',
    en: 'may only add ballots, in their own name, while the vote is open and within its schedule; a recorded ballot is never edited or deleted; cannot open/close the vote or resolve conflicts',
  },
  'own-scope-ballots': {
    zh: '只能为本人负责的楼栋/单元的房屋新增选票（表决进行中、以本人名义）；选票只增不改',
    en: 'may only add ballots for households in their own buildings/units (while open, in their own name); ballots are append-only',
  },
  'own-household-ballot': {
    zh: '只能在表决进行中为本人名下的房屋投票，选票只增不改',
    en: 'may only add ballots for households they own, while the vote is open; ballots are append-only',
  },
  'append-only-signatures': {
    zh: '只能以本人名义新增投票人签名；已记录的签名不可修改或删除',
    en: 'may only add voter signatures, in their own name; a recorded signature is never edited or deleted',
  },
  'own-scope-signatures': {
    zh: '只能以本人名义为本人负责的楼栋/单元的房屋新增投票人签名；已记录的签名不可修改或删除',
    en: 'may only add voter signatures for households in their own buildings/units, in their own name; a recorded signature is never edited or deleted',
  },
  'frozen-versions': {
    zh: '已发布的方案版本不可修改或删除',
    en: 'a published plan version is never edited or deleted',
  },
  'published-only': {
    zh: '方案文档只保存已发布的版本和对版本的评论；草稿只能在编辑者专用的草稿文档中修改（旧草稿只能移出，不能新增）',
    en: 'the plan doc holds only published versions and comments on them; the draft is edited only in the editors-only draft doc (a legacy draft may only be moved out, never added to)',
  },
  'own-comments': {
    zh: '只能以本人名义对已发布的版本新增评论（居民姓名脱敏）；评论只增不改',
    en: "may only add comments on a published version, in their own name (residents' names masked); comments are never edited or deleted",
  },
  'assigned-only': {
    zh: '仅限被指派的人员（主任和管理员除外）',
    en: 'only people assigned to the case (plus the chair and admins)',
  },
  'redacted-case-list': {
    zh: '案件清单只含编号、类型、状态、紧急程度、日期和指派人员编号，不含任何个人信息；只能登记或更新本人被指派的案件，删除仅限主任和管理员',
    en: 'case list entries hold only id, type, status, urgency, dates and assignee ids — no personal details; entries only for cases the writer is assigned to; only the chair and admins delete',
  },
  'event-steps': {
    zh: '网格事件及其处置步骤只增不改，且须以本人名义；只有主任、秘书可以派单、改派和上报上级网格；居民只能上报本人的诉求，并评价本人或本户的事件；步骤须按顺序：每个事件只上报一次，办结后才能评价，记录者已看到办结的事件不能再派单、上报或处置（离线时记录、当时有效的步骤仍会被接受）',
    en: "grid events and their steps are append-only and in the writer's own name; only the chair and secretary assign, reassign and escalate; residents only report their own requests and rate events of their own or their household; steps keep their order: one report per event, a rating only after the handling, no dispatch, escalation or second handling by a writer who had seen the event closed (steps made offline that were valid on their device still land)",
  },
  'lists-manage': {
    zh: '可编辑四清单、派单和记积分；点单、处理步骤和积分记录只增不改，且以本人名义',
    en: "may edit the four lists, dispatch orders and record points; orders, their steps and points entries are append-only and in the writer's own name",
  },
  'lists-own-orders': {
    zh: '只能以本人名义点单（可为老人代办）、接单或拒单（须写原因）并登记完成派给本人的单、评价本人或本户的点单；不能修改四清单、派单或记积分',
    en: 'may only place orders in their own name (also as a proxy for an elderly resident), accept or decline (with a reason) and complete orders dispatched to them, and rate orders of their own or their household; cannot edit the four lists, dispatch or record points',
  },
  'queue-steps': {
    zh: '上级受理：只能以本人名义新增受理、办结、上报上级或退回步骤（只增不改，事项须存在）并设置本级办理期限；上报事项只能由服务器写入',
    en: "upper-level queue: may only add accept/handle/escalate/return steps in the handler's own name (append-only, on an existing item) and set this level's deadline; items are written by the server only",
  },
} as const
export type Condition = keyof typeof CONDITIONS
