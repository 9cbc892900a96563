/**
 * The per-doc write queue: access check → durable append (group-committed with everything else
 * waiting) → apply to the in-memory doc → resolve. The in-memory doc only ever contains what is
 * durably stored, which is what makes `Y.encodeStateAsUpdate(ydoc)` a valid snapshot at any
 * synchronous point.
 */
import * as Y from 'yjs'
import type { ServerOrigin } from '../origins'
import { errorText, type Logger } from '../log'
import { isRedundant } from './updateCheck'

export type WriteResult = 'stored' | 'redundant'

export class InvalidUpdateError extends Error {}

/** A content check run just before storing: null = allowed (see server/access/contentRules). */
export type UpdateCheck = (doc: Y.Doc, update: Uint8Array) => { code: string; message: string } | null

/** The update was refused by an access rule: not stored, not applied, not broadcast. */
export class RefusedUpdateError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message)
  }
}

interface PendingWrite {
  update: Uint8Array
  origin: ServerOrigin
  check: UpdateCheck | undefined
  resolve: (r: WriteResult) => void
  reject: (e: unknown) => void
}

export interface WriteQueueHooks {
  /**
   * Calls `decide` (which judges the batch against the doc as it is then and returns the updates
   * to store) and durably stores what it returned, before anything is applied. With several
   * processes both run under the doc's cross-process write lock (serialWriter.ts).
   */
  commit(decide: () => Uint8Array[]): Promise<void>
  /** Runs `apply` (which applies the batch to the doc) and broadcasts the batch as one frame. */
  broadcastBatch(apply: () => void): void
  /** After each batch (compaction check). */
  afterBatch(): void
}

export class WriteQueue {
  private queue: PendingWrite[] = []
  private draining: Promise<void> | null = null

  constructor(
    private readonly name: string,
    private readonly ydoc: Y.Doc,
    private readonly hooks: WriteQueueHooks,
    private readonly log: Logger,
  ) {}

  get idle(): boolean {
    return this.queue.length === 0 && this.draining === null
  }

  push(update: Uint8Array, origin: ServerOrigin, check: UpdateCheck | undefined): Promise<WriteResult> {
    return new Promise<WriteResult>((resolve, reject) => {
      this.queue.push({ update, origin, check, resolve, reject })
      this.kick()
    })
  }

  /** Resolves when every write queued so far is stored and applied. */
  async flush(): Promise<void> {
    while (this.draining || this.queue.length > 0) {
      this.kick()
      await this.draining
    }
  }

  private kick(): void {
    if (this.draining || this.queue.length === 0) return
    this.draining = this.drain().finally(() => {
      this.draining = null
      this.kick() // writes that arrived after the loop's last check
    })
  }

  private judge(batch: PendingWrite[]): Verdict {
    return judgeBatch(this.ydoc, batch)
  }

  private async drain(): Promise<void> {
    // Yield one macrotask so frames that arrived in the same socket read join this batch.
    await new Promise<void>((r) => setImmediate(r))
    while (this.queue.length > 0) {
      // A checked write must be judged against the doc with every earlier write applied, so it
      // travels in a batch of its own; unchecked writes are still group-committed together.
      const firstChecked = this.queue.findIndex((w) => w.check)
      const batch = this.queue.splice(0, firstChecked === 0 ? 1 : firstChecked < 0 ? this.queue.length : firstChecked)
      let verdict: Verdict = { refusal: null, fresh: [] }
      try {
        await this.hooks.commit(() => {
          verdict = this.judge(batch)
          return verdict.refusal ? [] : batch.filter((_, i) => verdict.fresh[i]).map((w) => w.update)
        })
      } catch (e) {
        this.log.error('append failed', { doc: this.name, err: errorText(e) })
        for (const w of batch) w.reject(e)
        continue
      }
      const { refusal, fresh } = verdict
      if (refusal) {
        batch[0]?.reject(new RefusedUpdateError(refusal.code, refusal.message))
        continue
      }
      this.hooks.broadcastBatch(() => {
        batch.forEach((w, i) => {
          try {
            Y.applyUpdate(this.ydoc, w.update, w.origin)
          } catch (e) {
            // Stored but not applicable: it decoded, so it is harmless bytes; compaction drops it.
            this.log.warn('stored update failed to apply', { doc: this.name, err: errorText(e) })
          }
          w.resolve(fresh[i] ? 'stored' : 'redundant')
        })
      })
      this.hooks.afterBatch()
    }
  }
}

/**
 * Judges a batch against the doc as it is now: a checked write travels alone and may be refused;
 * `fresh[i]` = write i changes something and must be stored.
 */
function judgeBatch(doc: Y.Doc, batch: PendingWrite[]): Verdict {
  const only = batch.length === 1 ? batch[0] : undefined
  if (only?.check && !isRedundant(doc, only.update)) {
    const refusal = refusalOf(only.check, doc, only.update)
    if (refusal) return { refusal, fresh: [] }
  }
  return { refusal: null, fresh: batch.map((w) => !isRedundant(doc, w.update)) }
}

interface Verdict {
  refusal: { code: string; message: string } | null
  fresh: boolean[]
}

/** The write's access check against the current doc (null = allowed); a check that throws refuses. */
function refusalOf(check: UpdateCheck, doc: Y.Doc, update: Uint8Array): { code: string; message: string } | null {
  try {
    return check(doc, update)
  } catch (e) {
    return { code: 'invalid-update', message: errorText(e) }
  }
}
