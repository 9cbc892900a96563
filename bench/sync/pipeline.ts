/**
 * The server's per-update JavaScript cost without sockets or disk, precise enough to compare two
 * versions of the hot path on a busy machine (CPU time of this process over many updates; the
 * socket bench in bench/run.ts cannot resolve a few per cent at load 10+):
 *
 *   npx tsx bench/sync/pipeline.ts            (400 clients, 20 docs, 20,000 updates)
 *   STORE=sqlite npx tsx bench/sync/pipeline.ts   (the real SQLite store; the feed outruns the fsync,
 *                                                 so batches are larger than in the socket bench)
 *
 * Real Connection → DocManager → SharedDoc → write queue → broadcast → ACK, with the structural
 * check every write level gets (role 'member' on a notes doc, as in bench/run.ts). Sockets are fakes
 * that only count frames; the store is in memory (resolves at once) unless STORE=sqlite. Updates are
 * fed like the socket bench's: each client sets its own key in a Y.Map, pre-encoded, round-robin,
 * a few per event-loop turn.
 */
import * as Y from 'yjs'
import * as encoding from 'lib0/encoding'
import { mkdtempSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { tmpdir } from 'node:os'
import { Connection, type WebSocketLike } from '../../server/sync/Connection'
import { DocManager } from '../../server/docs/DocManager'
import type { DocStore } from '../../server/storage/DocStore'
import { SqliteDocStore } from '../../server/storage/SqliteDocStore'
import type { ConnectionAccess } from '../../server/access/AccessControl'
import { updateChecker } from '../../server/access/contentRules'
import { createLogger } from '../../server/log'
import { docName } from '../../src/domain/docTypes'
import { MESSAGE_SYNC } from '../../src/protocol/messages'

const CLIENTS = Number(process.env.CLIENTS) || 400
const DOCS = Number(process.env.DOCS) || 20
const UPDATES = Number(process.env.UPDATES) || 20_000
/** Updates fed per event-loop turn. */
const PER_TURN = Number(process.env.PER_TURN) || 2

class CountingSocket implements WebSocketLike {
  frames = 0
  bufferedAmount = 0
  send(_d: Uint8Array): void {
    this.frames++
  }
  close(): void {}
}

class MemoryStore implements DocStore {
  private readonly last = new Map<string, number>()
  async load() {
    return { updates: [], lastId: 0 }
  }
  async appendUpdates(doc: string, updates: Uint8Array[]) {
    const id = (this.last.get(doc) ?? 0) + updates.length
    this.last.set(doc, id)
    return id
  }
  async compact() {}
  async compactMerging() {
    return 0
  }
  async list() {
    return []
  }
  async remove() {}
  async close() {}
}

const access = (userId: string): ConnectionAccess => ({
  userId,
  level: 'write',
  mayRead: () => true,
  checkUpdate: updateChecker([], { userId, roles: ['member'], scope: {} }),
})

function frame(sub: number, bytes: Uint8Array): Uint8Array {
  const e = encoding.createEncoder()
  encoding.writeVarUint(e, MESSAGE_SYNC)
  encoding.writeVarUint(e, sub)
  encoding.writeVarUint8Array(e, bytes)
  return encoding.toUint8Array(e)
}

const turn = () => new Promise<void>((r) => setImmediate(r))
const cpuUs = () => {
  const r = process.resourceUsage()
  return r.userCPUTime + r.systemCPUTime
}

async function main() {
  const dir = process.env.STORE === 'sqlite' ? mkdtempSync(join(tmpdir(), 'yishi-pipeline-')) : null
  const store: DocStore = dir ? new SqliteDocStore(dir) : new MemoryStore()
  const docs = new DocManager(store, { idleUnloadMs: 600_000, compactAfterUpdates: 500, log: createLogger('silent') })
  const names = Array.from({ length: DOCS }, (_, d) => docName('notesPage', 'c1', `pipeline-${d}`))
  const sockets: CountingSocket[] = []
  const conns: Connection[] = []
  const ydocs: Y.Doc[] = []
  for (let i = 0; i < CLIENTS; i++) {
    const s = new CountingSocket()
    const a = access(`u${i}`)
    const c = new Connection(
      s,
      names[i % DOCS]!,
      '127.0.0.1',
      docs,
      { maxBufferedBytes: 1 << 26, maxAwarenessBytes: 1 << 16, log: createLogger('silent') },
      async () => ({ ok: true, access: a }),
    )
    sockets.push(s)
    conns.push(c)
    ydocs.push(new Y.Doc())
  }
  await turn()
  await new Promise((r) => setTimeout(r, 50))
  // Handshake: an empty step2 from every client (update-bearing frame 1).
  for (const c of conns) c.receive(frame(1, Y.encodeStateAsUpdate(new Y.Doc())))
  // Pre-encode every update (a marker-sized string under the client's own key).
  const perClient = Math.ceil(UPDATES / CLIENTS) + 1
  const frames: Uint8Array[][] = ydocs.map((d, i) => {
    const out: Uint8Array[] = []
    let captured: Uint8Array | null = null
    d.on('update', (u: Uint8Array) => (captured = u))
    for (let k = 0; k < perClient; k++) {
      d.getMap('m').set(String(i), `@@${String(i).padStart(6, '0')}:${String(k).padStart(6, '0')}:000000000000@@`)
      out.push(frame(2, captured!))
    }
    return out
  })
  const feed = async (from: number, to: number) => {
    for (let k = from; k < to; k++) {
      conns[k % CLIENTS]!.receive(frames[k % CLIENTS]![Math.floor(k / CLIENTS)]!)
      if (k % PER_TURN === PER_TURN - 1) await turn()
    }
    for (const d of names) await (await docs.acquire(d, { id: 'flush', send() {} })).flush()
  }
  const warm = Math.min(UPDATES, 4 * CLIENTS)
  await feed(0, warm) // warm-up: the JIT compiles the hot path
  const f0 = sockets.reduce((a, s) => a + s.frames, 0)
  const c0 = cpuUs()
  const t0 = performance.now()
  await feed(warm, warm + UPDATES - warm)
  const cpu = cpuUs() - c0
  const frames1 = sockets.reduce((a, s) => a + s.frames, 0) - f0
  const n = UPDATES - warm
  const deliveries = n * (CLIENTS / DOCS - 1)
  console.log(
    `${dir ? 'sqlite' : 'memory'} store, ${CLIENTS} clients / ${DOCS} docs, ${n} updates, ${PER_TURN} per turn: ` +
      `${(cpu / n).toFixed(1)} µs CPU per update, ${(cpu / deliveries).toFixed(2)} µs per delivery ` +
      `(${frames1} frames out, ${((performance.now() - t0) / 1000).toFixed(1)} s)`,
  )
  await store.close()
  if (dir) rmSync(dir, { recursive: true, force: true })
  process.exit(0)
}

await main()
