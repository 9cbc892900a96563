/**
 * Turns a refused change into a refused-list record: what it was in words a person reads
 * ("2-2-0101 的表决票", "纪要中的文字「…」"), and what they can do about it. Reads the change's
 * structs through the doc that still holds it (the device's doc before reconcile).
 */
import * as Y from 'yjs'
import type { RefusedAction, RefusedRecord } from './refusedRecord'
import type { RefusedChange } from './reconcile'
import { parseDocName, parseDocScope } from '../domain/docTypes'

interface Touched {
  root: string
  key: string | null
  value: unknown
}

function rootOf(type: Y.AbstractType<unknown>): string {
  let t = type
  while (t._item) t = t._item.parent as Y.AbstractType<unknown>
  return Y.findRootTypeKey(t)
}

/** Map entries set and text inserted by `update`, as integrated in `doc`. */
export function readChange(update: Uint8Array, doc: Y.Doc): { sets: Touched[]; text: string } {
  const sets: Touched[] = []
  let text = ''
  for (const s of Y.decodeUpdate(update).structs) {
    if (!(s instanceof Y.Item)) continue
    if (s.id.clock >= Y.getState(doc.store, s.id.client)) continue
    const it = Y.getItem(doc.store, s.id) as unknown
    if (!(it instanceof Y.Item)) continue
    const parent = it.parent as Y.AbstractType<unknown>
    if (s.content instanceof Y.ContentString) {
      text += s.content.str
      continue
    }
    if (it.parentSub !== null && parent._item === null) {
      const value = s.content instanceof Y.ContentAny ? s.content.arr[0] : undefined
      sets.push({ root: rootOf(parent), key: it.parentSub, value })
    }
  }
  return { sets, text }
}

const householdOf = (v: unknown): string | null => {
  const h = v && typeof v === 'object' ? (v as { householdId?: unknown }).householdId : undefined
  return typeof h === 'string' ? h : null
}

/** Codes under which a household's record was refused as outside the writer's buildings/units. */
const OUT_OF_SCOPE = new Set(['forbidden', 'out-of-scope'])

const clip = (s: string, n = 40) => (s.length > n ? `${s.slice(0, n)}…` : s)

export function describeRefused(
  doc: string,
  scope: string,
  r: RefusedChange,
  local: Y.Doc,
  now = Date.now(),
): RefusedRecord {
  const parsed = parseDocName(doc)
  const { type, councilId } = parseDocScope(doc) ?? { type: '', councilId: '' }
  const { sets, text: typed } = readChange(r.change.update, local)
  const text = r.orphanText || typed
  let what: RefusedRecord['what'] = { key: 'refused.what.generic', params: { type: type ?? '' } }
  let action: RefusedAction = { kind: 'none' }
  if (type === 'vote') {
    const ballots = sets.filter((s) => s.root === 'ballots')
    const hh = ballots.map((b) => householdOf(b.value)).find((h) => h !== null)
    if (hh) {
      what =
        ballots.length > 1
          ? { key: 'refused.what.ballots', params: { flat: hh, n: ballots.length } }
          : { key: 'refused.what.ballot', params: { flat: hh } }
      if (r.refusal.code === 'closed' || r.refusal.code === 'outside-schedule') action = { kind: 'not-counted' }
      else if (OUT_OF_SCOPE.has(r.refusal.code)) action = { kind: 'responsible-head', councilId, householdId: hh }
    } else what = { key: 'refused.what.voteChange', params: {} }
  } else if (type === 'minutes') {
    const isAddendum = parsed?.kind === 'addendum'
    what = text.trim()
      ? { key: 'refused.what.minutesText', params: { text: clip(text.trim()) } }
      : { key: 'refused.what.minutesEdit', params: {} }
    if (!isAddendum && text.trim() && (r.refusal.code === 'sealed' || r.refusal.code === 'depends-on-refused'))
      action = { kind: 'addendum', councilId, meetingId: parsed?.ids[0] ?? '', text: text.trim() }
  } else if (type === 'canvass') {
    const hh = sets.map((s) => householdOf(s.value)).find((h) => h !== null)
    if (hh) {
      what = { key: 'refused.what.visit', params: { flat: hh } }
      if (OUT_OF_SCOPE.has(r.refusal.code)) action = { kind: 'responsible-head', councilId, householdId: hh }
    }
  } else if (type === 'queue') {
    // A handler's step on an escalated item (e.g. refused after they were removed from the node's staff).
    const step = sets.find((s) => s.root === 'steps')?.value as { itemId?: unknown } | undefined
    const item = typeof step?.itemId === 'string' ? local.getMap('items').get(step.itemId) : undefined
    const summary = (item as { summary?: unknown } | undefined)?.summary
    if (step)
      what = { key: 'refused.what.queueStep', params: { summary: typeof summary === 'string' ? clip(summary) : '' } }
  } else if (text.trim()) {
    what = { key: 'refused.what.text', params: { text: clip(text.trim()) } }
  }
  return {
    id: `${doc}|${r.change.id}|${r.refusal.code}`,
    scope,
    doc,
    what,
    code: r.refusal.code,
    message: r.refusal.message,
    madeAt: r.change.at,
    refusedAt: now,
    action,
    update: r.change.update,
  }
}
