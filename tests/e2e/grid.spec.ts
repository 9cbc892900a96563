/**
 * Grid governance, five-step loop across devices: a grid worker reports an event offline; after
 * sync the chair assigns it; the handler (a building head) records the handling; the resident of
 * the household rates it; the dashboard counts follow. Then a seeded demo quarter (1,200 events)
 * renders the dashboard (render time printed, screenshot saved).
 */
import { expect, test, type Page } from '@playwright/test'
import { mkdirSync } from 'node:fs'
import {
  adminSession,
  createCompound,
  createMember,
  newCouncil,
  synced,
  SHOTS_DIR,
  syncStatus,
  tablet,
  type ApiSession,
} from './helpers'

let councilId = ''
let chair: ApiSession
let worker: ApiSession
let handler: ApiSession
let resident: ApiSession

test.beforeAll(async ({ request }) => {
  const c = await newCouncil(request, '网格测试小区')
  councilId = c.councilId
  chair = await c.member('1353000', '张主任', 'chair')
  worker = await c.member('1354000', '赵网格员', 'grid_worker')
  handler = await c.member('1355000', '钱楼栋长', 'building_head', { buildings: ['3'] })
  resident = await c.member('1356000', '孙居民', 'resident', { households: ['3-1-0201'] })
})

const kpi = (p: Page, k: string) => p.getByTestId(`kpi-${k}`)

test('five-step loop: offline report → assign → handle → rate; the dashboard follows', async ({ browser }) => {
  const c = await tablet(browser, chair)
  await c.page.goto(`/c/${councilId}/grid/dashboard`)
  await expect(c.page.getByTestId('grid-dashboard')).toHaveAttribute('data-ready', 'true')
  await c.page.getByTestId('period-day').click()
  await expect(kpi(c.page, 'reported')).toHaveAttribute('data-value', '0')

  // The grid worker opens the events page online once (app + doc cached), then loses the network.
  const w = await tablet(browser, worker)
  await w.page.goto(`/c/${councilId}/grid/events`)
  await expect(w.page.getByTestId('event-submit')).toBeEnabled()
  await synced(w.page)
  await w.ctx.setOffline(true)
  await expect(syncStatus(w.page)).toHaveAttribute('data-state', 'offline')
  await w.page.getByLabel('问题').fill('3号楼路灯不亮')
  await w.page.getByLabel('地点').fill('3号楼东侧')
  await w.page.getByLabel('相关住户（楼-单元-户）').fill('3-1-0201')
  await w.page.getByTestId('event-submit').click()
  await expect(w.page.getByTestId('event-item')).toHaveCount(1)
  await expect(c.page.getByTestId('kpi-reported')).toHaveAttribute('data-value', '0')
  await w.ctx.setOffline(false)
  await synced(w.page)

  // Dispatcher sees it, assigns it to the building head with a due time.
  await expect(kpi(c.page, 'reported')).toHaveAttribute('data-value', '1', { timeout: 20_000 })
  await expect(kpi(c.page, 'closed')).toHaveAttribute('data-value', '0')
  await c.page.goto(`/c/${councilId}/grid/events`)
  await c.page.getByTestId('event-item').filter({ hasText: '3号楼路灯不亮' }).click()
  const eventUrl = new URL(c.page.url()).pathname
  expect(eventUrl).toMatch(/\/grid\/events\/e_[a-z0-9]+$/)
  await c.page.getByLabel('处置人/单位').fill('钱楼栋长')
  await c.page.getByTestId('assign-submit').click()
  await expect(c.page.getByTestId('event-status')).toHaveText('已派单')
  await synced(c.page)

  // The handler records what was done.
  const h = await tablet(browser, handler)
  await h.page.goto(eventUrl)
  await expect(h.page.getByTestId('event-assignee')).toHaveText('钱楼栋长')
  await expect(h.page.getByTestId('assign-form')).toHaveCount(0)
  await h.page.getByTestId('handle-note').fill('更换灯泡两只，已恢复照明')
  await h.page.getByTestId('handle-submit').click()
  await expect(h.page.getByTestId('event-status')).toHaveText('已办结')
  await synced(h.page)

  // The resident of household 3-1-0201 rates it.
  const r = await tablet(browser, resident)
  await r.page.goto(eventUrl)
  await expect(r.page.getByTestId('event-status')).toHaveText('已办结')
  await expect(r.page.getByTestId('handle-form')).toHaveCount(0)
  await r.page.getByTestId('rate-5').click()
  await expect(r.page.getByTestId('event-status')).toHaveText('已评价')
  await synced(r.page)
  await expect(r.page.getByTestId('trail-step')).toHaveCount(4)

  await c.page.goto(`/c/${councilId}/grid/dashboard`)
  await c.page.getByTestId('period-day').click()
  await expect(kpi(c.page, 'reported')).toHaveAttribute('data-value', '1')
  await expect(kpi(c.page, 'closed')).toHaveAttribute('data-value', '1', { timeout: 20_000 })
  await expect(kpi(c.page, 'closeRate')).toHaveAttribute('data-value', '100.0%')
  await expect(kpi(c.page, 'sameDayRate')).toHaveAttribute('data-value', '100.0%')
  await expect(kpi(c.page, 'satisfaction')).toHaveAttribute('data-value', '5.00', { timeout: 20_000 })
  for (const t of [c, w, h, r]) await t.ctx.close()
})

test('a seeded demo quarter (1,200 events) renders the dashboard (render time logged)', async ({
  browser,
  request,
}) => {
  const admin = await adminSession(request)
  const demoCouncil = await createCompound(request, admin, `网格演示小区 ${Date.now().toString(36)}`)
  const n = String((Date.now() + 7) % 10000).padStart(4, '0')
  const demoChair = await createMember(request, admin, demoCouncil, {
    phone: `1357000${n}`,
    name: '演示主任',
    role: 'chair',
  })
  const c = await tablet(browser, demoChair)
  await c.page.goto(`/c/${demoCouncil}/grid/dashboard`)
  await c.page.getByTestId('grid-seed-demo').click()
  await expect(c.page.getByTestId('grid-dashboard')).toHaveAttribute('data-events', '1200')
  await synced(c.page)

  // Fresh load of the route: app boot, doc from IndexedDB, fold + metrics + charts.
  await c.page.goto(`/c/${demoCouncil}/grid/dashboard`)
  const dash = c.page.getByTestId('grid-dashboard')
  await expect(dash).toHaveAttribute('data-ready', 'true')
  await expect(dash).toHaveAttribute('data-events', '1200')
  const t0 = await c.page.evaluate(() => performance.now())
  await c.page.getByTestId('period-quarter').click()
  await expect(c.page.getByTestId('period-label')).toContainText('季度')
  const switchMs = (await c.page.evaluate(() => performance.now())) - t0
  const renderMs = Number(await dash.getAttribute('data-render-ms'))
  console.log(
    `grid dashboard: first render ${renderMs} ms after navigation start; period switch ${switchMs.toFixed(0)} ms`,
  )
  // The < 1 s budget is a benchmark figure (bench/dashboard.ts, docs/performance.md), not a timed
  // assertion: on a loaded CI machine wall-clock time says nothing about the code.
  expect(renderMs).toBeGreaterThan(0)
  mkdirSync(SHOTS_DIR, { recursive: true })
  await c.page.screenshot({ path: `${SHOTS_DIR}/grid-dashboard.png`, fullPage: true })

  await c.page.getByTestId('open-report').click()
  await expect(c.page.getByTestId('grid-report')).toBeVisible()
  await c.page.emulateMedia({ media: 'print' })
  await expect(c.page.locator('.app-header')).toBeHidden()
  await c.page.screenshot({ path: `${SHOTS_DIR}/grid-weekly-report.png`, fullPage: true })
  await c.ctx.close()
})
