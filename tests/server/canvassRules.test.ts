/** Canvass content rules with real visit records (src/domain/canvass): overlap, scope, own name. */
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { updateChecker } from '../../server/access/contentRules'
import type { Condition } from '../../src/domain/access/policy'
import { readVisits, recordVisit } from '../../src/domain/canvass/commands'
import type { Visit } from '../../src/domain/canvass/schema'
import { updateFrom } from '../helpers/clientUpdate'

function check(doc: Y.Doc, cond: Condition, userId: string, scope: object, edit: (d: Y.Doc) => void) {
  const update = updateFrom(doc, edit)
  const rejection = updateChecker([cond], { userId, roles: [], scope })(doc, update)
  if (!rejection) Y.applyUpdate(doc, update)
  return rejection
}

const visit = (householdId: string, visitor: string): Visit => ({
  v: 1,
  proposalId: 'pr_x',
  versionNo: 1,
  householdId,
  outcome: 'visited',
  metName: '户主',
  opinions: { i_1: { stance: 'support', suggestion: '' } },
  remark: '',
  visitor,
  visitorName: visitor,
  device: 'd',
  at: '2025-03-01T01:00:00Z',
})

describe('canvass rules', () => {
  it('two heads with overlapping scopes both record the same household; both records are kept', () => {
    const doc = new Y.Doc()
    expect(
      check(doc, 'own-scope-visits', 'h1', { buildings: ['1'] }, (d) => recordVisit(d, visit('1-1-0101', 'h1'))),
    ).toBeNull()
    expect(
      check(doc, 'own-scope-visits', 'h2', { units: ['1-1'] }, (d) => recordVisit(d, visit('1-1-0101', 'h2'))),
    ).toBeNull()
    expect(
      readVisits(doc)
        .map((v) => v.visitor)
        .sort(),
    ).toEqual(['h1', 'h2'])
  })

  it('refuses visits outside the scope, in another person’s name, edits, deletions and other roots', () => {
    const doc = new Y.Doc()
    check(doc, 'own-scope-visits', 'h1', { buildings: ['1'] }, (d) => recordVisit(d, visit('1-1-0101', 'h1')))
    const [first] = readVisits(doc)
    expect(
      check(doc, 'own-scope-visits', 'h2', { units: ['1-1'] }, (d) => recordVisit(d, visit('1-2-0101', 'h2')))?.code,
    ).toBe('out-of-scope')
    expect(
      check(doc, 'own-scope-visits', 'h2', { units: ['1-1'] }, (d) => recordVisit(d, visit('1-1-0102', 'h1')))?.code,
    ).toBe('forbidden')
    expect(check(doc, 'append-only-visits', 'chair', {}, (d) => recordVisit(d, visit('9-1-0101', 'h1')))?.code).toBe(
      'forbidden',
    )
    expect(
      check(doc, 'own-scope-visits', 'h1', { buildings: ['1'] }, (d) =>
        d.getMap('visits').set(first!.id, { ...visit('1-1-0101', 'h1'), outcome: 'refused' }),
      )?.code,
    ).toBe('append-only')
    expect(check(doc, 'append-only-visits', 'chair', {}, (d) => d.getMap('visits').delete(first!.id))?.code).toBe(
      'append-only',
    )
    expect(check(doc, 'own-scope-visits', 'h1', { buildings: ['1'] }, (d) => d.getMap('meta').set('x', 1))?.code).toBe(
      'forbidden',
    )
    expect(check(doc, 'append-only-visits', 'chair', {}, (d) => recordVisit(d, visit('9-1-0101', 'chair')))).toBeNull()
    expect(readVisits(doc)).toHaveLength(2)
  })
})
