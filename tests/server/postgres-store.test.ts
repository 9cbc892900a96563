/**
 * PostgresDocStore: the shared DocStore acceptance suite, plus what only matters with several
 * processes on one database: concurrent appenders keep per-doc ids increasing in commit order, and
 * compaction merges exactly the rows it deletes (never content only another process has seen).
 * Each run uses its own schema, dropped afterwards. Needs PostgreSQL (see tests/helpers/services.ts).
 */
import { afterAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import pg from 'pg'
import { DOC_MIGRATIONS, PostgresDocStore } from '../../server/storage/PostgresDocStore'
import { DATABASE_URL, dropSchema, servicesGate, uniqueSchema } from '../helpers/services'
import { describeDocStore } from './storage-adapter-suite'
import { PostgresAccountStore } from '../../server/accounts/PostgresAccountStore'
import { ACCOUNT_MIGRATIONS } from '../../server/accounts/pgMigrations'

const skip = await servicesGate('postgres')
const schemas: string[] = []
afterAll(async () => {
  if (!skip) for (const s of schemas) await dropSchema(s)
})

const open = (schema: string) => new PostgresDocStore({ connectionString: DATABASE_URL, schema, poolSize: 4 })

describe.skipIf(skip)('PostgresDocStore', () => {
  describeDocStore('PostgresDocStore', () => {
    const schema = uniqueSchema()
    schemas.push(schema)
    return { open: () => open(schema), cleanup: () => dropSchema(schema) }
  })

  it('records migrations once, also when several processes start together', async () => {
    const schema = uniqueSchema()
    schemas.push(schema)
    const stores = [open(schema), open(schema), open(schema)]
    await Promise.all(stores.map((s) => s.ready))
    const c = new pg.Client({ connectionString: DATABASE_URL })
    await c.connect()
    const { rows } = await c.query(`SELECT version, name FROM "${schema}".schema_migrations ORDER BY version`)
    await c.end()
    // every doc-store migration recorded exactly once, in order, although three processes raced;
    // the account tables are PostgresAccountStore's (next test)
    expect(rows).toEqual(DOC_MIGRATIONS.map(({ version, name }) => ({ version, name })))
    await Promise.all(stores.map((s) => s.close()))
  })

  it('leaves the account tables to the account store, which records its own migrations', async () => {
    const schema = uniqueSchema()
    schemas.push(schema)
    const docs = open(schema)
    const accounts = new PostgresAccountStore({ connectionString: DATABASE_URL, schema, poolSize: 2 })
    await Promise.all([docs.ready, accounts.ready])
    const c = new pg.Client({ connectionString: DATABASE_URL })
    await c.connect()
    const { rows } = await c.query(`SELECT version, name FROM "${schema}".schema_migrations ORDER BY version`)
    await c.end()
    expect(rows.map((r) => r.version)).toEqual([...DOC_MIGRATIONS, ...ACCOUNT_MIGRATIONS].map((m) => m.version))
    expect(await accounts.countAdmins()).toBe(0)
    await Promise.all([docs.close(), accounts.close()])
  })

  it('keeps per-doc ids increasing in commit order with concurrent appenders (3 pools)', async () => {
    const schema = uniqueSchema()
    schemas.push(schema)
    const stores = [open(schema), open(schema), open(schema)]
    const returned: number[][] = [[], [], []]
    await Promise.all(
      stores.map(async (s, i) => {
        for (let n = 0; n < 40; n++)
          returned[i]!.push(await s.appendUpdates('notes:x', [new Uint8Array([i, n]), new Uint8Array([i, n, 1])]))
      }),
    )
    // Each appender sees its own ids increase.
    for (const r of returned) for (let k = 1; k < r.length; k++) expect(r[k]!).toBeGreaterThan(r[k - 1]!)
    const loaded = await stores[0]!.load('notes:x')
    expect(loaded.updates).toHaveLength(240)
    // A batch stays contiguous in load order (the advisory lock serialises appends of one doc).
    for (let k = 0; k < 240; k += 2) expect([...loaded.updates[k + 1]!]).toEqual([...loaded.updates[k]!, 1])
    expect(loaded.lastId).toBe(Math.max(...returned.flat()))
    await Promise.all(stores.map((s) => s.close()))
  })

  it('compactMerging folds exactly the stored rows, including ones this process never saw', async () => {
    const schema = uniqueSchema()
    schemas.push(schema)
    const a = open(schema)
    const b = open(schema)
    const edit = (text: string) => {
      const d = new Y.Doc()
      d.getArray<string>('log').push([text])
      return Y.encodeStateAsUpdate(d)
    }
    await a.appendUpdates('notes:m', [edit('a1')])
    await b.appendUpdates('notes:m', [edit('b1')]) // "process b": a has not seen it
    const uptoA = await a.appendUpdates('notes:m', [edit('a2')])
    const merge = (rows: Uint8Array[]) => Y.mergeUpdates(rows)
    expect(await a.compactMerging('notes:m', uptoA, merge)).toBe(3)
    await b.appendUpdates('notes:m', [edit('b2')])
    const loaded = await b.load('notes:m')
    expect(loaded.updates).toHaveLength(2)
    const d = new Y.Doc()
    for (const u of loaded.updates) Y.applyUpdate(d, u)
    expect(d.getArray('log').toArray().sort()).toEqual(['a1', 'a2', 'b1', 'b2'])
    await Promise.all([a.close(), b.close()])
  })

  it('fails start-up cleanly on an unreachable database', async () => {
    const s = new PostgresDocStore({ connectionString: 'postgres://nobody@127.0.0.1:1/none', schema: 'x' })
    await expect(s.ready).rejects.toThrow()
    await s.close()
  })
})
