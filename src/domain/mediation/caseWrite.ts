/**
 * What every case command shares: the refusal codes (src/domain/result.ts), the newer-version guard,
 * input parsing that refuses instead of throwing, and the internal writes two commands make (events,
 * the care plan). Nothing here opens a transaction of its own except `writePlan` (it joins the caller's).
 */
import type * as Y from 'yjs'
import type { z } from 'zod'
import { newId } from '../ids'
import { fail, ok, parseAs, type Fail, type Result } from '../result'
import { CASE_SCHEMA_VERSION, CaseEventSchema, type CaseEvent, type Phase } from './schema'
import type { Day } from './time'

export type CaseRefusal =
  /** the doc was written by a newer app version: this one must not write into it */
  | 'case.newer_schema'
  /** a record failed its schema; `detail` names the fields */
  | 'case.invalid'
  | 'case.bad_start_day'
  /** ending the plan, marking failed and reopening need a reason on record */
  | 'case.reason_required'
  | 'case.not_closed'
  /** closeCase while viewCase says no; `detail` is the reason: 'terms' | 'plan' | 'no-outcome' */
  | 'case.not_closable'

export type CaseResult<T = void> = Result<T, CaseRefusal>

export function writable(doc: Y.Doc): Fail<'case.newer_schema'> | null {
  const v = doc.getMap('meta').get('schemaVersion')
  return typeof v === 'number' && v > CASE_SCHEMA_VERSION ? fail('case.newer_schema', String(v)) : null
}

/** Parses every item, or refuses naming the fields of the first that fails. */
export function parseAll<T>(schema: z.ZodType<T>, items: readonly unknown[]): Result<T[], 'case.invalid'> {
  const out: T[] = []
  for (const item of items) {
    const r = parseAs(schema, item, 'case.invalid')
    if (!r.ok) return r
    out.push(r.value)
  }
  return ok(out)
}

export const parseOne = <T>(schema: z.ZodType<T>, item: unknown): Result<T, 'case.invalid'> =>
  parseAs(schema, item, 'case.invalid')

/** Internal records (the values are made here, not typed in): a parse failure is a programming error. */
export function event(doc: Y.Doc, kind: CaseEvent['kind'], by: string, at: number, note = ''): void {
  const id = newId('e')
  doc.getMap('events').set(id, CaseEventSchema.parse({ id, at, kind, by, note }))
}

export function writePlan(doc: Y.Doc, startDay: Day, phases: Phase[]): void {
  doc.transact(() => {
    const m = doc.getMap('plan')
    m.set('startDay', startDay)
    m.set('phases', phases)
    if (!m.has('endedDay')) m.set('endedDay', null)
  })
}
