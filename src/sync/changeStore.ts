/**
 * IndexedDB for per-change sync (docs/protocol.md, "Per-change acceptance and reconcile"):
 *  - `outbox`: per local copy (scope:doc), the unacknowledged changes in order (changeOutbox.ts);
 *  - `refused`: the device's "未被接受的更改" — changes the server refused, never silently dropped.
 * Every write commits at once (a reload aborts uncommitted IndexedDB transactions, localSave.ts).
 */
import type { OutboxChange } from './changeOutbox'
import { Store } from './observable'

const DB_NAME = 'yishi:changes'
const OUTBOX = 'outbox'
const REFUSED = 'refused'

// The record's shape lives apart so code without IndexedDB (describeRefused, server tests) can use it.
export type { RefusedAction, RefusedRecord } from './refusedRecord'
import type { RefusedRecord } from './refusedRecord'

let dbPromise: Promise<IDBDatabase> | null = null

function openDb(): Promise<IDBDatabase> {
  dbPromise ??= new Promise((resolve, reject) => {
    const req = indexedDB.open(DB_NAME, 1)
    req.onupgradeneeded = () => {
      const db = req.result
      if (!db.objectStoreNames.contains(OUTBOX)) db.createObjectStore(OUTBOX, { keyPath: 'key' })
      if (!db.objectStoreNames.contains(REFUSED)) db.createObjectStore(REFUSED, { keyPath: 'id' })
    }
    req.onsuccess = () => resolve(req.result)
    req.onerror = () => reject(req.error)
  })
  return dbPromise
}

function run<T>(
  store: string,
  mode: IDBTransactionMode,
  fn: (s: IDBObjectStore) => IDBRequest | undefined,
): Promise<T> {
  return openDb().then(
    (db) =>
      new Promise<T>((resolve, reject) => {
        const tx = db.transaction([store], mode)
        const req = fn(tx.objectStore(store))
        tx.oncomplete = () => resolve(req ? (req.result as T) : (undefined as T))
        tx.onerror = () => reject(tx.error)
        tx.onabort = () => reject(tx.error)
        tx.commit?.()
      }),
  )
}

/** Unsaved outbox writes in flight (the UI/tests can wait for 0, like localSave.ts). */
export const outboxUnsaved = new Store(0)

export async function loadOutbox(key: string): Promise<OutboxChange[]> {
  if (typeof indexedDB === 'undefined') return []
  const rec = await run<{ key: string; changes: OutboxChange[] } | undefined>(OUTBOX, 'readonly', (s) => s.get(key))
  return rec?.changes ?? []
}

/** Writes are chained per key so a slow earlier write never overwrites a later list. */
const chains = new Map<string, Promise<void>>()

export function saveOutbox(key: string, changes: OutboxChange[]): Promise<void> {
  if (typeof indexedDB === 'undefined') return Promise.resolve()
  outboxUnsaved.set(outboxUnsaved.get() + 1)
  const next = (chains.get(key) ?? Promise.resolve())
    .then(() => run(OUTBOX, 'readwrite', (s) => (changes.length ? s.put({ key, changes }) : s.delete(key))))
    .then(
      () => {},
      (e) => console.error('outbox write failed', e),
    )
    .finally(() => outboxUnsaved.set(outboxUnsaved.get() - 1))
  chains.set(key, next)
  return next
}

/** Bumped on every change to the refused list, so screens and banners re-read it. */
export const refusedVersion = new Store(0)

export async function addRefused(records: RefusedRecord[]): Promise<void> {
  if (records.length === 0 || typeof indexedDB === 'undefined') return
  await openDb().then(
    (db) =>
      new Promise<void>((resolve, reject) => {
        const tx = db.transaction([REFUSED], 'readwrite')
        for (const r of records) tx.objectStore(REFUSED).put(r)
        tx.oncomplete = () => resolve()
        tx.onerror = () => reject(tx.error)
        tx.commit?.()
      }),
  )
  refusedVersion.set(refusedVersion.get() + 1)
}

export async function listRefused(scope: string): Promise<RefusedRecord[]> {
  if (typeof indexedDB === 'undefined') return []
  const all = await run<RefusedRecord[]>(REFUSED, 'readonly', (s) => s.getAll())
  return all.filter((r) => r.scope === scope).sort((a, b) => b.refusedAt - a.refusedAt || a.id.localeCompare(b.id))
}

export async function markResolved(id: string, kind: string, at = Date.now()): Promise<void> {
  const rec = await run<RefusedRecord | undefined>(REFUSED, 'readonly', (s) => s.get(id))
  if (!rec) return
  await run(REFUSED, 'readwrite', (s) => s.put({ ...rec, resolved: { kind, at } }))
  refusedVersion.set(refusedVersion.get() + 1)
}
