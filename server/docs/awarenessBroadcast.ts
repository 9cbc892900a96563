/**
 * Awareness fan-out of one doc: tracks which peer owns which awareness client id, coalesces real
 * state changes per client over a short window (latest state wins), hands clock-only renewals to
 * AwarenessHeartbeats, and passes our own clients' changes to the cross-process relay.
 */
import * as encoding from 'lib0/encoding'
import * as awarenessProtocol from 'y-protocols/awareness'
import { MESSAGE_AWARENESS } from '../../src/protocol/messages'
import { AwarenessHeartbeats } from './awarenessHeartbeats'
import type { DocPeer, DocPeers } from './peers'
import { type DocRelay, relaysAwareness } from './relay'

interface AwarenessChange {
  added: number[]
  updated: number[]
  removed: number[]
}

export interface AwarenessBroadcastOptions {
  /** Awareness changes are coalesced per client over this window; default 100 ms. */
  windowMs?: number
  /** See AwarenessHeartbeats; default 10 s. */
  heartbeatMs?: number
}

export class AwarenessBroadcast {
  /** Awareness client ids whose state changed and still need broadcasting. */
  private readonly dirty = new Set<number>()
  private readonly heartbeats: AwarenessHeartbeats
  private windowTimer: NodeJS.Timeout | null = null
  /** Ids whose state really changed in the application being reported ('change' event). */
  private changedNow: Set<number> | null = null

  constructor(
    private readonly awareness: awarenessProtocol.Awareness,
    private readonly peers: DocPeers,
    private readonly relay: () => DocRelay | null,
    /** The doc is unloading or destroyed: nothing more is broadcast. */
    private readonly isClosed: () => boolean,
    private readonly opts: AwarenessBroadcastOptions = {},
  ) {
    this.heartbeats = new AwarenessHeartbeats((ids) => this.broadcast(ids), opts.heartbeatMs)
    awareness.on('change', this.onChange)
    awareness.on('update', this.onUpdate)
  }

  /** A peer left: remove the states it announced (broadcast to the others via onUpdate). */
  removePeer(peer: DocPeer): void {
    const ids = this.peers.owned.get(peer)
    this.peers.owned.delete(peer)
    if (ids && ids.size > 0) awarenessProtocol.removeAwarenessStates(this.awareness, [...ids], null)
  }

  stop(): void {
    if (this.windowTimer) clearTimeout(this.windowTimer)
    this.windowTimer = null
    this.heartbeats.stop()
  }

  /** 'change' fires before 'update' for the same application and lists only real state changes. */
  private readonly onChange = ({ added, updated, removed }: AwarenessChange): void => {
    this.changedNow = new Set(added.concat(updated, removed))
  }

  private readonly onUpdate = ({ added, updated, removed }: AwarenessChange, origin: unknown): void => {
    const changedNow = this.changedNow ?? new Set<number>()
    this.changedNow = null
    const ids = this.peers.owned.get(origin as DocPeer)
    if (ids) {
      // A state counts as "updated", not "added", when its client id was seen before (e.g. a client
      // reconnecting with the same id, whose old state was removed): the sender owns it either way,
      // and only the peer that set it last removes it when it leaves.
      for (const c of added.concat(updated)) {
        if (ids.has(c)) continue
        for (const other of this.peers.owned.values()) other.delete(c)
        ids.add(c)
      }
      for (const c of removed) ids.delete(c)
    }
    const changed = added.concat(updated, removed)
    for (const c of changed) {
      if (changedNow.has(c)) {
        this.dirty.add(c)
        this.heartbeats.delete(c)
      } else if (!this.dirty.has(c)) {
        this.heartbeats.add(c)
      }
    }
    if (this.dirty.size > 0 && !this.windowTimer) this.flushWindow()
    const relay = this.relay()
    if (relay && relaysAwareness(origin)) {
      relay.awareness(awarenessProtocol.encodeAwarenessUpdate(this.awareness, changed))
    }
  }

  /**
   * Sends the latest state of every dirty client now and opens a window: changes during it are
   * collected and sent together (latest state per client) when it ends. A lone change goes out
   * at once; a burst costs one frame per window.
   */
  private flushWindow(): void {
    const ids = [...this.dirty]
    this.dirty.clear()
    if (ids.length === 0 || this.isClosed()) return
    this.broadcast(ids)
    this.windowTimer = setTimeout(() => {
      this.windowTimer = null
      this.flushWindow()
    }, this.opts.windowMs ?? 100)
    this.windowTimer.unref?.()
  }

  /** One frame with the current state (or removal) of `ids`; a peer is not sent only its own ids. */
  private broadcast(ids: number[]): void {
    if (this.isClosed() || ids.length === 0 || this.peers.size === 0) return
    const e = encoding.createEncoder()
    encoding.writeVarUint(e, MESSAGE_AWARENESS)
    encoding.writeVarUint8Array(e, awarenessProtocol.encodeAwarenessUpdate(this.awareness, ids))
    const all = encoding.toUint8Array(e)
    for (const [peer, owned] of this.peers.owned) {
      if (owned.size > 0 && ids.every((c) => owned.has(c))) continue // nothing new for its owner
      this.peers.send(peer, all)
    }
  }
}
