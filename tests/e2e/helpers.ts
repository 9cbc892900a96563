import { readFileSync } from 'node:fs'
import { expect, type APIRequestContext, type Browser, type BrowserContext, type Page } from '@playwright/test'

/** Resolves once a service worker controls the page (clientsClaim on first install). */
export async function waitForServiceWorker(page: Page): Promise<void> {
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready
    if (!navigator.serviceWorker.controller) {
      await new Promise((resolve) =>
        navigator.serviceWorker.addEventListener('controllerchange', resolve, { once: true }),
      )
    }
  })
}

export function notes(page: Page) {
  return page.getByTestId('notes-text')
}

export function syncStatus(page: Page) {
  return page.getByTestId('sync-status')
}

export async function openNotes(page: Page, councilId: string): Promise<void> {
  await page.goto(`/c/${councilId}/notes`)
  await expect(notes(page)).toHaveAttribute('data-ready', 'true')
}

/** Types at the end of the notes, like a person adding a line. */
export async function appendText(page: Page, text: string): Promise<void> {
  const area = notes(page)
  await area.click()
  await page.keyboard.press('ControlOrMeta+End')
  await page.keyboard.type(text)
}

export async function pendingCount(page: Page): Promise<number> {
  return Number(await syncStatus(page).getAttribute('data-pending'))
}

/** The administrator every spec shares (the Playwright server's data dir lives for one run). */
export const ADMIN = { phone: '13900000001', name: '测试管理员', password: 'admin-pass-2024' }

export interface ApiSession {
  accessToken: string
  accessExpiresAt: number
  refreshToken: string
  user: { id: string; name: string; phone: string; isAdmin: boolean }
  memberships: unknown[]
  councils: Array<{ id: string; name: string }>
}

/** Sets up the first administrator if the server has none, else logs in as them. */
export async function adminSession(request: APIRequestContext): Promise<ApiSession> {
  const setup = (await (await request.get('/api/setup')).json()) as { needed: boolean }
  const res = setup.needed
    ? await request.post('/api/setup', { data: ADMIN })
    : await request.post('/api/login', { data: { phone: ADMIN.phone, password: ADMIN.password } })
  expect(res.ok(), await res.text()).toBe(true)
  return (await res.json()) as ApiSession
}

const auth = (s: ApiSession) => ({ Authorization: `Bearer ${s.accessToken}` })

export async function createCompound(request: APIRequestContext, admin: ApiSession, name: string): Promise<string> {
  const res = await request.post('/api/compounds', {
    headers: auth(admin),
    data: { name, address: '河南省周口市', grid: '第3网格' },
  })
  expect(res.ok(), await res.text()).toBe(true)
  return ((await res.json()) as { id: string }).id
}

/** Invites a member and activates the account with the invite code, like the person would. */
export async function createMember(
  request: APIRequestContext,
  admin: ApiSession,
  councilId: string,
  m: { phone: string; name: string; role: string; scope?: Record<string, string[]> },
  password = 'member-pass-2024',
): Promise<ApiSession> {
  const inv = await request.post(`/api/councils/${councilId}/members`, {
    headers: auth(admin),
    data: { scope: {}, ...m },
  })
  expect(inv.ok(), await inv.text()).toBe(true)
  const { inviteCode } = (await inv.json()) as { inviteCode?: string }
  // An account that already has a password is added, never re-keyed (no code): e.g. a retried
  // test's beforeAll inviting the same phone again. Log in as that person instead.
  const res = inviteCode
    ? await request.post('/api/activate', { data: { phone: m.phone, inviteCode, password } })
    : await request.post('/api/login', { data: { phone: m.phone, password } })
  expect(res.ok(), await res.text()).toBe(true)
  return (await res.json()) as ApiSession
}

/** The roll every vote and canvass spec imports (邮政小区) and how many flats it has. */
export const ROLL_CSV = 'tests/fixtures/youzheng-roll.csv'
export const ROLL_FLATS = '276'

/**
 * A compound of a spec's own, named `name` plus the time (a retried run makes a new one), with the
 * roll imported if asked. `member(prefix, …)` adds an activated member whose phone is `prefix`
 * followed by four digits of this run.
 */
export async function newCouncil(request: APIRequestContext, name: string, opts: { roll?: boolean } = {}) {
  const admin = await adminSession(request)
  const councilId = await createCompound(request, admin, `${name} ${Date.now().toString(36)}`)
  if (opts.roll) await importRoll(request, admin, councilId, ROLL_CSV)
  const n = String(Date.now() % 10000).padStart(4, '0')
  const member = (prefix: string, memberName: string, role: string, scope?: Record<string, string[]>) =>
    createMember(request, admin, councilId, {
      phone: `${prefix}${n}`,
      name: memberName,
      role,
      ...(scope ? { scope } : {}),
    })
  return { admin, councilId, member }
}

/** Starts a context signed in with `session` (as if this device had logged in before). */
export async function signIn(context: BrowserContext, session: ApiSession): Promise<void> {
  await context.addInitScript((s) => {
    if (!localStorage.getItem('yishi:auth:session')) localStorage.setItem('yishi:auth:session', s)
  }, JSON.stringify(session))
}

/** The access token the page currently holds (for direct API calls "as" that person). */
export async function pageToken(page: Page): Promise<string> {
  return page.evaluate(
    () => (JSON.parse(localStorage.getItem('yishi:auth:session') ?? '{}') as { accessToken: string }).accessToken,
  )
}

/** Imports a roll CSV (no dry run) into the council, as the admin. */
export async function importRoll(
  request: APIRequestContext,
  admin: ApiSession,
  councilId: string,
  csvPath: string,
): Promise<void> {
  const res = await request.post(`/api/councils/${councilId}/roll/import`, {
    headers: auth(admin),
    data: { csvBase64: readFileSync(csvPath).toString('base64'), dryRun: false },
  })
  expect(res.ok(), await res.text()).toBe(true)
}

/** A tablet-sized context signed in as `s`; confirm() and alert() dialogs are accepted. */
export async function tablet(browser: Browser, s: ApiSession): Promise<{ ctx: BrowserContext; page: Page }> {
  const ctx = await browser.newContext({ viewport: { width: 1180, height: 820 } })
  await signIn(ctx, s)
  const page = await ctx.newPage()
  page.on('dialog', (d) => void d.accept())
  return { ctx, page }
}

/** Online and nothing left to send. */
export async function synced(p: Page): Promise<void> {
  await expect(syncStatus(p)).toHaveAttribute('data-state', 'online', { timeout: 20_000 })
  await expect(syncStatus(p)).toHaveAttribute('data-pending', '0', { timeout: 20_000 })
}

/** Fills the named fields of the form with data-testid `testId`. */
export async function fill(page: Page, testId: string, fields: Record<string, string>): Promise<void> {
  const form = page.getByTestId(testId)
  for (const [name, value] of Object.entries(fields)) await form.locator(`[name="${name}"]`).fill(value)
}

/**
 * Files a noise case between 王大爷 (3-402) and 李先生 through the intake form, as the chair would, and
 * waits until it is stored and synced. Returns the case page's path.
 */
export async function fileNoiseCase(page: Page, councilId: string, description: string): Promise<string> {
  await page.goto(`/c/${councilId}/cases`)
  await page.getByTestId('case-new').click()
  await expect(page.getByTestId('intake-form')).toBeVisible()
  const caseUrl = new URL(page.url()).pathname
  await page.getByTestId('intake-form').locator('[name="type"]').selectOption('noise')
  await fill(page, 'intake-form', {
    building: '3',
    flat: '402',
    description,
    reportedAt: '2026-11-30T09:00',
    arrivedAt: '2026-11-30T09:20',
    'p0.name': '王大爷',
    'p0.phone': '13912345678',
    'p1.name': '李先生',
    'p1.phone': '13800001111',
  })
  await page.getByTestId('intake-submit').click()
  await expect(page.getByTestId('case-summary')).toBeVisible()
  await synced(page)
  return caseUrl
}

/**
 * The chair's tablet starts a vote: loads the roll (the device needs it locally to freeze it),
 * creates the vote from the council's list and opens it (开始表决 waits until the roll is here).
 * Returns the vote page's path.
 */
export async function startVote(
  page: Page,
  councilId: string,
  v: { title: string; question: string; proposal?: string },
): Promise<string> {
  await page.goto(`/c/${councilId}/roll`)
  await expect(page.getByTestId('total-flats')).toHaveText(ROLL_FLATS)
  await page.goto(`/c/${councilId}`)
  await page.getByTestId('open-votes').click()
  const create = page.getByTestId('vote-create')
  await create.locator('input[name="title"]').fill(v.title)
  await create.locator('textarea[name="question"]').fill(v.question)
  if (v.proposal) await create.locator('input[name="proposal"]').fill(v.proposal)
  await create.locator('button[type="submit"]').click()
  await expect(page.getByTestId('vote-head')).toHaveAttribute('data-status', 'draft')
  const path = new URL(page.url()).pathname
  await expect(page.getByTestId('vote-open')).toBeEnabled({ timeout: 20_000 })
  await page.getByTestId('vote-open').click()
  await expect(page.getByTestId('vote-head')).toHaveAttribute('data-status', 'open')
  return path
}

/** Signs the ballot form's signature canvas with one stroke, as a finger would. */
export async function signBallot(page: Page): Promise<void> {
  await page.getByTestId('signature').scrollIntoViewIfNeeded()
  const box = (await page.getByTestId('signature').boundingBox())!
  await page.mouse.move(box.x + 20, box.y + 20)
  await page.mouse.down()
  await page.mouse.move(box.x + 120, box.y + 60, { steps: 5 })
  await page.mouse.move(box.x + 200, box.y + 30, { steps: 5 })
  await page.mouse.up()
}

/** Records a paper ballot on the vote page and waits until the page says it was recorded. */
export async function recordPaperBallot(
  page: Page,
  household: string,
  serial: string,
  choice: 'agree' | 'oppose' | 'abstain' = 'agree',
): Promise<void> {
  const form = page.getByTestId('ballot-form')
  await form.locator('input[name="household"]').fill(household)
  await page.getByTestId(`choice-${choice}`).click()
  await form.locator('input[name="channel"][value="paper"]').check()
  await form.locator('input[name="paperSerial"]').fill(serial)
  await page.getByTestId('ballot-submit').click()
  await expect(page.getByTestId('ballot-msg')).toContainText(household)
  await expect(page.getByTestId('ballot-msg')).toHaveClass('ok') // recorded, not refused
}

/**
 * Where a spec's page images go: docs/screenshots only when regenerating them (`npm run
 * screenshots` sets SCREENSHOTS=1); otherwise test-results, so a test run never changes tracked files.
 */
export const SHOTS_DIR = process.env.SCREENSHOTS ? 'docs/screenshots' : 'test-results/screenshots'
