/**
 * Mediation confidentiality over real websockets with real tokens: a grid worker opens a case (the
 * empty doc lets them in; the content rule checks they listed themselves), assigns a mediator;
 * residents, observers and unassigned mediators are refused (4403, no content); the redacted list
 * holds no personal details and refuses any; export needs a reason, is audit-logged and limited to
 * assignees/chair/admin; an unassigned mediator is refused on the next connection.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { agreementHash } from '../../src/domain/mediation/agreement'
import { readCase, viewCase } from '../../src/domain/mediation/caseRead'
import { createCase, setAgreement, setAssignees, setLead, sign } from '../../src/domain/mediation/caseCommands'
import { readCaseList, summarize, upsertSummary } from '../../src/domain/mediation/caseList'
import type { CaseId } from '../../src/domain/mediation/schema'
import { shanghaiDay } from '../../src/domain/mediation/time'
import type { Role } from '../../src/domain/access/policy'
import { connectRawClient, openRawSocket } from '../helpers/rawClient'
import { startTestServer, type TestServer } from '../helpers/server'
import { docName } from '../../src/domain/docTypes'

let server: TestServer
let councilId: string
const people = new Map<string, { id: string; token: string }>()
const SECRETS = ['王大爷', '李先生', '13912345678', '410102195001011234', '持刀', '3-1-402']

beforeAll(async () => {
  server = await startTestServer({ realAccess: true })
  const admin = await server.accounts.createUser({
    phone: '13500000000',
    name: 'admin',
    passwordHash: 'x',
    isAdmin: true,
  })
  councilId = (await server.accounts.createCompound({ name: '调解小区', address: '', grid: '', createdBy: admin.id }))
    .id
  const roles: Array<[string, Role | null]> = [
    ['admin', null],
    ['chair', 'chair'],
    ['grid', 'grid_worker'],
    ['mediator', 'mediator'],
    ['other-mediator', 'mediator'],
    ['resident', 'resident'],
    ['observer', 'observer'],
    ['secretary', 'secretary'],
  ]
  let n = 1
  for (const [key, role] of roles) {
    const user =
      key === 'admin'
        ? admin
        : await server.accounts.createUser({
            phone: `1350000${String(n++).padStart(4, '0')}`,
            name: key,
            passwordHash: 'x',
            isAdmin: false,
          })
    if (role)
      await server.accounts.addMembership({
        userId: user.id,
        councilId,
        role,
        scope: role === 'resident' ? { households: ['3-1-402'] } : {},
      })
    people.set(key, { id: user.id, token: await server.tokens.issueAccess({ userId: user.id, name: key }) })
  }
})
afterAll(() => server?.stop())

const who = (k: string) => people.get(k)!
async function refused(key: string, name: string): Promise<{ code: number; gotContent: boolean }> {
  const { ws, closed } = await openRawSocket(`${server.wsUrl}/${name}?token=${encodeURIComponent(who(key).token)}`)
  let gotContent = false
  ws.on('message', () => {
    gotContent = true
  })
  return { code: (await closed).code, gotContent }
}
const api = (key: string, path: string, body: unknown) =>
  fetch(`${server.httpUrl}${path}`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${who(key).token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  })

const caseId = 'kknifecase1' as CaseId
const name = () => docName('case', councilId, caseId)

describe('a case opened by a grid worker', () => {
  it('is created over the wire and lists the creator; the redacted list entry is accepted', async () => {
    const gw = await connectRawClient(server.wsUrl, name(), { token: who('grid').token })
    createCase(
      gw.doc,
      councilId,
      caseId,
      {
        type: 'noise',
        urgency: 'critical',
        place: { building: '3', flat: '402', text: '', grid: '' },
        description: '楼上邻居持刀下楼理论噪音',
        reportedAt: Date.now() - 180_000,
        arrivedAt: Date.now() - 60_000,
        parties: [
          {
            id: 'p1',
            name: '王大爷',
            role: 'applicant',
            phone: '13912345678',
            idNumber: '410102195001011234',
            relationship: '楼下',
            address: '3-1-402',
          },
          {
            id: 'p2',
            name: '李先生',
            role: 'respondent',
            phone: '13800001111',
            idNumber: '',
            relationship: '楼上',
            address: '3-1-502',
          },
        ],
      },
      { userId: who('grid').id, name: '网格员' },
      Date.now,
    )
    setAssignees(gw.doc, [{ userId: who('mediator').id, name: '调解员' }], who('grid').id, Date.now)
    setLead(gw.doc, who('mediator').id, '调解员')
    await gw.waitAcked()
    expect(gw.rejects).toEqual([])
    const list = await connectRawClient(server.wsUrl, docName('caselist', councilId), { token: who('grid').token })
    upsertSummary(list.doc, summarize(viewCase(readCase(gw.doc), shanghaiDay(Date.now())))!)
    await list.waitAcked()
    expect(list.rejects).toEqual([])
    await gw.close()
    await list.close()
  })

  it('residents, observers, secretaries and unassigned mediators cannot read it (4403, no content)', async () => {
    for (const k of ['resident', 'observer', 'secretary', 'other-mediator'])
      expect(await refused(k, name())).toEqual({ code: 4403, gotContent: false })
  })

  it('the assigned mediator, the chair and admins can; the mediator records the agreement', async () => {
    for (const k of ['chair', 'admin']) {
      const c = await connectRawClient(server.wsUrl, name(), { token: who(k).token })
      expect(readCase(c.doc).parties.map((p) => p.name)).toContain('王大爷')
      await c.close()
    }
    const med = await connectRawClient(server.wsUrl, name(), { token: who('mediator').token })
    expect([...readCase(med.doc).meta!.assignees].sort()).toEqual([who('grid').id, who('mediator').id].sort())
    setAgreement(med.doc, {
      kind: 'written',
      facts: '噪音',
      issues: '噪音',
      responsibility: '李先生',
      oralRecord: '',
      terms: [{ id: 't1', party: 'p2', text: '道歉', how: '当面', due: { kind: 'on-signing' } }],
    })
    const hash = agreementHash(readCase(med.doc).agreement, readCase(med.doc).parties)
    for (const s of ['p1', 'p2', `mediator:${who('mediator').id}`, 'seal:committee']) {
      sign(med.doc, {
        signer: s,
        name: s,
        kind: s.startsWith('mediator') ? 'mediator' : s.startsWith('seal') ? 'seal' : 'party',
        method: s.startsWith('seal') ? 'seal' : 'handwriting',
        path: 'M0 0 L5 5',
        at: Date.now(),
        textHash: hash,
      })
    }
    await med.waitAcked()
    expect(med.rejects).toEqual([])
    expect(readCase(med.doc).meta!.status).toBe('agreed')
    await med.close()
  })

  it('the redacted list is readable by an unassigned mediator and holds no personal details', async () => {
    const c = await connectRawClient(server.wsUrl, docName('caselist', councilId), {
      token: who('other-mediator').token,
    })
    const entries = readCaseList(c.doc)
    expect(entries.map((e) => e.caseId)).toContain(caseId)
    const json = JSON.stringify(c.doc.getMap('cases').toJSON())
    for (const s of SECRETS) expect(json).not.toContain(s)
    // and it refuses an entry carrying one, or one for a case this mediator isn't on
    const entry = entries.find((e) => e.caseId === caseId)!
    const seq = c.sentSeq + 1
    c.doc
      .getMap('cases')
      .set('kleak', { ...entry, caseId: 'kleak', assignees: [who('other-mediator').id], partyName: '王大爷' })
    await c.waitFor(() => c.rejects.some((r) => r.seq === seq), 'reject')
    const seq2 = c.sentSeq + 1
    c.doc.getMap('cases').set(caseId, { ...entry, assignees: [...entry.assignees, who('other-mediator').id] })
    await c.waitFor(() => c.rejects.some((r) => r.seq === seq2), 'reject')
    await c.close()
    for (const k of ['resident', 'observer', 'secretary'])
      expect((await refused(k, docName('caselist', councilId))).code).toBe(4403)
  })

  it('export needs a reason, is audit-logged, and only for assignees/chair/admin', async () => {
    const path = `/api/councils/${councilId}/cases/${caseId}/export`
    expect((await api('mediator', path, {})).status).toBe(400)
    expect((await api('other-mediator', path, { reason: '我想看看' })).status).toBe(403)
    expect((await api('resident', path, { reason: '我想看看' })).status).toBe(403)
    const ok = await api('mediator', path, { reason: '申请司法确认需提交材料' })
    expect(ok.status).toBe(200)
    const body = (await ok.json()) as { case: { parties: Array<{ phone: string }> } }
    expect(body.case.parties[0]!.phone).toBe('13912345678')
    const log = await server.accounts.auditLog({ targetPrefix: `${councilId}/case/${caseId}` })
    expect(log.find((e) => e.action === 'case.export')).toMatchObject({
      userId: who('mediator').id,
      detail: { reason: '申请司法确认需提交材料' },
    })
    expect(log.some((e) => e.action === 'case.export.refused' && e.userId === who('other-mediator').id)).toBe(true)
    expect((await api('chair', path, { reason: '主任审阅案件' })).status).toBe(200)
  })

  it('an unassigned mediator is refused on the next connection', async () => {
    const chair = await connectRawClient(server.wsUrl, name(), { token: who('chair').token })
    setAssignees(chair.doc, [{ userId: who('grid').id, name: '网格员' }], who('chair').id, Date.now, true)
    await chair.waitAcked()
    expect(chair.rejects).toEqual([])
    await chair.close()
    expect(await refused('mediator', name())).toEqual({ code: 4403, gotContent: false })
  })
})
