/**
 * The demo district (`npm run demo`) on its own server: the district viewer logs in on a tablet,
 * lands on their staff home (/staff), opens the district's figures there and sees what the generator
 * says it generated (recomputed here from the same seeds), drills down street → community → council (the council's
 * own grid dashboard), prints the report; on a phone the figures fit and, offline, the last figures
 * read stay on screen with their time.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import AxeBuilder from '@axe-core/playwright'
import { expect, test, type Page } from '@playwright/test'
import { auditPage } from './screens/audit'
import { periodAt } from '../../src/domain/grid/time'
import { DEMO_ORG_NODES } from '../../src/domain/org/demoDistrict'
import { demoDistrictFacts, demoTotals, type DemoEventFact } from '../../src/domain/org/demoEvents'

const VIEWER = { phone: '13800000011', password: 'yishi-demo' }
let server: ChildProcess
let base: string
let end: number
let district: ReturnType<typeof demoDistrictFacts>

test.describe.configure({ mode: 'serial' })

test.beforeAll(async () => {
  test.setTimeout(240_000)
  const dataDir = mkdtempSync(join(tmpdir(), 'yishi-e2e-demo-'))
  end = Date.now()
  const env = { ...process.env, YISHI_DATA_DIR: dataDir, YISHI_STORAGE: '', REDIS_URL: '', DATABASE_URL: '' }
  execFileSync(process.execPath, ['--import', 'tsx', 'server/cli.ts', 'demo'], {
    env: { ...env, YISHI_DEMO_END: String(end) },
    stdio: 'ignore',
  })
  const port = 40_000 + Math.floor(Math.random() * 20_000)
  base = `http://127.0.0.1:${port}`
  server = spawn(process.execPath, ['--import', 'tsx', 'server/index.ts'], {
    env: {
      ...env,
      PORT: String(port),
      HOST: '127.0.0.1',
      YISHI_DIST_DIR: process.env.YISHI_E2E_DIST ?? 'dist',
      YISHI_LOG_LEVEL: 'warn',
    },
    stdio: 'ignore',
  })
  await expect
    .poll(
      () =>
        fetch(`${base}/healthz`).then(
          (r) => r.ok,
          () => false,
        ),
      { timeout: 60_000 },
    )
    .toBe(true)
  district = demoDistrictFacts(end)
})

test.afterAll(() => {
  server?.kill('SIGTERM')
})

const below = (nodeId: string): DemoEventFact[] => {
  const ids = new Set([nodeId])
  for (const n of DEMO_ORG_NODES) if (n.parentId && ids.has(n.parentId)) ids.add(n.id)
  return district.filter((c) => ids.has(c.communityId)).flatMap((c) => c.facts)
}
const pct = (n: number, d: number) => `${((n / d) * 100).toFixed(1)}%`

async function logIn(page: Page) {
  await page.goto(`${base}/`)
  const form = page.getByTestId('login-form')
  await form.locator('[name="phone"]').fill(VIEWER.phone)
  await form.locator('[name="password"]').fill(VIEWER.password)
  await form.getByRole('button', { name: '登录' }).click()
}

async function expectFigures(page: Page, facts: DemoEventFact[], kind: 'year' | 'month') {
  const want = demoTotals(facts, periodAt(kind, end), end)
  const kpi = (k: string) => page.getByTestId(`org-kpi-${k}`)
  await expect(kpi('reported')).toHaveAttribute('data-value', String(want.reported))
  await expect(kpi('closeRate')).toHaveAttribute('data-value', pct(want.closed, want.reported))
  await expect(kpi('sameDayRate')).toHaveAttribute('data-value', pct(want.sameDay, want.reported))
  await expect(kpi('overdue')).toHaveAttribute('data-value', String(want.overdue))
  await expect(kpi('satisfaction')).toHaveAttribute('data-value', want.satisfaction!.toFixed(2))
}

test('district viewer on a tablet: figures equal the generated totals, drill down to a council', async ({
  browser,
}) => {
  test.setTimeout(180_000)
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'zh-CN' })
  const page = await ctx.newPage()
  await logIn(page)
  await page.getByTestId('staff-dashboard').first().click()
  await expect(page.getByTestId('org-dashboard')).toHaveAttribute('data-ready', 'true', { timeout: 20_000 })
  await expect(page.locator('h1')).toContainText('川汇区')
  // the default period is this month; the year too
  await expectFigures(page, below('demo-d'), 'month')
  await page.getByTestId('org-period-year').click()
  await expect(page.getByTestId('org-period-label')).toHaveText(`${new Date(end + 8 * 3_600_000).getUTCFullYear()}年`)
  await expectFigures(page, below('demo-d'), 'year')
  await expect(page.getByTestId('org-child')).toHaveCount(3)
  // the export: the server's CSV saved byte for byte (BOM kept), one row per event of the year
  const [dl] = await Promise.all([page.waitForEvent('download'), page.getByTestId('org-export').click()])
  expect(dl.suggestedFilename()).toMatch(/^川汇区-.+\.csv$/)
  const csv = readFileSync((await dl.path())!, 'utf8')
  expect(csv.charCodeAt(0)).toBe(0xfeff)
  expect(csv.trim().split('\r\n')).toHaveLength(demoTotals(below('demo-d'), periodAt('year', end), end).reported + 1)
  await expect(page.getByTestId('org-as-of')).toContainText('数据截至')

  // street → community → council
  await page.getByTestId('org-child-link-demo-s1').click()
  await expect(page.locator('h1')).toContainText('七一路街道')
  await expectFigures(page, below('demo-s1'), 'year')
  await page.getByTestId('org-child-link-demo-c11').click()
  await expect(page.locator('h1')).toContainText('邮政社区')
  await expectFigures(page, below('demo-c11'), 'year')
  await expect(page.getByTestId('org-child')).toHaveCount(5)
  await page.getByTestId('org-children').getByRole('link', { name: '邮政小区' }).click()
  await expect(page).toHaveURL(/\/c\/[^/]+\/grid\/dashboard$/)
  await expect(page.getByTestId('grid-dashboard')).toBeVisible({ timeout: 20_000 })

  // previous/next: last year, then back
  await page.goBack()
  await expect(page.locator('h1')).toContainText('邮政社区')
  await page.getByTestId('org-prev').click()
  await expect(page.getByTestId('org-period-label')).toHaveText(
    `${new Date(end + 8 * 3_600_000).getUTCFullYear() - 1}年`,
  )
  await expect(page.getByTestId('org-next')).toBeEnabled()
  await page.getByTestId('org-next').click()
  await expect(page.getByTestId('org-next')).toBeDisabled()

  // the printable report: node name, period, figures
  await page.getByTestId('org-report-open').click()
  await expect(page.getByTestId('org-report')).toHaveAttribute('data-ready', 'true')
  await expect(page.locator('h1')).toContainText('邮政社区 网格治理年度报告')
  const want = demoTotals(below('demo-c11'), periodAt('year', end), end)
  await expect(page.getByTestId('org-report-reported')).toHaveText(String(want.reported))
  await ctx.close()
})

test('phone: the week fits the screen; offline, the last figures stay with their time', async ({ browser }) => {
  test.setTimeout(120_000)
  const ctx = await browser.newContext({ viewport: { width: 360, height: 780 }, locale: 'zh-CN' })
  const page = await ctx.newPage()
  await logIn(page)
  await page.getByTestId('staff-dashboard').first().click()
  await expect(page.getByTestId('org-dashboard')).toHaveAttribute('data-ready', 'true', { timeout: 20_000 })
  await page.getByTestId('org-period-week').click()
  await expect(page.getByTestId('org-period-label')).toHaveText(
    /^\d{4}年\d{1,2}月第\d周（\d{1,2}月\d{1,2}日–\d{1,2}月\d{1,2}日）$/,
  )
  const want = demoTotals(below('demo-d'), periodAt('week', end), end)
  await expect(page.getByTestId('org-kpi-reported')).toHaveAttribute('data-value', String(want.reported))
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360)

  await ctx.setOffline(true)
  // this month was read when the page opened: its figures come back from this device
  await page.getByTestId('org-period-month').click()
  await expect(page.getByTestId('org-offline')).toContainText('上次联网时读取的数据', { timeout: 20_000 })
  const month = demoTotals(below('demo-d'), periodAt('month', end), end)
  await expect(page.getByTestId('org-kpi-reported')).toHaveAttribute('data-value', String(month.reported))
  await expect(page.getByTestId('org-as-of')).toContainText(/数据截至 \d{4}年\d{1,2}月\d{1,2}日/)
  // a period never read on this device: said so, no figures
  await page.getByTestId('org-prev').click()
  await expect(page.getByTestId('org-offline')).toContainText('本机没有这一期的数据')
  await ctx.setOffline(false)
  await ctx.close()
})

// The screen audits of tests/e2e/screens.spec.ts on these pages (its seed has no org tree):
// axe, target sizes, no sideways scroll, no raw text — tablet, phone, phone at 150 % type.
for (const cfg of [
  { name: 'tablet', viewport: { width: 1280, height: 800 }, scale: '100', target: 48 },
  { name: 'phone-150', viewport: { width: 360, height: 780 }, scale: '150', target: 44 },
] as const) {
  test(`screen audit of the org dashboard and report at ${cfg.name}`, async ({ browser }) => {
    test.setTimeout(180_000)
    const ctx = await browser.newContext({ viewport: cfg.viewport, locale: 'zh-CN' })
    await ctx.addInitScript((scale) => localStorage.setItem('yishi:typeScale', scale), cfg.scale)
    const page = await ctx.newPage()
    await logIn(page)
    await expect(page.getByTestId('staff-dashboard').first()).toBeVisible({ timeout: 20_000 })
    const problems: string[] = []
    for (const path of ['/org/demo-s1', '/org/demo-c11/report?period=week']) {
      await page.goto(`${base}${path}`)
      await expect(page.locator('[data-ready="true"]')).toBeVisible({ timeout: 20_000 })
      await page.waitForTimeout(300)
      const axe = await new AxeBuilder({ page }).analyze()
      for (const v of axe.violations.filter((v) => v.impact === 'critical' || v.impact === 'serious'))
        problems.push(`${path}: axe ${v.id} ×${v.nodes.length}: ${v.nodes[0]?.target.join(' ')}`)
      for (const f of await auditPage(page, cfg.target)) problems.push(`${path}: ${f.kind} ${f.what}`)
    }
    await ctx.close()
    expect(problems, problems.join('\n')).toEqual([])
  })
}
