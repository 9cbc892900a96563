import { expect, test } from '@playwright/test'
import { syncStatus, waitForServiceWorker } from './helpers'

test('manifest and service worker are served; header shows 在线 when online', async ({ page, request }) => {
  const manifest = await request.get('/manifest.webmanifest')
  expect(manifest.ok()).toBe(true)
  const m = (await manifest.json()) as {
    name: string
    short_name: string
    lang: string
    start_url: string
    display: string
    icons: Array<{ sizes: string; purpose?: string }>
  }
  expect(m).toMatchObject({
    name: '议事通 · Yishi',
    short_name: '议事通',
    lang: 'zh-CN',
    start_url: '/',
    display: 'standalone',
  })
  expect(m.icons.map((i) => `${i.sizes}${i.purpose ? ` ${i.purpose}` : ''}`)).toEqual(
    expect.arrayContaining(['192x192', '512x512', '512x512 maskable']),
  )
  for (const icon of ['/icons/icon-192.png', '/icons/icon-512.png', '/icons/maskable-512.png']) {
    const r = await request.get(icon)
    expect(r.headers()['content-type']).toContain('image/png')
  }
  const sw = await request.get('/sw.js')
  expect(sw.ok()).toBe(true)
  expect(await sw.text()).toContain('index.html')

  await page.goto('/')
  await expect(page.locator('link[rel="manifest"]')).toHaveAttribute('href', /manifest\.webmanifest/)
  await expect(syncStatus(page)).toHaveAttribute('data-state', 'online')
  await expect(syncStatus(page)).toHaveText(/在线/)
  // Nobody is signed in on a new device: the login (or first-start setup) screen.
  await expect(page.getByTestId('auth-gate')).toBeVisible()
  await waitForServiceWorker(page)

  // English switch goes through the same dictionary.
  await page.getByTestId('lang-switch').click()
  await expect(syncStatus(page)).toHaveText(/Online/)
})
