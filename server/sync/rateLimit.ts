/**
 * Frame rate limits for sync sockets: a token bucket per connection and one per user (shared by
 * all of that user's connections in this process). A frame costs one token; a connection whose
 * bucket — or whose user's bucket — is empty is closed with 4529 "rate limited" (clients reconnect
 * with backoff and resync, so a legitimate burst costs a reconnect, never data).
 */
export class TokenBucket {
  private tokens: number
  private last: number

  constructor(
    private readonly ratePerS: number,
    private readonly burst: number,
    private readonly now: () => number = Date.now,
  ) {
    this.tokens = burst
    this.last = now()
  }

  /** Takes `n` tokens; false (and takes none) when there are not enough. */
  take(n = 1): boolean {
    this.refill()
    if (this.tokens < n) return false
    this.tokens -= n
    return true
  }

  /** True when the bucket is full again (idle), so it can be forgotten. */
  get full(): boolean {
    this.refill()
    return this.tokens >= this.burst
  }

  private refill(): void {
    const t = this.now()
    if (t > this.last) {
      this.tokens = Math.min(this.burst, this.tokens + ((t - this.last) / 1000) * this.ratePerS)
      this.last = t
    }
  }
}

export interface FrameRateConfig {
  frameRate: number
  frameBurst: number
  userFrameRate: number
  userFrameBurst: number
}

export class FrameRateLimiter {
  private readonly users = new Map<string, TokenBucket>()
  private sweeps = 0

  constructor(
    readonly config: FrameRateConfig,
    private readonly now: () => number = Date.now,
  ) {}

  forConnection(): TokenBucket {
    return new TokenBucket(this.config.frameRate, this.config.frameBurst, this.now)
  }

  /** One frame of `userId`; false = over the user's limit. */
  takeUser(userId: string): boolean {
    let b = this.users.get(userId)
    if (!b) {
      b = new TokenBucket(this.config.userFrameRate, this.config.userFrameBurst, this.now)
      this.users.set(userId, b)
      if (++this.sweeps % 1024 === 0) this.sweep()
    }
    return b.take()
  }

  /** Forget full buckets so the map stays as small as the set of recently active users. */
  private sweep(): void {
    for (const [id, b] of this.users) if (b.full) this.users.delete(id)
  }
}
