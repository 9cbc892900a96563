/**
 * The printed notice's QR code and its short link both open the human verify page (issue #17), and
 * a voter's receipt code typed there finds their ballot (issue #16): the chair records two paper
 * ballots (receipt slips shown), closes, prints the notice; a phone that has never signed in opens
 * the short link and the QR's URL.
 */
import QRCode from 'qrcode'
import { expect, test, type Browser, type Page } from '@playwright/test'
import { newCouncil, recordPaperBallot, signIn, startVote, type ApiSession } from './helpers'

let councilId: string
let chair: ApiSession

test.beforeAll(async ({ request }) => {
  const c = await newCouncil(request, '邮政小区（核对）', { roll: true })
  councilId = c.councilId
  chair = await c.member('1362222', '王主任', 'chair')
})

async function device(browser: Browser, session: ApiSession | null): Promise<Page> {
  const ctx = await browser.newContext({ viewport: { width: 390, height: 844 } })
  if (session) await signIn(ctx, session)
  const page = await ctx.newPage()
  page.on('dialog', (d) => void d.accept())
  return page
}

async function paperBallot(page: Page, household: string, choice: 'agree' | 'oppose', serial: string): Promise<string> {
  await recordPaperBallot(page, household, serial, choice)
  const code = (await page.getByTestId('receipt-code-shown').textContent())!.trim()
  expect(code).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/)
  return code
}

test('short link and QR code of a printed notice reach the human verify page; a receipt code is found', async ({
  browser,
}) => {
  const chairPage = await device(browser, chair)
  chairPage.setViewportSize({ width: 1180, height: 820 })
  const voteUrl = await startVote(chairPage, councilId, { title: '路灯更换', question: '是否同意更换路灯' })
  const voteId = voteUrl.split('/').pop()!
  const agreeCode = await paperBallot(chairPage, '1-1-0101', 'agree', 'LD-1')
  const opposeCode = await paperBallot(chairPage, '1-1-0102', 'oppose', 'LD-2')
  expect(opposeCode).not.toBe(agreeCode)
  await chairPage.getByTestId('vote-close').click()
  await expect(chairPage.getByTestId('vote-head')).toHaveAttribute('data-status', 'closed')
  await chairPage.getByTestId('open-notice').click()
  const notice = chairPage.getByTestId('notice')
  const hash = (await notice.getAttribute('data-hash'))!
  expect(hash).toMatch(/^[0-9a-f]{64}$/)
  // the notice lists receipts without flats
  await expect(notice.getByTestId('n-receipts').locator('li')).toHaveCount(2)
  await expect(notice.getByTestId('n-receipts')).not.toContainText('1-1-01')

  // The printed short link: council, vote and the first 16 hex digits of the hash.
  const origin = new URL(chairPage.url()).origin
  const shortUrl = `${origin}/v/${councilId}/${voteId}/${hash.slice(0, 16)}`
  await expect(notice.getByTestId('n-short-link')).toContainText(shortUrl)
  // The QR code encodes the full link: same SVG as qrcode renders for it.
  const qrUrl = `${origin}/v/${councilId}/${voteId}/${hash}`
  const expectedSvg = await QRCode.toString(qrUrl, { type: 'svg', margin: 1, errorCorrectionLevel: 'M' })
  const shownSvg = await notice.getByTestId('n-qr').innerHTML()
  const modules = (svg: string) => [...svg.matchAll(/ d="([^"]+)"/g)].map((m) => m[1])
  expect(modules(shownSvg)).toEqual(modules(expectedSvg))
  expect(modules(expectedSvg)).toHaveLength(2)

  // A phone that never signed in: typed short link, then the QR's link (poll: the close may still be syncing).
  const phone = await device(browser, null)
  for (const url of [shortUrl, qrUrl]) {
    await expect(async () => {
      await phone.goto(url)
      await expect(phone.getByTestId('verify-verdict')).toHaveAttribute('data-valid', 'true', { timeout: 5000 })
    }).toPass({ timeout: 30_000 })
    await expect(phone.getByTestId('verify-verdict')).toHaveText('✓ 本公示与系统记录一致')
    await expect(phone.getByTestId('verify-figures')).toContainText('参与表决：172.10 平方米，2 人')
    await expect(phone.getByTestId('verify-result')).toHaveText('表决结果：未通过')
    await expect(phone.locator('body')).not.toContainText('"valid"') // no raw JSON
  }
  // Receipt lookup: typed loosely (lower case, spaces) — found with what was counted.
  await phone.getByTestId('receipt-code').fill(agreeCode.toLowerCase().replace(/-/g, ' '))
  await phone.getByTestId('receipt-submit').click()
  await expect(phone.getByTestId('receipt-answer')).toHaveText('已计入：同意')
  await phone.getByTestId('receipt-code').fill(opposeCode)
  await phone.getByTestId('receipt-submit').click()
  await expect(phone.getByTestId('receipt-answer')).toHaveText('已计入：反对')
  await phone.getByTestId('receipt-code').fill('ZZZZ-ZZZZ-ZZZZ')
  await phone.getByTestId('receipt-submit').click()
  await expect(phone.getByTestId('receipt-answer')).toContainText('没有找到')

  // A notice whose hash does not match says so in large type.
  const forged = `${origin}/v/${councilId}/${voteId}/${'0'.repeat(16)}`
  await phone.goto(forged)
  await expect(phone.getByTestId('verify-verdict')).toHaveAttribute('data-valid', 'false')
  await expect(phone.getByTestId('verify-verdict')).toHaveText('✗ 本公示与系统记录不一致')
  // JSON stays available for machines.
  const json = await (await phone.request.get(`/api/votes/${voteId}/verify?council=${councilId}&hash=${hash}`)).json()
  expect(json).toMatchObject({ valid: true, hash, status: 'closed' })
})
