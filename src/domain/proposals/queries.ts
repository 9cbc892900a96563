/** Read models of a proposal doc and the council's proposal index. */
import type * as Y from 'yjs'
import {
  AdoptionSchema,
  CommentSchema,
  DraftItemSchema,
  PhotoRefSchema,
  ProposalMetaSchema,
  ProposalSummarySchema,
  ROOTS,
  VersionSchema,
  validEntries,
  type Adoption,
  type Comment,
  type Draft,
  type DraftItem,
  type PhotoRef,
  type ProposalMeta,
  type ProposalSummary,
  type Version,
  type VersionItem,
} from './schema'

export interface PhotoEntry extends PhotoRef {
  id: string
}
export interface DraftItemEntry extends DraftItem {
  id: string
  photos: PhotoEntry[]
}
export interface VersionEntry extends Version {
  id: string /** another version claims the same number */
  duplicate: boolean
}
export interface CommentNode extends Comment {
  id: string
  replies: CommentNode[]
}
export interface AdoptionEntry extends Adoption {
  key: string
  answeredIn: number | null
}

const byCodeUnit = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0)

export function readMeta(doc: Y.Doc): ProposalMeta | null {
  const r = ProposalMetaSchema.safeParse(doc.getMap(ROOTS.meta).toJSON())
  return r.success ? r.data : null
}

export function readDraft(doc: Y.Doc): Draft {
  const m = doc.getMap<unknown>(ROOTS.draft)
  const title = m.get('title')
  const summary = m.get('summary')
  const budget = m.get('budgetFen')
  return {
    title: typeof title === 'string' ? title : '',
    summary: typeof summary === 'string' ? summary : '',
    budgetFen: typeof budget === 'number' && Number.isSafeInteger(budget) && budget >= 0 ? budget : 0,
  }
}

export function readPhotos(doc: Y.Doc): PhotoEntry[] {
  const { items } = validEntries(doc.getMap(ROOTS.photos), PhotoRefSchema)
  return [...items].map(([id, p]) => ({ id, ...p })).sort((a, b) => a.at.localeCompare(b.at) || byCodeUnit(a.id, b.id))
}

/** Draft items in order (order key, then id), each with its photos. */
export function readDraftItems(doc: Y.Doc): DraftItemEntry[] {
  const { items } = validEntries(doc.getMap(ROOTS.items), DraftItemSchema)
  const photos = readPhotos(doc)
  return [...items]
    .map(([id, it]) => ({ id, ...it, photos: photos.filter((p) => p.itemId === id) }))
    .sort((a, b) => a.order - b.order || byCodeUnit(a.id, b.id))
}

/** The draft as a version's item list (what publishing would freeze). */
export function draftVersionItems(doc: Y.Doc): VersionItem[] {
  return readDraftItems(doc).map((it) => ({
    id: it.id,
    category: it.category,
    title: it.title,
    description: it.description,
    building: it.building,
    costFen: it.costFen,
    photos: [...new Set(it.photos.map((p) => p.hash))],
  }))
}

/**
 * Published versions by number. Two devices publishing offline can both claim the same number:
 * both are kept (nothing is overwritten) and flagged `duplicate`, ordered by publishing time.
 */
export function readVersions(doc: Y.Doc): VersionEntry[] {
  const { items } = validEntries(doc.getMap(ROOTS.versions), VersionSchema)
  const list = [...items].map(([id, v]) => ({ id, ...v, duplicate: false }))
  list.sort((a, b) => a.no - b.no || a.publishedAt.localeCompare(b.publishedAt) || byCodeUnit(a.id, b.id))
  const count = new Map<number, number>()
  for (const v of list) count.set(v.no, (count.get(v.no) ?? 0) + 1)
  for (const v of list) v.duplicate = (count.get(v.no) ?? 0) > 1
  return list
}

export function latestVersion(doc: Y.Doc): VersionEntry | null {
  const list = readVersions(doc)
  return list[list.length - 1] ?? null
}

/** Comments of one item as threads: roots by time, replies by time; orphans become roots. */
export function readComments(doc: Y.Doc, itemId: string, versionNo?: number): CommentNode[] {
  const { items } = validEntries(doc.getMap(ROOTS.comments), CommentSchema)
  const nodes = new Map<string, CommentNode>()
  for (const [id, c] of items)
    if (c.itemId === itemId && c.versionNo === versionNo) nodes.set(id, { id, ...c, replies: [] })
  const roots: CommentNode[] = []
  for (const n of nodes.values()) {
    const parent = n.parentId ? nodes.get(n.parentId) : undefined
    if (parent && parent !== n) parent.replies.push(n)
    else roots.push(n)
  }
  const sort = (list: CommentNode[]): CommentNode[] => {
    list.sort((a, b) => a.at.localeCompare(b.at) || byCodeUnit(a.id, b.id))
    for (const n of list) sort(n.replies)
    return list
  }
  return sort(roots)
}

export function commentCount(doc: Y.Doc, versionNo?: number): Map<string, number> {
  const { items } = validEntries(doc.getMap(ROOTS.comments), CommentSchema)
  const out = new Map<string, number>()
  for (const c of items.values()) if (c.versionNo === versionNo) out.set(c.itemId, (out.get(c.itemId) ?? 0) + 1)
  return out
}

/**
 * Adopted suggestions (in the draft doc), each with the first version that answers it (null = still
 * in the draft); `versionsDoc` is the proposal doc holding the published versions.
 */
export function readAdoptions(doc: Y.Doc, versionsDoc: Y.Doc = doc): AdoptionEntry[] {
  const { items } = validEntries(doc.getMap(ROOTS.adoptions), AdoptionSchema)
  const answered = new Map<string, number>()
  for (const v of readVersions(versionsDoc))
    for (const a of v.answers) if (!answered.has(a.key)) answered.set(a.key, v.no)
  return [...items]
    .map(([key, a]) => ({ key, ...a, answeredIn: answered.get(key) ?? null }))
    .sort((a, b) => a.at.localeCompare(b.at) || byCodeUnit(a.key, b.key))
}

export function readProposals(index: Y.Doc): Array<ProposalSummary & { id: string }> {
  const { items } = validEntries(index.getMap(ROOTS.proposals), ProposalSummarySchema)
  return [...items]
    .map(([id, s]) => ({ id, ...s }))
    .sort((a, b) => b.createdAt.localeCompare(a.createdAt) || byCodeUnit(a.id, b.id))
}
