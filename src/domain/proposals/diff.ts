/**
 * Changes between two versions of a plan (or a version and the draft): items added, removed and
 * changed (matched by item id, which survives from draft to version to the next draft), with the
 * cost difference in exact fen. Pure; the UI renders it side by side or inline.
 */
import type { VersionItem } from './schema'

export interface Comparable {
  title: string
  summary: string
  budgetFen: number
  items: readonly VersionItem[]
}

export type ItemField = 'category' | 'title' | 'description' | 'building' | 'costFen' | 'photos'
const FIELDS: readonly ItemField[] = ['category', 'title', 'description', 'building', 'costFen', 'photos']

export interface ItemChange {
  id: string
  before: VersionItem
  after: VersionItem
  fields: ItemField[]
  /** after − before, in fen (0 when only other fields changed). */
  costDeltaFen: number
}

export interface VersionDiff {
  added: VersionItem[]
  removed: VersionItem[]
  changed: ItemChange[]
  unchanged: number
  titleChanged: boolean
  summaryChanged: boolean
  budget: { beforeFen: number; afterFen: number; deltaFen: number }
  /** Sum of item costs before and after. */
  itemsTotal: { beforeFen: number; afterFen: number; deltaFen: number }
}

const same = (a: VersionItem, b: VersionItem, f: ItemField): boolean =>
  f === 'photos' ? a.photos.length === b.photos.length && a.photos.every((p, i) => p === b.photos[i]) : a[f] === b[f]

export const itemsTotalFen = (items: readonly { costFen: number }[]): number =>
  items.reduce((n, it) => n + it.costFen, 0)

export function diffVersions(a: Comparable, b: Comparable): VersionDiff {
  const before = new Map(a.items.map((it) => [it.id, it]))
  const after = new Map(b.items.map((it) => [it.id, it]))
  const added = b.items.filter((it) => !before.has(it.id))
  const removed = a.items.filter((it) => !after.has(it.id))
  const changed: ItemChange[] = []
  let unchanged = 0
  for (const it of b.items) {
    const old = before.get(it.id)
    if (!old) continue
    const fields = FIELDS.filter((f) => !same(old, it, f))
    if (fields.length === 0) unchanged++
    else changed.push({ id: it.id, before: old, after: it, fields, costDeltaFen: it.costFen - old.costFen })
  }
  const ta = itemsTotalFen(a.items)
  const tb = itemsTotalFen(b.items)
  return {
    added,
    removed,
    changed,
    unchanged,
    titleChanged: a.title !== b.title,
    summaryChanged: a.summary !== b.summary,
    budget: { beforeFen: a.budgetFen, afterFen: b.budgetFen, deltaFen: b.budgetFen - a.budgetFen },
    itemsTotal: { beforeFen: ta, afterFen: tb, deltaFen: tb - ta },
  }
}

export const EMPTY_PLAN: Comparable = { title: '', summary: '', budgetFen: 0, items: [] }
