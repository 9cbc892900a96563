/**
 * Building blocks for content rules (server/access/rules/*): a rule compares the document before
 * and after an incoming update, both scratch copies (the live doc is never touched by a refused
 * update), and returns a rejection or null.
 */
import * as Y from 'yjs'
import type { Scope } from '../accounts/AccountStore'

export interface RuleContext {
  userId: string
  roles: readonly string[]
  scope: Scope
}

export interface RuleRejection {
  code: string
  message: string
}

export type RuleFn = (before: Y.Doc, after: Y.Doc, ctx: RuleContext) => RuleRejection | null

export const reject = (code: string, message: string): RuleRejection => ({ code, message })

/** True when the update changed nothing observable (no new structs, no new deletions). */
export function unchanged(before: Y.Doc, after: Y.Doc): boolean {
  return Y.equalSnapshots(Y.snapshot(before), Y.snapshot(after))
}

export const json = (v: unknown) => JSON.stringify(v)
/** Root type names each scratch `after` doc's update changed (filled by scratchAfter). */
const touchedRoots = new WeakMap<Y.Doc, Set<string>>()

/** A root type outside `keep` that the update touched, or null. */
export function touchedOutside(after: Y.Doc, keep: string[]): string | null {
  for (const name of touchedRoots.get(after) ?? []) if (!keep.includes(name)) return name
  return null
}

/** Existing entries of an append-only map stay exactly as they were; returns the new keys. */
export function appendOnly(before: Y.Doc, after: Y.Doc, mapName: string): { added: string[] } | RuleRejection {
  const b = before.getMap<unknown>(mapName).toJSON()
  const a = after.getMap<unknown>(mapName).toJSON()
  for (const [key, value] of Object.entries(b)) {
    if (!(key in a)) return reject('append-only', `记录 ${key} 不可删除`)
    if (json(a[key]) !== json(value)) return reject('append-only', `记录 ${key} 不可修改`)
  }
  return { added: Object.keys(a).filter((k) => !(k in b)) }
}

export function householdOf(after: Y.Doc, mapName: string, key: string): string | null {
  const rec = after.getMap<unknown>(mapName).get(key)
  const id = rec && typeof rec === 'object' ? (rec as { householdId?: unknown }).householdId : undefined
  return typeof id === 'string' ? id : null
}

export const inScope = (householdId: string, scope: Scope): boolean => {
  const [building, unit] = householdId.split('-')
  return (
    (scope.households ?? []).includes(householdId) ||
    (scope.buildings ?? []).includes(building ?? '') ||
    (scope.units ?? []).includes(`${building}-${unit}`)
  )
}

function rootName(type: Y.AbstractType<unknown>): string {
  let t = type
  while (t._item) t = t._item.parent as Y.AbstractType<unknown>
  return Y.findRootTypeKey(t)
}

/**
 * Applies `update` to a scratch copy of `doc` (the live doc is never touched by a refused update).
 * Returns null when the update cannot be integrated completely: an update with missing
 * dependencies would be kept pending and could later land anywhere unchecked, so it is refused.
 */
export function scratchAfter(doc: Y.Doc, update: Uint8Array): { before: Y.Doc; after: Y.Doc } | null {
  const state = Y.encodeStateAsUpdate(doc)
  const before = new Y.Doc({ gc: false })
  Y.applyUpdate(before, state)
  const after = new Y.Doc({ gc: false })
  Y.applyUpdate(after, state)
  const roots = new Set<string>()
  touchedRoots.set(after, roots)
  after.on('afterTransaction', (tr: Y.Transaction) => {
    for (const type of tr.changed.keys()) roots.add(rootName(type as Y.AbstractType<unknown>))
  })
  Y.applyUpdate(after, update)
  if (after.store.pendingStructs !== null || after.store.pendingDs !== null) return null
  return { before, after }
}
