/** Opens a proposal doc and derives its read models (re-read on every update). */
import { createEffect, createMemo } from 'solid-js'
import {
  readAdoptions,
  readDraft,
  readDraftItems,
  readMeta,
  readVersions,
  commentCount,
} from '../../domain/proposals/queries'
import { migrate, schemaVersionOf, SCHEMA_VERSION } from '../../domain/proposals/schema'
import { useDoc } from '../useDoc'
import { useYVersion } from '../meetings/useMeeting'

export function useProposal(name: string, writable: () => boolean) {
  const used = useDoc(name)
  const doc = used.handle.doc
  const v = useYVersion(doc)
  const meta = createMemo(() => (v(), readMeta(doc)))
  const draft = createMemo(() => (v(), readDraft(doc)))
  const items = createMemo(() => (v(), readDraftItems(doc)))
  const versions = createMemo(() => (v(), readVersions(doc)))
  const adoptions = createMemo(() => (v(), readAdoptions(doc)))
  const comments = createMemo(() => (v(), commentCount(doc)))
  const newer = createMemo(() => (v(), schemaVersionOf(doc) > SCHEMA_VERSION))
  // Migrations run once the local copy is loaded, and only for people who may write the doc.
  createEffect(() => {
    if (used.ready() && writable() && meta()) migrate(doc)
  })
  return { used, doc, v, meta, draft, items, versions, adoptions, comments, newer }
}
