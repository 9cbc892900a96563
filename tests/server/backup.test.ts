/**
 * Backups: `npm run yishi -- backup <file>` on a data dir with accounts and several docs (one of them
 * compacted), `restore <file>` into a fresh data dir, start a server there and compare every doc
 * and the accounts. The format is portable: a PostgreSQL backup restores into SQLite and back
 * (that part needs PostgreSQL; skipped locally without it, failed with CI=true).
 */
import { spawnSync } from 'node:child_process'
import { rmSync, writeFileSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import type * as Y from 'yjs'
import { connectRawClient } from '../helpers/rawClient'
import { REPO_ROOT, makeTempDir, startTestServer } from '../helpers/server'
import { seedAdmin } from '../helpers/access'
import { DATABASE_URL, dropSchema, servicesGate, uniqueSchema } from '../helpers/services'
import { backup, restore } from '../../server/backup'
import { DEFAULT_CONFIG, type ServerConfig } from '../../server/config'
import { SqliteAccountStore } from '../../server/accounts/SqliteAccountStore'
import { openAccountStore, openDocStore } from '../../server/app'

const dirs: string[] = []
const tmp = () => {
  const d = makeTempDir('yishi-backup-')
  dirs.push(d)
  return d
}
const schemas: string[] = []
afterAll(async () => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true })
  for (const s of schemas) await dropSchema(s).catch(() => {})
})

const DOCS = ['notes:a', 'notes:b', 'minutes:m1', 'case:c1:x']

/** Writes a few edits into each doc through a real server; compacts one doc. */
async function populate(dataDir: string): Promise<Map<string, unknown>> {
  const s = await startTestServer({ dataDir })
  const contents = new Map<string, unknown>()
  try {
    for (const [i, name] of DOCS.entries()) {
      const c = await connectRawClient(s.wsUrl, name)
      for (let k = 0; k < 5 + i; k++) {
        c.doc.getArray<string>('log').push([`${name}-${k}`])
        c.doc.getText('t').insert(0, `${k}`)
      }
      c.doc.getMap('m').set('bin', new Uint8Array([1, 2, 3, i]))
      await c.waitAcked()
      contents.set(name, docJson(c.doc))
      await c.close()
    }
    await s.docs.compact('notes:a')
  } finally {
    await s.close()
  }
  return contents
}

const docJson = (d: Y.Doc) => ({
  log: d.getArray('log').toJSON(),
  t: d.getText('t').toString(),
  m: d.getMap('m').toJSON(),
})

async function readBack(dataDir: string): Promise<Map<string, unknown>> {
  const s = await startTestServer({ dataDir })
  const out = new Map<string, unknown>()
  try {
    for (const name of DOCS) {
      const c = await connectRawClient(s.wsUrl, name)
      out.set(name, docJson(c.doc))
      await c.close()
    }
  } finally {
    await s.close()
  }
  return out
}

function cli(args: string[], dataDir: string, env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'server/cli.ts', ...args], {
    cwd: REPO_ROOT,
    env: { ...process.env, YISHI_DATA_DIR: dataDir, ...env },
    encoding: 'utf8',
  })
  return { code: r.status, out: r.stdout + r.stderr }
}

it('backup → restore into a fresh data dir (CLI, SQLite): every doc and account is back', async () => {
  const src = tmp()
  const admin = await seedAdmin(src)
  const contents = await populate(src)
  const file = join(tmp(), 'yishi.backup.jsonl')

  const b = cli(['backup', file], src)
  expect(b.out).toContain('backup written')
  expect(b.code).toBe(0)
  const lines = readFileSync(file, 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l))
  expect(lines[0]).toMatchObject({ format: 'yishi-backup', version: 1, storage: 'sqlite' })
  expect(lines.at(-1)).toMatchObject({ kind: 'end', docs: DOCS.length })

  const dst = tmp()
  const r = cli(['restore', file], dst)
  expect(r.out).toContain('restored')
  expect(r.code).toBe(0)
  expect(await readBack(dst)).toEqual(contents)
  const accounts = new SqliteAccountStore(dst)
  expect(await accounts.userById(admin.userId)).toMatchObject({ id: admin.userId, isAdmin: true, active: true })
  expect((await accounts.compound(admin.councilId))?.name).toBe('测试小区')
  await accounts.close()

  // A second restore into the now non-empty target is refused without --force; a cut file always.
  expect(cli(['restore', file], dst)).toMatchObject({ code: 1 })
  expect(cli(['restore', file, '--force'], dst).code).toBe(0)
  expect(await readBack(dst)).toEqual(contents)
  writeFileSync(file, readFileSync(file, 'utf8').split('\n').slice(0, 3).join('\n'))
  expect(cli(['restore', file], tmp()).out).toContain('truncated')
}, 60_000)

const skipPg = await servicesGate('postgres')

describe.skipIf(skipPg)('backups with PostgreSQL storage', () => {
  it('SQLite backup → PostgreSQL → backup → SQLite keeps every doc and account', async () => {
    const src = tmp()
    const admin = await seedAdmin(src)
    const contents = await populate(src)
    const schema = uniqueSchema('yishi_backup')
    schemas.push(schema)
    const base: ServerConfig = { ...DEFAULT_CONFIG, logLevel: 'silent' }
    const file1 = join(tmp(), 'a.jsonl')
    await backup({ ...base, dataDir: src }, file1)
    const pgCfg: ServerConfig = {
      ...base,
      dataDir: tmp(),
      storage: 'postgres',
      databaseUrl: DATABASE_URL,
      pgSchema: schema,
    }
    expect(await restore(pgCfg, file1)).toMatchObject({ docs: DOCS.length })
    const store = await openDocStore(pgCfg)
    expect((await store.list()).sort()).toEqual([...DOCS].sort())
    await store.close()
    const file2 = join(tmp(), 'b.jsonl')
    expect(await backup(pgCfg, file2)).toMatchObject({ docs: DOCS.length })
    const pgAccounts = await openAccountStore(pgCfg)
    expect(await pgAccounts.userById(admin.userId)).toMatchObject({ isAdmin: true, active: true })
    await pgAccounts.audit({ at: 5, userId: admin.userId, action: 'test', target: 'x' }) // identity continues
    await pgAccounts.close()
    const dst = tmp()
    await restore({ ...base, dataDir: dst }, file2)
    expect(await readBack(dst)).toEqual(contents)
    const back = new SqliteAccountStore(dst)
    expect(await back.userById(admin.userId)).toMatchObject({ isAdmin: true, active: true })
    expect((await back.compound(admin.councilId))?.name).toBe('测试小区')
    await back.close()
  }, 60_000)
})
