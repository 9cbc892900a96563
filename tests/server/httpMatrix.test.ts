/**
 * The HTTP access matrix, generated from server/access/httpAccess.ts (rendered into docs/security.md):
 * every endpoint × every role × {own council, other council} plus no token, against the real server
 * with real tokens. Refused = 401 unauthenticated/expired or 403; allowed = anything else (the gate let
 * the call through; it may still be invalid or find nothing). Fixtures meet each endpoint's inner
 * conditions (a household in the heads' scope, a case assigned to the mediator and grid worker).
 */
import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import {
  CALLERS,
  HTTP_ENDPOINTS,
  expected,
  renderHttpTable,
  type Caller,
  type HttpEndpoint,
} from '../../server/access/httpAccess'
import { systemOrigin } from '../../server/origins'
import type { Scope } from '../../server/accounts/AccountStore'
import { ROLES, isOrgRole, type Role } from '../../src/domain/access/policy'
import { createCase, setAssignees } from '../../src/domain/mediation/caseCommands'
import type { CaseId } from '../../src/domain/mediation/schema'
import { startTestServer, type TestServer } from '../helpers/server'
import { docName } from '../../src/domain/docTypes'

const SCOPES: Partial<Record<Role, Scope>> = {
  building_head: { buildings: ['1'] },
  unit_head: { units: ['1-1'] },
  resident: { households: ['1-1-0101'] },
}
const HID = '1-1-0101'
const CASE = 'k_matrix' as CaseId

let server: TestServer
const councils = { own: '', other: '' }
const users = new Map<Role, { id: string; token: string }>()
let phoneN = 0
const phone = () => `1330000${String(++phoneN).padStart(4, '0')}`

beforeAll(async () => {
  server = await startTestServer({ realAccess: true })
  for (const role of ROLES) {
    const u = await server.accounts.createUser({
      phone: phone(),
      name: role,
      passwordHash: 'x',
      isAdmin: role === 'admin',
    })
    users.set(role, { id: u.id, token: await server.tokens.issueAccess({ userId: u.id, name: role }) })
  }
  const adminId = users.get('admin')!.id
  for (const rel of ['own', 'other'] as const) {
    const id = (await server.accounts.createCompound({ name: rel, address: '', grid: '', createdBy: adminId })).id
    councils[rel] = id
    await server.accounts.putPhones(id, [{ householdId: HID, phone: '13912345678' }])
    const d = new Y.Doc()
    const by = { userId: users.get('grid_worker')!.id, name: '网格员' }
    createCase(
      d,
      id,
      CASE,
      {
        type: 'noise',
        urgency: 'normal',
        place: { building: '1', flat: '0101', text: '', grid: '' },
        description: '噪音',
        reportedAt: 1,
        arrivedAt: null,
        parties: [],
      },
      by,
      () => 1,
    )
    setAssignees(d, [by, { userId: users.get('mediator')!.id, name: '调解员' }], by.userId, () => 2)
    await (await server.docs.get(docName('case', id, CASE))).submit(
      Y.encodeStateAsUpdate(d),
      systemOrigin('matrix seed'),
    )
  }
  // Org roles reach the own council through the tree (street staff on the street, community staff on
  // the community); the other council sits in another street.
  await server.accounts.upsertOrgNodes([
    { id: 'hm-d', kind: 'district', name: '区', parentId: null },
    { id: 'hm-s', kind: 'street', name: '街道', parentId: 'hm-d' },
    { id: 'hm-c', kind: 'community', name: '社区', parentId: 'hm-s' },
    { id: 'hm-s2', kind: 'street', name: '另一街道', parentId: 'hm-d' },
    { id: 'hm-c2', kind: 'community', name: '另一社区', parentId: 'hm-s2' },
  ])
  await server.accounts.setCouncilOrgNode(councils.own, 'hm-c')
  await server.accounts.setCouncilOrgNode(councils.other, 'hm-c2')
  await server.accounts.addOrgStaff(users.get('org_viewer')!.id, 'hm-s', 'org_viewer')
  await server.accounts.addOrgStaff(users.get('org_handler')!.id, 'hm-c', 'org_handler')
  for (const role of ROLES)
    if (role !== 'admin' && !isOrgRole(role))
      await server.accounts.addMembership({
        userId: users.get(role)!.id,
        councilId: councils.own,
        role,
        scope: SCOPES[role] ?? {},
      })
})
afterAll(() => server?.stop())

const jpeg = (() => {
  const b = Buffer.alloc(600, 'm')
  b.set([0xff, 0xd8, 0xff, 0xe0])
  return b
})()
const jpegSha = createHash('sha256').update(jpeg).digest('hex')
const csv = Buffer.from('楼栋,单元,房号,面积,业主,电话\n1,1,0101,80.5,张三,13912345678\n').toString('base64')

/** The concrete request for one endpoint in one council (a fresh target for deletions). */
async function request(e: HttpEndpoint, councilId: string, token: string | null): Promise<Response> {
  let path = e.path.replace(':id', councilId).replace(':hid', HID).replace(':caseId', CASE).replace(':sha256', jpegSha)
  path = path.replace(':voteId', 'v_nothing').replace(':eventId', 'e_nothing')
  let body: unknown
  let raw: Blob | undefined
  const headers: Record<string, string> = token ? { Authorization: `Bearer ${token}` } : {}
  if (path.includes(':nodeId')) {
    // A fresh leaf district per call (deletions), the street for staff calls.
    const leaf = `hm-n${++phoneN}`
    await server.accounts.upsertOrgNodes([{ id: leaf, kind: 'district', name: '临时', parentId: null }])
    path = path.replace(':nodeId', e.path.includes('/staff') ? 'hm-s' : leaf)
  }
  if (path.includes(':userId')) {
    const t = await server.accounts.createUser({ phone: phone(), name: 't', passwordHash: 'x', isAdmin: false })
    await server.accounts.addMembership({ userId: t.id, councilId, role: 'resident', scope: {} })
    path = path.replace(':userId', t.id).replace(':role', 'resident')
  }
  if (e.path === '/api/votes/:voteId/verify?council=:id')
    path = `${path.replace('v_nothing', 'v_nothing')}&hash=${'0'.repeat(64)}`
  switch (`${e.method} ${e.path}`) {
    case 'POST /api/setup':
      body = { phone: phone(), name: 'x', password: 'setup-pass-1' }
      break
    case 'POST /api/login':
      body = { phone: '13300009999', password: 'wrong-password' }
      break
    case 'POST /api/refresh':
    case 'POST /api/logout':
      body = { refreshToken: 'not-a-live-refresh-token' }
      break
    case 'POST /api/activate':
      body = { phone: '13300009998', inviteCode: '123456', password: 'activate-pass-1' }
      break
    case 'POST /api/admin/unlock':
      body = { phone: '13300009999' }
      break
    case 'POST /api/compounds':
      body = { name: 'x' }
      break
    case 'POST /api/org/import':
      body = { csvBase64: Buffer.from('编号,类型,名称,上级编号\nhm-imp,区,导入区,\n').toString('base64') }
      break
    case 'PUT /api/org/nodes/:nodeId':
      body = { kind: 'district', name: '改名', parentId: null }
      break
    case 'PUT /api/org/councils/:id':
      // Where it already is: the org roles' own/other relation must not change.
      body = { nodeId: councilId === councils.own ? 'hm-c' : 'hm-c2' }
      break
    case 'POST /api/org/nodes/:nodeId/staff':
      body = { phone: phone(), name: '新干部', role: 'org_viewer' }
      break
    case 'POST /api/councils/:id/members':
      body = { phone: phone(), name: '新住户', role: 'resident' }
      break
    case 'POST /api/councils/:id/roll/import':
      body = { csvBase64: csv, dryRun: true }
      break
    case 'POST /api/councils/:id/cases/:caseId/export':
      body = { reason: '矩阵测试导出' }
      break
    case 'PUT /api/councils/:id/blobs/:sha256':
      raw = new Blob([new Uint8Array(jpeg)])
      headers['Content-Type'] = 'image/jpeg'
      break
  }
  if (body !== undefined) headers['Content-Type'] = 'application/json'
  return fetch(server.httpUrl + path, {
    method: e.method,
    headers,
    ...(raw ? { body: raw } : body !== undefined ? { body: JSON.stringify(body) } : {}),
  })
}

async function outcome(res: Response): Promise<'allowed' | 'refused'> {
  const body = (await res.json().catch(() => null)) as { error?: { code?: string } } | null
  const code = body?.error?.code
  if (res.status === 403) return 'refused'
  if (res.status === 401 && (code === 'unauthenticated' || code === 'token-expired')) return 'refused'
  return 'allowed'
}

it('docs/security.md holds the generated HTTP table', () => {
  expect(readFileSync(new URL('../../docs/security.md', import.meta.url), 'utf8')).toContain(renderHttpTable())
})

describe.each(HTTP_ENDPOINTS.map((e) => [`${e.method} ${e.path}`, e] as const))('%s', (_name, e) => {
  it('every role × own council / other council, and no token', async () => {
    const got: string[] = []
    const want: string[] = []
    for (const caller of CALLERS as Caller[]) {
      const token = caller === 'no-token' ? null : users.get(caller)!.token
      for (const rel of caller === 'no-token' ? (['own'] as const) : (['own', 'other'] as const)) {
        const res = await request(e, councils[rel], token)
        got.push(`${caller}/${rel}: ${await outcome(res)} (${res.status})`)
        want.push(`${caller}/${rel}: ${expected(e, caller, rel)}`)
      }
    }
    expect(got.map((g) => g.replace(/ \(\d+\)$/, ''))).toEqual(want)
  })
})
