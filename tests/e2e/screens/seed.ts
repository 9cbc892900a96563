/**
 * One council with something on every page (a vote with a ballot, a meeting with an agenda item, a
 * published proposal, a grid event, a mediation case), made through the UI as the chair would, so
 * the screen audit and the screenshots see real pages rather than empty states.
 */
import { expect, type APIRequestContext, type Browser } from '@playwright/test'
import {
  adminSession,
  createCompound,
  createMember,
  fileNoiseCase,
  importRoll,
  tablet,
  type ApiSession,
} from '../helpers'

/** "2026-12-02T08:00" in Beijing time: what a datetime-local field holds. */
const beijingWallClock = (ms: number): string => new Date(ms + 8 * 3_600_000).toISOString().slice(0, 16)

export interface Seeded {
  admin: ApiSession
  chair: ApiSession
  resident: ApiSession
  councilId: string
  /** every main page, by a short name */
  routes: Record<string, string>
}

export async function seedCouncil(browser: Browser, request: APIRequestContext, tag: string): Promise<Seeded> {
  const admin = await adminSession(request)
  const councilId = await createCompound(request, admin, `邮政小区（${tag}）`)
  await importRoll(request, admin, councilId, 'tests/fixtures/youzheng-roll.csv')
  const n = String(Date.now()).slice(-6)
  const chair = await createMember(request, admin, councilId, { phone: `137${n}01`, name: '李主任', role: 'chair' })
  const resident = await createMember(request, admin, councilId, {
    phone: `137${n}02`,
    name: '周勇',
    role: 'resident',
    scope: { households: ['1-1-0101'] },
  })
  await createMember(request, admin, councilId, { phone: `137${n}03`, name: '周调解员', role: 'mediator' })
  const org = await placeInOrgTree(request, admin, councilId, n)

  const { ctx, page } = await tablet(browser, admin)
  const c = `/c/${councilId}`
  // vote: created with a schedule (shown as dates on the page), opened, one ballot
  await page.goto(`${c}/votes`)
  const create = page.getByTestId('vote-create')
  await create.locator('input[name="title"]').fill('邮政小区改造方案表决')
  await create.locator('textarea[name="question"]').fill('是否同意改造方案（雨污分流、路面硬化）')
  await create.locator('input[name="opensAt"]').fill(beijingWallClock(Date.now() - 86_400_000))
  await create.locator('input[name="closesAt"]').fill(beijingWallClock(Date.now() + 7 * 86_400_000))
  await create.getByRole('button').click()
  await expect(page.getByTestId('vote-open')).toBeEnabled({ timeout: 20_000 })
  await page.getByTestId('vote-open').click()
  await expect(page.getByTestId('ballot-form')).toBeVisible()
  const voteUrl = new URL(page.url()).pathname
  await page.getByTestId('ballot-form').locator('input[name="household"]').fill('1-1-0102')
  await page.getByTestId('choice-agree').click()
  const paper = page.getByTestId('ballot-form').locator('input[name="paperSerial"]')
  if (await page.getByTestId('ballot-form').locator('input[value="paper"]').count()) {
    await page.getByTestId('ballot-form').locator('input[value="paper"]').check()
    await paper.fill('0001')
  }
  await page.getByTestId('ballot-submit').click()
  await expect(page.getByTestId('ballot-msg')).toBeVisible()

  // a second vote, closed: its notice's short link opens the public verify page
  await page.goto(`${c}/votes`)
  await create.locator('input[name="title"]').fill('路灯更换表决')
  await create.locator('textarea[name="question"]').fill('是否同意更换路灯')
  await create.getByRole('button').last().click()
  await expect(page.getByTestId('vote-open')).toBeEnabled({ timeout: 20_000 })
  await page.getByTestId('vote-open').click()
  await expect(page.getByTestId('vote-head')).toHaveAttribute('data-status', 'open')
  await page.getByTestId('vote-close').click()
  await expect(page.getByTestId('vote-head')).toHaveAttribute('data-status', 'closed')
  await page.getByTestId('open-notice').click()
  const hash = await page.getByTestId('notice').getAttribute('data-hash')
  expect(hash).toMatch(/^[0-9a-f]{64}$/)
  const closedVoteId = new URL(page.url()).pathname.split('/').at(-2)!
  const verifyUrl = `/v/${councilId}/${closedVoteId}/${hash!.slice(0, 16)}`

  // meeting with an agenda item
  await page.goto(`${c}/meetings`)
  await page.getByLabel('会议名称').fill('十二月议事会')
  await page.getByLabel('地点').fill('邻里服务中心')
  await page.getByTestId('meeting-create').click()
  await expect(page.getByTestId('agenda-title')).toBeVisible({ timeout: 20_000 })
  await page.getByTestId('agenda-title').fill('路灯维修')
  await page.getByTestId('agenda-add').click()
  const meetingUrl = new URL(page.url()).pathname
  // an action item with a due day (shown as a Chinese date)
  await page.getByTestId('action-what').first().fill('联系物业报价')
  await page.getByTestId('action-owner').first().fill('李主任')
  await page.getByTestId('action-due').first().fill('2026-12-10')
  await page.getByTestId('action-add').first().click()
  await expect(page.getByTestId('action-item')).toHaveCount(1)

  // proposal, published
  await page.goto(`${c}/proposals`)
  await page.getByLabel('方案名称').fill('老旧小区改造方案')
  await page.getByTestId('proposal-create').click()
  await expect(page.getByTestId('item-add')).toBeVisible({ timeout: 20_000 })
  await page.getByTestId('item-add').click()
  await page.getByTestId('item-title').first().fill('墙体美化')
  await page.getByTestId('item-cost').first().fill('120000')
  await page.getByTestId('publish-version').click()
  const proposalUrl = new URL(page.url()).pathname

  // grid event
  await page.goto(`${c}/grid/events`)
  await page.getByLabel('问题').fill('3号楼路灯不亮')
  await page.getByLabel('地点').fill('3号楼东侧')
  await page.getByTestId('event-submit').click()
  await page.getByTestId('event-item').first().click()
  await expect(page).toHaveURL(/\/grid\/events\/[^/]+$/)
  const eventUrl = new URL(page.url()).pathname

  // mediation case
  const caseUrl = await fileNoiseCase(page, councilId, '楼上住户夜间噪音，双方争执')
  await ctx.close()

  return {
    admin,
    chair,
    resident,
    councilId,
    routes: {
      home: '/',
      profile: '/profile',
      council: c,
      roll: `${c}/roll`,
      notes: `${c}/notes`,
      meetings: `${c}/meetings`,
      meeting: meetingUrl,
      'meeting-print': `${meetingUrl}/print`,
      followups: `${c}/followups`,
      grid: `${c}/grid`,
      events: `${c}/grid/events`,
      event: eventUrl,
      dashboard: `${c}/grid/dashboard`,
      report: `${c}/grid/report`,
      lists: `${c}/grid/lists`,
      proposals: `${c}/proposals`,
      proposal: proposalUrl,
      canvass: `${proposalUrl}/canvass`,
      summary: `${proposalUrl}/summary`,
      cases: `${c}/cases`,
      'case-stats': `${c}/cases/stats`,
      case: caseUrl,
      agreement: `${caseUrl}/agreement`,
      votes: `${c}/votes`,
      vote: voteUrl,
      board: `${voteUrl}/board`,
      notice: `${voteUrl}/notice`,
      queues: '/q',
      queue: `/q/${org.community}`,
      'org-dashboard': `/org/${org.district}`,
      'org-report': `/org/${org.street}/report`,
      // the community chosen: its panel (councils, staff, invitation) is drawn too
      'org-admin': `/admin/org?node=${org.community}`,
      'staff-home': '/staff',
      verify: verifyUrl,
      refused: '/refused',
    },
  }
}

/**
 * A district → street → community above the council (CSV import, as an admin would), so the district
 * dashboards and the community's escalation queue have pages to audit.
 */
async function placeInOrgTree(request: APIRequestContext, admin: ApiSession, councilId: string, n: string) {
  const ids = { district: `d${n}`, street: `s${n}`, community: `m${n}` }
  const csv = [
    '编号,类型,名称,上级编号',
    `${ids.district},区,川汇区,`,
    `${ids.street},街道,七一路街道,${ids.district}`,
    `${ids.community},社区,邮政社区,${ids.street}`,
    `${councilId},小区,邮政小区,${ids.community}`,
  ].join('\n')
  const res = await request.post('/api/org/import', {
    headers: { authorization: `Bearer ${admin.accessToken}` },
    data: { csvBase64: Buffer.from(csv).toString('base64'), dryRun: false },
  })
  expect(res.ok(), await res.text()).toBe(true)
  return ids
}
