/**
 * Field-ready screens (issue 17): every main route at tablet (1280×800), phone (360 px wide — the
 * narrowest common Android) and phone in large-type 150 %: axe-core finds no critical/serious
 * violation, every visible interactive element meets the target size (48 px tablets, 44 px phones),
 * nothing scrolls sideways, and no visible text in zh-CN is a raw id, ISO timestamp or English word.
 * One signed-in context per configuration; findings are collected and reported together.
 */
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

test.beforeAll(async ({ browser, request }) => {
  test.setTimeout(180_000)
  seeded = await seedCouncil(browser, request, '屏幕检查')
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
      if (process.env.SCREENS_LOG) console.log(`[${cfg.name}] ${name} done, ${problems.length} problems so far`)
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
