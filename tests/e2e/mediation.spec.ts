/**
 * Mediation, end to end against the real server: a grid worker opens a case OFFLINE on a phone
 * (390×844), syncs and assigns a mediator; the mediator on a tablet (in another time zone — every
 * rule counts Asia/Shanghai days) gets it through the redacted case list, records a session and a
 * written agreement, both parties and the mediator sign on the pad, the print view carries every
 * Art. 29 part; the follow-up plan starts on the effective day and, with a fixed clock
 * (Playwright `page.clock.setFixedTime` — the app reads Date.now only), a missed visit is overdue.
 */
import { expect, test, type Page } from '@playwright/test'
import { inflateSync } from 'node:zlib'
import { adminSession, createCompound, createMember, fill, signIn, syncStatus, waitForServiceWorker } from './helpers'

const GRID = { phone: '13700000301', name: '张网格', role: 'grid_worker' }
const MEDIATOR = { phone: '13700000302', name: '刘调解', role: 'mediator' }

/** Dark pixels in a Playwright PNG screenshot (8-bit RGB/RGBA, not interlaced): "not blank". */
function darkPixels(png: Buffer): number {
  let pos = 8
  let width = 0
  let channels = 4
  const idat: Buffer[] = []
  while (pos < png.length) {
    const len = png.readUInt32BE(pos)
    const type = png.toString('ascii', pos + 4, pos + 8)
    const data = png.subarray(pos + 8, pos + 8 + len)
    if (type === 'IHDR') {
      width = data.readUInt32BE(0)
      channels = data[9] === 6 ? 4 : 3
    } else if (type === 'IDAT') idat.push(data)
    pos += 12 + len
  }
  const raw = inflateSync(Buffer.concat(idat))
  const stride = width * channels
  const prev = Buffer.alloc(stride)
  const cur = Buffer.alloc(stride)
  let dark = 0
  for (let off = 0; off < raw.length; off += stride + 1) {
    const filter = raw[off]!
    for (let i = 0; i < stride; i++) {
      const x = raw[off + 1 + i]!
      const a = i >= channels ? cur[i - channels]! : 0
      const b = prev[i]!
      const c = i >= channels ? prev[i - channels]! : 0
      const p = a + b - c
      const pa = Math.abs(p - a),
        pb = Math.abs(p - b),
        pc = Math.abs(p - c)
      const paeth = pa <= pb && pa <= pc ? a : pb <= pc ? b : c
      cur[i] = (x + [0, a, b, (a + b) >> 1, paeth][filter]!) & 0xff
    }
    for (let i = 0; i < stride; i += channels) if (cur[i]! < 128 && cur[i + 1]! < 128 && cur[i + 2]! < 128) dark++
    cur.copy(prev)
  }
  return dark
}

async function drawSignature(page: Page): Promise<void> {
  const box = (await page.getByTestId('signature-pad').boundingBox())!
  await page.mouse.move(box.x + 30, box.y + box.height * 0.6)
  await page.mouse.down()
  for (let i = 1; i <= 12; i++)
    await page.mouse.move(box.x + 30 + i * 25, box.y + box.height * (0.6 + 0.25 * Math.sin(i)))
  await page.mouse.up()
  await page.getByTestId('sign-confirm').click()
  await expect(page.getByTestId('signature-dialog')).toHaveCount(0)
}

test('grid worker opens a case offline; mediator mediates, both parties sign, follow-ups go overdue', async ({
  browser,
  request,
}) => {
  test.setTimeout(180_000)
  const admin = await adminSession(request)
  const councilId = await createCompound(request, admin, '调解测试小区')
  const grid = await createMember(request, admin, councilId, GRID)
  const mediator = await createMember(request, admin, councilId, MEDIATOR)

  // ---- the grid worker's phone, offline on the scene
  const phoneCtx = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true })
  await signIn(phoneCtx, grid)
  const phone = await phoneCtx.newPage()
  await phone.goto(`/c/${councilId}/cases`)
  await waitForServiceWorker(phone)
  await expect(phone.getByTestId('case-list')).toBeVisible()
  await phoneCtx.setOffline(true)
  await phone.getByTestId('case-new').click()
  await expect(phone.getByTestId('intake-form')).toBeVisible()
  const caseId = /\/cases\/([^/]+)$/.exec(phone.url())![1]!
  const form = phone.getByTestId('intake-form')
  await form.locator('[name="type"]').selectOption('noise')
  await form.locator('[name="urgency"]').selectOption('critical')
  await fill(phone, 'intake-form', {
    building: '3',
    flat: '402',
    description: '楼上住户因噪音持菜刀下楼理论，网格员两分钟到场劝阻',
    reportedAt: '2025-01-30T09:00',
    arrivedAt: '2025-01-30T09:02',
    'p0.name': '王大爷',
    'p0.phone': '13912345678',
    'p0.relationship': '楼下住户',
    'p1.name': '李先生',
    'p1.phone': '13800001111',
    'p1.relationship': '楼上住户',
  })
  await phone.getByTestId('intake-submit').click()
  await expect(phone.getByTestId('case-summary')).toContainText('邻里噪音')
  await expect(phone.getByTestId('response-time')).toHaveText('2 分钟')
  await expect(phone.getByTestId('parties')).toContainText('139****5678')
  await expect(phone.getByTestId('parties')).not.toContainText('13912345678')
  expect(Number(await syncStatus(phone).getAttribute('data-pending'))).toBeGreaterThan(0)

  // ---- back online: the case syncs; the grid worker assigns the mediator as lead
  await phoneCtx.setOffline(false)
  await expect(syncStatus(phone)).toHaveAttribute('data-pending', '0', { timeout: 15_000 })
  await phone.reload()
  await phone.getByTestId(`assignee-${mediator.user.id}`).check()
  await phone.getByTestId('assign-save').click()
  await phone.getByTestId('lead').selectOption(mediator.user.id)
  await expect(phone.getByTestId('need-lead')).toHaveCount(0)
  await expect(syncStatus(phone)).toHaveAttribute('data-pending', '0', { timeout: 15_000 })

  // ---- the mediator's tablet, with a fixed clock in another time zone
  const tabletCtx = await browser.newContext({
    viewport: { width: 1024, height: 1366 },
    hasTouch: true,
    timezoneId: 'America/New_York',
  })
  await signIn(tabletCtx, mediator)
  const tablet = await tabletCtx.newPage()
  await tablet.clock.setFixedTime(new Date('2025-01-30T10:00:00+08:00'))
  await tablet.goto(`/c/${councilId}/cases`)
  const row = tablet.locator(`[data-testid="case-row"][data-case="${caseId}"]`)
  await expect(row).toBeVisible({ timeout: 15_000 })
  await expect(tablet.getByTestId('case-list')).not.toContainText('王大爷')
  await row.locator('a').click()
  await expect(tablet.getByTestId('case-summary')).toContainText('邻里噪音')

  await fill(tablet, 'session-form', {
    place: '社区调解室',
    attendees: '王大爷、李先生、司法所陈所长、卫生服务中心周医生',
    said: '双方陈述噪音经过，李先生承认持刀下楼不妥',
    outcome: '双方同意调解',
  })
  await tablet.getByTestId('session-submit').click()
  await expect(tablet.getByTestId('session')).toContainText('李先生承认持刀下楼不妥')

  await fill(tablet, 'agreement-form', {
    facts: '2025年1月30日，因楼上夜间噪音，双方发生冲突，李先生持菜刀下楼理论。',
    issues: '夜间噪音及持刀威胁',
    responsibility: '李先生对持刀威胁负主要责任；王大爷夜间噪音负次要责任。',
    't0.text': '李先生向王大爷当面赔礼道歉',
    't0.how': '当面口头道歉',
    't0.dueDays': '3',
  })
  await tablet.getByTestId('agreement-save').click()
  for (let i = 0; i < 2; i++) {
    await tablet.getByTestId('sign-party').first().click()
    await drawSignature(tablet)
  }
  await tablet.getByTestId('sign-mediator').click()
  await drawSignature(tablet)
  // Art. 29: not in effect until the committee's seal is recorded
  await expect(tablet.getByTestId('agreement-effect')).not.toHaveAttribute('data-effective-day', /./)
  tablet.once('dialog', (d) => void d.accept())
  await tablet.getByTestId('sign-seal').click()
  await expect(tablet.getByTestId('agreement-effect')).toHaveAttribute('data-effective-day', '2025-01-30')
  // day 30 = Saturday 2025-03-01, a rest day → Monday 2025-03-03, with the rule shown
  await expect(tablet.getByTestId('confirm-window')).toHaveAttribute('data-deadline', '2025-03-03')
  await expect(tablet.getByTestId('confirm-window')).toContainText('至 2025年3月3日 周一')
  await expect(tablet.getByTestId('confirm-moved')).toContainText('2025年3月1日 周六 是休息日')
  await expect(tablet.getByTestId('case-status')).toHaveText('已达成协议')

  // the default plan starts on the effective day; record today's contact
  await expect(tablet.getByTestId('slot')).toHaveCount(14)
  await expect(tablet.getByTestId('slot').first()).toHaveAttribute('data-due', '2025-01-31')
  await tablet.getByTestId('visit-form').locator('[name="how"]').selectOption('phone')
  await tablet.getByTestId('visit-form').locator('[name="notes"]').fill('电话回访，双方情绪平稳')
  await tablet.getByTestId('visit-submit').click()
  await expect(tablet.getByTestId('visit')).toHaveCount(1)
  await expect(tablet.getByTestId('slot').first()).toHaveAttribute('data-state', 'done')
  await expect(tablet.getByTestId('care-overdue')).toHaveCount(0)
  await expect(syncStatus(tablet)).toHaveAttribute('data-pending', '0', { timeout: 15_000 })

  // ---- the agreement, printed
  await tablet.getByTestId('agreement-print-link').click()
  const print = tablet.getByTestId('agreement-print')
  await expect(tablet.getByTestId('print-copy')).toHaveCount(3) // one per party + the committee
  await tablet.emulateMedia({ media: 'print' })
  const first = tablet.getByTestId('print-copy').first()
  for (const part of [
    '人民调解协议书',
    '当事人基本情况',
    '王大爷',
    '李先生',
    '纠纷的主要事实、争议事项',
    '持菜刀下楼理论',
    '夜间噪音及持刀威胁',
    '各方当事人的责任',
    '李先生对持刀威胁负主要责任',
    '自愿达成如下协议',
    '李先生向王大爷当面赔礼道歉',
    '履行方式',
    '当面口头道歉',
    '协议生效后 3 日内（2025年2月2日 周日 前）',
    '申请期限至 2025年3月3日 周一',
    '第三十日 2025年3月1日 周六 是休息日',
    '《民事诉讼法》第八十五条',
    '人民调解委员会留存一份',
    '人民调解员',
  ]) {
    await expect(first).toContainText(part)
  }
  await expect(first).not.toContainText('13912345678')
  await expect(first.locator('.print-sig__img')).toHaveCount(3)
  await expect(tablet.locator('.app-header')).toBeHidden()
  const shot = await print.screenshot({ path: test.info().outputPath('agreement-print.png') })
  expect(darkPixels(shot)).toBeGreaterThan(2000)
  await tablet.emulateMedia({ media: 'screen' })

  // ---- three days later, the contact due on 1 Feb was missed (across the month end)
  await tablet.clock.setFixedTime(new Date('2025-02-02T09:00:00+08:00'))
  await tablet.goto(`/c/${councilId}/cases/${caseId}`)
  await expect(tablet.getByTestId('care-overdue')).toHaveAttribute('data-days', '1')
  await expect(tablet.getByTestId('care-overdue')).toContainText('2025年2月1日')
  await expect(tablet.locator('[data-testid="slot"][data-due="2025-02-01"]')).toHaveAttribute('data-state', 'missed')
  await tablet.goto(`/c/${councilId}/cases`)
  await expect(tablet.locator(`[data-testid="due-item"][data-case="${caseId}"]`).first()).toContainText('逾期 1 天')

  await phoneCtx.close()
  await tabletCtx.close()
})
