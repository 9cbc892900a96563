import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import {
  addComment,
  addItem,
  addPhoto,
  adoptSuggestion,
  createProposal,
  publishVersion,
  removeItem,
  unadoptSuggestion,
  updateItem,
} from '../../../../src/domain/proposals/commands'
import type { ProposalId } from '../../../../src/domain/proposals/ids'
import {
  readAdoptions,
  readComments,
  readDraftItems,
  readProposals,
  readVersions,
} from '../../../../src/domain/proposals/queries'
import { migrate, schemaVersionOf, suggestionKey } from '../../../../src/domain/proposals/schema'
import { unwrap } from '../../../../src/domain/result'
import { expectRefused } from '../../../helpers/refusal'

const now = new Date('2025-03-01T02:00:00Z')
const HASH = 'a'.repeat(64)

function setup() {
  const doc = new Y.Doc()
  const index = new Y.Doc()
  createProposal(doc, index, { proposalId: 'pr_abcd12345678' as ProposalId, councilId: 'c1', title: '方案' }, 'u1', now)
  return { doc, index }
}

describe('proposal doc', () => {
  it('malformed items, photos, comments and adoptions are refused with a code and write nothing', () => {
    const { doc } = setup()
    const item = unwrap(
      addItem(doc, { category: 'street_lights', title: '路灯', description: '', building: '', costFen: 1 }, 'u1', now),
    )
    const badItem = { category: 'street_lights' as const, title: '路灯', description: '', building: '', costFen: -5 }
    expectRefused(doc, () => addItem(doc, badItem, 'u1', now), 'proposal.invalid_item')
    expect(addItem(doc, badItem, 'u1', now)).toMatchObject({ detail: 'costFen' })
    const photo = { itemId: item, hash: 'not-a-hash', type: 'image/jpeg' as const, width: 10, height: 10, bytes: 100 }
    expectRefused(
      doc,
      () => addPhoto(doc, { ...photo, addedBy: 'u1', at: now.toISOString() }, 'u1'),
      'proposal.invalid_photo',
    )
    const comment = { itemId: item, parentId: null, text: '', by: 'u1', byName: '甲', at: now.toISOString() }
    expectRefused(doc, () => addComment(doc, comment, 'u1'), 'proposal.invalid_comment')
    const adoption = { visitId: 'w_1', itemId: item, householdId: '1-1-0101', text: '亮一些', versionNo: 0 }
    expectRefused(
      doc,
      () =>
        adoptSuggestion(
          doc,
          suggestionKey('w_1', item),
          { ...adoption, adoptedBy: 'u1', adoptedByName: '甲', at: 'yesterday' },
          'u1',
        ),
      'proposal.invalid_adoption',
    )
    expect(readDraftItems(doc)).toHaveLength(1)
  })

  it('merges concurrent edits of different fields of one item', () => {
    const { doc } = setup()
    const id = unwrap(
      addItem(
        doc,
        { category: 'street_lights', title: '路灯', description: '', building: '', costFen: 100 },
        'u1',
        now,
      ),
    )
    const b = new Y.Doc()
    Y.applyUpdate(b, Y.encodeStateAsUpdate(doc))
    updateItem(doc, id, { costFen: 500 }, 'u1')
    updateItem(b, id, { description: '更换12盏' }, 'u2')
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(b))
    expect(readDraftItems(doc)[0]).toMatchObject({ costFen: 500, description: '更换12盏' })
  })

  it('threads comments per item, offline on two devices', () => {
    const { doc } = setup()
    const item = unwrap(
      addItem(doc, { category: 'other', title: '停车位', description: '', building: '', costFen: 0 }, 'u1', now),
    )
    const root = unwrap(
      addComment(
        doc,
        { itemId: item, parentId: null, text: '车位太少', by: 'u1', byName: '甲', at: '2025-03-01T02:01:00Z' },
        'u1',
      ),
    )
    const b = new Y.Doc()
    Y.applyUpdate(b, Y.encodeStateAsUpdate(doc))
    addComment(
      doc,
      { itemId: item, parentId: root, text: '同意', by: 'u1', byName: '甲', at: '2025-03-01T02:02:00Z' },
      'u1',
    )
    addComment(
      b,
      { itemId: item, parentId: root, text: '可以划线', by: 'u2', byName: '乙', at: '2025-03-01T02:03:00Z' },
      'u2',
    )
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(b))
    const threads = readComments(doc, item)
    expect(threads).toHaveLength(1)
    expect(threads[0]!.replies.map((r) => r.text)).toEqual(['同意', '可以划线'])
  })

  it('removing an item drops its photo refs from the draft, not from published versions', () => {
    const { doc, index } = setup()
    const id = unwrap(
      addItem(doc, { category: 'wall_painting', title: '墙', description: '', building: '2', costFen: 1 }, 'u1', now),
    )
    addPhoto(
      doc,
      {
        itemId: id,
        hash: HASH,
        type: 'image/jpeg',
        width: 10,
        height: 10,
        bytes: 100,
        addedBy: 'u1',
        at: now.toISOString(),
      },
      'u1',
    )
    publishVersion(doc, index, { userId: 'u1', name: '甲' }, now)
    removeItem(doc, id, 'u1')
    expect(readDraftItems(doc)).toEqual([])
    expect(readVersions(doc)[0]!.items[0]!.photos).toEqual([HASH])
    expect(readProposals(index)[0]).toMatchObject({ latestVersion: 1 })
  })

  it('a version answers the suggestions adopted since the previous one', () => {
    const { doc, index } = setup()
    const item = unwrap(
      addItem(doc, { category: 'street_lights', title: '路灯', description: '', building: '', costFen: 1 }, 'u1', now),
    )
    publishVersion(doc, index, { userId: 'u1', name: '甲' }, now)
    const a = {
      visitId: 'w_1',
      itemId: item,
      householdId: '1-1-0101',
      text: '加装到3号楼后',
      versionNo: 1,
      adoptedBy: 'u1',
      adoptedByName: '甲',
      at: now.toISOString(),
    }
    adoptSuggestion(doc, suggestionKey('w_1', item), a, 'u1')
    adoptSuggestion(doc, suggestionKey('w_2', item), { ...a, visitId: 'w_2', text: '亮一些' }, 'u1')
    expect(unadoptSuggestion(doc, suggestionKey('w_2', item), 'u1')).toBe(true)
    const v2 = publishVersion(doc, index, { userId: 'u1', name: '甲' }, now)
    expect(v2.answers.map((x) => x.key)).toEqual([suggestionKey('w_1', item)])
    expect(readAdoptions(doc)[0]!.answeredIn).toBe(2)
    expect(unadoptSuggestion(doc, suggestionKey('w_1', item), 'u1')).toBe(false)
    const v3 = publishVersion(doc, index, { userId: 'u1', name: '甲' }, now)
    expect(v3.answers).toEqual([])
  })

  it('migrates v0 docs and refuses newer ones', () => {
    const d = new Y.Doc()
    expect(migrate(d)).toEqual({ ok: true, from: 0, to: 1 })
    // the draft lives in its own doc (draftDoc.ts): migrating the plan doc never creates one here
    expect(d.getMap('draft').toJSON()).toEqual({})
    const legacy = new Y.Doc()
    legacy.getMap('draft').set('title', '旧草稿')
    expect(migrate(legacy)).toEqual({ ok: true, from: 0, to: 1 })
    expect(legacy.getMap('draft').toJSON()).toEqual({ title: '旧草稿', summary: '', budgetFen: 0 })
    expect(migrate(d)).toEqual({ ok: true, from: 1, to: 1 })
    d.getMap('meta').set('schemaVersion', 9)
    expect(migrate(d)).toEqual({ ok: false, reason: 'newer-schema', version: 9 })
    expect(schemaVersionOf(d)).toBe(9)
  })
})
