/**
 * The strict Content-Security-Policy (server/http/securityHeaders.ts) must not break the app: install
 * (service worker), the minutes editor (tiptap + Yjs), charts (chart.js), a print view, the notice
 * with its QR code, and an offline reload from the SW cache — with zero CSP violations, both as
 * `securitypolicyviolation` events and as console messages.
 */
import { expect, test, type ConsoleMessage } from '@playwright/test'
import { adminSession, createCompound, createMember, syncStatus, tablet, waitForServiceWorker } from './helpers'

test('no CSP violations: install, minutes editor, charts, print view, QR, offline reload', async ({
  browser,
  request,
}) => {
  test.setTimeout(120_000)
  const admin = await adminSession(request)
  const councilId = await createCompound(request, admin, `CSP 小区 ${Date.now().toString(36)}`)
  const n = String((Date.now() + 13) % 10000).padStart(4, '0')
  const chair = await createMember(request, admin, councilId, { phone: `1358000${n}`, name: '陈主任', role: 'chair' })
  const { ctx, page } = await tablet(browser, chair)

  const violations: string[] = []
  const onConsole = (m: ConsoleMessage) => {
    if (/Content[- ]Security[- ]Policy|CSP violation/i.test(m.text())) violations.push(m.text())
  }
  page.on('console', onConsole)
  page.on('pageerror', (e) => {
    if (/Content[- ]Security[- ]Policy/i.test(e.message)) violations.push(e.message)
  })
  await ctx.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      console.error(`CSP violation: ${e.violatedDirective} blocked ${e.blockedURI} at ${e.sourceFile}:${e.lineNumber}`)
    })
  })

  // Install: the SW takes control of the first visit.
  const first = await page.goto('/')
  expect(first?.headers()['content-security-policy']).toContain("script-src 'self'")
  await expect(syncStatus(page)).toHaveAttribute('data-state', 'online')
  await waitForServiceWorker(page)

  // Minutes editor.
  await page.goto(`/c/${councilId}/meetings`)
  await page.getByLabel('会议名称').fill('CSP 议事会')
  await page.getByLabel('地点').fill('活动室')
  await page.getByTestId('meeting-create').click()
  await expect(page).toHaveURL(/\/meetings\/m_[a-z0-9]+$/)
  const meetingUrl = new URL(page.url()).pathname
  const editor = page.getByTestId('minutes-content')
  await expect(editor).toBeVisible()
  await editor.click()
  await page.keyboard.type('严格的内容安全策略下照常记录纪要。')
  await expect(editor).toContainText('严格的内容安全策略')

  // A print view (A4 minutes page).
  await page.goto(`${meetingUrl}/print`)
  await expect(page.getByTestId('print-not-sealed').or(page.getByTestId('minutes-print'))).toBeVisible()
  await page.emulateMedia({ media: 'print' })
  await page.emulateMedia({ media: 'screen' })

  // Charts: the grid dashboard with the demo quarter.
  await page.goto(`/c/${councilId}/grid/dashboard`)
  await page.getByTestId('grid-seed-demo').click()
  const dash = page.getByTestId('grid-dashboard')
  await expect(dash).toHaveAttribute('data-ready', 'true', { timeout: 30_000 })
  const drawn = await page.evaluate(() =>
    [...document.querySelectorAll('canvas')].some((c) => c.width > 0 && c.toDataURL().length > 2000),
  )
  expect(drawn).toBe(true)

  // QR: a vote's printable notice.
  await page.goto(`/c/${councilId}/votes`)
  const create = page.getByTestId('vote-create')
  await create.locator('input[name="title"]').fill('CSP 表决')
  await create.locator('textarea[name="question"]').fill('是否同意？')
  await create.getByRole('button').click()
  await expect(page.getByTestId('vote-head')).toHaveAttribute('data-status', 'draft')
  await page.goto(`${new URL(page.url()).pathname}/notice`)
  await expect(page.getByTestId('n-qr').locator('svg')).toBeVisible()
  await page.emulateMedia({ media: 'print' })
  await page.emulateMedia({ media: 'screen' })

  // Offline reload: the shell and the minutes come from the SW cache and IndexedDB.
  await page.goto(meetingUrl)
  await expect(editor).toContainText('严格的内容安全策略')
  await ctx.setOffline(true)
  await page.reload()
  await expect(syncStatus(page)).toHaveAttribute('data-state', 'offline')
  await expect(page.getByTestId('minutes-content')).toContainText('严格的内容安全策略')

  expect(violations).toEqual([])
  await ctx.close()
})
