/**
 * Opens each named Y.Doc once per page: IndexedDB persistence and the device's outbox first (so
 * local edits are in the doc before the first sync), then the websocket provider on
 * /sync/<docName>?token=…. Handles are ref-counted. Local copies are kept per signed-in user (see
 * syncAuth.ts); the provider only connects with a token and reconnects when the session renews it.
 *
 * Sending is per change (changeSync.ts): y-websocket's own update handler and sync replies are
 * replaced, so the server sees one frame per user action and can refuse one without the others.
 * After a refusal the doc is rebuilt from the server's state (reconcile.ts): the handle's `doc`
 * then changes and `docGeneration` is bumped so pages re-open it.
 */
import * as Y from 'yjs'
import type * as decoding from 'lib0/decoding'
import type * as encoding from 'lib0/encoding'
import { IndexeddbPersistence } from 'y-indexeddb'
import { WebsocketProvider } from 'y-websocket'
import { Awareness } from 'y-protocols/awareness'
import { isValidDocName } from '../protocol/docName'
import { gcFor } from '../domain/docTypes'
import { MESSAGE_ACK, MESSAGE_REJECT, MESSAGE_SYNC, readAck, readReject } from '../protocol/messages'
import { ChangeOutbox, type OutboxChange } from './changeOutbox'
import { ChangeSync } from './changeSync'
import { addRefused, loadOutbox, saveOutbox } from './changeStore'
import { describeRefused } from './describeRefused'
import { changeCheckFor } from './changeChecks'
import type { ReconcileResult } from './reconcile'
import { createTrackedWebSocket } from './trackedSocket'
import { computeState, statusHub, watchNetwork, type DocSyncStatus } from './connectionStatus'
import { Store, type ReadableStore } from './observable'
import { docGeneration } from './docGeneration'
import { trackLocalSaves } from './localSave'
import { CLOSE_FORBIDDEN, CLOSE_UNAUTHENTICATED, CLOSE_UNKNOWN_DOC, syncAuthHooks, syncCredentials } from './syncAuth'

/** 'denied' = the server refused this person access (4403); 'unknown' = doc type unknown (4404). */
export type DocAccess = 'ok' | 'denied' | 'unknown'

export interface DocHandle {
  readonly name: string
  /** The current doc: replaced by a rebuilt one after a reconcile (see docGeneration). */
  readonly doc: Y.Doc
  readonly awareness: Awareness
  /** Resolves once IndexedDB content is loaded and the provider exists. */
  readonly ready: Promise<void>
  readonly status: ReadableStore<DocSyncStatus>
  readonly access: ReadableStore<DocAccess>
  release(): void
}

export { docGeneration }

/** Origin of outbox updates re-applied to the doc on load (already recorded; not new changes). */
const OUTBOX_RESTORE = 'yishi:outbox-restore'

interface Entry {
  name: string
  doc: Y.Doc
  refs: number
  persistence: IndexeddbPersistence
  provider: WebsocketProvider | null
  outbox: ChangeOutbox
  sync: ChangeSync
  status: Store<DocSyncStatus>
  awareness: Awareness
  ready: Promise<void>
  destroyed: boolean
  localUnsaved: ReadableStore<number> | null
  unsubLocal: (() => void) | null
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

/** The count also goes to localStorage so storedPendingTotal() can read it synchronously (sign-out). */
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
  const pending = e.outbox.count
  const localUnsaved = e.localUnsaved?.get() ?? 0
  const denied = e.access.get() !== 'ok'
  e.status.set({ state: computeState(connected, synced, pending), connected, synced, pending, localUnsaved, denied })
}

/** Routes sync, ACK and REJECT frames (the latter two unknown to stock y-websocket) to ChangeSync. */
function installHandlers(e: Entry, provider: WebsocketProvider): void {
  provider.messageHandlers[MESSAGE_SYNC] = (_enc: encoding.Encoder, dec: decoding.Decoder) => {
    e.sync.onSyncMessage(dec)
  }
  provider.messageHandlers[MESSAGE_ACK] = (_enc: encoding.Encoder, dec: decoding.Decoder) => {
    e.sync.onAck(readAck(dec))
    updateStatus(e)
  }
  provider.messageHandlers[MESSAGE_REJECT] = (_enc: encoding.Encoder, dec: decoding.Decoder) => {
    e.sync.onReject(readReject(dec))
    updateStatus(e)
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
    if (e.outbox.count === 0) void e.persistence.clearData()
  } else if (code === CLOSE_UNKNOWN_DOC) {
    e.access.set('unknown')
  }
  updateStatus(e)
}

function watchLocalSaves(e: Entry): void {
  e.unsubLocal?.()
  e.localUnsaved = trackLocalSaves(e.persistence)
  e.unsubLocal = e.localUnsaved.subscribe(() => updateStatus(e))
}

/**
 * After a reconcile: the refused changes go to the device's refused list, the doc is swapped for the
 * rebuilt one and IndexedDB is replaced with it (the outbox already holds the rebased changes, so a
 * crash in between loses nothing: they re-apply once the server's state is back).
 */
function adoptReconciled(e: Entry, result: ReconcileResult<OutboxChange>, old: Y.Doc): void {
  const now = Date.now()
  const records = result.refused.map((r) => describeRefused(e.name, e.scope, r, old, now))
  void addRefused(records)
  const first = records[0]
  if (first) {
    const flat = first.action.kind === 'responsible-head' ? first.action.householdId : undefined
    statusHub.lastRefusal.set({ doc: e.name, n: records.length, code: first.code, at: now, ...(flat ? { flat } : {}) })
  }
  e.doc = result.doc
  if (e.provider) e.provider.doc = result.doc
  const oldPersistence = e.persistence
  void oldPersistence.clearData().then(() => {
    if (e.destroyed || e.doc !== result.doc) return
    e.persistence = new IndexeddbPersistence(`yishi:${e.key}`, result.doc)
    void e.persistence.whenSynced.then(() => {
      if (!e.destroyed && e.doc === result.doc) watchLocalSaves(e)
    })
  })
  docGeneration.set(docGeneration.get() + 1)
  updateStatus(e)
}

async function start(e: Entry, awareness: Awareness): Promise<void> {
  const [restored] = await Promise.all([loadOutbox(e.key), e.persistence.whenSynced])
  if (e.destroyed) return
  // The doc normally holds these already; re-applying covers a crash between the two stores.
  for (const c of restored) Y.applyUpdate(e.doc, c.update, OUTBOX_RESTORE)
  e.outbox.restore(restored)
  watchLocalSaves(e)
  const provider = new WebsocketProvider(syncServerUrl(), e.name, e.doc, {
    awareness,
    connect: false,
    disableBc: true, // other tabs sync through the server; one outbox per doc per device
    WebSocketPolyfill: createTrackedWebSocket({
      connectionOpened: () => e.sync.connectionOpened(),
      connectionClosed: (conn) => {
        e.sync.connectionClosed(conn)
        updateStatus(e)
      },
    }),
  })
  // Local updates go through the outbox (ChangeSync), never as y-websocket's own frames.
  e.doc.off('update', provider._updateHandler)
  installHandlers(e, provider)
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
  // gc is fixed at construction, before IndexedDB or the server delivers anything (minutes: off).
  const doc = new Y.Doc({ gc: gcFor(name) })
  const status = new Store<DocSyncStatus>({
    state: 'offline',
    connected: false,
    synced: false,
    pending: 0,
    localUnsaved: 0,
  })
  const e = {} as Entry
  const outbox = new ChangeOutbox({
    onPersist: (changes) => void saveOutbox(key, changes),
    onCountChange: (n) => {
      writePendingCount(key, n)
      if (e.status) updateStatus(e)
    },
  })
  const persistence = new IndexeddbPersistence(`yishi:${key}`, doc)
  const sync = new ChangeSync(doc, outbox, {
    send: (frame) => {
      const ws = e.provider?.ws
      if (ws && ws.readyState === WebSocket.OPEN) ws.send(frame)
    },
    onReconciled: (result, old) => adoptReconciled(e, result, old),
    ignoreOrigin: (origin) =>
      origin === e.persistence || origin === OUTBOX_RESTORE || origin === e.provider || origin === persistence,
    get check() {
      return changeCheckFor(name)
    },
    onSynced: () => {
      if (e.provider) e.provider.synced = true
    },
  })
  const access = new Store<DocAccess>('ok')
  Object.assign(e, {
    name,
    key,
    scope,
    doc,
    refs: 0,
    persistence,
    provider: null,
    outbox,
    sync,
    status,
    destroyed: false,
    localUnsaved: null,
    unsubLocal: null,
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
  e.sync.destroy()
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
    get doc() {
      return entry.doc
    },
    awareness: entry.awareness,
    ready: entry.ready,
    status: entry.status,
    access: entry.access,
    release() {
      if (released) return
      released = true
      // Deferred: a page re-mounting after a reconcile releases and re-opens in the same turn.
      if (--entry.refs === 0)
        setTimeout(() => {
          if (entry.refs === 0 && !entry.destroyed) destroy(entry)
        }, 0)
    },
  }
}

/** Test/debug hook: per-change sync state for a doc. */
export function pendingSnapshot(name: string): { count: number; changes: number; reconciling: boolean } | null {
  const e = entries.get(scoped(syncCredentials.get().scope, name))
  return e ? { count: e.outbox.count, changes: e.outbox.changes.length, reconciling: e.sync.reconciling } : null
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
