/**
 * Fan-out over Redis pub/sub (ioredis): one channel per loaded doc, `<prefix>doc:<docName>`.
 *
 * Message (binary, lib0): varString processId · varUint kind · varUint rowId · varUint count ·
 * count × varUint8Array payload. Kinds: UPDATES (rows just stored by the sender, rowId = the last
 * one), AWARENESS (an awareness update), QUERY (the sender just loaded the doc: send your awareness),
 * RESYNC (the sender stored something it could not publish: reload the doc from storage).
 *
 * Guarantees and their limits:
 *  - Only durably stored updates are published (SharedDoc calls `stored` after the append), so a
 *    process never relays something that isn't stored; receivers apply with REMOTE_ORIGIN, which is
 *    never stored or published again (no echo loops); messages carrying our own process id are dropped.
 *  - Redis pub/sub is at-most-once. Every gap is repaired from the database: when our subscriber
 *    (re)connects we re-subscribe every loaded doc and then reload it from storage; a publish that
 *    fails (Redis down: no offline queue, so no unbounded buffering) marks the doc, and once Redis is
 *    back we publish RESYNC for it so the others reload too. Clients additionally repair through the
 *    normal step1/step2 exchange when they reconnect.
 */
import { Redis } from 'ioredis'
import { randomUUID } from 'node:crypto'
import * as encoding from 'lib0/encoding'
import * as decoding from 'lib0/decoding'
import { errorText, type Logger } from '../log'
import type { Fanout, FanoutChannel, FanoutSink } from './Fanout'

const KIND_UPDATES = 0
const KIND_AWARENESS = 1
const KIND_QUERY = 2
const KIND_RESYNC = 3

export interface RedisFanoutOptions {
  url: string
  prefix: string
  log: Logger
  /** Defaults to a random id; messages with our own id are ignored. */
  processId?: string
}

interface Message {
  from: string
  kind: number
  rowId: number
  payloads: Uint8Array[]
}

export function encodeMessage(m: Message): Uint8Array {
  const e = encoding.createEncoder()
  encoding.writeVarString(e, m.from)
  encoding.writeVarUint(e, m.kind)
  encoding.writeVarUint(e, m.rowId)
  encoding.writeVarUint(e, m.payloads.length)
  for (const p of m.payloads) encoding.writeVarUint8Array(e, p)
  return encoding.toUint8Array(e)
}

export function decodeMessage(b: Uint8Array): Message {
  const d = decoding.createDecoder(b)
  const from = decoding.readVarString(d)
  const kind = decoding.readVarUint(d)
  const rowId = decoding.readVarUint(d)
  const n = decoding.readVarUint(d)
  const payloads: Uint8Array[] = []
  for (let i = 0; i < n; i++) payloads.push(decoding.readVarUint8Array(d))
  return { from, kind, rowId, payloads }
}

class RedisChannel implements FanoutChannel {
  sink: FanoutSink | null = null
  buffer: Message[] = []
  left = false

  constructor(
    private readonly hub: RedisFanout,
    readonly doc: string,
  ) {}

  attach(sink: FanoutSink): void {
    this.sink = sink
    const buffered = this.buffer
    this.buffer = []
    for (const m of buffered) this.hub.deliver(this, m)
    this.hub.publish(this, KIND_QUERY, 0, [])
  }

  stored(updates: Uint8Array[], lastId: number): void {
    this.hub.publish(this, KIND_UPDATES, lastId, updates)
  }

  awareness(update: Uint8Array): void {
    this.hub.publish(this, KIND_AWARENESS, 0, [update])
  }

  leave(): void {
    this.hub.leave(this)
  }
}

export class RedisFanout implements Fanout {
  readonly processId: string
  private readonly pub: Redis
  private readonly sub: Redis
  private readonly channels = new Map<string, RedisChannel>()
  /** Docs with a stored update that could not be published; RESYNC goes out when Redis is back. */
  private readonly unpublished = new Set<string>()
  private subscriberWasReady = false
  private closed = false

  constructor(private readonly opts: RedisFanoutOptions) {
    this.processId = opts.processId ?? randomUUID()
    const common = {
      // Never give up reconnecting; back off up to 2 s.
      retryStrategy: (times: number) => Math.min(100 * times, 2000),
      maxRetriesPerRequest: 1,
      lazyConnect: false,
    }
    // No offline queue on the publisher: while Redis is down we fail fast and remember the doc.
    this.pub = new Redis(opts.url, {
      ...common,
      enableOfflineQueue: false,
      connectionName: `yishi-pub-${this.processId}`,
    })
    // We re-subscribe ourselves on 'ready' (so we know when it is done before reloading from storage).
    this.sub = new Redis(opts.url, { ...common, autoResubscribe: false, connectionName: `yishi-sub-${this.processId}` })
    for (const [name, r] of [
      ['publisher', this.pub],
      ['subscriber', this.sub],
    ] as const) {
      r.on('error', (e: Error) => this.opts.log.warn('redis error', { conn: name, err: e.message }))
      r.on('end', () => !this.closed && this.opts.log.warn('redis connection ended', { conn: name }))
    }
    this.pub.on('ready', () => this.flushUnpublished())
    this.sub.on('ready', () => void this.onSubscriberReady())
    this.sub.on('messageBuffer', (channel: Buffer, message: Buffer) => this.onMessage(channel.toString(), message))
  }

  private channelName(doc: string): string {
    return `${this.opts.prefix}doc:${doc}`
  }

  async join(doc: string): Promise<FanoutChannel> {
    const old = this.channels.get(doc)
    if (old) old.left = true // a stale channel of an unloaded doc; the new one takes over
    const ch = new RedisChannel(this, doc)
    this.channels.set(doc, ch)
    if (this.sub.status === 'ready') {
      try {
        await this.sub.subscribe(this.channelName(doc))
      } catch (e) {
        // Reconnect will subscribe and reload from storage.
        this.opts.log.warn('redis subscribe failed', { doc, err: errorText(e) })
      }
    }
    return ch
  }

  leave(ch: RedisChannel): void {
    ch.left = true
    ch.sink = null
    ch.buffer = []
    if (this.channels.get(ch.doc) !== ch) return
    this.channels.delete(ch.doc)
    if (this.sub.status === 'ready') {
      this.sub.unsubscribe(this.channelName(ch.doc)).catch(() => {})
    }
  }

  publish(ch: RedisChannel, kind: number, rowId: number, payloads: Uint8Array[]): void {
    if (ch.left || this.closed) return
    const msg = Buffer.from(encodeMessage({ from: this.processId, kind, rowId, payloads }))
    const onFail = (e: unknown) => {
      if (kind === KIND_UPDATES || kind === KIND_RESYNC) this.unpublished.add(ch.doc)
      this.opts.log.debug('redis publish failed', { doc: ch.doc, err: errorText(e) })
    }
    if (this.pub.status !== 'ready') {
      onFail(new Error(`redis ${this.pub.status}`))
      return
    }
    this.pub.publish(this.channelName(ch.doc), msg).catch(onFail)
  }

  deliver(ch: RedisChannel, m: Message): void {
    const sink = ch.sink
    if (!sink) return
    switch (m.kind) {
      case KIND_UPDATES:
        for (const u of m.payloads) sink.applyRemoteUpdate(u, m.rowId)
        return
      case KIND_AWARENESS:
        for (const u of m.payloads) sink.applyRemoteAwareness(u)
        return
      case KIND_QUERY: {
        const states = sink.encodeAwareness()
        if (states) this.publish(ch, KIND_AWARENESS, 0, [states])
        return
      }
      case KIND_RESYNC:
        this.resync(ch, sink)
        return
    }
  }

  private onMessage(channel: string, message: Buffer): void {
    if (!channel.startsWith(`${this.opts.prefix}doc:`)) return
    const ch = this.channels.get(channel.slice(this.opts.prefix.length + 4))
    if (!ch || ch.left) return
    let m: Message
    try {
      m = decodeMessage(new Uint8Array(message.buffer, message.byteOffset, message.byteLength))
    } catch (e) {
      this.opts.log.warn('undecodable fan-out message', { channel, err: errorText(e) })
      return
    }
    if (m.from === this.processId) return
    if (!ch.sink) {
      ch.buffer.push(m) // joined, still loading from storage
      return
    }
    this.deliver(ch, m)
  }

  private resync(ch: RedisChannel, sink: FanoutSink): void {
    sink
      .resyncFromStore()
      .catch((e) => this.opts.log.error('resync from storage failed', { doc: ch.doc, err: errorText(e) }))
  }

  /** (Re)connected: subscribe every loaded doc, then reload each from storage to cover the gap. */
  private async onSubscriberReady(): Promise<void> {
    const reconnect = this.subscriberWasReady
    this.subscriberWasReady = true
    const names = [...this.channels.keys()].map((d) => this.channelName(d))
    if (names.length === 0) return
    try {
      await this.sub.subscribe(...names)
    } catch (e) {
      this.opts.log.warn('redis resubscribe failed', { err: errorText(e) })
      return
    }
    if (reconnect) this.opts.log.info('redis reconnected: resyncing loaded docs', { docs: names.length })
    for (const ch of this.channels.values()) if (ch.sink) this.resync(ch, ch.sink)
  }

  private flushUnpublished(): void {
    for (const doc of [...this.unpublished]) {
      this.unpublished.delete(doc)
      const ch = this.channels.get(doc)
      if (ch) this.publish(ch, KIND_RESYNC, 0, [])
      else {
        // Unloaded meanwhile: still tell the others.
        const msg = Buffer.from(encodeMessage({ from: this.processId, kind: KIND_RESYNC, rowId: 0, payloads: [] }))
        this.pub.publish(this.channelName(doc), msg).catch(() => this.unpublished.add(doc))
      }
    }
  }

  async close(): Promise<void> {
    this.closed = true
    this.channels.clear()
    await Promise.allSettled([this.pub.quit(), this.sub.quit()])
    this.pub.disconnect()
    this.sub.disconnect()
  }
}
