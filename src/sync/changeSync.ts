/**
 * Per-change sync for one doc over one connection at a time (docs/protocol.md, "Per-change
 * acceptance and reconcile"). Transport-agnostic: the browser plugs it into y-websocket's message
 * handlers (docRegistry.ts), the Node property test into a `ws` socket — the same code decides what
 * is sent and how a refusal is reconciled.
 *
 *  - Local updates go into the ChangeOutbox (one entry per user action) instead of straight out.
 *  - The server's step1 is not answered with one merged step2; after the server's step2 arrives the
 *    outbox's changes go out as separate sync-update frames, in order.
 *  - On a refusal, once every sent frame is answered, it asks the server for its full state (a step1
 *    with an empty state vector on the same connection), runs reconcile() and hands the result to
 *    the owner, which swaps the doc in and persists it.
 */
import * as Y from 'yjs'
import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'
import { MESSAGE_SYNC, SYNC_STEP1, SYNC_STEP2, SYNC_UPDATE, type Rejection } from '../protocol/messages'
import type { ChangeOutbox, OutboxChange } from './changeOutbox'
import { reconcile, REBASE_ORIGIN, SERVER_STATE_ORIGIN, type ChangeCheck, type ReconcileResult } from './reconcile'

export interface ChangeSyncHooks {
  /** Sends a frame on the open connection. */
  send(frame: Uint8Array): void
  /** Reconcile finished: adopt `result.doc` (ChangeSync already follows it) and persist. */
  onReconciled(result: ReconcileResult<OutboxChange>, old: Y.Doc): void
  /** Origins of updates that are not the user's (IndexedDB loads, …). */
  ignoreOrigin?(origin: unknown): boolean
  /** The domain rule for this doc type, re-run on rebased changes. */
  check?: ChangeCheck
  onSynced?(): void
}

export function syncFrame(sub: number, payload: Uint8Array): Uint8Array {
  const e = encoding.createEncoder()
  encoding.writeVarUint(e, MESSAGE_SYNC)
  encoding.writeVarUint(e, sub)
  encoding.writeVarUint8Array(e, payload)
  return encoding.toUint8Array(e)
}

/** Highest clock per client covered by `sv` or by any of `updates`' structs. */
function coveredVector(sv: Map<number, number>, updates: readonly Uint8Array[]): Map<number, number> {
  const out = new Map(sv)
  for (const u of updates) {
    for (const s of Y.decodeUpdate(u).structs) {
      const end = s.id.clock + s.length
      if ((out.get(s.id.client) ?? 0) < end) out.set(s.id.client, end)
    }
  }
  return out
}

function encodeVector(sv: Map<number, number>): Uint8Array {
  const e = encoding.createEncoder()
  encoding.writeVarUint(e, sv.size)
  for (const [client, clock] of sv) {
    encoding.writeVarUint(e, client)
    encoding.writeVarUint(e, clock)
  }
  return encoding.toUint8Array(e)
}

export class ChangeSync {
  private current: Y.Doc
  private conn: number | null = null
  /** A step1 with an empty state vector went out: the next step2 is the server's full state. */
  private capturing = false

  constructor(
    doc: Y.Doc,
    readonly outbox: ChangeOutbox,
    private readonly hooks: ChangeSyncHooks,
  ) {
    this.current = doc
    doc.on('update', this.onUpdate)
  }

  get doc(): Y.Doc {
    return this.current
  }

  get reconciling(): boolean {
    return this.capturing
  }

  destroy(): void {
    this.current.off('update', this.onUpdate)
  }

  connectionOpened(): number {
    this.conn = this.outbox.connectionOpened()
    this.capturing = false
    return this.conn
  }

  connectionClosed(conn: number): void {
    this.outbox.connectionClosed(conn)
    if (this.conn === conn) {
      this.conn = null
      this.capturing = false
    }
  }

  /** A sync message from the server; `d` is positioned after the message type. */
  onSyncMessage(d: decoding.Decoder): void {
    const sub = decoding.readVarUint(d)
    const payload = decoding.readVarUint8Array(d)
    if (sub === SYNC_STEP1) {
      this.recordUnlisted(Y.decodeStateVector(payload))
    } else if (sub === SYNC_STEP2 && this.capturing) {
      this.capturing = false
      this.reconcileWith(payload)
    } else if (sub === SYNC_STEP2 || sub === SYNC_UPDATE) {
      Y.applyUpdate(this.current, payload, this)
      if (sub === SYNC_STEP2 && this.conn !== null) {
        this.outbox.synced(this.conn)
        this.hooks.onSynced?.()
        this.flush()
        // A refusal whose reconcile a disconnect interrupted: nothing will be answered, start it now.
        this.maybeReconcile()
      }
    }
  }

  onAck(seq: number): void {
    if (this.conn === null) return
    this.outbox.ack(this.conn, seq)
    this.maybeReconcile()
  }

  onReject(r: Rejection): void {
    if (this.conn === null) return
    this.outbox.reject(this.conn, r.seq, { code: r.code, message: r.message })
    this.maybeReconcile()
  }

  /** Sends every change the outbox releases, one sync-update frame each, in order. */
  flush(): void {
    if (this.conn === null) return
    for (const { change } of this.outbox.takeSendable(this.conn)) this.hooks.send(syncFrame(SYNC_UPDATE, change.update))
  }

  private readonly onUpdate = (update: Uint8Array, origin: unknown): void => {
    if (origin === this || origin === SERVER_STATE_ORIGIN || origin === REBASE_ORIGIN) return
    if (this.hooks.ignoreOrigin?.(origin)) return
    if (this.outbox.record(update, origin ?? null)) this.flush()
  }

  /**
   * Local content the server lacks that no outbox entry carries (an entry lost in a crash, or edits
   * from before per-change sending): queued as one more change so nothing stays unsent.
   */
  private recordUnlisted(serverSv: Map<number, number>): void {
    const covered = coveredVector(
      serverSv,
      this.outbox.changes.map((c) => c.update),
    )
    const diff = Y.encodeStateAsUpdate(this.current, encodeVector(covered))
    if (Y.decodeUpdate(diff).structs.length > 0) this.outbox.record(diff, undefined)
  }

  private maybeReconcile(): void {
    if (this.capturing || !this.outbox.needsReconcile) return
    this.capturing = true
    this.hooks.send(syncFrame(SYNC_STEP1, encodeVector(new Map())))
  }

  private reconcileWith(serverState: Uint8Array): void {
    const old = this.current
    const result = reconcile({
      serverState,
      local: old,
      pending: this.outbox.changes,
      verdicts: this.outbox.verdicts,
      ...(this.hooks.check ? { check: this.hooks.check } : {}),
    })
    old.off('update', this.onUpdate)
    this.current = result.doc
    result.doc.on('update', this.onUpdate)
    this.outbox.replace(result.pending)
    this.hooks.onReconciled(result, old)
    this.flush()
  }
}
