/**
 * Per-change acceptance and reconcile in the browser (docs/protocol.md): real server, real
 * IndexedDB, two tablets (browser contexts), offline via context.setOffline.
 *
 * 1. A unit head records 11 ballots in their unit and 1 for a flat outside it while offline. Their
 *    tablet's session still lists unit 2-2 (the chair narrowed the head's units to 2-1 after the
 *    tablet last signed in), so the form accepts it; the server does not. On reconnect: the 11
 *    reach the chair, the 1 is listed as refused with its reason, both tablets show the same
 *    totals, nothing is pending.
 * 2. A member types into the minutes offline while the chair seals them. On reconnect the text is
 *    refused (sealed), the member's tablet shows exactly the sealed minutes (no hash failure), and
 *    one tap moves the text into the addendum, which reaches the chair.
 */
import { expect, test, type Page } from '@playwright/test'
import {
  newCouncil,
  recordPaperBallot,
  startVote,
  syncStatus,
  synced,
  tablet,
  waitForServiceWorker,
  type ApiSession,
} from './helpers'

let councilId = ''
let chair: ApiSession
let head: ApiSession
let member: ApiSession

test.beforeAll(async ({ request }) => {
  const c = await newCouncil(request, '对账小区', { roll: true })
  councilId = c.councilId
  chair = await c.member('1371000', '王主任', 'chair')
  head = await c.member('1372000', '孙单元长', 'unit_head', { units: ['2-1'] })
  member = await c.member('1373000', '李委员', 'member')
})

/** The head's tablet still believes it covers unit 2-2 as well (a stale session, see above). */
const staleHeadSession = (): ApiSession => ({
  ...head,
  memberships: (head.memberships as Array<{ role: string; scope: object }>).map((m) =>
    m.role === 'unit_head' ? { ...m, scope: { units: ['2-1', '2-2'] } } : m,
  ),
})

test('11 valid offline ballots reach the chair; the 12th is listed as refused with its reason', async ({ browser }) => {
  const c = await tablet(browser, chair)
  const voteUrl = await startVote(c.page, councilId, { title: '二号楼加装电梯', question: '是否同意二号楼加装电梯' })
  await synced(c.page)

  const h = await tablet(browser, staleHeadSession())
  await h.page.goto(voteUrl)
  await waitForServiceWorker(h.page) // the reload below happens offline
  await expect(h.page.getByTestId('ballot-form')).toBeVisible()
  await synced(h.page)
  await h.ctx.setOffline(true)
  await expect(h.page.getByTestId('offline-banner')).toBeVisible()

  const flats = ['0101', '0102', '0201', '0202', '0301', '0302', '0401', '0402', '0501', '0502', '0601']
  for (const [i, f] of flats.slice(0, 6).entries()) await recordPaperBallot(h.page, `2-1-${f}`, `DT-${i}`)
  await recordPaperBallot(h.page, '2-2-0101', 'DT-X') // outside the head's unit on the server
  for (const [i, f] of flats.slice(6).entries()) await recordPaperBallot(h.page, `2-1-${f}`, `DT-${i + 6}`)
  await expect(syncStatus(h.page)).toHaveAttribute('data-pending', '12')
  // Stable across a reload, and nothing was sent.
  await h.page.reload()
  await expect(h.page.getByTestId('ballot-form')).toBeVisible()
  await expect(syncStatus(h.page)).toHaveAttribute('data-pending', '12')
  await expect(h.page.getByTestId('vote-status')).toContainText('12')

  await h.ctx.setOffline(false)
  await expect(h.page.getByTestId('rejection')).toContainText('2-2-0101 不在您负责的单元', { timeout: 30_000 })
  await expect(h.page.getByTestId('rejection')).not.toContainText('forbidden')
  await synced(h.page)

  // Both tablets show the same totals: the 11.
  await expect(c.page.getByTestId('vote-status')).toContainText('11', { timeout: 20_000 })
  await expect(h.page.getByTestId('vote-status')).toContainText('11')
  expect(await h.page.getByTestId('vote-status').innerText()).toBe(await c.page.getByTestId('vote-status').innerText())

  // The refused ballot is listed with what, why and who is responsible; it stays after a reload.
  await h.page.getByTestId('rejection-view').click()
  await expect(h.page.getByTestId('refused-page')).toBeVisible()
  const item = h.page.getByTestId('refused-item')
  await expect(item).toHaveCount(1)
  await expect(item.getByTestId('refused-what')).toHaveText('2-2-0101 的表决票')
  await expect(item.getByTestId('refused-why')).toHaveText('2-2-0101 不在您负责的单元')
  await expect(item.getByTestId('refused-head')).toBeVisible()
  await h.page.reload()
  await expect(h.page.getByTestId('refused-item')).toHaveCount(1)
  await h.page.goto('/profile')
  await expect(h.page.getByTestId('profile-refused')).toContainText('1')

  // A later reconnect sends nothing again and keeps the totals.
  await h.page.goto(voteUrl)
  await synced(h.page)
  await expect(h.page.getByTestId('vote-status')).toContainText('11')
})

const editor = (p: Page) => p.getByTestId('minutes-content')

test('text typed offline into minutes sealed meanwhile goes into the addendum with one tap', async ({ browser }) => {
  const c = await tablet(browser, chair)
  await c.page.goto(`/c/${councilId}/meetings`)
  await c.page.getByLabel('会议名称').fill('四月议事会')
  await c.page.getByLabel('地点').fill('邻里服务中心')
  await c.page.getByTestId('meeting-create').click()
  await expect(c.page).toHaveURL(/\/meetings\/m_[a-z0-9]+$/)
  const meetingUrl = new URL(c.page.url()).pathname
  await expect(editor(c.page)).toBeVisible()
  await editor(c.page).click()
  await c.page.keyboard.type('会议决定：更换路灯。')
  await synced(c.page)

  const m = await tablet(browser, member)
  await m.page.goto(meetingUrl)
  await expect(editor(m.page)).toContainText('会议决定：更换路灯。')
  await synced(m.page)
  await m.ctx.setOffline(true)
  await editor(m.page).click()
  await m.page.keyboard.press('ControlOrMeta+End')
  await m.page.keyboard.press('Enter')
  await m.page.keyboard.type('会后补充：三号楼路灯也要换')
  await expect(syncStatus(m.page)).toHaveAttribute('data-pending', '1')

  // Quorum for sealing: both council members present (the chair signs them in).
  for (const name of ['王主任', '李委员']) {
    await c.page.getByTestId('invitee-name').fill(name)
    await c.page.getByTestId('invitee-add').click()
    await c.page.getByTestId('attendee').filter({ hasText: name }).getByRole('button', { name: '签到' }).click()
  }
  await expect(c.page.getByTestId('quorum')).toHaveAttribute('data-quorum', 'true')
  await synced(c.page)
  await expect(c.page.getByTestId('seal')).toBeEnabled()
  await c.page.getByTestId('seal').click()
  await expect(c.page.getByTestId('seal-verified')).toContainText('校验通过')

  await m.ctx.setOffline(false)
  await expect(m.page.getByTestId('rejection')).toContainText('纪要已定稿', { timeout: 30_000 })
  await synced(m.page)
  // The member's tablet shows exactly the sealed minutes: the seal verifies, the text is not there.
  await expect(m.page.getByTestId('seal-verified')).toContainText('校验通过')
  await expect(m.page.getByTestId('seal-verified')).not.toContainText('校验失败')
  await expect(editor(m.page)).not.toContainText('三号楼路灯')

  await m.page.getByTestId('rejection-view').click()
  const item = m.page.getByTestId('refused-item')
  await expect(item.getByTestId('refused-what')).toContainText('会后补充：三号楼路灯也要换')
  await expect(item.getByTestId('refused-why')).toHaveText('纪要已定稿，不能再修改')
  await item.getByTestId('refused-to-addendum').click()
  await expect(item.getByTestId('refused-resolved')).toBeVisible()

  await m.page.goto(meetingUrl)
  await expect(m.page.getByTestId('addendum-content')).toContainText('会后补充：三号楼路灯也要换')
  await synced(m.page)
  await expect(c.page.getByTestId('addendum-content')).toContainText('会后补充：三号楼路灯也要换', { timeout: 20_000 })
  await expect(c.page.getByTestId('seal-verified')).toContainText('校验通过')
})
