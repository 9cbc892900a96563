/**
 * Escalation across councils on real tablets (issue 20): the council's chair escalates an event to
 * the community from the council tablet; the community handler's tablet (another browser context)
 * opens the 上级受理 queue, goes offline (context.setOffline), handles the item with a result,
 * reconnects; the server mirrors the step into the council trail, and the council's tablet shows the
 * handling in the handler's name and the community's name after sync.
 *
 * The org tree and the handler's staff entry are written straight into the server's account store
 * (the same SQLite file the e2e server uses): the admin screens for the tree are the org feature's.
 */
import { expect, test } from '@playwright/test'
import { SqliteAccountStore } from '../../server/accounts/SqliteAccountStore'
import { adminSession, createCompound, createMember, fill, synced, syncStatus, tablet } from './helpers'

test('a community handler handles an escalated event offline; the council tablet shows the result after sync', async ({
  browser,
  request,
}) => {
  test.setTimeout(180_000)
  const admin = await adminSession(request)
  const councilId = await createCompound(request, admin, '升级小区')
  const chair = await createMember(request, admin, councilId, { phone: '13911120001', name: '上报主任', role: 'chair' })
  // The handler: an account (invited as an observer elsewhere), then org staff on the community.
  const other = await createCompound(request, admin, '受理人所在小区')
  const handler = await createMember(request, admin, other, {
    phone: '13911120002',
    name: '社区赵干事',
    role: 'observer',
  })
  const accounts = new SqliteAccountStore(process.env.YISHI_E2E_DATA_DIR!)
  const suffix = councilId.slice(-6)
  await accounts.upsertOrgNodes([
    { id: `d-${suffix}`, kind: 'district', name: '测试区', parentId: null },
    { id: `s-${suffix}`, kind: 'street', name: '测试街道', parentId: `d-${suffix}` },
    { id: `m-${suffix}`, kind: 'community', name: '升级社区', parentId: `s-${suffix}` },
  ])
  await accounts.setCouncilOrgNode(councilId, `m-${suffix}`)
  await accounts.addOrgStaff(handler.user.id, `m-${suffix}`, 'org_handler')
  await accounts.close()

  // Council tablet: report an event, escalate it to the community.
  const c = await tablet(browser, chair)
  await c.page.goto(`/c/${councilId}/grid/events`)
  await expect(c.page.getByTestId('event-submit')).toBeEnabled()
  await fill(c.page, 'event-form', { title: '小区外排水管堵塞', place: '东门外' })
  await c.page.getByTestId('event-submit').click()
  await c.page.getByTestId('event-item').first().click()
  await c.page.getByTestId('escalate-community').click()
  await expect(c.page.locator('[data-testid="trail-step"][data-kind="escalate"]')).toBeVisible()
  await synced(c.page)

  // Handler tablet: the queue online once, then offline.
  const h = await tablet(browser, handler)
  await h.page.goto('/q')
  await h.page.getByTestId('queue-link').filter({ hasText: '升级社区' }).click()
  const item = h.page.getByTestId('queue-item').filter({ hasText: '小区外排水管堵塞' })
  await expect(item).toHaveAttribute('data-state', 'new', { timeout: 20_000 })
  await expect(h.page.getByTestId('queue-summary')).toContainText('默认 3 天')
  await h.page.getByTestId('deadline-form').locator('input[name="deadline-days"]').fill('5')
  await h.page.getByTestId('deadline-save').click()
  await expect(h.page.getByTestId('queue-summary')).toContainText('5 天')
  await synced(h.page)
  await h.ctx.setOffline(true)
  await expect(syncStatus(h.page)).toHaveAttribute('data-state', 'offline')
  await item.getByTestId('queue-accept').click()
  await item.locator('textarea').fill('已协调市政疏通，排水恢复')
  await item.getByTestId('queue-handle').click()
  await expect(item).toHaveAttribute('data-state', 'handled')
  // Nothing reached the council while the handler is offline.
  await c.page.waitForTimeout(500)
  await expect(c.page.locator('[data-testid="trail-step"][data-kind="upper"]')).toHaveCount(0)
  await h.ctx.setOffline(false)
  await synced(h.page)

  // Council tablet after sync: the upper level's handling, in the handler's name, event closed.
  const handled = c.page.locator('[data-testid="trail-step"][data-kind="upper"][data-action="handle"]')
  await expect(handled).toContainText('社区赵干事', { timeout: 20_000 })
  await expect(handled).toContainText('升级社区')
  await expect(handled).toContainText('已协调市政疏通，排水恢复')
  await expect(c.page.getByTestId('event-status')).toHaveText('已办结')
  await c.ctx.close()
  await h.ctx.close()
})
