/**
 * Council meetings on tablets: three signed-in devices co-edit the minutes and add action items
 * while all offline, then converge; presence shows names and carets; the chair seals; the sealed
 * minutes are read-only everywhere and print on A4 with the Chinese text visible.
 */
import { expect, test, type Page } from '@playwright/test'
import { mkdirSync } from 'node:fs'
import { newCouncil, SHOTS_DIR, syncStatus, tablet, type ApiSession } from './helpers'

let councilId = ''
let chair: ApiSession
let secretary: ApiSession
let member: ApiSession

test.beforeAll(async ({ request }) => {
  const c = await newCouncil(request, '会议测试小区')
  councilId = c.councilId
  chair = await c.member('1350000', '张主任', 'chair')
  secretary = await c.member('1351000', '王秘书', 'secretary')
  member = await c.member('1352000', '李委员', 'member')
})

const editor = (p: Page) => p.getByTestId('minutes-content')

async function openMeeting(p: Page, url: string): Promise<void> {
  await p.goto(url)
  await expect(p.getByTestId('meeting-header')).toHaveAttribute('data-ready', 'true')
  await expect(editor(p)).toBeVisible()
  await expect(syncStatus(p)).toHaveAttribute('data-state', 'online')
}

/** Types a new paragraph at the end of the minutes, like a person adding a line. */
async function addParagraph(p: Page, text: string): Promise<void> {
  await editor(p).click()
  await p.keyboard.press('ControlOrMeta+End')
  await p.keyboard.press('Enter')
  await p.keyboard.type(text)
}

async function addAction(p: Page, what: string, owner: string, due: string): Promise<void> {
  const general = p.getByTestId('item-records').last()
  await general.getByTestId('action-what').fill(what)
  await general.getByTestId('action-owner').fill(owner)
  await general.getByTestId('action-due').fill(due)
  await general.getByTestId('action-add').click()
}

const count = (hay: string, needle: string) => hay.split(needle).length - 1

let meetingUrl = ''

test('three tablets edit offline, converge without loss or duplication; presence shows names and carets', async ({
  browser,
}) => {
  const a = await tablet(browser, chair)
  const b = await tablet(browser, secretary)
  const c = await tablet(browser, member)

  await a.page.goto(`/c/${councilId}/meetings`)
  await a.page.getByLabel('会议名称').fill('三月议事会')
  await a.page.getByLabel('地点').fill('邻里服务中心')
  await a.page.getByTestId('meeting-create').click()
  await expect(a.page).toHaveURL(/\/meetings\/m_[a-z0-9]+$/)
  meetingUrl = new URL(a.page.url()).pathname
  await expect(a.page.getByTestId('meeting-header')).toContainText('三月议事会')
  await a.page.getByTestId('agenda-title').fill('路灯维修')
  await a.page.getByTestId('agenda-add').click()
  await expect(a.page.getByTestId('agenda-item')).toHaveCount(1)

  for (const t of [a, b, c]) await openMeeting(t.page, meetingUrl)
  await expect(b.page.getByTestId('agenda-item')).toContainText('路灯维修')

  // Presence: names of the others, and their coloured carets once they type.
  await expect(a.page.getByTestId('presence-peer')).toHaveCount(2)
  await expect(a.page.getByTestId('presence')).toContainText('王秘书')
  await expect(a.page.getByTestId('presence')).toContainText('李委员')
  await addParagraph(b.page, '王秘书在线记录。')
  await expect(editor(a.page)).toContainText('王秘书在线记录。')
  await expect(a.page.locator('.collaboration-carets__label', { hasText: '王秘书' })).toBeVisible()
  await addParagraph(c.page, '李委员在线补充。')
  await expect(b.page.locator('.collaboration-carets__label', { hasText: '李委员' })).toBeVisible()
  await expect(editor(a.page)).toContainText('李委员在线补充。')

  // All three go offline, each types a paragraph and adds an action item.
  for (const t of [a, b, c]) await t.ctx.setOffline(true)
  for (const t of [a, b, c]) await expect(syncStatus(t.page)).toHaveAttribute('data-state', 'offline')
  const lines = {
    a: 'A离线：路灯更换十二盏，物业负责报价。',
    b: 'B离线：下水道疏通安排在周六上午。',
    c: 'C离线：停车位划线需征求业主意见。',
  }
  await addParagraph(a.page, lines.a)
  await addParagraph(b.page, lines.b)
  await addParagraph(c.page, lines.c)
  await addAction(a.page, '联系物业报价', '周经理', '2025-04-01')
  await addAction(b.page, '预约疏通车辆', '王秘书', '2025-04-05')
  await addAction(c.page, '张贴停车意见征集', '李委员', '2025-04-10')
  await expect(editor(a.page)).not.toContainText(lines.b)

  for (const t of [a, b, c]) await t.ctx.setOffline(false)
  for (const t of [a, b, c]) {
    await expect(syncStatus(t.page)).toHaveAttribute('data-state', 'online')
    await expect(syncStatus(t.page)).toHaveAttribute('data-pending', '0', { timeout: 20_000 })
  }

  const all = [...Object.values(lines), '王秘书在线记录。', '李委员在线补充。']
  await expect
    .poll(
      async () => {
        const texts = await Promise.all([a, b, c].map((t) => editor(t.page).innerText()))
        return texts.every((x) => x === texts[0]) && all.every((l) => count(texts[0]!, l) === 1)
      },
      { timeout: 20_000 },
    )
    .toBe(true)
  for (const t of [a, b, c]) {
    const actions = t.page.getByTestId('action-item')
    await expect(actions).toHaveCount(3)
    for (const w of ['联系物业报价', '预约疏通车辆', '张贴停车意见征集'])
      await expect(actions.filter({ hasText: w })).toHaveCount(1)
  }
  for (const t of [a, b, c]) await t.ctx.close()
})

test('the chair seals; edits are refused everywhere; the sealed minutes print on A4', async ({ browser }) => {
  test.skip(!meetingUrl, 'needs the meeting from the first test')
  const a = await tablet(browser, chair)
  const c = await tablet(browser, member)
  await openMeeting(a.page, meetingUrl)
  await openMeeting(c.page, meetingUrl)

  // Sign-in: one by tap, one by handwritten signature; a decision with a show of hands.
  await a.page.getByTestId('invitee-name').fill('张主任')
  await a.page.getByTestId('invitee-add').click()
  await a.page.getByTestId('invitee-name').fill('李委员')
  await a.page.getByTestId('invitee-add').click()
  await a.page.getByTestId('attendee').filter({ hasText: '张主任' }).getByRole('button', { name: '签到' }).click()
  await a.page.getByTestId('attendee').filter({ hasText: '李委员' }).getByTestId('sign-signature').click()
  const pad = await a.page.getByTestId('signature-pad').boundingBox()
  await a.page.mouse.move(pad!.x + 40, pad!.y + 100)
  await a.page.mouse.down()
  for (let i = 1; i <= 20; i++) await a.page.mouse.move(pad!.x + 40 + i * 20, pad!.y + 100 + Math.sin(i / 2) * 40)
  await a.page.mouse.up()
  await a.page.getByTestId('signature-save').click()
  await expect(a.page.getByTestId('quorum')).toHaveAttribute('data-quorum', 'true')
  const first = a.page.getByTestId('item-records').first()
  await first.getByTestId('decision-text').fill('同意更换十二盏路灯')
  await first.getByLabel('赞成').fill('7')
  await first.getByLabel('反对').fill('1')
  await first.getByLabel('弃权').fill('0')
  await first.getByTestId('decision-add').click()
  await a.page.getByTestId('save-version').click()
  await expect(a.page.getByTestId('version')).toHaveCount(1)
  await expect(syncStatus(a.page)).toHaveAttribute('data-pending', '0')

  await expect(a.page.getByTestId('seal')).toBeEnabled()
  await a.page.getByTestId('seal').click()
  await expect(a.page.getByTestId('seal-verified')).toContainText('校验通过')
  const hash = (await a.page.getByTestId('seal-hash').innerText()).trim()
  expect(hash).toMatch(/^[0-9a-f]{64}$/)
  await expect(c.page.getByTestId('seal-hash')).toHaveText(hash)
  await expect(editor(c.page)).toHaveAttribute('contenteditable', 'false')
  await expect(editor(a.page)).toHaveAttribute('contenteditable', 'false')
  const before = await editor(c.page).innerText()
  // Typing into a sealed editor changes nothing (the server would refuse it anyway).
  await editor(c.page).click()
  await c.page.keyboard.type('定稿后的修改')
  await expect(editor(c.page)).not.toContainText('定稿后的修改')
  expect(await editor(a.page).innerText()).toBe(before)
  await expect(a.page.getByTestId('addendum')).toBeVisible()

  // Print.
  await a.page.getByTestId('open-print').click()
  await expect(a.page.getByTestId('minutes-print')).toHaveAttribute('data-qr', 'ready')
  await expect(a.page.getByTestId('print-hash')).toHaveText(hash)
  await expect(a.page.getByTestId('minutes-print')).toContainText('三月议事会会议纪要')
  await expect(a.page.getByTestId('minutes-print')).toContainText('同意更换十二盏路灯')
  await expect(a.page.getByTestId('minutes-print')).toContainText('联系物业报价')
  await a.page.emulateMedia({ media: 'print' })
  await expect(a.page.locator('.app-header')).toBeHidden()
  mkdirSync(SHOTS_DIR, { recursive: true })
  const shot = await a.page.screenshot({ path: `${SHOTS_DIR}/minutes-print.png`, fullPage: true })
  const dark = await a.page.evaluate(async (b64) => {
    const img = new Image()
    img.src = `data:image/png;base64,${b64}`
    await img.decode()
    const canvas = document.createElement('canvas')
    canvas.width = img.width
    canvas.height = img.height
    const g = canvas.getContext('2d')!
    g.drawImage(img, 0, 0)
    const px = g.getImageData(0, 0, img.width, img.height).data
    let n = 0
    for (let i = 0; i < px.length; i += 4) if (px[i]! + px[i + 1]! + px[i + 2]! < 200) n++
    return n
  }, shot.toString('base64'))
  expect(dark).toBeGreaterThan(5000)
  const pdf = await a.page.pdf({ format: 'A4', printBackground: true, preferCSSPageSize: true })
  expect(pdf.length).toBeGreaterThan(20_000)
  const head = pdf.toString('latin1')
  expect(head.startsWith('%PDF')).toBe(true)
  // A4 = 595 × 842 points.
  const box = /\/MediaBox \[0 0 ([\d.]+) ([\d.]+)\]/.exec(head)
  expect(Math.abs(Number(box?.[1]) - 595.3)).toBeLessThan(1)
  expect(Math.abs(Number(box?.[2]) - 841.9)).toBeLessThan(1)
  expect((head.match(/\/Type \/Page\b/g) ?? []).length).toBeGreaterThanOrEqual(1)
  await a.ctx.close()
  await c.ctx.close()
})
