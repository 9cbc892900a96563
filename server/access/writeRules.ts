/**
 * The one rule kit for every doc type. An update is decoded into changes (updateChanges.ts) and
 * judged root by root against a declarative spec: a root is either free (rich text, notes …),
 * refused, or a map of records — plain JSON values at top-level keys — whose additions, changes and
 * removals each go through a pure predicate from src/domain/<feature>/ (the same code the client
 * runs before writing). Nothing copies the doc; nothing builds objects keyed by client strings.
 */
import type * as Y from 'yjs'
import {
  isPlainJson,
  isRecordKey,
  problem,
  type WriteActor,
  type WriteProblem,
} from '../../src/domain/access/writeRules'
import { decodeChanges, type Changes, type Insert } from './updateChanges'
import type { DecodedUpdate } from './updateDeps'

export type { WriteActor, WriteProblem }

/** Read access to the live doc (before) and to what the update would leave (after). */
export interface UpdateView {
  readonly doc: Y.Doc
  readonly changes: Changes
  /** server clock, epoch ms */
  readonly now: number
  /** current value of a top-level map entry in the live doc */
  before(root: string, key: string): unknown
  /** value of the entry once the update is applied */
  after(root: string, key: string): unknown
  /** entries the update adds or changes in `root` (key → new value) */
  written(root: string): ReadonlyMap<string, unknown>
  /** number of live entries in `root` (not counting the update) */
  sizeBefore(root: string): number
}

type Check<A extends unknown[]> = (...args: A) => WriteProblem | null

export interface RecordRules {
  kind: 'records'
  /** a key a new record may have (default: isRecordKey) */
  key?: (key: string) => boolean
  add?: Check<[key: string, value: unknown, view: UpdateView, actor: WriteActor]>
  change?: Check<[key: string, before: unknown, after: unknown, view: UpdateView, actor: WriteActor]>
  remove?: Check<[key: string, before: unknown, view: UpdateView, actor: WriteActor]>
  /** code for a refused change/removal (default 'append-only') */
  frozenCode?: string
}

/** 'shrink': content may only be removed (a legacy root being emptied); anything added → `problem`. */
export type RootRule = { kind: 'free' } | { kind: 'refuse' } | { kind: 'shrink'; problem: WriteProblem } | RecordRules

export interface DocRules {
  roots: ReadonlyMap<string, RootRule>
  /** roots the spec does not name */
  others: 'free' | 'refuse'
  /** the refusal for touching a root that is not allowed */
  outside?: (root: string) => WriteProblem
  /** whole-update checks before (e.g. closed, sealed) and after the per-record ones */
  first?: Check<[view: UpdateView, actor: WriteActor]>
  last?: Check<[view: UpdateView, actor: WriteActor]>
}

export const FREE: RootRule = { kind: 'free' }
export const REFUSE: RootRule = { kind: 'refuse' }

/** A key as shown in a message: client keys may be 10 kB or control characters. */
export const shown = (key: string): string => {
  let k = ''
  for (const ch of key.slice(0, 41)) k += ch < ' ' || ch === '\u007f' ? '?' : ch
  return key.length > 40 ? `${k.slice(0, 40)}…` : k || '（空）'
}

interface KeyState {
  /** inserts at this key that survive the update (normally 0 or 1) */
  final: Insert[]
  /** the update touches this key at all (insert, even one it deletes again, or delete) */
  touched: boolean
  removed: boolean
}

// biome-ignore lint/suspicious/noExplicitAny: doc.share holds types of any event kind
function liveRoot(doc: Y.Doc, root: string): Y.AbstractType<any> | undefined {
  return doc.share.get(root)
}

function liveEntry(doc: Y.Doc, root: string, key: string): { exists: boolean; value: unknown } {
  const item = liveRoot(doc, root)?._map.get(key)
  if (!item) return { exists: false, value: undefined }
  if (item.deleted) return { exists: true, value: undefined }
  const content = item.content.getContent()
  return { exists: true, value: content[content.length - 1] }
}

/** Per root, per top-level key: what the update does there. */
function keyStates(changes: Changes): Map<string, Map<string, KeyState>> {
  const out = new Map<string, Map<string, KeyState>>()
  const state = (root: string, key: string) => {
    let m = out.get(root)
    if (!m) {
      m = new Map()
      out.set(root, m)
    }
    let s = m.get(key)
    if (!s) {
      s = { final: [], touched: false, removed: false }
      m.set(key, s)
    }
    return s
  }
  for (const c of changes.inserts) {
    if (c.nested || c.key === null) continue
    const s = state(c.root, c.key)
    s.touched = true
    if (!c.deletedInUpdate) s.final.push(c)
  }
  for (const c of changes.deletes) {
    if (c.nested || c.key === null) continue
    const s = state(c.root, c.key)
    s.touched = true
    s.removed = true
  }
  return out
}

function makeView(doc: Y.Doc, changes: Changes, now: number): UpdateView {
  let states: Map<string, Map<string, KeyState>> | null = null
  const statesOf = (root: string) => {
    states ??= keyStates(changes)
    return states.get(root)
  }
  return {
    doc,
    changes,
    now,
    before: (root, key) => liveEntry(doc, root, key).value,
    after(root, key) {
      const s = statesOf(root)?.get(key)
      if (!s?.touched) return liveEntry(doc, root, key).value
      const last = s.final[s.final.length - 1]
      if (last) return last.values[last.values.length - 1]
      // Touched without a surviving insert: removed (or overwritten then removed in the update).
      return undefined
    },
    written(root) {
      const out = new Map<string, unknown>()
      for (const [key, s] of statesOf(root) ?? []) {
        const last = s.final[s.final.length - 1]
        if (last) out.set(key, last.values[last.values.length - 1])
      }
      return out
    },
    sizeBefore(root) {
      let n = 0
      for (const item of liveRoot(doc, root)?._map.values() ?? []) if (!item.deleted) n++
      return n
    },
  }
}

function checkRecords(root: string, rule: RecordRules, view: UpdateView, actor: WriteActor): WriteProblem | null {
  const frozen = rule.frozenCode ?? 'append-only'
  for (const c of view.changes.inserts) {
    if (c.root !== root) continue
    if (c.nested || c.key === null) return problem('shape', `${shown(root)} 只能包含记录，不能包含嵌套内容`)
    if (c.deletedInUpdate) continue
    if (c.kind !== 'any' || c.values.length !== 1 || !isPlainJson(c.values[0])) {
      return problem('shape', `${shown(root)} 中的记录 ${shown(c.key)} 内容类型不正确`)
    }
  }
  for (const c of view.changes.deletes) {
    if (c.root === root && (c.nested || c.key === null)) return problem(frozen, `${shown(root)} 的内容不可删除`)
  }
  for (const [key, s] of keyStates(view.changes).get(root) ?? []) {
    if (s.final.length > 1) return problem('shape', `记录 ${shown(key)} 在一次更新中被写入多次`)
    const live = liveEntry(view.doc, root, key)
    const next = s.final[0]
    if (live.value === undefined && !s.removed) {
      if (!next) continue // written and removed again within the update: no effect
      if (live.exists) return problem(frozen, `记录 ${shown(key)} 已删除，不能重新使用`)
      if (!(rule.key ?? isRecordKey)(key)) return problem('bad-key', `记录编号 ${shown(key)} 不合法`)
      if (!rule.add) return problem('forbidden', `不能新增 ${shown(root)} 记录`)
      const p = rule.add(key, next.values[0], view, actor)
      if (p) return p
    } else if (next) {
      if (!rule.change) return problem(frozen, `记录 ${shown(key)} 不可修改`)
      const p = rule.change(key, live.value, next.values[0], view, actor)
      if (p) return p
    } else {
      if (!rule.remove) return problem(frozen, `记录 ${shown(key)} 不可删除`)
      const p = rule.remove(key, live.value, view, actor)
      if (p) return p
    }
  }
  return null
}

/** Judges decoded changes against `rules`; null = allowed. */
export function judgeChanges(rules: DocRules, view: UpdateView, actor: WriteActor): WriteProblem | null {
  const first = rules.first?.(view, actor)
  if (first) return first
  for (const root of view.changes.roots) {
    const rule = rules.roots.get(root) ?? (rules.others === 'free' ? FREE : REFUSE)
    if (rule.kind === 'free') continue
    if (rule.kind === 'refuse') return rules.outside?.(root) ?? problem('forbidden', `不能修改 ${shown(root)}`)
    if (rule.kind === 'shrink') {
      if (view.changes.inserts.some((c) => c.root === root && !c.deletedInUpdate)) return rule.problem
      continue
    }
    const p = checkRecords(root, rule, view, actor)
    if (p) return p
  }
  return rules.last?.(view, actor) ?? null
}

/**
 * Checks one incoming update against the live doc: structure first (every doc type), then the
 * rules of each condition. `rules` empty = plain write access (structure only).
 */
export function checkUpdate(
  doc: Y.Doc,
  update: Uint8Array,
  rules: readonly DocRules[],
  actor: WriteActor,
  now = Date.now(),
  /** `update` decoded already (server/docs/updateCheck.ts) */
  given?: DecodedUpdate,
): WriteProblem | null {
  const decoded = decodeChanges(doc, update, given)
  if (!decoded.ok) return decoded.problem
  const { changes } = decoded
  if (rules.length === 0 || (changes.inserts.length === 0 && changes.deletes.length === 0)) return null
  const view = makeView(doc, changes, now)
  for (const r of rules) {
    const p = judgeChanges(r, view, actor)
    if (p) return p
  }
  return null
}
