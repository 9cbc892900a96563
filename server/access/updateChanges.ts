/**
 * What an incoming update would do to the live doc, worked out from the update alone plus lookups
 * in the live doc's struct store — O(size of the update), no copy of the doc, nothing applied.
 *
 * Every inserted item is placed (root name, nested or not, map key) by following its parent /
 * origin / right origin exactly as Yjs will when it integrates (Item.getMissing); every deleted id
 * is looked up in the live store (or in the update itself). An update Yjs could not integrate
 * completely — a gap in a client's clocks, a reference to an id neither the doc nor the update has,
 * a dependency cycle, deletions of unknown ids — is refused as 'missing-deps': stored, it would sit
 * pending and could land anywhere later without being checked.
 *
 * Keys are data: map keys and root names are only ever used as Map keys here.
 */
import * as Y from 'yjs'
import { problem, type WriteProblem } from '../../src/domain/access/writeRules'
import { type DecodedUpdate, decodeUpdate, findStruct, NOT_FOUND, newStructs } from './updateDeps'

export type TypeKind = 'map' | 'array' | 'text' | 'xmlElement' | 'xmlFragment' | 'xmlText' | 'xmlHook' | 'unknown'
export type ContentKind = 'any' | 'string' | 'type' | 'format' | 'embed' | 'json' | 'binary' | 'doc' | 'deleted'

/** Where a change lands: the root type's name, whether below it, and the map key (parentSub). */
export interface Place {
  root: string
  /** true when the parent is a nested type, not the root type itself */
  nested: boolean
  /** the map key at the direct parent, null for sequence (array/text/xml) content */
  key: string | null
}

export interface Insert extends Place {
  kind: ContentKind
  /** for kind 'type' */
  typeKind: TypeKind | null
  /** ContentAny / ContentJSON values (a map entry holds exactly one) */
  values: readonly unknown[]
  /** the same update also deletes it (overwritten again within the update) */
  deletedInUpdate: boolean
}

export interface Delete extends Place {
  kind: ContentKind
  values: readonly unknown[]
}

export interface Changes {
  inserts: Insert[]
  deletes: Delete[]
  /** roots touched by any insert or delete */
  roots: Set<string>
}

export type DecodeResult = { ok: true; changes: Changes } | { ok: false; problem: WriteProblem }

const missing = (detail: string) =>
  ({ ok: false, problem: problem('missing-deps', `更新缺少前置内容（${detail}），请重新同步后再试`) }) as const
const invalid = (detail: string) =>
  ({ ok: false, problem: problem('invalid-update', `更新格式不正确（${detail}）`) }) as const

type AnyType = Y.AbstractType<unknown>

type Class = abstract new (...args: never[]) => unknown

/** The kind of the first class in `table` that `x` is an instance of. */
function classify<K extends string>(table: ReadonlyArray<readonly [Class, K]>, x: unknown, otherwise: K): K {
  for (const [cls, kind] of table) if (x instanceof cls) return kind
  return otherwise
}

// Subclasses first: XmlText extends Text, XmlElement extends XmlFragment, XmlHook extends Map.
const TYPE_KINDS: ReadonlyArray<readonly [Class, TypeKind]> = [
  [Y.XmlText, 'xmlText'],
  [Y.XmlElement, 'xmlElement'],
  [Y.XmlHook, 'xmlHook'],
  [Y.XmlFragment, 'xmlFragment'],
  [Y.Text, 'text'],
  [Y.Map, 'map'],
  [Y.Array, 'array'],
]
const CONTENT_KINDS: ReadonlyArray<readonly [Class, ContentKind]> = [
  [Y.ContentAny, 'any'],
  [Y.ContentString, 'string'],
  [Y.ContentType, 'type'],
  [Y.ContentFormat, 'format'],
  [Y.ContentEmbed, 'embed'],
  [Y.ContentJSON, 'json'],
  [Y.ContentBinary, 'binary'],
  [Y.ContentDoc, 'doc'],
]

export const typeKindOf = (t: unknown): TypeKind => classify(TYPE_KINDS, t, 'unknown')
const contentKind = (c: unknown): ContentKind => classify(CONTENT_KINDS, c, 'deleted')

const valuesOf = (c: unknown): readonly unknown[] =>
  c instanceof Y.ContentAny || c instanceof Y.ContentJSON ? (c.getContent() as unknown[]) : []

/** Root name of each root type of a live doc (reverse of doc.share), rebuilt when roots are added. */
const rootNames = new WeakMap<Y.Doc, { size: number; names: Map<AnyType, string> }>()

function rootNameOf(doc: Y.Doc, type: AnyType): string {
  let cached = rootNames.get(doc)
  if (!cached || cached.size !== doc.share.size) {
    const names = new Map<AnyType, string>()
    for (const [name, t] of doc.share) names.set(t as AnyType, name)
    cached = { size: doc.share.size, names }
    rootNames.set(doc, cached)
  }
  return cached.names.get(type) ?? ''
}

/** Place of content whose parent is the live type `type` under key `key`. */
function placeInLive(doc: Y.Doc, type: AnyType, key: string | null): Place {
  let t = type
  let nested = false
  while (t._item) {
    nested = true
    t = t._item.parent as AnyType
  }
  return { root: rootNameOf(doc, t), nested, key }
}

/** A live struct containing `id`, or null when the doc has no such clock. */
function liveStruct(doc: Y.Doc, id: Y.ID): Y.Item | Y.GC | null {
  if (id.clock >= Y.getState(doc.store, id.client)) return null
  const structs = doc.store.clients.get(id.client)
  if (!structs) return null
  const i = findStruct(structs, id.clock)
  return i === NOT_FOUND ? null : (structs[i] as Y.Item | Y.GC)
}

interface Node {
  struct: Y.Item | Y.GC
  /** resolution state for the dependency walk */
  state: 0 | 1 | 2
  place: Place | null | undefined
}

const newNode = (struct: Y.Item | Y.GC): Node => ({ struct, state: 0, place: undefined })

/**
 * Decodes `update` against `doc`. Returns the changes it would make, or a refusal when it could
 * not be integrated completely (missing-deps) or is malformed (invalid-update).
 */
export function decodeChanges(doc: Y.Doc, update: Uint8Array, given?: DecodedUpdate): DecodeResult {
  const decoded = given ?? decodeUpdate(update)
  if (!decoded) return invalid('无法解码')
  // New structs per client (those reaching beyond the live state), in clock order, gap-free.
  const added = newStructs(decoded, (client) => Y.getState(doc.store, client))
  if (!added.ok) return missing(`客户端 ${added.client} 的时钟 ${added.known}–${added.from}`)
  const fresh = new Map<number, Node[]>()
  for (const [client, structs] of added.byClient) fresh.set(client, structs.map(newNode))
  /** Per client: clocks below this are known once the update is integrated. */
  const stateOf = (client: number) => added.end.get(client) ?? Y.getState(doc.store, client)
  // Skips after the last struct are holes at the end: nothing depends on them unless referenced.
  const inUpdate = (id: Y.ID): Node | null => {
    const list = fresh.get(id.client)
    if (!list || id.clock >= stateOf(id.client) || id.clock < Y.getState(doc.store, id.client)) return null
    const i = findStruct(list, id.clock, (n) => n.struct)
    return i === NOT_FOUND ? null : list[i]!
  }

  // Structs of one client integrate in clock order, so each client's list is resolved front to back
  // (`done` = how many are resolved); a reference into another client's new structs first resolves
  // that client up to the referenced one. Recursion depth is bounded by the number of clients.
  const done = new Map<number, number>()
  const resolveUpTo = (client: number, node: Node): WriteProblem | null => {
    const list = fresh.get(client)!
    if (node.state === 2) return null
    if (node.state === 1) return problem('missing-deps', '更新内部存在循环依赖，请重新同步后再试')
    for (let i = done.get(client) ?? 0; i < list.length; i++) {
      const n = list[i]!
      if (n.state === 1) return problem('missing-deps', '更新内部存在循环依赖，请重新同步后再试')
      n.state = 1
      const r = resolveOne(n)
      if (r && 'code' in r) return r
      n.place = r
      n.state = 2
      done.set(client, i + 1)
      if (n === node) return null
    }
    return null
  }

  /**
   * Place of a new item, or null when Yjs would garbage-collect it on arrival (its left/right
   * neighbour or parent is already collected): such an item changes nothing visible.
   */
  const resolveOne = (node: Node): Place | null | WriteProblem => {
    const s = node.struct
    if (!(s instanceof Y.Item)) return null
    const refs = [s.origin, s.rightOrigin, s.parent instanceof Y.ID ? s.parent : null]
    for (const ref of refs) {
      if (!ref) continue
      if (ref.client === s.id.client && ref.clock >= s.id.clock && ref.clock >= Y.getState(doc.store, ref.client)) {
        return problem('missing-deps', '更新引用了自身之后的内容')
      }
      if (liveStruct(doc, ref)) continue
      const dep = inUpdate(ref)
      if (!dep) return problem('missing-deps', `更新引用了未知的内容 ${ref.client}:${ref.clock}`)
      const r = resolveUpTo(ref.client, dep)
      if (r) return r
    }
    if (s.origin || s.rightOrigin) {
      // Parent and key come from the left neighbour (origin) if there is one, else the right.
      const left = s.origin ? neighbour(s.origin) : null
      const right = s.rightOrigin ? neighbour(s.rightOrigin) : null
      if (left === 'gc' || right === 'gc') return null
      return (left ?? right)!
    }
    if (typeof s.parent === 'string') return { root: s.parent, nested: false, key: s.parentSub }
    if (s.parent instanceof Y.ID) {
      const live = liveStruct(doc, s.parent)
      if (live) {
        // A collected parent, or one whose content is no type (deleted and collected, or hostile):
        // Yjs turns the new item into a GC struct on arrival — it changes nothing visible.
        if (live instanceof Y.GC || !(live.content instanceof Y.ContentType)) return null
        return placeInLive(doc, live.content.type as AnyType, s.parentSub)
      }
      const dep = inUpdate(s.parent)!
      if (!(dep.struct instanceof Y.Item) || !(dep.struct.content instanceof Y.ContentType)) return null
      return dep.place ? { root: dep.place.root, nested: true, key: s.parentSub } : null
    }
    return problem('invalid-update', '内容没有位置')
  }

  /** The place a neighbour id gives: live item → its parent/key; new item → its resolved place. */
  const neighbour = (id: Y.ID): Place | 'gc' => {
    const live = liveStruct(doc, id)
    if (live) {
      if (live instanceof Y.GC || !(live.parent instanceof Y.AbstractType)) return 'gc'
      return placeInLive(doc, live.parent as AnyType, live.parentSub)
    }
    const dep = inUpdate(id)!
    return dep.place ?? 'gc'
  }

  // Delete set: every range must be known; live items are looked up, new ones marked.
  const deletedNew = new Set<Node>()
  const deletes: Delete[] = []
  for (const [client, ranges] of decoded.ds.clients) {
    for (const r of ranges) {
      if (r.len <= 0) continue
      const end = r.clock + r.len
      if (end > stateOf(client)) return missing(`删除了未知的内容 ${client}:${r.clock}`)
      const live = Y.getState(doc.store, client)
      if (r.clock < live) {
        const structs = doc.store.clients.get(client)!
        let i = findStruct(structs, r.clock)
        for (; i !== NOT_FOUND && i < structs.length; i++) {
          const s = structs[i]!
          if (s.id.clock >= Math.min(end, live)) break
          if (!(s instanceof Y.Item) || s.deleted) continue
          const parent = s.parent as AnyType | null
          if (!parent) continue
          deletes.push({
            ...placeInLive(doc, parent, s.parentSub),
            kind: contentKind(s.content),
            values: valuesOf(s.content),
          })
        }
      }
      if (end > live) {
        for (const n of fresh.get(client) ?? []) {
          const s = n.struct
          if (s.id.clock < end && s.id.clock + s.length > Math.max(r.clock, live)) deletedNew.add(n)
        }
      }
    }
  }

  const inserts: Insert[] = []
  for (const [client, list] of fresh) {
    const bad = list.length > 0 ? resolveUpTo(client, list[list.length - 1]!) : null
    if (bad) return { ok: false, problem: bad }
    for (const n of list) {
      const place = n.place
      if (!place || !(n.struct instanceof Y.Item)) continue
      const c = n.struct.content
      inserts.push({
        ...place,
        kind: contentKind(c),
        typeKind: c instanceof Y.ContentType ? typeKindOf(c.type) : null,
        values: valuesOf(c),
        deletedInUpdate: deletedNew.has(n),
      })
    }
  }
  const roots = new Set<string>()
  for (const c of inserts) roots.add(c.root)
  for (const c of deletes) roots.add(c.root)
  return { ok: true, changes: { inserts, deletes, roots } }
}
