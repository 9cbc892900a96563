/**
 * Awareness heartbeats: renewals that only bump the clock (same state; yjs #732) are not
 * rebroadcast as they come; they are collected and sent in one frame per doc at most every
 * `intervalMs` (default 10 s: clients renew every ~15 s and drop a state after 30 s, so
 * 15 + 10 < 30 keeps them alive).
 */
export class AwarenessHeartbeats {
  private readonly ids = new Set<number>()
  private timer: NodeJS.Timeout | null = null

  constructor(
    private readonly broadcast: (ids: number[]) => void,
    private readonly intervalMs = 10_000,
  ) {}

  has(id: number): boolean {
    return this.ids.has(id)
  }

  /** A real change supersedes a pending renewal (it is broadcast with its state anyway). */
  delete(id: number): void {
    this.ids.delete(id)
  }

  add(id: number): void {
    this.ids.add(id)
    if (this.timer) return
    this.timer = setTimeout(() => {
      this.timer = null
      const ids = [...this.ids]
      this.ids.clear()
      this.broadcast(ids)
    }, this.intervalMs)
    this.timer.unref?.()
  }

  stop(): void {
    if (this.timer) clearTimeout(this.timer)
    this.timer = null
  }
}
