/**
 * Renovation plans and door-to-door canvass on the 邮政小区 roll: the chair writes a plan, attaches a
 * photo offline (kept in IndexedDB across a reload) and publishes v1; two building heads with
 * overlapping scopes canvass building 1 offline on two tablets; after sync the coverage and the
 * per-item counts are right, the household both visited shows both records, nothing is lost; the
 * chair adopts a suggestion and v2 shows that it answers it. Back online the photo is uploaded, and a
 * council member on another tablet sees it (fetched from the server, then kept for offline use).
 */
import { expect, test, type Page } from '@playwright/test'
import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { newCouncil, synced, syncStatus, tablet, waitForServiceWorker, type ApiSession } from './helpers'

let councilId = ''
let chair: ApiSession
let head1: ApiSession
let head2: ApiSession
let member: ApiSession
let proposalUrl = ''
let photoHash = ''

test.beforeAll(async ({ request }) => {
  const c = await newCouncil(request, '邮政小区（改造方案）', { roll: true })
  councilId = c.councilId
  chair = await c.member('1371000', '周主任', 'chair')
  // Overlapping scopes: both heads may visit unit 1-1.
  head1 = await c.member('1372000', '孙楼长', 'building_head', { buildings: ['1'] })
  head2 = await c.member('1373000', '李单元长', 'unit_head', { units: ['1-1'] })
  member = await c.member('1374000', '王委员', 'member')
})

/** A real PNG drawn on a canvas in the page (no image files in the repo). */
async function makePng(p: Page): Promise<Buffer> {
  const b64 = await p.evaluate(() => {
    const c = document.createElement('canvas')
    c.width = 1600
    c.height = 900
    const g = c.getContext('2d')!
    g.fillStyle = '#2563eb'
    g.fillRect(0, 0, 1600, 900)
    g.fillStyle = '#f59e0b'
    g.fillRect(200, 200, 600, 400)
    return c.toDataURL('image/png').split(',')[1]!
  })
  return Buffer.from(b64, 'base64')
}

const item = (p: Page, i: number) => p.getByTestId('draft-item').nth(i)

test('chair writes a plan, attaches a photo offline that survives a reload, publishes v1', async ({ browser }) => {
  const { ctx, page } = await tablet(browser, chair)
  await page.goto(`/c/${councilId}`)
  await page.getByTestId('open-proposals').click()
  await page.getByLabel('方案名称').fill('邮政小区老旧小区改造方案')
  await page.getByTestId('proposal-create').click()
  await expect(page).toHaveURL(/\/proposals\/pr_[a-z0-9]+$/)
  proposalUrl = new URL(page.url()).pathname
  await expect(page.getByTestId('proposal-header')).toHaveAttribute('data-ready', 'true')

  await page.getByTestId('draft-budget').fill('500000')
  await page.getByTestId('draft-budget').blur()
  await page.getByTestId('item-add').click()
  await item(page, 0).getByTestId('item-title').fill('墙体美化')
  await item(page, 0).getByTestId('item-cost').fill('120000')
  await item(page, 0).getByTestId('item-cost').blur()
  await page.getByTestId('item-add').click()
  await expect(page.getByTestId('draft-item')).toHaveCount(2)
  await item(page, 1).getByTestId('item-category').selectOption('street_lights')
  await item(page, 1).getByTestId('item-title').fill('路灯')
  await item(page, 1).getByTestId('item-cost').fill('36000.50')
  await item(page, 1).getByTestId('item-cost').blur()
  await expect(page.getByTestId('items-total')).toContainText('156,000.50')

  // A comment thread on the first item.
  await item(page, 0).getByTestId('item-comments').locator('summary').click()
  await item(page, 0).getByTestId('comment-text').fill('颜色请征求居民意见')
  await item(page, 0).getByTestId('comment-text').press('Enter')
  await expect(item(page, 0).getByTestId('comment')).toContainText('颜色请征求居民意见')

  await synced(page)
  await page.getByTestId('publish-version').click()
  await expect(page.getByTestId('version')).toHaveCount(1)
  await expect(page.getByTestId('latest-version')).toContainText('第 1 版')

  // Photo attached offline, after the app is installed (service worker) so the reload works offline.
  await waitForServiceWorker(page)
  const png = await makePng(page)
  await ctx.setOffline(true)
  await expect(syncStatus(page)).toHaveAttribute('data-state', 'offline')
  await item(page, 0).getByTestId('photo-input').setInputFiles({ name: 'wall.png', mimeType: 'image/png', buffer: png })
  const photo = item(page, 0).getByTestId('photo')
  await expect(photo).toBeVisible()
  const hash = await photo.getAttribute('data-hash')
  expect(hash).toMatch(/^[0-9a-f]{64}$/)

  await page.reload()
  await expect(page.getByTestId('proposal-header')).toHaveAttribute('data-ready', 'true')
  const again = item(page, 0).getByTestId('photo')
  await expect(again).toHaveAttribute('data-hash', hash!)
  // Decoded from IndexedDB, compressed to at most 1280 px.
  await expect.poll(() => again.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(1280)
  // Still queued for upload after the reload (the flag lives in the IndexedDB record).
  await expect(again).toHaveAttribute('data-upload', 'pending')
  await expect(item(page, 0).getByTestId('photo-upload-state')).toHaveText('待上传')
  await ctx.setOffline(false)
  await synced(page)
  // Back online: uploaded and confirmed by the server.
  await expect(again).toHaveAttribute('data-upload', 'done', { timeout: 20_000 })
  await expect(item(page, 0).getByTestId('photo-upload-state')).toHaveCount(0)
  photoHash = hash!
  await ctx.close()
})

test('another council member opens the plan on another device and sees the photo', async ({ browser, request }) => {
  expect(photoHash).not.toBe('')
  // The server holds the JPEG under its hash (any proposal reader may fetch it, e.g. a building head).
  const res = await request.get(`/api/councils/${councilId}/blobs/${photoHash}`, {
    headers: { Authorization: `Bearer ${head1.accessToken}` },
  })
  expect(res.status()).toBe(200)
  expect(res.headers()['content-type']).toBe('image/jpeg')
  expect(
    createHash('sha256')
      .update(await res.body())
      .digest('hex'),
  ).toBe(photoHash)

  // Another council member on a fresh tablet: nothing in its IndexedDB.
  const { ctx, page } = await tablet(browser, member)
  await page.goto(proposalUrl)
  await expect(page.getByTestId('proposal-header')).toHaveAttribute('data-ready', 'true')
  const photo = item(page, 0).getByTestId('photo')
  await expect(photo).toHaveAttribute('data-hash', photoHash, { timeout: 20_000 })
  await expect(photo).toHaveAttribute('data-upload', 'done')
  await expect.poll(() => photo.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(1280)

  // Kept on this device: shown offline after a reload, without the server.
  await waitForServiceWorker(page)
  await ctx.setOffline(true)
  await page.reload()
  await expect(page.getByTestId('proposal-header')).toHaveAttribute('data-ready', 'true')
  const offline = item(page, 0).getByTestId('photo')
  await expect(offline).toHaveAttribute('data-hash', photoHash)
  await expect.poll(() => offline.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(1280)
  await ctx.close()
})

async function visit(
  p: Page,
  householdId: string,
  outcome: 'visited' | 'not_home' | 'refused',
  stances: Array<'support' | 'oppose' | 'none'> = [],
  suggestion = '',
): Promise<void> {
  const row = p.locator(`[data-testid="household"][data-household-id="${householdId}"]`)
  await row.getByTestId('visit-open').click()
  const form = row.getByTestId('visit-form')
  await form.getByTestId(`outcome-${outcome}`).check()
  for (const [i, s] of stances.entries()) await form.getByTestId('opinion').nth(i).getByTestId(`stance-${s}`).check()
  if (suggestion) await form.getByTestId('opinion').nth(0).getByTestId('suggestion').fill(suggestion)
  await form.getByTestId('visit-save').click()
  await expect(form).toHaveCount(0)
}

test('two heads canvass overlapping households offline; after sync nothing is lost and the counts are right', async ({
  browser,
}) => {
  expect(proposalUrl).not.toBe('')
  const a = await tablet(browser, head1)
  const b = await tablet(browser, head2)
  for (const t of [a, b]) {
    await t.page.goto(`${proposalUrl}/canvass`)
    await expect(t.page.getByTestId('canvass-header')).toHaveAttribute('data-ready', 'true')
    await expect(t.page.getByTestId('canvass-version')).toBeVisible()
    await expect(t.page.locator('[data-testid="household"][data-household-id="1-1-0101"]')).toBeVisible()
    await synced(t.page)
  }
  // Scope: head1 sees building 1 (2 units), head2 only unit 1-1.
  const b1 = await a.page.getByTestId('household').count()
  const b2 = await b.page.getByTestId('household').count()
  expect(b1).toBeGreaterThan(b2)
  await expect(b.page.locator('[data-testid="walk-building"]')).toHaveCount(1)

  for (const t of [a, b]) await t.ctx.setOffline(true)
  for (const t of [a, b]) await expect(syncStatus(t.page)).toHaveAttribute('data-state', 'offline')

  await visit(a.page, '1-1-0101', 'visited', ['support', 'support'], '外墙颜色要浅')
  await visit(a.page, '1-1-0102', 'not_home')
  await visit(a.page, '1-1-0201', 'visited', ['support', 'oppose'], '外墙颜色要浅')
  await visit(b.page, '1-1-0101', 'visited', ['oppose', 'support'])
  await visit(b.page, '1-1-0202', 'refused')
  await visit(b.page, '1-1-0301', 'visited', ['none', 'support'], '先修下水道')
  await expect(a.page.locator('[data-household-id="1-1-0101"]').getByTestId('visit')).toHaveCount(1)

  for (const t of [a, b]) await t.ctx.setOffline(false)
  for (const t of [a, b]) await synced(t.page)

  // Both tablets now show both records of 1-1-0101.
  for (const t of [a, b]) {
    const row = t.page.locator('[data-testid="household"][data-household-id="1-1-0101"]')
    await expect(row.getByTestId('visit')).toHaveCount(2, { timeout: 20_000 })
    await expect(row.locator('[data-visitor="孙楼长"]')).toHaveCount(1)
    await expect(row.locator('[data-visitor="李单元长"]')).toHaveCount(1)
  }
  await expect(b.page.locator('[data-household-id="1-1-0102"]')).toHaveAttribute('data-status', 'not_home')

  // The chair's summary.
  const c = await tablet(browser, chair)
  await c.page.goto(`${proposalUrl}/summary`)
  await expect(c.page.getByTestId('summary-header')).toHaveAttribute('data-ready', 'true')
  const overall = c.page.getByTestId('coverage-overall')
  await expect(overall).toHaveAttribute('data-total', '276')
  await expect(overall).toHaveAttribute('data-reached', '4') // 1-1-0101, 1-1-0201, 1-1-0202 (refused), 1-1-0301
  const unit11 = c.page.locator('[data-testid="coverage-unit"][data-unit="1-1"]')
  await expect(unit11).toHaveAttribute('data-reached', '4')
  await expect(unit11).toContainText('0102') // to revisit
  // Counted per household, latest record: 1-1-0101 = 李单元长 (oppose, support).
  const tallies = c.page.getByTestId('item-tally')
  await expect(tallies.nth(0)).toHaveAttribute('data-support', '1')
  await expect(tallies.nth(0)).toHaveAttribute('data-oppose', '1')
  await expect(tallies.nth(0)).toHaveAttribute('data-none', '1')
  await expect(tallies.nth(1)).toHaveAttribute('data-support', '2')
  await expect(tallies.nth(1)).toHaveAttribute('data-oppose', '1')
  await expect(c.page.locator('[data-testid="summary-household"][data-household-id="1-1-0101"]')).toHaveAttribute(
    'data-visits',
    '2',
  )
  await expect(c.page.locator('[data-testid="heat-cell"][data-building="1"]')).toBeVisible()
  // Suggestions grouped: the same words from two households are one group of 2.
  const group = tallies.nth(0).getByTestId('suggestion-group').filter({ hasText: '外墙颜色要浅' })
  await expect(group).toContainText('2 户')

  // CSV: one row per household.
  const [dl] = await Promise.all([c.page.waitForEvent('download'), c.page.getByTestId('export-csv').click()])
  const csv = readFileSync((await dl.path())!, 'utf8')
  expect(csv.charCodeAt(0)).toBe(0xfeff)
  expect(csv.trim().split('\r\n')).toHaveLength(277)
  expect(csv).toContain('1-1-0101,1,1,0101,周勇,已走访,2,孙楼长、李单元长')

  // From opinions to the next version.
  await group.getByTestId('adopt').click()
  await expect(group.getByTestId('suggestion-adopted')).toBeVisible()
  await c.page.goto(proposalUrl)
  await expect(c.page.getByTestId('adoption')).toContainText('外墙颜色要浅')
  await synced(c.page)
  await c.page.getByTestId('publish-version').click()
  await expect(c.page.getByTestId('version')).toHaveCount(2)
  await expect(c.page.locator('[data-testid="version"][data-no="2"]').getByTestId('version-answers')).toContainText('1')
  await expect(c.page.getByTestId('adoption')).toContainText('已在第 2 版回应')
  for (const t of [a, b, c]) await t.ctx.close()
})
