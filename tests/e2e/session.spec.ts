/**
 * Session edge cases: a refused access token (4401) is renewed with the refresh token and the sync
 * reconnects by itself; someone who logged out can log in again offline with the same password.
 */
import { expect, test } from '@playwright/test'
import {
  adminSession,
  appendText,
  createCompound,
  createMember,
  notes,
  openNotes,
  signIn,
  syncStatus,
  waitForServiceWorker,
  type ApiSession,
} from './helpers'

let councilId = ''
let member: ApiSession
const MEMBER = { phone: '13500000201', name: '赵委员', password: 'member-pass-2024' }

test.beforeAll(async ({ request }) => {
  const admin = await adminSession(request)
  councilId = await createCompound(request, admin, `会话测试小区 ${Date.now().toString(36)}`)
  member = await createMember(
    request,
    admin,
    councilId,
    { phone: MEMBER.phone, name: MEMBER.name, role: 'member' },
    MEMBER.password,
  )
})

test('a refused access token is renewed and the sync reconnects', async ({ browser }) => {
  const ctx = await browser.newContext()
  // Forged access token, valid refresh token: the server closes the socket with 4401.
  await signIn(ctx, { ...member, accessToken: 'forged.token.value', accessExpiresAt: Date.now() + 3600_000 })
  const page = await ctx.newPage()
  await openNotes(page, councilId)
  await expect(syncStatus(page)).toHaveAttribute('data-state', 'online')
  await appendText(page, '令牌续期后同步。')
  await expect(syncStatus(page)).toHaveAttribute('data-pending', '0')
  const stored = await page.evaluate(() => JSON.parse(localStorage.getItem('yishi:auth:session')!) as ApiSession)
  expect(stored.accessToken).not.toBe('forged.token.value')
  expect(stored.refreshToken).not.toBe(member.refreshToken) // rotated
  await ctx.close()
})

test('log out, then log in again offline with the same password', async ({ browser }) => {
  const ctx = await browser.newContext()
  const page = await ctx.newPage()
  await page.goto('/')
  const form = page.getByTestId('login-form')
  await form.locator('[name="phone"]').fill(MEMBER.phone)
  await form.locator('[name="password"]').fill('wrong-password')
  await form.getByRole('button', { name: '登录' }).click()
  await expect(page.getByTestId('auth-error')).toContainText('手机号或密码不正确')
  await form.locator('[name="password"]').fill(MEMBER.password)
  await form.getByRole('button', { name: '登录' }).click()
  await expect(page.getByTestId('council-list')).toContainText('会话测试小区')
  // The offline verifier is derived in the background after an online login.
  await expect
    .poll(() => page.evaluate(() => localStorage.getItem('yishi:auth:accounts') ?? ''))
    .toContain(MEMBER.phone)
  await waitForServiceWorker(page)

  await page.getByTestId('nav-profile').click()
  await expect(page.getByTestId('profile-phone')).toHaveText('135****0201')
  await page.getByTestId('logout').click()
  await expect(page.getByTestId('login-form')).toBeVisible()

  await ctx.setOffline(true)
  await page.reload()
  await form.locator('[name="phone"]').fill('13500000299')
  await form.locator('[name="password"]').fill(MEMBER.password)
  await form.getByRole('button', { name: '登录' }).click()
  await expect(page.getByTestId('auth-error')).toContainText('没有这个手机号的登录记录')
  await form.locator('[name="phone"]').fill(MEMBER.phone)
  await form.locator('[name="password"]').fill('wrong-password')
  await form.getByRole('button', { name: '登录' }).click()
  await expect(page.getByTestId('auth-error')).toContainText('密码不正确')
  await form.locator('[name="password"]').fill(MEMBER.password)
  await form.getByRole('button', { name: '登录' }).click()
  await expect(page.getByTestId('offline-login')).toBeVisible()
  await page.getByRole('link', { name: /会话测试小区/ }).click()
  await page.getByTestId('open-notes').click()
  await expect(notes(page)).toHaveAttribute('data-ready', 'true')
  await appendText(page, '离线重新登录后写的。')
  await expect(syncStatus(page)).toHaveAttribute('data-state', 'offline')

  // Back online: the password kept in memory gets real tokens, and the edit goes out.
  await ctx.setOffline(false)
  await expect(page.getByTestId('offline-login')).toHaveCount(0)
  await expect(syncStatus(page)).toHaveAttribute('data-state', 'online')
  await expect(syncStatus(page)).toHaveAttribute('data-pending', '0')
  await ctx.close()
})
