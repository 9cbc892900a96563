import { describe, expect, it } from 'vitest'
import { gridStepOrderProblem, type StepMark } from '../../../../src/domain/grid/writeRules'

const step = (kind: string, seq?: number, extra: Record<string, unknown> = {}) => ({
  kind,
  eventId: 'e1',
  ...(seq === undefined ? {} : { seq }),
  ...extra,
})
const m = (mark: StepMark['mark'], seq?: number): StepMark => ({ seq, mark })
const code = (value: unknown, siblings: StepMark[]) => gridStepOrderProblem(value, siblings)?.code ?? null

describe('gridStepOrderProblem (what a step number proves its writer saw)', () => {
  it('report: number 1, once', () => {
    expect(code(step('report', 1), [])).toBeNull()
    expect(code(step('report', 2), [m('report', 1)])).toBe('step-order')
    expect(code(step('report', 1), [m('report', 1)])).toBe('step-order')
  })

  it('a number needs the step before it (or, at 1, steps from before numbering)', () => {
    expect(code(step('handle', 2), [m('report', 1)])).toBeNull()
    expect(code(step('handle', 5), [m('report', 1)])).toBe('step-order')
    expect(code(step('handle', 1), [m('report', 1)])).toBe('step-order')
    expect(code(step('handle', 1), [m('report', undefined)])).toBeNull()
    expect(code(step('handle'), [m('report', 1)])).toBe('step-order')
  })

  it('a rating needs a close numbered below it', () => {
    expect(code(step('rate', 2), [m('report', 1)])).toBe('step-order')
    expect(code(step('rate', 3), [m('report', 1), m('close', 2)])).toBeNull()
    // concurrent with the close (same number): its writer cannot have seen it
    expect(code(step('rate', 2), [m('report', 1), m('close', 2)])).toBe('step-order')
  })

  it('after a close the writer must have seen: only a rating', () => {
    const closed = [m('report', 1), m('close', 2)]
    expect(code(step('assign', 3), closed)).toBe('step-order')
    expect(code(step('rate', 3), closed)).toBeNull()
    // a chain that passes through the close or a rating still shows it
    expect(code(step('escalate', 4), [...closed, m('rate', 3)])).toBe('step-order')
  })

  it('offline branches: steps that did not provably see the close land', () => {
    // A: report 1, handle 2. B (offline): assign 2, reassign 3 — B never saw the handle.
    const merged = [m('report', 1), m('close', 2), m('other', 2)]
    expect(code(step('reassign', 3), merged)).toBeNull()
    expect(code(step('escalate', 4), [...merged, m('other', 3)])).toBeNull()
    // concurrent with the close at the same number
    expect(code(step('assign', 2), [m('report', 1), m('close', 2)])).toBeNull()
  })
})
