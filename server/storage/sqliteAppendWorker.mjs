/**
 * The append side of SqliteDocStore, on its own thread with its own connection (plain JS: it runs
 * in a worker thread without the TypeScript loader). Each message is one group commit: every
 * pending append of every doc in ONE IMMEDIATE transaction, fsynced (WAL, synchronous=FULL) before
 * the reply, so the main thread acknowledges nothing that is not on disk. While this thread waits
 * for the disk, the event loop keeps fanning out, and whatever arrives meanwhile forms the next
 * (bigger) commit.
 *
 *   in:  { batch: [{ doc, updates: Uint8Array[] }] }   out: { ids: number[] } | { error: string }
 */
import { parentPort, workerData } from 'node:worker_threads'
import Database from 'better-sqlite3'

const db = new Database(workerData.file)
db.pragma('journal_mode = WAL')
db.pragma('synchronous = FULL')
db.pragma('busy_timeout = 5000')
const lastId = db.prepare('SELECT COALESCE(MAX(id), 0) AS lastId FROM doc_updates WHERE doc = ?')
const insert = db.prepare('INSERT INTO doc_updates (doc, id, data) VALUES (?, ?, ?)')
const appendAll = db.transaction((batch) =>
  batch.map(({ doc, updates }) => {
    let id = lastId.get(doc).lastId
    for (const u of updates) insert.run(doc, ++id, u)
    return id
  }),
)

parentPort.on('message', ({ batch }) => {
  try {
    parentPort.postMessage({ ids: appendAll.immediate(batch) })
  } catch (e) {
    parentPort.postMessage({ error: e instanceof Error ? e.message : String(e) })
  }
})
