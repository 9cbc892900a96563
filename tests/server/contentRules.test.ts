import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { updateChecker } from '../../server/access/contentRules'
import type { Condition } from '../../src/domain/access/policy'
import { sealMinutes } from '../../src/domain/meetings/minutes'
import { updateFrom } from '../helpers/clientUpdate'
import { ballot, visit } from '../helpers/records'

function check(
  doc: Y.Doc,
  cond: Condition,
  ctx: { userId?: string; roles?: string[]; scope?: object },
  edit: (d: Y.Doc) => void,
) {
  return updateChecker([cond], {
    userId: ctx.userId ?? 'u1',
    roles: ctx.roles ?? [],
    scope: ctx.scope ?? {},
  })(doc, updateFrom(doc, edit))
}

/** A sealed meeting record with quorum (1 of 1 member signed in). */
const QUORUM = {
  attendees: [{ name: '张主任', party: 'council', member: true, signIn: { at: '2025-03-01T01:00:00Z' } }],
}

describe('content rules', () => {
  it('sealed minutes refuse every change; only chair/secretary may seal', () => {
    const d = new Y.Doc()
    d.getXmlFragment('default').insert(0, [new Y.XmlText('纪要')])
    expect(check(d, 'sealed-readonly', { roles: ['member'] }, (c) => c.getMap('seal').set('hash', 'abc'))?.code).toBe(
      'forbidden',
    )
    // A seal must carry the hash of the content (src/domain/meetings/canonical.ts), in the sealer's name.
    expect(
      check(d, 'sealed-readonly', { roles: ['secretary'] }, (c) => c.getMap('seal').set('hash', 'abc'))?.code,
    ).toBe('forbidden')
    const by = { userId: 'u1', name: '秘书', at: new Date('2025-03-01T02:00:00Z') }
    expect(check(d, 'sealed-readonly', { roles: ['secretary'] }, (c) => sealMinutes(c, QUORUM, by))).toBeNull()
    expect(
      check(d, 'sealed-readonly', { roles: ['secretary'], userId: 'u2' }, (c) => sealMinutes(c, QUORUM, by))?.code,
    ).toBe('forbidden')
    d.getMap('seal').set('hash', 'abc')
    expect(
      check(d, 'sealed-readonly', { roles: ['chair'] }, (c) =>
        c.getXmlFragment('default').insert(0, [new Y.XmlText('x')]),
      )?.code,
    ).toBe('sealed')
  })

  it('ballots are append-only for everyone, and refused after close', () => {
    const d = new Y.Doc()
    d.getMap('meta').set('status', 'open')
    d.getMap('ballots').set('b1', ballot('1-1-0101', 'u1'))
    expect(
      check(d, 'append-only-ballots', {}, (c) => c.getMap('ballots').set('b2', ballot('1-1-0102', 'u1'))),
    ).toBeNull()
    expect(
      check(d, 'append-only-ballots', {}, (c) =>
        c.getMap('ballots').set('b1', ballot('1-1-0101', 'u1', { choice: 'oppose' })),
      )?.code,
    ).toBe('append-only')
    expect(check(d, 'append-only-ballots', {}, (c) => c.getMap('ballots').delete('b1'))?.code).toBe('append-only')
    d.getMap('meta').set('status', 'closed')
    expect(
      check(d, 'append-only-ballots', {}, (c) => c.getMap('ballots').set('b3', ballot('1-1-0201', 'u1')))?.code,
    ).toBe('closed')
  })

  it('a resident may only add ballots for their own households', () => {
    const d = new Y.Doc()
    d.getMap('meta').set('status', 'open')
    const ctx = { scope: { households: ['1-1-0101'] } }
    expect(
      check(d, 'own-household-ballot', ctx, (c) => c.getMap('ballots').set('b1', ballot('1-1-0101', 'u1'))),
    ).toBeNull()
    expect(
      check(d, 'own-household-ballot', ctx, (c) => c.getMap('ballots').set('b1', ballot('1-1-0102', 'u1')))?.code,
    ).toBe('out-of-scope')
    expect(check(d, 'own-household-ballot', ctx, (c) => c.getMap('meta').set('status', 'closed'))?.code).toBe(
      'forbidden',
    )
  })

  it('heads add visits only in their buildings/units, never edit existing ones', () => {
    const d = new Y.Doc()
    d.getMap('visits').set('v1', visit('3-1-0101', 'u1'))
    const head = { scope: { buildings: ['3'] } }
    expect(check(d, 'own-scope-visits', head, (c) => c.getMap('visits').set('v2', visit('3-2-0401', 'u1')))).toBeNull()
    expect(check(d, 'own-scope-visits', head, (c) => c.getMap('visits').set('v2', visit('4-1-0101', 'u1')))?.code).toBe(
      'out-of-scope',
    )
    expect(
      check(d, 'own-scope-visits', head, (c) =>
        c.getMap('visits').set('v1', visit('3-1-0101', 'u1', { outcome: 'refused' })),
      )?.code,
    ).toBe('append-only')
    const unitHead = { scope: { units: ['3-2'] } }
    expect(
      check(d, 'own-scope-visits', unitHead, (c) => c.getMap('visits').set('v3', visit('3-1-0201', 'u1')))?.code,
    ).toBe('out-of-scope')
  })

  it('case writers must stay assigned unless chair/admin', () => {
    const d = new Y.Doc()
    d.getMap('meta').set('assignees', ['u1'])
    expect(check(d, 'assigned-only', { userId: 'u1' }, (c) => c.getMap('meta').set('title', 'x'))).toBeNull()
    expect(check(d, 'assigned-only', { userId: 'u2' }, (c) => c.getMap('meta').set('title', 'x'))?.code).toBe(
      'forbidden',
    )
    expect(
      check(d, 'assigned-only', { userId: 'u2', roles: ['chair'] }, (c) => c.getMap('meta').set('title', 'x')),
    ).toBeNull()
  })
})

describe('structural check', () => {
  it('refuses an update whose dependencies are missing (it could land unchecked later)', () => {
    const a = new Y.Doc()
    a.getMap('ballots').set('b1', ballot('1-1-0101', 'u1'))
    const sv = Y.encodeStateVector(a)
    a.getMap('ballots').set('b2', ballot('1-1-0102', 'u1'))
    const onlySecond = Y.encodeStateAsUpdate(a, sv)
    expect(updateChecker([], { userId: 'u1', roles: [], scope: {} })(new Y.Doc(), onlySecond)?.code).toBe(
      'missing-deps',
    )
  })
})
