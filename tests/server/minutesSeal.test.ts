/**
 * Sealed minutes against the real server with real tokens: the chair seals, then crafted Yjs
 * updates sent straight to the websocket (a member's, the chair's own) are rejected, never stored
 * and never reach other clients; a forged seal (wrong hash, someone else's name) is refused.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { verifySeal } from '../../src/domain/meetings/canonical'
import { sealMinutes } from '../../src/domain/meetings/minutes'
import { connectRawClient, type RawClient } from '../helpers/rawClient'
import { startTestServer, type TestServer } from '../helpers/server'
import { seedCouncil } from '../helpers/council'
import type { Actor } from '../../src/domain/actor'
import { docName } from '../../src/domain/docTypes'

let server: TestServer
let councilId: string
const tokens = new Map<string, string>()
const ids = new Map<string, string>()

beforeAll(async () => {
  server = await startTestServer({ realAccess: true })
  const people = (['chair', 'secretary', 'member'] as const).map((role) => [role, role, {}] as const)
  const actors = new Map<string, Actor>()
  councilId = await seedCouncil(server, { name: '定稿小区', phonePrefix: '1360000', people }, tokens, actors)
  for (const [key, a] of actors) ids.set(key, a.userId)
})
afterAll(() => server?.stop())

const connect = (who: string, name: string) => connectRawClient(server.wsUrl, name, { token: tokens.get(who)! })

function paragraph(text: string): Y.XmlElement {
  const p = new Y.XmlElement('paragraph')
  p.insert(0, [new Y.XmlText(text)])
  return p
}

/** Sends `edit` from `c` and resolves with the REJECT code, or null when ACKed. */
async function answer(c: RawClient, edit: (d: Y.Doc) => void): Promise<string | null> {
  const seq = c.sentSeq + 1
  edit(c.doc)
  await c.waitFor(() => c.ackedSeq >= seq || c.rejects.some((r) => r.seq === seq), 'answer')
  return c.rejects.find((r) => r.seq === seq)?.code ?? null
}

const text = (d: Y.Doc) => d.getXmlFragment('default').toString()

describe('sealed minutes on the real server', () => {
  it('refuses a forged seal: wrong hash, or sealed in someone else’s name', async () => {
    const name = docName('minutes', councilId, 'm_forged01')
    const sec = await connect('secretary', name)
    expect(await answer(sec, (d) => d.getXmlFragment('default').insert(0, [paragraph('草稿')]))).toBeNull()
    expect(
      await answer(sec, (d) => {
        d.getMap('seal').set('hash', 'f'.repeat(64))
        d.getMap('seal').set('sealedBy', ids.get('secretary'))
      }),
    ).toBe('forbidden') // incomplete seal: no algorithm/time → verified as a mismatch or incomplete
    await sec.close()
    const sec2 = await connect('secretary', name)
    expect(
      await answer(sec2, (d) => sealMinutes(d, null, { userId: ids.get('chair')!, name: '张主任', at: new Date() })),
    ).toBe('forbidden')
    await sec2.close()
    const check = await connect('member', name)
    expect(check.doc.getMap('seal').get('hash')).toBeUndefined()
    await check.close()
  })

  it('after sealing, crafted updates from any role are rejected, not stored, not relayed; the hash verifies', async () => {
    const name = docName('minutes', councilId, 'm_sealed01')
    const member = await connect('member', name)
    const chair = await connect('chair', name)
    expect(
      await answer(member, (d) => d.getXmlFragment('default').insert(0, [paragraph('议题一：路灯维修，同意。')])),
    ).toBeNull()
    await chair.waitFor(() => text(chair.doc).includes('路灯维修'), 'member text')
    expect(
      await answer(chair, (d) =>
        sealMinutes(
          d,
          // Quorum: 1 of 1 council member signed in (sealing without quorum needs an override).
          { title: '三月例会', attendees: [{ name: '张主任', party: 'council', member: true, signIn: { at: 'x' } }] },
          { userId: ids.get('chair')!, name: '张主任', at: new Date() },
        ),
      ),
    ).toBeNull()
    await member.waitFor(() => member.doc.getMap('seal').get('hash') !== undefined, 'seal relayed')

    const observer = await connect('secretary', name)
    expect(verifySeal(observer.doc)).toMatchObject({ sealed: true, ok: true })
    const stored = text(observer.doc)

    // A member's late edit, the chair's own edit, and an attempt to replace the seal.
    expect(
      await answer(member, (d) =>
        (d.getXmlFragment('default').get(0) as Y.XmlElement).insert(1, [new Y.XmlText('（改）')]),
      ),
    ).toBe('sealed')
    expect(await answer(chair, (d) => d.getXmlFragment('default').insert(1, [paragraph('补一句')]))).toBe('sealed')
    expect(await answer(chair, (d) => d.getMap('seal').delete('hash'))).toBe('sealed')

    // A hand-made update from a fresh doc that knows the server's state (as a crafted client would).
    const crafted = new Y.Doc()
    Y.applyUpdate(crafted, Y.encodeStateAsUpdate(observer.doc))
    const sv = Y.encodeStateVector(crafted)
    crafted.getXmlFragment('default').insert(0, [paragraph('伪造内容')])
    const raw = await connect('secretary', name)
    const seq = raw.sentSeq + 1
    Y.applyUpdate(raw.doc, Y.encodeStateAsUpdate(crafted, sv))
    await raw.waitFor(() => raw.rejects.some((r) => r.seq === seq), 'reject of crafted update')
    expect(raw.rejects.find((r) => r.seq === seq)?.code).toBe('sealed')

    await new Promise((r) => setTimeout(r, 200))
    expect(text(observer.doc)).toBe(stored)
    const server1 = (await server.docs.get(name)).ydoc
    expect(text(server1)).toBe(stored)
    expect(verifySeal(server1)).toMatchObject({ sealed: true, ok: true })
    const fresh = await connect('member', name)
    expect(text(fresh.doc)).toBe(stored)
    expect(text(fresh.doc)).not.toContain('伪造内容')
    for (const c of [member, chair, observer, raw, fresh]) await c.close()
  })

  it('a seal computed without edits the server already has is refused (seal-mismatch)', async () => {
    const name = docName('minutes', councilId, 'm_race0001')
    const chair = await connect('chair', name)
    expect(await answer(chair, (d) => d.getXmlFragment('default').insert(0, [paragraph('一')]))).toBeNull()
    // The chair's copy stops receiving (simulated by sealing a detached copy of its state).
    const detached = new Y.Doc()
    Y.applyUpdate(detached, Y.encodeStateAsUpdate(chair.doc))
    const sv = Y.encodeStateVector(detached)
    const member = await connect('member', name)
    expect(await answer(member, (d) => d.getXmlFragment('default').insert(1, [paragraph('二')]))).toBeNull()
    sealMinutes(detached, null, { userId: ids.get('chair')!, name: '张主任', at: new Date() })
    const sealer = await connect('chair', name)
    const seq = sealer.sentSeq + 1
    Y.applyUpdate(sealer.doc, Y.encodeStateAsUpdate(detached, sv))
    await sealer.waitFor(() => sealer.rejects.some((r) => r.seq === seq) || sealer.ackedSeq >= seq, 'answer')
    expect(sealer.rejects.find((r) => r.seq === seq)?.code).toBe('seal-mismatch')
    for (const c of [chair, member, sealer]) await c.close()
  })
})
