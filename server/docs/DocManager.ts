/**
 * Document lifecycle: load each doc exactly once (concurrent callers share one load promise, so 50
 * clients connecting at the same moment cause one store.load), hand out a SharedDoc only once it is
 * fully loaded (y-websocket #81 answered sync on a still-empty doc), and unload docs that have had no
 * peers for `idleUnloadMs` (y-websocket keeps them forever) after compacting them.
 */
import type * as Y from 'yjs'
import type { DocStore } from '../storage/DocStore'
import { errorText, type Logger } from '../log'
import { SharedDoc, type DocPeer } from './SharedDoc'
import type { Fanout, FanoutChannel } from '../fanout/Fanout'

/**
 * Told about stored content, off the write path (server/readmodel/folder.ts folds docs into the
 * read-model tables). `stored` must only schedule work: it runs synchronously after a batch is
 * applied.
 */
export interface DocStoredListener {
  /** Whether this listener cares about the doc at all (asked once per load). */
  wants(name: string): boolean
  /** The doc now holds newly stored content (after load, after each applied batch or relayed update). */
  stored(name: string, ydoc: Y.Doc): void
  /** The doc is about to be unloaded; its Y.Doc is destroyed once this resolves. */
  unloading(name: string, ydoc: Y.Doc): Promise<void>
}

export interface DocManagerOptions {
  idleUnloadMs: number
  compactAfterUpdates: number
  log: Logger
  /** Cross-process relay (REDIS_URL); absent = this process serves its own clients only. */
  fanout?: Fanout | null
  /** Read models (server/readmodel): hears about every doc's stored content. */
  listener?: DocStoredListener | null
}

export class DocManager {
  private readonly docs = new Map<string, SharedDoc>()
  private readonly loading = new Map<string, Promise<SharedDoc>>()
  private readonly unloading = new Map<string, Promise<void>>()
  private readonly idleTimers = new Map<string, NodeJS.Timeout>()
  private readonly channels = new WeakMap<SharedDoc, FanoutChannel>()
  private closing = false
  /** Called with each doc once loaded, before anyone can write to it (the escalation bridge watches). */
  private readonly loadHooks: Array<(doc: SharedDoc) => void> = []

  constructor(
    readonly store: DocStore,
    private readonly opts: DocManagerOptions,
  ) {}

  get openDocs(): number {
    return this.docs.size
  }

  /** Number of peers over all loaded docs. */
  get peerCount(): number {
    let n = 0
    for (const d of this.docs.values()) n += d.peers.size
    return n
  }

  onLoad(hook: (doc: SharedDoc) => void): void {
    this.loadHooks.push(hook)
  }

  isLoaded(name: string): boolean {
    return this.docs.has(name)
  }

  /** The loaded doc, loading it first if needed. Never returns a half-loaded doc. */
  get(name: string): Promise<SharedDoc> {
    if (this.closing) return Promise.reject(new Error('server is shutting down'))
    const loaded = this.docs.get(name)
    if (loaded) return Promise.resolve(loaded)
    const pending = this.loading.get(name)
    if (pending) return pending
    const p = this.load(name)
    this.loading.set(name, p)
    const done = () => this.loading.delete(name)
    p.then(done, done)
    return p
  }

  /** Loads the doc and registers `peer` in the same synchronous step, so no unload can slip in. */
  async acquire(name: string, peer: DocPeer): Promise<SharedDoc> {
    for (;;) {
      const doc = await this.get(name)
      if (doc.closed) continue // unloaded between load and now: load again
      this.cancelIdle(name)
      doc.addPeer(peer)
      return doc
    }
  }

  release(doc: SharedDoc, peer: DocPeer): void {
    doc.removePeer(peer)
    if (doc.peers.size === 0 && !doc.closed) this.scheduleIdle(doc)
  }

  /** Compacts a loaded doc now (no-op when it is not loaded). */
  async compact(name: string): Promise<void> {
    const doc = this.docs.get(name)
    if (!doc) return
    await doc.flush()
    await doc.compact()
  }

  /** Stores every queued write and compacts every loaded doc; docs stay loaded. */
  async flushAll(): Promise<void> {
    await Promise.all(
      [...this.docs.values()].map(async (d) => {
        await d.flush()
        await d.compact()
      }),
    )
  }

  /** Shutdown: refuse new loads, flush + compact + unload everything. The store stays open. */
  async close(): Promise<void> {
    this.closing = true
    for (const t of this.idleTimers.values()) clearTimeout(t)
    this.idleTimers.clear()
    await Promise.allSettled(this.loading.values())
    await Promise.all([...this.docs.keys()].map((n) => this.unload(n, true)))
    await Promise.all(this.unloading.values())
  }

  /**
   * Drops a doc from memory after storing and compacting it. Unless `force`, only when it has no
   * peers and its queue is drained.
   */
  async unload(name: string, force = false): Promise<void> {
    const doc = this.docs.get(name)
    if (!doc) return
    await doc.flush()
    if (!force && (!doc.idle || doc.closed)) return
    if (this.docs.get(name) !== doc) return
    this.docs.delete(name)
    this.cancelIdle(name)
    doc.closed = true
    const p = (async () => {
      try {
        await doc.flush()
        await doc.compact()
      } catch (e) {
        this.opts.log.error('unload flush failed', { doc: name, err: errorText(e) })
      }
      if (this.opts.listener?.wants(name))
        await this.opts.listener
          .unloading(name, doc.ydoc)
          .catch((e) => this.opts.log.error('unload listener failed', { doc: name, err: errorText(e) }))
      doc.destroy()
      this.channels.get(doc)?.leave()
    })()
    this.unloading.set(name, p)
    await p
    if (this.unloading.get(name) === p) this.unloading.delete(name)
    this.opts.log.debug('doc unloaded', { doc: name })
  }

  private async load(name: string): Promise<SharedDoc> {
    await this.unloading.get(name) // a doc being unloaded finishes its compaction first
    // Subscribe before reading storage: whatever another process stores after our read reaches us.
    const channel = this.opts.fanout ? await this.opts.fanout.join(name) : null
    let doc: SharedDoc
    let rows: number
    try {
      const loaded = await this.store.load(name)
      rows = loaded.updates.length
      doc = new SharedDoc(name, this.store, loaded, this.opts)
    } catch (e) {
      channel?.leave()
      throw e
    }
    if (channel) {
      doc.relay = channel
      this.channels.set(doc, channel)
      channel.attach(doc)
    }
    for (const hook of this.loadHooks) hook(doc)
    this.docs.set(name, doc)
    const listener = this.opts.listener
    if (listener?.wants(name)) {
      // The in-memory doc only ever holds stored content (writeQueue), so every update is stored.
      doc.ydoc.on('update', () => listener.stored(name, doc.ydoc))
      listener.stored(name, doc.ydoc)
    }
    this.opts.log.debug('doc loaded', { doc: name, rows })
    this.scheduleIdle(doc) // unloaded again unless a peer acquires it right away
    return doc
  }

  private scheduleIdle(doc: SharedDoc): void {
    this.cancelIdle(doc.name)
    if (this.closing) return
    const t = setTimeout(() => {
      this.idleTimers.delete(doc.name)
      if (this.docs.get(doc.name) !== doc || doc.peers.size > 0) return
      this.unload(doc.name).catch((e) => this.opts.log.error('unload failed', { doc: doc.name, err: errorText(e) }))
    }, this.opts.idleUnloadMs)
    t.unref()
    this.idleTimers.set(doc.name, t)
  }

  private cancelIdle(name: string): void {
    const t = this.idleTimers.get(name)
    if (t) clearTimeout(t)
    this.idleTimers.delete(name)
  }
}
