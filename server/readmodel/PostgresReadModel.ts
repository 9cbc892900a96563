/**
 * Read-model tables in PostgreSQL (the multi-process mode), next to the docs in the same schema.
 * Several processes may fold the same doc: every replace takes a transaction-scoped advisory lock
 * per scope (a council's events and counters, one vote, a council's cases) in a fixed order, then
 * replaces the scope's rows and moves its counters — so concurrent folds serialise. An org-tree
 * sync takes the tree lock, then the locks of the councils that move (same order).
 * Table setup is versioned in `rm_meta` (READ_MODEL_VERSION), under an advisory lock.
 */
import type pg from 'pg'
import { createPgPool, withTransaction } from '../storage/postgres'
import { countDelta, nodeDelta, treeDiff, treeHash, treeOf, type OrgTree } from './counters'
import type { CountRow, DocRows, EventRow } from './rows'
import { patchIds, scopeKey, scopeWrite } from './scopes'
import {
  addOnConflict,
  CASES,
  COUNCIL_NODES,
  COUNTER_COLUMNS,
  COUNTS,
  ddl,
  EVENTS,
  FOLDED,
  fromDb,
  MARKS,
  NODE_COUNTS,
  READ_MODEL_VERSION,
  TABLES,
  values,
  VOTES,
  type TableSpec,
} from './tables'
import {
  docMark,
  ORG_TREE_MARK,
  type CaseCount,
  type CountOut,
  type CountQuery,
  type CouncilCount,
  type ReadModelStore,
  type TableDump,
} from './ReadModelStore'

const TYPES = { text: 'TEXT', int: 'BIGINT', bool: 'SMALLINT' } as const
const ARRAY_TYPES = { text: 'text[]', int: 'bigint[]', bool: 'smallint[]' } as const
const LOCK_SPACE = 727911003
const SETUP_LOCK = 727911004
const TREE_LOCK = 727911005
const SUMS = 'reported, closed, same_day AS "sameDay", sat_sum AS "satSum", sat_count AS "satCount"'

export interface PostgresReadModelOptions {
  connectionString: string
  schema?: string
  poolSize?: number
  onError?: (e: Error) => void
}

export class PostgresReadModel implements ReadModelStore {
  readonly ready: Promise<void>
  /** Set once ready: true when this process (re)created the tables (the caller should reindex). */
  fresh = false
  private readonly pool: pg.Pool
  private readonly schema: string

  constructor(opts: PostgresReadModelOptions) {
    this.schema = opts.schema ?? 'public'
    this.pool = createPgPool(opts.connectionString, this.schema, opts.poolSize ?? 4)
    this.pool.on('error', (e) => opts.onError?.(e))
    this.ready = this.setup()
    this.ready.catch(() => {})
  }

  private async setup(): Promise<void> {
    await this.tx(async (c) => {
      await c.query('SELECT pg_advisory_xact_lock($1)', [SETUP_LOCK])
      await c.query(`CREATE SCHEMA IF NOT EXISTS "${this.schema}"`)
      await c.query('CREATE TABLE IF NOT EXISTS rm_meta (version INTEGER NOT NULL)')
      const { rows } = await c.query<{ version: number }>('SELECT version FROM rm_meta')
      if (rows[0]?.version === READ_MODEL_VERSION) return
      for (const t of TABLES) await c.query(`DROP TABLE IF EXISTS ${t.name}`)
      for (const t of TABLES) for (const s of ddl(t, TYPES)) await c.query(s)
      await c.query('DELETE FROM rm_meta')
      await c.query('INSERT INTO rm_meta (version) VALUES ($1)', [READ_MODEL_VERSION])
      this.fresh = true
    }, false)
  }

  private async tx<T>(fn: (c: pg.PoolClient) => Promise<T>, waitReady = true): Promise<T> {
    if (waitReady) await this.ready
    return withTransaction(this.pool, fn)
  }

  async replace(rows: DocRows): Promise<void> {
    await this.replaceMany([rows])
  }

  async replaceMany(batch: readonly DocRows[]): Promise<void> {
    if (batch.length === 0) return
    await this.tx(async (c) => {
      // Fixed lock order across processes: no deadlock between two batches.
      await lock(c, batch.map(scopeKey))
      for (const r of batch) await this.writeOne(c, r)
    })
  }

  private async writeOne(c: pg.PoolClient, r: DocRows): Promise<void> {
    if (r.scope === 'events') {
      const old = await c.query(`SELECT * FROM ${COUNTS.name} WHERE council_id = $1`, [r.councilId])
      await c.query(`DELETE FROM ${EVENTS.name} WHERE council_id = $1`, [r.councilId])
      await insertAll(c, EVENTS, r.events)
      const before = old.rows.map((x) => fromDb(COUNTS, x))
      await addCounts(c, r.councilId, countDelta(r.councilId, { events: r.events }, { counts: before }))
    } else if (r.scope === 'eventPatch') {
      const ids = patchIds(r)
      const old = await c.query(`SELECT * FROM ${EVENTS.name} WHERE council_id = $1 AND event_id = ANY($2::text[])`, [
        r.councilId,
        ids,
      ])
      await c.query(`DELETE FROM ${EVENTS.name} WHERE council_id = $1 AND event_id = ANY($2::text[])`, [
        r.councilId,
        ids,
      ])
      await insertAll(c, EVENTS, r.upserts)
      const before = old.rows.map((x) => fromDb<EventRow>(EVENTS, x))
      await addCounts(c, r.councilId, countDelta(r.councilId, { events: r.upserts }, { events: before }))
    } else {
      const w = scopeWrite(r)
      for (const d of w.deletes)
        await c.query(
          `DELETE FROM ${d.table} WHERE ${d.where.map((col, i) => `${col} = $${i + 1}`).join(' AND ')}`,
          d.args,
        )
      for (const ins of w.inserts) await insertAll(c, ins.table, ins.rows)
    }
    if (r.folded) await setMark(c, docMark(r.folded.doc), r.folded.state)
  }

  async clear(): Promise<void> {
    await this.tx(async (c) => {
      await c.query(`TRUNCATE ${FOLDED.map((t) => t.name).join(', ')}`)
      await c.query(`DELETE FROM ${MARKS.name} WHERE key LIKE 'doc:%'`)
    })
  }

  async syncOrgTree(tree: OrgTree): Promise<boolean> {
    const hash = treeHash(tree)
    if ((await this.mark(ORG_TREE_MARK)) === hash) return false
    return this.tx(async (c) => {
      await c.query('SELECT pg_advisory_xact_lock($1)', [TREE_LOCK])
      if ((await c.query(`SELECT value FROM ${MARKS.name} WHERE key = $1`, [ORG_TREE_MARK])).rows[0]?.value === hash)
        return false // another process synced it meanwhile
      const current = (await c.query(`SELECT * FROM ${COUNCIL_NODES.name}`)).rows.map((x) => fromDb(COUNCIL_NODES, x))
      const diff = treeDiff(treeOf(current), tree)
      await lock(
        c,
        diff.councils.map((id) => `events/${id}`),
      )
      const pairs = [...diff.removed.map((p) => [...p, -1] as const), ...diff.added.map((p) => [...p, 1] as const)]
      const sums = COUNTER_COLUMNS.map((col) => `SUM(c.${col} * p.sign)`).join(', ')
      // Moved councils take their counters from the old nodes to the new ones (one statement).
      await c.query(
        `INSERT INTO ${NODE_COUNTS.name}
         SELECT p.node, c.grain, c.category, c.bucket, ${sums}
         FROM ${COUNTS.name} c JOIN unnest($1::text[], $2::text[], $3::int[]) AS p(council, node, sign)
           ON c.council_id = p.council
         WHERE true GROUP BY p.node, c.grain, c.category, c.bucket ${addOnConflict(NODE_COUNTS)}`,
        [pairs.map((p) => p[0]), pairs.map((p) => p[1]), pairs.map((p) => p[2])],
      )
      await c.query(`DELETE FROM ${NODE_COUNTS.name} WHERE reported = 0`)
      await c.query(
        `DELETE FROM ${COUNCIL_NODES.name} WHERE (council_id, node_id) IN (SELECT * FROM unnest($1::text[], $2::text[]))`,
        [diff.removed.map((p) => p[0]), diff.removed.map((p) => p[1])],
      )
      await insertAll(
        c,
        COUNCIL_NODES,
        diff.added.map(([councilId, nodeId]) => ({ councilId, nodeId })),
      )
      await setMark(c, ORG_TREE_MARK, hash)
      return true
    })
  }

  async orgTree(): Promise<Map<string, string[]>> {
    await this.ready
    return treeOf(
      (await this.pool.query(`SELECT * FROM ${COUNCIL_NODES.name}`)).rows.map((x) => fromDb(COUNCIL_NODES, x)),
    )
  }

  private async mark(key: string): Promise<string | null> {
    await this.ready
    const { rows } = await this.pool.query(`SELECT value FROM ${MARKS.name} WHERE key = $1`, [key])
    return rows[0]?.value ?? null
  }

  async counts(q: CountQuery): Promise<CountOut[]> {
    await this.ready
    const [t, id] = q.level === 'node' ? [NODE_COUNTS.name, 'node_id'] : [COUNTS.name, 'council_id']
    const { rows } = await this.pool.query(
      `SELECT ${id} AS id, category, bucket, ${SUMS} FROM ${t}
       WHERE ${id} = ANY($1::text[]) AND grain = $2 AND bucket >= $3 AND bucket < $4${q.allOnly ? ` AND category = '*'` : ''}`,
      [q.ids, q.grain, q.from, q.to],
    )
    return rows.map((r) => ({
      id: r.id,
      category: r.category,
      bucket: Number(r.bucket),
      reported: Number(r.reported),
      closed: Number(r.closed),
      sameDay: Number(r.sameDay),
      satSum: Number(r.satSum),
      satCount: Number(r.satCount),
    }))
  }

  async openNotDue(from: number, to: number, now: number): Promise<CouncilCount[]> {
    await this.ready
    const { rows } = await this.pool.query(
      `SELECT council_id AS "councilId", category, COUNT(*) AS n FROM ${EVENTS.name}
       WHERE handled_at IS NULL AND due_at >= $1 AND reported_at >= $2 AND reported_at < $3
       GROUP BY council_id, category`,
      [now, from, to],
    )
    return rows.map((r) => ({ councilId: r.councilId, category: r.category, n: Number(r.n) }))
  }

  async caseCounts(councilIds: readonly string[], from: number, to: number): Promise<CaseCount[]> {
    await this.ready
    const { rows } = await this.pool.query(
      `SELECT type, outcome, COUNT(*) AS n FROM ${CASES.name}
       WHERE council_id = ANY($1::text[]) AND reported_at >= $2 AND reported_at < $3 GROUP BY type, outcome`,
      [councilIds, from, to],
    )
    return rows.map((r) => ({ type: r.type, outcome: r.outcome, n: Number(r.n) }))
  }

  async events(councilIds: readonly string[], from: number, to: number) {
    await this.ready
    const { rows } = await this.pool.query(
      `SELECT * FROM ${EVENTS.name} WHERE council_id = ANY($1::text[]) AND reported_at >= $2 AND reported_at < $3
       ORDER BY reported_at, council_id, event_id`,
      [councilIds, from, to],
    )
    return rows.map((r) => fromDb(EVENTS, r))
  }

  async foldedState(doc: string): Promise<string | null> {
    return this.mark(docMark(doc))
  }

  async dump(): Promise<TableDump> {
    await this.ready
    const all = async <R>(t: TableSpec<R>) =>
      (await this.pool.query(`SELECT * FROM ${t.name}`)).rows.map((r) => fromDb(t, r))
    return {
      events: await all(EVENTS),
      counts: await all(COUNTS),
      nodeCounts: await all(NODE_COUNTS),
      votes: await all(VOTES),
      cases: await all(CASES),
    }
  }

  async sizeBytes(): Promise<number> {
    await this.ready
    const { rows } = await this.pool.query(
      `SELECT SUM(pg_total_relation_size(format('%I.%I', $1::text, t)::regclass)) AS n FROM unnest($2::text[]) AS t`,
      [this.schema, TABLES.map((t) => t.name)],
    )
    return Number(rows[0]?.n ?? 0)
  }

  async close(): Promise<void> {
    await this.ready.catch(() => {})
    await this.pool.end()
  }
}

/** Advisory locks on `keys`, sorted (every transaction takes them in the same order). */
async function lock(c: pg.PoolClient, keys: readonly string[]): Promise<void> {
  for (const k of [...new Set(keys)].sort())
    await c.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [LOCK_SPACE, k])
}

async function setMark(c: pg.PoolClient, key: string, value: string): Promise<void> {
  await c.query(
    `INSERT INTO ${MARKS.name} (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = excluded.value`,
    [key, value],
  )
}

/** Adds a council's counter delta to its counters and to its org nodes'; drops counters that reach 0. */
async function addCounts(c: pg.PoolClient, councilId: string, delta: readonly CountRow[]): Promise<void> {
  if (delta.length === 0) return
  const nodes = (
    await c.query<{ node_id: string }>(`SELECT node_id FROM ${COUNCIL_NODES.name} WHERE council_id = $1`, [councilId])
  ).rows.map((r) => r.node_id)
  await upsertAdd(c, COUNTS, delta)
  await upsertAdd(c, NODE_COUNTS, nodeDelta(delta, nodes))
}

/** One INSERT … ON CONFLICT add per table (keys are unique within `rows`), then the zero rows go. */
async function upsertAdd<R extends { reported: number }>(c: pg.PoolClient, t: TableSpec<R>, rows: readonly R[]) {
  if (rows.length === 0) return
  await insertAll(c, t, rows, addOnConflict(t))
  const down = rows.filter((r) => r.reported < 0).map((r) => values(t, r))
  if (down.length === 0) return // only a decrease can reach zero
  await c.query(
    `DELETE FROM ${t.name} WHERE (${t.primaryKey.join(', ')}) IN
       (SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::bigint[])) AND reported = 0`,
    [0, 1, 2, 3].map((k) => down.map((v) => v[k])),
  )
}

/** One INSERT … SELECT FROM unnest(column arrays) per table: a council's year of events in one query. */
async function insertAll<R>(c: pg.PoolClient, t: TableSpec<R>, rows: readonly unknown[], suffix = ''): Promise<void> {
  const CHUNK = 5000
  for (let i = 0; i < rows.length; i += CHUNK) {
    const part = rows.slice(i, i + CHUNK) as R[]
    const cols = t.columns.map(() => [] as Array<string | number | null>)
    for (const row of part) {
      const vs = values(t, row)
      for (let k = 0; k < vs.length; k++) cols[k]!.push(vs[k]!)
    }
    const params = t.columns.map((col, k) => `$${k + 1}::${ARRAY_TYPES[col.type]}`).join(', ')
    await c.query(
      `INSERT INTO ${t.name} (${t.columns.map((col) => col.name).join(', ')}) SELECT * FROM unnest(${params}) ${suffix}`,
      cols,
    )
  }
}
