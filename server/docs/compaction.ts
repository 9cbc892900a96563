/**
 * Compaction of one doc's stored rows. Tracks how many rows the store holds and the newest row id
 * we know, and folds them into one snapshot row once there are more than `compactAfterUpdates`.
 */
import * as Y from 'yjs'
import type { DocStore, LoadedDoc } from '../storage/DocStore'
import { errorText, type Logger } from '../log'

export class Compaction {
  private rows: number
  private lastId: number
  private running: Promise<void> | null = null

  constructor(
    private readonly name: string,
    private readonly store: DocStore,
    loaded: LoadedDoc,
    private readonly gc: boolean,
    private readonly compactAfterUpdates: number,
    private readonly log: Logger,
  ) {
    this.rows = loaded.updates.length
    this.lastId = loaded.lastId
  }

  get storedRows(): number {
    return this.rows
  }

  /** The compaction in progress, if any. */
  get current(): Promise<void> | null {
    return this.running
  }

  /** `count` rows were stored (by us, or by another process: then one at a time), the newest `lastId`. */
  noteStored(count: number, lastId: number): void {
    if (lastId > this.lastId) this.lastId = lastId
    this.rows += count
  }

  /** The store was re-read: it holds at least `loaded.updates.length` rows up to `loaded.lastId`. */
  noteReloaded(loaded: LoadedDoc): void {
    if (loaded.lastId > this.lastId) this.lastId = loaded.lastId
    this.rows = Math.max(this.rows, loaded.updates.length)
  }

  compactIfDue(): void {
    if (this.rows > this.compactAfterUpdates) void this.compact()
  }

  /**
   * Folds the stored rows up to the newest id we know into one snapshot row (no-op when there is at
   * most one row). The snapshot is NOT taken from the in-memory doc: with several processes, rows
   * another process appended may not have reached us yet. The store merges exactly the rows it
   * deletes, inside its transaction (`mergeRows`), so no row can vanish without being in the snapshot.
   */
  compact(): Promise<void> {
    if (this.running) return this.running
    if (this.rows <= 1 || this.lastId === 0) return Promise.resolve()
    this.running = this.store
      .compactMerging(this.name, this.lastId, this.mergeRows)
      .then(
        (folded) => {
          if (folded > 0) this.rows = Math.max(1, this.rows - (folded - 1))
        },
        (e) => this.log.error('compaction failed', { doc: this.name, err: errorText(e) }),
      )
      .finally(() => {
        this.running = null
      })
    return this.running
  }

  /** Snapshot of stored rows as the doc would hold them (same gc setting); skips unreadable rows. */
  readonly mergeRows = (rows: Uint8Array[]): Uint8Array => {
    const d = new Y.Doc({ gc: this.gc })
    for (const u of rows) {
      try {
        Y.applyUpdate(d, u)
      } catch (e) {
        this.log.error('skipping unreadable stored row', { doc: this.name, err: errorText(e) })
      }
    }
    const snapshot = Y.encodeStateAsUpdate(d)
    d.destroy()
    return snapshot
  }
}
