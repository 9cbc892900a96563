/**
 * Who may read and write which document type — the single source of truth for access control.
 * The server enforces it (server/access/), the UI uses it only to hide what would be refused, and
 * docs/security.md is generated from it (`npm run docs:security`; a test keeps them equal).
 *
 * Levels: 'none' (connection refused, 4403), 'read' (sync only; every update refused), 'write'
 * (updates accepted if the doc type's content rules allow them), 'cond' (write, with the named
 * condition checked on every incoming update by server/access/contentRules.ts).
 */
import type { DocType } from '../docTypes'

/** Roles held per council (memberships; invitations grant only these). */
export const COUNCIL_ROLES = [
  'admin',
  'chair',
  'secretary',
  'member',
  'building_head',
  'unit_head',
  'mediator',
  'grid_worker',
  'resident',
  'observer',
] as const
export type CouncilRole = (typeof COUNCIL_ROLES)[number]
/**
 * Roles held on a node of the organisation tree (district/street/community, src/domain/org/): they
 * apply to every council under that node. org_viewer: street/community staff, read-only;
 * org_handler: staff who handle the node's escalation queue, same reads on the councils.
 */
export const ORG_ROLES = ['org_viewer', 'org_handler'] as const
export type OrgRole = (typeof ORG_ROLES)[number]
export const ROLES = [...COUNCIL_ROLES, ...ORG_ROLES] as const
export type Role = (typeof ROLES)[number]
export const isOrgRole = (r: string): r is OrgRole => (ORG_ROLES as readonly string[]).includes(r)

/** The policy's columns are the doc types of the registry (the first segment of a doc name). */
export { DOC_TYPES, type DocType } from '../docTypes'

export type Level = 'none' | 'read' | 'write' | 'cond'

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
    zh: '网格事件及其处置步骤只增不改，且须以本人名义；只有主任、秘书可以派单、改派和上报上级网格；居民只能上报本人的诉求，并评价本人或本户的事件',
    en: "grid events and their steps are append-only and in the writer's own name; only the chair and secretary assign, reassign and escalate; residents only report their own requests and rate events of their own or their household",
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

export interface Rule {
  level: Level
  /** Conditions that apply to writes ('cond': every one must hold) or gate reads (assigned-only). */
  conditions?: Condition[]
}

/** A person's rule over all their roles (effectiveRule). */
export interface EffectiveRule extends Rule {
  /**
   * At 'cond': a write is accepted when it meets every condition of at least one alternative (one
   * per role at that level). `conditions` then lists every condition of any alternative.
   */
  alternatives?: Condition[][]
}

const N: Rule = { level: 'none' }
const R: Rule = { level: 'read' }
const W: Rule = { level: 'write' }
const c = (...conditions: Condition[]): Rule => ({ level: 'cond', conditions })
const assignedWrite: Rule = { level: 'cond', conditions: ['assigned-only'] }
const caseList: Rule = { level: 'cond', conditions: ['redacted-case-list'] }
const events: Rule = { level: 'cond', conditions: ['event-steps'] }
const listsManage: Rule = { level: 'cond', conditions: ['lists-manage'] }
const ownOrders: Rule = { level: 'cond', conditions: ['lists-own-orders'] }
const sigAppend: Rule = { level: 'cond', conditions: ['append-only-signatures'] }
const sigOwnScope: Rule = { level: 'cond', conditions: ['own-scope-signatures'] }
const comments: Rule = { level: 'cond', conditions: ['own-comments'] }
const ORG_READ: Record<DocType, Rule> = {
  council: R,
  roll: R,
  notes: R,
  meeting: R,
  minutes: R,
  proposal: R,
  plandraft: N,
  canvass: R,
  vote: R,
  votesig: N,
  case: N,
  caselist: N,
  grid: R,
  event: R,
  lists: R,
  queue: R,
}

/**
 * role × doc type. Rows read: council profile, household roll, shared notes, meeting (agenda,
 * sign-in, actions), minutes (rich text), proposal, canvass visits, vote (ballots), voters' names and
 * handwritten signatures of tablet ballots (votesig: kept out of the vote doc, which residents read;
 * only the roles that record or check ballots see them), mediation case,
 * redacted case list (no personal details; what assignees' devices use to find their cases),
 * grid hierarchy (heads' phones masked), grid events (五步闭环), four lists + volunteer orders.
 * A plan's working draft (plandraft) is its own doc so that only editors can open it; residents and
 * heads read published versions only and may comment on them.
 * Residents see only what concerns them: their council's profile, proposals, and the vote they may
 * cast ballots in; never the roll (neighbours' details) or mediation cases. Grid events and the
 * four lists are open to every member like a notice board (公开): residents' names in them are
 * stored masked, and residents write only their own requests and ratings.
 * The upper-level queue (queue:<orgNodeId>) is decided on the org node, never on council roles: its
 * handlers (org_handler of the node or an ancestor) write steps, its viewers and admins read, and no
 * council role opens it (the events in it reached the council members through their own event doc).
 */
export const POLICY: Record<Role, Record<DocType, Rule>> = {
  admin: {
    council: W,
    roll: W,
    notes: W,
    meeting: W,
    minutes: c('sealed-readonly'),
    proposal: c('frozen-versions', 'published-only'),
    plandraft: W,
    canvass: c('append-only-visits'),
    vote: c('vote-manage'),
    votesig: sigAppend,
    case: W,
    caselist: caseList,
    grid: W,
    event: events,
    lists: listsManage,
    queue: R,
  },
  chair: {
    council: W,
    roll: W,
    notes: W,
    meeting: W,
    minutes: c('sealed-readonly'),
    proposal: c('frozen-versions', 'published-only'),
    plandraft: W,
    canvass: c('append-only-visits'),
    vote: c('vote-manage'),
    votesig: sigAppend,
    case: W,
    caselist: caseList,
    grid: W,
    event: events,
    lists: listsManage,
    queue: N,
  },
  secretary: {
    council: W,
    roll: W,
    notes: W,
    meeting: W,
    minutes: c('sealed-readonly'),
    proposal: c('frozen-versions', 'published-only'),
    plandraft: W,
    canvass: c('append-only-visits'),
    vote: c('vote-manage'),
    votesig: sigAppend,
    case: N,
    caselist: N,
    grid: W,
    event: events,
    lists: listsManage,
    queue: N,
  },
  member: {
    council: R,
    roll: R,
    notes: W,
    meeting: W,
    minutes: c('sealed-readonly'),
    proposal: c('frozen-versions', 'published-only'),
    plandraft: W,
    canvass: R,
    vote: c('append-only-ballots'),
    votesig: sigAppend,
    case: N,
    caselist: N,
    grid: R,
    event: events,
    lists: ownOrders,
    queue: N,
  },
  building_head: {
    council: R,
    roll: R,
    notes: W,
    meeting: R,
    minutes: R,
    proposal: comments,
    plandraft: N,
    canvass: c('own-scope-visits'),
    vote: c('own-scope-ballots'),
    votesig: sigOwnScope,
    case: N,
    caselist: N,
    grid: R,
    event: events,
    lists: ownOrders,
    queue: N,
  },
  unit_head: {
    council: R,
    roll: R,
    notes: W,
    meeting: R,
    minutes: R,
    proposal: comments,
    plandraft: N,
    canvass: c('own-scope-visits'),
    vote: c('own-scope-ballots'),
    votesig: sigOwnScope,
    case: N,
    caselist: N,
    grid: R,
    event: events,
    lists: ownOrders,
    queue: N,
  },
  mediator: {
    council: R,
    roll: R,
    notes: W,
    meeting: R,
    minutes: R,
    proposal: R,
    plandraft: N,
    canvass: N,
    vote: N,
    votesig: N,
    case: assignedWrite,
    caselist: caseList,
    grid: R,
    event: R,
    lists: R,
    queue: N,
  },
  grid_worker: {
    council: R,
    roll: R,
    notes: W,
    meeting: R,
    minutes: R,
    proposal: R,
    plandraft: N,
    canvass: N,
    vote: N,
    votesig: N,
    case: assignedWrite,
    caselist: caseList,
    grid: R,
    event: events,
    lists: ownOrders,
    queue: N,
  },
  resident: {
    council: R,
    roll: N,
    notes: N,
    meeting: N,
    minutes: N,
    proposal: comments,
    plandraft: N,
    canvass: N,
    vote: c('own-household-ballot'),
    votesig: N,
    case: N,
    caselist: N,
    grid: R,
    event: events,
    lists: ownOrders,
    queue: N,
  },
  observer: {
    council: R,
    roll: R,
    notes: R,
    meeting: R,
    minutes: R,
    proposal: R,
    plandraft: N,
    canvass: R,
    vote: R,
    votesig: R,
    case: N,
    caselist: N,
    grid: R,
    event: R,
    lists: R,
    queue: N,
  },
  // Like observer, over every council under their node, but never anything with voters' names or
  // signatures (votesig) nor mediation (case, caselist), and never a plan draft. Handlers also work
  // the node's queue (and the queues below it).
  org_viewer: ORG_READ,
  org_handler: { ...ORG_READ, queue: c('queue-steps') },
}

const RANK: Record<Level, number> = { none: 0, read: 1, cond: 2, write: 3 }
const CONDITION_ORDER = Object.keys(CONDITIONS) as Condition[]

const inOrder = (cs: Iterable<Condition>): Condition[] => {
  const set = new Set(cs)
  return CONDITION_ORDER.filter((c) => set.has(c))
}

/**
 * What a person may do with one doc type in one council: the union of what each of their roles
 * allows, whatever the order of their memberships. The highest level wins (write > cond > read >
 * none); at 'cond', each role at that level is one alternative (its conditions, all of which must
 * hold): a member who is also a building head may add ballots as a member, i.e. for any flat, or
 * as a head. An alternative that demands more than another is dropped; everything comes in
 * CONDITIONS order, so equal role sets give equal rules.
 */
export function effectiveRule(roles: readonly Role[], docType: DocType): EffectiveRule {
  let level: Level = 'none'
  for (const role of roles) {
    const l = POLICY[role][docType].level
    if (RANK[l] > RANK[level]) level = l
  }
  if (level !== 'cond') return level === 'none' ? N : { level }
  const sets = new Map<string, Condition[]>()
  for (const role of roles) {
    const rule = POLICY[role][docType]
    if (rule.level !== 'cond') continue
    const set = inOrder(rule.conditions ?? [])
    sets.set(set.join(','), set)
  }
  const all = [...sets.values()]
  // A stricter alternative (a superset of another's conditions) allows nothing the other does not.
  const alternatives = all
    .filter((a) => !all.some((b) => b !== a && b.length < a.length && b.every((c) => a.includes(c))))
    .sort((a, b) => a.join(',').localeCompare(b.join(',')))
  const conditions = inOrder(alternatives.flat())
  return alternatives.length > 1 ? { level, conditions, alternatives } : { level, conditions }
}
