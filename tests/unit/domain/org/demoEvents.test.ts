import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { readEvents } from '../../../../src/domain/grid/events'
import { metricsFor } from '../../../../src/domain/grid/metrics'
import { periodAt } from '../../../../src/domain/grid/time'
import { DEMO_COUNCILS, DEMO_ORG_NODES } from '../../../../src/domain/org/demoDistrict'
import { demoTotals, writeDemoYear } from '../../../../src/domain/org/demoEvents'

const END = Date.parse('2026-12-02T10:00:00+08:00')
const actor = { userId: 'u_gw', name: '吴网格员' }

function year(seed: number, count = 300) {
  const doc = new Y.Doc()
  const facts = writeDemoYear(doc, { seed, count, end: END, actor, idPrefix: 'e_t' })
  return { doc, facts }
}

describe('demo district', () => {
  it('is one district, three streets, seven communities and 32 councils including 邮政小区', () => {
    expect(DEMO_ORG_NODES.filter((n) => n.kind === 'district')).toHaveLength(1)
    expect(DEMO_ORG_NODES.filter((n) => n.kind === 'street')).toHaveLength(3)
    expect(DEMO_ORG_NODES.filter((n) => n.kind === 'community')).toHaveLength(7)
    expect(DEMO_COUNCILS).toHaveLength(32)
    const youzheng = DEMO_COUNCILS.find((c) => c.name === '邮政小区')!
    expect(DEMO_ORG_NODES.find((n) => n.id === youzheng.communityId)?.name).toBe('邮政社区')
    // every council hangs under a community of the tree
    const communities = new Set(DEMO_ORG_NODES.filter((n) => n.kind === 'community').map((n) => n.id))
    expect(DEMO_COUNCILS.every((c) => communities.has(c.communityId))).toBe(true)
  })

  it('generates the same year for the same seed, a different one for another seed', () => {
    const a = year(7)
    const b = year(7)
    const c = year(8)
    expect(b.facts).toEqual(a.facts)
    expect(c.facts).not.toEqual(a.facts)
    const strip = (doc: Y.Doc) => readEvents(doc).events.map(({ steps, ...v }) => ({ ...v, steps: steps.length }))
    expect(strip(b.doc)).toEqual(strip(a.doc))
  })

  it('its own totals equal the fold of the docs it wrote (year, month, week)', () => {
    const { doc, facts } = year(2025, 600)
    const events = readEvents(doc).events
    expect(events).toHaveLength(600)
    for (const kind of ['year', 'month', 'week'] as const) {
      for (const at of [END, END - 40 * 86_400_000]) {
        const p = periodAt(kind, at)
        const m = metricsFor(events, p, END)
        const t = demoTotals(facts, p, END)
        expect({
          reported: m.reported,
          closed: m.closed,
          sameDay: m.sameDay,
          overdue: m.overdue,
          rated: m.rated,
        }).toEqual({ reported: t.reported, closed: t.closed, sameDay: t.sameDay, overdue: t.overdue, rated: t.rated })
        expect(m.satisfaction).toBeCloseTo(t.satisfaction ?? Number.NaN, 10)
        expect(Object.fromEntries(Object.entries(t.byCategory).map(([c, x]) => [c, x.reported]))).toEqual(m.byCategory)
      }
    }
  })

  it('looks like the field: most closed the same day, ~98 % closed, a few overdue, ratings mostly 5', () => {
    const { facts } = year(11, 1000)
    const t = demoTotals(facts, { start: 0, end: END + 1 }, END)
    expect(t.closed / t.reported).toBeGreaterThan(0.95)
    expect(t.closed / t.reported).toBeLessThan(0.995)
    expect(t.sameDay / t.reported).toBeGreaterThan(0.6)
    expect(t.sameDay).toBeLessThan(t.closed)
    expect(t.overdue).toBeGreaterThan(0)
    expect(t.satisfaction!).toBeGreaterThan(4.7)
    expect(t.byCategory.environment!.reported).toBeGreaterThan(t.byCategory.other!.reported)
    // nothing happens after the demo's "now"
    expect(facts.every((f) => f.reportedAt <= END && (f.handledAt ?? 0) <= END)).toBe(true)
  })
})
