/**
 * The peers of one loaded doc. Every broadcaster sends through `send`, which also counts frames
 * (tests and the bench read `stats`).
 */
import { MESSAGE_AWARENESS } from '../../src/protocol/messages'

/** Anything that can receive this doc's broadcasts (a Connection in production). */
export interface DocPeer {
  readonly id: string
  send(message: Uint8Array): void
}

export class DocPeers {
  /** Peer → awareness client ids it announced, so they can be removed when it leaves. */
  readonly owned = new Map<DocPeer, Set<number>>()
  /** Broadcast counters: frames sent to peers, by kind. */
  readonly stats = { updateFrames: 0, awarenessFrames: 0 }

  get size(): number {
    return this.owned.size
  }

  send(peer: DocPeer, msg: Uint8Array): void {
    peer.send(msg)
    this.stats[msg[0] === MESSAGE_AWARENESS ? 'awarenessFrames' : 'updateFrames']++
  }
}
