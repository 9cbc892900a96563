import { describe, expect, it } from 'vitest'
import { generateDemo } from '../../../../src/domain/grid/demo'
import { gridStepOrderProblem, stepMark, type StepMark } from '../../../../src/domain/grid/writeRules'

// The dashboard's 演示数据 button writes these steps on a tablet; the server checks their order like
// any other device's, so every one must pass the same predicate (they had no numbers once and were
// all refused: the seeded dashboard emptied after sync).
describe('grid demo data', () => {
  it('every step passes the server’s step-order rule, in the order written', () => {
    const end = Date.UTC(2026, 11, 1, 4)
    const d = generateDemo({ seed: 7, count: 300, days: 60, end, actor: { userId: 'u1', name: '网格员' } })
    const seen = new Map<string, StepMark[]>()
    let checked = 0
    for (const [, s] of d.steps) {
      const siblings = seen.get(s.eventId) ?? []
      expect(gridStepOrderProblem(s, siblings)).toBeNull()
      siblings.push(stepMark(s)!.m)
      seen.set(s.eventId, siblings)
      checked++
    }
    expect(checked).toBeGreaterThan(600)
  })
})
