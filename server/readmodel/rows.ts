/**
 * The read-model rows of one council doc: what a street or district dashboard needs, and nothing
 * personal (no names, phones, addresses, notes, titles people typed about a household). One fold
 * function per doc type, each built on the domain's own read model (src/domain/docTypes.ts
 * `readModel`): events via grid/events readEvents, votes via voting/read readVote + tallyVote,
 * mediation via the redacted case list (mediation/caseList readCaseList — never the case docs).
 *
 * A fold is a pure function of the doc; the store REPLACES the doc's rows with it in one
 * transaction, so folding twice, folding in two processes, or reindexing all give the same tables.
 */
import type * as Y from 'yjs'
import { parseDocName } from '../../src/domain/docTypes'
import { closedSameDay, readEvents, type EventView } from '../../src/domain/grid/events'
import { readVote } from '../../src/domain/voting/read'
import { tallyVote } from '../../src/domain/voting/resolution'
import { readCaseList, type CaseSummary } from '../../src/domain/mediation/caseList'
import { nodeRollUp, rollUp, type Grain, type OrgTree } from './counters'
import type { TableDump } from './ReadModelStore'

export interface EventRow {
  councilId: string
  eventId: string
  category: string
  level: string
  status: string
  reportedAt: number
  assignedAt: number | null
  /** handled (办结) = closed */
  handledAt: number | null
  ratedAt: number | null
  dueAt: number
  sameDay: boolean
  satisfaction: number | null
  escalations: number
}

/** Event counters of a council by report period (counters.ts); category '*' = all. */
export interface CountRow {
  councilId: string
  grain: Grain
  /** start of the Beijing week / month / quarter / year, epoch ms */
  bucket: number
  category: string
  reported: number
  closed: number
  sameDay: number
  satSum: number
  satCount: number
}

/** The same counters summed over the councils below an org node. */
export type NodeCountRow = Omit<CountRow, 'councilId'> & { nodeId: string }

export interface CouncilNodeRow {
  councilId: string
  nodeId: string
}

export interface MarkRow {
  key: string
  value: string
}

export interface VoteRow {
  councilId: string
  voteId: string
  title: string
  matter: string
  status: string
  openedAt: number | null
  closedAt: number | null
  /** result figures only once closed (an open vote's running count is not published) */
  passed: boolean | null
  totalHeads: number | null
  participatingHeads: number | null
  agreeHeads: number | null
  totalArea: string | null
  participatingArea: string | null
  agreeArea: string | null
}

export type CaseOutcome = 'settled' | 'failed' | 'pending'

export interface CaseRow {
  councilId: string
  caseId: string
  type: string
  status: string
  outcome: CaseOutcome
  reportedAt: number
  closedAt: number | null
}

/** Which doc state a fold saw (folder.ts: a reloaded doc in that state needs no fold). */
export interface FoldedMark {
  doc: string
  state: string
}

/**
 * Everything one doc contributes; `scope` says which rows it replaces: all of a council's events,
 * or (`eventPatch`) only the events an update touched; a vote; a council's cases. Counters are
 * not part of it: the store derives them from the event rows it replaces.
 */
export type DocRows = (
  | { scope: 'events'; councilId: string; events: EventRow[] }
  | { scope: 'eventPatch'; councilId: string; upserts: EventRow[]; removed: string[] }
  | { scope: 'vote'; councilId: string; voteId: string; vote: VoteRow | null }
  | { scope: 'cases'; councilId: string; cases: CaseRow[] }
) & { folded?: FoldedMark }

/** Which doc kinds feed the read model (every other doc is ignored). */
export function foldsInto(docName: string): boolean {
  const kind = parseDocName(docName)?.kind
  return kind === 'event' || kind === 'vote' || kind === 'caselist'
}

/** The rows of `doc` (named `docName`); null for a doc the read model does not hold. */
export function foldDoc(docName: string, doc: Y.Doc): DocRows | null {
  const parsed = parseDocName(docName)
  if (!parsed) return null
  const { councilId } = parsed
  switch (parsed.kind) {
    case 'event': {
      return { scope: 'events', councilId, events: readEvents(doc).events.map((v) => eventRow(councilId, v)) }
    }
    case 'vote':
      return { scope: 'vote', councilId, voteId: parsed.ids[0]!, vote: voteRow(councilId, parsed.ids[0]!, doc) }
    case 'caselist':
      return { scope: 'cases', councilId, cases: readCaseList(doc).map((c) => caseRow(councilId, c)) }
    default:
      return null
  }
}

export function eventRow(councilId: string, v: EventView): EventRow {
  return {
    councilId,
    eventId: v.eventId,
    category: v.category,
    level: v.level,
    status: v.status,
    reportedAt: v.reportedAt,
    assignedAt: v.assignedAt,
    handledAt: v.handledAt,
    ratedAt: v.ratedAt,
    dueAt: v.dueAt,
    sameDay: closedSameDay(v),
    satisfaction: v.satisfaction,
    escalations: v.escalations,
  }
}

function voteRow(councilId: string, voteId: string, doc: Y.Doc): VoteRow | null {
  const snap = readVote(doc)
  const m = snap.meta
  if (!m) return null
  const closed = m.status === 'closed'
  const r = closed ? tallyResult(snap, m.matter) : null
  return {
    councilId,
    voteId,
    title: m.title,
    matter: m.matter,
    status: m.status,
    openedAt: m.openedAt ?? null,
    closedAt: m.closedAt ?? null,
    passed: r ? r.passed && !r.provisional : null,
    totalHeads: r?.totalHeads ?? null,
    participatingHeads: r?.participatingHeads ?? null,
    agreeHeads: r?.agreeHeads ?? null,
    totalArea: r?.totalArea ?? null,
    participatingArea: r?.participatingArea ?? null,
    agreeArea: r?.agreeArea ?? null,
  }
}

/** A roll the tally refuses (bad area, duplicate flat) gives no figures rather than no row. */
function tallyResult(snap: ReturnType<typeof readVote>, matter: 'special' | 'ordinary') {
  try {
    return tallyVote(snap, matter).result
  } catch {
    return null
  }
}

export function caseOutcome(c: Pick<CaseSummary, 'effectiveDay' | 'status'>): CaseOutcome {
  // Same rule as mediation/stats.ts computeStats: settled = an agreement in effect.
  if (c.effectiveDay) return 'settled'
  return c.status === 'failed' || c.status === 'closed' ? 'failed' : 'pending'
}

function caseRow(councilId: string, c: CaseSummary): CaseRow {
  return {
    councilId,
    caseId: c.caseId,
    type: c.type,
    status: c.status,
    outcome: caseOutcome(c),
    reportedAt: c.reportedAt,
    closedAt: c.closedAt,
  }
}

/** Folded docs as table contents (what the tables must hold after folding exactly these docs). */
export function tablesOf(all: readonly DocRows[], tree: OrgTree = new Map()): TableDump {
  const out: TableDump = { events: [], counts: [], nodeCounts: [], votes: [], cases: [] }
  for (const r of all) {
    if (r.scope === 'events') out.events.push(...r.events)
    else if (r.scope === 'eventPatch') throw new Error('tablesOf: a patch is not a whole doc')
    else if (r.scope === 'vote') {
      if (r.vote) out.votes.push(r.vote)
    } else out.cases.push(...r.cases)
  }
  const byCouncil = new Map<string, EventRow[]>()
  for (const e of out.events) byCouncil.set(e.councilId, [...(byCouncil.get(e.councilId) ?? []), e])
  out.counts = [...byCouncil.values()].flatMap((evs) => rollUp(evs))
  out.nodeCounts = nodeRollUp(out.counts, tree)
  return out
}
