/**
 * Voting end to end: the chair sets up and opens a vote on the imported 邮政小区 roll; three tablets
 * (two building heads and a council member) go offline and record ballots — including two different
 * choices for the same household — then sync; the live board shows the conflict and a provisional
 * result; the chair resolves it and closes; board and notice match tally(); the verify endpoint
 * accepts the notice's hash.
 */
import { readFileSync } from 'node:fs'
import { expect, test, type Browser, type Page } from '@playwright/test'
import { importCsv } from '../../src/domain/roll/importCsv'
import { toRollFlats } from '../../src/domain/roll/queries'
import { tally, type TallyBallot } from '../../src/domain/voting/tally'
import { newCouncil, ROLL_CSV, signBallot, signIn, startVote, type ApiSession } from './helpers'

let councilId: string
let chair: ApiSession
const tablets: Record<string, ApiSession> = {}

test.beforeAll(async ({ request }) => {
  const c = await newCouncil(request, '邮政小区（表决）', { roll: true })
  councilId = c.councilId
  chair = await c.member('1361111', '王主任', 'chair')
  tablets.head1 = await c.member('1361112', '孙楼长', 'building_head', { buildings: ['1'] })
  tablets.head2 = await c.member('1361113', '李楼长', 'building_head', { buildings: ['2'] })
  tablets.member = await c.member('1361114', '赵委员', 'member')
})

async function device(browser: Browser, session: ApiSession): Promise<Page> {
  const ctx = await browser.newContext()
  await signIn(ctx, session)
  const page = await ctx.newPage()
  page.on('dialog', (d) => void d.accept())
  return page
}

type Ballot = { household: string; choice: TallyBallot['choice']; channel: 'tablet' | 'paper' }

async function record(page: Page, b: Ballot, serial: string): Promise<void> {
  const form = page.getByTestId('ballot-form')
  await form.locator('input[name="household"]').fill(b.household)
  await page.getByTestId(`choice-${b.choice}`).click()
  // The channel choice is shown only to people who may use more than one.
  const channel = form.locator(`input[name="channel"][value="${b.channel}"]`)
  if (await channel.count()) await channel.check()
  if (b.channel === 'tablet') {
    await form.locator('input[name="voterName"]').fill('户主')
    await signBallot(page)
  } else {
    await form.locator('input[name="paperSerial"]').fill(serial)
  }
  await page.getByTestId('ballot-submit').click()
  await expect(page.getByTestId('ballot-msg')).toContainText(b.household)
}

test('three offline tablets, a conflict resolved by the chair, notice verified', async ({ browser, request }) => {
  const chairPage = await device(browser, chair)
  const voteUrl = await startVote(chairPage, councilId, {
    title: '邮政小区改造方案（第三版）',
    question: '是否同意第三版改造方案（雨污分流、路面硬化、邻里服务中心）',
    proposal: 'p_youzheng_v3',
  })
  const voteId = voteUrl.split('/').pop()!

  // Three tablets load the open vote, then go offline.
  const pages: Record<string, Page> = {}
  for (const key of ['head1', 'head2', 'member']) {
    const p = await device(browser, tablets[key]!)
    await p.goto(voteUrl)
    await expect(p.getByTestId('vote-head')).toHaveAttribute('data-status', 'open')
    await expect(p.getByTestId('ballot-form')).toBeVisible()
    await p.context().setOffline(true)
    pages[key] = p
  }
  const plan: Record<string, Ballot[]> = {
    head1: [
      { household: '1-1-0101', choice: 'agree', channel: 'tablet' },
      { household: '1-1-0102', choice: 'agree', channel: 'paper' },
      { household: '1-1-0201', choice: 'oppose', channel: 'paper' },
    ],
    head2: [
      { household: '2-1-0101', choice: 'agree', channel: 'tablet' },
      { household: '2-1-0102', choice: 'abstain', channel: 'paper' },
    ],
    member: [
      { household: '1-1-0101', choice: 'oppose', channel: 'paper' }, // the deliberate conflict
      { household: '3-1-0101', choice: 'agree', channel: 'paper' },
    ],
  }
  let serial = 100
  for (const [key, ballots] of Object.entries(plan))
    for (const b of ballots) await record(pages[key]!, b, `YZ-${serial++}`)
  for (const p of Object.values(pages)) await p.context().setOffline(false)

  // After sync, the chair's board shows the conflict and a provisional result.
  const all = Object.values(plan).flat()
  await expect(chairPage.getByTestId('vote-status')).toContainText(`${all.length}`, { timeout: 20_000 })
  await expect(chairPage.getByTestId('conflict-count')).toHaveText('1')
  await expect(chairPage.getByTestId('provisional')).toBeVisible()
  const imported = importCsv(new Uint8Array(readFileSync(ROLL_CSV)))
  if (!imported.ok) throw new Error('fixture roll does not import')
  const roll = toRollFlats(imported.rows)
  const provisional = tally(
    roll,
    all.map((b) => ({ householdId: b.household, choice: b.choice })),
    'special',
  )
  expect(provisional.conflicts).toEqual(['1-1-0101'])
  await expect(chairPage.getByTestId('m-part-heads')).toContainText(
    `${provisional.participatingHeads} / ${provisional.totalHeads}`,
  )

  // The chair keeps the member's paper ballot (oppose) with a reason. The tablet ballot's voter name and
  // signature come from the votesig doc (residents cannot open it; the vote doc holds only `signed`).
  const conflict = chairPage.getByTestId('conflict')
  await expect(conflict.getByTestId('voter-signature')).toContainText('户主')
  await expect(conflict.getByTestId('voter-signature').locator('svg path')).toHaveAttribute('d', /^M \d+ \d+ L /)
  await conflict.getByTestId('resolve-reason').fill('入户核实：业主本人确认反对，平板记录有误')
  await conflict.getByTestId('keep-oppose').click()
  await expect(chairPage.getByTestId('conflict-count')).toHaveText('0')
  const final = tally(
    roll,
    all
      .filter((b) => !(b.household === '1-1-0101' && b.choice === 'agree'))
      .map((b) => ({ householdId: b.household, choice: b.choice })),
    'special',
  )
  expect(final.provisional).toBe(false)
  await expect(chairPage.getByTestId('m-part-area')).toContainText(`${final.participatingArea} / ${final.totalArea} m²`)
  await expect(chairPage.getByTestId('m-agree-heads')).toContainText(
    `${final.agreeHeads} / ${final.participatingHeads}`,
  )
  await expect(chairPage.getByTestId('verdict')).toHaveAttribute('data-passed', String(final.passed))

  // Close; the notice carries the same figures and a hash the server verifies.
  await chairPage.getByTestId('vote-close').click()
  await expect(chairPage.getByTestId('vote-head')).toHaveAttribute('data-status', 'closed')
  await chairPage.getByTestId('open-notice').click()
  const notice = chairPage.getByTestId('notice')
  await expect(notice.getByTestId('n-part')).toContainText(
    `${final.participatingArea} m² / ${final.participatingHeads} 人`,
  )
  await expect(notice.getByTestId('n-agree')).toContainText(`${final.agreeArea} m² / ${final.agreeHeads} 人`)
  await expect(notice.getByTestId('n-verdict')).toHaveText(final.passed ? '通过' : '未通过')
  await expect(notice.getByTestId('n-voted')).toContainText('1-1-0101 · 82.50')
  await expect(notice).not.toContainText('周勇') // owner names never appear
  await expect(notice.getByTestId('n-resolutions')).toContainText('入户核实')
  await expect(notice.getByTestId('n-qr').locator('svg')).toBeVisible()
  const hash = (await notice.getAttribute('data-hash'))!
  expect(hash).toMatch(/^[0-9a-f]{64}$/)
  await expect(notice.getByTestId('n-hash')).toHaveText(hash)
  // the closing tablet may still be sending its last update: poll until the server agrees
  await expect
    .poll(
      async () =>
        (await (await request.get(`/api/votes/${voteId}/verify?council=${councilId}&hash=${hash}`)).json()) as unknown,
    )
    .toMatchObject({ valid: true, hash, status: 'closed' })

  // A ballot typed on a tablet after close is refused locally (and would be by the server).
  await pages.member!.reload()
  await expect(pages.member!.getByTestId('vote-head')).toHaveAttribute('data-status', 'closed')
  await expect(pages.member!.getByTestId('ballot-form')).toHaveCount(0)
})
