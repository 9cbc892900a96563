/**
 * Proposal commands. Each is one transaction with a typed origin. Published versions are written
 * once, as a frozen JSON snapshot under a fresh key, and never touched again by this module.
 */
import * as Y from 'yjs'
import { byUser, type NamedActor } from '../actor'
import { ok, parseAs, type Result } from '../result'
import {
  newCommentId,
  newItemId,
  newPhotoRefId,
  newVersionId,
  type CommentId,
  type ItemId,
  type PhotoRefId,
  type ProposalId,
} from './ids'
import { draftVersionItems, readAdoptions, readDraft, readDraftItems, readVersions } from './queries'
import {
  AdoptionSchema,
  CommentSchema,
  DraftItemSchema,
  PhotoRefSchema,
  ROOTS,
  SCHEMA_VERSION,
  VersionSchema,
  type Adoption,
  type Comment,
  type Draft,
  type DraftItem,
  type PhotoRef,
  type ProposalMeta,
  type ProposalSummary,
  type Version,
} from './schema'

/** Creates the plan (meta in `doc`, the proposal doc) and its first draft in `draftDoc` (editors only). */
export function createProposal(
  doc: Y.Doc,
  index: Y.Doc,
  p: { proposalId: ProposalId; councilId: string; title: string },
  userId: string,
  now: Date,
  draftDoc: Y.Doc = doc,
): void {
  const createdAt = now.toISOString()
  doc.transact(() => {
    const meta = doc.getMap(ROOTS.meta)
    const value: ProposalMeta = {
      schemaVersion: SCHEMA_VERSION,
      proposalId: p.proposalId,
      councilId: p.councilId,
      createdBy: userId,
      createdAt,
    }
    for (const [k, v] of Object.entries(value)) meta.set(k, v)
  }, byUser(userId))
  draftDoc.transact(() => {
    const draft = draftDoc.getMap(ROOTS.draft)
    draft.set('title', p.title)
    draft.set('summary', '')
    draft.set('budgetFen', 0)
  }, byUser(userId))
  updateSummary(index, p.proposalId, { title: p.title, createdAt, latestVersion: 0 }, userId)
}

export function updateSummary(index: Y.Doc, id: string, s: ProposalSummary, userId: string): void {
  index.transact(() => index.getMap(ROOTS.proposals).set(id, s), byUser(userId))
}

/** Field by field, so concurrent edits of title and budget both survive. */
export function updateDraft(doc: Y.Doc, patch: Partial<Draft>, userId: string): void {
  doc.transact(() => {
    const d = doc.getMap(ROOTS.draft)
    for (const [k, v] of Object.entries(patch)) if (v !== undefined && d.get(k) !== v) d.set(k, v)
  }, byUser(userId))
}

export type NewItem = Omit<DraftItem, 'order' | 'createdBy' | 'createdAt'>

/** Refused ('proposal.invalid_item', detail = the failing fields) when the item breaks its schema. */
export function addItem(
  doc: Y.Doc,
  item: NewItem,
  userId: string,
  now: Date,
  id: ItemId = newItemId(),
): Result<ItemId, 'proposal.invalid_item'> {
  const last = readDraftItems(doc).at(-1)
  const checked = parseAs(
    DraftItemSchema,
    { ...item, order: (last?.order ?? 0) + 1, createdBy: userId, createdAt: now.toISOString() },
    'proposal.invalid_item',
  )
  if (!checked.ok) return checked
  doc.transact(() => {
    const m = new Y.Map<unknown>()
    for (const [k, v] of Object.entries(checked.value)) m.set(k, v)
    doc.getMap(ROOTS.items).set(id, m)
  }, byUser(userId))
  return ok(id)
}

/**
 * Field-level edit of a draft item: refused ('proposal.invalid_item', detail = the fields) when the
 * patch breaks the item's schema; an item removed meanwhile on another tablet is a no-op.
 */
export function updateItem(
  doc: Y.Doc,
  id: string,
  patch: Partial<NewItem>,
  userId: string,
): Result<void, 'proposal.invalid_item'> {
  const m = doc.getMap(ROOTS.items).get(id)
  if (!(m instanceof Y.Map)) return ok()
  const check = parseAs(DraftItemSchema.partial(), patch, 'proposal.invalid_item')
  if (!check.ok) return check
  doc.transact(() => {
    for (const [k, v] of Object.entries(check.value)) if (v !== undefined && m.get(k) !== v) m.set(k, v)
  }, byUser(userId))
  return ok()
}

/** Removes an item from the draft (published versions keep it) with its photo references. */
export function removeItem(doc: Y.Doc, id: string, userId: string): void {
  doc.transact(() => {
    doc.getMap(ROOTS.items).delete(id)
    const photos = doc.getMap<unknown>(ROOTS.photos)
    photos.forEach((p, k) => {
      if (p && typeof p === 'object' && (p as { itemId?: unknown }).itemId === id) photos.delete(k)
    })
  }, byUser(userId))
}

/** Refused ('proposal.invalid_photo') when the reference breaks its schema. */
export function addPhoto(
  doc: Y.Doc,
  ref: PhotoRef,
  userId: string,
  id: PhotoRefId = newPhotoRefId(),
): Result<PhotoRefId, 'proposal.invalid_photo'> {
  const checked = parseAs(PhotoRefSchema, ref, 'proposal.invalid_photo')
  if (!checked.ok) return checked
  doc.transact(() => doc.getMap(ROOTS.photos).set(id, checked.value), byUser(userId))
  return ok(id)
}

export function removePhoto(doc: Y.Doc, id: string, userId: string): void {
  doc.transact(() => doc.getMap(ROOTS.photos).delete(id), byUser(userId))
}

/** Refused ('proposal.invalid_comment') when the comment breaks its schema (empty, too long). */
export function addComment(
  doc: Y.Doc,
  c: Comment,
  userId: string,
  id: CommentId = newCommentId(),
): Result<CommentId, 'proposal.invalid_comment'> {
  const checked = parseAs(CommentSchema, c, 'proposal.invalid_comment')
  if (!checked.ok) return checked
  doc.transact(() => doc.getMap(ROOTS.comments).set(id, checked.value), byUser(userId))
  return ok(id)
}

/** Marks a resident's suggestion as adopted into the draft of the next version. */
export function adoptSuggestion(
  doc: Y.Doc,
  key: string,
  a: Adoption,
  userId: string,
): Result<void, 'proposal.invalid_adoption'> {
  const checked = parseAs(AdoptionSchema, a, 'proposal.invalid_adoption')
  if (!checked.ok) return checked
  doc.transact(() => doc.getMap(ROOTS.adoptions).set(key, checked.value), byUser(userId))
  return ok()
}

export type ProposalRefusal =
  | 'proposal.invalid_item'
  | 'proposal.invalid_photo'
  | 'proposal.invalid_comment'
  | 'proposal.invalid_adoption'

/** Takes an adoption back, unless a published version already answers it (that stays on record). */
export function unadoptSuggestion(doc: Y.Doc, key: string, userId: string, versionsDoc: Y.Doc = doc): boolean {
  const entry = readAdoptions(doc, versionsDoc).find((a) => a.key === key)
  if (!entry || entry.answeredIn !== null) return false
  doc.transact(() => doc.getMap(ROOTS.adoptions).delete(key), byUser(userId))
  return true
}

/**
 * Freezes the draft (in `draftDoc`, the private plandraft doc) as the next version of `doc`: number = highest published + 1; it answers every adopted
 * suggestion no earlier version answers. The snapshot is a plain JSON value under a fresh key.
 */
export function publishVersion(
  doc: Y.Doc,
  index: Y.Doc | null,
  actor: NamedActor,
  now: Date,
  note = '',
  draftDoc: Y.Doc = doc,
): Version & { id: string } {
  const versions = readVersions(doc)
  const no = (versions.at(-1)?.no ?? 0) + 1
  const draft = readDraft(draftDoc)
  const answers = readAdoptions(draftDoc, doc)
    .filter((a) => a.answeredIn === null)
    .map(({ answeredIn: _answered, ...a }) => a)
  const version: Version = VersionSchema.parse({
    no,
    title: draft.title,
    summary: draft.summary,
    budgetFen: draft.budgetFen,
    items: draftVersionItems(draftDoc),
    answers,
    note,
    publishedBy: actor.userId,
    publishedByName: actor.name,
    publishedAt: now.toISOString(),
  })
  const id = newVersionId()
  doc.transact(() => doc.getMap(ROOTS.versions).set(id, version), byUser(actor.userId))
  const meta = doc.getMap(ROOTS.meta).toJSON() as { createdAt?: string; proposalId?: string }
  if (index && meta.proposalId) {
    updateSummary(
      index,
      meta.proposalId,
      { title: draft.title, createdAt: meta.createdAt ?? now.toISOString(), latestVersion: no },
      actor.userId,
    )
  }
  return { id, ...version }
}
