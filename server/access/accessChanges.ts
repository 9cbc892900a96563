/**
 * "Someone's access changed": emitted by the member routes after a grant, revoke or removal
 * (userId, councilId). The revocation mechanism (re-checking open websocket connections, in this
 * process and — via fan-out — in the others) subscribes here; the account code only announces.
 */
import type { Logger } from '../log'
import { errorText } from '../log'

export type AccessChangeListener = (userId: string, councilId: string) => void

export class AccessChanges {
  private readonly listeners = new Set<AccessChangeListener>()

  constructor(private readonly log?: Logger) {}

  /** Subscribes; returns the unsubscribe function. */
  on(listener: AccessChangeListener): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  emit(userId: string, councilId: string): void {
    for (const l of this.listeners) {
      try {
        l(userId, councilId)
      } catch (e) {
        this.log?.error('access change listener failed', { userId, councilId, err: errorText(e) })
      }
    }
  }
}
