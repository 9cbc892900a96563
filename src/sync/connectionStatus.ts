/**
 * Connection status per document and aggregated over all open documents, for the header indicator
 * (在线 / 离线 / 同步中 + "N 项更改待同步").
 */
import { Store, type ReadableStore } from './observable'

export type SyncState = 'online' | 'offline' | 'syncing'

export interface DocSyncStatus {
  state: SyncState
  connected: boolean
  synced: boolean
  pending: number
  /** Local IndexedDB writes not yet committed (0 = everything typed is saved on this device). */
  localUnsaved: number
  /** The server refused this person access (4403/4404): not "offline", and not counted as such. */
  denied?: boolean
}

/** The latest reconcile that moved changes to the refused list (for the banner). */
export interface RefusalNotice {
  doc: string
  /** How many changes were refused this time. */
  n: number
  /** The first one's refusal code and, for a household's record, the flat. */
  code: string
  flat?: string
  at: number
}

export interface AggregateStatus {
  state: SyncState
  pending: number
  localUnsaved: number
  docs: number
}

/** 'syncing' = connected but the initial exchange isn't done or the server hasn't stored everything. */
export function computeState(connected: boolean, synced: boolean, pending: number): SyncState {
  if (!connected) return 'offline'
  return synced && pending === 0 ? 'online' : 'syncing'
}

export function aggregate(docs: DocSyncStatus[], browserOnline: boolean): AggregateStatus {
  const pending = docs.reduce((n, d) => n + d.pending, 0)
  const localUnsaved = docs.reduce((n, d) => n + d.localUnsaved, 0)
  let state: SyncState
  // A doc this person may not open is a permission matter (the page says so), not a connection one.
  const live = docs.filter((d) => !d.denied)
  if (live.length === 0) state = browserOnline ? 'online' : 'offline'
  else if (live.some((d) => d.state === 'offline')) state = 'offline'
  else if (live.some((d) => d.state === 'syncing')) state = 'syncing'
  else state = 'online'
  return { state, pending, localUnsaved, docs: docs.length }
}

function browserOnline(): boolean {
  return typeof navigator === 'undefined' ? true : navigator.onLine
}

/** Holds every open document's status store and derives the aggregate. */
export class StatusHub {
  private docs = new Map<string, Store<DocSyncStatus>>()
  private unsubs = new Map<string, () => void>()
  readonly total = new Store<AggregateStatus>(aggregate([], browserOnline()))
  /** The latest refusal notice (any document), for a dismissible banner linking to the refused list. */
  readonly lastRefusal = new Store<RefusalNotice | null>(null)

  add(name: string, store: Store<DocSyncStatus>): void {
    this.docs.set(name, store)
    this.unsubs.set(
      name,
      store.subscribe(() => this.recompute()),
    )
    this.recompute()
  }

  remove(name: string): void {
    this.unsubs.get(name)?.()
    this.unsubs.delete(name)
    this.docs.delete(name)
    this.recompute()
  }

  doc(name: string): ReadableStore<DocSyncStatus> | undefined {
    return this.docs.get(name)
  }

  recompute(): void {
    const next = aggregate(
      [...this.docs.values()].map((s) => s.get()),
      browserOnline(),
    )
    const cur = this.total.get()
    const same = cur.state === next.state && cur.pending === next.pending && cur.docs === next.docs
    if (!same || cur.localUnsaved !== next.localUnsaved) this.total.set(next)
  }
}

/** The one hub for this page. Lives here (not in docRegistry) so the header can show status
 * without pulling Yjs and the providers into the shell's initial bundle. */
export const statusHub = new StatusHub()

/**
 * Follows the browser's online/offline events. Offline emulation (and some real networks) leave
 * existing websockets open, so "offline" explicitly disconnects and "online" reconnects.
 */
export function watchNetwork(onOffline: () => void, onOnline: () => void): () => void {
  if (typeof window === 'undefined') return () => {}
  window.addEventListener('offline', onOffline)
  window.addEventListener('online', onOnline)
  return () => {
    window.removeEventListener('offline', onOffline)
    window.removeEventListener('online', onOnline)
  }
}

// With no document open the aggregate follows the browser's own online flag.
watchNetwork(
  () => statusHub.recompute(),
  () => statusHub.recompute(),
)
