/**
 * Issue #15, item 7: the invite form resets after each invite and shows only the scope field the chosen
 * role uses, so a resident invited right after two unit heads does not silently get their units.
 */
import { expect, test } from '@playwright/test'
import { adminSession, createCompound, createMember, tablet } from './helpers'

test('invite form: scope fields per role, cleared after each invite', async ({ browser, request }) => {
  const admin = await adminSession(request)
  const councilId = await createCompound(request, admin, `邀请小区 ${Date.now().toString(36)}`)
  const n = String((Date.now() + 29) % 10000).padStart(4, '0')
  const chair = await createMember(request, admin, councilId, { phone: `1359000${n}`, name: '周主任', role: 'chair' })
  const { ctx, page } = await tablet(browser, chair)
  await page.goto(`/c/${councilId}`)
  const form = page.getByTestId('invite-form')
  const role = form.locator('select[name="role"]')
  // A chair may not appoint a chair (only admins do): not offered.
  await expect(role.locator('option[value="chair"]')).toHaveCount(0)
  await expect(role.locator('option[value="secretary"]')).toHaveCount(1)

  const invite = async (phone: string, name: string, r: string, field?: [string, string]) => {
    await role.selectOption(r)
    await form.locator('[name="phone"]').fill(phone)
    await form.locator('[name="name"]').fill(name)
    if (field) await form.locator(`[name="${field[0]}"]`).fill(field[1])
    await form.getByRole('button', { name: '邀请' }).click()
    await expect(page.getByTestId('invite-result')).toContainText(name)
  }
  await invite(`1359100${n}`, '单元长甲', 'unit_head', ['units', '3-1'])
  await expect(form.locator('[name="units"]')).toHaveValue('')
  await invite(`1359200${n}`, '单元长乙', 'unit_head', ['units', '3-2'])
  await role.selectOption('resident')
  await expect(form.locator('[name="units"]')).toHaveCount(0)
  await expect(form.locator('[name="buildings"]')).toHaveCount(0)
  await expect(form.locator('[name="households"]')).toHaveValue('')
  await invite(`1359300${n}`, '住户丙', 'resident')
  await role.selectOption('member')
  for (const f of ['buildings', 'units', 'households']) await expect(form.locator(`[name="${f}"]`)).toHaveCount(0)

  const res = await request.get(`/api/councils/${councilId}/members`, {
    headers: { Authorization: `Bearer ${chair.accessToken}` },
  })
  const { members } = (await res.json()) as { members: Array<{ name: string; role: string; scope: object }> }
  expect(members.find((m) => m.name === '住户丙')).toMatchObject({ role: 'resident', scope: {} })
  expect(members.find((m) => m.name === '单元长乙')).toMatchObject({ role: 'unit_head', scope: { units: ['3-2'] } })
  await ctx.close()
})
