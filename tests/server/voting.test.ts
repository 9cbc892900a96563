/**
 * Vote rules over real websockets with real tokens (server/access/rules/voteRules.ts), driving the
 * docs with the same commands the UI uses (src/domain/voting/commands.ts), plus the vote list and
 * the public verify endpoint.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import type { Role } from '../../src/domain/access/policy'
import { closeVote, createVote, openVote, recordBallot, resolveConflict } from '../../src/domain/voting/commands'
import type { Actor } from '../../src/domain/actor'
import { voteResultHash } from '../../src/domain/voting/canonical'
import { readVote } from '../../src/domain/voting/read'
import { tallyVote } from '../../src/domain/voting/resolution'
import { ballotsMap } from '../../src/domain/voting/schema'
import { readSignatures } from '../../src/domain/voting/signatures'
import type { Scope } from '../../server/accounts/AccountStore'
import { connectRawClient, openRawSocket } from '../helpers/rawClient'
import { startTestServer, type TestServer } from '../helpers/server'
import { seedCouncil } from '../helpers/council'
import { ROLL } from '../unit/domain/voting/fixtures'
import { docName, parseDocName } from '../../src/domain/docTypes'

const PEOPLE: Array<[string, Role, Scope]> = [
  ['chair', 'chair', {}],
  ['secretary', 'secretary', {}],
  ['member', 'member', {}],
  ['bhead', 'building_head', { buildings: ['1'] }],
  ['uhead', 'unit_head', { units: ['2-1'] }],
  ['resident', 'resident', { households: ['1-1-0101'] }],
  ['observer', 'observer', {}],
]

let server: TestServer
let councilId: string
const tokens = new Map<string, string>()
const actors = new Map<string, Actor>()

beforeAll(async () => {
  server = await startTestServer({ realAccess: true })
  councilId = await seedCouncil(server, { name: '表决小区', phonePrefix: '1350000', people: PEOPLE }, tokens, actors)
})
afterAll(() => server?.stop())

type Outcome = 'acked' | 'rejected'
let seq = 0

/** Connects `who` to `name`, applies `edit` to their synced copy, reports ACK or REJECT. */
async function attempt(who: string, name: string, edit: (d: Y.Doc, actor: Actor) => unknown): Promise<Outcome> {
  const c = await connectRawClient(server.wsUrl, name, { token: tokens.get(who)! })
  try {
    const before = c.sentSeq
    edit(c.doc, actors.get(who)!)
    if (c.sentSeq === before) throw new Error('edit produced no update')
    const s = c.sentSeq
    await c.waitFor(() => c.ackedSeq >= s || c.rejects.some((r) => r.seq === s), 'answer')
    return c.rejects.some((r) => r.seq === s) ? 'rejected' : 'acked'
  } finally {
    await c.close()
  }
}

/** `YYYY-MM-DDTHH:mm` in China time, as the vote form writes it. */
const chinaTime = (ms: number) => new Date(ms + 8 * 3_600_000).toISOString().slice(0, 16)

const serverSnap = async (name: string) => readVote((await server.docs.get(name)).ydoc)
const meta = (title: string) => ({
  councilId,
  title,
  question: '是否同意改造方案第三版',
  matter: 'special' as const,
  // The server accepts ballots only inside the schedule (src/domain/voting/writeRules.ts).
  opensAt: chinaTime(Date.now() - 86_400_000),
  closesAt: chinaTime(Date.now() + 10 * 86_400_000),
})

/** A vote opened by the chair (over the socket) with the fixture roll. */
async function openedVote(): Promise<string> {
  const voteId = `v${seq++}`
  const name = docName('vote', councilId, voteId)
  expect(await attempt('chair', name, (d, a) => createVote(d, { ...meta('表决'), voteId }, a))).toBe('acked')
  expect(await attempt('chair', name, (d, a) => openVote(d, ROLL, a))).toBe('acked')
  return name
}

const paper =
  (householdId: string, choice: 'agree' | 'oppose' | 'abstain' = 'agree') =>
  (d: Y.Doc, a: Actor) =>
    recordBallot(d, { householdId, choice, channel: 'paper', paperSerial: 'P-1' }, a)
const self = (householdId: string) => (d: Y.Doc, a: Actor) =>
  recordBallot(d, { householdId, choice: 'agree', channel: 'self' }, a)

describe('who may set up, open and close', () => {
  it('only chair/secretary create and open a vote; others are refused', async () => {
    for (const who of ['member', 'bhead', 'resident']) {
      expect(
        await attempt(who, docName('vote', councilId, `x${seq++}`), (d, a) => createVote(d, { ...meta('t') }, a)),
      ).toBe('rejected')
    }
    const name = docName('vote', councilId, `s${seq++}`)
    expect(await attempt('secretary', name, (d, a) => createVote(d, meta('秘书建立'), a))).toBe('acked')
    expect(await attempt('member', name, (d, a) => openVote(d, ROLL, a))).toBe('rejected')
    expect(await attempt('secretary', name, (d, a) => openVote(d, ROLL, a))).toBe('acked')
    expect((await serverSnap(name)).roll).toHaveLength(4)
  })

  it("opening without freezing the roll, or in someone else's name, is refused", async () => {
    const name = docName('vote', councilId, `o${seq++}`)
    expect(await attempt('chair', name, (d, a) => createVote(d, meta('t'), a))).toBe('acked')
    expect(await attempt('chair', name, (d, a) => d.getMap('meta').set('status', 'open') && a)).toBe('rejected')
    expect(await attempt('chair', name, (d) => openVote(d, ROLL, { ...actors.get('secretary')! }))).toBe('rejected')
  })

  it('a non-chair closing the vote is refused; the chair closes it', async () => {
    const name = await openedVote()
    for (const who of ['member', 'bhead', 'uhead', 'resident'])
      expect(await attempt(who, name, (d, a) => closeVote(d, a))).toBe('rejected')
    expect(await attempt('observer', name, (d, a) => closeVote(d, a))).toBe('rejected')
    expect((await serverSnap(name)).meta?.status).toBe('open')
    expect(await attempt('chair', name, (d, a) => closeVote(d, a))).toBe('acked')
    expect((await serverSnap(name)).meta?.status).toBe('closed')
  })

  it('the frozen roll and the question cannot change once open; a closed vote never re-opens', async () => {
    const name = await openedVote()
    expect(await attempt('chair', name, (d) => d.getMap('frozenRoll').delete('1-1-0101'))).toBe('rejected')
    expect(await attempt('chair', name, (d) => d.getMap('meta').set('matter', 'ordinary'))).toBe('rejected')
    expect(await attempt('chair', name, (d, a) => closeVote(d, a))).toBe('acked')
    expect(await attempt('chair', name, (d) => d.getMap('meta').set('status', 'open'))).toBe('rejected')
  })
})

describe('ballots', () => {
  it("a resident's ballot for a household they don't own is refused; their own is stored", async () => {
    const name = await openedVote()
    expect(await attempt('resident', name, self('1-1-0102'))).toBe('rejected')
    expect(await attempt('resident', name, self('1-1-0101'))).toBe('acked')
    expect((await serverSnap(name)).ballots.map((b) => b.householdId)).toEqual(['1-1-0101'])
  })

  it('heads record ballots only in their own buildings/units; members anywhere', async () => {
    const name = await openedVote()
    expect(await attempt('bhead', name, paper('2-1-0101'))).toBe('rejected')
    expect(await attempt('bhead', name, paper('1-2-0101'))).toBe('acked')
    expect(await attempt('uhead', name, paper('1-1-0102'))).toBe('rejected')
    expect(await attempt('uhead', name, paper('2-1-0101'))).toBe('acked')
    expect(await attempt('member', name, paper('1-1-0102'))).toBe('acked')
    expect(await attempt('observer', name, paper('1-1-0102'))).toBe('rejected')
    expect((await serverSnap(name)).ballots).toHaveLength(3)
  })

  it("a ballot in someone else's name is refused", async () => {
    const name = await openedVote()
    expect(
      await attempt('member', name, (d) =>
        recordBallot(d, { householdId: '1-1-0101', choice: 'agree', channel: 'self' }, actors.get('chair')!),
      ),
    ).toBe('rejected')
  })

  it('no edit or deletion of a recorded ballot, by anyone', async () => {
    const name = await openedVote()
    expect(await attempt('member', name, paper('1-1-0101'))).toBe('acked')
    const [b] = (await serverSnap(name)).ballots
    for (const who of ['chair', 'secretary', 'member', 'bhead', 'resident']) {
      expect(
        await attempt(who, name, (d) =>
          ballotsMap(d).set(b!.id, { ...(ballotsMap(d).get(b!.id) as object), choice: 'oppose' }),
        ),
      ).toBe('rejected')
      expect(await attempt(who, name, (d) => ballotsMap(d).delete(b!.id))).toBe('rejected')
    }
    expect((await serverSnap(name)).ballots).toEqual([b])
  })

  it('any ballot after close is refused, from every channel', async () => {
    const name = await openedVote()
    expect(await attempt('chair', name, (d, a) => closeVote(d, a))).toBe('acked')
    // recordBallot already refuses locally; a crafted client writes the map directly.
    const raw = (householdId: string) => (d: Y.Doc, a: Actor) =>
      ballotsMap(d).set(`late-${a.name}`, {
        householdId,
        choice: 'agree',
        channel: 'paper',
        paperSerial: '1',
        recordedBy: a.userId,
        at: 1,
      })
    for (const who of ['chair', 'member', 'bhead']) expect(await attempt(who, name, raw('1-1-0102'))).toBe('rejected')
    expect(await attempt('resident', name, raw('1-1-0101'))).toBe('rejected')
    expect((await serverSnap(name)).ballots).toHaveLength(0)
  })

  it('a ballot recorded offline before close but synced after close is refused (and not stored)', async () => {
    const name = await openedVote()
    const offline = await connectRawClient(server.wsUrl, name, { token: tokens.get('bhead')! })
    const doc = new Y.Doc()
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(offline.doc))
    await offline.close()
    recordBallot(
      doc,
      { householdId: '1-1-0102', choice: 'agree', channel: 'paper', paperSerial: '9' },
      actors.get('bhead')!,
    )
    expect(await attempt('chair', name, (d, a) => closeVote(d, a))).toBe('acked')
    const back = await connectRawClient(server.wsUrl, name, { token: tokens.get('bhead')!, doc })
    await back.waitFor(() => back.rejects.length > 0 || back.ackedSeq >= back.sentSeq, 'answer')
    expect(back.rejects.length).toBeGreaterThan(0)
    await back.close()
    expect((await serverSnap(name)).ballots).toHaveLength(0)
  })
})

describe("voters' names and signatures (votesig doc)", () => {
  const sigName = (voteDoc: string) => docName('votesig', councilId, parseDocName(voteDoc)?.ids[0] ?? '')
  /** `who` records a tablet ballot over two sockets (vote doc + votesig doc), as the UI does. */
  async function tablet(who: string, voteDoc: string, householdId: string): Promise<{ vote: Outcome; sig: Outcome }> {
    const v = await connectRawClient(server.wsUrl, voteDoc, { token: tokens.get(who)! })
    const s = await connectRawClient(server.wsUrl, sigName(voteDoc), { token: tokens.get(who)! })
    try {
      const r = recordBallot(
        { vote: v.doc, signatures: s.doc },
        { householdId, choice: 'agree', channel: 'tablet', voterName: '周勇', signature: 'M 10 10 L 80 40' },
        actors.get(who)!,
      )
      expect(r.ok).toBe(true)
      const answer = async (c: typeof v) => {
        const seq = c.sentSeq
        await c.waitFor(() => c.ackedSeq >= seq || c.rejects.some((x) => x.seq === seq), 'answer')
        return c.rejects.some((x) => x.seq === seq) ? ('rejected' as const) : ('acked' as const)
      }
      return { vote: await answer(v), sig: await answer(s) }
    } finally {
      await v.close()
      await s.close()
    }
  }

  it('a tablet ballot puts the name and signature in votesig only; a resident gets 4403 there and no names in the vote doc', async () => {
    const name = await openedVote()
    expect(await tablet('bhead', name, '1-1-0101')).toEqual({ vote: 'acked', sig: 'acked' })
    const stored = (await serverSnap(name)).ballots
    expect(stored).toHaveLength(1)
    expect(stored[0]).toMatchObject({ channel: 'tablet', signed: true })
    expect(readSignatures((await server.docs.get(sigName(name))).ydoc).get(stored[0]!.id)).toMatchObject({
      voterName: '周勇',
      householdId: '1-1-0101',
    })

    const { ws, closed } = await openRawSocket(
      `${server.wsUrl}/${sigName(name)}?token=${encodeURIComponent(tokens.get('resident')!)}`,
    )
    let gotContent = false
    ws.on('message', () => {
      gotContent = true
    })
    expect((await closed).code).toBe(4403)
    expect(gotContent).toBe(false)

    const c = await connectRawClient(server.wsUrl, name, { token: tokens.get('resident')! })
    try {
      expect(c.doc.getMap('ballots').size).toBe(1)
      const everything = Buffer.from(Y.encodeStateAsUpdate(c.doc)).toString('utf8')
      expect(everything).not.toContain('周勇')
      expect(everything).not.toContain('M 10 10')
    } finally {
      await c.close()
    }
  })

  it('a ballot still carrying a name or signature (an old client) is refused', async () => {
    const name = await openedVote()
    const legacy = (d: Y.Doc, a: Actor) =>
      ballotsMap(d).set('b_old', {
        householdId: '1-1-0101',
        choice: 'agree',
        channel: 'tablet',
        recordedBy: a.userId,
        at: 1,
        voterName: '周勇',
        signature: 'M 1 1',
      })
    expect(await attempt('bhead', name, legacy)).toBe('rejected')
    expect((await serverSnap(name)).ballots).toHaveLength(0)
  })

  it('heads add signatures only in their scope; no one edits or deletes one', async () => {
    const name = await openedVote()
    expect(await tablet('uhead', name, '1-1-0102')).toEqual({ vote: 'rejected', sig: 'rejected' })
    expect(await tablet('uhead', name, '2-1-0101')).toEqual({ vote: 'acked', sig: 'acked' })
    const [id] = [...readSignatures((await server.docs.get(sigName(name))).ydoc).keys()]
    for (const who of ['chair', 'member', 'uhead']) {
      expect(
        await attempt(who, sigName(name), (d) =>
          d.getMap('signatures').set(id!, { ...(d.getMap('signatures').get(id!) as object), voterName: '改名' }),
        ),
      ).toBe('rejected')
      expect(await attempt(who, sigName(name), (d) => d.getMap('signatures').delete(id!))).toBe('rejected')
    }
    expect(await attempt('observer', sigName(name), (d) => d.getMap('signatures').delete(id!))).toBe('rejected')
    expect(readSignatures((await server.docs.get(sigName(name))).ydoc).get(id!)).toMatchObject({ voterName: '周勇' })
  })
})

describe('conflict resolutions', () => {
  async function conflicted(): Promise<string> {
    const name = await openedVote()
    expect(await attempt('bhead', name, paper('1-1-0101', 'agree'))).toBe('acked')
    expect(await attempt('member', name, paper('1-1-0101', 'oppose'))).toBe('acked')
    return name
  }
  const resolve =
    (keepChoice: string, reason = '入户核实') =>
    (d: Y.Doc, a: Actor) => {
      const g = tallyVote(readVote(d), 'special').groups[0]!
      const r = resolveConflict(d, g, g.ballots.find((b) => b.choice === keepChoice)!.id, reason, a)
      if (!r.ok)
        d.getMap('resolutions').set('forced', {
          householdIds: g.householdIds,
          keepBallotId: g.ballots[0]!.id,
          discardBallotIds: [],
          reason,
          resolvedBy: a.userId,
          at: 1,
        })
    }

  it('a non-chair writing a resolution is refused', async () => {
    const name = await conflicted()
    for (const who of ['member', 'bhead', 'resident'])
      expect(await attempt(who, name, resolve('oppose'))).toBe('rejected')
    expect((await serverSnap(name)).resolutions).toHaveLength(0)
  })

  it("a resolution needs a reason, the resolver's own name and existing ballots", async () => {
    const name = await conflicted()
    expect(await attempt('chair', name, resolve('oppose', ''))).toBe('rejected')
    expect(await attempt('chair', name, (d) => resolve('oppose')(d, actors.get('secretary')!))).toBe('rejected')
    expect(
      await attempt('chair', name, (d, a) =>
        d.getMap('resolutions').set('r1', {
          householdIds: ['1-1-0101'],
          keepBallotId: 'nope',
          discardBallotIds: [],
          reason: 'x',
          resolvedBy: a.userId,
          at: 1,
        }),
      ),
    ).toBe('rejected')
  })

  it('the chair resolves; the stored result counts the kept ballot; resolutions are append-only and end at close', async () => {
    const name = await conflicted()
    expect(tallyVote(await serverSnap(name), 'special').result.provisional).toBe(true)
    expect(await attempt('chair', name, resolve('oppose', '业主本人确认反对'))).toBe('acked')
    const snap = await serverSnap(name)
    expect(snap.resolutions).toHaveLength(1)
    const t = tallyVote(snap, 'special')
    expect(t.result).toMatchObject({ provisional: false, participatingHeads: 1, agreeHeads: 0 })
    expect(await attempt('chair', name, (d) => d.getMap('resolutions').delete(snap.resolutions[0]!.id))).toBe(
      'rejected',
    )
    expect(await attempt('chair', name, (d, a) => closeVote(d, a))).toBe('acked')
    expect(
      await attempt('secretary', name, (d, a) =>
        d.getMap('resolutions').set('late', { ...snap.resolutions[0]!, id: undefined, resolvedBy: a.userId }),
      ),
    ).toBe('rejected')
  })
})

describe('HTTP: vote list and verify', () => {
  it("lists the council's votes for members, refuses outsiders", async () => {
    const name = await openedVote()
    const res = await fetch(`${server.httpUrl}/api/votes?council=${councilId}`, {
      headers: { Authorization: `Bearer ${tokens.get('resident')}` },
    })
    expect(res.status).toBe(200)
    const body = (await res.json()) as { votes: Array<{ voteId: string; status: string }> }
    expect(body.votes.map((v) => v.voteId)).toContain(parseDocName(name)?.ids[0])
    expect((await fetch(`${server.httpUrl}/api/votes?council=${councilId}`)).status).toBe(401)
    const outsider = await server.accounts.createUser({
      phone: '13599999999',
      name: 'o',
      passwordHash: 'x',
      isAdmin: false,
    })
    const t = await server.tokens.issueAccess({ userId: outsider.id, name: 'o' })
    expect(
      (await fetch(`${server.httpUrl}/api/votes?council=${councilId}`, { headers: { Authorization: `Bearer ${t}` } }))
        .status,
    ).toBe(403)
  })

  it('verify recomputes the canonical result from the stored doc (no login needed)', async () => {
    const name = await openedVote()
    expect(await attempt('member', name, paper('1-1-0101'))).toBe('acked')
    expect(await attempt('chair', name, (d, a) => closeVote(d, a))).toBe('acked')
    const voteId = parseDocName(name)?.ids[0] ?? ''
    const hash = voteResultHash(await serverSnap(name))!
    const ok = await (
      await fetch(`${server.httpUrl}/api/votes/${voteId}/verify?council=${councilId}&hash=${hash}`)
    ).json()
    expect(ok).toMatchObject({ valid: true, hash, status: 'closed' })
    // the short printed link carries the first 16 hex digits; the figures and receipts come along
    const short = (await (
      await fetch(`${server.httpUrl}/api/votes/${voteId}/verify?council=${councilId}&hash=${hash.slice(0, 16)}`)
    ).json()) as { result: { receipts: unknown[] } }
    expect(short).toMatchObject({ valid: true, hash, result: { tally: { participatingHeads: 1 } } })
    expect(short.result.receipts).toHaveLength(1)
    expect(JSON.stringify(short)).not.toContain('1-1-0101') // no flat next to a choice
    expect(
      (await fetch(`${server.httpUrl}/api/votes/${voteId}/verify?council=${councilId}&hash=${hash.slice(0, 15)}`))
        .status,
    ).toBe(400)
    const bad = await (
      await fetch(`${server.httpUrl}/api/votes/${voteId}/verify?council=${councilId}&hash=${'0'.repeat(64)}`)
    ).json()
    expect(bad).toMatchObject({ valid: false, hash })
    expect((await fetch(`${server.httpUrl}/api/votes/nope/verify?council=${councilId}&hash=${hash}`)).status).toBe(404)
    expect((await fetch(`${server.httpUrl}/api/votes/${voteId}/verify?council=${councilId}&hash=xyz`)).status).toBe(400)
  })
})
