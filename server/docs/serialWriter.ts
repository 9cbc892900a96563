/**
 * Durable append of one write batch, in one order per doc shared by every server process.
 *
 * With a store several processes share (PostgreSQL: `DocStore.appendSerial`) the batch is judged
 * and appended under the doc's cross-process write lock, after applying every row other processes
 * stored since `syncedId`: a content rule then sees exactly the doc every later writer will see, and
 * holds as with one process (no ballot stored after a close accepted by another process). With a
 * single-process store (SQLite) the per-doc WriteQueue already is the serial writer: judge, then append.
 */
import * as Y from 'yjs'
import type { DocStore, LoadedDoc, StoredRow } from '../storage/DocStore'
import { errorText, type Logger } from '../log'
import type { Compaction } from './compaction'
import { type DocRelay, REMOTE_ORIGIN } from './relay'

/** Judges the batch against the doc as it is at that moment; returns the updates to store. */
export type DecideBatch = () => Uint8Array[]

export class SerialWriter {
  /**
   * Every stored row with id <= syncedId is applied to the doc: a contiguous watermark (unlike the
   * compaction's lastId, which relayed messages from several processes may move past a gap).
   */
  private syncedId: number

  constructor(
    private readonly name: string,
    private readonly store: DocStore,
    loaded: LoadedDoc,
    private readonly ydoc: Y.Doc,
    private readonly compaction: Compaction,
    private readonly relay: () => DocRelay | null,
    private readonly log: Logger,
  ) {
    this.syncedId = loaded.lastId
  }

  /** Runs `decide` (after catching up, under the lock when shared) and durably stores its result. */
  async commit(decide: DecideBatch): Promise<void> {
    let stored: Uint8Array[] = []
    let id = 0
    if (this.store.appendSerial) {
      const r = await this.store.appendSerial(this.name, this.syncedId, (missed) => {
        this.catchUp(missed)
        stored = decide()
        return stored
      })
      if (r.lastId > this.syncedId) this.syncedId = r.lastId
      id = r.appendedId
    } else {
      stored = decide()
      if (stored.length > 0) id = await this.store.appendUpdates(this.name, stored)
      if (id > this.syncedId) this.syncedId = id
    }
    if (stored.length === 0) return
    this.compaction.noteStored(stored.length, id)
    // Durable now: other processes may relay it (before we apply, so nothing unstored leaks).
    this.relay()?.stored(stored, id)
  }

  /** True when relayed row `rowId` (and every row before it) was already applied by a catch-up. */
  hasApplied(rowId: number): boolean {
    return rowId <= this.syncedId
  }

  /** The whole doc up to `lastId` was re-read from the store and applied. */
  noteReloaded(lastId: number): void {
    if (lastId > this.syncedId) this.syncedId = lastId
  }

  /** Rows other processes stored that we had not applied (read under the write lock). */
  private catchUp(missed: StoredRow[]): void {
    for (const row of missed) {
      try {
        // REMOTE_ORIGIN: broadcast to our peers like a relayed update, never stored again.
        Y.applyUpdate(this.ydoc, row.data, REMOTE_ORIGIN)
      } catch (e) {
        this.log.error('skipping unreadable stored row', { doc: this.name, err: errorText(e) })
      }
      this.compaction.noteStored(1, row.id)
      if (row.id > this.syncedId) this.syncedId = row.id
    }
  }
}
