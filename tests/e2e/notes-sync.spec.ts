/**
 * End-to-end proof of local-first sync: two devices co-edit, one goes offline, edits, reloads with
 * no network (service worker + IndexedDB), the other keeps editing, and both converge.
 */
import { expect, test } from '@playwright/test'
import {
  adminSession,
  appendText,
  createCompound,
  createMember,
  notes,
  openNotes,
  pendingCount,
  signIn,
  syncStatus,
  waitForServiceWorker,
  type ApiSession,
} from './helpers'

let docId = ''
let secretary: ApiSession
let head: ApiSession

// Notes are per council (`notes:<councilId>`) and need a signed-in member: set one up over HTTP.
test.beforeAll(async ({ request }) => {
  const admin = await adminSession(request)
  docId = await createCompound(request, admin, `笔记测试小区 ${Date.now().toString(36)}`)
  secretary = await createMember(request, admin, docId, { phone: '13700000101', name: '王秘书', role: 'secretary' })
  head = await createMember(request, admin, docId, {
    phone: '13700000102',
    name: '李楼长',
    role: 'building_head',
    scope: { buildings: ['1'] },
  })
})

test('notes sync live, survive an offline reload and merge without losing edits', async ({ browser }) => {
  const ctxA = await browser.newContext()
  const ctxB = await browser.newContext()
  await signIn(ctxA, secretary)
  await signIn(ctxB, head)
  const a = await ctxA.newPage()
  const b = await ctxB.newPage()

  await openNotes(a, docId)
  await openNotes(b, docId)
  await expect(syncStatus(a)).toHaveAttribute('data-state', 'online')
  await expect(syncStatus(b)).toHaveAttribute('data-state', 'online')

  // Live co-editing and presence.
  await appendText(a, 'A1 议题：加装电梯。')
  await expect(notes(b)).toHaveValue(/A1 议题：加装电梯。/)
  await appendText(b, ' B1 同意。')
  await expect(notes(a)).toHaveValue(/B1 同意。/)
  await expect(b.getByTestId('presence-peer')).toContainText('王秘书')
  await expect(a.getByTestId('presence-peer')).toContainText('李楼长')
  await expect(syncStatus(a)).toHaveAttribute('data-pending', '0')

  // B must be able to start without network: the SW has to control the page first.
  await waitForServiceWorker(b)

  await ctxB.setOffline(true)
  await expect(syncStatus(b)).toHaveAttribute('data-state', 'offline')
  await expect(syncStatus(b)).toContainText('离线')
  await appendText(b, ' B2 离线补充：需要统计一楼住户意见。')
  await expect.poll(() => pendingCount(b)).toBeGreaterThan(0)
  await expect(syncStatus(b)).toContainText('项更改待同步')

  // Saved on the device (IndexedDB committed) before the reload cuts anything off.
  await expect(syncStatus(b)).toHaveAttribute('data-local-unsaved', '0')
  // Reload while offline: shell from the SW, content from IndexedDB, count from localStorage.
  await b.reload()
  await expect(notes(b)).toHaveAttribute('data-ready', 'true')
  await expect(notes(b)).toHaveValue(/B2 离线补充：需要统计一楼住户意见。/)
  await expect(syncStatus(b)).toHaveAttribute('data-state', 'offline')
  expect(await pendingCount(b)).toBeGreaterThan(0)

  // A keeps editing meanwhile; B must not see it yet.
  await appendText(a, ' A2 下周二开会。')
  await expect(syncStatus(a)).toHaveAttribute('data-pending', '0')
  await expect(notes(b)).not.toHaveValue(/A2/)

  await ctxB.setOffline(false)
  await expect(syncStatus(b)).toHaveAttribute('data-state', 'online')
  await expect(syncStatus(b)).toHaveAttribute('data-pending', '0')
  await expect(syncStatus(b)).toContainText('在线')

  for (const page of [a, b]) {
    const v = notes(page)
    await expect(v).toHaveValue(/A1 议题：加装电梯。/)
    await expect(v).toHaveValue(/B1 同意。/)
    await expect(v).toHaveValue(/B2 离线补充：需要统计一楼住户意见。/)
    await expect(v).toHaveValue(/A2 下周二开会。/)
  }
  await expect.poll(async () => (await notes(a).inputValue()) === (await notes(b).inputValue())).toBe(true)
  await expect(syncStatus(a)).toHaveAttribute('data-pending', '0')

  await ctxA.close()
  await ctxB.close()
})
