/**
 * The structural verdict and the placement of changes must match what Yjs really does, or the
 * server would either store updates that stay pending (and land later, unchecked) or refuse honest
 * ones. Property: three clients edit maps (incl. `__proto__`/`constructor`/"" keys and nested maps),
 * arrays and text concurrently and sync among themselves; every update any of them emitted is
 * recorded, and the server receives a random sequence of those updates (repeats, any order).
 *  - decodeChanges and missingDeps say 'missing-deps' exactly when applying the update to a copy of
 *    the server's doc leaves pending structs or a pending delete set (else it is applied);
 *  - every top-level map entry the copy shows changed is among the places decodeChanges reported.
 */
import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import * as Y from 'yjs'
import { decodeChanges } from '../../server/access/updateChanges'
import { missingDeps } from '../../server/access/updateDeps'

type Op =
  | { t: 'set'; c: number; root: number; key: number; v: number }
  | { t: 'del'; c: number; root: number; key: number }
  | { t: 'push'; c: number; v: number }
  | { t: 'text'; c: number; pos: number; s: string }
  | { t: 'untext'; c: number; pos: number }
  | { t: 'nested'; c: number; key: number; v: number }
  | { t: 'sync'; a: number; b: number }

const KEYS = ['a', 'b', '__proto__', 'constructor', '']
const ROOTS = ['m1', 'm2']

const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ t: fc.constant('set' as const), c: fc.nat(2), root: fc.nat(1), key: fc.nat(4), v: fc.nat(9) }),
  fc.record({ t: fc.constant('del' as const), c: fc.nat(2), root: fc.nat(1), key: fc.nat(4) }),
  fc.record({ t: fc.constant('push' as const), c: fc.nat(2), v: fc.nat(9) }),
  fc.record({
    t: fc.constant('text' as const),
    c: fc.nat(2),
    pos: fc.nat(20),
    s: fc.string({ minLength: 1, maxLength: 3 }),
  }),
  fc.record({ t: fc.constant('untext' as const), c: fc.nat(2), pos: fc.nat(20) }),
  fc.record({ t: fc.constant('nested' as const), c: fc.nat(2), key: fc.nat(4), v: fc.nat(9) }),
  fc.record({ t: fc.constant('sync' as const), a: fc.nat(2), b: fc.nat(2) }),
)

function run(ops: Op[], onUpdate: (u: Uint8Array) => void): Y.Doc[] {
  const docs = [0, 1, 2].map((i) => {
    const d = new Y.Doc()
    d.clientID = 1000 + i
    d.on('update', onUpdate)
    return d
  })
  for (const o of ops) {
    if (o.t === 'sync') {
      Y.applyUpdate(docs[o.b]!, Y.encodeStateAsUpdate(docs[o.a]!))
      continue
    }
    const d = docs[o.c]!
    if (o.t === 'set') d.getMap(ROOTS[o.root]!).set(KEYS[o.key]!, o.v)
    else if (o.t === 'del') d.getMap(ROOTS[o.root]!).delete(KEYS[o.key]!)
    else if (o.t === 'push') d.getArray('arr').push([o.v])
    else if (o.t === 'text') {
      const t = d.getText('txt')
      t.insert(Math.min(o.pos, t.length), o.s)
    } else if (o.t === 'untext') {
      const t = d.getText('txt')
      if (t.length > 0) t.delete(Math.min(o.pos, t.length - 1), 1)
    } else {
      const inner = new Y.Map<number>()
      d.getMap('m1').set(`n${KEYS[o.key]}`, inner)
      inner.set('x', o.v)
    }
  }
  return docs
}

/** Top-level map entries as Yjs holds them: root/key → current value (undefined = deleted). */
const topLevel = (d: Y.Doc) => {
  const out = new Map<string, unknown>()
  for (const r of ROOTS) {
    const t = d.share.get(r)
    if (!t) continue
    for (const [k, item] of t._map) out.set(`${r}/${k}`, item.deleted ? undefined : item.content.getContent().at(-1))
  }
  return out
}

const copyOf = (d: Y.Doc) => {
  const c = new Y.Doc()
  Y.applyUpdate(c, Y.encodeStateAsUpdate(d))
  return c
}

describe('decodeChanges / missingDeps agree with Yjs', () => {
  it('missing-deps exactly when Yjs would keep something pending; top-level map changes are all reported', () => {
    fc.assert(
      fc.property(
        fc.array(op, { minLength: 1, maxLength: 40 }),
        fc.array(fc.nat(), { minLength: 1, maxLength: 60 }),
        (ops, picks) => {
          // Every update any of the three docs emitted (local edits and applied syncs), in order.
          const updates: Uint8Array[] = []
          const docs = run(ops, (u) => updates.push(u))
          void docs
          if (updates.length === 0) return
          const server = new Y.Doc()
          for (const p of picks) {
            const update = updates[p % updates.length]!
            const decoded = decodeChanges(server, update)
            const structural = missingDeps(update, (c) => Y.getState(server.store, c))
            const scratch = copyOf(server)
            const before = topLevel(scratch)
            Y.applyUpdate(scratch, update)
            const pending = scratch.store.pendingStructs !== null || scratch.store.pendingDs !== null
            expect(decoded.ok ? null : decoded.problem.code).toBe(pending ? 'missing-deps' : null)
            expect(structural?.code ?? null).toBe(pending ? 'missing-deps' : null)
            if (!decoded.ok) continue
            const reported = new Set<string>()
            for (const c of [...decoded.changes.inserts, ...decoded.changes.deletes])
              if (!c.nested && c.key !== null) reported.add(`${c.root}/${c.key}`)
            const after = topLevel(scratch)
            for (const [k, v] of after)
              if (!Object.is(before.get(k), v) || !before.has(k)) expect(reported).toContain(k)
            Y.applyUpdate(server, update)
          }
        },
      ),
      { numRuns: Number(process.env.FC_RUNS ?? 150), seed: Number(process.env.FC_SEED ?? 1412) },
    )
  })
})
