/**
 * Hostile updates against every ruled root (issue 14): a client with a valid token crafts updates —
 * deleting or overwriting records, special and huge keys (`__proto__`, `constructor`, `toString`,
 * "", 10 kB), nested types, content of the wrong kind, deletes in other roots, values whose
 * decoding sets a prototype, missing dependencies. Every one is refused, and a control shows the
 * same value under an ordinary key is accepted (so each refusal is about the attack, not the value).
 * Judged by the server's own checker (server/access/contentRules.ts) against a live doc that is
 * never copied; the doc is unchanged afterwards.
 */
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { updateChecker } from '../../server/access/contentRules'
import type { Condition } from '../../src/domain/access/policy'
import type { WriteActor } from '../../src/domain/access/writeRules'
import { updateFrom } from '../helpers/clientUpdate'
import { ballot, caseSummary, gridEvent, order, publishedVersion, signature, visit } from '../helpers/records'

const SPECIAL_KEYS = ['__proto__', 'constructor', 'toString', 'hasOwnProperty', '', 'x'.repeat(10_240)]

/** An update whose parent is the root `root` used as a sequence (array content, no key). */
function sequenceUpdate(root: string, value: unknown): Uint8Array {
  const d = new Y.Doc()
  d.getArray(root).push([value])
  return Y.encodeStateAsUpdate(d)
}

/** An update that depends on content the server never got. */
function missingDepsUpdate(root: string, value: unknown): Uint8Array {
  const d = new Y.Doc()
  d.getMap(root).set('first', value)
  const sv = Y.encodeStateVector(d)
  d.getMap(root).set('second', value)
  return Y.encodeStateAsUpdate(d, sv)
}

/** A delete set naming ids the server does not have. */
function unknownDeleteUpdate(_base: Y.Doc): Uint8Array {
  const other = new Y.Doc()
  other.getMap('x').set('a', 1)
  const sv = Y.encodeStateVector(other)
  other.getMap('x').delete('a')
  return Y.encodeStateAsUpdate(other, sv)
}

interface RootCase {
  cond: Condition
  actor: WriteActor
  root: string
  /** existing content: the record `seed` is in `root` */
  seed: (d: Y.Doc) => void
  /** a record the actor may add under `key` */
  valid: (key: string) => unknown
  /** another root of the same doc the actor must not touch (delete a key there) */
  other: { root: string; key: string }
}

const u = (userId: string, roles: string[], scope: WriteActor['scope'] = {}): WriteActor => ({ userId, roles, scope })
const openVote = (d: Y.Doc) => {
  d.getMap('meta').set('status', 'open')
  d.getMap('meta').set('title', '表决')
  d.getMap('frozenRoll').set('1-1-0101', { householdId: '1-1-0101' })
}

const CASES: RootCase[] = [
  {
    cond: 'own-household-ballot',
    actor: u('res', ['resident'], { households: ['1-1-0101'] }),
    root: 'ballots',
    seed: (d) => {
      openVote(d)
      d.getMap('ballots').set('seed', ballot('1-1-0102', 'chair'))
    },
    valid: () => ballot('1-1-0101', 'res'),
    other: { root: 'meta', key: 'title' },
  },
  {
    cond: 'own-scope-ballots',
    actor: u('head', ['unit_head'], { units: ['1-1'] }),
    root: 'ballots',
    seed: (d) => {
      openVote(d)
      d.getMap('ballots').set('seed', ballot('1-1-0102', 'chair'))
    },
    valid: () => ballot('1-1-0103', 'head'),
    other: { root: 'frozenRoll', key: '1-1-0101' },
  },
  {
    cond: 'vote-manage',
    actor: u('chair', ['chair']),
    root: 'ballots',
    seed: (d) => {
      openVote(d)
      d.getMap('ballots').set('seed', ballot('1-1-0102', 'head'))
    },
    valid: () => ballot('1-1-0104', 'chair'),
    other: { root: 'frozenRoll', key: '1-1-0101' },
  },
  {
    cond: 'own-scope-signatures',
    actor: u('head', ['unit_head'], { units: ['1-1'] }),
    root: 'signatures',
    seed: (d) => d.getMap('signatures').set('seed', signature('1-1-0102', 'head')),
    valid: () => signature('1-1-0103', 'head'),
    other: { root: 'meta', key: 'x' },
  },
  {
    cond: 'own-scope-visits',
    actor: u('head', ['building_head'], { buildings: ['3'] }),
    root: 'visits',
    seed: (d) => d.getMap('visits').set('seed', visit('3-1-0101', 'head')),
    valid: () => visit('3-1-0102', 'head'),
    other: { root: 'meta', key: 'x' },
  },
  {
    cond: 'redacted-case-list',
    actor: u('med', ['mediator']),
    root: 'cases',
    // Assignees update their own entries (by design); this one is another mediator's case.
    seed: (d) => d.getMap('cases').set('seed', caseSummary('seed', ['other'])),
    valid: (key) => caseSummary(key, ['med']),
    other: { root: 'meta', key: 'x' },
  },
  {
    cond: 'frozen-versions',
    actor: u('member', ['member']),
    root: 'versions',
    seed: (d) => d.getMap('versions').set('seed', publishedVersion('chair')),
    valid: () => publishedVersion('member'),
    other: { root: 'versions', key: 'seed' },
  },
  {
    cond: 'event-steps',
    actor: u('res', ['resident']),
    root: 'events',
    seed: (d) => d.getMap('events').set('seed', gridEvent('seed', 'other')),
    valid: (key) => gridEvent(key, 'res', { source: 'resident' }),
    other: { root: 'steps', key: 'x' },
  },
  {
    cond: 'lists-own-orders',
    actor: u('res', ['resident']),
    root: 'orders',
    seed: (d) => d.getMap('orders').set('seed', order('seed', 'other')),
    valid: (key) => order(key, 'res'),
    other: { root: 'needs', key: 'x' },
  },
]

function seeded(c: RootCase): Y.Doc {
  const d = new Y.Doc()
  c.seed(d)
  d.getMap(c.other.root).set(c.other.key, d.getMap(c.other.root).get(c.other.key) ?? 1)
  return d
}

describe.each(CASES)('$cond on $root', (c) => {
  const check = updateChecker([c.cond], c.actor)
  const judge = (d: Y.Doc, update: Uint8Array) => {
    const before = Y.encodeStateAsUpdate(d)
    const r = check(d, update)
    expect(Y.encodeStateAsUpdate(d)).toEqual(before) // judging never touches the live doc
    return r
  }

  it('control: the same value under an ordinary key is accepted', () => {
    const d = seeded(c)
    expect(
      judge(
        d,
        updateFrom(d, (x) => x.getMap(c.root).set('okKey1', c.valid('okKey1'))),
      ),
    ).toBeNull()
  })

  it('refuses deleting and overwriting a record', () => {
    const d = seeded(c)
    expect(
      judge(
        d,
        updateFrom(d, (x) => x.getMap(c.root).delete('seed')),
      ),
    ).not.toBeNull()
    expect(
      judge(
        d,
        updateFrom(d, (x) => x.getMap(c.root).set('seed', c.valid('seed'))),
      ),
    ).not.toBeNull()
    // overwrite then delete within one update: still removes the stored record
    expect(
      judge(
        d,
        updateFrom(d, (x) => {
          x.getMap(c.root).set('seed', c.valid('seed'))
          x.getMap(c.root).delete('seed')
        }),
      ),
    ).not.toBeNull()
  })

  it.each(SPECIAL_KEYS.map((k) => [k.length > 20 ? `${k.length}-char key` : JSON.stringify(k), k]))(
    'refuses a record under the special key %s',
    (_label, key) => {
      const d = seeded(c)
      expect(
        judge(
          d,
          updateFrom(d, (x) => x.getMap(c.root).set(key, c.valid(key))),
        )?.code,
      ).toBeTruthy()
    },
  )

  it('refuses nested types and content of the wrong kind', () => {
    const d = seeded(c)
    expect(
      judge(
        d,
        updateFrom(d, (x) => x.getMap(c.root).set('n1', new Y.Map())),
      )?.code,
    ).toBe('shape')
    expect(
      judge(
        d,
        updateFrom(d, (x) => x.getMap(c.root).set('n2', new Y.Text('x'))),
      )?.code,
    ).toBe('shape')
    expect(
      judge(
        d,
        updateFrom(d, (x) => x.getMap(c.root).set('n3', new Uint8Array([1, 2]))),
      )?.code,
    ).toBe('shape')
    expect(judge(d, sequenceUpdate(c.root, c.valid('n4')))?.code).toBe('shape')
    // A record nested inside a nested map, as a hostile client could build it.
    expect(
      judge(
        d,
        updateFrom(d, (x) => {
          const inner = new Y.Map()
          x.getMap(c.root).set('n5', inner)
          inner.set('n6', c.valid('n6'))
        }),
      )?.code,
    ).toBe('shape')
  })

  it('refuses a value whose decoding would set a prototype', () => {
    const d = seeded(c)
    const crafted = JSON.parse(`{"__proto__": {"recordedBy": "${c.actor.userId}"}}`)
    Object.assign(crafted, c.valid('p1'))
    expect(
      judge(
        d,
        updateFrom(d, (x) => x.getMap(c.root).set('p1', crafted)),
      )?.code,
    ).toBe('shape')
  })

  it('refuses deletes in another root', () => {
    const d = seeded(c)
    expect(
      judge(
        d,
        updateFrom(d, (x) => x.getMap(c.other.root).delete(c.other.key)),
      ),
    ).not.toBeNull()
  })

  it('refuses updates with missing dependencies or unknown deletions (missing-deps)', () => {
    const d = seeded(c)
    expect(judge(d, missingDepsUpdate(c.root, c.valid('first')))?.code).toBe('missing-deps')
    expect(judge(d, unknownDeleteUpdate(d))?.code).toBe('missing-deps')
  })
})

describe('the attacks from the issue', () => {
  it('a resident cannot delete recorded ballots nor add one in the chair’s name, under any key', () => {
    const d = new Y.Doc()
    openVote(d)
    d.getMap('ballots').set('b1', ballot('1-1-0102', 'chair'))
    const check = updateChecker(['own-household-ballot'], u('res', ['resident'], { households: ['1-1-0101'] }))
    for (const key of [...SPECIAL_KEYS, 'b2']) {
      expect(
        check(
          d,
          updateFrom(d, (x) => {
            x.getMap('ballots').delete('b1')
            x.getMap('ballots').set(key, ballot('1-1-0101', 'chair'))
          }),
        ),
      ).not.toBeNull()
      expect(
        check(
          d,
          updateFrom(d, (x) => x.getMap('ballots').set(key, ballot('1-1-0101', 'chair'))),
        ),
      ).not.toBeNull()
    }
  })

  it('a mediator cannot write a phone or ID number into the case list', () => {
    const d = new Y.Doc()
    const check = updateChecker(['redacted-case-list'], u('med', ['mediator']))
    for (const smuggled of ['13812345678', '110101199003071234', '11010119900307123X'])
      expect(
        check(
          d,
          updateFrom(d, (x) => x.getMap('cases').set('k1', caseSummary('k1', ['med', smuggled]))),
        )?.code,
      ).toBe('case-list-personal')
    expect(
      check(
        d,
        updateFrom(d, (x) => x.getMap('cases').set('k1', { ...caseSummary('k1', ['med']), phone: '138' })),
      )?.code,
    ).toBe('case-list-personal')
    expect(
      check(
        d,
        updateFrom(d, (x) => x.getMap('cases').set('k1', caseSummary('k1', ['med', 'u_0123456789abcdef']))),
      ),
    ).toBeNull()
  })

  it('plain-write docs also refuse pending structs and unknown deletions', () => {
    const d = new Y.Doc()
    d.getText('t').insert(0, 'abc')
    const plain = updateChecker([], u('x', ['member']))
    expect(plain(d, missingDepsUpdate('notes', 'v'))?.code).toBe('missing-deps')
    expect(plain(d, unknownDeleteUpdate(d))?.code).toBe('missing-deps')
    expect(
      plain(
        d,
        updateFrom(d, (x) => x.getText('t').insert(1, 'Z')),
      ),
    ).toBeNull()
  })

  it('sealed minutes refuse text, seal and version changes by anyone', () => {
    const d = new Y.Doc()
    d.getXmlFragment('default').insert(0, [new Y.XmlText('纪要')])
    d.getMap('seal').set('hash', 'h')
    const check = updateChecker(['sealed-readonly'], u('chair', ['chair']))
    expect(
      check(
        d,
        updateFrom(d, (x) => x.getXmlFragment('default').insert(0, [new Y.XmlText('x')])),
      )?.code,
    ).toBe('sealed')
    expect(
      check(
        d,
        updateFrom(d, (x) => x.getMap('seal').delete('hash')),
      )?.code,
    ).toBe('sealed')
    expect(
      check(
        d,
        updateFrom(d, (x) => x.getArray('versions').push([{}])),
      )?.code,
    ).toBe('sealed')
  })
})
