/**
 * One loaded document: the in-memory Y.Doc, its awareness and connected peers, composed of one
 * small module per job — writeQueue (validate → store → apply), compaction, relay (other server
 * processes), updateBroadcast (one merged frame per batch) and awarenessBroadcast (coalescing,
 * with awarenessHeartbeats for clock-only renewals).
 */
import * as Y from 'yjs'
import * as awarenessProtocol from 'y-protocols/awareness'
import type { DocStore, LoadedDoc } from '../storage/DocStore'
import { systemOrigin, type ServerOrigin } from '../origins'
import { errorText, type Logger } from '../log'
import { type DecodedUpdate, validateUpdate } from './updateCheck'
import { gcFor } from '../../src/domain/docTypes'
import { DocPeers, type DocPeer } from './peers'
import { type DocRelay, REMOTE_ORIGIN } from './relay'
import { Compaction } from './compaction'
import { SerialWriter } from './serialWriter'
import { UpdateBroadcast } from './updateBroadcast'
import { AwarenessBroadcast } from './awarenessBroadcast'
import { InvalidUpdateError, type UpdateCheck, WriteQueue, type WriteResult } from './writeQueue'

export type { DocPeer } from './peers'
export type { DocRelay } from './relay'
export { REMOTE_ORIGIN } from './relay'
export { InvalidUpdateError, RefusedUpdateError, type UpdateCheck, type WriteResult } from './writeQueue'

export interface SharedDocOptions {
  compactAfterUpdates: number
  log: Logger
  /** Awareness changes are coalesced per client over this window (latest state wins); default 100 ms. */
  awarenessWindowMs?: number
  /** Heartbeat-only awareness renewals are broadcast at most this often (default 10 s; see awarenessHeartbeats). */
  awarenessHeartbeatMs?: number
}

export class SharedDoc {
  readonly ydoc: Y.Doc
  readonly awareness: awarenessProtocol.Awareness
  /** Set once the manager starts unloading; a closed doc accepts no peers and no writes. */
  closed = false
  /** Set by DocManager when cross-process fan-out is configured. */
  relay: DocRelay | null = null
  private readonly peerSet = new DocPeers()
  private readonly compaction: Compaction
  private readonly writes: WriteQueue
  private readonly writer: SerialWriter
  private readonly updates: UpdateBroadcast
  private readonly awarenessOut: AwarenessBroadcast

  constructor(
    readonly name: string,
    private readonly store: DocStore,
    loaded: LoadedDoc,
    private readonly opts: SharedDocOptions,
  ) {
    // Same gc setting as every device's copy (minutes keep their history; src/domain/docTypes.ts).
    this.ydoc = new Y.Doc({ gc: gcFor(name) })
    this.compaction = new Compaction(name, store, loaded, this.ydoc.gc, opts.compactAfterUpdates, opts.log)
    const origin = systemOrigin('load')
    for (const u of loaded.updates) {
      // A row that cannot be applied must not make the whole doc unloadable.
      try {
        Y.applyUpdate(this.ydoc, u, origin)
      } catch (e) {
        opts.log.error('skipping unreadable stored row', { doc: name, err: errorText(e) })
      }
    }
    this.writer = new SerialWriter(name, store, loaded, this.ydoc, this.compaction, () => this.relay, opts.log)
    this.awareness = new awarenessProtocol.Awareness(this.ydoc)
    this.awareness.setLocalState(null) // the server itself has no presence
    this.updates = new UpdateBroadcast(this.peerSet, this.ydoc)
    this.awarenessOut = new AwarenessBroadcast(
      this.awareness,
      this.peerSet,
      () => this.relay,
      () => this.closed,
      { windowMs: opts.awarenessWindowMs, heartbeatMs: opts.awarenessHeartbeatMs },
    )
    this.writes = new WriteQueue(
      name,
      this.ydoc,
      {
        commit: (decide) => this.writer.commit(decide),
        broadcastBatch: (apply) => this.updates.batch(apply),
        afterBatch: () => this.compaction.compactIfDue(),
      },
      opts.log,
    )
  }

  /** Peer → awareness client ids it announced. */
  get peers(): ReadonlyMap<DocPeer, ReadonlySet<number>> {
    return this.peerSet.owned
  }

  /** Broadcast counters (tests, bench): frames sent to peers, by kind. */
  get stats(): { readonly updateFrames: number; readonly awarenessFrames: number } {
    return this.peerSet.stats
  }

  get storedRows(): number {
    return this.compaction.storedRows
  }

  get idle(): boolean {
    return this.peerSet.size === 0 && this.writes.idle
  }

  addPeer(peer: DocPeer): void {
    this.peerSet.owned.set(peer, new Set())
  }

  removePeer(peer: DocPeer): void {
    this.awarenessOut.removePeer(peer)
  }

  /**
   * Queues `update` for this doc: validate → durable append (batched with everything else waiting
   * in this doc's queue) → apply to the in-memory doc (which broadcasts) → resolve. Rejects with
   * InvalidUpdateError for undecodable updates, RefusedUpdateError when `check` refuses, or with
   * the store's error.
   */
  submit(
    update: Uint8Array,
    origin: ServerOrigin,
    alreadyValidated = false,
    check?: UpdateCheck,
    /** `update` as decoded by the caller's validation (decodeValid), so the checks do not decode it again */
    decoded?: DecodedUpdate,
  ): Promise<WriteResult> {
    const invalid = alreadyValidated ? null : validateUpdate(update)
    if (invalid) return Promise.reject(new InvalidUpdateError(invalid))
    if (this.closed) return Promise.reject(new Error('doc is unloading'))
    return this.writes.push(update, origin, check, decoded)
  }

  /** Resolves when every write queued so far is stored and applied, and no compaction runs. */
  async flush(): Promise<void> {
    await this.writes.flush()
    await this.compaction.current
  }

  /** Folds the stored rows into one snapshot row (see Compaction.compact). */
  compact(): Promise<void> {
    return this.compaction.compact()
  }

  /** Broadcasts the updates applied since the last flush (no-op when there are none). */
  flushBroadcast(): void {
    this.updates.flush()
  }

  /**
   * An update another process stored (relayed via fan-out; `rowId` its row). Applied with
   * REMOTE_ORIGIN: broadcast to our peers, never stored or relayed again.
   */
  applyRemoteUpdate(update: Uint8Array, rowId: number): void {
    if (this.closed) return
    if (this.writer.hasApplied(rowId)) return // read already when the serial writer caught up
    try {
      Y.applyUpdate(this.ydoc, update, REMOTE_ORIGIN)
    } catch (e) {
      this.opts.log.warn('remote update failed to apply', { doc: this.name, err: errorText(e) })
    }
    this.compaction.noteStored(1, rowId)
    this.compaction.compactIfDue()
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
      merged = this.compaction.mergeRows(loaded.updates)
    }
    Y.applyUpdate(this.ydoc, merged, REMOTE_ORIGIN)
    this.compaction.noteReloaded(loaded)
    this.writer.noteReloaded(loaded.lastId)
  }

  destroy(): void {
    this.closed = true
    this.awarenessOut.stop()
    this.awareness.destroy()
    this.ydoc.destroy()
  }
}
