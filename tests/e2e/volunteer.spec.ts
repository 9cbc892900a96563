/**
 * The volunteer loop with four accounts on four devices: a resident orders a service for their
 * flat; the chair dispatches it to a 单位 whose contact account declines with a reason; the chair
 * dispatches it again to a volunteer, who finds it on the Today list, accepts it OFFLINE
 * (context.setOffline), syncs and completes it; the resident rates it; the volunteer earns points.
 */
import { expect, test, type Page } from '@playwright/test'
import { adminSession, createCompound, createMember, synced, tablet } from './helpers'

const order = (p: Page) => p.locator('[data-testid="order-item"][data-service="代买降压药"]')

async function addResource(p: Page, kind: string, name: string, account: string): Promise<void> {
  const form = p.locator('form').filter({ has: p.locator('[name="res"]') })
  await form.locator('select').first().selectOption(kind)
  await form.locator('[name="res"]').fill(name)
  await form.locator('[name="account"]').selectOption({ label: account })
  await form.getByRole('button').click()
  await expect(p.getByText(name).first()).toBeVisible()
}

test('点单 → 派单 → 拒单 → 派单 → 接单 (offline) → 完成 → 评单 with four accounts', async ({ browser, request }) => {
  test.setTimeout(150_000)
  const admin = await adminSession(request)
  const councilId = await createCompound(request, admin, '志愿服务小区')
  const chair = await createMember(request, admin, councilId, { phone: '13700002301', name: '王书记', role: 'chair' })
  const volunteer = await createMember(request, admin, councilId, {
    phone: '13700002302',
    name: '刘志愿',
    role: 'member',
  })
  const contact = await createMember(request, admin, councilId, {
    phone: '13700002303',
    name: '物业联系人',
    role: 'member',
  })
  const resident = await createMember(request, admin, councilId, {
    phone: '13700002304',
    name: '冯秀英',
    role: 'resident',
    scope: { households: ['1-1-0101'] },
  })
  const lists = `/c/${councilId}/grid/lists`

  // the chair links two resources to accounts: a 单位 (its contact) and a volunteer
  const c = await tablet(browser, chair)
  await c.page.goto(lists)
  await expect(c.page.locator('[name="account"] option', { hasText: '刘志愿' })).toHaveCount(1, { timeout: 15_000 })
  await addResource(c.page, 'body', '物业维修队', '物业联系人')
  await addResource(c.page, 'volunteer', '刘志愿', '刘志愿')
  await synced(c.page)

  // the resident orders for their own flat
  const r = await tablet(browser, resident)
  await r.page.goto(lists)
  await r.page.getByTestId('order-form').locator('[name="service"]').fill('代买降压药')
  await expect(r.page.getByTestId('order-form').locator('[name="household"]')).toHaveValue('1-1-0101')
  await r.page.getByTestId('order-submit').click()
  await expect(order(r.page)).toHaveAttribute('data-status', 'requested')
  await synced(r.page)

  // dispatched to the 单位; its contact declines with a reason
  await expect(order(c.page)).toHaveAttribute('data-status', 'requested', { timeout: 15_000 })
  await expect(order(c.page)).toContainText('1号楼1单元0101')
  await order(c.page).getByTestId('dispatch-to').selectOption({ label: '物业维修队（单位）' })
  await order(c.page).getByTestId('dispatch').click()
  await synced(c.page)
  const u = await tablet(browser, contact)
  await u.page.goto(lists)
  await expect(order(u.page)).toHaveAttribute('data-status', 'dispatched', { timeout: 15_000 })
  await order(u.page).getByTestId('order-decline').click()
  await order(u.page).locator('[name="reason"]').fill('本周人手不足')
  await order(u.page).getByTestId('decline-submit').click()
  await expect(order(u.page)).toHaveAttribute('data-status', 'declined')
  await synced(u.page)

  // dispatched again, to the volunteer
  await expect(order(c.page).getByTestId('decline-reason')).toContainText('本周人手不足', { timeout: 15_000 })
  await order(c.page).getByTestId('dispatch-to').selectOption({ label: '刘志愿（志愿者）' })
  await order(c.page).getByTestId('dispatch').click()
  await synced(c.page)

  // the volunteer sees it on Today, taps through, accepts offline, syncs, completes
  const v = await tablet(browser, volunteer)
  await v.page.goto('/')
  const today = v.page.locator('[data-testid="today-item"][data-kind="order-accept"]')
  await expect(today).toContainText('代买降压药', { timeout: 15_000 })
  await today.locator('a').click()
  await expect(order(v.page)).toHaveAttribute('data-status', 'dispatched', { timeout: 15_000 })
  await synced(v.page)
  await v.ctx.setOffline(true)
  await order(v.page).getByTestId('order-accept').click()
  await expect(order(v.page)).toHaveAttribute('data-status', 'accepted')
  await expect(order(c.page)).toHaveAttribute('data-status', 'dispatched') // not sent yet
  await v.ctx.setOffline(false)
  await synced(v.page)
  await expect(order(c.page)).toHaveAttribute('data-status', 'accepted', { timeout: 15_000 })
  await order(v.page).getByTestId('order-done').click()
  await synced(v.page)

  // the resident rates it; the volunteer's points follow
  await expect(order(r.page)).toHaveAttribute('data-status', 'done', { timeout: 15_000 })
  await order(r.page).getByTestId('rate-5').click()
  await synced(r.page)
  await expect(order(c.page)).toHaveAttribute('data-status', 'rated', { timeout: 15_000 })
  await expect(c.page.locator('li', { hasText: '刘志愿' }).filter({ hasText: '14' }).first()).toBeVisible()
  for (const x of [c, r, u, v]) await x.ctx.close()
})
