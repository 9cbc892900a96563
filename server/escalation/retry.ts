/**
 * Bounded retry of a failed bridge write while the server runs (docs/ops.md "Escalation bridge").
 * A job that throws (store unavailable, the org tree unreadable) is run again after a backoff that
 * doubles from `baseMs` up to `maxMs`, at most `attempts` times in all; every write is idempotent
 * (writeOnce), so running a job again that half-succeeded stores nothing twice. A job that gives up
 * is left to the catch-up pass of the next start (catchUp.ts), as before this retry existed.
 * Waiting jobs do not hold up the bridge's queue: the timer puts the job back at its end.
 */
import { errorText, type Logger } from '../log'

export interface RetryPolicy {
  /** First wait after a failure; doubles each time. */
  baseMs: number
  /** Longest wait between two attempts. */
  maxMs: number
  /** Attempts in all, the first included. */
  attempts: number
}

/** ~0.5 s, 1 s, 2 s … 60 s: eight attempts cover about two minutes of a store or network outage. */
export const DEFAULT_RETRY: RetryPolicy = { baseMs: 500, maxMs: 60_000, attempts: 8 }

/** Counters shown in /healthz (`escalationBridge`). */
export interface RetryStats {
  /** Jobs waiting for their next attempt now. */
  waiting: number
  /** Attempts made after a failure (all jobs, since start). */
  retried: number
  /** Jobs that failed at least once and then succeeded. */
  recovered: number
  /** Jobs that failed `attempts` times: left to the next start's catch-up. */
  gaveUp: number
}

export function retryDelay(policy: RetryPolicy, failures: number): number {
  return Math.min(policy.maxMs, policy.baseMs * 2 ** Math.max(0, failures - 1))
}

export class BridgeRetry {
  readonly stats: RetryStats = { waiting: 0, retried: 0, recovered: 0, gaveUp: 0 }
  private readonly timers = new Set<ReturnType<typeof setTimeout>>()
  private stopped = false

  constructor(
    private readonly policy: RetryPolicy,
    /** Puts a run at the end of the bridge's serial queue. */
    private readonly enqueue: (run: () => Promise<unknown>) => void,
    private readonly log: Logger,
  ) {}

  /** Runs `job` through the queue; on a throw, again after the backoff, up to the policy's bound. */
  submit(what: Record<string, unknown>, job: () => Promise<unknown>, failures = 0): void {
    this.enqueue(async () => {
      try {
        await job()
        if (failures > 0) {
          this.stats.recovered++
          this.log.info('escalation bridge write recovered', { ...what, attempts: failures + 1 })
        }
      } catch (e) {
        this.failed(what, job, failures + 1, e)
      }
    })
  }

  /** Cancels the waiting jobs (shutdown); the next start's catch-up redoes them. */
  stop(): void {
    this.stopped = true
    for (const t of this.timers) clearTimeout(t)
    if (this.timers.size > 0) this.log.warn('escalation bridge retries dropped at shutdown', { jobs: this.timers.size })
    this.timers.clear()
    this.stats.waiting = 0
  }

  private failed(what: Record<string, unknown>, job: () => Promise<unknown>, failures: number, e: unknown): void {
    if (failures >= this.policy.attempts || this.stopped) {
      this.stats.gaveUp++
      this.log.error('escalation bridge write failed; the next start catches it up', {
        ...what,
        attempts: failures,
        err: errorText(e),
      })
      return
    }
    const delayMs = retryDelay(this.policy, failures)
    this.log.warn('escalation bridge write failed; retrying', {
      ...what,
      attempt: failures,
      delayMs,
      err: errorText(e),
    })
    this.stats.waiting++
    const timer = setTimeout(() => {
      this.timers.delete(timer)
      this.stats.waiting--
      this.stats.retried++
      this.submit(what, job, failures)
    }, delayMs)
    timer.unref?.()
    this.timers.add(timer)
  }
}
