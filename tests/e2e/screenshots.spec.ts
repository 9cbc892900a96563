/**
 * `npm run screenshots`: every main page at tablet (1280×800) and phone (390×844) size, zh-CN, into
 * docs/screenshots/<page>-<tablet|phone>.png (the visible screen, as a person first sees it).
 * Skipped in the normal test run (SCREENSHOTS=1 turns it on).
 */
import { mkdirSync } from 'node:fs'
import { expect, test } from '@playwright/test'
import { signIn } from './helpers'
import { seedCouncil } from './screens/seed'

const SIZES = [
  { name: 'tablet', viewport: { width: 1280, height: 800 } },
  { name: 'phone', viewport: { width: 390, height: 844 } },
] as const

test.skip(!process.env.SCREENSHOTS, 'run with `npm run screenshots`')

test('screenshots of every main page', async ({ browser, request }) => {
  test.setTimeout(600_000)
  const seeded = await seedCouncil(browser, request, '示例')
  mkdirSync('docs/screenshots', { recursive: true })
  for (const size of SIZES) {
    const ctx = await browser.newContext({ viewport: size.viewport, locale: 'zh-CN', deviceScaleFactor: 1 })
    await signIn(ctx, seeded.admin)
    const page = await ctx.newPage()
    page.on('dialog', (d) => void d.dismiss())
    for (const [name, url] of Object.entries(seeded.routes)) {
      await page.goto(url)
      await page.waitForLoadState('load')
      await expect(page.locator('main')).not.toBeEmpty()
      await expect(page.locator('main')).not.toContainText(/正在(打开|读取|加载)/, { timeout: 15_000 })
      await page.waitForTimeout(500)
      await page.screenshot({ path: `docs/screenshots/${name}-${size.name}.png`, animations: 'disabled' })
    }
    await ctx.close()
  }
})
