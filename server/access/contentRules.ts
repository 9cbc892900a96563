/**
 * Content rules: conditions from the access policy that depend on what an update changes.
 * Each rule compares the document before and after the incoming update (applied to a scratch copy,
 * never to the live doc) and returns a rejection or null. Pure functions over Yjs: tested without
 * sockets in tests/server/contentRules.test.ts.
 */
import * as Y from 'yjs'
import type { Condition } from '../../src/domain/access/policy'
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

type RuleFn = (before: Y.Doc, after: Y.Doc, ctx: RuleContext) => RuleRejection | null

const reject = (code: string, message: string): RuleRejection => ({ code, message })

/** True when the update changed nothing observable (no new structs, no new deletions). */
export function unchanged(before: Y.Doc, after: Y.Doc): boolean {
  return Y.equalSnapshots(Y.snapshot(before), Y.snapshot(after))
}

const json = (v: unknown) => JSON.stringify(v)
/** Root type names each scratch `after` doc's update changed (filled by scratchAfter). */
const touchedRoots = new WeakMap<Y.Doc, Set<string>>()

/** A root type outside `keep` that the update touched, or null. */
function touchedOutside(after: Y.Doc, keep: string[]): string | null {
  for (const name of touchedRoots.get(after) ?? []) if (!keep.includes(name)) return name
  return null
}

/** Existing entries of an append-only map stay exactly as they were; returns the new keys. */
function appendOnly(before: Y.Doc, after: Y.Doc, mapName: string): { added: string[] } | RuleRejection {
  const b = before.getMap<unknown>(mapName).toJSON()
  const a = after.getMap<unknown>(mapName).toJSON()
  for (const [key, value] of Object.entries(b)) {
    if (!(key in a)) return reject('append-only', `记录 ${key} 不可删除`)
    if (json(a[key]) !== json(value)) return reject('append-only', `记录 ${key} 不可修改`)
  }
  return { added: Object.keys(a).filter((k) => !(k in b)) }
}

function householdOf(after: Y.Doc, mapName: string, key: string): string | null {
  const rec = after.getMap<unknown>(mapName).get(key)
  const id = rec && typeof rec === 'object' ? (rec as { householdId?: unknown }).householdId : undefined
  return typeof id === 'string' ? id : null
}

const inScope = (householdId: string, scope: Scope): boolean => {
  const [building, unit] = householdId.split('-')
  return (
    (scope.households ?? []).includes(householdId) ||
    (scope.buildings ?? []).includes(building ?? '') ||
    (scope.units ?? []).includes(`${building}-${unit}`)
  )
}

const RULES: Record<Condition, RuleFn> = {
  'sealed-readonly': (before, after, ctx) => {
    if (before.getMap('seal').get('hash')) return reject('sealed', '纪要已定稿，不能再修改；更正请写入补充说明')
    const sealing = after.getMap('seal').get('hash') !== undefined
    if (sealing && !ctx.roles.includes('chair') && !ctx.roles.includes('secretary')) {
      return reject('forbidden', '只有主任或秘书可以定稿')
    }
    return null
  },
  'append-only-visits': (before, after) => {
    const r = appendOnly(before, after, 'visits')
    return 'code' in r ? r : null
  },
  'own-scope-visits': (before, after, ctx) => {
    const other = touchedOutside(after, ['visits'])
    if (other) return reject('forbidden', `不能修改 ${other}`)
    const r = appendOnly(before, after, 'visits')
    if ('code' in r) return r
    for (const key of r.added) {
      const hh = householdOf(after, 'visits', key)
      if (!hh || !inScope(hh, ctx.scope)) return reject('forbidden', `住户 ${hh ?? '?'} 不在您负责的楼栋/单元`)
    }
    return null
  },
  'append-only-ballots': (before, after) => {
    if (before.getMap('meta').get('status') === 'closed') {
      if (!unchanged(before, after)) return reject('closed', '表决已结束，不再接受选票或修改')
    }
    const r = appendOnly(before, after, 'ballots')
    return 'code' in r ? r : null
  },
  'own-household-ballot': (before, after, ctx) => {
    if (before.getMap('meta').get('status') !== 'open') return reject('closed', '表决未开放或已结束')
    const other = touchedOutside(after, ['ballots'])
    if (other) return reject('forbidden', `不能修改 ${other}`)
    const r = appendOnly(before, after, 'ballots')
    if ('code' in r) return r
    for (const key of r.added) {
      const hh = householdOf(after, 'ballots', key)
      if (!hh || !(ctx.scope.households ?? []).includes(hh)) {
        return reject('forbidden', `只能为本人名下的房屋投票（${hh ?? '?'}）`)
      }
    }
    return null
  },
  // Assignment gates reads and writes alike; it is checked when the connection opens
  // (see accessForDoc) and again here so an update cannot remove the writer's own assignment.
  'assigned-only': (_before, after, ctx) => {
    const assignees = after.getMap('meta').get('assignees')
    const ok = ctx.roles.includes('chair') || ctx.roles.includes('admin') ||
      (Array.isArray(assignees) && assignees.includes(ctx.userId))
    return ok ? null : reject('forbidden', '您未被指派到此案件')
  },
}

export function checkConditions(conditions: readonly Condition[], before: Y.Doc, after: Y.Doc, ctx: RuleContext): RuleRejection | null {
  for (const c of conditions) {
    const r = RULES[c](before, after, ctx)
    if (r) return r
  }
  return null
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
