/**
 * Revocation within seconds on every process. `accessChanged({ userId?, councilId?, docName? })`
 * is THE call to make after anything that can take access away (or grant it) outside a document:
 * a role removed or changed, a member removed from a council, an account deactivated. Every open
 * sync connection matching all given fields (none given = every connection) re-decides its access
 * from the accounts as they are now (Connection.recheckAccess): read lost → closed 4403 (the client
 * deletes its local copy, docs/protocol.md); write lost → later updates are refused.
 *
 * It runs here at once and is published on Redis (`<prefix>access`) so every other process re-checks
 * its own connections. Redis is at-most-once: a process whose subscriber reconnects re-checks ALL
 * its connections (it may have missed messages), and a publish that failed is sent again once the
 * publisher is back.
 *
 * Access that depends on a document's content (mediation case assignees, in the case doc itself)
 * needs no call: each connection re-checks its read gate before sending any doc content
 * (Connection.send), on every process, since the change reaches every process as a doc update.
 */
import { randomUUID } from 'node:crypto'
import { Redis } from 'ioredis'
import { z } from 'zod'
import { errorText, type Logger } from '../log'

export interface AccessChange {
  userId?: string
  councilId?: string
  docName?: string
}

/** What re-checks this process's connections (SyncServer). */
export interface AccessRechecker {
  recheck(change: AccessChange): void
}

const MessageSchema = z.object({
  from: z.string(),
  userId: z.string().max(200).optional(),
  councilId: z.string().max(200).optional(),
  docName: z.string().max(1000).optional(),
})

export interface RevocationOptions {
  /** null = single process: re-check locally only. */
  redisUrl: string | null
  prefix: string
  log: Logger
}

export class Revocation {
  private readonly processId = randomUUID()
  private readonly pub: Redis | null = null
  private readonly sub: Redis | null = null
  private readonly channel: string
  /** Changes whose publish failed (Redis down), sent once the publisher is ready again. */
  private unpublished: AccessChange[] = []
  private subscribedOnce = false
  private closed = false

  constructor(
    private readonly target: AccessRechecker,
    private readonly opts: RevocationOptions,
  ) {
    this.channel = `${opts.prefix}access`
    if (!opts.redisUrl) return
    const common = { retryStrategy: (n: number) => Math.min(100 * n, 2000), maxRetriesPerRequest: 1 }
    this.pub = new Redis(opts.redisUrl, { ...common, enableOfflineQueue: false })
    this.sub = new Redis(opts.redisUrl, { ...common, autoResubscribe: false })
    for (const r of [this.pub, this.sub]) {
      r.on('error', (e: Error) => opts.log.debug('redis error (revocation)', { err: e.message }))
    }
    this.pub.on('ready', () => this.flushUnpublished())
    this.sub.on('ready', () => void this.onSubscriberReady())
    this.sub.on('message', (channel: string, message: string) => this.onMessage(channel, message))
  }

  /** Re-checks matching connections here and on every other process. */
  accessChanged(change: AccessChange): void {
    if (this.closed) return
    this.recheckHere(change)
    this.publish(change)
  }

  async close(): Promise<void> {
    this.closed = true
    await Promise.allSettled([this.pub?.quit(), this.sub?.quit()])
    this.pub?.disconnect()
    this.sub?.disconnect()
  }

  private recheckHere(change: AccessChange): void {
    try {
      this.target.recheck(change)
    } catch (e) {
      this.opts.log.error('access recheck failed', { err: errorText(e) })
    }
  }

  private publish(change: AccessChange): void {
    if (!this.pub) return
    if (this.pub.status !== 'ready') {
      this.unpublished.push(change)
      return
    }
    this.pub.publish(this.channel, JSON.stringify({ from: this.processId, ...change })).catch(() => {
      this.unpublished.push(change)
    })
  }

  private flushUnpublished(): void {
    const pending = this.unpublished
    this.unpublished = []
    for (const c of pending) this.publish(c)
  }

  private async onSubscriberReady(): Promise<void> {
    try {
      await this.sub?.subscribe(this.channel)
    } catch (e) {
      this.opts.log.warn('redis subscribe failed (revocation)', { err: errorText(e) })
      return
    }
    // After an outage we may have missed changes: re-check every connection once.
    if (this.subscribedOnce) this.recheckHere({})
    this.subscribedOnce = true
  }

  private onMessage(channel: string, message: string): void {
    if (channel !== this.channel || this.closed) return
    let m: z.infer<typeof MessageSchema>
    try {
      m = MessageSchema.parse(JSON.parse(message))
    } catch {
      this.opts.log.warn('undecodable revocation message')
      return
    }
    if (m.from === this.processId) return
    const { from: _from, ...change } = m
    this.recheckHere(change)
  }
}
