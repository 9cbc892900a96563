/**
 * `npm run demo`'s district through the real HTTP endpoint: the district, a street and a community
 * dashboard reproduce the totals the generator says it generated (demoTotals over its own facts,
 * independent of the fold and the read models), per child node too; the district viewer may read
 * them and the community worker may not read the district.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { loadDemo } from '../../server/demo/loadDemo'
import { DEMO_ORG_ACCOUNTS, type DistrictLoad } from '../../server/demo/loadDistrict'
import { periodAt, type PeriodKind } from '../../src/domain/grid/time'
import { OrgDashboardSchema, type OrgDashboard } from '../../src/domain/org/dashboard'
import { DEMO_ORG_NODES } from '../../src/domain/org/demoDistrict'
import { demoDistrictFacts, demoTotals, type DemoEventFact } from '../../src/domain/org/demoEvents'
import { makeTempDir, startTestServer, type TestServer } from '../helpers/server'

const END = Date.UTC(2026, 11, 2, 4, 0) // Wed 2 Dec 2026 12:00 Beijing
let server: TestServer
let load: DistrictLoad
const tokens: Record<string, string> = {}

/** Councils under an org node (the node itself when it is a community). */
function councilsUnder(nodeId: string): DistrictLoad['councils'] {
  const below = new Set([nodeId])
  for (let grew = true; grew; ) {
    grew = false
    for (const n of DEMO_ORG_NODES)
      if (n.parentId && below.has(n.parentId) && !below.has(n.id)) {
        below.add(n.id)
        grew = true
      }
  }
  return load.councils.filter((c) => below.has(c.communityId))
}
const factsOf = (cs: DistrictLoad['councils']): DemoEventFact[] => cs.flatMap((c) => c.facts ?? [])

async function dashboard(nodeId: string, period: PeriodKind, token = tokens.district!): Promise<OrgDashboard> {
  const res = await fetch(`${server.httpUrl}/api/org/${nodeId}/dashboard?period=${period}&at=${END}`, {
    headers: { Authorization: `Bearer ${token}` },
  })
  expect(res.status).toBe(200)
  return OrgDashboardSchema.parse(await res.json())
}

function expectTotals(d: OrgDashboard, facts: DemoEventFact[], kind: PeriodKind) {
  const want = demoTotals(facts, periodAt(kind, END), END)
  expect(want.reported).toBeGreaterThan(0)
  const { satisfaction, ...counts } = d.totals
  expect(counts).toEqual({
    reported: want.reported,
    closed: want.closed,
    sameDay: want.sameDay,
    overdue: want.overdue,
    rated: want.rated,
  })
  expect(satisfaction).toBeCloseTo(want.satisfaction!, 6)
  for (const c of d.byCategory) {
    const w = want.byCategory[c.category] ?? { reported: 0, closed: 0, sameDay: 0, overdue: 0 }
    expect({ ...c, category: undefined }).toEqual({ category: undefined, ...w })
  }
}

beforeAll(async () => {
  const dataDir = makeTempDir('yishi-demo-')
  vi.spyOn(console, 'log').mockImplementation(() => {})
  vi.spyOn(console, 'table').mockImplementation(() => {})
  load = await loadDemo(dataDir, END)
  vi.restoreAllMocks()
  server = await startTestServer({ dataDir, realAccess: true, now: () => END })
  for (const a of DEMO_ORG_ACCOUNTS) {
    const user = (await server.accounts.userByPhone(a.phone))!
    tokens[a.nodeId === 'demo-d' ? 'district' : a.nodeId] = await server.tokens.issueAccess({
      userId: user.id,
      name: user.name,
    })
  }
}, 120_000)

afterAll(async () => {
  await server?.close()
})

describe('demo district dashboards reproduce the generated totals', () => {
  it('generated a year of events for every council, quickly enough for npm run demo', () => {
    expect(load.councils).toHaveLength(32)
    expect(load.councils.every((c) => (c.facts?.length ?? 0) >= 60)).toBe(true)
    // what browser tests recompute from the seeds is what the loader wrote
    expect(demoDistrictFacts(END).map((c) => c.facts)).toEqual(load.councils.map((c) => c.facts))
  })

  it('district: year, month and week totals, by category and by street', async () => {
    for (const kind of ['year', 'month', 'week'] as const) {
      const d = await dashboard('demo-d', kind)
      expect(d.node).toEqual({ id: 'demo-d', kind: 'district', name: '川汇区' })
      expectTotals(d, factsOf(load.councils), kind)
      expect(d.byChild.map((c) => c.name).sort()).toEqual(['七一路街道', '人民路街道', '陈州街道'].sort())
      for (const child of d.byChild) {
        const want = demoTotals(factsOf(councilsUnder(child.id)), periodAt(kind, END), END)
        expect([child.reported, child.closed, child.sameDay, child.overdue]).toEqual([
          want.reported,
          want.closed,
          want.sameDay,
          want.overdue,
        ])
      }
    }
  })

  it('street and community: totals and children down to the councils (邮政小区 among them)', async () => {
    const street = await dashboard('demo-s1', 'year')
    expectTotals(street, factsOf(councilsUnder('demo-s1')), 'year')
    expect(street.byChild.every((c) => c.kind === 'community')).toBe(true)
    const community = await dashboard('demo-c11', 'quarter')
    expectTotals(community, factsOf(councilsUnder('demo-c11')), 'quarter')
    expect(community.byChild.map((c) => c.kind)).toEqual(community.byChild.map(() => 'council'))
    const youzheng = community.byChild.find((c) => c.name === '邮政小区')!
    const facts = load.councils.find((c) => c.name === '邮政小区')!.facts!
    expect(youzheng.reported).toBe(demoTotals(facts, periodAt('quarter', END), END).reported)
  })

  it('the district has mediation case counts; the community worker cannot read the district', async () => {
    const d = await dashboard('demo-d', 'year')
    expect(d.cases.byType.reduce((n, x) => n + x.count, 0)).toBeGreaterThan(0)
    const res = await fetch(`${server.httpUrl}/api/org/demo-d/dashboard?period=year&at=${END}`, {
      headers: { Authorization: `Bearer ${tokens['demo-c11']}` },
    })
    expect(res.status).toBe(403)
  })
})
