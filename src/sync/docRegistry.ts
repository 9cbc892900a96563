/**
 * Opens each named Y.Doc once per page: IndexedDB persistence first (so local edits are in the doc
 * before the first sync), then the websocket provider on /sync/<docName>?token=…. Handles are
 * ref-counted. Local copies are kept per signed-in user (see syncAuth.ts); the provider only
 * connects with a token and reconnects when the session renews it after a 4401.
 */
import * as Y from 'yjs'
import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'
import { IndexeddbPersistence } from 'y-indexeddb'
import { WebsocketProvider } from 'y-websocket'
import { Awareness } from 'y-protocols/awareness'
import { isValidDocName } from '../protocol/docName'
import { MESSAGE_ACK, MESSAGE_REJECT, readAck, readReject } from '../protocol/messages'
import { PendingTracker } from './pendingTracker'
import { createTrackedWebSocket } from './trackedSocket'
import { computeState, statusHub, watchNetwork, type DocSyncStatus } from './connectionStatus'
import { Store, type ReadableStore } from './observable'
import { trackLocalSaves } from './localSave'
import { CLOSE_FORBIDDEN, CLOSE_UNAUTHENTICATED, CLOSE_UNKNOWN_DOC, syncAuthHooks, syncCredentials } from './syncAuth'

/** 'denied' = the server refused this person access (4403); 'unknown' = doc type unknown (4404). */
export type DocAccess = 'ok' | 'denied' | 'unknown'

export interface DocHandle {
  readonly name: string
  readonly doc: Y.Doc
  readonly awareness: Awareness
  /** Resolves once IndexedDB content is loaded and the provider exists. */
  readonly ready: Promise<void>
  readonly status: ReadableStore<DocSyncStatus>
  readonly access: ReadableStore<DocAccess>
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
  key: string
  scope: string
  access: Store<DocAccess>
  /** 4401 closes since the last successful sync: stops a renew/refuse loop. */
  authFailures: number
}

const MAX_AUTH_FAILURES = 3

const entries = new Map<string, Entry>()

const scoped = (scope: string, name: string): string => (scope ? `${scope}:${name}` : name)
const pendingKey = (key: string): string => `yishi:pending:${key}`

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

/** Connects if there is a token for this entry's user, the network is up and access wasn't refused. */
function maybeConnect(e: Entry): void {
  const p = e.provider
  const creds = syncCredentials.get()
  if (!p || e.destroyed || e.access.get() !== 'ok' || creds.scope !== e.scope || !creds.token) return
  p.params = { token: creds.token }
  if (navigator.onLine && !p.wsconnected && p.ws === null) p.connect()
}

function onPermanentClose(e: Entry, code: number): void {
  if (code === CLOSE_UNAUTHENTICATED) {
    if (++e.authFailures >= MAX_AUTH_FAILURES) syncAuthHooks()?.failed()
    else syncAuthHooks()?.renew()
  } else if (code === CLOSE_FORBIDDEN) {
    e.access.set('denied')
    syncAuthHooks()?.denied(e.name)
    // Removed from this council: drop the local copy, unless it holds edits never stored on the
    // server (kept so nothing typed is silently lost; the page says they cannot be sent).
    if (e.tracker.count === 0) void e.persistence.clearData()
  } else if (code === CLOSE_UNKNOWN_DOC) {
    e.access.set('unknown')
  }
  updateStatus(e)
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
  provider.on('sync', (synced: boolean) => {
    if (synced) e.authFailures = 0
    updateStatus(e)
  })
  provider.on('connection-close', () => updateStatus(e))
  provider.on('closed', (ev: { code: number }) => onPermanentClose(e, ev.code))
  maybeConnect(e)
  updateStatus(e)
}

function create(name: string, scope: string): Entry {
  const key = scoped(scope, name)
  const doc = new Y.Doc()
  const status = new Store<DocSyncStatus>({
    state: 'offline',
    connected: false,
    synced: false,
    pending: 0,
    localUnsaved: 0,
  })
  const e = {} as Entry
  const tracker = new PendingTracker({
    restoredCount: readPendingCount(key),
    onCountChange: (n) => {
      writePendingCount(key, n)
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
  const persistence = new IndexeddbPersistence(`yishi:${key}`, doc)
  const access = new Store<DocAccess>('ok')
  Object.assign(e, {
    name,
    key,
    scope,
    doc,
    refs: 0,
    persistence,
    provider: null,
    tracker,
    status,
    destroyed: false,
    localUnsaved: null,
    access,
    authFailures: 0,
  })
  // Awareness exists before the provider so the UI can publish presence while IndexedDB loads.
  e.awareness = new Awareness(doc)
  e.ready = start(e, e.awareness)
  updateStatus(e)
  statusHub.add(key, status)
  return e
}

function destroy(e: Entry): void {
  e.destroyed = true
  entries.delete(e.key)
  statusHub.remove(e.key)
  e.provider?.destroy()
  e.awareness.destroy()
  void e.persistence.destroy()
  e.doc.destroy()
}

export function openDoc(name: string): DocHandle {
  if (!isValidDocName(name)) throw new Error(`invalid doc name: ${name}`)
  const scope = syncCredentials.get().scope
  let e = entries.get(scoped(scope, name))
  if (!e) {
    e = create(name, scope)
    entries.set(e.key, e)
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
    access: entry.access,
    release() {
      if (released) return
      released = true
      if (--entry.refs === 0) destroy(entry)
    },
  }
}

/** Test/debug hook: the pending tracker's internal state for a doc. */
export function pendingSnapshot(name: string): ReturnType<PendingTracker['snapshot']> | null {
  return entries.get(scoped(syncCredentials.get().scope, name))?.tracker.snapshot() ?? null
}

watchNetwork(
  () => {
    for (const e of entries.values()) e.provider?.disconnect()
    statusHub.recompute()
  },
  () => {
    for (const e of entries.values()) maybeConnect(e)
    statusHub.recompute()
  },
)

// A renewed token (or a login) reconnects every provider the server stopped or that had no token.
// Signing out disconnects: nothing is sent with someone else's (or no) credentials.
syncCredentials.subscribe((creds) => {
  for (const e of entries.values()) {
    if (creds.scope !== e.scope || !creds.token) e.provider?.disconnect()
    else maybeConnect(e)
  }
  statusHub.recompute()
})
