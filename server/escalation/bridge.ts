/**
 * The escalation bridge between councils and the org tree (docs/ops.md "Escalation bridge"):
 *   event:<council>  escalate step to community/street/district  → item in queue:<that node>
 *   queue:<node>     handler step                                → 'upper' step in event:<council>
 *   queue:<node>     escalate step                               → item in queue:<parent node>
 * It reacts to steps a client wrote, once the write is durably stored and applied in THIS process
 * (the transaction origin is the client's; relayed rows from other processes carry REMOTE_ORIGIN and
 * are bridged by the process that stored them). Each write is idempotent (writeOnce), so a write that
 * fails is retried while the server runs (retry.ts, bounded backoff, each attempt re-reading the doc)
 * and a catch-up pass (catchUp.ts) can redo anything a crash or a retry that gave up left undone.
 */
import type * as Y from 'yjs'
import {
  itemFromEvent,
  itemMovedUp,
  leavesCompound,
  mirrorStep,
  nodeAtLevel,
  isUpperLevel,
  type EscalateStep,
} from '../../src/domain/escalation/bridge'
import { deadlineDaysFor } from '../../src/domain/escalation/deadlines'
import {
  DeadlineDaysSchema,
  QueueItemSchema,
  QueueStepSchema,
  ROOTS as QUEUE_ROOTS,
  SCHEMA_VERSION as QUEUE_VERSION,
  type QueueStep,
} from '../../src/domain/escalation/schema'
import { docName, parseDocName } from '../../src/domain/docTypes'
import { nextSeq } from '../../src/domain/grid/events'
import { EventRecordSchema, ROOTS as GRID_ROOTS, StepSchema } from '../../src/domain/grid/schema'
import type { DocManager } from '../docs/DocManager'
import type { SharedDoc } from '../docs/SharedDoc'
import { errorText, type Logger } from '../log'
import { isServerOrigin } from '../origins'
import type { OrgDirectory } from './orgDirectory'
import { BridgeRetry, DEFAULT_RETRY, type RetryPolicy, type RetryStats } from './retry'
import { writeOnce, type WriteOutcome } from './writeOnce'

export type BridgeResult = WriteOutcome | 'skipped'

export class EscalationBridge {
  private chain: Promise<unknown> = Promise.resolve()
  private readonly retry: BridgeRetry

  constructor(
    private readonly docs: DocManager,
    private readonly org: OrgDirectory,
    private readonly log: Logger,
    retry: RetryPolicy = DEFAULT_RETRY,
  ) {
    this.retry = new BridgeRetry(retry, (run) => this.enqueue(run), log)
  }

  /** Retry counters (/healthz `escalationBridge`). */
  get stats(): Readonly<RetryStats> {
    return this.retry.stats
  }

  /** Shutdown: waiting retries are dropped (the next start's catch-up redoes them). */
  stop(): void {
    this.retry.stop()
  }

  /** Watches a freshly loaded doc (DocManager hook): event and queue docs only. */
  attach(doc: SharedDoc): void {
    const parsed = parseDocName(doc.name)
    if (parsed?.kind !== 'event' && parsed?.kind !== 'queue') return
    const id = parsed.councilId
    const name = doc.name
    // Each attempt reads the doc as it is then (a retry may come after it was unloaded and reloaded).
    const live = async () => (await this.docs.get(name)).ydoc
    const steps = doc.ydoc.getMap<unknown>(parsed.kind === 'event' ? GRID_ROOTS.steps : QUEUE_ROOTS.steps)
    steps.observe((ev, tr) => {
      if (!isServerOrigin(tr.origin) || tr.origin.source !== 'client') return
      for (const [key, change] of ev.changes.keys) {
        if (change.action !== 'add') continue
        const value = steps.get(key)
        if (parsed.kind === 'event') {
          const s = StepSchema.safeParse(value)
          if (s.success && leavesCompound(s.data))
            this.retry.submit({ doc: name, step: key }, async () =>
              this.escalation(id, key, s.data as EscalateStep, await live()),
            )
        } else {
          const s = QueueStepSchema.safeParse(value)
          if (s.success)
            this.retry.submit({ doc: name, step: key }, async () => this.handlerStep(id, key, s.data, await live()))
        }
      }
    })
  }

  /** Resolves when every bridge write queued so far is done (tests, shutdown). */
  async idle(): Promise<void> {
    let seen: Promise<unknown> | null = null
    while (seen !== this.chain) {
      seen = this.chain
      await seen
    }
  }

  private enqueue(job: () => Promise<unknown>): void {
    this.chain = this.chain.then(job).catch((e) => this.log.error('escalation bridge failed', { err: errorText(e) }))
  }

  /** A council's escalate step `stepId` (in `eventDoc`) → the item in the target node's queue. */
  async escalation(councilId: string, stepId: string, step: EscalateStep, eventDoc: Y.Doc): Promise<BridgeResult> {
    if (!isUpperLevel(step.toLevel)) return 'skipped'
    const event = EventRecordSchema.safeParse(eventDoc.getMap(GRID_ROOTS.events).get(step.eventId))
    const council = await this.org.council(councilId)
    if (!event.success || !council?.nodeId) {
      this.log.warn('escalation not bridged', {
        council: councilId,
        step: stepId,
        why: event.success ? 'no org node' : 'no event',
      })
      return 'skipped'
    }
    const target = nodeAtLevel(await this.org.nodes(), council.nodeId, step.toLevel)
    if (!target) {
      this.log.warn('escalation not bridged', { council: councilId, step: stepId, why: `no ${step.toLevel} node` })
      return 'skipped'
    }
    const queue = docName('queue', target.id)
    const days = deadlineDaysFor(step.toLevel, await this.deadlineSetting(queue))
    const item = itemFromEvent(event.data, stepId, step, { id: councilId, name: council.name }, step.toLevel, days)
    return this.writeItem(queue, item.itemId, item)
  }

  /** A handler's step `stepId` in `nodeId`'s queue → mirrored into the council trail (+ moved up). */
  async handlerStep(nodeId: string, stepId: string, step: QueueStep, queueDoc: Y.Doc): Promise<BridgeResult> {
    const item = QueueItemSchema.safeParse(queueDoc.getMap(QUEUE_ROOTS.items).get(step.itemId))
    const nodes = await this.org.nodes()
    const node = nodes.find((n) => n.id === nodeId)
    if (!item.success || !node) {
      this.log.warn('queue step not bridged', { node: nodeId, step: stepId, why: item.success ? 'no node' : 'no item' })
      return 'skipped'
    }
    const events = docName('event', item.data.councilId)
    const live = (await this.docs.get(events)).ydoc
    const mirror = mirrorStep(item.data, stepId, step, node, nextSeq(live, item.data.eventId))
    const mirrored = await writeOnce(this.docs, events, GRID_ROOTS.steps, mirror.key, mirror.step, 'escalation-mirror')
    if (step.kind !== 'escalate') return mirrored
    const parent = nodes.find((n) => n.id === node.parentId)
    if (!parent || !isUpperLevel(parent.kind)) {
      this.log.warn('queue escalation has no parent node', { node: nodeId, step: stepId })
      return mirrored
    }
    const queue = docName('queue', parent.id)
    const days = deadlineDaysFor(parent.kind, await this.deadlineSetting(queue))
    const moved = itemMovedUp(item.data, stepId, step, nodeId, parent.kind, days)
    return this.writeItem(queue, moved.itemId, moved)
  }

  private writeItem(queue: string, key: string, item: unknown): Promise<WriteOutcome> {
    return writeOnce(this.docs, queue, QUEUE_ROOTS.items, key, item, 'escalation-item', {
      schemaVersion: QUEUE_VERSION,
    })
  }

  private async deadlineSetting(queue: string): Promise<number | null> {
    const v = DeadlineDaysSchema.safeParse(
      (await this.docs.get(queue)).ydoc.getMap(QUEUE_ROOTS.settings).get('deadlineDays'),
    )
    return v.success ? v.data : null
  }
}
