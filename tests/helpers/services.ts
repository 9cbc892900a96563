/**
 * External services for the scale-out tests: PostgreSQL (DATABASE_URL, default
 * postgres://postgres@127.0.0.1:5432/test) and Redis (REDIS_URL, default redis://127.0.0.1:6379).
 * Probed once per test file. Missing locally → the tests are reported as skipped; missing with
 * CI=true → `servicesGate` registers a failing test, so CI never goes green without them.
 */
import { connect } from 'node:net'
import { randomBytes } from 'node:crypto'
import pg from 'pg'
import { it } from 'vitest'

export const DATABASE_URL = process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test'
export const REDIS_URL = process.env.REDIS_URL || 'redis://127.0.0.1:6379'

export type Service = 'postgres' | 'redis'

async function probePostgres(): Promise<string | null> {
  const c = new pg.Client({ connectionString: DATABASE_URL, connectionTimeoutMillis: 3000 })
  try {
    await c.connect()
    await c.query('SELECT 1')
    return null
  } catch (e) {
    return `PostgreSQL at ${DATABASE_URL.replace(/\/\/[^@]*@/, '//')}: ${e instanceof Error ? e.message : e}`
  } finally {
    await c.end().catch(() => {})
  }
}

function probeRedis(): Promise<string | null> {
  const u = new URL(REDIS_URL)
  return new Promise((resolve) => {
    const s = connect({ host: u.hostname, port: Number(u.port || 6379) })
    const done = (r: string | null) => {
      clearTimeout(timer)
      s.destroy()
      resolve(r)
    }
    const timer = setTimeout(() => done(`Redis at ${u.host}: timeout`), 3000)
    s.on('connect', () => s.write('PING\r\n'))
    s.on('data', (b) => done(b.toString().startsWith('+PONG') ? null : `Redis at ${u.host}: ${b.toString().trim()}`))
    s.on('error', (e) => done(`Redis at ${u.host}: ${e.message}`))
  })
}

const probes = new Map<Service, Promise<string | null>>()

/** Null when every service answers, else why not. */
export async function missingServices(...needs: Service[]): Promise<string | null> {
  const results = await Promise.all(
    needs.map((n) => {
      if (!probes.has(n)) probes.set(n, n === 'postgres' ? probePostgres() : probeRedis())
      return probes.get(n)!
    }),
  )
  const missing = results.filter((r): r is string => r !== null)
  return missing.length ? missing.join('; ') : null
}

/**
 * Top-level in a test file: `const skip = await servicesGate('postgres', 'redis')`, then
 * `describe.skipIf(skip)(...)`. With CI=true a missing service is a failure, not a skip.
 */
export async function servicesGate(...needs: Service[]): Promise<boolean> {
  const missing = await missingServices(...needs)
  if (!missing) return false
  if (process.env.CI === 'true' || process.env.CI === '1') {
    it(`required services are reachable (CI): ${needs.join(', ')}`, () => {
      throw new Error(`CI=true but a service is unreachable: ${missing}`)
    })
  } else {
    console.warn(`skipping: ${missing}`)
  }
  return true
}

/** A schema name unique to this test run (PostgreSQL identifier). */
export function uniqueSchema(prefix = 'yishi_t'): string {
  return `${prefix}_${process.pid}_${randomBytes(4).toString('hex')}`
}

export async function dropSchema(schema: string): Promise<void> {
  const c = new pg.Client({ connectionString: DATABASE_URL })
  await c.connect()
  try {
    await c.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`)
  } finally {
    await c.end()
  }
}

/**
 * Cross-process lock around "Redis must stay up" sections: test files run in parallel, and
 * scaleout.test.ts restarts Redis. Holders: the restart itself, and tests that assert exact relay
 * behaviour. A lock left by a dead process is taken over.
 */
export async function withRedisLock<T>(fn: () => Promise<T>, timeoutMs = 60_000): Promise<T> {
  const { mkdirSync, readFileSync, rmSync, writeFileSync } = await import('node:fs')
  const { tmpdir } = await import('node:os')
  const { join } = await import('node:path')
  const dir = join(tmpdir(), 'yishi-redis-test.lock')
  const end = Date.now() + timeoutMs
  for (;;) {
    try {
      mkdirSync(dir)
      writeFileSync(join(dir, 'pid'), String(process.pid))
      break
    } catch {
      let holder = 0
      try {
        holder = Number(readFileSync(join(dir, 'pid'), 'utf8'))
      } catch {
        // being created right now
      }
      let alive = true
      if (holder > 0) {
        try {
          process.kill(holder, 0)
        } catch {
          alive = false
        }
      }
      if (!alive) rmSync(dir, { recursive: true, force: true })
      else if (Date.now() > end) throw new Error('timed out waiting for the Redis test lock')
      else await new Promise((r) => setTimeout(r, 50))
    }
  }
  try {
    return await fn()
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}
