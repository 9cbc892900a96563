/**
 * /api/org against the real server: CSV import (all or nothing, errors per line, GBK/BOM as the roll
 * import), node edits and deletion refusals, placing councils, staff invitations through the one
 * invitation flow (activation turns them into staff entries), the caller's view and profile, and
 * revocation when a staff entry is removed (open connections; refresh tokens once no access is left).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { docName } from '../../src/domain/docTypes'
import { connectRawClient } from '../helpers/rawClient'
import { startTestServer, type TestServer } from '../helpers/server'

let server: TestServer
let adminToken: string
let councilA: string
let councilB: string

beforeAll(async () => {
  server = await startTestServer({ realAccess: true })
  const admin = await server.accounts.createUser({
    phone: '13400000000',
    name: '管理员',
    passwordHash: 'x',
    isAdmin: true,
  })
  adminToken = await server.tokens.issueAccess({ userId: admin.id, name: '管理员' })
  councilA = (await server.accounts.createCompound({ name: '邮政小区', address: '', grid: '', createdBy: admin.id })).id
  councilB = (await server.accounts.createCompound({ name: '化肥厂小区', address: '', grid: '', createdBy: admin.id }))
    .id
})
afterAll(() => server?.stop())

async function api(method: string, path: string, body?: unknown, token: string | null = adminToken) {
  const res = await fetch(`${server.httpUrl}${path}`, {
    method,
    headers: {
      ...(token ? { Authorization: `Bearer ${token}` } : {}),
      ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}),
    },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  })
  return { status: res.status, body: (await res.json()) as any }
}
const b64 = (s: string | Uint8Array) => Buffer.from(s).toString('base64')

describe('/api/org', () => {
  it('imports a tree with councils from a CSV (BOM, Chinese headers)', async () => {
    const csv = `\uFEFF编号,类型,名称,上级编号\nd,区,川汇区,\ns,街道,陈州街道,d\nc1,社区,七一社区,s\nc2,社区,八一社区,s\n${councilA},小区,邮政小区,c1\n`
    const r = await api('POST', '/api/org/import', { csvBase64: b64(csv) })
    expect(r).toEqual({ status: 200, body: { nodes: 4, councils: 1 } })
    expect((await server.accounts.compound(councilA))?.orgNodeId).toBe('c1')
    const view = await api('GET', '/api/org')
    expect(view.body.nodes.map((n: { id: string }) => n.id).sort()).toEqual(['c1', 'c2', 'd', 's'])
    expect(view.body.councils).toEqual([{ id: councilA, name: '邮政小区', orgNodeId: 'c1' }])
  })

  it('refuses a bad CSV as a whole, with an error per line in both languages', async () => {
    const before = await server.accounts.listOrgNodes()
    const csv = '编号,类型,名称,上级编号\nx1,街道,新街道,d\nx2,镇,错,d\nx3,社区,错,d\nnope,小区,,c1\n'
    const r = await api('POST', '/api/org/import', { csvBase64: b64(csv) })
    expect(r.status).toBe(422)
    expect(r.body.error.code).toBe('invalid-csv')
    expect(r.body.error.message.zh).toContain('未导入')
    expect(r.body.error.details.map((e: { line: number; code: string }) => [e.line, e.code])).toEqual([
      [3, 'kind.invalid'],
    ])
    const r2 = await api('POST', '/api/org/import', {
      csvBase64: b64('编号,类型,名称,上级编号\nx1,街道,新街道,d\nx3,社区,错,d\nnope,小区,,c1\n'),
    })
    expect(r2.body.error.details.map((e: { line: number; code: string }) => [e.line, e.code])).toEqual([
      [3, 'kind-order'],
      [4, 'council.unknown'],
    ])
    expect(r2.body.error.details[0].message.en).toContain('street')
    // A node id that is a council's id would make queue:<id> ambiguous.
    const r3 = await api('POST', '/api/org/import', {
      csvBase64: b64(`id,kind,name,parent\n${councilB},district,x,\n`),
    })
    expect(r3.body.error.details[0].code).toBe('id.is_council')
    expect(await server.accounts.listOrgNodes()).toEqual(before) // nothing written
    expect((await api('POST', '/api/org/import', { csvBase64: '' })).status).toBe(422)
  })

  it('edits nodes, refuses an invalid tree and deleting a node with children or councils', async () => {
    expect(
      (await api('PUT', '/api/org/nodes/c2', { kind: 'community', name: '八一新社区', parentId: 's' })).status,
    ).toBe(200)
    const bad = await api('PUT', '/api/org/nodes/c2', { kind: 'community', name: 'x', parentId: 'd' })
    expect([bad.status, bad.body.error.code, bad.body.error.details[0].code]).toEqual([
      422,
      'invalid-tree',
      'kind-order',
    ])
    expect((await api('PUT', '/api/org/nodes/c2', { kind: 'village', name: 'x', parentId: 's' })).status).toBe(400)
    expect((await api('DELETE', '/api/org/nodes/s')).body.error.code).toBe('has-children')
    expect((await api('DELETE', '/api/org/nodes/c1')).body.error.code).toBe('has-councils')
    expect((await api('DELETE', '/api/org/nodes/zz')).status).toBe(404)
    expect((await api('PUT', `/api/org/councils/${councilB}`, { nodeId: 's' })).status).toBe(422)
    expect((await api('PUT', `/api/org/councils/${councilB}`, { nodeId: 'c2' })).status).toBe(200)
    expect((await server.accounts.compound(councilB))?.orgNodeId).toBe('c2')
    await api('PUT', '/api/org/nodes/tmp', { kind: 'district', name: '临时区', parentId: null })
    expect((await api('DELETE', '/api/org/nodes/tmp')).status).toBe(200)
  })

  it('invites street staff by phone; the code activates an org role; they see their subtree only', async () => {
    const inv = await api('POST', '/api/org/nodes/c1/staff', {
      phone: '13400000001',
      name: '社区干部',
      role: 'org_viewer',
    })
    expect(inv.status).toBe(201)
    expect(inv.body.pending).toBe(true)
    expect((await api('GET', '/api/org/nodes/c1/staff')).body.staff).toMatchObject([
      { userId: inv.body.userId, role: 'org_viewer', name: '社区干部', pending: true },
    ])
    const act = await fetch(`${server.httpUrl}/api/activate`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ phone: '13400000001', inviteCode: inv.body.inviteCode, password: 'community-pass-1' }),
    })
    expect(act.status).toBe(200)
    const session = (await act.json()) as any
    expect(session.orgStaff).toEqual([{ nodeId: 'c1', role: 'org_viewer' }])
    expect(session.orgNodes.map((n: { id: string }) => n.id).sort()).toEqual(['c1', 'd', 's'])
    expect(session.councils.map((c: { id: string }) => c.id)).toEqual([councilA])
    expect(session.memberships).toEqual([])
    // Their /api/org: same subtree; not an admin endpoint otherwise.
    const mine = await api('GET', '/api/org', undefined, session.accessToken)
    expect(mine.body.councils.map((c: { id: string }) => c.id)).toEqual([councilA])
    expect((await api('POST', '/api/org/import', { csvBase64: '' }, session.accessToken)).status).toBe(403)
    // HTTP reads of a council's data honour the org role: member list yes (masked phones), roll export no.
    const members = await api('GET', `/api/councils/${councilA}/members`, undefined, session.accessToken)
    expect(members.status).toBe(200)
    expect((await api('GET', `/api/councils/${councilB}/members`, undefined, session.accessToken)).status).toBe(403)
    const roll = await fetch(`${server.httpUrl}/api/councils/${councilA}/roll/export.csv`, {
      headers: { Authorization: `Bearer ${session.accessToken}` },
    })
    expect(roll.status).toBe(403)
    // Council invitations never grant org roles.
    const asRole = await api('POST', `/api/councils/${councilA}/members`, {
      phone: '13400000009',
      name: 'x',
      role: 'org_viewer',
    })
    expect(asRole.status).toBe(400)
  })

  it('removing a staff entry revokes open connections within seconds', async () => {
    const user = await server.accounts.userByPhone('13400000001')
    const token = await server.tokens.issueAccess({ userId: user!.id, name: '社区干部' })
    const c = await connectRawClient(server.wsUrl, docName('notes', councilA), { token })
    const del = await api('DELETE', `/api/org/nodes/c1/staff/${user!.id}/org_viewer`)
    expect(del.status).toBe(200)
    const info = await Promise.race([c.closed, new Promise<null>((r) => setTimeout(() => r(null), 5000))])
    expect(info?.code).toBe(4403)
    expect((await api('DELETE', `/api/org/nodes/c1/staff/${user!.id}/org_viewer`)).status).toBe(404)
  })
})

describe('/api/org: admin page needs', () => {
  const login = async (phone: string, password: string) => {
    const r = await fetch(`${server.httpUrl}/api/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ phone, password }),
    })
    expect(r.status).toBe(200)
    return (await r.json()) as { accessToken: string; refreshToken: string }
  }
  const refresh = async (refreshToken: string) =>
    (
      await fetch(`${server.httpUrl}/api/refresh`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ refreshToken }),
      })
    ).status
  /** An active account (password set) granted `role` on `nodeId` at once. */
  async function staffMember(phone: string, nodeId: string, role = 'org_viewer') {
    const inv = await api('POST', `/api/org/nodes/${nodeId}/staff`, { phone, name: '街道干部', role })
    await fetch(`${server.httpUrl}/api/activate`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ phone, inviteCode: inv.body.inviteCode, password: 'street-pass-1' }),
    })
    return (await server.accounts.userByPhone(phone))!.id
  }

  it('removing the last staff entry revokes refresh tokens; one entry left keeps them', async () => {
    const id = await staffMember('13400000021', 's')
    await api('POST', '/api/org/nodes/c2/staff', { phone: '13400000021', name: '街道干部', role: 'org_handler' })
    const session = await login('13400000021', 'street-pass-1')
    expect((await api('DELETE', `/api/org/nodes/c2/staff/${id}/org_handler`)).status).toBe(200)
    // still staff on s: the session renews
    const again = await login('13400000021', 'street-pass-1')
    expect(await refresh(again.refreshToken)).toBe(200)
    expect((await api('DELETE', `/api/org/nodes/s/staff/${id}/org_viewer`)).status).toBe(200)
    expect(await refresh(session.refreshToken)).toBe(401)
    expect(await server.accounts.orgStaffOfUser(id)).toEqual([])
  })

  it('a council member removed from a node keeps their sessions (the council role is still access)', async () => {
    const id = await staffMember('13400000022', 'c2')
    await server.accounts.addMembership({ userId: id, councilId: councilB, role: 'resident', scope: {} })
    const session = await login('13400000022', 'street-pass-1')
    expect((await api('DELETE', `/api/org/nodes/c2/staff/${id}/org_viewer`)).status).toBe(200)
    expect(await refresh(session.refreshToken)).toBe(200)
  })

  it('deleting a node drops its staff (sessions revoked) and its pending invitations', async () => {
    await api('PUT', '/api/org/nodes/tmp2', { kind: 'district', name: '临时区', parentId: null })
    const id = await staffMember('13400000023', 'tmp2')
    expect(await server.accounts.orgStaffOfUser(id)).toHaveLength(1)
    const pending = await api('POST', '/api/org/nodes/tmp2/staff', {
      phone: '13400000024',
      name: '未激活',
      role: 'org_handler',
    })
    expect(pending.body.pending).toBe(true)
    const session = await login('13400000023', 'street-pass-1')
    expect((await api('DELETE', '/api/org/nodes/tmp2')).status).toBe(200)
    expect(await refresh(session.refreshToken)).toBe(401)
    expect(await server.accounts.orgStaffOfUser(id)).toEqual([])
    expect(await server.accounts.invitationsOfCouncil('org:tmp2')).toEqual([])
  })

  it('a dry run returns the plan of changes; admins see unplaced councils, staff do not', async () => {
    const csv = `编号,类型,名称,上级编号\nc2,社区,八一社区,s\nc1,社区,七一社区,s\nc3,社区,新社区,s\n${councilB},小区,,c1\n`
    const r = await api('POST', '/api/org/import', { csvBase64: b64(csv), dryRun: true })
    expect(r.status).toBe(200)
    expect(r.body.plan.added.map((n: { id: string }) => n.id)).toEqual(['c3'])
    expect(r.body.plan.changed).toMatchObject([{ node: { id: 'c2', name: '八一社区' }, what: ['name'] }])
    expect(r.body.plan.unchanged).toBe(1)
    expect(r.body.plan.placed).toEqual([{ councilId: councilB, from: 'c2', to: 'c1' }])
    expect((await server.accounts.listOrgNodes()).some((n) => n.id === 'c3')).toBe(false)
    const extra = (await server.accounts.createCompound({ name: '新小区', address: '', grid: '', createdBy: 'x' })).id
    const view = await api('GET', '/api/org')
    expect(view.body.unplaced).toEqual([{ id: extra, name: '新小区' }])
    const staffId = await staffMember('13400000025', 's')
    const token = await server.tokens.issueAccess({ userId: staffId, name: '街道干部' })
    expect((await api('GET', '/api/org', undefined, token)).body.unplaced).toBeUndefined()
  })
})
