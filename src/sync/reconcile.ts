/**
 * Reconcile after a refusal (docs/protocol.md, "Per-change acceptance and reconcile"): rebuild the
 * doc from the server's state and re-apply the device's still-valid pending changes on it as new
 * operations (rebase.ts), in their original order. Pure: no network, no storage — the caller
 * (docRegistry in the browser, the property test in Node) fetches the server's state, swaps the
 * doc and persists the result.
 *
 * Each pending change ends in exactly one place:
 *  - the server refused it (a verdict) → `refused`, with the server's code and message;
 *  - its content depends on a refused change (its parent is missing) → `refused`, 'depends-on-refused';
 *  - the domain predicate (`check`) refuses it on the rebuilt doc → `refused`, with the predicate's reason;
 *  - the server already holds it (the ACK was lost) → dropped from pending (it is stored);
 *  - otherwise → `pending`, as a new update by the rebuilt doc's client id, to be sent in order.
 */
import * as Y from 'yjs'
import { IdMap, rebaseUpdate } from './rebase'

export interface PendingChange {
  /** Stable across rebases, so the UI and the refused list can name the same user action. */
  id: string
  update: Uint8Array
  /** When the user made it (ms since epoch). */
  at: number
}

export interface Refusal {
  code: string
  message: string
}

export interface RefusedChange<C extends PendingChange = PendingChange> {
  change: C
  refusal: Refusal
  /** Text that could not be kept (e.g. typed into a paragraph that was itself refused). */
  orphanText?: string
}

/** A domain rule for a change: `before` is the doc without it, `after` with it. */
export type ChangeCheck = (before: Y.Doc, after: Y.Doc) => Refusal | null

/** Codes that say "an earlier frame of yours was refused", not "this change is invalid". */
export const CONSEQUENTIAL_CODES: ReadonlySet<string> = new Set(['missing-deps', 'incomplete-update'])

export const REBASE_ORIGIN = 'yishi:rebase'
export const SERVER_STATE_ORIGIN = 'yishi:server-state'

export interface ReconcileInput<C extends PendingChange> {
  /** The server's full state (a sync step2 answering an empty state vector). */
  serverState: Uint8Array
  /** The device's doc, which holds every pending change (read only). */
  local: Y.Doc
  /** Unacknowledged changes, oldest first. */
  pending: readonly C[]
  /** The server's refusals by change id (consequential codes excluded). */
  verdicts: ReadonlyMap<string, Refusal>
  check?: ChangeCheck
}

export interface ReconcileResult<C extends PendingChange> {
  doc: Y.Doc
  pending: C[]
  refused: RefusedChange<C>[]
}

function copyDoc(doc: Y.Doc): Y.Doc {
  const d = new Y.Doc({ gc: doc.gc })
  d.clientID = doc.clientID
  Y.applyUpdate(d, Y.encodeStateAsUpdate(doc), SERVER_STATE_ORIGIN)
  return d
}

/** Rebases `update` onto `doc`, returning what it produced (null = nothing new). */
function replay(update: Uint8Array, local: Y.Doc, doc: Y.Doc, map: IdMap) {
  const produced: Uint8Array[] = []
  const on = (u: Uint8Array, origin: unknown) => {
    if (origin === REBASE_ORIGIN) produced.push(u)
  }
  doc.on('update', on)
  const r = rebaseUpdate(update, local, doc, map, REBASE_ORIGIN)
  doc.off('update', on)
  return { ...r, update: produced.length ? Y.mergeUpdates(produced) : null }
}

export function reconcile<C extends PendingChange>(input: ReconcileInput<C>): ReconcileResult<C> {
  const doc = new Y.Doc({ gc: input.local.gc })
  Y.applyUpdate(doc, input.serverState, SERVER_STATE_ORIGIN)
  const map = new IdMap()
  const pending: C[] = []
  const refused: RefusedChange<C>[] = []
  for (const change of input.pending) {
    const verdict = input.verdicts.get(change.id)
    if (verdict) {
      refused.push({ change, refusal: verdict })
      continue
    }
    // With a rule, replay on a scratch copy first: a refused change must not touch the rebuilt doc
    // (nor the id map, which later changes use to find their neighbours).
    const scratchMap = input.check ? map.clone() : map
    const into = input.check ? copyDoc(doc) : doc
    const r = replay(change.update, input.local, into, scratchMap)
    if (r.orphaned > 0) {
      refused.push({
        change,
        refusal: { code: 'depends-on-refused', message: '' },
        ...(r.orphanText ? { orphanText: r.orphanText } : {}),
      })
      if (r.applied === 0) continue
    }
    if (r.update === null) continue // the server has it already
    if (input.check) {
      const bad = input.check(doc, into)
      if (bad) {
        refused.push({ change, refusal: bad })
        continue
      }
      Y.applyUpdate(doc, r.update, REBASE_ORIGIN)
      map.adopt(scratchMap)
    }
    pending.push({ ...change, update: r.update })
  }
  return { doc, pending, refused }
}
