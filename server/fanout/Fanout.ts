/**
 * Cross-process fan-out of stored updates and awareness (several server processes behind one load
 * balancer). The only implementation is RedisFanout; without REDIS_URL there is none and a process
 * serves its own clients only. DocManager joins a doc's channel BEFORE loading it from storage, so
 * every update stored elsewhere after our load is either in what we loaded or relayed to us.
 */
import type { DocRelay } from '../docs/relay'

/** What a joined channel delivers into (a SharedDoc). */
export interface FanoutSink {
  applyRemoteUpdate(update: Uint8Array, rowId: number): void
  applyRemoteAwareness(update: Uint8Array): void
  /** Our full awareness (answer to another process that just loaded the doc). */
  encodeAwareness(): Uint8Array | null
  /** Reload from storage: relayed messages may have been lost (Redis outage). */
  resyncFromStore(): Promise<void>
}

export interface FanoutChannel extends DocRelay {
  /** Starts delivering (messages received since join are buffered until then). */
  attach(sink: FanoutSink): void
  /** Stops relaying this doc here (it was unloaded). */
  leave(): void
}

export interface Fanout {
  /** Subscribes to the doc's channel; resolves once subscribed (or immediately if Redis is down). */
  join(doc: string): Promise<FanoutChannel>
  close(): Promise<void>
}
