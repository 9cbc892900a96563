/**
 * Per-change acceptance and reconcile, as a property (docs/protocol.md): 3 devices (a unit head, a
 * building head, a member) with random offline sessions mix valid and invalid changes on ruled docs
 * (ballots in and out of scope, minutes text by people who may and may not write it), while the
 * chair closes the vote and seals the minutes at random points. Real server in-process, real
 * tokens and rules; each device runs the browser's own per-change code (ChangeClient → src/sync).
 *
 * After everyone reconnects and settles:
 *  - every device's docs equal the server's (0 divergent);
 *  - every change a device made is on the server XOR in that device's refused list (0 lost, never both);
 *  - ballots outside the person's units and minutes text by heads are never on the server;
 *  - with no close / no seal, every in-scope ballot / every member's paragraph is on the server.
 * FC_SEED / FC_RUNS override the defaults.
 */
import { afterAll, beforeAll, expect, it } from 'vitest'
import fc from 'fast-check'
import * as Y from 'yjs'
import type { Role } from '../../src/domain/access/policy'
import { closeVote, createVote, openVote, recordBallot } from '../../src/domain/voting/commands'
import type { Actor } from '../../src/domain/actor'
import { appendParagraphs, isSealed, sealMinutes } from '../../src/domain/meetings/minutes'
import type { HouseholdRecord } from '../../src/domain/roll/schema'
import type { Scope } from '../../server/accounts/AccountStore'
import { connectRawClient } from '../helpers/rawClient'
import { ChangeClient } from '../helpers/changeClient'
import { startTestServer, type TestServer } from '../helpers/server'
import { seedCouncil } from '../helpers/council'
import { household } from '../unit/domain/voting/fixtures'
import { docName } from '../../src/domain/docTypes'

const SEED = Number(process.env.FC_SEED ?? 20_261_201)
const RUNS = Number(process.env.FC_RUNS ?? 12)

const PEOPLE: Array<[string, Role, Scope]> = [
  ['chair', 'chair', {}],
  ['uhead', 'unit_head', { units: ['2-1'] }],
  ['bhead', 'building_head', { buildings: ['1'] }],
  ['member', 'member', {}],
]
const DEVICES = ['uhead', 'bhead', 'member'] as const

const ROLL: HouseholdRecord[] = []
for (const b of ['1', '2'])
  for (const u of ['1', '2'])
    for (let f = 1; f <= 12; f++)
      ROLL.push(household(`${b}-${u}-01${String(f).padStart(2, '0')}`, `P${b}${u}${f}`, 9000))

const inScope = (who: string, hh: string): boolean =>
  who === 'member' || (who === 'uhead' ? hh.startsWith('2-1-') : hh.startsWith('1-'))

let server: TestServer
let councilId: string
const tokens = new Map<string, string>()
const actors = new Map<string, Actor>()

beforeAll(async () => {
  server = await startTestServer({ realAccess: true })
  councilId = await seedCouncil(server, { name: '对账小区', phonePrefix: '1360000', people: PEOPLE }, tokens, actors)
})
afterAll(() => server?.stop())

/** The chair acts through a fresh synced connection, retrying until the server stores it. */
async function asChair(name: string, edit: (d: Y.Doc, a: Actor) => unknown): Promise<boolean> {
  for (let attempt = 0; attempt < 8; attempt++) {
    const c = await connectRawClient(server.wsUrl, name, { token: tokens.get('chair') as string })
    try {
      const before = c.sentSeq
      edit(c.doc, actors.get('chair') as Actor)
      if (c.sentSeq === before) return false
      const s = c.sentSeq
      await c.waitFor(() => c.ackedSeq >= s || c.rejects.some((r) => r.seq === s), 'answer')
      if (!c.rejects.some((r) => r.seq === s)) return true
    } finally {
      await c.close()
    }
    await new Promise((r) => setTimeout(r, 20))
  }
  return false
}

type Cmd =
  | { t: 'ballot'; d: number; inScope: boolean }
  | { t: 'text'; d: number }
  | { t: 'offline'; d: number }
  | { t: 'online'; d: number }
  | { t: 'close' }
  | { t: 'seal' }
  | { t: 'wait'; ms: number }

const dev = fc.nat(2)
const cmdArb: fc.Arbitrary<Cmd> = fc.oneof(
  { weight: 8, arbitrary: fc.record({ t: fc.constant('ballot' as const), d: dev, inScope: fc.boolean() }) },
  { weight: 4, arbitrary: fc.record({ t: fc.constant('text' as const), d: dev }) },
  { weight: 3, arbitrary: fc.record({ t: fc.constant('offline' as const), d: dev }) },
  { weight: 3, arbitrary: fc.record({ t: fc.constant('online' as const), d: dev }) },
  { weight: 1, arbitrary: fc.constant({ t: 'close' as const }) },
  { weight: 1, arbitrary: fc.constant({ t: 'seal' as const }) },
  { weight: 2, arbitrary: fc.record({ t: fc.constant('wait' as const), ms: fc.integer({ min: 0, max: 30 }) }) },
)

/** Ballot ids and paragraph tokens carried by refused changes. */
function refusedContent(c: ChangeClient): { ballots: Set<string>; text: string } {
  const ballots = new Set<string>()
  let text = ''
  for (const r of c.refused) {
    for (const s of Y.decodeUpdate(r.change.update).structs) {
      if (!(s instanceof Y.Item)) continue
      if (s.parentSub && (s.parent as unknown) === 'ballots') ballots.add(s.parentSub)
      if (s.content instanceof Y.ContentString) text += s.content.str
    }
    text += r.orphanText ?? ''
  }
  return { ballots, text }
}

let run = 0
/** Over all runs: the scenario really exercised refusals and reconciles (else it proves nothing). */
const seen = { refused: 0, reconciles: 0, stored: 0, offlineEdits: 0 }

it('3 devices, random offline sessions and refusal points: 0 lost, 0 divergent', async () => {
  await fc.assert(
    fc.asyncProperty(fc.array(cmdArb, { minLength: 8, maxLength: 30 }), async (cmds) => {
      const r = run++
      const voteName = docName('vote', councilId, `pv${r}`)
      const minutesName = docName('minutes', councilId, `pm${r}`)
      expect(
        await asChair(voteName, (d, a) =>
          createVote(
            d,
            {
              councilId,
              voteId: `pv${r}`,
              title: '对账',
              question: '是否同意',
              matter: 'ordinary',
              // Ballots count only inside the schedule (China time; src/domain/voting/writeRules.ts).
              opensAt: new Date(Date.now() + 8 * 3_600_000 - 86_400_000).toISOString().slice(0, 16),
              closesAt: new Date(Date.now() + 8 * 3_600_000 + 86_400_000).toISOString().slice(0, 16),
            },
            a,
          ),
        ),
      ).toBe(true)
      expect(await asChair(voteName, (d, a) => openVote(d, ROLL, a))).toBe(true)
      const devices = DEVICES.map((who) => ({
        who,
        vote: new ChangeClient(server.wsUrl, voteName, tokens.get(who) as string),
        minutes: new ChangeClient(server.wsUrl, minutesName, tokens.get(who) as string),
        ballots: new Map<string, string>(),
        tokens: [] as string[],
      }))
      await Promise.all(devices.flatMap((x) => [x.vote.connect(), x.minutes.connect()]))
      let nextFlat = 0
      let closed = false
      let sealed = false
      try {
        for (const cmd of cmds) {
          if (cmd.t === 'ballot') {
            const x = devices[cmd.d] as (typeof devices)[number]
            const candidates = ROLL.map((h) => h.householdId).filter((h) => inScope(x.who, h) === cmd.inScope)
            const hh = candidates[nextFlat++ % Math.max(1, candidates.length)]
            if (!hh) continue
            const res = recordBallot(
              x.vote.doc,
              { householdId: hh, choice: 'agree', channel: 'paper', paperSerial: `P${nextFlat}` },
              actors.get(x.who) as Actor,
            )
            if (res.ok) x.ballots.set(res.value.id, hh) // else refused at entry (vote known closed here)
            if (res.ok && !x.vote.online) seen.offlineEdits++
          } else if (cmd.t === 'text') {
            const x = devices[cmd.d] as (typeof devices)[number]
            if (isSealed(x.minutes.doc)) continue // refused at entry
            const token = `〔${x.who}-${nextFlat++}〕`
            appendParagraphs(x.minutes.doc, token, { userId: x.who })
            x.tokens.push(token)
          } else if (cmd.t === 'offline') devices[cmd.d]?.vote.disconnect(), devices[cmd.d]?.minutes.disconnect()
          else if (cmd.t === 'online') {
            const x = devices[cmd.d] as (typeof devices)[number]
            await Promise.all([x.vote.connect(), x.minutes.connect()])
          } else if (cmd.t === 'close' && !closed) {
            closed = await asChair(voteName, (d, a) => closeVote(d, a))
          } else if (cmd.t === 'seal' && !sealed) {
            sealed = await asChair(minutesName, (d) =>
              sealMinutes(
                d,
                // Quorum (1 of 1 member signed in): sealing without it needs a recorded override.
                { attendees: [{ name: 'chair', party: 'council', member: true, signIn: { at: 'x' } }] },
                { userId: actors.get('chair')?.userId ?? '', name: 'chair', at: new Date() },
              ),
            )
          } else if (cmd.t === 'wait') await new Promise((res) => setTimeout(res, cmd.ms))
        }
        await Promise.all(devices.flatMap((x) => [x.vote.connect(), x.minutes.connect()]))
        // Settle repeatedly: a reconcile re-sends, and another device's refusal may follow.
        for (let round = 0; round < 3; round++)
          await Promise.all(devices.flatMap((x) => [x.vote.settled(), x.minutes.settled()]))
        await new Promise((res) => setTimeout(res, 50))

        const serverVote = (await server.docs.get(voteName)).ydoc
        const serverMinutes = (await server.docs.get(minutesName)).ydoc
        const serverBallots = serverVote.getMap('ballots').toJSON()
        const serverText = serverMinutes.getXmlFragment('default').toString()
        for (const x of devices) {
          // 0 divergent
          expect(x.vote.doc.getMap('ballots').toJSON()).toEqual(serverBallots)
          expect(x.vote.doc.getMap('meta').toJSON()).toEqual(serverVote.getMap('meta').toJSON())
          expect(x.minutes.doc.getXmlFragment('default').toString()).toBe(serverText)
          expect(x.minutes.doc.getMap('seal').toJSON()).toEqual(serverMinutes.getMap('seal').toJSON())
          // 0 lost: on the server XOR in this device's refused list
          const refusedVote = refusedContent(x.vote)
          const refusedMinutes = refusedContent(x.minutes)
          for (const [id, hh] of x.ballots) {
            const stored = id in serverBallots
            expect(stored !== refusedVote.ballots.has(id), `${x.who} ballot ${hh}`).toBe(true)
            if (!inScope(x.who, hh)) expect(stored, `${x.who} out-of-scope ${hh} stored`).toBe(false)
            if (!closed && inScope(x.who, hh)) expect(stored, `${x.who} valid ${hh} missing`).toBe(true)
          }
          for (const token of x.tokens) {
            const stored = serverText.includes(token)
            expect(stored !== refusedMinutes.text.includes(token), `${x.who} text ${token}`).toBe(true)
            if (x.who !== 'member') expect(stored).toBe(false)
            if (!sealed && x.who === 'member') expect(stored, `${token} missing`).toBe(true)
          }
          expect(x.vote.outbox.count + x.minutes.outbox.count).toBe(0)
          seen.refused += x.vote.refused.length + x.minutes.refused.length
          seen.reconciles += x.vote.reconciles + x.minutes.reconciles
          seen.stored += [...x.ballots.keys()].filter((id) => id in serverBallots).length
        }
      } finally {
        for (const x of devices) {
          x.vote.disconnect()
          x.minutes.disconnect()
        }
      }
    }),
    { seed: SEED, numRuns: RUNS, endOnFailure: true },
  )
  console.log('per-change reconcile property:', seen)
  expect(seen.refused).toBeGreaterThan(0)
  expect(seen.reconciles).toBeGreaterThan(0)
  expect(seen.stored).toBeGreaterThan(0)
  expect(seen.offlineEdits).toBeGreaterThan(0)
}, 600_000)
