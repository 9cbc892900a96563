/**
 * Forms pick flats from the roll and refuse at entry what the server would refuse (#17, #14):
 * a unit head's visit form — flats picked from the building → unit → flat grid (no typing), flats
 * outside the head's unit disabled, a typed one refused with the reason, nothing written.
 */
import { expect, test, type Page } from '@playwright/test'
import { newCouncil, signBallot, startVote, synced, tablet, type ApiSession } from './helpers'

let councilId = ''
let chair: ApiSession
let head: ApiSession
let proposalUrl = ''

test.beforeAll(async ({ request }) => {
  const c = await newCouncil(request, '表单小区', { roll: true })
  councilId = c.councilId
  chair = await c.member('1376100', '郑主任', 'chair')
  head = await c.member('1376200', '钱单元长', 'unit_head', { units: ['1-2'] })
})

async function publishPlan(page: Page): Promise<void> {
  await page.goto(`/c/${councilId}`)
  await page.getByTestId('open-proposals').click()
  await page.getByLabel('方案名称').fill('外墙改造方案')
  await page.getByTestId('proposal-create').click()
  await expect(page).toHaveURL(/\/proposals\/pr_[a-z0-9]+$/)
  proposalUrl = new URL(page.url()).pathname
  await expect(page.getByTestId('proposal-header')).toHaveAttribute('data-ready', 'true')
  await page.getByTestId('draft-budget').fill('100000')
  await page.getByTestId('draft-budget').blur()
  await page.getByTestId('item-add').click()
  const item = page.getByTestId('draft-item').nth(0)
  await item.getByTestId('item-title').fill('墙体美化')
  await item.getByTestId('item-cost').fill('50000')
  await item.getByTestId('item-cost').blur()
  await synced(page)
  await page.getByTestId('publish-version').click()
  await expect(page.getByTestId('version')).toHaveCount(1)
}

test('a unit head records a visit by picking the flat; flats outside the unit cannot be recorded', async ({
  browser,
}) => {
  const c = await tablet(browser, chair)
  await publishPlan(c.page)
  await c.ctx.close()

  const { ctx, page } = await tablet(browser, head)
  await page.goto(`${proposalUrl}/canvass`)
  await expect(page.getByTestId('canvass-header')).toHaveAttribute('data-ready', 'true')
  const picker = page.getByTestId('visit-flat-picker')
  // Building 1 → unit 2 → flat 0301: taps only.
  await picker.getByRole('button', { name: '1 号楼' }).click()
  await picker.getByRole('button', { name: '2 单元' }).click()
  await picker.locator('[data-household="1-2-0301"]').click()
  await expect(picker.getByTestId('flat-picked')).toHaveText('1 号楼 2 单元 0301')
  const form = page.getByTestId('visit-entry').getByTestId('visit-form')
  await form.getByTestId('outcome-visited').check()
  await form.getByTestId('opinion').nth(0).getByTestId('stance-support').check()
  await form.getByTestId('visit-save').click()
  await expect(form).toHaveCount(0)
  // Marked visited in the picker and in the walk list.
  await expect(picker.locator('[data-household="1-2-0301"]')).toContainText('已走访')
  await expect(page.locator('[data-testid="household"][data-household-id="1-2-0301"]')).toHaveAttribute(
    'data-status',
    'visited',
  )

  // Unit 1-1 is not the head's: its flats are shown but cannot be picked.
  await picker.getByRole('button', { name: '1 单元' }).click()
  await expect(picker.locator('[data-household="1-1-0101"]')).toBeDisabled()
  // Typing one (as from a paper list) gets the reason and no form: nothing can be written.
  await picker.getByLabel('住户').fill('1-1-0101')
  await expect(page.getByTestId('visit-refusal')).toHaveText('1-1-0101 不在您负责的单元')
  await expect(page.getByTestId('visit-entry').getByTestId('visit-form')).toHaveCount(0)
  await synced(page)
  await ctx.close()
})

test('a grid event is located by picking a whole building or a flat from the roll', async ({ browser }) => {
  const { ctx, page } = await tablet(browser, chair)
  const report = async (title: string, pick: (picker: ReturnType<Page['getByTestId']>) => Promise<void>) => {
    await page.goto(`/c/${councilId}/grid/events`)
    const form = page.getByTestId('event-form')
    await form.getByLabel('问题').fill(title)
    await form.getByLabel('地点').fill('楼道')
    await pick(form.getByTestId('event-flat-picker'))
    await form.getByTestId('event-submit').click()
    await expect(form.getByLabel('问题')).toHaveValue('')
    await page.getByTestId('event-item').filter({ hasText: title }).click()
    return page.getByTestId('event-place')
  }
  // A whole building: 3 号楼 → 整栋 3 号楼.
  const building = await report('3号楼楼道灯不亮', async (picker) => {
    await picker.getByRole('button', { name: '3 号楼', exact: true }).click()
    await picker.getByTestId('flat-picker-building').click()
    await expect(picker.getByTestId('flat-picker-building')).toHaveAttribute('aria-pressed', 'true')
  })
  await expect(building).toHaveText('楼道 3 号楼')
  // A flat: 3 号楼 → 1 单元 → 0201, marked afterwards as having an event.
  const flat = await report('0201漏水', async (picker) => {
    await picker.getByRole('button', { name: '3 号楼', exact: true }).click()
    await picker.getByRole('button', { name: '1 单元' }).click()
    await picker.locator('[data-household="3-1-0201"]').click()
    await expect(picker.getByTestId('flat-picked')).toHaveText('3 号楼 1 单元 0201')
  })
  await expect(flat).toHaveText('楼道 3 号楼 1 单元 0201')
  await page.goto(`/c/${councilId}/grid/events`)
  const picker = page.getByTestId('event-flat-picker')
  await picker.getByRole('button', { name: '3 号楼', exact: true }).click()
  await picker.getByRole('button', { name: '1 单元' }).click()
  await expect(picker.locator('[data-household="3-1-0201"]')).toContainText('✓')
  await synced(page)
  await ctx.close()
})

test('the ballot form picks the flat from the grid and marks flats voted and signed (tablet signature)', async ({
  browser,
}) => {
  const { ctx, page } = await tablet(browser, chair)
  await startVote(page, councilId, { title: '外墙改造表决', question: '是否同意外墙改造' })
  const form = page.getByTestId('ballot-form')
  const picker = form.getByTestId('ballot-flat-picker')
  await picker.getByRole('button', { name: '1 号楼', exact: true }).click()
  await picker.getByRole('button', { name: '2 单元' }).click()
  await picker.locator('[data-household="1-2-0101"]').click()
  await expect(picker.getByTestId('flat-picked')).toHaveText('1 号楼 2 单元 0101')
  await page.getByTestId('choice-agree').click()
  const tabletChannel = form.locator('input[name="channel"][value="tablet"]')
  if (await tabletChannel.count()) await tabletChannel.check()
  await form.locator('input[name="voterName"]').fill('户主')
  await signBallot(page)
  await page.getByTestId('ballot-submit').click()
  await expect(page.getByTestId('ballot-msg')).toContainText('1-2-0101')
  await picker.getByRole('button', { name: '1 号楼', exact: true }).click()
  await picker.getByRole('button', { name: '2 单元' }).click()
  await expect(picker.locator('[data-household="1-2-0101"]')).toContainText('已投 · 已签名')
  await expect(picker.locator('[data-household="1-2-0102"]')).not.toContainText('已')
  await synced(page)
  await ctx.close()
})
