/**
 * Replaces y-indexeddb's per-update writer with an equivalent one that also reports when each write
 * has committed. Navigating away (reload, app switch on a tablet) aborts uncommitted IndexedDB
 * transactions, so "saved on this device" must mean committed, and the UI/tests can wait for it.
 */
import { type IndexeddbPersistence, PREFERRED_TRIM_SIZE, storeState } from 'y-indexeddb'
import { Store } from './observable'

const UPDATES_STORE = 'updates' // y-indexeddb's object store for incremental updates

/** Number of local writes issued but not yet committed. Call after `whenSynced` (db is open). */
export function trackLocalSaves(p: IndexeddbPersistence): Store<number> {
  const unsaved = new Store(0)
  const doc = p.doc
  doc.off('update', p._storeUpdate)
  p._storeUpdate = (update: Uint8Array, origin: unknown) => {
    const db = p.db
    if (!db || origin === p) return
    const tx = db.transaction([UPDATES_STORE], 'readwrite')
    tx.objectStore(UPDATES_STORE).add(update)
    unsaved.set(unsaved.get() + 1)
    const done = (): void => unsaved.set(unsaved.get() - 1)
    tx.oncomplete = done
    tx.onabort = done
    // Commit now instead of when the event loop idles: shrinks the window a reload can cut off.
    tx.commit?.()
    // Same compaction as y-indexeddb: after many small updates, store one merged state (debounced).
    if (++p._dbsize >= PREFERRED_TRIM_SIZE) {
      if (p._storeTimeoutId !== null) clearTimeout(p._storeTimeoutId)
      p._storeTimeoutId = setTimeout(() => {
        void storeState(p, false)
        p._storeTimeoutId = null
      }, p._storeTimeout)
    }
  }
  doc.on('update', p._storeUpdate)
  return unsaved
}
