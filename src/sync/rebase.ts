/**
 * Rebase: re-applies a Yjs update made on one doc (`source`, where it is integrated) onto another
 * doc (`target`, e.g. a fresh copy of the server's state) as NEW operations by the target's own
 * client id. Used after the server refused one of this device's changes (docs/protocol.md,
 * "Per-change acceptance and reconcile"): the refused change is left out and the others are
 * replayed on the server's state, so the device ends up with exactly what the server will accept.
 *
 * Decoding the update gives its structs and delete set; the source doc tells where each struct
 * was integrated (parent type, key, left neighbour) and whether it was later deleted:
 *  - map sets → the same key, same content, on the target's corresponding parent;
 *  - list / text / XML inserts → after the left neighbour if the target has it (natively or because
 *    it was rebased earlier: IdMap), at the start if there was none, else at the end;
 *  - deletes → the same items, if the target has them;
 *  - structs the target already holds (the server stored them; an ACK was lost) are skipped, so
 *    rebasing is idempotent;
 *  - content whose parent the target lacks (it came from a refused change) is reported as orphaned.
 * Pure: no network, no storage. Formatting marks in rich text (ContentFormat) are not replayed.
 */
import * as Y from 'yjs'

interface Run {
  clock: number
  len: number
  to: Y.ID
}

/** Where source items went in the target: runs of source ids → target id starts. */
export class IdMap {
  private readonly runs = new Map<number, Run[]>()

  add(from: Y.ID, len: number, to: Y.ID): void {
    if (len <= 0) return
    const list = this.runs.get(from.client) ?? []
    this.runs.set(from.client, list)
    list.push({ clock: from.clock, len, to })
  }

  clone(): IdMap {
    const m = new IdMap()
    for (const [client, list] of this.runs) m.runs.set(client, [...list])
    return m
  }

  /** Takes over `other`'s runs (a clone that was extended and is now accepted). */
  adopt(other: IdMap): void {
    this.runs.clear()
    for (const [client, list] of other.runs) this.runs.set(client, list)
  }

  /** The target id for `id` and how many consecutive clocks map on from it. */
  get(id: Y.ID): { to: Y.ID; remaining: number } | null {
    const list = this.runs.get(id.client)
    if (!list) return null
    for (const r of list) {
      if (id.clock >= r.clock && id.clock < r.clock + r.len) {
        const off = id.clock - r.clock
        return { to: Y.createID(r.to.client, r.to.clock + off), remaining: r.len - off }
      }
    }
    return null
  }
}

export interface RebaseResult {
  /** Structs (or parts) and deletions applied to the target. */
  applied: number
  /** Inserted content that could not be placed because its parent is missing/deleted in the target. */
  orphaned: number
  /** The orphaned text, for showing the user what was not kept. */
  orphanText: string
}

// biome-ignore lint/suspicious/noExplicitAny: Yjs types are invariant in their event type
type AnyType = Y.AbstractType<any>

const hasNatively = (doc: Y.Doc, id: Y.ID): boolean => id.clock < Y.getState(doc.store, id.client)

/** The target id for a source id: the target has it itself, or it was rebased into it. */
function toTarget(target: Y.Doc, map: IdMap, id: Y.ID): { to: Y.ID; remaining: number } | null {
  if (hasNatively(target, id)) {
    const it = Y.getItem(target.store, id)
    return { to: id, remaining: it.id.clock + it.length - id.clock }
  }
  return map.get(id)
}

function structAt(doc: Y.Doc, id: Y.ID): Y.Item | null {
  if (!hasNatively(doc, id)) return null
  const s = Y.getItem(doc.store, id) as unknown
  return s instanceof Y.Item ? s : null
}

function emptyLike(t: AnyType): AnyType | null {
  // Subclasses before their bases: XmlText extends Text, XmlElement extends XmlFragment, XmlHook extends Map.
  if (t instanceof Y.XmlText) return new Y.XmlText()
  if (t instanceof Y.Text) return new Y.Text()
  if (t instanceof Y.XmlElement) return new Y.XmlElement(t.nodeName)
  if (t instanceof Y.XmlFragment) return new Y.XmlFragment()
  if (t instanceof Y.XmlHook) return new Y.XmlHook(t.hookName)
  if (t instanceof Y.Map) return new Y.Map()
  if (t instanceof Y.Array) return new Y.Array()
  return null
}

/** Visible length of `parent`'s children before `item` (what index-based APIs count). */
function indexBefore(parent: AnyType, item: Y.Item): number {
  let idx = 0
  for (let n = parent._start; n !== null && n !== item; n = n.right) {
    if (!n.deleted && n.countable) idx += n.length
  }
  return idx
}

/** Values for a slice [off, off+len) of a list struct's content, or null if not replayable. */
function sliceContent(content: Y.Item['content'], off: number, len: number): unknown[] | string | null {
  if (content instanceof Y.ContentString) return content.str.slice(off, off + len)
  if (content instanceof Y.ContentAny) return content.arr.slice(off, off + len)
  if (content instanceof Y.ContentJSON) return content.arr.slice(off, off + len)
  if (content instanceof Y.ContentBinary) return [content.content]
  if (content instanceof Y.ContentEmbed) return [content.embed]
  if (content instanceof Y.ContentType) {
    const t = emptyLike(content.type as AnyType)
    return t ? [t] : null
  }
  return null // ContentFormat, ContentDeleted, ContentDoc
}

export function rebaseUpdate(
  update: Uint8Array,
  source: Y.Doc,
  target: Y.Doc,
  map: IdMap,
  origin: unknown = null,
): RebaseResult {
  const result: RebaseResult = { applied: 0, orphaned: 0, orphanText: '' }
  const { structs, ds } = Y.decodeUpdate(update)

  /** The target type corresponding to a source type, or null if it is missing/deleted there. */
  const targetType = (s: AnyType): AnyType | null => {
    if (s._item === null) {
      const name = Y.findRootTypeKey(s)
      try {
        return target.get(name, s.constructor as typeof Y.AbstractType) as AnyType
      } catch {
        return null // defined with another type in the target
      }
    }
    const t = toTarget(target, map, s._item.id)
    const it = t && structAt(target, t.to)
    if (!it || it.deleted || !(it.content instanceof Y.ContentType)) return null
    return it.content.type as AnyType
  }

  /** Index in `parent` right after the nearest left neighbour that exists in the target. */
  const insertIndex = (parent: AnyType, left: Y.ID | null): number => {
    let id = left
    for (let guard = 0; guard < 100_000; guard++) {
      if (id === null) return 0
      const t = toTarget(target, map, id)
      const it = t && structAt(target, t.to)
      if (t && it) {
        if (it.parent !== parent) return parent._length
        return indexBefore(parent, it) + (it.deleted || !it.countable ? 0 : t.to.clock - it.id.clock + 1)
      }
      // Not in the target (refused, or deleted and collected here): walk further left in the source.
      const s = structAt(source, id)
      if (!s) return parent._length
      id = id.clock > s.id.clock ? Y.createID(id.client, id.clock - 1) : s.origin
    }
    return parent._length
  }

  const orphan = (content: Y.Item['content'], off: number, len: number) => {
    result.orphaned += len
    if (content instanceof Y.ContentString) result.orphanText += content.str.slice(off, off + len)
  }

  const insertSegment = (si: Y.Item, clock: number, len: number) => {
    const off = clock - si.id.clock
    const parent = targetType(si.parent as AnyType)
    if (!parent) return orphan(si.content, off, len)
    const before = Y.getState(target.store, target.clientID)
    const from = Y.createID(si.id.client, clock)
    if (si.parentSub !== null) {
      const values = sliceContent(si.content, off, 1)
      if (values === null || typeof values === 'string') return
      const value = values[0]
      if (parent instanceof Y.Map) parent.set(si.parentSub, value)
      else if (parent instanceof Y.XmlElement || parent instanceof Y.Text)
        parent.setAttribute(si.parentSub, value as string)
      else return orphan(si.content, off, len)
    } else {
      const values = sliceContent(si.content, off, len)
      if (values === null) return
      const left = off > 0 ? Y.createID(si.id.client, clock - 1) : si.origin
      const index = insertIndex(parent, left)
      if (parent instanceof Y.Text) {
        if (typeof values === 'string') parent.insert(index, values)
        else parent.insertEmbed(index, values[0] as object)
      } else if (parent instanceof Y.Array || parent instanceof Y.XmlFragment) {
        if (typeof values === 'string') return
        ;(parent as Y.Array<unknown>).insert(index, values)
      } else return orphan(si.content, off, len)
    }
    const after = Y.getState(target.store, target.clientID)
    if (after > before) map.add(from, Math.min(len, after - before), Y.createID(target.clientID, before))
    result.applied++
  }

  /** A target root fetched without a type (never accessed there) gets the source's type class. */
  const typed = (t: AnyType): AnyType => {
    if (t._item !== null || t.constructor !== Y.AbstractType) return t
    const name = Y.findRootTypeKey(t)
    const s = source.share.get(name)
    return s && s.constructor !== Y.AbstractType
      ? (target.get(name, s.constructor as typeof Y.AbstractType) as AnyType)
      : t
  }

  const deleteRange = (client: number, clock: number, end: number) => {
    while (clock < end) {
      const t = toTarget(target, map, Y.createID(client, clock))
      if (!t) {
        clock++
        continue
      }
      const it = structAt(target, t.to)
      const step = Math.max(1, Math.min(end - clock, t.remaining, it ? it.id.clock + it.length - t.to.clock : 1))
      if (it && !it.deleted) {
        const parent = typed(it.parent as AnyType)
        if (it.parentSub !== null) {
          if (parent._map.get(it.parentSub) === it) {
            if (parent instanceof Y.Map) parent.delete(it.parentSub)
            else if (parent instanceof Y.XmlElement || parent instanceof Y.Text) parent.removeAttribute(it.parentSub)
            result.applied++
          }
        } else if (it.countable) {
          const index = indexBefore(parent, it) + (t.to.clock - it.id.clock)
          ;(parent as Y.Array<unknown>).delete(index, step)
          result.applied++
        }
      }
      clock += step
    }
  }

  target.transact(() => {
    for (const s of structs) {
      if (!(s instanceof Y.Item)) continue // GC / Skip: nothing to replay
      const end = s.id.clock + s.length
      let clock = s.id.clock
      while (clock < end) {
        const id = Y.createID(s.id.client, clock)
        if (hasNatively(target, id) || map.get(id)) {
          clock++ // the target holds it already: stored on the server, or rebased before
          continue
        }
        const si = structAt(source, id)
        if (!si) {
          clock++
          continue
        }
        const segEnd = Math.min(end, si.id.clock + si.length)
        // Deleted in the source since (overwritten map value, erased text): nothing to replay.
        if (!si.deleted) insertSegment(si, clock, segEnd - clock)
        clock = segEnd
      }
    }
    for (const [client, items] of ds.clients) {
      for (const d of items) deleteRange(client, d.clock, d.clock + d.len)
    }
  }, origin)
  return result
}
