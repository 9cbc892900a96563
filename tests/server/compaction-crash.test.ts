/**
 * SQLite default: SIGKILL while compactions run constantly (YISHI_COMPACT_AFTER_UPDATES=2, so nearly
 * every append is followed by a compaction that folds the doc's rows into one snapshot) loses
 * nothing that was ACKed. Repeated over several kill/restart rounds on one data dir.
 */
import { rmSync } from 'node:fs'
import { afterAll, expect, it } from 'vitest'
import * as Y from 'yjs'
import { connectRawClient, type RawClient } from '../helpers/rawClient'
import { makeTempDir, spawnServerProcess, waitUntil, type ServerProcess, killAll } from '../helpers/server'
import { seedAdmin } from '../helpers/access'
import { SqliteDocStore } from '../../server/storage/SqliteDocStore'
import { docName } from '../../src/domain/docTypes'

const dataDir = makeTempDir('yishi-compact-crash-')
const procs: ServerProcess[] = []
afterAll(async () => {
  await killAll(procs)
  rmSync(dataDir, { recursive: true, force: true })
})

function stream(client: RawClient, id: string) {
  const sent = new Map<string, number>()
  let stop = false
  const done = (async () => {
    for (let n = 0; !stop && !client.closeInfo; n++) {
      const before = client.sentSeq
      // Some text too, so snapshots differ from a plain concatenation of rows.
      client.doc.transact(() => {
        client.doc.getArray<string>('log').push([`${id}-${n}`])
        client.doc.getText('t').insert(0, `${n % 10}`)
      })
      if (client.sentSeq > before) sent.set(`${id}-${n}`, client.sentSeq)
      await new Promise((r) => setTimeout(r, 2 + Math.random() * 6))
    }
  })()
  return async () => {
    stop = true
    await done
    return [...sent].filter(([, seq]) => seq <= client.ackedSeq).map(([t]) => t)
  }
}

it('loses no ACKed update when killed during compaction (3 rounds)', async () => {
  const admin = await seedAdmin(dataDir)
  const DOC = docName('notes', admin.councilId)
  const acked = new Set<string>()
  for (let round = 0; round < 3; round++) {
    const p = await spawnServerProcess({ dataDir, env: { YISHI_COMPACT_AFTER_UPDATES: '2' } })
    procs.push(p)
    const cs = await Promise.all([0, 1].map(() => connectRawClient(p.wsUrl, DOC, { token: admin.token })))
    // Everything ACKed in earlier rounds is there after the restart.
    for (const c of cs) {
      const have = new Set(c.doc.getArray<string>('log').toArray())
      expect([...acked].filter((t) => !have.has(t))).toEqual([])
    }
    const stops = cs.map((c, i) => stream(c, `r${round}c${i}`))
    const target = 20 + Math.floor(Math.random() * 20) // kill at a different point each round
    await waitUntil(() => cs.every((c) => c.ackedSeq >= target), 'acks', 20_000)
    p.kill('SIGKILL')
    await p.waitExit()
    for (const s of stops) for (const t of await s()) acked.add(t)
  }
  expect(acked.size).toBeGreaterThan(100)
  // The file itself: few rows (compaction ran), every ACKed token present. Without compaction there
  // would be one row per ACKed change; how many rows the last kill leaves behind depends on how busy
  // the machine was (appends go on while a compaction runs), so the bound is relative, not a count.
  const store = new SqliteDocStore(dataDir)
  const loaded = await store.load(docName('notes', admin.councilId))
  await store.close()
  expect(loaded.updates.length).toBeLessThan(acked.size / 4)
  const d = new Y.Doc()
  for (const u of loaded.updates) Y.applyUpdate(d, u)
  const have = new Set(d.getArray<string>('log').toArray())
  expect(
    [...acked].filter((t) => !have.has(t)),
    'ACKed tokens lost',
  ).toEqual([])
}, 90_000)
