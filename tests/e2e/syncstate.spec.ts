/**
 * Sync state everyone understands (issue 17), on real tablets (contexts) against the real server:
 *  1. "联网后自动同步" and the offline banner appear only while the tablet is offline — on the
 *     ballot message, and gone again once it reconnects.
 *  2. "N 项更改待同步" counts user actions: one typing burst in the minutes + one agenda item = 2,
 *     the same after an offline reload, 0 once synced.
 *  3. A permission refusal is shown as what it is: a mediator who was never assigned to a case is
 *     told so, and the indicator does not say 离线.
 * (Ballots refused by the server while offline, and the pending count of 12 ballots across a reload:
 * refused.spec.ts.)
 */
import { expect, test } from '@playwright/test'
import {
  fileNoiseCase,
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
let mediator: ApiSession

test.beforeAll(async ({ request }) => {
  const c = await newCouncil(request, '同步状态小区', { roll: true })
  councilId = c.councilId
  chair = await c.member('1374000', '赵主任', 'chair')
  mediator = await c.member('1375000', '钱调解员', 'mediator')
})

test('"联网后自动同步" and the offline banner only while offline', async ({ browser }) => {
  const c = await tablet(browser, chair)
  await startVote(c.page, councilId, { title: '同步状态表决', question: '是否同意' })
  await synced(c.page)

  // online: saved, nothing about waiting for a connection
  await recordPaperBallot(c.page, '1-1-0101', 'SS-1')
  await expect(c.page.getByTestId('ballot-msg')).not.toContainText('联网后自动同步')
  await expect(c.page.getByTestId('offline-banner')).toHaveCount(0)
  await expect(syncStatus(c.page)).not.toHaveAttribute('data-state', 'offline')

  // offline: a clear banner, and the ballot message says it waits for the connection
  await c.ctx.setOffline(true)
  await expect(c.page.getByTestId('offline-banner')).toBeVisible()
  await expect(c.page.getByTestId('offline-banner')).toContainText('当前离线')
  await recordPaperBallot(c.page, '1-1-0102', 'SS-2')
  await expect(c.page.getByTestId('ballot-msg')).toContainText('联网后自动同步')
  await expect(c.page.getByTestId('offline-banner')).toContainText('1 项更改保存在本机')

  // back online: the banner goes and the message no longer promises a later sync
  await c.ctx.setOffline(false)
  await synced(c.page)
  await expect(c.page.getByTestId('offline-banner')).toHaveCount(0)
  await expect(c.page.getByTestId('ballot-msg')).toContainText('1-1-0102')
  await expect(c.page.getByTestId('ballot-msg')).not.toContainText('联网后自动同步')
  await c.ctx.close()
})

test('"N 项更改待同步" counts user actions and stays the same across a reload', async ({ browser }) => {
  const c = await tablet(browser, chair)
  await c.page.goto(`/c/${councilId}/meetings`)
  await c.page.getByLabel('会议名称').fill('同步状态议事会')
  await c.page.getByLabel('地点').fill('邻里服务中心')
  await c.page.getByTestId('meeting-create').click()
  await expect(c.page.getByTestId('agenda-title')).toBeVisible({ timeout: 20_000 })
  const editor = c.page.getByTestId('minutes-content')
  await expect(editor).toBeVisible()
  await waitForServiceWorker(c.page) // the reload below happens offline
  await synced(c.page)

  await c.ctx.setOffline(true)
  await editor.click()
  await c.page.keyboard.type('会议决定：更换三号楼路灯，物业负责报价。') // one typing burst
  await c.page.getByTestId('agenda-title').fill('路灯维修')
  await c.page.getByTestId('agenda-add').click() // one agenda item
  await expect(c.page.getByTestId('agenda-item')).toHaveCount(1)
  const status = syncStatus(c.page)
  await expect(status).toHaveAttribute('data-pending', '2')
  await expect(status).toContainText('2 项更改待同步')

  await c.page.reload()
  await expect(c.page.getByTestId('agenda-item')).toHaveCount(1)
  await expect(status).toHaveAttribute('data-pending', '2')
  await c.page.waitForTimeout(1_500) // nothing counts up later either
  await expect(status).toHaveAttribute('data-pending', '2')

  await c.ctx.setOffline(false)
  await synced(c.page)
  await expect(status).not.toContainText('待同步')
  await c.ctx.close()
})

test('a mediator never assigned to a case is told so; the indicator does not say 离线', async ({ browser }) => {
  const c = await tablet(browser, chair)
  const caseUrl = await fileNoiseCase(c.page, councilId, '楼上住户夜间噪音')
  await c.ctx.close()

  const m = await tablet(browser, mediator)
  await m.page.goto(caseUrl)
  await expect(m.page.getByTestId('case-removed')).toHaveText('您没有被指派到此案件，无法查看。', { timeout: 20_000 })
  await expect(m.page.getByTestId('case-removed')).not.toContainText('不再被指派')
  await expect(syncStatus(m.page)).toHaveAttribute('data-state', 'online')
  await expect(syncStatus(m.page)).not.toContainText('离线')
  await expect(m.page.getByTestId('offline-banner')).toHaveCount(0)
  await m.ctx.close()
})
