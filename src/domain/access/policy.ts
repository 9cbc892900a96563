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
import { CONDITIONS, type Condition } from './conditions'
import type { Role } from './roles'

export { COUNCIL_ROLES, type CouncilRole, isOrgRole, ORG_ROLES, type OrgRole, ROLES, type Role } from './roles'
export { CONDITIONS, type Condition } from './conditions'

/** The policy's columns are the doc types of the registry (the first segment of a doc name). */
export { DOC_TYPES, type DocType } from '../docTypes'

export type Level = 'none' | 'read' | 'write' | 'cond'

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

/** The chair runs the council: writes its records, opens and closes votes, sees mediation. */
const CHAIR: Record<DocType, Rule> = {
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
}
/** Building and unit heads: the same rights, each over their own buildings or units (their scope). */
const HEAD: Record<DocType, Rule> = {
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
}
/** Reads every council's records, writes nothing; no mediation, no plan draft, no upper-level queue. */
const OBSERVER: Record<DocType, Rule> = {
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
}
/**
 * Org staff read like an observer, over every council under their node, but never voters' names or
 * signatures (votesig); they also read their node's upper-level queue (and the queues below it),
 * which handlers work.
 */
const ORG_READ: Record<DocType, Rule> = { ...OBSERVER, votesig: N, queue: R }

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
  // Admins also read every upper-level queue.
  admin: { ...CHAIR, queue: R },
  chair: CHAIR,
  // The secretary keeps the council's records but sees no mediation.
  secretary: { ...CHAIR, case: N, caselist: N },
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
  building_head: HEAD,
  unit_head: HEAD,
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
  observer: OBSERVER,
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
