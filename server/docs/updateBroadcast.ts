/**
 * Update broadcast coalescing. Updates are not sent one by one: everything applied in one turn (a
 * write-queue batch, or remote updates arriving together) is merged into one frame. Encoded once,
 * the same bytes go to every peer; a peer whose own update is in the batch gets a merge without it
 * (or, with many senders, the others' updates as individual frames), so a client never gets its
 * own update echoed.
 */
import * as Y from 'yjs'
import * as encoding from 'lib0/encoding'
import * as syncProtocol from 'y-protocols/sync'
import { MESSAGE_SYNC } from '../../src/protocol/messages'
import type { ServerOrigin } from '../origins'
import type { DocPeers } from './peers'
import type { AppliedUpdate } from './writeQueue'

/** Above this many distinct senders in one coalesced broadcast, senders get individual frames. */
const MAX_SENDER_MERGES = 8

interface Pending {
  update: Uint8Array
  from: string | null
  frame?: Uint8Array
}

export class UpdateBroadcast {
  /** Doc updates applied in this turn, not yet broadcast. */
  private pending: Pending[] = []
  private scheduled = false
  /** True inside `batch`: everything applied is broadcast as one frame at its end. */
  private holding = false

  constructor(
    private readonly peers: DocPeers,
    private readonly ydoc: Y.Doc,
  ) {
    ydoc.on('update', this.onDocUpdate)
  }

  /** The doc's 'update' listener. */
  readonly onDocUpdate = (update: Uint8Array, origin: unknown): void => {
    this.pending.push({ update, from: senderOf(origin) })
    if (this.holding || this.scheduled) return
    this.scheduled = true
    queueMicrotask(() => this.flush())
  }

  /**
   * Runs `apply` and broadcasts what it applied as one frame right after it, synchronously: ACKs
   * (queued as microtasks inside `apply`) are not delayed, and peers get the batch before the
   * senders see their ACK.
   */
  batch(apply: () => AppliedUpdate[] | undefined): void {
    // When we are the doc's only 'update' listener, the stored updates go out as they were received:
    // without a listener Yjs does not re-encode each transaction (a cost per write, not per peer).
    const direct = updateListeners(this.ydoc) === 1
    if (direct) this.ydoc.off('update', this.onDocUpdate)
    this.holding = true
    let applied: AppliedUpdate[] | undefined
    try {
      applied = apply()
    } finally {
      this.holding = false
      if (direct) this.ydoc.on('update', this.onDocUpdate)
    }
    if (direct) for (const a of applied ?? []) this.pending.push({ update: a.update, from: senderOf(a.origin) })
    this.flush()
  }

  /** Broadcasts the updates applied since the last flush (no-op when there are none). */
  flush(): void {
    this.scheduled = false
    const pending = this.pending
    if (pending.length === 0) return
    this.pending = []
    if (this.peers.size === 0) return
    const senders = new Set<string>()
    for (const p of pending) if (p.from !== null) senders.add(p.from)
    const all = updateFrame(merge(pending.map((p) => p.update)))
    const forSender = new Map<string, Uint8Array[]>()
    for (const peer of this.peers.owned.keys()) {
      if (!senders.has(peer.id)) {
        this.peers.send(peer, all)
        continue
      }
      let frames = forSender.get(peer.id)
      if (!frames) {
        const others = pending.filter((p) => p.from !== peer.id)
        if (others.length === 0) frames = []
        else if (senders.size <= MAX_SENDER_MERGES) frames = [updateFrame(merge(others.map((p) => p.update)))]
        else frames = others.map((p) => (p.frame ??= updateFrame(p.update)))
        forSender.set(peer.id, frames)
      }
      for (const f of frames) this.peers.send(peer, f)
    }
  }
}

function senderOf(origin: unknown): string | null {
  return (origin as ServerOrigin | null)?.source === 'client' ? (origin as { connId: string }).connId : null
}

/** Listeners of the doc's 'update' event (lib0 Observable keeps them in `_observers`). */
function updateListeners(ydoc: Y.Doc): number {
  return (ydoc as unknown as { _observers: Map<string, Set<unknown>> })._observers.get('update')?.size ?? 0
}

function merge(us: Uint8Array[]): Uint8Array {
  return us.length === 1 ? (us[0] as Uint8Array) : Y.mergeUpdates(us)
}

function updateFrame(update: Uint8Array): Uint8Array {
  const e = encoding.createEncoder()
  encoding.writeVarUint(e, MESSAGE_SYNC)
  syncProtocol.writeUpdate(e, update)
  return encoding.toUint8Array(e)
}
