/**
 * DocStore on better-sqlite3. WAL mode + synchronous=FULL: a commit is fsynced before the promise
 * resolves, so the server may ACK right after appendUpdates. Appends run on a worker thread
 * (sqliteAppendWorker.mjs) with its own connection, one group commit at a time for all docs, so
 * the event loop never waits for the disk; loads and compactions stay on this thread (WAL: readers
 * do not block the writer; a compaction waits at most one commit for the write lock).
 */
import Database from 'better-sqlite3'
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { Worker } from 'node:worker_threads'
import type { DocStore, LoadedDoc, MergeRows } from './DocStore'

export const SQLITE_FILE_NAME = 'yishi.sqlite'

const SQL_SCHEMA = `
CREATE TABLE IF NOT EXISTS doc_updates (
  doc    TEXT    NOT NULL,
  id     INTEGER NOT NULL,
  data   BLOB    NOT NULL,
  PRIMARY KEY (doc, id)
) WITHOUT ROWID;`
const SQL_LOAD = 'SELECT id, data FROM doc_updates WHERE doc = ? ORDER BY id'
const SQL_LAST_ID = 'SELECT COALESCE(MAX(id), 0) AS lastId FROM doc_updates WHERE doc = ?'
const SQL_INSERT = 'INSERT INTO doc_updates (doc, id, data) VALUES (?, ?, ?)'
const SQL_LOAD_UPTO = 'SELECT id, data FROM doc_updates WHERE doc = ? AND id <= ? ORDER BY id'
const SQL_DELETE_UPTO = 'DELETE FROM doc_updates WHERE doc = ? AND id <= ?'
const SQL_LIST = 'SELECT DISTINCT doc FROM doc_updates ORDER BY doc'
const SQL_REMOVE = 'DELETE FROM doc_updates WHERE doc = ?'

interface PendingAppend {
  doc: string
  updates: Uint8Array[]
  resolve: (lastId: number) => void
  reject: (e: unknown) => void
}

export class SqliteDocStore implements DocStore {
  private readonly db: Database.Database
  private readonly stmts
  private readonly compactRows: Database.Transaction<(doc: string, snapshot: Uint8Array, uptoId: number) => void>
  /** Appends waiting for the next group commit (one fsync for all docs). */
  private pending: PendingAppend[] = []
  /** The group commit the append thread is working on. */
  private inFlight: PendingAppend[] | null = null
  private readonly appender: Worker
  /** Set when the append thread died or the store closed: every later append fails. */
  private broken: Error | null = null
  private drained: (() => void) | null = null

  /** `dataDir` is created if missing; the database file is `<dataDir>/yishi.sqlite`. */
  constructor(dataDir: string) {
    mkdirSync(dataDir, { recursive: true })
    this.db = new Database(join(dataDir, SQLITE_FILE_NAME))
    this.db.pragma('journal_mode = WAL')
    this.db.pragma('synchronous = FULL')
    this.db.pragma('busy_timeout = 5000')
    this.db.exec(SQL_SCHEMA)
    this.stmts = {
      load: this.db.prepare<[string], { id: number; data: Buffer }>(SQL_LOAD),
      loadUpto: this.db.prepare<[string, number], { id: number; data: Buffer }>(SQL_LOAD_UPTO),
      lastId: this.db.prepare<[string], { lastId: number }>(SQL_LAST_ID),
      insert: this.db.prepare<[string, number, Uint8Array]>(SQL_INSERT),
      deleteUpto: this.db.prepare<[string, number]>(SQL_DELETE_UPTO),
      list: this.db.prepare<[], { doc: string }>(SQL_LIST),
      remove: this.db.prepare<[string]>(SQL_REMOVE),
    }
    const s = this.stmts
    this.appender = new Worker(new URL('./sqliteAppendWorker.mjs', import.meta.url), {
      workerData: { file: join(dataDir, SQLITE_FILE_NAME) },
    })
    this.appender.unref() // referenced only while a commit is in flight (see commitPending)
    this.appender.on('message', (m: { ids?: number[]; error?: string }) => this.committed(m))
    this.appender.on('error', (e) => this.fail(e))
    this.appender.on('exit', () => this.fail(new Error('sqlite append thread exited')))
    // Delete + insert in one transaction: a crash leaves either all old rows or the snapshot.
    this.compactRows = this.db.transaction((doc: string, snapshot: Uint8Array, uptoId: number) => {
      s.deleteUpto.run(doc, uptoId)
      s.insert.run(doc, uptoId, snapshot)
    })
  }

  async load(doc: string): Promise<LoadedDoc> {
    const rows = this.stmts.load.all(doc)
    // Copy out of Buffer so callers get plain Uint8Arrays that do not alias a pooled buffer.
    return { updates: rows.map((r) => new Uint8Array(r.data)), lastId: rows.at(-1)?.id ?? 0 }
  }

  /**
   * Group commit across documents: while one commit is in flight on the append thread, every
   * append requested meanwhile waits and goes into the next transaction together, so N busy docs
   * cost one fsync instead of N. Each promise resolves only after its transaction is durably committed.
   */
  appendUpdates(doc: string, updates: Uint8Array[]): Promise<number> {
    if (this.broken) return Promise.reject(this.broken)
    return new Promise((resolve, reject) => {
      this.pending.push({ doc, updates, resolve, reject })
      if (this.inFlight === null && this.pending.length === 1) setImmediate(() => this.commitPending())
    })
  }

  private commitPending(): void {
    if (this.inFlight !== null || this.pending.length === 0) return
    const batch = this.pending
    this.pending = []
    this.inFlight = batch
    this.appender.ref()
    this.appender.postMessage({ batch: batch.map((b) => ({ doc: b.doc, updates: b.updates })) })
  }

  private committed(m: { ids?: number[]; error?: string }): void {
    const batch = this.inFlight ?? []
    this.inFlight = null
    this.appender.unref()
    if (m.ids) for (const [i, b] of batch.entries()) b.resolve(m.ids[i]!)
    else for (const b of batch) b.reject(new Error(m.error ?? 'append failed'))
    if (this.pending.length > 0) this.commitPending()
    else this.drained?.()
  }

  private fail(e: Error): void {
    this.broken ??= e
    const waiting = [...(this.inFlight ?? []), ...this.pending]
    this.inFlight = null
    this.pending = []
    for (const b of waiting) b.reject(this.broken)
    this.drained?.()
  }

  async compact(doc: string, snapshot: Uint8Array, uptoId: number): Promise<void> {
    if (uptoId <= 0) throw new Error('compact: uptoId must be > 0')
    this.compactRows.immediate(doc, snapshot, uptoId)
  }

  async compactMerging(doc: string, uptoId: number, merge: MergeRows): Promise<number> {
    if (uptoId <= 0) throw new Error('compact: uptoId must be > 0')
    // Read, merge and replace in one IMMEDIATE transaction: nobody can append or compact in between.
    return this.db
      .transaction((): number => {
        const rows = this.stmts.loadUpto.all(doc, uptoId)
        if (rows.length < 2) return 0
        const snapshot = merge(rows.map((r) => new Uint8Array(r.data)))
        this.stmts.deleteUpto.run(doc, uptoId)
        this.stmts.insert.run(doc, rows.at(-1)!.id, snapshot)
        return rows.length
      })
      .immediate()
  }

  async list(): Promise<string[]> {
    return this.stmts.list.all().map((r) => r.doc)
  }

  async remove(doc: string): Promise<void> {
    this.stmts.remove.run(doc)
  }

  async close(): Promise<void> {
    if (!this.db.open) return
    // Every append requested before close is committed first; then the append thread stops.
    while (!this.broken && (this.inFlight !== null || this.pending.length > 0)) {
      await new Promise<void>((r) => {
        this.drained = r
        this.commitPending()
      })
      this.drained = null
    }
    this.broken ??= new Error('store closed')
    this.appender.removeAllListeners('exit')
    await this.appender.terminate()
    // Fold the WAL into the main file so a plain copy of yishi.sqlite is complete after shutdown.
    this.db.pragma('wal_checkpoint(TRUNCATE)')
    this.db.close()
  }
}
