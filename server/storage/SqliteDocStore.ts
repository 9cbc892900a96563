/**
 * DocStore on better-sqlite3. WAL mode + synchronous=FULL: a commit is fsynced before the promise
 * resolves, so the server may ACK right after appendUpdates. better-sqlite3 is synchronous; each call
 * is short (one indexed transaction), and the per-doc queues batch updates so fsyncs stay few.
 */
import Database from 'better-sqlite3'
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
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
  private readonly appendBatch: Database.Transaction<(doc: string, updates: Uint8Array[]) => number>
  private readonly compactRows: Database.Transaction<(doc: string, snapshot: Uint8Array, uptoId: number) => void>
  private readonly appendAll: Database.Transaction<(batch: PendingAppend[]) => number[]>
  /** Appends requested during this event-loop turn, committed together (one fsync for all docs). */
  private pending: PendingAppend[] = []

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
    this.appendBatch = this.db.transaction((doc: string, updates: Uint8Array[]) => {
      let id = s.lastId.get(doc)?.lastId ?? 0
      for (const u of updates) s.insert.run(doc, ++id, u)
      return id
    })
    this.appendAll = this.db.transaction((batch: PendingAppend[]) =>
      batch.map((b) => this.appendBatch(b.doc, b.updates)),
    )
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
   * Group commit across documents: every append requested in the same event-loop turn goes into one
   * transaction, so N busy docs cost one fsync instead of N. Each promise resolves only after that
   * transaction is durably committed.
   */
  appendUpdates(doc: string, updates: Uint8Array[]): Promise<number> {
    return new Promise((resolve, reject) => {
      this.pending.push({ doc, updates, resolve, reject })
      if (this.pending.length === 1) setImmediate(() => this.commitPending())
    })
  }

  private commitPending(): void {
    const batch = this.pending
    this.pending = []
    if (batch.length === 0) return
    let ids: number[]
    try {
      ids = this.appendAll.immediate(batch)
    } catch (e) {
      for (const b of batch) b.reject(e)
      return
    }
    for (const [i, b] of batch.entries()) b.resolve(ids[i]!)
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
    this.commitPending()
    // Fold the WAL into the main file so a plain copy of yishi.sqlite is complete after shutdown.
    this.db.pragma('wal_checkpoint(TRUNCATE)')
    this.db.close()
  }
}
