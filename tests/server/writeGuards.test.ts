/**
 * Write authority over real sockets (real tokens, memberships and rules):
 *  - a hostile resident's crafted frames are all refused and the tally is unchanged afterwards;
 *  - each frame is judged on its own: valid ones are ACKed, an invalid one is REJECTed, and a later
 *    frame that builds on the refused one is refused as 'missing-deps' (the client reconciles);
 *  - process guards: ballots only inside the schedule, no close with unresolved conflicts, no seal
 *    without quorum unless an override with a reason is recorded.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import * as encoding from 'lib0/encoding'
import * as syncProtocol from 'y-protocols/sync'
import type { Role } from '../../src/domain/access/policy'
import { closeVote, createVote, openVote, recordBallot, resolveConflict } from '../../src/domain/voting/commands'
import type { Actor } from '../../src/domain/actor'
import { readVote } from '../../src/domain/voting/read'
import { tallyVote } from '../../src/domain/voting/resolution'
import { sealMinutes } from '../../src/domain/meetings/minutes'
import { sealMinutesWithQuorumOverride } from '../../src/domain/meetings/sealRules'
import { MESSAGE_SYNC } from '../../src/protocol/messages'
import type { Scope } from '../../server/accounts/AccountStore'
import { connectRawClient, type RawClient } from '../helpers/rawClient'
import { startTestServer, type TestServer } from '../helpers/server'
import { seedCouncil } from '../helpers/council'
import { ROLL } from '../unit/domain/voting/fixtures'
import { docName } from '../../src/domain/docTypes'

const PEOPLE: Array<[string, Role, Scope]> = [
  ['chair', 'chair', {}],
  ['head', 'unit_head', { units: ['1-1'] }],
  ['resident', 'resident', { households: ['1-1-0101'] }],
]

let server: TestServer
let councilId: string
const tokens = new Map<string, string>()
const actors = new Map<string, Actor>()
let seq = 0

beforeAll(async () => {
  server = await startTestServer({ realAccess: true })
  councilId = await seedCouncil(server, { name: '守卫小区', phonePrefix: '1370000', people: PEOPLE }, tokens, actors)
})
afterAll(() => server?.stop())

const chinaTime = (ms: number) => new Date(ms + 8 * 3_600_000).toISOString().slice(0, 16)
const HOUR = 3_600_000

async function connect(who: string, name: string): Promise<RawClient> {
  const c = await connectRawClient(server.wsUrl, name, { token: tokens.get(who)! })
  await c.waitSynced()
  return c
}

/** Sends `update` as one sync-update frame; resolves with null (ACK) or the REJECT code. */
async function send(c: RawClient, update: Uint8Array): Promise<string | null> {
  const e = encoding.createEncoder()
  encoding.writeVarUint(e, MESSAGE_SYNC)
  syncProtocol.writeUpdate(e, update)
  ;(c as unknown as { sendUpdateFrame(k: string, u: Uint8Array, f: Uint8Array): void }).sendUpdateFrame(
    'update',
    update,
    encoding.toUint8Array(e),
  )
  return answer(c, c.sentSeq)
}

async function answer(c: RawClient, s: number): Promise<string | null> {
  await c.waitFor(() => c.ackedSeq >= s || c.rejects.some((r) => r.seq === s), `answer ${s}`)
  return c.rejects.find((r) => r.seq === s)?.code ?? null
}

/** Runs `edit` on a connected client's doc (one frame) and returns null (ACK) or the REJECT code. */
async function attempt(who: string, name: string, edit: (d: Y.Doc, a: Actor) => unknown): Promise<string | null> {
  const c = await connect(who, name)
  try {
    const before = c.sentSeq
    edit(c.doc, actors.get(who)!)
    if (c.sentSeq === before) throw new Error('edit produced no update')
    return await answer(c, c.sentSeq)
  } finally {
    await c.close()
  }
}

/** A vote opened by the chair, with a schedule around now unless given. */
async function openedVote(
  schedule = { opensAt: chinaTime(Date.now() - HOUR), closesAt: chinaTime(Date.now() + HOUR) },
) {
  const voteId = `g${seq++}`
  const name = docName('vote', councilId, voteId)
  const meta = { councilId, voteId, title: '守卫', question: '是否同意', matter: 'ordinary' as const, ...schedule }
  expect(await attempt('chair', name, (d, a) => createVote(d, meta, a))).toBeNull()
  expect(await attempt('chair', name, (d, a) => openVote(d, ROLL, a))).toBeNull()
  return name
}

const paper =
  (householdId: string, choice: 'agree' | 'oppose' = 'agree', at?: number) =>
  (d: Y.Doc, a: Actor) =>
    recordBallot(d, { householdId, choice, channel: 'paper', paperSerial: 'P-1' }, a, at)

describe('a hostile resident over the socket', () => {
  it('every crafted frame is refused; stored doc and tally unchanged', async () => {
    const name = await openedVote()
    expect(await attempt('chair', name, paper('1-1-0102'))).toBeNull()
    expect(await attempt('resident', name, paper('1-1-0101'))).toBeNull()
    const live = (await server.docs.get(name)).ydoc
    const before = Y.encodeStateVector(live)
    const tallyBefore = tallyVote(readVote(live), 'ordinary').result
    const ballotIds = [...live.getMap('ballots').keys()]

    const c = await connect('resident', name)
    const chairId = actors.get('chair')!.userId
    const mine = (over: Record<string, unknown> = {}) => ({
      householdId: '1-1-0101',
      choice: 'oppose',
      channel: 'self',
      recordedBy: actors.get('resident')!.userId,
      at: Date.now(),
      ...over,
    })
    const craft = (edit: (d: Y.Doc) => void) => {
      const d = new Y.Doc()
      Y.applyUpdate(d, Y.encodeStateAsUpdate(live))
      const sv = Y.encodeStateVector(d)
      edit(d)
      return Y.encodeStateAsUpdate(d, sv)
    }
    const attacks: Array<[string, Uint8Array]> = [
      ['delete a ballot', craft((d) => d.getMap('ballots').delete(ballotIds[0]!))],
      ['overwrite a ballot', craft((d) => d.getMap('ballots').set(ballotIds[0]!, mine()))],
      ['ballot in the chair’s name', craft((d) => d.getMap('ballots').set('bx', mine({ recordedBy: chairId })))],
      ['__proto__ key', craft((d) => d.getMap('ballots').set('__proto__', mine()))],
      ['constructor key', craft((d) => d.getMap('ballots').set('constructor', mine()))],
      ['empty key', craft((d) => d.getMap('ballots').set('', mine()))],
      ['10 kB key', craft((d) => d.getMap('ballots').set('k'.repeat(10_240), mine()))],
      ['nested type', craft((d) => d.getMap('ballots').set('by', new Y.Map()))],
      ['close the vote', craft((d) => d.getMap('meta').set('status', 'closed'))],
      ['delete the roll', craft((d) => d.getMap('frozenRoll').delete('1-1-0101'))],
      [
        'missing dependencies',
        (() => {
          const d = new Y.Doc()
          d.getMap('ballots').set('b1', mine())
          const sv = Y.encodeStateVector(d)
          d.getMap('ballots').set('b2', mine())
          return Y.encodeStateAsUpdate(d, sv)
        })(),
      ],
    ]
    try {
      for (const [what, update] of attacks) expect(await send(c, update), what).not.toBeNull()
      expect(c.rejects.map((r) => r.code)).toContain('missing-deps')
    } finally {
      await c.close()
    }
    expect(Y.encodeStateVector(live)).toEqual(before)
    expect(tallyVote(readVote(live), 'ordinary').result).toEqual(tallyBefore)
    expect([...live.getMap('ballots').keys()].sort()).toEqual(ballotIds.sort())
  })
})

describe('per-frame acceptance', () => {
  it('valid frames are ACKed, an invalid one is REJECTed, a frame built on it is missing-deps', async () => {
    const name = await openedVote()
    const c = await connect('head', name)
    const a = actors.get('head')!
    try {
      paper('1-1-0101')(c.doc, a)
      const s1 = c.sentSeq
      paper('2-1-0101')(c.doc, a) // not in unit 1-1
      const s2 = c.sentSeq
      paper('1-1-0102')(c.doc, a) // builds on the refused frame's clock
      const s3 = c.sentSeq
      expect(await answer(c, s1)).toBeNull()
      expect(await answer(c, s2)).toBe('out-of-scope')
      expect(await answer(c, s3)).toBe('missing-deps')
      expect(c.rejects.find((r) => r.seq === s2)?.message).toContain('2-1-0101 不在您负责的楼栋/单元')
    } finally {
      await c.close()
    }
    const stored = readVote((await server.docs.get(name)).ydoc).ballots.map((b) => b.householdId)
    expect(stored).toEqual(['1-1-0101'])
  })
})

describe('process guards', () => {
  it('ballots only inside the schedule', async () => {
    const early = await openedVote({
      opensAt: chinaTime(Date.now() + HOUR),
      closesAt: chinaTime(Date.now() + 2 * HOUR),
    })
    expect(await attempt('head', early, paper('1-1-0101'))).toBe('not-yet-open')
    const late = await openedVote({ opensAt: chinaTime(Date.now() - 3 * HOUR), closesAt: chinaTime(Date.now() - HOUR) })
    expect(await attempt('head', late, paper('1-1-0101'))).toBe('outside-schedule')
    // Recorded in time on an offline tablet, arriving after the scheduled end: counts until closed.
    expect(await attempt('head', late, paper('1-1-0102', 'agree', Date.now() - 2 * HOUR))).toBeNull()
    expect(await attempt('head', late, paper('1-1-0102', 'agree', Date.now() + 3 * HOUR))).toBe('bad-time')
  })

  it('closing with unresolved conflicts is refused with the households named; resolved, it closes', async () => {
    const name = await openedVote()
    expect(await attempt('chair', name, paper('1-1-0101', 'agree'))).toBeNull()
    expect(await attempt('head', name, paper('1-1-0101', 'oppose'))).toBeNull()
    const c = await connect('chair', name)
    try {
      // closeVote refuses on the device already; a device that skips it is refused by the server.
      expect(closeVote(c.doc, actors.get('chair')!).ok).toBe(false)
      const before = c.sentSeq
      c.doc.transact(() => {
        const m = c.doc.getMap('meta')
        m.set('status', 'closed')
        m.set('closedBy', actors.get('chair')!.userId)
        m.set('closedAt', Date.now())
      })
      expect(c.sentSeq).toBe(before + 1)
      expect(await answer(c, c.sentSeq)).toBe('unresolved-conflicts')
      expect(c.rejects.at(-1)?.message).toContain('1-1-0101')
    } finally {
      await c.close()
    }
    expect(readVote((await server.docs.get(name)).ydoc).meta?.status).toBe('open')
    expect(
      await attempt('chair', name, (d, a) => {
        const group = tallyVote(readVote(d), 'ordinary').groups[0]!
        return resolveConflict(d, group, group.ballots[0]!.id, '以纸质票为准', a)
      }),
    ).toBeNull()
    expect(await attempt('chair', name, (d, a) => closeVote(d, a))).toBeNull()
  })

  it('sealing without quorum needs a recorded override with a reason', async () => {
    const name = docName('minutes', councilId, `m_guard${seq++}`)
    const chair = actors.get('chair')!
    const noQuorum = { attendees: [{ name: '甲', party: 'council', member: true }] }
    const by = { userId: chair.userId, name: chair.name, at: new Date() }
    expect(
      await attempt('chair', name, (d) => d.getXmlFragment('default').insert(0, [new Y.XmlText('纪要')])),
    ).toBeNull()
    const c = await connect('chair', name)
    try {
      sealMinutes(c.doc, noQuorum, by)
      expect(await answer(c, c.sentSeq)).toBe('no-quorum')
      expect(c.rejects.at(-1)?.message).toContain('法定人数')
    } finally {
      await c.close()
    }
    expect(
      await attempt('chair', name, (d) =>
        sealMinutesWithQuorumOverride(d, noQuorum, by, '书面意见已征得过半数成员同意'),
      ),
    ).toBeNull()
    const seal = (await server.docs.get(name)).ydoc.getMap('seal')
    expect(seal.get('quorumOverride')).toMatchObject({ reason: '书面意见已征得过半数成员同意', by: chair.userId })
  })
})
