/**
 * Process guard: a vote with unresolved conflicting ballots cannot be closed (issue 17). The tablet
 * refuses before writing and says which flats; a tablet that did not know of the conflict (offline
 * while another recorded it) closes locally, and the server refuses the close: the page explains
 * it and the vote is open again. The server side alone: tests/server/writeGuards.test.ts.
 * (Ballot before the start and seal without quorum: screens.spec.ts 'process guards say why'.)
 */
import { expect, test, type Page } from '@playwright/test'
import { newCouncil, recordPaperBallot, startVote, syncStatus, synced, tablet, type ApiSession } from './helpers'

let councilId = ''
let chair: ApiSession
let secretary: ApiSession

test.beforeAll(async ({ request }) => {
  const c = await newCouncil(request, '冲突小区', { roll: true })
  councilId = c.councilId
  chair = await c.member('1376000', '孙主任', 'chair')
  secretary = await c.member('1377000', '周秘书', 'secretary')
})

const status = (p: Page) => p.getByTestId('vote-head')

test('closing a vote with an unresolved conflict is refused, on the tablet and by the server, and the page says why', async ({
  browser,
}) => {
  test.setTimeout(240_000)
  const a = await tablet(browser, chair)
  const voteUrl = await startVote(a.page, councilId, { title: '有冲突的表决', question: '是否同意更换路灯' })

  // 1. the tablet knows of the conflict: refused before anything is written, naming the flat
  await recordPaperBallot(a.page, '1-1-0201', 'CT-1', 'agree')
  await recordPaperBallot(a.page, '1-1-0201', 'CT-2', 'oppose')
  await expect(a.page.getByTestId('conflict')).toHaveCount(1)
  await a.page.getByTestId('vote-close').click()
  const refusal = a.page.getByTestId('close-refusal')
  await expect(refusal).toContainText('不能结束表决')
  await expect(refusal).toContainText('1-1-0201')
  await expect(status(a.page)).toHaveAttribute('data-status', 'open')
  // resolved with a reason, the conflict is gone
  const conflict = a.page.getByTestId('conflict')
  await conflict.getByTestId('resolve-reason').fill('入户核实：业主本人确认反对')
  await conflict.getByTestId('keep-oppose').click()
  await expect(a.page.getByTestId('conflict')).toHaveCount(0)

  // 2. the tablet does not know: another tablet records a conflicting ballot while this one is offline
  await recordPaperBallot(a.page, '1-1-0202', 'CT-3', 'agree')
  await synced(a.page)
  const b = await tablet(browser, secretary)
  await b.page.goto(voteUrl)
  await expect(b.page.getByTestId('ballot-form')).toBeVisible()
  await a.ctx.setOffline(true)
  await recordPaperBallot(b.page, '1-1-0202', 'CT-4', 'oppose')
  await synced(b.page)
  await expect(a.page.getByTestId('conflict')).toHaveCount(0) // not seen here
  await a.page.getByTestId('vote-close').click() // confirm() accepted
  await expect(status(a.page)).toHaveAttribute('data-status', 'closed')

  await a.ctx.setOffline(false)
  const banner = a.page.getByTestId('rejection')
  await expect(banner).toContainText('还有未处理的冲突，不能结束表决', { timeout: 30_000 })
  await expect(banner).not.toContainText('unresolved')
  await synced(a.page)
  await expect(syncStatus(a.page)).not.toContainText('离线')
  // the server's doc stands: still open, the conflict now shown on this tablet too
  await expect(status(a.page)).toHaveAttribute('data-status', 'open')
  await expect(a.page.getByTestId('conflict')).toHaveCount(1)
  await expect(a.page.getByTestId('conflict')).toHaveAttribute('data-households', '1-1-0202')
  await expect(status(b.page)).toHaveAttribute('data-status', 'open')
  // and the refused list says what and why
  await a.page.getByTestId('rejection-view').click()
  const item = a.page.getByTestId('refused-item')
  await expect(item).toHaveCount(1)
  await expect(item.getByTestId('refused-why')).toHaveText('还有未处理的冲突，不能结束表决')
  await expect(item).not.toContainText(/\d{4}-\d{2}-\d{2}/)
  await expect(item).toContainText(/\d{4}年\d{1,2}月\d{1,2}日 周. \d{2}:\d{2}/)
  await a.ctx.close()
  await b.ctx.close()
})
