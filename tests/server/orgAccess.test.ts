/**
 * Accounts scoped to a node of the organisation tree (src/domain/org/, server/access/orgRoles.ts),
 * against the real server over real websockets: a street worker (org_viewer on the street) reads
 * every council of their subtree and nothing else, never writes, never opens a mediation case or
 * voters' signatures; a council membership adds to it; removing the staff entry revokes open
 * connections.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { docName } from '../../src/domain/docTypes'
import type { OrgNode } from '../../src/domain/org/schema'
import { systemOrigin } from '../../server/origins'
import { connectRawClient, openRawSocket } from '../helpers/rawClient'
import { startTestServer, type TestServer } from '../helpers/server'

const TREE: OrgNode[] = [
  { id: 'oa-d', kind: 'district', name: '区', parentId: null },
  { id: 'oa-s1', kind: 'street', name: '一街道', parentId: 'oa-d' },
  { id: 'oa-s2', kind: 'street', name: '二街道', parentId: 'oa-d' },
  { id: 'oa-c1', kind: 'community', name: '一社区', parentId: 'oa-s1' },
  { id: 'oa-c2', kind: 'community', name: '二社区', parentId: 'oa-s1' },
  { id: 'oa-c3', kind: 'community', name: '三社区', parentId: 'oa-s2' },
]

let server: TestServer
const councils: Record<'in1' | 'in2' | 'out' | 'loose', string> = { in1: '', in2: '', out: '', loose: '' }
let worker: { id: string; token: string }
let both: { id: string; token: string }

beforeAll(async () => {
  server = await startTestServer({ realAccess: true })
  const a = server.accounts
  const admin = await a.createUser({ phone: '13500000000', name: '管理员', passwordHash: 'x', isAdmin: true })
  await a.upsertOrgNodes(TREE)
  const place: Record<keyof typeof councils, string | null> = { in1: 'oa-c1', in2: 'oa-c2', out: 'oa-c3', loose: null }
  for (const key of Object.keys(place) as Array<keyof typeof councils>) {
    const c = await a.createCompound({ name: key, address: '', grid: '', createdBy: admin.id })
    if (place[key]) await a.setCouncilOrgNode(c.id, place[key])
    councils[key] = c.id
    await seedNotes(c.id)
  }
  const mk = async (phone: string, name: string) => {
    const u = await a.createUser({ phone, name, passwordHash: 'x', isAdmin: false })
    return { id: u.id, token: await server.tokens.issueAccess({ userId: u.id, name }) }
  }
  worker = await mk('13500000001', '街道干部')
  await a.addOrgStaff(worker.id, 'oa-s1', 'org_viewer')
  // Street staff who is also a member of a council outside their street, and of one inside it.
  both = await mk('13500000002', '兼任')
  await a.addOrgStaff(both.id, 'oa-s1', 'org_viewer')
  await a.addMembership({ userId: both.id, councilId: councils.out, role: 'member', scope: {} })
  await a.addMembership({ userId: both.id, councilId: councils.in1, role: 'member', scope: {} })
})
afterAll(() => server?.stop())

async function seedNotes(councilId: string) {
  const d = new Y.Doc()
  d.getMap('meta').set('title', 'notes')
  await (await server.docs.get(docName('notes', councilId))).submit(Y.encodeStateAsUpdate(d), systemOrigin('seed'))
}

async function refused(token: string, name: string): Promise<number> {
  const { closed } = await openRawSocket(`${server.wsUrl}/${name}?token=${encodeURIComponent(token)}`)
  return (await closed).code
}

/** Opens `name`, reads it, tries one write; returns what came back. */
async function readAndWrite(token: string, name: string) {
  const c = await connectRawClient(server.wsUrl, name, { token })
  const read = c.doc.getMap('meta').get('title')
  const seq = c.sentSeq + 1
  c.doc.getMap('meta').set('by', 'org')
  await c.waitFor(() => c.ackedSeq >= seq || c.rejects.some((r) => r.seq === seq), 'answer')
  const rejected = c.rejects.find((r) => r.seq === seq)?.code ?? null
  await c.close()
  return { read, rejected }
}

describe('street staff (org_viewer on a street)', () => {
  it('sees exactly the councils of their subtree', async () => {
    expect((await server.accounts.councilsUnder('oa-s1')).sort()).toEqual([councils.in1, councils.in2].sort())
    for (const id of [councils.in1, councils.in2])
      expect(await readAndWrite(worker.token, docName('notes', id))).toEqual({ read: 'notes', rejected: 'read-only' })
    expect(await refused(worker.token, docName('notes', councils.out))).toBe(4403)
    expect(await refused(worker.token, docName('notes', councils.loose))).toBe(4403)
  })

  it('never opens a mediation case, the case list, voters’ signatures or a plan draft', async () => {
    for (const name of [
      docName('case', councils.in1, 'k1'),
      docName('caselist', councils.in1),
      docName('votesig', councils.in1, 'v1'),
      docName('plandraft', councils.in1, 'p1'),
    ])
      expect(await refused(worker.token, name)).toBe(4403)
  })

  it('a council membership adds to the org role (union), and org staff never widens a membership', async () => {
    // Member in a council of their street: writes notes as a member.
    expect(await readAndWrite(both.token, docName('notes', councils.in1))).toEqual({ read: 'notes', rejected: null })
    // Only street staff in the other council of the street: read-only.
    expect((await readAndWrite(both.token, docName('notes', councils.in2))).rejected).toBe('read-only')
    // Member of a council outside the street: the membership alone decides.
    expect(await readAndWrite(both.token, docName('notes', councils.out))).toEqual({ read: 'notes', rejected: null })
    expect(await refused(both.token, docName('case', councils.out, 'k1'))).toBe(4403)
  })

  it('an org role written into a membership row grants nothing', async () => {
    const u = await server.accounts.createUser({
      phone: '13500000003',
      name: '伪造',
      passwordHash: 'x',
      isAdmin: false,
    })
    await server.accounts.addMembership({ userId: u.id, councilId: councils.out, role: 'org_viewer', scope: {} })
    const token = await server.tokens.issueAccess({ userId: u.id, name: '伪造' })
    expect(await refused(token, docName('notes', councils.out))).toBe(4403)
  })

  it('removing the staff entry closes open connections (4403)', async () => {
    const u = await server.accounts.createUser({
      phone: '13500000004',
      name: '调走',
      passwordHash: 'x',
      isAdmin: false,
    })
    await server.accounts.addOrgStaff(u.id, 'oa-c1', 'org_viewer')
    const token = await server.tokens.issueAccess({ userId: u.id, name: '调走' })
    const c = await connectRawClient(server.wsUrl, docName('notes', councils.in1), { token })
    await server.accounts.removeOrgStaff(u.id, 'oa-c1', 'org_viewer')
    server.accessChanged({ userId: u.id })
    const info = await Promise.race([c.closed, new Promise<null>((r) => setTimeout(() => r(null), 5000))])
    expect(info?.code).toBe(4403)
  })
})
