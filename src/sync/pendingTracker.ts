/**
 * Counts local changes the server has not yet durably stored (docs/protocol.md, "Client
 * pending-change accounting"). Pure logic: no Yjs, no WebSocket, no browser — the wiring lives in
 * docRegistry.ts / trackedSocket.ts, which call the methods below in this order of events:
 *
 *   localChange()            a local Y.Doc update happened (the listener runs before the provider's)
 *   connectionOpened()       a socket opened; returns its connection id
 *   frameSent(conn, kind)    the socket sent an update-bearing frame (step2 | update)
 *   ack(conn, seq) / reject(conn, rejection)
 *   connectionClosed(conn)
 *
 * The count is only for display: edits live in the Y.Doc/IndexedDB and are never discarded here.
 */
import type { Rejection } from '../protocol/messages'

export type FrameKind = 'step2' | 'update'

interface PendingEntry {
  /** Connection open when the change was made; null when offline (or restored after reload). */
  createdOn: number | null
  /** The frame that carries this change on some connection; null while uncovered. */
  cover: { conn: number; seq: number } | null
}

export interface RejectionEvent extends Rejection {
  /** How many pending local changes the refused frame carried. */
  changes: number
  at: number
}

export interface PendingTrackerOptions {
  /** Count persisted before a reload: restored as uncovered entries (the next step2 covers them). */
  restoredCount?: number
  /** Called whenever the count changes (docRegistry persists it to localStorage). */
  onCountChange?: (count: number) => void
  onReject?: (event: RejectionEvent) => void
  now?: () => number
}

export class PendingTracker {
  private entries: PendingEntry[] = []
  private nextConn = 1
  /** The connection whose socket is open, or null. Only one is open at a time. */
  private openConn: number | null = null
  private seq = 0
  private readonly opts: PendingTrackerOptions

  constructor(opts: PendingTrackerOptions = {}) {
    this.opts = opts
    const n = Math.max(0, Math.floor(opts.restoredCount ?? 0))
    for (let i = 0; i < n; i++) this.entries.push({ createdOn: null, cover: null })
  }

  get count(): number {
    return this.entries.length
  }

  get currentConnection(): number | null {
    return this.openConn
  }

  localChange(): void {
    this.entries.push({ createdOn: this.openConn, cover: null })
    this.changed()
  }

  connectionOpened(): number {
    const conn = this.nextConn++
    this.openConn = conn
    this.seq = 0
    return conn
  }

  /** Returns the frame's sequence number on `conn` (counted from 1), or 0 if `conn` isn't open. */
  frameSent(conn: number, kind: FrameKind): number {
    if (conn !== this.openConn) return 0
    const seq = ++this.seq
    for (const e of this.entries) {
      if (kind === 'step2') {
        // step2 carries the whole diff the server lacks, so it covers everything not already
        // riding on this connection (also entries a late close event hasn't uncovered yet).
        if (e.cover === null || e.cover.conn !== conn) e.cover = { conn, seq }
      } else if (e.cover === null && e.createdOn === conn) {
        // An update frame only carries changes made while this socket was open.
        e.cover = { conn, seq }
      }
    }
    return seq
  }

  ack(conn: number, seq: number): void {
    const before = this.entries.length
    this.entries = this.entries.filter((e) => !(e.cover && e.cover.conn === conn && e.cover.seq <= seq))
    if (this.entries.length !== before) this.changed()
  }

  /** The server refused frame `r.seq`: its changes will never be stored, so stop counting them. */
  reject(conn: number, r: Rejection): void {
    const before = this.entries.length
    this.entries = this.entries.filter((e) => !(e.cover && e.cover.conn === conn && e.cover.seq === r.seq))
    const changes = before - this.entries.length
    this.opts.onReject?.({ ...r, changes, at: (this.opts.now ?? Date.now)() })
    if (changes > 0) this.changed()
  }

  /** Idempotent. Covered-but-unacknowledged entries become uncovered for the next step2. */
  connectionClosed(conn: number): void {
    if (this.openConn === conn) this.openConn = null
    for (const e of this.entries) {
      if (e.cover && e.cover.conn === conn) e.cover = null
    }
  }

  /** For tests and debugging. */
  snapshot(): { uncovered: number; covered: number; openConn: number | null; seq: number } {
    const covered = this.entries.filter((e) => e.cover !== null).length
    return { uncovered: this.entries.length - covered, covered, openConn: this.openConn, seq: this.seq }
  }

  private changed(): void {
    this.opts.onCountChange?.(this.entries.length)
  }
}
