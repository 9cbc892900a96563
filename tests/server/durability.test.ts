/**
 * Crash durability: a real server process is SIGKILLed while 3 clients stream edits. Everything a
 * client saw ACKed must be in the doc after restart; after the clients reconnect (sending their full
 * state) all replicas converge and no edit is lost.
 */
import { rmSync } from 'node:fs'
import { afterAll, expect, it } from 'vitest'
import * as Y from 'yjs'
import { connectRawClient, type RawClient } from '../helpers/rawClient'
import { getHealth, makeTempDir, spawnServerProcess, waitUntil, type ServerProcess, killAll } from '../helpers/server'
import { seedAdmin, type SeededAdmin } from '../helpers/access'
import { docName } from '../../src/domain/docTypes'

const dataDir = makeTempDir('yishi-crash-')
const procs: ServerProcess[] = []
afterAll(async () => {
  await killAll(procs)
  rmSync(dataDir, { recursive: true, force: true })
})

interface Writer {
  client: RawClient
  /** token → seq of the frame that carried it */
  tokens: Map<string, number>
  stop: boolean
  done: Promise<void>
}

function startWriting(client: RawClient, id: number): Writer {
  const w: Writer = { client, tokens: new Map(), stop: false, done: Promise.resolve() }
  w.done = (async () => {
    for (let n = 0; !w.stop && !client.closeInfo; n++) {
      const token = `c${id}-${n}`
      const before = client.sentSeq
      client.doc.getArray<string>('log').push([token])
      // Only tokens that actually went out in their own frame can be ACKed.
      if (client.sentSeq > before) w.tokens.set(token, client.sentSeq)
      await new Promise((r) => setTimeout(r, 5 + Math.random() * 15))
    }
  })()
  return w
}

const tokensOf = (d: Y.Doc) => new Set(d.getArray<string>('log').toArray())

it('keeps every ACKed update across SIGKILL and converges after reconnect', async () => {
  // The real server process enforces access control: connect as a seeded admin.
  const admin: SeededAdmin = await seedAdmin(dataDir)
  const DOC = docName('notes', admin.councilId)
  const auth = { token: admin.token }
  const first = await spawnServerProcess({ dataDir })
  procs.push(first)
  const clients = await Promise.all([0, 1, 2].map(() => connectRawClient(first.wsUrl, DOC, auth)))
  const writers = clients.map((c, i) => startWriting(c, i))

  // Let a decent number of edits get acknowledged, then kill mid-stream.
  await waitUntil(() => clients.every((c) => c.ackedSeq >= 15), 'acks before crash', 20_000)
  first.kill('SIGKILL')
  expect((await first.waitExit()).signal).toBe('SIGKILL')
  for (const w of writers) w.stop = true
  await Promise.all(writers.map((w) => w.done))
  await Promise.all(clients.map((c) => c.closed))

  const acked = new Set<string>()
  for (const w of writers) for (const [token, seq] of w.tokens) if (seq <= w.client.ackedSeq) acked.add(token)
  expect(acked.size).toBeGreaterThanOrEqual(3 * 14) // seq 1 is each client's initial step2

  const second = await spawnServerProcess({ dataDir })
  procs.push(second)
  const observer = await connectRawClient(second.wsUrl, DOC, auth)
  const afterRestart = tokensOf(observer.doc)
  const missing = [...acked].filter((t) => !afterRestart.has(t))
  expect(missing, 'ACKed tokens lost in the crash').toEqual([])

  // Reconnect the writers with their docs: their step2 re-sends whatever the server lacks.
  const again = await Promise.all(clients.map((c) => connectRawClient(second.wsUrl, DOC, { ...auth, doc: c.doc })))
  await Promise.all(again.map((c) => c.waitAcked()))
  const all = new Set<string>()
  for (const c of clients) for (const t of tokensOf(c.doc)) all.add(t)
  await waitUntil(() => [observer, ...again].every((c) => tokensOf(c.doc).size === all.size), 'convergence')
  const expected = observer.doc.getArray('log').toJSON()
  for (const c of again) expect(c.doc.getArray('log').toJSON()).toEqual(expected)
  expect(Y.encodeStateVector(observer.doc)).toEqual(Y.encodeStateVector(again[0]!.doc))

  for (const c of [observer, ...again]) await c.close()
  // Graceful shutdown: SIGTERM flushes and exits 0.
  expect((await getHealth(second.httpUrl)).ok).toBe(true)
  second.kill('SIGTERM')
  expect(await second.waitExit()).toEqual({ code: 0, signal: null })
  expect(second.output()).toContain('"msg":"stopped"')
}, 60_000)
