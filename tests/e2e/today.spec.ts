/**
 * 今天 on the home screen, with a controlled clock (page.clock.setFixedTime; the app reads Date.now):
 * a mediator's follow-up visit shows on the due morning with the app badge count, is overdue the
 * next day and gone after the visit; a unit head's home lists the non-voters of their unit only.
 */
import { expect, test } from '@playwright/test'
import {
  adminSession,
  createCompound,
  createMember,
  fill,
  importRoll,
  ROLL_CSV,
  startVote,
  synced,
  tablet,
} from './helpers'

const MEDIATOR = { phone: '13700002101', name: '周调解', role: 'mediator' }

/** Records what the app sets on the badge (the Badging API, stubbed so headless shows it). */
const recordBadge = () => {
  const w = window as unknown as { __badge: number | null }
  w.__badge = null
  Object.assign(navigator, {
    setAppBadge: async (n?: number) => {
      w.__badge = n ?? 0
    },
    clearAppBadge: async () => {
      w.__badge = 0
    },
  })
}

test('a mediator: the visit is due on the morning, overdue the next day, cleared after the visit', async ({
  browser,
  request,
}) => {
  test.setTimeout(120_000)
  const admin = await adminSession(request)
  const councilId = await createCompound(request, admin, '今天测试小区')
  const mediator = await createMember(request, admin, councilId, MEDIATOR)
  const { ctx, page } = await tablet(browser, mediator)
  await ctx.addInitScript(recordBadge)
  await page.clock.setFixedTime(new Date('2026-12-01T08:30:00+08:00'))

  // a case with a daily follow-up plan that started yesterday: the first visit is due today
  await page.goto(`/c/${councilId}/cases`)
  await page.getByTestId('case-new').click()
  await page.getByTestId('intake-form').locator('[name="type"]').selectOption('noise')
  await fill(page, 'intake-form', {
    building: '3',
    flat: '402',
    description: '楼上夜间噪音',
    reportedAt: '2026-11-30T09:00',
    'p0.name': '王大爷',
    'p0.phone': '13912345678',
  })
  await page.getByTestId('intake-submit').click()
  await expect(page.getByTestId('case-summary')).toContainText('邻里噪音')
  await page.getByTestId('plan-form').locator('[name="startDay"]').fill('2026-11-30')
  await page.getByTestId('plan-save').click()
  await expect(page.getByTestId('slot').first()).toHaveAttribute('data-due', '2026-12-01')
  await synced(page)

  await page.goto('/')
  const item = page.locator('[data-testid="today-item"][data-kind="visit"]')
  await expect(item).toHaveAttribute('data-late', '0', { timeout: 15_000 })
  await expect(item).toContainText('今天到期')
  await expect(item).toContainText('3号楼402')
  await expect(item).toContainText('王大爷')
  await expect(item).not.toContainText('13912345678')
  await expect.poll(() => page.evaluate(() => (window as unknown as { __badge: number }).__badge)).toBe(1)

  // the next morning, not visited: overdue
  await page.clock.setFixedTime(new Date('2026-12-02T08:30:00+08:00'))
  await page.reload()
  await expect(item).toHaveAttribute('data-late', '1', { timeout: 15_000 })
  await expect(item).toContainText('逾期 1 天')

  // one tap to the case, record the visit, back home: nothing left
  await item.locator('a').click()
  await expect(page.getByTestId('care')).toBeVisible()
  await page.getByTestId('visit-form').locator('[name="notes"]').fill('上门回访，双方平稳')
  await page.getByTestId('visit-submit').click()
  await expect(page.getByTestId('visit')).toHaveCount(1)
  await expect(page.getByTestId('care-overdue')).toHaveCount(0)
  await synced(page)
  await page.goto('/')
  await expect(page.getByTestId('today-empty')).toBeVisible({ timeout: 15_000 })
  await expect.poll(() => page.evaluate(() => (window as unknown as { __badge: number }).__badge)).toBe(0)
  await ctx.close()
})

test("a unit head's home lists the non-voters of their unit", async ({ browser, request }) => {
  test.setTimeout(120_000)
  const admin = await adminSession(request)
  const councilId = await createCompound(request, admin, '今天表决小区')
  await importRoll(request, admin, councilId, ROLL_CSV)
  const chair = await createMember(request, admin, councilId, { phone: '13700002102', name: '钱主任', role: 'chair' })
  const head = await createMember(request, admin, councilId, {
    phone: '13700002103',
    name: '吴单元长',
    role: 'unit_head',
    scope: { units: ['1-1'] },
  })
  const c = await tablet(browser, chair)
  await startVote(c.page, councilId, { title: '雨污分流表决', question: '是否同意雨污分流改造' })
  await synced(c.page)

  const h = await tablet(browser, head)
  await h.page.goto('/')
  const items = h.page.locator('[data-testid="today-item"][data-kind="nonvoters"]')
  await expect(items).toHaveCount(1, { timeout: 20_000 })
  await expect(items.first()).toContainText('雨污分流表决')
  await expect(items.first()).toContainText('1-1: 0101、0102')
  await expect(h.page.getByTestId('today')).not.toContainText('1-2:')
  await c.ctx.close()
  await h.ctx.close()
})
