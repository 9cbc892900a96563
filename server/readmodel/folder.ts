/**
 * Keeps the read-model tables current as docs are stored, off the sync path: DocManager tells it
 * that a doc holds new durably stored content (`stored`); the folder folds that doc at most once per
 * interval (trailing), in a timer of its own — never inside a write batch, an ACK or a broadcast —
 * and replaces the doc's rows in one transaction. A doc being unloaded is folded right away if it
 * has unfolded changes. The interval grows with the fold's cost (≥ 4× the last fold's time), so a
 * huge doc edited continuously costs at most ~20 % of one core.
 */
import type * as Y from 'yjs'
import { errorText, type Logger } from '../log'
import type { DocStoredListener } from '../docs/DocManager'
import type { ReadModelStore } from './ReadModelStore'
import { foldDoc, foldsInto } from './rows'

interface Pending {
  ydoc: Y.Doc
  timer: NodeJS.Timeout | null
  running: Promise<void> | null
  dirty: boolean
  lastCostMs: number
}

export class ReadModelFolder implements DocStoredListener {
  private readonly docs = new Map<string, Pending>()
  /** Folds done (tests, health). */
  folds = 0

  constructor(
    private readonly store: ReadModelStore,
    private readonly opts: { intervalMs: number; log: Logger },
  ) {}

  wants(name: string): boolean {
    return foldsInto(name)
  }

  stored(name: string, ydoc: Y.Doc): void {
    let p = this.docs.get(name)
    if (!p) {
      p = { ydoc, timer: null, running: null, dirty: false, lastCostMs: 0 }
      this.docs.set(name, p)
    }
    p.ydoc = ydoc
    p.dirty = true
    this.schedule(name, p)
  }

  async unloading(name: string, ydoc: Y.Doc): Promise<void> {
    const p = this.docs.get(name)
    if (!p || p.ydoc !== ydoc) return
    if (p.timer) clearTimeout(p.timer)
    p.timer = null
    await p.running
    if (p.dirty) await this.run(name, p)
    if (this.docs.get(name) === p && !p.dirty) this.docs.delete(name)
  }

  /** Folds every doc with unfolded changes now (tests, shutdown). */
  async flush(): Promise<void> {
    for (;;) {
      const busy = [...this.docs.entries()].filter(([, p]) => p.dirty || p.running)
      if (busy.length === 0) return
      await Promise.all(
        busy.map(async ([name, p]) => {
          if (p.timer) clearTimeout(p.timer)
          p.timer = null
          await p.running
          if (p.dirty) await this.run(name, p)
        }),
      )
    }
  }

  private schedule(name: string, p: Pending): void {
    if (p.timer || p.running) return // the running fold reschedules when it sees `dirty`
    const delay = Math.max(this.opts.intervalMs, 4 * p.lastCostMs)
    p.timer = setTimeout(() => {
      p.timer = null
      this.run(name, p).catch(() => {})
    }, delay)
    p.timer.unref()
  }

  private run(name: string, p: Pending): Promise<void> {
    const job = (async () => {
      p.dirty = false
      const t0 = performance.now()
      try {
        const rows = foldDoc(name, p.ydoc)
        p.lastCostMs = performance.now() - t0
        if (rows) await this.store.replace(rows)
        this.folds++
      } catch (e) {
        p.dirty = true // try again with the next change (or at unload)
        this.opts.log.error('read model fold failed', { doc: name, err: errorText(e) })
      }
    })()
    p.running = job
    return job.finally(() => {
      p.running = null
      if (p.dirty && this.docs.get(name) === p) this.schedule(name, p)
      else if (!p.dirty && p.ydoc.isDestroyed) this.docs.delete(name)
    })
  }
}
