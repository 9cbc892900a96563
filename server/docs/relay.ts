/**
 * Cross-process relay of one doc (server/fanout). The doc only calls these hooks; it never sees
 * the transport. `stored` runs right after a durable append, before the updates are applied here.
 */
import { systemOrigin } from '../origins'

export interface DocRelay {
  stored(updates: Uint8Array[], lastId: number): void
  awareness(update: Uint8Array): void
}

/** Origin of changes relayed from another server process (already stored there: never re-stored). */
export const REMOTE_ORIGIN = systemOrigin('remote')

/**
 * Whether an awareness change should go to the other processes: our own clients' presence (or its
 * removal when they leave) does; relayed states and local time-outs do not (each process times
 * out stale states itself).
 */
export function relaysAwareness(origin: unknown): boolean {
  return origin !== REMOTE_ORIGIN && origin !== 'timeout'
}
