/**
 * GET /api/org/<nodeId>/open311.json over a real server (server/api/orgOpen311.ts): a street
 * worker gets exactly the service requests of their street's councils, in the GeoReport v2 shape,
 * with no personal data (no reporter name or phone, title, free text, place or household); another
 * street's worker gets 403; the from/to dates are validated (400, nothing served).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { systemOrigin } from '../../server/origins'
import { docName } from '../../src/domain/docTypes'
import { addStep, reportEvent } from '../../src/domain/grid/events'
import { Open311ListSchema } from '../../src/domain/grid/exports'
import { startTestServer, type TestServer } from '../helpers/server'
import { unwrap } from '../../src/domain/result'

const NOW = Date.UTC(2026, 11, 2, 4, 0) // Wed 2026-12-02 12:00 Beijing
const HOUR = 3_600_000
const DAY = 24 * HOUR
let server: TestServer
const tokens: Record<string, string> = {}
const councils: Record<string, string> = {}
const eventIds: Record<string, string[]> = {}

const TREE = [
  { id: 'o3-district', kind: 'district' as const, name: '川汇区', parentId: null },
  { id: 'o3-street-a', kind: 'street' as const, name: '人和街道', parentId: 'o3-district' },
  { id: 'o3-street-b', kind: 'street' as const, name: '陈州街道', parentId: 'o3-district' },
  { id: 'o3-comm-a', kind: 'community' as const, name: '七一路社区', parentId: 'o3-street-a' },
  { id: 'o3-comm-b', kind: 'community' as const, name: '新民社区', parentId: 'o3-street-b' },
]

/** `n` events reported `daysAgo` days before NOW in council `key` (residents' name and phone in them). */
async function seed(key: string, n: number, handled: number, daysAgo = 0): Promise<void> {
  const d = new Y.Doc()
  const who = { userId: 'u_resident', name: '张三' }
  for (let i = 0; i < n; i++) {
    const at = NOW - daysAgo * DAY - 2 * HOUR + i
    const id = unwrap(
      reportEvent(
        d,
        {
          category: 'facility',
          title: '张三家门口路灯不亮',
          description: '联系电话 13900001111',
          place: '3号楼2单元',
          householdId: '3-2-0301',
          building: '3',
          gridId: null,
          source: 'resident',
          foundAt: at,
        },
        who,
        at,
      ),
    )
    eventIds[key] = [...(eventIds[key] ?? []), id]
    if (i < handled)
      unwrap(addStep(d, id, { kind: 'handle', note: '已修，回访张三' }, { userId: 'u_w', name: '王网格' }, at + HOUR))
  }
  await (await server.docs.get(docName('event', councils[key]!))).submit(Y.encodeStateAsUpdate(d), systemOrigin('seed'))
}

beforeAll(async () => {
  server = await startTestServer({ realAccess: true, readModelIntervalMs: 10, now: () => NOW })
  const a = server.accounts
  const admin = await a.createUser({ phone: '13700300000', name: 'admin', passwordHash: 'x', isAdmin: true })
  await a.upsertOrgNodes(TREE)
  for (const [key, comm] of [
    ['a1', 'o3-comm-a'],
    ['a2', 'o3-comm-a'],
    ['b1', 'o3-comm-b'],
  ] as const) {
    const address = `周口市川汇区${key}路1号`
    councils[key] = (await a.createCompound({ name: `小区${key}`, address, grid: '', createdBy: admin.id })).id
    await a.setCouncilOrgNode(councils[key]!, comm)
  }
  tokens.admin = await server.tokens.issueAccess({ userId: admin.id, name: 'admin' })
  let n = 1
  for (const [key, node] of [
    ['streetA', 'o3-street-a'],
    ['streetB', 'o3-street-b'],
  ] as const) {
    const u = await a.createUser({
      phone: `1370030${String(n++).padStart(4, '0')}`,
      name: key,
      passwordHash: 'x',
      isAdmin: false,
    })
    await a.addOrgStaff(u.id, node, 'org_viewer')
    tokens[key] = await server.tokens.issueAccess({ userId: u.id, name: key })
  }
  await seed('a1', 3, 2)
  await seed('a2', 2, 0, 10)
  await seed('b1', 4, 4)
  await server.readModel.folder.flush()
})
afterAll(() => server?.stop())

const get = (path: string, token?: string) =>
  fetch(server.httpUrl + path, { headers: token ? { Authorization: `Bearer ${token}` } : {} })

describe('org Open311 export', () => {
  it("a street worker gets exactly their street's requests, GeoReport v2 shape, no personal data", async () => {
    const res = await get('/api/org/o3-street-a/open311.json', tokens.streetA)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-disposition')).toContain('open311-o3-street-a-2026-09-04-2026-12-02.json')
    const text = await res.text()
    const list = Open311ListSchema.parse(JSON.parse(text))
    const expected = [
      ...eventIds.a1!.map((id) => `${councils.a1}-${id}`),
      ...eventIds.a2!.map((id) => `${councils.a2}-${id}`),
    ]
    expect(list.map((r) => r.service_request_id).sort()).toEqual(expected.sort())
    for (const personal of ['张三', '13900001111', '3-2-0301', '路灯不亮', '3号楼', '王网格', 'u_resident', '已修'])
      expect(text).not.toContain(personal)
    const a1 = list.filter((r) => r.service_request_id.startsWith(`${councils.a1}-`))
    expect(a1.map((r) => r.status).sort()).toEqual(['closed', 'closed', 'open'])
    expect(a1[0]).toMatchObject({
      service_code: 'facility',
      service_name: '设施维修',
      agency_responsible: '小区',
      address: '周口市川汇区a1路1号 小区a1',
    })
    expect(a1.find((r) => r.status === 'open')?.expected_datetime).toBe('2026-12-02T23:59:59+08:00')
    const closed = a1.find((r) => r.status === 'closed')!
    expect(Date.parse(closed.updated_datetime) - Date.parse(closed.requested_datetime)).toBe(HOUR)
  })

  it('from/to select the Beijing days asked for; bad dates are refused', async () => {
    const today = await get('/api/org/o3-street-a/open311.json?from=2026-12-02&to=2026-12-02', tokens.streetA)
    expect((await today.json()) as unknown[]).toHaveLength(3)
    const earlier = await get('/api/org/o3-street-a/open311.json?from=2026-11-01&to=2026-11-30', tokens.streetA)
    expect((await earlier.json()) as unknown[]).toHaveLength(2)
    for (const q of [
      'from=2026-12-03&to=2026-12-02',
      'from=2026-02-30',
      'to=20261202',
      'from=2024-01-01&to=2026-12-02',
    ]) {
      const res = await get(`/api/org/o3-street-a/open311.json?${q}`, tokens.streetA)
      expect(res.status, q).toBe(400)
      expect(((await res.json()) as { error: { message: { zh: string } } }).error.message.zh).toContain('日期无效')
    }
  })

  it("another street's worker: 403; no token: 401; the district's admin sees both streets", async () => {
    expect((await get('/api/org/o3-street-a/open311.json', tokens.streetB)).status).toBe(403)
    expect((await get('/api/org/o3-comm-a/open311.json', tokens.streetB)).status).toBe(403)
    expect((await get('/api/org/o3-street-a/open311.json')).status).toBe(401)
    const all = await (await get('/api/org/o3-district/open311.json', tokens.admin)).json()
    expect(all).toHaveLength(9)
  })
})
