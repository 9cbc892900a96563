/**
 * Keeps the read-model tables current as docs are stored, off the sync path: DocManager tells it
 * that a doc holds new durably stored content (`stored`); the folder folds that doc at most once per
 * interval (trailing), in a timer of its own — never inside a write batch, an ACK or a broadcast.
 * A doc being unloaded is folded right away if it has unfolded changes.
 *
 * What a fold reads (docs/performance.md "Folding on the event loop"):
 *  - A freshly loaded doc whose state equals the state the last fold saw (its `folded` mark in the
 *    store: state vector + delete set) is not folded at all — the common reload of an idle doc.
 *  - Event docs fold INCREMENTALLY: only the events changed since the last fold (eventTracker.ts),
 *    a patch the store applies with the counters' delta. A few events instead of a council-year.
 *  - Otherwise (a doc changed elsewhere, a failed write, vote and case-list docs, which are small)
 *    the whole doc is folded and replaces its rows. The interval grows with that cost (≥ 4× the
 *    last fold's time), so a huge doc edited continuously costs at most ~20 % of one core.
 */
import type * as Y from 'yjs'
import { parseDocName } from '../../src/domain/docTypes'
import type { DocStoredListener } from '../docs/DocManager'
import { errorText, type Logger } from '../log'
import { EventTracker, stateMark } from './eventTracker'
import type { ReadModelStore } from './ReadModelStore'
import { type DocRows, foldDoc, foldsInto } from './rows'

interface Pending {
  ydoc: Y.Doc
  timer: NodeJS.Timeout | null
  running: Promise<void> | null
  dirty: boolean
  lastCostMs: number
  /** check: compare `loadMark` with the store's mark first; patch: fold the tracker's events */
  mode: 'check' | 'full' | 'patch'
  loadMark: string
  /** changes since the doc was loaded (the first `stored` is the load itself) */
  changed: boolean
  tracker: EventTracker | null
}

export interface FolderOptions {
  intervalMs: number
  log: Logger
  /** false: always fold whole docs (benchmarks compare the two) */
  incremental?: boolean
}

export class ReadModelFolder implements DocStoredListener {
  private readonly docs = new Map<string, Pending>()
  /** Folds done (tests, health), and of those, whole-doc folds. */
  folds = 0
  fullFolds = 0

  constructor(
    private readonly store: ReadModelStore,
    private readonly opts: FolderOptions,
  ) {}

  wants(name: string): boolean {
    return foldsInto(name)
  }

  stored(name: string, ydoc: Y.Doc): void {
    let p = this.docs.get(name)
    if (!p) {
      p = {
        ydoc,
        timer: null,
        running: null,
        dirty: false,
        lastCostMs: 0,
        mode: 'full',
        loadMark: '',
        changed: false,
        tracker: null,
      }
      this.docs.set(name, p)
      this.attach(name, p)
    } else if (p.ydoc !== ydoc) {
      p.ydoc = ydoc
      this.attach(name, p)
    } else p.changed = true
    p.dirty = true
    this.schedule(name, p)
  }

  /** A (re)loaded doc: remember its state, start tracking its events. */
  private attach(name: string, p: Pending): void {
    p.tracker?.detach()
    p.tracker = null
    p.changed = false
    p.mode = 'full'
    if (this.opts.incremental === false) return
    p.mode = 'check'
    p.loadMark = stateMark(p.ydoc)
    if (parseDocName(name)?.kind === 'event') p.tracker = new EventTracker(p.ydoc)
  }

  async unloading(name: string, ydoc: Y.Doc): Promise<void> {
    const p = this.docs.get(name)
    if (!p || p.ydoc !== ydoc) return
    if (p.timer) clearTimeout(p.timer)
    p.timer = null
    await p.running
    if (p.dirty) await this.run(name, p)
    if (this.docs.get(name) === p && !p.dirty) this.forget(name, p)
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

  private forget(name: string, p: Pending): void {
    p.tracker?.detach()
    this.docs.delete(name)
  }

  private schedule(name: string, p: Pending): void {
    if (p.timer || p.running) return // the running fold reschedules when it sees `dirty`
    const delay = Math.max(this.opts.intervalMs, p.mode === 'full' ? 4 * p.lastCostMs : 0)
    p.timer = setTimeout(() => {
      p.timer = null
      this.run(name, p).catch(() => {})
    }, delay)
    p.timer.unref()
  }

  private run(name: string, p: Pending): Promise<void> {
    const job = (async () => {
      p.dirty = false
      try {
        if (p.mode === 'check') {
          const same = (await this.store.foldedState(name)) === p.loadMark
          // Same state as last folded: only what changed since the load needs folding.
          p.mode = same && p.tracker ? 'patch' : 'full'
          if (same && !p.changed) return
        }
        if (p.ydoc.isDestroyed) return
        const rows = this.fold(name, p)
        if (rows) await this.store.replace(rows)
        this.folds++
      } catch (e) {
        p.dirty = true // try again with the next change (or at unload), folding the whole doc
        p.mode = 'full'
        this.opts.log.error('read model fold failed', { doc: name, err: errorText(e) })
      }
    })()
    p.running = job
    return job.finally(() => {
      p.running = null
      if (p.dirty && this.docs.get(name) === p) this.schedule(name, p)
      else if (!p.dirty && p.ydoc.isDestroyed && this.docs.get(name) === p) this.forget(name, p)
    })
  }

  /** The rows to write now (synchronous: reads the doc and takes the touched set together). */
  private fold(name: string, p: Pending): DocRows | null {
    const t0 = performance.now()
    const ids = p.tracker?.take() ?? []
    const folded = this.opts.incremental === false ? undefined : { doc: name, state: stateMark(p.ydoc) }
    if (p.mode === 'patch' && p.tracker) {
      if (ids.length === 0) return null
      const councilId = parseDocName(name)!.councilId
      return { scope: 'eventPatch', councilId, ...p.tracker.fold(councilId, ids), folded }
    }
    const rows = foldDoc(name, p.ydoc)
    p.lastCostMs = performance.now() - t0
    this.fullFolds++
    if (p.tracker) p.mode = 'patch'
    return rows && { ...rows, folded }
  }
}
