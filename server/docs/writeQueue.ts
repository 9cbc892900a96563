/**
 * The per-doc write queue: access check → durable append (group-committed with everything else
 * waiting) → apply to the in-memory doc → resolve. The in-memory doc only ever contains what is
 * durably stored, which is what makes `Y.encodeStateAsUpdate(ydoc)` a valid snapshot at any
 * synchronous point.
 */
import * as Y from 'yjs'
import type { ServerOrigin } from '../origins'
import { errorText, type Logger } from '../log'
import { type DecodedUpdate, isRedundant } from './updateCheck'

export type WriteResult = 'stored' | 'redundant'

export class InvalidUpdateError extends Error {}

/**
 * A check run just before storing: null = allowed (see server/access/contentRules). A `batchable`
 * check (structure only: decodable, no missing dependencies) may judge several writes of one batch
 * at once, given the clocks the earlier writes of the batch add (`known`), so those writes are still
 * group-committed; any other check judges its write alone, against the doc with every earlier
 * write applied.
 */
export type UpdateCheck = ((
  doc: Y.Doc,
  update: Uint8Array,
  /** clocks below this per client are present (the doc plus earlier writes of the batch) */
  known?: (client: number) => number,
  /** `update` decoded already (when the frame arrived): checks read it instead of decoding again */
  decoded?: DecodedUpdate,
) => { code: string; message: string } | null) & {
  batchable?: boolean
}

/** The update was refused by an access rule: not stored, not applied, not broadcast. */
export class RefusedUpdateError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message)
  }
}

/** A stored update applied to the doc, in the bytes it was received (broadcast as they are). */
export interface AppliedUpdate {
  update: Uint8Array
  origin: ServerOrigin
}

interface PendingWrite {
  update: Uint8Array
  origin: ServerOrigin
  check: UpdateCheck | undefined
  decoded: DecodedUpdate | undefined
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
  /**
   * Runs `apply` (which applies the batch to the doc and returns the stored updates it applied, as
   * received) and broadcasts the batch as one frame.
   */
  broadcastBatch(apply: () => AppliedUpdate[]): void
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

  push(
    update: Uint8Array,
    origin: ServerOrigin,
    check: UpdateCheck | undefined,
    decoded?: DecodedUpdate,
  ): Promise<WriteResult> {
    return new Promise<WriteResult>((resolve, reject) => {
      this.queue.push({ update, origin, check, decoded, resolve, reject })
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

  /**
   * The next batch: a write with a content check travels alone (judged against the doc with every
   * earlier write applied); unchecked and structure-only writes are group-committed together.
   */
  private takeBatch(): PendingWrite[] {
    const alone = (w: PendingWrite) => w.check !== undefined && !w.check.batchable
    if (alone(this.queue[0]!)) return this.queue.splice(0, 1)
    const n = this.queue.findIndex(alone)
    return this.queue.splice(0, n < 0 ? this.queue.length : n)
  }

  private judge(batch: PendingWrite[]): Verdict {
    return judgeBatch(this.ydoc, batch)
  }

  private async drain(): Promise<void> {
    // Yield one macrotask so frames that arrived in the same socket read join this batch.
    await new Promise<void>((r) => setImmediate(r))
    while (this.queue.length > 0) {
      const batch = this.takeBatch()
      let verdict: Verdict = { refusals: [], fresh: [] }
      try {
        await this.hooks.commit(() => {
          verdict = this.judge(batch)
          return batch.filter((_, i) => verdict.fresh[i]).map((w) => w.update)
        })
      } catch (e) {
        this.log.error('append failed', { doc: this.name, err: errorText(e) })
        for (const w of batch) w.reject(e)
        continue
      }
      const { refusals, fresh } = verdict
      const accepted: Array<{ w: PendingWrite; fresh: boolean }> = []
      batch.forEach((w, i) => {
        const refusal = refusals[i]
        if (refusal) w.reject(new RefusedUpdateError(refusal.code, refusal.message))
        else accepted.push({ w, fresh: fresh[i] ?? false })
      })
      if (accepted.length === 0) continue
      this.hooks.broadcastBatch(() => {
        const applied: AppliedUpdate[] = []
        for (const { w, fresh: stored } of accepted) {
          try {
            Y.applyUpdate(this.ydoc, w.update, w.origin)
            if (stored) applied.push(w)
          } catch (e) {
            // Stored but not applicable: it decoded, so it is harmless bytes; compaction drops it.
            this.log.warn('stored update failed to apply', { doc: this.name, err: errorText(e) })
          }
          w.resolve(stored ? 'stored' : 'redundant')
        }
        return applied
      })
      this.hooks.afterBatch()
    }
  }
}

/**
 * Judges a batch against the doc as it is now, write by write in order: `refusals[i]` = write i is
 * refused (not stored, not applied); `fresh[i]` = write i changes something and must be stored.
 * A structure-only check sees the clocks the accepted earlier writes of the batch add.
 */
function judgeBatch(doc: Y.Doc, batch: PendingWrite[]): Verdict {
  const added = new Map<number, number>()
  const known = (client: number) => Math.max(Y.getState(doc.store, client), added.get(client) ?? 0)
  const refusals: Verdict['refusals'] = []
  const fresh: boolean[] = []
  for (const w of batch) {
    const redundant = isRedundant(doc, w.update, w.decoded)
    const refusal = w.check && !redundant ? refusalOf(w.check, doc, w, known) : null
    refusals.push(refusal)
    fresh.push(!refusal && !redundant)
    if (refusal || batch.length === 1) continue
    for (const [client, clock] of clocksTo(w)) {
      if (clock > (added.get(client) ?? 0)) added.set(client, clock)
    }
  }
  return { refusals, fresh }
}

/** Per client, the clock after the write's last struct (Y.parseUpdateMeta(update).to, from the decoded structs when present). */
function clocksTo(w: PendingWrite): Map<number, number> {
  if (!w.decoded) return Y.parseUpdateMeta(w.update).to
  const to = new Map<number, number>()
  for (const s of w.decoded.structs) to.set(s.id.client, s.id.clock + s.length)
  return to
}

interface Verdict {
  refusals: Array<{ code: string; message: string } | null>
  fresh: boolean[]
}

/** The write's access check against the current doc (null = allowed); a check that throws refuses. */
function refusalOf(
  check: UpdateCheck,
  doc: Y.Doc,
  w: PendingWrite,
  known: (client: number) => number,
): { code: string; message: string } | null {
  try {
    return check(doc, w.update, known, w.decoded)
  } catch (e) {
    return { code: 'invalid-update', message: errorText(e) }
  }
}
