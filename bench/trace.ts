/**
 * B4-sized editing trace through our server (`npx tsx bench/trace.ts`, part of `npm run bench`).
 *
 * The automerge-perf "B4" trace (a paper typed in one text: 182k inserts + 77k deletes = ~260k
 * single-character edits, 104,852 characters at the end) is the usual yardstick for CRDT text.
 * We do not ship that file; a seeded random typist produces an edit stream of the same shape:
 * ~260k single-character inserts and deletes (70 % inserts: runs of typing forward at the cursor and
 * runs of backspaces, a cursor jump every ~200 keys), ending at ~105k characters, into one Y.Text.
 *
 * The client sends it as a real client would: one Yjs update per keystroke, coalesced per 10 ms of
 * (virtual) typing time into one frame (Y.mergeUpdates), pipelined with at most WINDOW unacked
 * frames, through our server (SQLite, synchronous=FULL, ACK after the durable append, compaction
 * every 500 rows). Then, with the server stopped:
 *  - stored size: the doc's rows after a final compaction (bytes of the snapshot row, and the
 *    SQLite file after VACUUM);
 *  - server cold load: a fresh server process-equivalent (new store + server on the same data dir),
 *    time from a client's connect to its sync step 2 (store read + apply + encode); and the same
 *    split in-process: store.load, Y.applyUpdate of the stored rows;
 *  - parse time of the final encoded state (Y.encodeStateAsUpdate → Y.applyUpdate into a new doc).
 *
 * OPS=... overrides the edit count (default 259,778); SEED=... the typist's seed.
 */
import { statSync } from 'node:fs'
import { join } from 'node:path'
import { cpus, loadavg } from 'node:os'
import { performance } from 'node:perf_hooks'
import Database from 'better-sqlite3'
import WebSocket from 'ws'
import * as Y from 'yjs'
import * as encoding from 'lib0/encoding'
import * as decoding from 'lib0/decoding'
import * as syncProtocol from 'y-protocols/sync'
import { SqliteDocStore, SQLITE_FILE_NAME } from '../server/storage/SqliteDocStore'
import { MESSAGE_ACK, MESSAGE_SYNC, readAck } from '../src/protocol/messages'
import { makeTempDir, startTestServer } from '../tests/helpers/server'
import { rmSync } from 'node:fs'
import { prng } from '../src/domain/random'

const OPS = Number(process.env.OPS ?? 259_778)
const SEED = Number(process.env.SEED ?? 4)
const WINDOW = 512
const DOC = 'notes:c1:trace-b4'

/** The typist: frames of merged keystroke updates (one per 10 ms of virtual time with a key). */
function generate(): { frames: Uint8Array[]; inserts: number; deletes: number; doc: Y.Doc } {
  const rand = prng(SEED)
  const doc = new Y.Doc()
  const text = doc.getText('t')
  const alphabet = 'abcdefghijklmnopqrstuvwxyz     ,.\n议事通会议纪要'
  let pending: Uint8Array[] = []
  doc.on('update', (u: Uint8Array) => pending.push(u))
  const frames: Uint8Array[] = []
  let cursor = 0
  let t = 0 // virtual ms
  let window = 0
  let inserts = 0
  let deletes = 0
  let typing = true
  for (let i = 0; i < OPS; i++) {
    t += -Math.log(1 - rand()) * 60 // bursty typing, mean 60 ms between keys
    const w = Math.floor(t / 10)
    if (w !== window && pending.length > 0) {
      frames.push(pending.length === 1 ? pending[0]! : Y.mergeUpdates(pending))
      pending = []
    }
    window = w
    const len = text.length
    if (rand() < 0.005) cursor = Math.floor(rand() * (len + 1)) // jump elsewhere
    if (cursor > len) cursor = len
    // Runs: typing (mean 7 keys) and backspacing (mean 3 keys) alternate; 7 / (7 + 3) = 70 % inserts.
    if (typing ? rand() < 1 / 7 : rand() < 1 / 3) typing = !typing
    if (typing || len === 0) {
      text.insert(cursor, alphabet[Math.floor(rand() * alphabet.length)]!)
      cursor++
      inserts++
    } else if (cursor > 0) {
      text.delete(--cursor, 1) // backspace
      deletes++
    } else {
      text.delete(0, 1) // delete forward at the start
      deletes++
    }
  }
  if (pending.length > 0) frames.push(Y.mergeUpdates(pending))
  return { frames, inserts, deletes, doc }
}

function connect(url: string, onFrame: (buf: Buffer) => void): Promise<{ ws: WebSocket; synced: Promise<number> }> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now()
    const ws = new WebSocket(url, { perMessageDeflate: false })
    ws.binaryType = 'nodebuffer'
    let syncedAt: (ms: number) => void
    const synced = new Promise<number>((r) => (syncedAt = r))
    ws.on('error', reject)
    ws.on('open', () => {
      const e = encoding.createEncoder()
      encoding.writeVarUint(e, MESSAGE_SYNC)
      syncProtocol.writeSyncStep1(e, new Y.Doc())
      ws.send(encoding.toUint8Array(e))
      resolve({ ws, synced })
    })
    ws.on('message', (buf: Buffer) => {
      // Our step 1 is answered with step 2 = the whole doc; the server's own step 1 is not answered
      // (so only our update frames carry sequence numbers).
      if (buf[0] === MESSAGE_SYNC && buf[1] === syncProtocol.messageYjsSyncStep2) syncedAt(performance.now() - t0)
      onFrame(buf)
    })
  })
}

const ms = (x: number) => x.toFixed(1)
const kib = (n: number) => (n / 1024).toFixed(1)
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!

async function main() {
  console.log(`# B4-sized editing trace — ${new Date().toISOString()}`)
  console.log(
    `Node ${process.version}, ${cpus().length} cores; load average at start: ${loadavg()
      .map((x) => x.toFixed(1))
      .join(' ')}\n`,
  )
  let t = performance.now()
  const { frames, inserts, deletes, doc: local } = generate()
  const genMs = performance.now() - t
  const finalText = local.getText('t').toString()
  console.error(
    `  generated ${inserts + deletes} edits → ${frames.length} frames, ${finalText.length} chars (${ms(genMs)} ms)`,
  )

  const dataDir = makeTempDir('yishi-trace-')
  // The trace is replayed much faster than anyone types (~16 frames/s): lift the frame rate limit.
  const server = await startTestServer({
    dataDir,
    keepDataDir: true,
    maxConnectionsPerIp: 10,
    idleUnloadMs: 600_000,
    heartbeatMs: 600_000,
    maxBufferedBytes: 64 << 20,
    frameRate: 1e9,
    frameBurst: 1e9,
    userFrameRate: 1e9,
    userFrameBurst: 1e9,
  })
  let acked = 0
  let wake: (() => void) | null = null
  const { ws, synced } = await connect(`${server.wsUrl}/${DOC}`, (buf) => {
    if (buf[0] !== MESSAGE_ACK) return
    const d = decoding.createDecoder(buf)
    decoding.readVarUint(d)
    acked = Math.max(acked, readAck(d))
    wake?.()
  })
  await synced
  ws.on('close', (code, reason) => {
    if (acked < frames.length) {
      console.error(`server closed the connection: ${code} ${reason.toString()} after ${acked} ACKs`)
      process.exit(1)
    }
  })
  t = performance.now()
  let bytesSent = 0
  for (let i = 0; i < frames.length; i++) {
    while (i - acked >= WINDOW) await new Promise<void>((r) => (wake = r))
    const e = encoding.createEncoder()
    encoding.writeVarUint(e, MESSAGE_SYNC)
    syncProtocol.writeUpdate(e, frames[i]!)
    const f = encoding.toUint8Array(e)
    bytesSent += f.length
    ws.send(f)
  }
  while (acked < frames.length) await new Promise<void>((r) => (wake = r))
  const sendMs = performance.now() - t
  ws.close()
  await server.stop()

  // Final compaction of what the server left (it compacts every 500 rows on its own).
  const store = new SqliteDocStore(dataDir)
  const before = await store.load(DOC)
  const mergeRows = (rows: Uint8Array[]) => {
    const d = new Y.Doc()
    for (const r of rows) Y.applyUpdate(d, r)
    return Y.encodeStateAsUpdate(d)
  }
  t = performance.now()
  await store.compactMerging(DOC, before.lastId, mergeRows)
  const compactMs = performance.now() - t
  const after = await store.load(DOC)
  await store.close()
  const dbPath = join(dataDir, SQLITE_FILE_NAME)
  const db = new Database(dbPath)
  db.pragma('wal_checkpoint(TRUNCATE)')
  db.exec('VACUUM')
  db.close()
  const fileBytes = statSync(dbPath).size
  const storedBytes = after.updates.reduce((n, u) => n + u.length, 0)

  // Server cold load: a new server on the same data dir; connect → sync step 2 (doc loaded, encoded, sent).
  const cold: number[] = []
  for (let i = 0; i < 3; i++) {
    const s = await startTestServer({ dataDir, keepDataDir: true, maxConnectionsPerIp: 10 })
    const c = await connect(`${s.wsUrl}/${DOC}`, () => {})
    cold.push(await c.synced)
    c.ws.close()
    await s.stop()
  }
  // The same split in-process: store read, then applying the rows to a fresh doc.
  const readMs: number[] = []
  const applyMs: number[] = []
  let loadedText = ''
  for (let i = 0; i < 5; i++) {
    const st = new SqliteDocStore(dataDir)
    let t1 = performance.now()
    const l = await st.load(DOC)
    readMs.push(performance.now() - t1)
    t1 = performance.now()
    const d = new Y.Doc()
    for (const u of l.updates) Y.applyUpdate(d, u)
    applyMs.push(performance.now() - t1)
    loadedText = d.getText('t').toString()
    d.destroy()
    await st.close()
  }
  if (loadedText !== finalText) throw new Error('stored doc differs from the typed text')

  // Parse time of the final encoded state.
  const state = Y.encodeStateAsUpdate(local)
  const parse: number[] = []
  for (let i = 0; i < 7; i++) {
    const t1 = performance.now()
    const d = new Y.Doc()
    Y.applyUpdate(d, state)
    parse.push(performance.now() - t1)
    d.destroy()
  }
  rmSync(dataDir, { recursive: true, force: true })

  console.log('| measure | value |')
  console.log('|---|---:|')
  console.log(`| edits (inserts + deletes) | ${inserts} + ${deletes} = ${inserts + deletes} |`)
  console.log(`| final text length (chars) | ${finalText.length} |`)
  console.log(`| frames sent (1 update per keystroke, merged per 10 ms) | ${frames.length} (${kib(bytesSent)} KiB) |`)
  console.log(
    `| send → all ACKed (durable), window ${WINDOW} | ${(sendMs / 1000).toFixed(1)} s (${(frames.length / (sendMs / 1000)).toFixed(0)} frames/s) |`,
  )
  console.log(
    `| rows left by the server / after final compaction | ${before.updates.length} / ${after.updates.length} (final compaction ${ms(compactMs)} ms) |`,
  )
  console.log(`| stored size after compaction (snapshot row) | ${kib(storedBytes)} KiB |`)
  console.log(`| SQLite file after VACUUM | ${kib(fileBytes)} KiB |`)
  console.log(`| server cold load: connect → sync step 2 (median of ${cold.length}) | ${ms(median(cold))} ms |`)
  console.log(
    `| of which store.load / apply rows to a new Y.Doc (median of ${readMs.length}) | ${ms(median(readMs))} / ${ms(median(applyMs))} ms |`,
  )
  console.log(`| final encoded state (Y.encodeStateAsUpdate) | ${kib(state.length)} KiB |`)
  console.log(
    `| parse final state (Y.applyUpdate into a new doc, median of ${parse.length}) | ${ms(median(parse))} ms |`,
  )
  console.log(
    `\nload average at end: ${loadavg()
      .map((x) => x.toFixed(1))
      .join(' ')}`,
  )
}

await main()
