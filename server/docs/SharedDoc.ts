/**
 * One loaded document: the in-memory Y.Doc, its awareness, the connected peers and the per-doc
 * write queue. The in-memory doc only ever contains what is durably stored, which is what makes
 * `Y.encodeStateAsUpdate(ydoc)` a valid compaction snapshot at any synchronous point.
 */
import * as Y from 'yjs'
import * as encoding from 'lib0/encoding'
import * as syncProtocol from 'y-protocols/sync'
import * as awarenessProtocol from 'y-protocols/awareness'
import { MESSAGE_AWARENESS, MESSAGE_SYNC } from '../../src/protocol/messages'
import type { DocStore, LoadedDoc } from '../storage/DocStore'
import { systemOrigin, type ServerOrigin } from '../origins'
import { errorText, type Logger } from '../log'
import { isRedundant, validateUpdate } from './updateCheck'

/** Anything that can receive this doc's broadcasts (a Connection in production). */
export interface DocPeer {
  readonly id: string
  send(message: Uint8Array): void
}

export type WriteResult = 'stored' | 'redundant'

export class InvalidUpdateError extends Error {}

/** A content check run just before storing: null = allowed (see server/access/contentRules). */
export type UpdateCheck = (doc: Y.Doc, update: Uint8Array) => { code: string; message: string } | null

/** The update was refused by an access rule: not stored, not applied, not broadcast. */
export class RefusedUpdateError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message)
  }
}

interface PendingWrite {
  update: Uint8Array
  origin: ServerOrigin
  check: UpdateCheck | undefined
  resolve: (r: WriteResult) => void
  reject: (e: unknown) => void
}

export interface SharedDocOptions {
  compactAfterUpdates: number
  log: Logger
  /** Awareness changes are coalesced per client over this window (latest state wins); default 100 ms. */
  awarenessWindowMs?: number
  /**
   * Heartbeat-only awareness renewals (same state, only the clock bumped) are not rebroadcast as
   * they come; they are collected and sent in one frame per doc at most this often (default 10 s:
   * clients renew every ~15 s and drop a state after 30 s, so 15 + 10 < 30 keeps them alive).
   */
  awarenessHeartbeatMs?: number
}

/** Above this many distinct senders in one coalesced broadcast, senders get individual frames. */
const MAX_SENDER_MERGES = 8

/**
 * Cross-process relay of one doc (server/fanout). SharedDoc only calls these hooks; it never sees
 * the transport. `stored` runs right after a durable append, before the updates are applied here.
 */
export interface DocRelay {
  stored(updates: Uint8Array[], lastId: number): void
  awareness(update: Uint8Array): void
}

/** Origin of changes relayed from another server process (already stored there: never re-stored). */
export const REMOTE_ORIGIN = systemOrigin('remote')

export class SharedDoc {
  readonly ydoc: Y.Doc
  readonly awareness: awarenessProtocol.Awareness
  /** Peer → awareness client ids it announced, so they can be removed when it leaves. */
  readonly peers = new Map<DocPeer, Set<number>>()
  /** Set once the manager starts unloading; a closed doc accepts no peers and no writes. */
  closed = false
  private rows: number
  private lastId: number
  private queue: PendingWrite[] = []
  private draining: Promise<void> | null = null
  private compacting: Promise<void> | null = null
  /** Set by DocManager when cross-process fan-out is configured. */
  relay: DocRelay | null = null
  /** Doc updates applied in this turn, not yet broadcast (see onDocUpdate / flushBroadcast). */
  private pendingUpdates: { update: Uint8Array; from: string | null }[] = []
  private broadcastScheduled = false
  /** True while drain applies a batch: the batch is broadcast as one frame at its end. */
  private applyingBatch = false
  /** Awareness client ids whose state changed and still need broadcasting. */
  private awarenessDirty = new Set<number>()
  /** Ids with only a heartbeat renewal pending (same state, newer clock). */
  private awarenessHeartbeats = new Set<number>()
  private awarenessTimer: NodeJS.Timeout | null = null
  private heartbeatTimer: NodeJS.Timeout | null = null
  /** Ids whose state really changed in the awareness application being reported ('change' event). */
  private awarenessChanged: Set<number> | null = null
  /** Broadcast counters (tests, bench): frames sent to peers, by kind. */
  readonly stats = { updateFrames: 0, awarenessFrames: 0 }

  constructor(
    readonly name: string,
    private readonly store: DocStore,
    loaded: LoadedDoc,
    private readonly opts: SharedDocOptions,
  ) {
    // Minutes keep their full history (versions are Yjs snapshots), so deleted text must not be
    // garbage-collected on the server either, or late-joining tablets could not show old versions.
    this.ydoc = new Y.Doc({ gc: !name.startsWith('minutes:') })
    this.rows = loaded.updates.length
    this.lastId = loaded.lastId
    const origin = systemOrigin('load')
    for (const u of loaded.updates) {
      // A row that cannot be applied must not make the whole doc unloadable.
      try {
        Y.applyUpdate(this.ydoc, u, origin)
      } catch (e) {
        opts.log.error('skipping unreadable stored row', { doc: name, err: errorText(e) })
      }
    }
    this.awareness = new awarenessProtocol.Awareness(this.ydoc)
    this.awareness.setLocalState(null) // the server itself has no presence
    this.ydoc.on('update', this.onDocUpdate)
    this.awareness.on('change', this.onAwarenessChange)
    this.awareness.on('update', this.onAwarenessUpdate)
  }

  get storedRows(): number {
    return this.rows
  }

  get idle(): boolean {
    return this.peers.size === 0 && this.queue.length === 0 && this.draining === null
  }

  addPeer(peer: DocPeer): void {
    this.peers.set(peer, new Set())
  }

  removePeer(peer: DocPeer): void {
    const ids = this.peers.get(peer)
    this.peers.delete(peer)
    // Broadcasts the removal to the remaining peers via onAwarenessUpdate.
    if (ids && ids.size > 0) awarenessProtocol.removeAwarenessStates(this.awareness, [...ids], null)
  }

  /**
   * Queues `update` for this doc: validate → durable append (batched with everything else waiting
   * in this doc's queue) → apply to the in-memory doc (which broadcasts) → resolve. Rejects with
   * InvalidUpdateError for undecodable updates, or with the store's error.
   */
  submit(
    update: Uint8Array,
    origin: ServerOrigin,
    alreadyValidated = false,
    check?: UpdateCheck,
  ): Promise<WriteResult> {
    const invalid = alreadyValidated ? null : validateUpdate(update)
    if (invalid) return Promise.reject(new InvalidUpdateError(invalid))
    if (this.closed) return Promise.reject(new Error('doc is unloading'))
    return new Promise<WriteResult>((resolve, reject) => {
      this.queue.push({ update, origin, check, resolve, reject })
      this.kick()
    })
  }

  /** Resolves when every write queued so far is stored and applied, and no compaction runs. */
  async flush(): Promise<void> {
    while (this.draining || this.queue.length > 0) {
      this.kick()
      await this.draining
    }
    await this.compacting
  }

  /**
   * Folds the stored rows up to the newest id we know into one snapshot row (no-op when there is at
   * most one row). The snapshot is NOT taken from the in-memory doc: with several processes, rows
   * another process appended may not have reached us yet. The store merges exactly the rows it
   * deletes, inside its transaction (`mergeRows`), so no row can vanish without being in the snapshot.
   */
  compact(): Promise<void> {
    if (this.compacting) return this.compacting
    if (this.rows <= 1 || this.lastId === 0) return Promise.resolve()
    this.compacting = this.store
      .compactMerging(this.name, this.lastId, this.mergeRows)
      .then(
        (folded) => {
          if (folded > 0) this.rows = Math.max(1, this.rows - (folded - 1))
        },
        (e) => this.opts.log.error('compaction failed', { doc: this.name, err: errorText(e) }),
      )
      .finally(() => {
        this.compacting = null
      })
    return this.compacting
  }

  /**
   * An update another process stored (relayed via fan-out; `rowId` its row). Applied with
   * REMOTE_ORIGIN: broadcast to our peers, never stored or relayed again.
   */
  applyRemoteUpdate(update: Uint8Array, rowId: number): void {
    if (this.closed) return
    try {
      Y.applyUpdate(this.ydoc, update, REMOTE_ORIGIN)
    } catch (e) {
      this.opts.log.warn('remote update failed to apply', { doc: this.name, err: errorText(e) })
    }
    if (rowId > this.lastId) this.lastId = rowId
    this.rows++
    if (this.rows > this.opts.compactAfterUpdates) void this.compact()
  }

  applyRemoteAwareness(update: Uint8Array): void {
    if (this.closed) return
    try {
      awarenessProtocol.applyAwarenessUpdate(this.awareness, update, REMOTE_ORIGIN)
    } catch (e) {
      this.opts.log.warn('remote awareness failed to apply', { doc: this.name, err: errorText(e) })
    }
  }

  /** Every awareness state we hold, encoded (for a process that just loaded the doc); null if none. */
  encodeAwareness(): Uint8Array | null {
    const ids = [...this.awareness.getStates().keys()]
    return ids.length ? awarenessProtocol.encodeAwarenessUpdate(this.awareness, ids) : null
  }

  /**
   * Re-reads the doc from the store and applies what we miss (fan-out is at-most-once: after a
   * Redis outage, relayed updates may have been lost). Only the difference reaches our peers.
   */
  async resyncFromStore(): Promise<void> {
    if (this.closed) return
    const loaded = await this.store.load(this.name)
    if (this.closed || loaded.updates.length === 0) return
    let merged: Uint8Array
    try {
      merged = Y.mergeUpdates(loaded.updates)
    } catch {
      merged = this.mergeRows(loaded.updates)
    }
    Y.applyUpdate(this.ydoc, merged, REMOTE_ORIGIN)
    if (loaded.lastId > this.lastId) this.lastId = loaded.lastId
    this.rows = Math.max(this.rows, loaded.updates.length)
  }

  /** Snapshot of stored rows as this doc would hold them (same gc setting); skips unreadable rows. */
  private readonly mergeRows = (rows: Uint8Array[]): Uint8Array => {
    const d = new Y.Doc({ gc: this.ydoc.gc })
    for (const u of rows) {
      try {
        Y.applyUpdate(d, u)
      } catch (e) {
        this.opts.log.error('skipping unreadable stored row', { doc: this.name, err: errorText(e) })
      }
    }
    const snapshot = Y.encodeStateAsUpdate(d)
    d.destroy()
    return snapshot
  }

  destroy(): void {
    this.closed = true
    if (this.awarenessTimer) clearTimeout(this.awarenessTimer)
    if (this.heartbeatTimer) clearTimeout(this.heartbeatTimer)
    this.awarenessTimer = this.heartbeatTimer = null
    this.awareness.destroy()
    this.ydoc.destroy()
  }

  private kick(): void {
    if (this.draining || this.queue.length === 0) return
    this.draining = this.drain().finally(() => {
      this.draining = null
      this.kick() // writes that arrived after the loop's last check
    })
  }

  private async drain(): Promise<void> {
    // Yield one macrotask so frames that arrived in the same socket read join this batch.
    await new Promise<void>((r) => setImmediate(r))
    while (this.queue.length > 0) {
      // A checked write must be judged against the doc with every earlier write applied, so it
      // travels in a batch of its own; unchecked writes are still group-committed together.
      const firstChecked = this.queue.findIndex((w) => w.check)
      const batch = this.queue.splice(0, firstChecked === 0 ? 1 : firstChecked < 0 ? this.queue.length : firstChecked)
      const only = batch.length === 1 ? batch[0]! : null
      if (only?.check && !isRedundant(this.ydoc, only.update)) {
        let refusal: { code: string; message: string } | null
        try {
          refusal = only.check(this.ydoc, only.update)
        } catch (e) {
          refusal = { code: 'invalid-update', message: errorText(e) }
        }
        if (refusal) {
          only.reject(new RefusedUpdateError(refusal.code, refusal.message))
          continue
        }
      }
      const fresh = batch.map((w) => !isRedundant(this.ydoc, w.update))
      const toStore = batch.filter((_, i) => fresh[i]).map((w) => w.update)
      try {
        if (toStore.length > 0) {
          const id = await this.store.appendUpdates(this.name, toStore)
          if (id > this.lastId) this.lastId = id
          this.rows += toStore.length
          // Durable now: other processes may relay it (before we apply, so nothing unstored leaks).
          this.relay?.stored(toStore, id)
        }
      } catch (e) {
        this.opts.log.error('append failed', { doc: this.name, err: errorText(e) })
        for (const w of batch) w.reject(e)
        continue
      }
      this.applyingBatch = true
      batch.forEach((w, i) => {
        try {
          Y.applyUpdate(this.ydoc, w.update, w.origin)
        } catch (e) {
          // Stored but not applicable: it decoded, so it is harmless bytes; compaction drops it.
          this.opts.log.warn('stored update failed to apply', { doc: this.name, err: errorText(e) })
        }
        w.resolve(fresh[i] ? 'stored' : 'redundant')
      })
      // One broadcast for the whole batch, synchronously: the ACKs (queued as microtasks by the
      // resolves above) are not delayed, and peers get the batch before the senders see their ACK.
      this.applyingBatch = false
      this.flushBroadcast()
      if (this.rows > this.opts.compactAfterUpdates) void this.compact()
    }
  }

  /**
   * Updates are not sent one by one: everything applied in one turn (a drain batch, or remote
   * updates arriving together) is merged into one frame. Encoded once, the same bytes go to every
   * peer; a peer whose own update is in the batch gets a merge without it (or, with many senders,
   * the others' updates as individual frames), so a client never gets its own update echoed.
   */
  private readonly onDocUpdate = (update: Uint8Array, origin: unknown): void => {
    const from = (origin as ServerOrigin | null)?.source === 'client' ? (origin as { connId: string }).connId : null
    this.pendingUpdates.push({ update, from })
    if (this.applyingBatch || this.broadcastScheduled) return
    this.broadcastScheduled = true
    queueMicrotask(() => this.flushBroadcast())
  }

  /** Broadcasts the updates applied since the last flush (no-op when there are none). */
  flushBroadcast(): void {
    this.broadcastScheduled = false
    const pending = this.pendingUpdates
    if (pending.length === 0) return
    this.pendingUpdates = []
    if (this.peers.size === 0) return
    const frame = (u: Uint8Array) => {
      const e = encoding.createEncoder()
      encoding.writeVarUint(e, MESSAGE_SYNC)
      syncProtocol.writeUpdate(e, u)
      return encoding.toUint8Array(e)
    }
    const merge = (us: Uint8Array[]) => (us.length === 1 ? us[0]! : Y.mergeUpdates(us))
    const senders = new Set<string>()
    for (const p of pending) if (p.from !== null) senders.add(p.from)
    const all = frame(merge(pending.map((p) => p.update)))
    const forSender = new Map<string, Uint8Array[]>()
    for (const peer of this.peers.keys()) {
      if (!senders.has(peer.id)) {
        this.sendTo(peer, all)
        continue
      }
      let frames = forSender.get(peer.id)
      if (!frames) {
        const others = pending.filter((p) => p.from !== peer.id)
        if (others.length === 0) frames = []
        else if (senders.size <= MAX_SENDER_MERGES) frames = [frame(merge(others.map((p) => p.update)))]
        else frames = others.map((p) => ((p as { frame?: Uint8Array }).frame ??= frame(p.update)))
        forSender.set(peer.id, frames)
      }
      for (const f of frames) this.sendTo(peer, f)
    }
  }

  private sendTo(peer: DocPeer, msg: Uint8Array): void {
    peer.send(msg)
    this.stats[msg[0] === MESSAGE_AWARENESS ? 'awarenessFrames' : 'updateFrames']++
  }

  /** 'change' fires before 'update' for the same application and lists only real state changes. */
  private readonly onAwarenessChange = ({
    added,
    updated,
    removed,
  }: {
    added: number[]
    updated: number[]
    removed: number[]
  }): void => {
    this.awarenessChanged = new Set(added.concat(updated, removed))
  }

  private readonly onAwarenessUpdate = (
    { added, updated, removed }: { added: number[]; updated: number[]; removed: number[] },
    origin: unknown,
  ): void => {
    const changedNow = this.awarenessChanged ?? new Set<number>()
    this.awarenessChanged = null
    const ids = this.peers.get(origin as DocPeer)
    if (ids) {
      // A state counts as "updated", not "added", when its client id was seen before (e.g. a client
      // reconnecting with the same id, whose old state was removed): the sender owns it either way,
      // and only the peer that set it last removes it when it leaves.
      for (const c of added.concat(updated)) {
        if (ids.has(c)) continue
        for (const other of this.peers.values()) other.delete(c)
        ids.add(c)
      }
      for (const c of removed) ids.delete(c)
    }
    const changed = added.concat(updated, removed)
    for (const c of changed) {
      if (changedNow.has(c)) {
        this.awarenessDirty.add(c)
        this.awarenessHeartbeats.delete(c)
      } else if (!this.awarenessDirty.has(c)) {
        this.awarenessHeartbeats.add(c) // same state, only the clock bumped (yjs #732)
      }
    }
    if (this.awarenessDirty.size > 0 && !this.awarenessTimer) this.flushAwareness()
    if (this.awarenessHeartbeats.size > 0 && !this.heartbeatTimer) {
      this.heartbeatTimer = setTimeout(() => {
        this.heartbeatTimer = null
        const hb = [...this.awarenessHeartbeats]
        this.awarenessHeartbeats.clear()
        this.broadcastAwareness(hb)
      }, this.opts.awarenessHeartbeatMs ?? 10_000)
      this.heartbeatTimer.unref?.()
    }
    // Our own clients' presence (or its removal when they leave) goes to the other processes;
    // relayed states and local time-outs do not (each process times out stale states itself).
    if (this.relay && origin !== REMOTE_ORIGIN && origin !== 'timeout') {
      this.relay.awareness(awarenessProtocol.encodeAwarenessUpdate(this.awareness, changed))
    }
  }

  /**
   * Sends the latest state of every dirty client now and opens a window: changes during it are
   * collected and sent together (latest state per client) when it ends. A lone change goes out
   * at once; a burst costs one frame per window.
   */
  private flushAwareness(): void {
    const ids = [...this.awarenessDirty]
    this.awarenessDirty.clear()
    if (ids.length === 0 || this.closed) return
    this.broadcastAwareness(ids)
    this.awarenessTimer = setTimeout(() => {
      this.awarenessTimer = null
      this.flushAwareness()
    }, this.opts.awarenessWindowMs ?? 100)
    this.awarenessTimer.unref?.()
  }

  /** One frame with the current state (or removal) of `ids`; a peer is not sent only its own ids. */
  private broadcastAwareness(ids: number[]): void {
    if (this.closed || ids.length === 0 || this.peers.size === 0) return
    const frame = (list: number[]) => {
      const e = encoding.createEncoder()
      encoding.writeVarUint(e, MESSAGE_AWARENESS)
      encoding.writeVarUint8Array(e, awarenessProtocol.encodeAwarenessUpdate(this.awareness, list))
      return encoding.toUint8Array(e)
    }
    const all = frame(ids)
    for (const [peer, owned] of this.peers) {
      if (owned.size > 0 && ids.every((c) => owned.has(c))) continue // nothing new for its owner
      this.sendTo(peer, all)
    }
  }
}
