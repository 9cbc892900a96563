/**
 * Drafts private by construction: the chair publishes v1 and v2 of a plan and keeps working on an
 * internal item in the draft; a resident sees only the published versions (default comparison
 * v1 → v2 with the title and summary changes), never the draft — the server refuses the draft doc
 * outright (4403) — and comments on a published version in a masked name.
 */
import { expect, test, type Page } from '@playwright/test'
import { adminSession, createCompound, createMember, pageToken, synced, tablet } from './helpers'
import { docName } from '../../src/domain/docTypes'

const item = (p: Page, i: number) => p.getByTestId('draft-item').nth(i)

async function setField(p: Page, testId: string, value: string): Promise<void> {
  await p.getByTestId(testId).fill(value)
  await p.getByTestId(testId).blur()
}

test('a resident reads published versions only; the draft is refused by the server', async ({ browser, request }) => {
  test.setTimeout(120_000)
  const admin = await adminSession(request)
  const councilId = await createCompound(request, admin, '草稿保密小区')
  const chair = await createMember(request, admin, councilId, { phone: '13700002201', name: '郑主任', role: 'chair' })
  const resident = await createMember(request, admin, councilId, {
    phone: '13700002202',
    name: '冯秀英',
    role: 'resident',
    scope: { households: ['1-1-0101'] },
  })

  const c = await tablet(browser, chair)
  await c.page.goto(`/c/${councilId}/proposals`)
  await c.page.getByLabel('方案名称').fill('邮政小区改造方案')
  await c.page.getByTestId('proposal-create').click()
  await expect(c.page).toHaveURL(/\/proposals\/pr_[a-z0-9]+$/)
  const url = new URL(c.page.url()).pathname
  const proposalId = url.split('/').pop()!
  await expect(c.page.getByTestId('proposal-header')).toHaveAttribute('data-ready', 'true')
  await c.page.getByTestId('item-add').click()
  await item(c.page, 0).getByTestId('item-title').fill('路灯')
  await item(c.page, 0).getByTestId('item-title').blur()
  await synced(c.page)
  await c.page.getByTestId('publish-version').click()
  await expect(c.page.getByTestId('version')).toHaveCount(1)
  await setField(c.page, 'draft-title', '邮政小区改造方案（修订）')
  await setField(c.page, 'draft-summary', '增加雨污分流')
  await synced(c.page)
  await c.page.getByTestId('publish-version').click()
  await expect(c.page.getByTestId('version')).toHaveCount(2)
  // keeps working on an internal item that is not published
  await c.page.getByTestId('item-add').click()
  await item(c.page, 1).getByTestId('item-title').fill('拆除3号楼违建（内部）')
  await item(c.page, 1).getByTestId('item-title').blur()
  await synced(c.page)

  const r = await tablet(browser, resident)
  await r.page.goto(url)
  await expect(r.page.getByTestId('version')).toHaveCount(2, { timeout: 15_000 })
  await expect(r.page.getByTestId('draft')).toHaveCount(0)
  // the default comparison is the previous version → the latest, with title and summary
  await expect(r.page.getByTestId('diff-title')).toContainText('邮政小区改造方案（修订）')
  await expect(r.page.getByTestId('diff-summary')).toContainText('增加雨污分流')
  await expect(r.page.getByTestId('diff-none')).toHaveCount(0)
  await expect(r.page.getByTestId('diff-to').locator('option')).toHaveCount(2)
  await expect(r.page.locator('body')).not.toContainText('违建')

  // the server refuses the draft doc to a resident (4403), whatever the client asks
  const token = await pageToken(r.page)
  const code = await r.page.evaluate(
    ({ name, token }) =>
      new Promise<number>((resolve) => {
        const ws = new WebSocket(`ws://${location.host}/sync/${name}?token=${encodeURIComponent(token)}`)
        ws.onclose = (e) => resolve(e.code)
      }),
    { name: docName('plandraft', councilId, proposalId), token },
  )
  expect(code).toBe(4403)

  // a comment on the published version, in a masked name
  const v2 = r.page.locator('[data-testid="version"][data-no="2"]')
  await v2.locator('summary').first().click()
  await v2.getByTestId('item-comments').first().locator('summary').click()
  await v2.getByTestId('comment-text').fill('路灯请装在3号楼前')
  await v2.getByTestId('comment-text').press('Enter')
  await expect(v2.getByTestId('comment')).toContainText('冯*')
  await synced(r.page)
  await c.ctx.close()
  await r.ctx.close()
})
