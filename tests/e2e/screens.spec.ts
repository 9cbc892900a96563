/**
 * Field-ready screens (issue 17): every main route at tablet (1280×800), phone (360 px wide — the
 * narrowest common Android) and phone in large-type 150 %: axe-core finds no critical/serious
 * violation, every visible interactive element meets the target size (48 px tablets, 44 px phones),
 * nothing scrolls sideways, and no visible text in zh-CN is a raw id, ISO timestamp or English word.
 * One signed-in context per configuration; findings are collected and reported together.
 */
import { readFileSync } from 'node:fs'
import AxeBuilder from '@axe-core/playwright'
import { expect, test, type Page } from '@playwright/test'
import { signIn } from './helpers'
import { auditPage } from './screens/audit'
import { seedCouncil, type Seeded } from './screens/seed'

const CONFIGS = [
  { name: 'tablet', viewport: { width: 1280, height: 800 }, scale: '100', target: 48 },
  { name: 'phone', viewport: { width: 360, height: 780 }, scale: '100', target: 44 },
  { name: 'phone-150', viewport: { width: 360, height: 780 }, scale: '150', target: 44 },
] as const

let seeded: Seeded

test.describe.configure({ mode: 'default' })
// long runs over 27 pages × 3 configurations: a trace per test is large and has broken zips under load
test.use({ trace: 'off' })

test.beforeAll(async ({ browser, request }) => {
  test.setTimeout(180_000)
  seeded = await seedCouncil(browser, request, '屏幕检查')
})

/** Every route the app declares (src/ui/App.tsx), but the not-found catch-all. */
function appRoutes(): string[] {
  const app = readFileSync('src/ui/App.tsx', 'utf8')
  const paths = [...app.matchAll(/<Route\s+path="([^"]+)"/g)].map((m) => m[1]!)
  // a route written any other way (path={…}) would slip past the check below
  expect(paths.length, 'every <Route> in App.tsx has a literal path="…"').toBe(app.match(/<Route\s/g)?.length ?? 0)
  return paths.filter((p) => p !== '*')
}

/** A seeded url reaches a route pattern; its query (e.g. `?node=` on /admin/org) is not part of the route. */
const matches = (pattern: string, url: string) =>
  new RegExp(`^${pattern.replace(/:[A-Za-z]+/g, '[^/]+')}$`).test(url.split('?')[0]!)

// A new route must be seeded (tests/e2e/screens/seed.ts) so the audits below see it: this fails
// naming every route in App.tsx that no seeded page reaches.
test('the audit covers every route in src/ui/App.tsx', () => {
  const routes = appRoutes()
  expect(routes.length).toBeGreaterThan(25)
  const urls = Object.values(seeded.routes)
  const missing = routes.filter((r) => !urls.some((u) => matches(r, u)))
  expect(missing, `routes with no seeded page in tests/e2e/screens/seed.ts: ${missing.join(', ')}`).toEqual([])
})

async function settle(page: Page): Promise<void> {
  await page.waitForLoadState('load')
  await expect(page.locator('main')).not.toBeEmpty()
  // lazy route chunk + first doc read; no spinner text left
  await expect(page.locator('main')).not.toContainText(/正在(打开|读取|加载)/, { timeout: 15_000 })
  await page.waitForTimeout(300)
}

for (const cfg of CONFIGS) {
  test(`every route at ${cfg.name}: axe, target size, no sideways scroll, no raw text`, async ({ browser }) => {
    // ~27 routes with axe each: ~1 min on an idle 2-core machine, far more on a loaded one
    test.setTimeout(900_000)
    const ctx = await browser.newContext({ viewport: cfg.viewport, locale: 'zh-CN' })
    await signIn(ctx, seeded.admin)
    await ctx.addInitScript((scale) => localStorage.setItem('yishi:typeScale', scale), cfg.scale)
    const page = await ctx.newPage()
    page.on('dialog', (d) => void d.dismiss())
    const problems: string[] = []
    for (const [name, url] of Object.entries(seeded.routes)) {
      const before = problems.length
      await page.goto(url)
      await settle(page)
      const axe = await new AxeBuilder({ page })
        .options({ rules: { 'label-content-name-mismatch': { enabled: true } } })
        .analyze()
      for (const v of axe.violations.filter((v) => v.impact === 'critical' || v.impact === 'serious')) {
        problems.push(
          `${name}: axe ${v.id} (${v.impact}) ×${v.nodes.length}: ${v.nodes
            .slice(0, 3)
            .map((n) => n.target.join(' '))
            .join(' | ')}`,
        )
      }
      for (const f of await auditPage(page, cfg.target)) problems.push(`${name}: ${f.kind} ${f.what}`)
      if (process.env.SCREENS_LOG) console.log(`[${cfg.name}] ${name} done:\n${problems.slice(before).join('\n')}`)
    }
    await ctx.close()
    expect(problems, problems.join('\n')).toEqual([])
  })
}

test('residents do not see export buttons; the header stays on one row on a phone', async ({ browser }) => {
  const ctx = await browser.newContext({ viewport: { width: 360, height: 780 }, locale: 'zh-CN' })
  await signIn(ctx, seeded.resident)
  const page = await ctx.newPage()
  await page.goto(seeded.routes.events!)
  await settle(page)
  await expect(page.getByTestId('event-form')).toBeVisible()
  await expect(page.getByTestId('export-csv')).toHaveCount(0)
  await expect(page.getByTestId('export-open311')).toHaveCount(0)
  const header = await page.locator('.app-header').boundingBox()
  expect(header!.height).toBeLessThan(70)
  await ctx.close()
})

test('large type is chosen in 我的 and remembered on this device', async ({ browser }) => {
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'zh-CN' })
  await signIn(ctx, seeded.chair)
  const page = await ctx.newPage()
  await page.goto('/profile')
  await page.getByTestId('type-scale').getByText('特大（150%）').click()
  const fontSize = () => page.evaluate(() => getComputedStyle(document.documentElement).fontSize)
  expect(await fontSize()).toBe('27px')
  await page.reload()
  await expect(page.getByTestId('profile')).toBeVisible()
  expect(await fontSize()).toBe('27px')
  await page.getByTestId('type-scale').getByText('标准').click()
  expect(await fontSize()).toBe('18px')
  await ctx.close()
})

test('process guards say why, in Chinese: ballot before the start, seal without quorum', async ({ browser }) => {
  test.setTimeout(300_000)
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'zh-CN' })
  await signIn(ctx, seeded.admin)
  const page = await ctx.newPage()
  page.on('dialog', (d) => void d.accept())

  // 2. a ballot before the scheduled start: refused with the start time in Chinese
  await page.goto(`/c/${seeded.councilId}/votes`)
  const create = page.getByTestId('vote-create')
  await create.locator('input[name="title"]').fill('明天开始的表决')
  const tomorrow = new Date(Date.now() + 8 * 3_600_000 + 86_400_000).toISOString().slice(0, 10)
  await create.locator('input[name="opensAt"]').fill(`${tomorrow}T08:00`)
  await create.locator('input[name="closesAt"]').fill(`${tomorrow}T20:00`)
  await create.getByRole('button', { name: '新建表决' }).click()
  await expect(page.getByTestId('vote-open')).toBeEnabled({ timeout: 20_000 })
  await page.getByTestId('vote-open').click()
  await page.getByTestId('ballot-form').locator('input[name="household"]').fill('1-1-0101')
  await page.getByTestId('choice-agree').click()
  await page.getByTestId('ballot-submit').click()
  const msg = page.getByTestId('ballot-msg')
  await expect(msg).toContainText('表决尚未开始')
  await expect(msg).toContainText(/\d{4}年\d{1,2}月\d{1,2}日 周. 08:00/)

  // 3. sealing minutes of a meeting nobody signed in to: a dialog asks for the reason, which is kept
  // (sealing is the chair's or secretary's)
  await ctx.close()
  const chairCtx = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'zh-CN' })
  await signIn(chairCtx, seeded.chair)
  const chairPage = await chairCtx.newPage()
  await chairPage.goto(seeded.routes.meeting!)
  await expect(chairPage.getByTestId('seal')).toBeEnabled({ timeout: 20_000 })
  await chairPage.getByTestId('seal').click()
  const dialog = chairPage.getByTestId('seal-override')
  await expect(dialog).toBeVisible()
  await expect(chairPage.getByTestId('seal-override-why')).toContainText('到会成员 0 人')
  await chairPage.getByTestId('seal-override-confirm').click()
  await expect(dialog).toContainText('请写明理由') // an empty reason is not accepted
  await dialog.getByLabel('定稿理由').fill('成员书面意见已全部收回，会后逐一确认')
  await chairPage.getByTestId('seal-override-confirm').click()
  await expect(chairPage.getByTestId('seal-box')).toBeVisible()
  await expect(chairPage.getByTestId('seal-override-recorded')).toContainText('成员书面意见已全部收回')
  await chairCtx.close()
})
