import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { addItem, createProposal, publishVersion, updateDraft } from '../../../../src/domain/proposals/commands'
import { hasLegacyDraft, moveLegacyDraft } from '../../../../src/domain/proposals/draftDoc'
import type { ProposalId } from '../../../../src/domain/proposals/ids'
import { readDraft, readDraftItems, readVersions } from '../../../../src/domain/proposals/queries'

const now = new Date('2026-12-01T02:00:00Z')
const actor = { userId: 'u_chair', name: '王主任' }

describe('private plan drafts', () => {
  it('creates the draft in its own doc; the plan doc residents read holds only published versions', () => {
    const plan = new Y.Doc()
    const index = new Y.Doc()
    const draft = new Y.Doc()
    createProposal(
      plan,
      index,
      { proposalId: 'pr_abcd' as ProposalId, councilId: 'c1', title: '改造方案' },
      'u',
      now,
      draft,
    )
    addItem(
      draft,
      { category: 'other', title: '拆除3号楼违建（内部）', description: '', building: '3', costFen: 4_500_000 },
      'u',
      now,
    )
    expect(JSON.stringify(plan.getMap('draft').toJSON())).toBe('{}')
    expect(JSON.stringify(plan.toJSON())).not.toContain('违建')
    const v1 = publishVersion(plan, index, actor, now, '', draft)
    expect(v1.items.map((i) => i.title)).toEqual(['拆除3号楼违建（内部）'])
    updateDraft(draft, { title: '改造方案（第二稿）', summary: '内部讨论中' }, 'u')
    expect(readVersions(plan).map((v) => v.title)).toEqual(['改造方案'])
    expect(JSON.stringify(plan.getMap('versions').toJSON())).not.toContain('内部讨论中')
  })

  it('moves a legacy draft out of the plan doc, keeping the published versions and version comments', () => {
    const plan = new Y.Doc()
    const index = new Y.Doc()
    createProposal(plan, index, { proposalId: 'pr_abcd' as ProposalId, councilId: 'c1', title: '旧方案' }, 'u', now)
    addItem(plan, { category: 'street_lights', title: '路灯', description: '', building: '', costFen: 100 }, 'u', now)
    publishVersion(plan, index, actor, now)
    plan
      .getMap('comments')
      .set('k_draft', { itemId: 'x', parentId: null, text: '内部', by: 'u', byName: 'u', at: now.toISOString() })
    plan.getMap('comments').set('k_v1', {
      itemId: 'x',
      parentId: null,
      text: '好',
      by: 'r',
      byName: '张*',
      at: now.toISOString(),
      versionNo: 1,
    })
    updateDraft(plan, { title: '拆除违建（内部）' }, 'u')
    expect(hasLegacyDraft(plan)).toBe(true)

    const draft = new Y.Doc()
    expect(moveLegacyDraft(plan, draft, 'u')).toBe(true)
    expect(hasLegacyDraft(plan)).toBe(false)
    expect(readDraft(draft).title).toBe('拆除违建（内部）')
    expect(readDraftItems(draft).map((i) => i.title)).toEqual(['路灯'])
    expect(Object.keys(draft.getMap('comments').toJSON())).toEqual(['k_draft'])
    expect(Object.keys(plan.getMap('comments').toJSON())).toEqual(['k_v1'])
    expect(readVersions(plan)).toHaveLength(1)
    expect(JSON.stringify(plan.toJSON())).not.toContain('违建')
    expect(moveLegacyDraft(plan, draft, 'u')).toBe(false)
  })
})
