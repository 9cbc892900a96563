/**
 * The council flow on a fresh server: first-start setup, compound, roll import (dry run → preview →
 * confirm), inviting a building head who activates on another device, read-only access for that
 * role (UI hidden and the API refusing), then offline: reload still logged in, roll from IndexedDB,
 * notes edited offline and synced once back online.
 */
import { expect, test } from '@playwright/test'
import { ADMIN, appendText, fill, notes, pageToken, pendingCount, syncStatus, waitForServiceWorker } from './helpers'

const ROLL_CSV = 'tests/fixtures/youzheng-roll.csv'
const HEAD = { phone: '13600000005', name: '孙楼长', password: 'head-pass-2024' }

test('admin sets up, imports the roll and invites a building head who works offline', async ({ browser, request }) => {
  const fresh = ((await (await request.get('/api/setup')).json()) as { needed: boolean }).needed
  const admin = await (await browser.newContext()).newPage()
  await admin.goto('/')
  if (fresh) {
    // A new server shows the first-start screen instead of the login.
    await fill(admin, 'setup-form', {
      phone: ADMIN.phone,
      name: ADMIN.name,
      password: ADMIN.password,
      password2: ADMIN.password,
    })
    await admin.getByTestId('setup-form').getByRole('button', { name: '创建并登录' }).click()
  } else {
    await fill(admin, 'login-form', { phone: ADMIN.phone, password: ADMIN.password })
    await admin.getByTestId('login-form').getByRole('button', { name: '登录' }).click()
  }

  // Create the compound; the app opens its council overview.
  await fill(admin, 'create-compound', {
    name: '邮政小区',
    address: '河南省周口市川汇区',
    grid: '七一路街道-邮政社区-第3网格',
  })
  await admin.getByRole('button', { name: '创建小区' }).click()
  await expect(admin.getByTestId('council-overview')).toContainText('邮政小区')
  const councilId = /\/c\/([^/]+)$/.exec(admin.url())![1]!

  // Roll import: dry run → preview → confirm → the roll arrives through sync.
  await admin.getByTestId('open-roll').click()
  await admin.getByTestId('roll-file').setInputFiles(ROLL_CSV)
  await expect(admin.getByTestId('preview-flats')).toHaveText('276')
  await expect(admin.getByTestId('preview-heads')).toHaveText('271')
  await expect(admin.getByTestId('preview-area')).toHaveText('21297.80 m²')
  await expect(admin.getByTestId('import-plan')).toContainText('新增 276')
  await admin.getByTestId('import-confirm').click()
  await expect(admin.getByTestId('import-done')).toContainText('新增 276')
  await expect(admin.getByTestId('total-flats')).toHaveText('276')
  await expect(admin.getByTestId('total-area')).toHaveText('21297.80 m²')
  // Re-import: nothing new.
  await admin.getByTestId('roll-file').setInputFiles(ROLL_CSV)
  await expect(admin.getByTestId('import-plan')).toContainText('不变 276')

  // Invite a building head for building 1.
  await admin.goto(`/c/${councilId}`)
  await fill(admin, 'invite-form', { phone: HEAD.phone, name: HEAD.name, buildings: '1' })
  await admin.getByTestId('invite-form').locator('select[name="role"]').selectOption('building_head')
  await admin.getByTestId('invite-form').getByRole('button', { name: '邀请' }).click()
  const code = (await admin.getByTestId('invite-code').textContent())!.trim()
  expect(code).toMatch(/^\d{6}$/)
  await expect(admin.getByTestId('members')).toContainText(HEAD.name)

  // Second device: activate with the code.
  const headCtx = await browser.newContext()
  const head = await headCtx.newPage()
  await head.goto('/')
  await head.getByTestId('to-activate').click()
  await fill(head, 'activate-form', {
    phone: HEAD.phone,
    inviteCode: code,
    password: HEAD.password,
    password2: HEAD.password,
  })
  await head.getByTestId('activate-form').getByRole('button', { name: '激活并登录' }).click()
  await head.getByRole('link', { name: /邮政小区/ }).click()
  await expect(head.getByTestId('my-roles')).toHaveText('楼栋长')
  await expect(head.getByTestId('invite-form')).toHaveCount(0)
  await expect(head.getByTestId('members')).toContainText(HEAD.name)

  // Roll, read-only: no import panel, phones masked, "查看号码" only where the role may.
  await head.getByTestId('open-roll').click()
  await expect(head.getByTestId('total-flats')).toHaveText('276')
  await expect(head.getByTestId('roll-import')).toHaveCount(0)
  await head.getByTestId('roll-search').fill('1-1-0101')
  await expect(head.getByTestId('phone-masked')).toHaveText('139****1425')
  await expect(head.getByTestId('show-phone')).toBeVisible()
  await head.getByTestId('roll-search').fill('2-1-0101')
  await expect(head.getByTestId('phone-masked')).toHaveText(/^1\d\d\*{4}\d{4}$/)
  await expect(head.getByTestId('show-phone')).toHaveCount(0)
  // The server refuses what the UI hides.
  const token = await pageToken(head)
  const refused = await request.post(`/api/councils/${councilId}/roll/import`, {
    headers: { Authorization: `Bearer ${token}` },
    data: { csvBase64: '', dryRun: true },
  })
  expect(refused.status()).toBe(403)
  const other = await request.get(`/api/councils/${councilId}/households/2-1-0101/phone`, {
    headers: { Authorization: `Bearer ${token}` },
  })
  expect(other.status()).toBe(403)

  // Offline: reload, still signed in, roll from IndexedDB, notes edited offline.
  await waitForServiceWorker(head)
  await headCtx.setOffline(true)
  await head.reload()
  await expect(head.getByTestId('total-flats')).toHaveText('276')
  await expect(head.getByTestId('auth-gate')).toHaveCount(0)
  await head.getByRole('link', { name: /返回议事会/ }).click()
  await head.getByTestId('open-notes').click()
  await expect(notes(head)).toHaveAttribute('data-ready', 'true')
  await appendText(head, '1号楼走访：三户同意加装电梯。')
  await expect.poll(() => pendingCount(head)).toBeGreaterThan(0)
  await expect(syncStatus(head)).toHaveAttribute('data-state', 'offline')
  await expect(syncStatus(head)).toHaveAttribute('data-local-unsaved', '0')

  await headCtx.setOffline(false)
  await expect(syncStatus(head)).toHaveAttribute('data-state', 'online')
  await expect(syncStatus(head)).toHaveAttribute('data-pending', '0')
  await admin.goto(`/c/${councilId}/notes`)
  await expect(notes(admin)).toHaveValue(/1号楼走访：三户同意加装电梯。/)

  await headCtx.close()
})
