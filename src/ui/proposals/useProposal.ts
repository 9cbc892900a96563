/**
 * Opens a plan: the proposal doc (published versions, comments on them — what residents read) and,
 * for editors only, its private draft doc (draft, items, photos, adopted suggestions, draft
 * comments). An editor's device moves a pre-split draft out of the proposal doc once both are synced.
 */
import { createEffect, createMemo } from 'solid-js'
import * as Y from 'yjs'
import {
  commentCount,
  readAdoptions,
  readDraft,
  readDraftItems,
  readMeta,
  readVersions,
} from '../../domain/proposals/queries'
import { moveLegacyDraft } from '../../domain/proposals/draftDoc'
import type { ProposalId } from '../../domain/proposals/ids'
import { migrate, schemaVersionOf, SCHEMA_VERSION } from '../../domain/proposals/schema'
import { useDoc } from '../useDoc'
import { useYVersion, useMe } from '../meetings/useMeeting'
import { docName } from '../../domain/docTypes'

export function useProposal(councilId: string, proposalId: ProposalId, writable: () => boolean, canDraft: boolean) {
  const used = useDoc(docName('proposal', councilId, proposalId))
  const doc = used.handle.doc
  const draftUsed = canDraft ? useDoc(docName('plandraft', councilId, proposalId)) : null
  // Non-editors never open the draft: an empty local doc stands in so the readers stay simple.
  const draftDoc = draftUsed?.handle.doc ?? new Y.Doc()
  const me = useMe()
  const v = useYVersion(doc)
  const dv = useYVersion(draftDoc)
  const meta = createMemo(() => (v(), readMeta(doc)))
  const draft = createMemo(() => (dv(), readDraft(draftDoc)))
  const items = createMemo(() => (dv(), readDraftItems(draftDoc)))
  const versions = createMemo(() => (v(), readVersions(doc)))
  const adoptions = createMemo(() => (v(), dv(), readAdoptions(draftDoc, doc)))
  const comments = createMemo(() => (dv(), commentCount(draftDoc)))
  const newer = createMemo(() => (v(), schemaVersionOf(doc) > SCHEMA_VERSION))
  // Migrations run once the local copy is loaded, and only for people who may write the doc.
  createEffect(() => {
    if (used.ready() && writable() && meta()) migrate(doc)
  })
  createEffect(() => {
    if (!draftUsed || !writable() || !used.ready() || !draftUsed.ready()) return
    if (!used.status().synced || !draftUsed.status().synced) return
    v()
    moveLegacyDraft(doc, draftDoc, me().userId)
  })
  return { used, doc, draftUsed, draftDoc, v, dv, meta, draft, items, versions, adoptions, comments, newer }
}
