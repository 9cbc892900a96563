/**
 * The four lists (需求/资源/项目/成果清单) and the volunteer loop: 群众点单 (a resident orders a
 * service) → 支部派单 (the branch dispatches it to a volunteer) → 志愿者接单 (the volunteer accepts)
 * → done → 群众评单 (the resident rates). Orders and their steps are append-only; the points
 * ledger is derived from completed, rated orders plus manual entries.
 */
import type * as Y from 'yjs'
import { byUser, type NamedActor } from '../actor'
import { fail, ok, parseAs, type Result as CommandResult } from '../result'
import { newListItemId, newOrderId, newStepId } from './ids'
import {
  NeedSchema,
  OrderSchema,
  OrderStepSchema,
  PointsEntrySchema,
  ProjectSchema,
  ResourceSchema,
  ResultSchema,
  ROOTS,
  validEntries,
  type Need,
  type Order,
  type OrderStep,
  type PointsEntry,
  type Project,
  type Resource,
  type Result,
} from './schema'

type WithId<T> = T & { id: string }
export type OrderStatus = 'requested' | 'dispatched' | 'accepted' | 'declined' | 'done' | 'rated'
export interface OrderView extends Order {
  status: OrderStatus
  resourceId: string | null
  volunteerName: string | null
  volunteerUserId: string | null
  rating: number | null
  /** the latest 拒单 reason while the order waits to be dispatched again */
  declineReason: string | null
  steps: Array<OrderStep & { id: string }>
}
export interface LedgerLine {
  resourceId: string
  points: number
  reason: string
  at: number
}
export interface ListsSnapshot {
  needs: Array<WithId<Need>>
  resources: Array<WithId<Resource>>
  projects: Array<WithId<Project>>
  results: Array<WithId<Result>>
  orders: OrderView[]
  ledger: LedgerLine[]
  /** resourceId → total points */
  points: Record<string, number>
}

const listOf = <T>(doc: Y.Doc, root: string, schema: Parameters<typeof validEntries<T>>[1]): Array<WithId<T>> =>
  [...validEntries(doc.getMap(root), schema).items].map(([id, v]) => ({ ...v, id }))

/** Points for a completed order: 10, plus (rating − 3) × 2 once rated (1★ → 6, 5★ → 14). */
export const orderPoints = (rating: number | null): number => 10 + (rating === null ? 0 : (rating - 3) * 2)

export function foldOrder(o: Order, steps: Array<OrderStep & { id: string }>): OrderView {
  const sorted = [...steps].sort((a, b) => a.at - b.at || a.id.localeCompare(b.id))
  const v: OrderView = {
    ...o,
    status: 'requested',
    resourceId: null,
    volunteerName: null,
    volunteerUserId: null,
    rating: null,
    declineReason: null,
    steps: sorted,
  }
  for (const s of sorted) {
    if (s.kind === 'dispatch') {
      // a finished order is not dispatched again (a late dispatch from an offline tablet is ignored)
      if (v.status === 'done' || v.status === 'rated') continue
      Object.assign(v, {
        status: 'dispatched',
        resourceId: s.resourceId,
        volunteerName: s.volunteerName,
        volunteerUserId: s.volunteerUserId ?? null,
        declineReason: null,
      })
    } else if (s.kind === 'accept' && v.status === 'dispatched') v.status = 'accepted'
    else if (s.kind === 'decline' && (v.status === 'dispatched' || v.status === 'accepted')) {
      Object.assign(v, { status: 'declined', resourceId: null, volunteerName: null, volunteerUserId: null })
      v.declineReason = s.reason
    } else if (s.kind === 'done' && v.resourceId && (v.status === 'accepted' || v.status === 'dispatched'))
      v.status = 'done'
    else if (s.kind === 'rate' && (v.status === 'done' || v.status === 'rated')) {
      v.status = 'rated'
      v.rating = s.rating
    }
  }
  return v
}

export function readLists(doc: Y.Doc): ListsSnapshot {
  const stepList = listOf<OrderStep>(doc, ROOTS.orderSteps, OrderStepSchema)
  const orders = listOf<Order>(doc, ROOTS.orders, OrderSchema)
    .filter((o) => o.orderId === o.id)
    .map((o) =>
      foldOrder(
        o,
        stepList.filter((s) => s.orderId === o.orderId),
      ),
    )
    .sort((a, b) => b.at - a.at || a.orderId.localeCompare(b.orderId))
  const ledger: LedgerLine[] = []
  for (const o of orders) {
    if ((o.status === 'done' || o.status === 'rated') && o.resourceId) {
      const doneAt = o.steps.find((s) => s.kind === 'done')?.at ?? o.at
      ledger.push({
        resourceId: o.resourceId,
        points: orderPoints(o.rating),
        reason: `${o.service}${o.rating ? ` ${o.rating}★` : ''}`,
        at: doneAt,
      })
    }
  }
  for (const p of listOf<PointsEntry>(doc, ROOTS.points, PointsEntrySchema))
    ledger.push({ resourceId: p.resourceId, points: p.points, reason: p.reason, at: p.at })
  ledger.sort((a, b) => a.at - b.at)
  const points: Record<string, number> = {}
  for (const l of ledger) points[l.resourceId] = (points[l.resourceId] ?? 0) + l.points
  const newest = <T extends { createdAt: number }>(xs: T[]) => xs.sort((a, b) => b.createdAt - a.createdAt)
  return {
    needs: newest(listOf<Need>(doc, ROOTS.needs, NeedSchema)),
    resources: newest(listOf<Resource>(doc, ROOTS.resources, ResourceSchema)),
    projects: newest(listOf<Project>(doc, ROOTS.projects, ProjectSchema)),
    results: listOf<Result>(doc, ROOTS.results, ResultSchema).sort((a, b) => b.closedAt - a.closedAt),
    orders,
    ledger,
    points,
  }
}

type ListRoot = 'needs' | 'resources' | 'projects' | 'results'
const SCHEMAS = { needs: NeedSchema, resources: ResourceSchema, projects: ProjectSchema, results: ResultSchema }
const PREFIX = { needs: 'n', resources: 'r', projects: 'p', results: 'x' } as const

/** `grid.invalid`: the record is malformed (detail = its fields); `grid.unknown_project`: no such project. */
export type ListsRefusal = 'grid.invalid' | 'grid.unknown_project'

/** Adds or replaces a list record (managers). Answers its id. */
export function putListItem(
  doc: Y.Doc,
  root: ListRoot,
  value: unknown,
  userId: string,
  id: string = newListItemId(PREFIX[root]),
): CommandResult<string, ListsRefusal> {
  const parsed = parseAs<unknown, ListsRefusal>(SCHEMAS[root], value, 'grid.invalid')
  if (!parsed.ok) return parsed
  doc.transact(() => doc.getMap(root).set(id, parsed.value), byUser(userId))
  return ok(id)
}

/**
 * 立项: a project answers the needs the manager picked (not every open need); those needs become
 * linked, and only they become met when the project closes.
 */
export function createProject(
  doc: Y.Doc,
  p: { title: string; needIds: string[]; resourceIds: string[] },
  userId: string,
  now: number,
): CommandResult<string, ListsRefusal> {
  const id = newListItemId('p')
  const value = parseAs(ProjectSchema, { ...p, status: 'active', createdBy: userId, createdAt: now }, 'grid.invalid')
  if (!value.ok) return value
  doc.transact(() => {
    doc.getMap(ROOTS.projects).set(id, value.value)
    for (const nid of p.needIds) {
      const n = NeedSchema.safeParse(doc.getMap(ROOTS.needs).get(nid))
      if (n.success && n.data.status === 'open') doc.getMap(ROOTS.needs).set(nid, { ...n.data, status: 'linked' })
    }
  }, byUser(userId))
  return ok(id)
}

/** Closes a project and records its result (成果) in one transaction; ITS needs become met. */
export function closeProject(
  doc: Y.Doc,
  projectId: string,
  outcome: string,
  beneficiaries: number,
  userId: string,
  now: number,
): CommandResult<string, ListsRefusal> {
  const project = ProjectSchema.safeParse(doc.getMap(ROOTS.projects).get(projectId))
  if (!project.success) return fail('grid.unknown_project')
  const p = project.data
  const result = parseAs(
    ResultSchema,
    { projectId, outcome, beneficiaries, closedAt: now, createdBy: userId },
    'grid.invalid',
  )
  if (!result.ok) return result
  const id = newListItemId('x')
  doc.transact(() => {
    doc.getMap(ROOTS.projects).set(projectId, { ...p, status: 'closed', closedAt: now })
    doc.getMap(ROOTS.results).set(id, result.value)
    for (const nid of p.needIds) {
      const n = NeedSchema.safeParse(doc.getMap(ROOTS.needs).get(nid))
      if (n.success) doc.getMap(ROOTS.needs).set(nid, { ...n.data, status: 'met' })
    }
  }, byUser(userId))
  return ok(id)
}

/** 点单: a resident (or someone on their behalf) orders a service. */
export function placeOrder(
  doc: Y.Doc,
  o: Pick<Order, 'service' | 'detail' | 'householdId' | 'proxy'>,
  actor: NamedActor,
  now: number,
): CommandResult<string, ListsRefusal> {
  const orderId = newOrderId()
  const value = parseAs(
    OrderSchema,
    { ...o, orderId, requesterId: actor.userId, requesterName: actor.name, at: now },
    'grid.invalid',
  )
  if (!value.ok) return value
  doc.transact(() => doc.getMap(ROOTS.orders).set(orderId, value.value), byUser(actor.userId))
  return ok(orderId)
}

type OrderStepInput =
  | { kind: 'dispatch'; resourceId: string; volunteerName: string; volunteerUserId?: string }
  | { kind: 'accept' }
  | { kind: 'decline'; reason: string }
  | { kind: 'done'; note: string }
  | { kind: 'rate'; rating: number }

export function addOrderStep(
  doc: Y.Doc,
  orderId: string,
  input: OrderStepInput,
  actor: NamedActor,
  now: number,
): CommandResult<string, ListsRefusal> {
  const value = parseAs(
    OrderStepSchema,
    { ...input, orderId, at: now, by: actor.userId, byName: actor.name },
    'grid.invalid',
  )
  if (!value.ok) return value
  const id = newStepId()
  doc.transact(() => doc.getMap(ROOTS.orderSteps).set(id, value.value), byUser(actor.userId))
  return ok(id)
}

export function addPoints(
  doc: Y.Doc,
  e: Omit<PointsEntry, 'by' | 'at'>,
  userId: string,
  now: number,
): CommandResult<string, ListsRefusal> {
  const value = parseAs(PointsEntrySchema, { ...e, by: userId, at: now }, 'grid.invalid')
  if (!value.ok) return value
  const id = newListItemId('k')
  doc.transact(() => doc.getMap(ROOTS.points).set(id, value.value), byUser(userId))
  return ok(id)
}
