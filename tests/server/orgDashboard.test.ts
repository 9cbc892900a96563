/**
 * GET /api/org/<nodeId>/dashboard and export.csv over a real server: events stored in council docs
 * reach the node's figures through the read models (grouped by the node's children), the response
 * matches the shared wire schema, access is admins + staff of the node or an ancestor (street staff
 * of another street: 403), and the CSV holds no personal data.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { addStep, reportEvent } from '../../src/domain/grid/events'
import { OrgDashboardSchema } from '../../src/domain/org/dashboard'
import { docName } from '../../src/domain/docTypes'
import { systemOrigin } from '../../server/origins'
import { startTestServer, type TestServer } from '../helpers/server'
import { unwrap } from '../../src/domain/result'

const NOW = Date.UTC(2026, 11, 2, 4, 0) // Wed 2026-12-02 12:00 Beijing
const HOUR = 3_600_000
let server: TestServer
const tokens: Record<string, string> = {}
const councils: Record<string, string> = {}

const TREE = [
  { id: 'od-district', kind: 'district' as const, name: '川汇区', parentId: null },
  { id: 'od-street-a', kind: 'street' as const, name: '人和街道', parentId: 'od-district' },
  { id: 'od-street-b', kind: 'street' as const, name: '陈州街道', parentId: 'od-district' },
  { id: 'od-comm-a', kind: 'community' as const, name: '七一路社区', parentId: 'od-street-a' },
  { id: 'od-comm-b', kind: 'community' as const, name: '新民社区', parentId: 'od-street-b' },
]

/** `n` events reported today in council `c`; the first `handled` of them handled an hour later. */
async function seedEvents(c: string, n: number, handled: number, name = '张三'): Promise<void> {
  const d = new Y.Doc()
  for (let i = 0; i < n; i++) {
    const at = NOW - 2 * HOUR + i
    const id = unwrap(
      reportEvent(
        d,
        {
          category: 'facility',
          title: `${name}家门口路灯不亮`,
          description: '电话13900001111',
          place: '3号楼',
          gridId: null,
          source: 'resident',
          foundAt: at,
        },
        { userId: 'u_w', name },
        at,
      ),
    )
    if (i < handled) unwrap(addStep(d, id, { kind: 'handle', note: '已修' }, { userId: 'u_w', name }, at + HOUR))
  }
  await (await server.docs.get(docName('event', c))).submit(Y.encodeStateAsUpdate(d), systemOrigin('test seed'))
}

beforeAll(async () => {
  server = await startTestServer({ realAccess: true, readModelIntervalMs: 10, now: () => NOW })
  const admin = await server.accounts.createUser({
    phone: '13700100000',
    name: 'admin',
    passwordHash: 'x',
    isAdmin: true,
  })
  await server.accounts.upsertOrgNodes(TREE)
  for (const [key, comm] of [
    ['a1', 'od-comm-a'],
    ['a2', 'od-comm-a'],
    ['b1', 'od-comm-b'],
  ] as const) {
    councils[key] = (
      await server.accounts.createCompound({ name: `小区${key}`, address: '', grid: '', createdBy: admin.id })
    ).id
    await server.accounts.setCouncilOrgNode(councils[key]!, comm)
  }
  tokens.admin = await server.tokens.issueAccess({ userId: admin.id, name: 'admin' })
  let n = 1
  for (const [key, node, role] of [
    ['streetA', 'od-street-a', 'org_viewer'],
    ['streetB', 'od-street-b', 'org_handler'],
    ['district', 'od-district', 'org_viewer'],
  ] as const) {
    const u = await server.accounts.createUser({
      phone: `1370010${String(n++).padStart(4, '0')}`,
      name: key,
      passwordHash: 'x',
      isAdmin: false,
    })
    await server.accounts.addOrgStaff(u.id, node, role)
    tokens[key] = await server.tokens.issueAccess({ userId: u.id, name: key })
  }
  await seedEvents(councils.a1!, 5, 4)
  await seedEvents(councils.a2!, 3, 1)
  await seedEvents(councils.b1!, 7, 7)
  await server.readModel.folder.flush()
})
afterAll(() => server?.stop())

const get = (path: string, token?: string) =>
  fetch(server.httpUrl + path, { headers: token ? { Authorization: `Bearer ${token}` } : {} })

describe('org dashboard', () => {
  it('sums the subtree by child node, in the shared wire shape', async () => {
    const res = await get(`/api/org/od-district/dashboard?period=week&at=${NOW}`, tokens.district)
    expect(res.status).toBe(200)
    const d = OrgDashboardSchema.parse(await res.json())
    expect(d.node).toEqual({ id: 'od-district', kind: 'district', name: '川汇区' })
    expect(d.totals).toMatchObject({ reported: 15, closed: 12, sameDay: 12 })
    expect(d.byChild.map((c) => [c.name, c.kind, c.reported, c.closed])).toEqual([
      ['人和街道', 'street', 8, 5],
      ['陈州街道', 'street', 7, 7],
    ])
    expect(d.byCategory.find((c) => c.category === 'facility')?.reported).toBe(15)
    expect(d.series).toHaveLength(13)
    expect(d.series.at(-1)).toMatchObject({ start: d.period.start, reported: 15, closed: 12 })

    const street = OrgDashboardSchema.parse(
      await (await get(`/api/org/od-street-a/dashboard?period=month&at=${NOW}`, tokens.streetA)).json(),
    )
    expect(street.byChild.map((c) => [c.name, c.kind, c.reported])).toEqual([['七一路社区', 'community', 8]])
    const comm = OrgDashboardSchema.parse(
      await (await get(`/api/org/od-comm-a/dashboard?period=year&at=${NOW}`, tokens.admin)).json(),
    )
    expect(comm.byChild.map((c) => [c.name, c.kind, c.reported]).sort()).toEqual([
      ['小区a1', 'council', 5],
      ['小区a2', 'council', 3],
    ])
  })

  it('follows later edits (folded as they are stored)', async () => {
    await seedEvents(councils.b1!, 1, 0)
    await server.readModel.folder.flush()
    const d = OrgDashboardSchema.parse(
      await (await get(`/api/org/od-street-b/dashboard?period=week&at=${NOW}`, tokens.streetB)).json(),
    )
    expect(d.totals.reported).toBe(8)
  })

  it('admins and staff of the node or an ancestor only', async () => {
    expect((await get(`/api/org/od-street-a/dashboard?period=week`, tokens.streetA)).status).toBe(200)
    expect((await get(`/api/org/od-comm-a/dashboard?period=week`, tokens.streetA)).status).toBe(200)
    expect((await get(`/api/org/od-street-b/dashboard?period=week`, tokens.streetA)).status).toBe(403)
    expect((await get(`/api/org/od-comm-b/export.csv?period=week`, tokens.streetA)).status).toBe(403)
    expect((await get(`/api/org/od-district/dashboard?period=week`, tokens.streetB)).status).toBe(403)
    expect((await get(`/api/org/od-district/dashboard?period=week`)).status).toBe(401)
    expect((await get(`/api/org/nope/dashboard?period=week`, tokens.admin)).status).toBe(404)
    expect((await get(`/api/org/od-district/dashboard?period=decade`, tokens.admin)).status).toBe(400)
  })

  it('CSV export of the subtree: Chinese, no personal data', async () => {
    const res = await get(`/api/org/od-street-a/export.csv?period=week&at=${NOW}`, tokens.streetA)
    expect(res.status).toBe(200)
    const text = await res.text()
    const lines = text.trim().split('\r\n')
    expect(lines).toHaveLength(1 + 8)
    expect(lines[0]).toContain('议事会,类别')
    expect(text).toContain('小区a1,设施维修')
    for (const personal of ['张三', '13900001111', '3号楼', '路灯不亮', 'u_w']) expect(text).not.toContain(personal)
  })
})
