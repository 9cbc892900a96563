/**
 * The admin organisation page and the staff home (issue #20): the admin imports a small tree from a
 * CSV — a file with one bad row shows that row's reason and changes nothing, the fixed file shows a
 * preview and imports, the same tree as .xlsx previews as unchanged — renames a community, places a
 * council in it, invites a street worker. The worker activates on another device (phone size) and
 * lands on the staff home with exactly their street's part of the tree, each node with its figures,
 * queue and report. Removed again by the admin, the worker's device can no longer renew its session.
 */
import { expect, test } from '@playwright/test'
import { adminSession, createCompound, fill, tablet } from './helpers'

const n = String(Date.now()).slice(-6)
const ID = { district: `od${n}`, street: `os${n}`, other: `ox${n}`, m1: `om${n}a`, m2: `om${n}b`, m3: `om${n}c` }
const WORKER = { phone: `136${n}55`, name: '陈干事', password: 'street-pass-2024' }

const csv = (rows: string[]) => ({
  name: 'org.csv',
  mimeType: 'text/csv',
  buffer: Buffer.from(`\uFEFF编号,类型,名称,上级编号\n${rows.join('\n')}\n`),
})
async function xlsx(rows: string[]) {
  const { default: ExcelJS } = await import('exceljs')
  const book = new ExcelJS.Workbook()
  const sheet = book.addWorksheet('组织架构')
  for (const r of ['编号,类型,名称,上级编号', ...rows]) sheet.addRow(r.split(','))
  const buffer = Buffer.from(await book.xlsx.writeBuffer())
  return { name: 'org.xlsx', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer }
}
const GOOD = [
  `${ID.district},区,川汇区,`,
  `${ID.street},街道,陈州街道,${ID.district}`,
  `${ID.other},街道,七一路街道,${ID.district}`,
  `${ID.m1},社区,邮政社区,${ID.street}`,
  `${ID.m2},社区,八一社区,${ID.street}`,
  `${ID.m3},社区,化肥厂社区,${ID.other}`,
]

test('admin builds the tree; a street worker lands on exactly their subtree', async ({ browser, request }) => {
  test.setTimeout(180_000)
  const admin = await adminSession(request)
  const councilId = await createCompound(request, admin, `邮政小区（组织${n}）`)
  const { ctx, page } = await tablet(browser, admin)

  // The entry is on the home page, with the admin's other tools.
  await page.goto('/')
  await page.getByTestId('admin-org-link').click()
  await expect(page).toHaveURL(/\/admin\/org$/)
  await expect(page.getByTestId('org-admin')).toBeVisible()
  const row = (id: string) => page.locator(`[data-testid="org-row"][data-node="${id}"]`)

  // 1. One bad row (a 镇 is not a kind): its line and reason in Chinese, nothing changes.
  const bad = [...GOOD.slice(0, 4), `${ID.m2},镇,八一社区,${ID.street}`, ...GOOD.slice(5)]
  await page.getByTestId('org-file').setInputFiles(csv(bad))
  const errors = page.getByTestId('org-import-error')
  await expect(errors).toHaveCount(1)
  await expect(errors.first()).toHaveAttribute('data-line', '6')
  await expect(errors.first()).toContainText('第 6 行')
  await expect(errors.first()).toContainText('类型“镇”无效')
  await expect(page.getByTestId('org-import-preview')).toHaveCount(0)
  await expect(row(ID.district)).toHaveCount(0)
  const stored = await request.get('/api/org', { headers: { authorization: `Bearer ${admin.accessToken}` } })
  expect(((await stored.json()) as { nodes: Array<{ id: string }> }).nodes.some((x) => x.id === ID.district)).toBe(
    false,
  )

  // 2. The fixed file: a preview first (nothing written yet), then the import.
  await page.getByTestId('org-file').setInputFiles(csv(GOOD))
  await expect(page.getByTestId('org-import-preview')).toBeVisible()
  await expect(page.getByTestId('plan-added')).toHaveText('新建 6 个')
  await expect(page.getByTestId('plan-added-node')).toHaveCount(6)
  await expect(row(ID.district)).toHaveCount(0)
  await page.getByTestId('org-import-confirm').click()
  await expect(page.getByTestId('org-import-done')).toContainText('已导入：6 个组织')
  await expect(row(ID.district)).toBeVisible()
  // The same tree saved from Excel (.xlsx, read with the roll import's reader): nothing new to do.
  await page.getByTestId('org-file').setInputFiles(await xlsx(GOOD))
  await expect(page.getByTestId('org-import-preview')).toBeVisible()
  await expect(page.getByTestId('plan-added')).toHaveText('新建 0 个')
  await expect(page.getByTestId('org-import-preview')).toContainText('6 个不变')
  await page.getByTestId('org-import-preview').getByRole('button', { name: '取消' }).click()
  await expect(row(ID.district).getByTestId('org-row-counts').first()).toHaveText('2 个街道 · 3 个社区 · 0 个小区')

  // 3. Rename a community (the panel opens on the chosen node).
  await row(ID.m1).getByRole('button').first().click()
  await expect(page).toHaveURL(new RegExp(`node=${ID.m1}`))
  const panel = page.getByTestId('node-panel')
  await expect(panel.getByTestId('node-edit').getByLabel('上级', { exact: true })).toHaveValue(ID.street) // its street, by name in the picker
  await panel.getByTestId('node-edit').getByLabel('名称').fill('邮政新村社区')
  await panel.getByTestId('node-save').click()
  await expect(panel.getByTestId('node-ok')).toHaveText('已保存')
  await expect(row(ID.m1).getByTestId('org-row-name')).toHaveText('邮政新村社区')

  // Deleting a street with communities is refused with the reason, before anything is sent.
  await row(ID.street).getByRole('button').first().click()
  await page.getByTestId('node-panel').getByTestId('node-delete').click()
  await expect(page.getByTestId('node-error')).toHaveText('不能删除：请先删除或移走它的下级组织。')
  await expect(row(ID.street)).toBeVisible()

  // 4. Place the council in the renamed community.
  await row(ID.m1).getByRole('button').first().click()
  await page.getByTestId('place-council-select').selectOption(councilId)
  await page.getByTestId('place-council').getByRole('button', { name: '归入本社区' }).click()
  await expect(page.getByTestId('councils-ok')).toContainText('已归入 邮政新村社区')
  await expect(row(ID.m1).locator(`[data-testid="org-council"][data-council="${councilId}"]`)).toBeVisible()
  await expect(row(ID.district).getByTestId('org-row-counts').first()).toHaveText('2 个街道 · 3 个社区 · 1 个小区')

  // 5. Invite a street worker (viewer): a code to hand over; the phone is masked in the list.
  await row(ID.street).getByRole('button').first().click()
  const invite = page.getByTestId('staff-invite')
  await fill(page, 'staff-invite', { phone: WORKER.phone, name: WORKER.name })
  await invite.getByTestId('staff-role-org_viewer').check()
  await page.getByTestId('staff-invite-submit').click()
  const code = (await page.getByTestId('staff-invite-code').textContent())!.trim()
  expect(code).toMatch(/^\d{6}$/)
  const entry = page.getByTestId('staff-entry')
  await expect(entry).toHaveCount(1)
  await expect(entry.getByTestId('staff-phone')).toHaveText(`${WORKER.phone.slice(0, 3)}****${WORKER.phone.slice(7)}`)
  await expect(entry.getByTestId('staff-pending')).toBeVisible()
  await entry.getByRole('button', { name: '显示号码' }).click()
  await expect(entry.getByTestId('staff-phone')).toHaveText(WORKER.phone)
  await ctx.close()

  // 6. The worker on their own phone: activate with the code → the staff home, their street only.
  const phoneCtx = await browser.newContext({ viewport: { width: 360, height: 780 } })
  const worker = await phoneCtx.newPage()
  await worker.goto('/')
  await worker.getByTestId('to-activate').click()
  await fill(worker, 'activate-form', {
    phone: WORKER.phone,
    inviteCode: code,
    password: WORKER.password,
    password2: WORKER.password,
  })
  await worker.getByTestId('activate-form').getByRole('button', { name: '激活并登录' }).click()
  await expect(worker).toHaveURL(/\/staff$/)
  await expect(worker.getByTestId('staff-section')).toHaveCount(1)
  await expect(worker.getByTestId('staff-section')).toHaveAttribute('data-node', ID.street)
  await expect(worker.getByTestId('staff-roles')).toContainText('街道/社区工作人员')
  const nodes = worker.getByTestId('staff-node')
  expect(await nodes.evaluateAll((els) => els.map((e) => e.getAttribute('data-node')))).toEqual([
    ID.street,
    ID.m2, // 八一 (bā) before 邮政 (yóu)
    ID.m1,
  ])
  expect(
    await worker.getByTestId('staff-council').evaluateAll((els) => els.map((e) => e.getAttribute('data-council'))),
  ).toEqual([councilId])
  await expect(worker.getByText('化肥厂社区')).toHaveCount(0)
  await expect(worker.getByText('七一路街道')).toHaveCount(0)
  // Each node: figures, queue and report.
  const street = nodes.first()
  await expect(street.getByTestId('staff-queue')).toHaveAttribute('href', `/q/${ID.street}`)
  await expect(street.getByTestId('staff-report')).toHaveAttribute('href', `/org/${ID.street}/report`)
  await street.getByTestId('staff-dashboard').click()
  await expect(worker).toHaveURL(new RegExp(`/org/${ID.street}$`))
  // Nothing scrolls sideways on the phone.
  await worker.goto('/staff')
  await expect(worker.getByTestId('staff-section')).toBeVisible()
  expect(await worker.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360)

  // 7. The admin removes them: their only role gone, this device's session cannot be renewed.
  const renew = () => phoneCtx.request.post('/api/refresh', { headers: { 'X-Yishi-Session': 'cookie' } })
  expect((await renew()).status()).toBe(200) // the device's refresh cookie works while they are staff
  const again = await tablet(browser, admin)
  await again.page.goto(`/admin/org?node=${ID.street}`)
  await again.page.getByTestId('staff-entry').getByTestId('staff-remove').click()
  await expect(again.page.getByTestId('staff-ok')).toHaveText(`已移除 ${WORKER.name}`)
  await expect(again.page.getByTestId('staff-entry')).toHaveCount(0)
  // An empty community can go (confirmed in the dialog); the page says so.
  await again.page.locator(`[data-testid="org-row"][data-node="${ID.m3}"]`).getByRole('button').first().click()
  await again.page.getByTestId('node-panel').getByTestId('node-delete').click()
  await expect(again.page.getByTestId('org-notice')).toHaveText('已删除 化肥厂社区')
  await expect(again.page.locator(`[data-testid="org-row"][data-node="${ID.m3}"]`)).toHaveCount(0)
  await again.ctx.close()
  expect((await renew()).status()).toBe(401)
  await phoneCtx.close()
})
