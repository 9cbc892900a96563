/**
 * Drafts private by construction: the working draft of a plan moved out of the proposal doc (which
 * residents read) into `plandraft:<councilId>:<proposalId>`, which only editors may open.
 *
 * `moveLegacyDraft` runs on an editor's device for plans created before the split: it copies the
 * draft roots into the draft doc (only when that doc has no draft yet, so two editors doing it at
 * once converge on one copy) and then deletes them from the proposal doc. The server's
 * 'published-only' rule lets the proposal doc's legacy draft roots only shrink, never grow.
 */
import * as Y from 'yjs'
import { byUser } from '../actor'
import { ROOTS } from './schema'

/** Roots that belong to the private draft doc (and, in a legacy proposal doc, may only be removed). */
export const DRAFT_ROOTS = [ROOTS.draft, ROOTS.items, ROOTS.photos, ROOTS.adoptions] as const
/** Roots the proposal doc (and the index) keep: what residents may read. */
export const PUBLISHED_ROOTS = [ROOTS.meta, ROOTS.versions, ROOTS.comments, ROOTS.proposals] as const

const copyValue = (v: unknown): unknown => {
  if (v instanceof Y.Map) {
    const m = new Y.Map<unknown>()
    for (const [k, x] of v.entries()) m.set(k, copyValue(x))
    return m
  }
  return v instanceof Y.AbstractType ? v.toJSON() : v
}

export function hasLegacyDraft(proposal: Y.Doc): boolean {
  if (DRAFT_ROOTS.some((r) => proposal.getMap(r).size > 0)) return true
  // draft comments (no versionNo) were kept next to the draft before the split
  return [...proposal.getMap<unknown>(ROOTS.comments).values()].some(
    (c) => c !== null && typeof c === 'object' && !('versionNo' in c),
  )
}

/** Moves a pre-split draft; returns true when something was moved or cleared. */
export function moveLegacyDraft(proposal: Y.Doc, draftDoc: Y.Doc, userId: string): boolean {
  if (!hasLegacyDraft(proposal)) return false
  const empty = draftDoc.getMap(ROOTS.draft).size === 0 && draftDoc.getMap(ROOTS.items).size === 0
  if (empty) {
    draftDoc.transact(() => {
      for (const r of DRAFT_ROOTS) {
        const to = draftDoc.getMap<unknown>(r)
        for (const [k, v] of proposal.getMap<unknown>(r).entries()) to.set(k, copyValue(v))
      }
      const comments = draftDoc.getMap<unknown>(ROOTS.comments)
      for (const [k, v] of proposal.getMap<unknown>(ROOTS.comments).entries())
        if (v !== null && typeof v === 'object' && !('versionNo' in v)) comments.set(k, v)
    }, byUser(userId))
  }
  proposal.transact(() => {
    for (const r of DRAFT_ROOTS) {
      const m = proposal.getMap<unknown>(r)
      for (const k of [...m.keys()]) m.delete(k)
    }
    const comments = proposal.getMap<unknown>(ROOTS.comments)
    for (const [k, v] of [...comments.entries()])
      if (v !== null && typeof v === 'object' && !('versionNo' in v)) comments.delete(k)
  }, byUser(userId))
  return true
}
