/**
 * The device's unacknowledged local changes, as an ordered list of separate updates — one per user
 * action (a ballot, an agenda item, a typing burst) — sent to the server one frame each, so the
 * server can accept the valid ones and refuse the others (docs/protocol.md, "Per-change acceptance
 * and reconcile"). Pure logic: no Yjs doc, no WebSocket, no IndexedDB — changeSync.ts and
 * docRegistry.ts call the methods below in this order of events:
 *
 *   record(update, origin)    a local Y.Doc update happened
 *   connectionOpened()        a socket opened; returns its connection id
 *   synced(conn)              the server's sync step2 arrived: uncovered changes may now be sent
 *   takeSendable(conn)        the changes to send now, in order, each numbered with its frame seq
 *   ack(conn, seq) / reject(conn, seq, refusal)
 *   needsReconcile            true once a change was refused and every frame sent is answered
 *   replace(changes)          after reconcile: the rebased changes (new updates, same ids)
 *   connectionClosed(conn)
 *
 * Nothing is ever dropped here except on ACK (the server stored it) or replace() (reconcile moved
 * it to the refused list or rebased it). `onPersist` receives the full list after every change.
 */
import * as Y from 'yjs'
import type { PendingChange, Refusal } from './reconcile'
import { CONSEQUENTIAL_CODES } from './reconcile'

/** Local updates with the same origin within this window form one user action (a typing burst). */
export const BURST_MS = 2000

export interface OutboxChange extends PendingChange {
  /** Changes with equal `burst` count as one user action in "N 项更改待同步". */
  burst: number
}

interface Entry extends OutboxChange {
  cover: { conn: number; seq: number } | null
  verdict: Refusal | null
  /** Transaction origin (not persisted): only updates with the identical origin merge. */
  origin: unknown
  lastAt: number
}

export interface OutboxOptions {
  restored?: readonly OutboxChange[]
  onPersist?: (changes: OutboxChange[]) => void
  onCountChange?: (count: number) => void
  now?: () => number
  newId?: () => string
}

const isBookkeeping = (origin: unknown): boolean =>
  typeof origin === 'object' && origin !== null && (origin as { sameAction?: unknown }).sameAction === true

let idCounter = 0
const defaultId = () =>
  `ch_${Date.now().toString(36)}_${(idCounter++).toString(36)}_${Math.random().toString(36).slice(2, 7)}`

export class ChangeOutbox {
  private entries: Entry[] = []
  private nextConn = 1
  private openConn: number | null = null
  private live = false
  private seq = 0
  /** A change was refused: send nothing more until reconcile. */
  private halted = false
  private nextBurst = 1
  private readonly opts: OutboxOptions

  constructor(opts: OutboxOptions = {}) {
    this.opts = opts
    if (opts.restored?.length) this.restore(opts.restored)
  }

  /** Changes persisted before a reload: older than anything recorded since, so they go first. */
  restore(changes: readonly OutboxChange[]): void {
    if (changes.length === 0) return
    const known = new Set(this.entries.map((e) => e.id))
    const restored = changes
      .filter((c) => !known.has(c.id))
      .map((c) => ({ ...c, cover: null, verdict: null, origin: undefined, lastAt: c.at }))
    const offset = Math.max(0, ...changes.map((c) => c.burst))
    // Bursts recorded during loading are renumbered after the restored ones (counts stay distinct).
    for (const e of this.entries) e.burst += offset
    this.entries = [...restored, ...this.entries]
    this.nextBurst = Math.max(...this.entries.map((e) => e.burst), 0) + 1
    this.persist()
  }

  /** User actions waiting for the server: distinct bursts. */
  get count(): number {
    return new Set(this.entries.map((e) => e.burst)).size
  }

  get changes(): OutboxChange[] {
    return this.entries.map(({ id, update, at, burst }) => ({ id, update, at, burst }))
  }

  /** The server's refusals so far, by change id. */
  get verdicts(): Map<string, Refusal> {
    return new Map(this.entries.filter((e) => e.verdict).map((e) => [e.id, e.verdict as Refusal]))
  }

  get needsReconcile(): boolean {
    return this.halted && this.openConn !== null && this.live && !this.entries.some((e) => this.inFlight(e))
  }

  get currentConnection(): number | null {
    return this.openConn
  }

  /** Records a local update. Returns true when it should be sent now (see takeSendable). */
  record(update: Uint8Array, origin: unknown): boolean {
    const now = (this.opts.now ?? Date.now)()
    const last = this.entries.at(-1)
    // Only a shared origin object marks a burst (the editor's and the text binding's); domain commands
    // make a new origin per call and plain writes have none, so each of those is its own action.
    // A write that belongs to the previous action (e.g. "who typed this" recorded right after the
    // first keystroke) says so with `sameAction: true` in its origin.
    // It may also come just before the action it belongs to (the editor's first, empty transaction).
    const sameAction =
      last !== undefined &&
      typeof origin === 'object' &&
      origin !== null &&
      (last.origin === origin || isBookkeeping(origin) || isBookkeeping(last.origin)) &&
      now - last.lastAt <= BURST_MS
    if (sameAction && last.cover === null && last.verdict === null) {
      last.update = Y.mergeUpdates([last.update, update])
      last.lastAt = now
      if (!isBookkeeping(origin)) last.origin = origin // later keystrokes keep merging
    } else {
      const burst = sameAction ? last.burst : this.nextBurst++
      const id = (this.opts.newId ?? defaultId)()
      this.entries.push({ id, update, at: now, burst, cover: null, verdict: null, origin, lastAt: now })
    }
    this.persist()
    return this.openConn !== null && this.live && !this.halted
  }

  connectionOpened(): number {
    const conn = this.nextConn++
    this.openConn = conn
    this.live = false
    this.seq = 0
    return conn
  }

  synced(conn: number): void {
    if (conn === this.openConn) this.live = true
  }

  /** Numbers the uncovered changes with this connection's next frame seqs; the caller sends them in order. */
  takeSendable(conn: number): { change: OutboxChange; seq: number }[] {
    if (conn !== this.openConn || !this.live || this.halted) return []
    const out: { change: OutboxChange; seq: number }[] = []
    for (const e of this.entries) {
      if (e.cover !== null || e.verdict !== null) continue
      e.cover = { conn, seq: ++this.seq }
      out.push({ change: { id: e.id, update: e.update, at: e.at, burst: e.burst }, seq: e.cover.seq })
    }
    return out
  }

  ack(conn: number, seq: number): void {
    const before = this.entries.length
    this.entries = this.entries.filter((e) => !(e.cover && e.cover.conn === conn && e.cover.seq <= seq))
    if (this.entries.length !== before) this.persist()
  }

  /** Frame `seq` was refused. A consequential code leaves the change pending (it is rebased). */
  reject(conn: number, seq: number, refusal: Refusal): void {
    const e = this.entries.find((x) => x.cover?.conn === conn && x.cover.seq === seq)
    if (!e) return
    e.cover = null
    if (!CONSEQUENTIAL_CODES.has(refusal.code)) e.verdict = refusal
    // Either way later frames of this client id cannot apply (clock gap): stop and reconcile.
    this.halted = true
  }

  /** After reconcile: the still-valid changes (rebased), in order; refused ones are gone from here. */
  replace(changes: readonly OutboxChange[]): void {
    const rest = new Map(this.entries.map((e) => [e.id, e]))
    this.entries = changes.map((c) => ({
      ...c,
      cover: null,
      verdict: null,
      origin: undefined,
      lastAt: rest.get(c.id)?.lastAt ?? c.at,
    }))
    this.halted = false
    this.persist()
  }

  /** Idempotent. Covered-but-unanswered changes become uncovered and are sent again next time. */
  connectionClosed(conn: number): void {
    if (this.openConn === conn) {
      this.openConn = null
      this.live = false
    }
    for (const e of this.entries) if (e.cover?.conn === conn) e.cover = null
  }

  private inFlight(e: Entry): boolean {
    return e.cover !== null && e.cover.conn === this.openConn
  }

  private persist(): void {
    this.opts.onPersist?.(this.changes)
    this.opts.onCountChange?.(this.count)
  }
}
