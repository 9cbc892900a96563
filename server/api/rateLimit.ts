/**
 * Fixed-window counters for login attempts, kept in memory: a restart forgets them, which is fine for
 * slowing down guessing (the scrypt cost does the rest). Several processes each count their own.
 */
export class RateLimiter {
  private readonly hits = new Map<string, { count: number; resetAt: number }>()

  constructor(
    private readonly max: number,
    private readonly windowMs: number,
    private readonly now = () => Date.now(),
  ) {}

  /** Counts one attempt; returns seconds to wait when over the limit, else 0. */
  hit(key: string): number {
    const t = this.now()
    let e = this.hits.get(key)
    if (!e || e.resetAt <= t) {
      e = { count: 0, resetAt: t + this.windowMs }
      this.hits.set(key, e)
    }
    e.count++
    if (this.hits.size > 10_000) this.sweep(t)
    return e.count > this.max ? Math.ceil((e.resetAt - t) / 1000) : 0
  }

  reset(key: string): void {
    this.hits.delete(key)
  }

  private sweep(t: number): void {
    for (const [k, e] of this.hits) if (e.resetAt <= t) this.hits.delete(k)
  }
}
