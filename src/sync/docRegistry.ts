/**
 * Opens each named Y.Doc once per page: IndexedDB persistence first (so local edits are in the doc
 * before the first sync), then the websocket provider on /sync/<docName>. Handles are ref-counted.
 */
import * as Y from 'yjs'
import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'
import { IndexeddbPersistence } from 'y-indexeddb'
import { WebsocketProvider } from 'y-websocket'
import { Awareness } from 'y-protocols/awareness'
import { isValidDocName } from './protocol/docName'
import { MESSAGE_ACK, MESSAGE_REJECT, readAck, readReject } from './protocol/messages'
import { PendingTracker } from './pendingTracker'
import { createTrackedWebSocket } from './trackedSocket'
import { computeState, statusHub, watchNetwork, type DocSyncStatus } from './connectionStatus'
import { Store, type ReadableStore } from './observable'
import { trackLocalSaves } from './localSave'

export interface DocHandle {
  readonly name: string
  readonly doc: Y.Doc
  readonly awareness: Awareness
  /** Resolves once IndexedDB content is loaded and the provider exists. */
  readonly ready: Promise<void>
  readonly status: ReadableStore<DocSyncStatus>
  release(): void
}

interface Entry {
  name: string
  doc: Y.Doc
  refs: number
  persistence: IndexeddbPersistence
  provider: WebsocketProvider | null
  tracker: PendingTracker
  status: Store<DocSyncStatus>
  awareness: Awareness
  ready: Promise<void>
  destroyed: boolean
  localUnsaved: ReadableStore<number> | null
}

const entries = new Map<string, Entry>()

const pendingKey = (name: string): string => `yishi:pending:${name}`

function readPendingCount(name: string): number {
  const n = Number(globalThis.localStorage?.getItem(pendingKey(name)) ?? 0)
  return Number.isFinite(n) && n > 0 ? n : 0
}

function writePendingCount(name: string, n: number): void {
  if (n > 0) globalThis.localStorage?.setItem(pendingKey(name), String(n))
  else globalThis.localStorage?.removeItem(pendingKey(name))
}

export function syncServerUrl(): string {
  return `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/sync`
}

function updateStatus(e: Entry): void {
  const connected = e.provider?.wsconnected ?? false
  const synced = connected && (e.provider?.synced ?? false)
  const pending = e.tracker.count
  const localUnsaved = e.localUnsaved?.get() ?? 0
  e.status.set({ state: computeState(connected, synced, pending), connected, synced, pending, localUnsaved })
}

/** Routes ACK/REJECT (unknown to stock y-websocket) to the tracker, for the connection that sent them. */
function installAckHandlers(e: Entry, provider: WebsocketProvider): void {
  const connOf = (): number | null =>
    (provider.ws as unknown as { connectionId?: number | null } | null)?.connectionId ?? null
  provider.messageHandlers[MESSAGE_ACK] = (_enc: encoding.Encoder, dec: decoding.Decoder) => {
    const conn = connOf()
    if (conn !== null) e.tracker.ack(conn, readAck(dec))
  }
  provider.messageHandlers[MESSAGE_REJECT] = (_enc: encoding.Encoder, dec: decoding.Decoder) => {
    const conn = connOf()
    const r = readReject(dec)
    if (conn !== null) e.tracker.reject(conn, r)
  }
}

async function start(e: Entry, awareness: Awareness): Promise<void> {
  await e.persistence.whenSynced
  if (e.destroyed) return
  e.localUnsaved = trackLocalSaves(e.persistence)
  e.localUnsaved.subscribe(() => updateStatus(e))
  const provider = new WebsocketProvider(syncServerUrl(), e.name, e.doc, {
    awareness,
    connect: false,
    WebSocketPolyfill: createTrackedWebSocket(e.tracker),
  })
  installAckHandlers(e, provider)
  e.provider = provider
  provider.on('status', () => updateStatus(e))
  provider.on('sync', () => updateStatus(e))
  provider.on('connection-close', () => updateStatus(e))
  if (navigator.onLine) provider.connect()
  updateStatus(e)
}

function create(name: string): Entry {
  const doc = new Y.Doc()
  const status = new Store<DocSyncStatus>({ state: 'offline', connected: false, synced: false, pending: 0, localUnsaved: 0 })
  const e = {} as Entry
  const tracker = new PendingTracker({
    restoredCount: readPendingCount(name),
    onCountChange: (n) => {
      writePendingCount(name, n)
      updateStatus(e)
    },
    onReject: (r) => statusHub.lastRejection.set({ ...r, doc: name }),
  })
  // Registered before the provider's own update listener: observers run in registration order, so
  // the pending entry exists before the provider sends the frame that carries it.
  doc.on('update', (_u: Uint8Array, origin: unknown) => {
    if (origin === e.provider || origin === e.persistence) return
    tracker.localChange()
  })
  const persistence = new IndexeddbPersistence(`yishi:${name}`, doc)
  Object.assign(e, { name, doc, refs: 0, persistence, provider: null, tracker, status, destroyed: false, localUnsaved: null })
  // Awareness exists before the provider so the UI can publish presence while IndexedDB loads.
  e.awareness = new Awareness(doc)
  e.ready = start(e, e.awareness)
  updateStatus(e)
  statusHub.add(name, status)
  return e
}

function destroy(e: Entry): void {
  e.destroyed = true
  entries.delete(e.name)
  statusHub.remove(e.name)
  e.provider?.destroy()
  e.awareness.destroy()
  void e.persistence.destroy()
  e.doc.destroy()
}

export function openDoc(name: string): DocHandle {
  if (!isValidDocName(name)) throw new Error(`invalid doc name: ${name}`)
  let e = entries.get(name)
  if (!e) {
    e = create(name)
    entries.set(name, e)
  }
  e.refs++
  const entry = e
  let released = false
  return {
    name,
    doc: entry.doc,
    awareness: entry.awareness,
    ready: entry.ready,
    status: entry.status,
    release() {
      if (released) return
      released = true
      if (--entry.refs === 0) destroy(entry)
    },
  }
}

/** Test/debug hook: the pending tracker's internal state for a doc. */
export function pendingSnapshot(name: string): ReturnType<PendingTracker['snapshot']> | null {
  return entries.get(name)?.tracker.snapshot() ?? null
}

watchNetwork(
  () => {
    for (const e of entries.values()) e.provider?.disconnect()
    statusHub.recompute()
  },
  () => {
    for (const e of entries.values()) e.provider?.connect()
    statusHub.recompute()
  },
)
