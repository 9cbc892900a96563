/**
 * One loaded document: the in-memory Y.Doc, its awareness, the connected peers and the per-doc
 * write queue. The in-memory doc only ever contains what is durably stored, which is what makes
 * `Y.encodeStateAsUpdate(ydoc)` a valid compaction snapshot at any synchronous point.
 */
import * as Y from 'yjs'
import * as encoding from 'lib0/encoding'
import * as syncProtocol from 'y-protocols/sync'
import * as awarenessProtocol from 'y-protocols/awareness'
import { MESSAGE_AWARENESS, MESSAGE_SYNC } from '../../src/sync/protocol/messages'
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
  constructor(readonly code: string, message: string) {
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
}

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
  submit(update: Uint8Array, origin: ServerOrigin, alreadyValidated = false, check?: UpdateCheck): Promise<WriteResult> {
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
      batch.forEach((w, i) => {
        try {
          Y.applyUpdate(this.ydoc, w.update, w.origin)
        } catch (e) {
          // Stored but not applicable: it decoded, so it is harmless bytes; compaction drops it.
          this.opts.log.warn('stored update failed to apply', { doc: this.name, err: errorText(e) })
        }
        w.resolve(fresh[i] ? 'stored' : 'redundant')
      })
      if (this.rows > this.opts.compactAfterUpdates) void this.compact()
    }
  }

  private readonly onDocUpdate = (update: Uint8Array, origin: unknown): void => {
    const e = encoding.createEncoder()
    encoding.writeVarUint(e, MESSAGE_SYNC)
    syncProtocol.writeUpdate(e, update)
    const msg = encoding.toUint8Array(e)
    const from = (origin as ServerOrigin | null)?.source === 'client' ? (origin as { connId: string }).connId : null
    for (const peer of this.peers.keys()) if (peer.id !== from) peer.send(msg)
  }

  private readonly onAwarenessUpdate = (
    { added, updated, removed }: { added: number[]; updated: number[]; removed: number[] },
    origin: unknown,
  ): void => {
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
    const update = awarenessProtocol.encodeAwarenessUpdate(this.awareness, changed)
    const e = encoding.createEncoder()
    encoding.writeVarUint(e, MESSAGE_AWARENESS)
    encoding.writeVarUint8Array(e, update)
    const msg = encoding.toUint8Array(e)
    for (const peer of this.peers.keys()) peer.send(msg)
    // Our own clients' presence (or its removal when they leave) goes to the other processes;
    // relayed states and local time-outs do not (each process times out stale states itself).
    if (this.relay && origin !== REMOTE_ORIGIN && origin !== 'timeout') this.relay.awareness(update)
  }
}
