/**
 * Both read-model adapters pass the shared suite; with PostgreSQL, two processes folding the same
 * docs concurrently (two pools replacing the same scopes) never fail and end with one fold's rows
 * whole, counters included — the multi-process mode's convergence.
 */
import { rmSync } from 'node:fs'
import { afterAll, describe, expect, it } from 'vitest'
import { SqliteReadModel } from '../../server/readmodel/SqliteReadModel'
import { PostgresReadModel } from '../../server/readmodel/PostgresReadModel'
import { sortDump } from '../../server/readmodel/ReadModelStore'
import { rollUp } from '../../server/readmodel/counters'
import { makeTempDir } from '../helpers/server'
import { DATABASE_URL, dropSchema, servicesGate, uniqueSchema } from '../helpers/services'
import { describeReadModelStore, ev, events } from './readmodel-adapter-suite'

const dirs: string[] = []
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true })
})
describeReadModelStore('SQLite', async () => {
  const dir = makeTempDir('yishi-rm-suite-')
  dirs.push(dir)
  return new SqliteReadModel(dir)
})

const skip = await servicesGate('postgres')
const schemas: string[] = []
afterAll(async () => {
  if (!skip) for (const s of schemas) await dropSchema(s)
})
const openPg = (schema: string) => new PostgresReadModel({ connectionString: DATABASE_URL, schema, poolSize: 3 })

describe.skipIf(skip)('PostgreSQL read models', () => {
  describeReadModelStore('PostgreSQL', async () => {
    const schema = uniqueSchema('yishi_rm')
    schemas.push(schema)
    return openPg(schema)
  })

  it('two processes folding the same docs concurrently converge on one whole fold', async () => {
    const schema = uniqueSchema('yishi_rm')
    schemas.push(schema)
    const [p1, p2] = [openPg(schema), openPg(schema)]
    try {
      const fold = (n: number) => [
        events(
          'ca',
          Array.from({ length: 30 }, (_, i) => ev('ca', `e${i}`, { escalations: n })),
        ),
        events(
          'cb',
          Array.from({ length: 30 }, (_, i) => ev('cb', `e${i}`, { escalations: n })),
        ),
      ]
      await Promise.all([
        ...Array.from({ length: 8 }, () => p1.replaceMany(fold(1))),
        ...Array.from({ length: 8 }, () => p2.replaceMany(fold(2).reverse())),
      ])
      const d = sortDump(await p1.dump())
      expect(d.events).toHaveLength(60)
      for (const c of ['ca', 'cb']) {
        const ns = new Set(d.events.filter((e) => e.councilId === c).map((e) => e.escalations))
        expect(ns.size).toBe(1) // one fold's rows, never a mix
      }
      // The counters moved by deltas under the same locks: still exactly the events' roll-up.
      const rolled = ['ca', 'cb'].flatMap((c) => rollUp(d.events.filter((e) => e.councilId === c)))
      expect(d.counts).toEqual(sortDump({ ...d, counts: rolled }).counts)
    } finally {
      await p1.close()
      await p2.close()
    }
  })
})
