/**
 * Bytes-only persistence for Yjs documents (modelled on automerge-repo's StorageAdapterInterface).
 * A store knows nothing about Yjs: it keeps, per doc name, an ordered list of opaque update rows with
 * increasing ids. Every adapter (SQLite now, Postgres later) must pass
 * tests/server/storage-adapter-suite.ts.
 */
export interface LoadedDoc {
  /** All stored rows in append order (a compacted doc has a single snapshot row). */
  updates: Uint8Array[]
  /** Id of the newest row, 0 when the doc has no rows. */
  lastId: number
}

/**
 * Folds stored rows (in id order) into one snapshot. Supplied by the caller (SharedDoc: a fresh
 * Y.Doc) so the store stays Yjs-agnostic. Must not throw for rows it cannot read: skip them.
 */
export type MergeRows = (rows: Uint8Array[]) => Uint8Array

/** One stored row. */
export interface StoredRow {
  id: number
  data: Uint8Array
}

/**
 * Decides what to append, given the rows appended by anyone since the caller's `sinceId`. Runs
 * synchronously while the store holds the doc's write lock; must not throw for ordinary refusals
 * (return [] instead). Throwing aborts the transaction.
 */
export type DecideAppend = (missed: StoredRow[]) => Uint8Array[]

export interface DocStore {
  load(doc: string): Promise<LoadedDoc>
  /**
   * Appends `updates` in order as ONE durable transaction (group commit) and resolves with the id of
   * the last appended row only once the data is on disk. Appending [] resolves with the current lastId.
   */
  appendUpdates(doc: string, updates: Uint8Array[]): Promise<number>
  /**
   * Atomically replaces every row with id <= uptoId by one `snapshot` row (which keeps id uptoId so
   * rows appended meanwhile stay after it). Crash-safe: either the old rows or the snapshot survive.
   */
  compact(doc: string, snapshot: Uint8Array, uptoId: number): Promise<void>
  /**
   * Like compact, but the snapshot is computed INSIDE the store's transaction as
   * `merge(rows with id <= uptoId)`, from exactly the rows it deletes. Safe with several processes
   * appending to the same doc: a row can never be deleted without its content being in the snapshot,
   * whatever the caller's in-memory copy of the doc contains. No-op when there are < 2 such rows.
   * Resolves with the number of rows folded (0 for a no-op); the snapshot keeps the largest of their ids.
   */
  compactMerging(doc: string, uptoId: number, merge: MergeRows): Promise<number>
  /**
   * The serial writer for stores shared by several processes (PostgreSQL): under the doc's write
   * lock, which every process's appends and compactions take, reads every row with id > `sinceId`,
   * calls `decide(missed)` and appends what it returns, all in one transaction. Validation in
   * `decide` therefore sees exactly the doc every later writer will see: one order per doc across
   * processes. Resolves after COMMIT with `lastId`, the newest row id of the doc (every row up to it
   * was either in `missed` or just appended) and the id of the last appended row (0 if none).
   * Optional: a store used by one process only (SQLite) has no other writers, so the per-doc queue
   * in SharedDoc already is the serial writer.
   */
  appendSerial?(doc: string, sinceId: number, decide: DecideAppend): Promise<{ lastId: number; appendedId: number }>
  /** Names of all docs with at least one row. */
  list(): Promise<string[]>
  remove(doc: string): Promise<void>
  close(): Promise<void>
}
