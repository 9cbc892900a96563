import { expect, test } from '@playwright/test'
import { adminSession, tablet } from './helpers'

// A select built from `options` must show the chosen value, not an empty box, after a reload too.
test('the language chosen in 我的 shows as chosen and is remembered', async ({ browser, request }) => {
  const { ctx, page } = await tablet(browser, await adminSession(request))
  await page.goto('/profile')
  const language = page.getByLabel('语言')
  await expect(language).toHaveValue('zh-CN')
  await language.selectOption('en')
  await expect(page.getByLabel('Language')).toHaveValue('en')
  await page.reload()
  await expect(page.getByLabel('Language')).toHaveValue('en')
  await expect(page.getByLabel('Language').locator('option:checked')).toHaveText('English')
  await ctx.close()
})
