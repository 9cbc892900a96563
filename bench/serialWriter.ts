/**
 * ACK latency cost of the cross-process serial writer (docs/ops.md "One serial writer per document").
 * Two in-process servers on one PostgreSQL schema + Redis; ACK latency (send → ACK, one edit in
 * flight per client) with the serial writer (lock + catch-up + validate + insert in one transaction)
 * and without it (the store's appendSerial hidden: validate on the process's own copy, then append),
 * for (a) one client, (b) one client on each process writing the same doc. Ballots on a vote doc,
 * so every write runs the content rules. Prints p50/p95/p99 and the load average.
 *
 *   npx tsx bench/serialWriter.ts            (EDITS=300 per client by default)
 */
import { loadavg } from 'node:os'
import { randomBytes } from 'node:crypto'
import pg from 'pg'
import { createYishiServer, type YishiServer } from '../server/app'
import { PostgresDocStore } from '../server/storage/PostgresDocStore'
import type { DocStore } from '../server/storage/DocStore'
import { connectRawClient, type RawClient } from '../tests/helpers/rawClient'
import { makeTempDir } from '../tests/helpers/server'
import { createVote, openVote } from '../src/domain/voting/commands'
import type { Actor } from '../src/domain/actor'
import { ballotsMap } from '../src/domain/voting/schema'
import { household } from '../tests/unit/domain/voting/fixtures'
import { updateChecker } from '../server/access/contentRules'
import type { AccessControl } from '../server/access/AccessControl'
import { docName } from '../src/domain/docTypes'

const DATABASE_URL = process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test'
const REDIS_URL = process.env.REDIS_URL || 'redis://127.0.0.1:6379'
const EDITS = Number(process.env.EDITS ?? 300)
const ROLL = Array.from({ length: 3 * EDITS + 10 }, (_, i) =>
  household(
    `${1 + (i % 9)}-${1 + (Math.floor(i / 9) % 9)}-${String(1 + Math.floor(i / 81)).padStart(2, '0')}01`,
    `O${i}`,
    9000,
  ),
)

const withoutSerialWriter = (s: DocStore): DocStore =>
  new Proxy(s, {
    get(target, prop, receiver) {
      if (prop === 'appendSerial') return undefined
      const v = Reflect.get(target, prop, receiver)
      return typeof v === 'function' ? v.bind(target) : v
    },
  })

async function servers(schema: string, serial: boolean): Promise<YishiServer[]> {
  const out: YishiServer[] = []
  for (let i = 0; i < 2; i++) {
    const store = new PostgresDocStore({ connectionString: DATABASE_URL, schema })
    await store.ready
    out.push(
      await createYishiServer(
        {
          host: '127.0.0.1',
          port: 0,
          logLevel: 'silent',
          dataDir: makeTempDir('yishi-bench-sw-'),
          distDir: '/nonexistent',
          storage: 'postgres',
          databaseUrl: DATABASE_URL,
          pgSchema: schema,
          redisUrl: REDIS_URL,
          redisPrefix: `bench-sw-${randomBytes(3).toString('hex')}:`,
          compactAfterUpdates: 500,
        },
        { store: serial ? store : withoutSerialWriter(store), access: benchAccess },
      ),
    )
  }
  return out
}

/** Every connection may write, with the vote's content rules of the chair. */
const ACTOR: Actor = { userId: 'bench-member', name: '委员', device: 'bench' }
const benchAccess: AccessControl = {
  forConnection: async () => ({
    ok: true,
    access: {
      userId: ACTOR.userId,
      level: 'cond',
      mayRead: () => true,
      checkUpdate: updateChecker(['vote-manage'], { userId: ACTOR.userId, roles: ['chair'], scope: {} }),
    },
  }),
}

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!
}

async function ballots(c: RawClient, tag: string, offset: number): Promise<number[]> {
  const lat: number[] = []
  for (let n = 0; n < EDITS; n++) {
    const t0 = performance.now()
    ballotsMap(c.doc).set(`${tag}${n}`, {
      householdId: ROLL[offset + n]!.householdId,
      choice: 'agree',
      channel: 'paper',
      paperSerial: `P${n}`,
      recordedBy: ACTOR.userId,
      at: Date.now(),
    })
    await c.waitAcked(c.sentSeq, 20_000)
    lat.push(performance.now() - t0)
  }
  if (c.rejects.length) throw new Error(`refused: ${JSON.stringify(c.rejects[0])}`)
  return lat
}

async function scenario(serial: boolean): Promise<string[]> {
  const schema = `yishi_bench_sw_${randomBytes(4).toString('hex')}`
  const [a, b] = await servers(schema, serial)
  const lines: string[] = []
  try {
    const name = docName('vote', 'c1', `v${serial ? 's' : 'n'}`)
    const setup = await connectRawClient(a!.wsUrl, name)
    createVote(
      setup.doc,
      {
        councilId: 'c1',
        voteId: `v${serial ? 's' : 'n'}`,
        title: 'bench',
        question: 'q',
        matter: 'ordinary',
        opensAt: '2026-12-01T08:00',
        closesAt: '2026-12-31T18:00',
      },
      ACTOR,
    )
    openVote(setup.doc, ROLL, ACTOR)
    await setup.waitAcked()
    await setup.close()
    const ca = await connectRawClient(a!.wsUrl, name)
    const one = await ballots(ca, 'one', 0)
    const cb = await connectRawClient(b!.wsUrl, name)
    const [la, lb] = await Promise.all([ballots(ca, 'pa', EDITS), ballots(cb, 'pb', EDITS * 2)])
    const two = [...la!, ...lb!]
    const f = (xs: number[]) =>
      `p50 ${pct(xs, 50).toFixed(1)} ms, p95 ${pct(xs, 95).toFixed(1)} ms, p99 ${pct(xs, 99).toFixed(1)} ms`
    const mode = serial ? 'serial writer' : 'own copy (before)'
    lines.push(`${mode.padEnd(18)} one client:                 ${f(one)}`)
    lines.push(`${mode.padEnd(18)} one client on each process: ${f(two)}`)
    await ca.close()
    await cb.close()
  } finally {
    for (const s of [a!, b!]) await s.close()
    const c = new pg.Client({ connectionString: DATABASE_URL })
    await c.connect()
    await c.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`)
    await c.end()
  }
  return lines
}

const load0 = loadavg()[0]!.toFixed(1)
const out = [...(await scenario(false)), ...(await scenario(true))]
console.log(`ACK latency, ballots on one vote doc, ${EDITS} per client, 2 processes on PostgreSQL + Redis`)
for (const l of out) console.log(`  ${l}`)
console.log(`load average ${load0} → ${loadavg()[0]!.toFixed(1)} (2 cores)`)
