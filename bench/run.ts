/**
 * Sync server benchmark (`npm run bench`; not part of the tests).
 *
 * For each scenario (clients × docs × send rate) and each server (ours, @y/websocket-server 0.1.1,
 * @hocuspocus/server), the server runs in a child process (bench/syncServer.ts) and this process
 * runs every client. Clients speak the raw protocol with minimal work per message so that the load
 * generator, which shares the 2-core machine with the server, stays cheap:
 *
 *  - each client owns a tiny Y.Doc and, at a fixed rate, sets its own key in a Y.Map to a marker
 *    `@@<n>@@` (n = global update number; the send time is kept in this process);
 *  - receivers do not apply updates: they scan incoming frames for markers, so fan-out latency =
 *    receive time − send time, on one clock;
 *  - against our server, ACK (100) frames give ack latency (time until the update is durably stored
 *    and acknowledged) and the acked updates/s.
 *
 * Prints a markdown table (also used in docs/performance.md). FAST=1 shortens every phase.
 */
import { fork, spawnSync, type ChildProcess } from 'node:child_process'
import { cpus, loadavg } from 'node:os'
import { fileURLToPath } from 'node:url'
import { performance } from 'node:perf_hooks'
import WebSocket from 'ws'
import * as Y from 'yjs'
import * as encoding from 'lib0/encoding'
import * as decoding from 'lib0/decoding'
import * as syncProtocol from 'y-protocols/sync'
import type { ServerKind } from './syncServer'
import { docName } from '../src/domain/docTypes'

const FAST = process.env.FAST === '1'
const WARMUP_MS = FAST ? 500 : 1_000
const MEASURE_MS = FAST ? 2_000 : 5_000
const DRAIN_MS = FAST ? 500 : 1_000

interface Scenario {
  clients: number
  docs: number
  /** Updates per second sent by each client. */
  perClientRate: number
}

const DEFAULT_SCENARIOS: Scenario[] = [
  { clients: 100, docs: 10, perClientRate: 2 }, // 200 updates/s in, ~1.8k deliveries/s out
  { clients: 100, docs: 1, perClientRate: 1 }, // 100 updates/s in, ~9.9k deliveries/s out
  { clients: 1000, docs: 10, perClientRate: 0.2 }, // 200 updates/s in, ~20k deliveries/s out
  { clients: 1000, docs: 1, perClientRate: 0.02 }, // 20 updates/s in, ~20k deliveries/s out
  { clients: 100, docs: 10, perClientRate: 10 }, // overload: 1000 updates/s offered, shows the ceiling
  { clients: 5000, docs: 50, perClientRate: 0.02 }, // 5k sockets in one server process: 100 updates/s in, ~9.9k deliveries/s out
]
/** SCENARIOS=clients x docs x rate,... (e.g. `SCENARIOS=10x1x5`) overrides the default list. */
const SCENARIOS: Scenario[] = process.env.SCENARIOS
  ? process.env.SCENARIOS.split(',').map((t) => {
      const [clients, docs, perClientRate] = t.split('x').map(Number)
      return { clients: clients!, docs: docs!, perClientRate: perClientRate! }
    })
  : DEFAULT_SCENARIOS
/** SERVERS=yishi,hocuspocus picks servers (default all three). */
const SERVERS: ServerKind[] = process.env.SERVERS
  ? (process.env.SERVERS.split(',') as ServerKind[])
  : ['yishi', 'y-websocket-server', 'hocuspocus']
/** Our per-IP connection cap (config YISHI_MAX_CONNECTIONS_PER_IP, default 200): every bench client shares 127.0.0.1. */
process.env.YISHI_MAX_CONNECTIONS_PER_IP ??= String(Math.max(...SCENARIOS.map((s) => s.clients)) + 100)
/** Each client socket is one fd here and one in the server process. */
const FD_LIMIT = Number(spawnSync('sh', ['-c', 'ulimit -n'], { encoding: 'utf8' }).stdout.trim()) || NaN

// ---------------------------------------------------------------------------------------------
// Shared bookkeeping for one run

const MARK = Buffer.from('@@')
class Run {
  sentAt: number[] = []
  senderOf: number[] = []
  deliveries: number[] = []
  /** Recipients an update needs to reach (clients on the doc minus the sender). */
  expected: number[] = []
  fanout: number[] = []
  ack: number[] = []
  acked = 0
  measuring = false
  windowStart = 0
  windowEnd = 0
}

// ---------------------------------------------------------------------------------------------
// A minimal client. Framing: 'yws' = plain y-websocket (ours, y-websocket-server);
// 'hocus' = every message prefixed with the doc name, and an auth message first.

const MSG_SYNC = 0
const MSG_AUTH = 2
const MSG_ACK = 100

class LoadClient {
  readonly doc = new Y.Doc()
  ws!: WebSocket
  synced = false
  private seq = 0
  /** Send times of update-bearing frames by seq (for ACK latency), and the marker they carried. */
  private frameSentAt: number[] = []
  private frameMarker: number[] = []
  private ackedSeq = 0
  private currentMarker = -1

  constructor(
    readonly idx: number,
    readonly docName: string,
    readonly framing: 'yws' | 'hocus',
    readonly run: Run,
  ) {
    this.doc.on('update', (update: Uint8Array) => {
      if (!this.synced) return
      const e = this.encoder()
      encoding.writeVarUint(e, MSG_SYNC)
      syncProtocol.writeUpdate(e, update)
      this.sendFrame(encoding.toUint8Array(e))
    })
  }

  /** Resolves false (never rejects) when the connection fails or does not sync within 30 s. */
  connect(url: string): Promise<boolean> {
    return new Promise<void>((resolve, reject) => {
      setTimeout(() => reject(new Error('sync timeout')), 30_000).unref()
      this.ws = new WebSocket(url, { perMessageDeflate: false })
      this.ws.binaryType = 'nodebuffer'
      this.ws.on('error', reject)
      this.ws.on('open', () => {
        if (this.framing === 'hocus') {
          const e = this.encoder()
          encoding.writeVarUint(e, MSG_AUTH)
          encoding.writeVarUint(e, 0) // token
          encoding.writeVarString(e, '')
          this.ws.send(encoding.toUint8Array(e))
        }
        const e = this.encoder()
        encoding.writeVarUint(e, MSG_SYNC)
        syncProtocol.writeSyncStep1(e, this.doc)
        this.ws.send(encoding.toUint8Array(e))
      })
      this.ws.on('message', (data: Buffer) => {
        this.onMessage(data)
        if (this.synced) resolve()
      })
      this.ws.on('close', () => reject(new Error(`client ${this.idx} closed before sync`)))
    }).then(
      () => true,
      () => false,
    )
  }

  /** One small update: our own key, a new marker value. */
  edit(): void {
    const run = this.run
    const n = run.sentAt.length
    run.sentAt.push(performance.now())
    run.senderOf.push(this.idx)
    run.deliveries.push(0)
    run.expected.push(-1) // filled in by the driver
    this.currentMarker = n
    this.doc.getMap('m').set(String(this.idx), `@@${n}@@`)
  }

  private encoder(): encoding.Encoder {
    const e = encoding.createEncoder()
    if (this.framing === 'hocus') encoding.writeVarString(e, this.docName)
    return e
  }

  private sendFrame(frame: Uint8Array): void {
    this.seq++
    this.frameSentAt[this.seq] = performance.now()
    this.frameMarker[this.seq] = this.currentMarker
    this.ws.send(frame)
  }

  private onMessage(buf: Buffer): void {
    const now = performance.now()
    const run = this.run
    if (this.framing === 'yws' && buf[0] === MSG_ACK) {
      const d = decoding.createDecoder(buf)
      decoding.readVarUint(d)
      const upto = decoding.readVarUint(d)
      for (let s = this.ackedSeq + 1; s <= upto; s++) {
        const m = this.frameMarker[s] ?? -1
        if (m >= 0 && run.sentAt[m]! >= run.windowStart && run.sentAt[m]! < run.windowEnd) {
          run.ack.push(now - this.frameSentAt[s]!)
          run.acked++
        }
      }
      this.ackedSeq = Math.max(this.ackedSeq, upto)
      return
    }
    if (!this.synced) {
      // Handshake: answer the server's step1 with our step2; the server's step2 completes sync.
      const d = decoding.createDecoder(buf)
      if (this.framing === 'hocus') decoding.readVarString(d)
      const type = decoding.readVarUint(d)
      if (type !== MSG_SYNC) return
      const sub = decoding.readVarUint(d)
      if (sub === syncProtocol.messageYjsSyncStep1) {
        const e = this.encoder()
        encoding.writeVarUint(e, MSG_SYNC)
        syncProtocol.writeSyncStep2(e, this.doc, decoding.readVarUint8Array(d))
        this.sendFrame(encoding.toUint8Array(e))
      } else if (sub === syncProtocol.messageYjsSyncStep2) {
        this.synced = true
      }
      return
    }
    // Steady state: find markers without decoding the update.
    for (let at = buf.indexOf(MARK); at >= 0; at = buf.indexOf(MARK, at + 2)) {
      let n = 0
      let j = at + 2
      for (; j < buf.length && buf[j]! >= 48 && buf[j]! <= 57; j++) n = n * 10 + buf[j]! - 48
      if (j === at + 2 || buf[j] !== 64) continue
      at = j + 1
      if (run.senderOf[n] === this.idx) continue // y-websocket-server echoes to the sender
      run.deliveries[n]!++
      const t = run.sentAt[n]!
      if (t >= run.windowStart && t < run.windowEnd) run.fanout.push(now - t)
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Server child process

interface ServerHandle {
  port: number
  child: ChildProcess
  rss(): Promise<number>
  stop(): Promise<void>
}

async function startServer(kind: ServerKind): Promise<ServerHandle> {
  const child = fork(fileURLToPath(new URL('./syncServer.ts', import.meta.url)), [kind], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  })
  const next = () =>
    new Promise<{ port?: number; rss: number }>((r) =>
      child.once('message', (m) => r(m as { port?: number; rss: number })),
    )
  const first = await next()
  return {
    port: first.port!,
    child,
    rss: async () => {
      const p = next()
      child.send('rss')
      return (await p).rss
    },
    stop: async () => {
      const exited = new Promise((r) => child.once('exit', r))
      child.send('stop')
      await exited
    },
  }
}

function urlFor(kind: ServerKind, port: number, docName: string): string {
  if (kind === 'yishi') return `ws://127.0.0.1:${port}/sync/${docName}`
  if (kind === 'y-websocket-server') return `ws://127.0.0.1:${port}/${docName}`
  return `ws://127.0.0.1:${port}/`
}

// ---------------------------------------------------------------------------------------------
// One measurement

interface Result {
  server: ServerKind
  scenario: Scenario
  offeredPerS: number
  deliveredPerS: number
  ackedPerS: number | null
  fanoutP50: number
  fanoutP99: number
  ackP50: number | null
  ackP99: number | null
  rssPerClientKiB: number
  lost: number
  /** Clients whose socket was connected and synced, and still open after the drain. */
  held: number
}

const pct = (xs: number[], p: number) => {
  if (xs.length === 0) return NaN
  const s = Float64Array.from(xs).sort()
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

async function measure(kind: ServerKind, sc: Scenario): Promise<Result> {
  const server = await startServer(kind)
  const run = new Run()
  const framing = kind === 'hocuspocus' ? 'hocus' : 'yws'
  const stamp = Date.now().toString(36)
  const docNames = Array.from({ length: sc.docs }, (_, d) => docName('notesPage', 'c1', `bench-${stamp}-${d}`))
  const clients = Array.from({ length: sc.clients }, (_, i) => new LoadClient(i, docNames[i % sc.docs]!, framing, run))
  const perDoc = new Map<string, number>()
  for (const c of clients) perDoc.set(c.docName, (perDoc.get(c.docName) ?? 0) + 1)

  const rssBefore = await server.rss()
  // Connect in batches so the accept queue does not overflow.
  let failed = 0
  for (let i = 0; i < clients.length; i += 50) {
    const ok = await Promise.all(clients.slice(i, i + 50).map((c) => c.connect(urlFor(kind, server.port, c.docName))))
    failed += ok.filter((x) => !x).length
  }
  if (failed) console.error(`  ${kind}: ${failed} of ${clients.length} clients failed to connect/sync`)
  await sleep(200)
  const rssAfter = await server.rss()

  // Each client sends at perClientRate, phases spread uniformly over the interval.
  const intervalMs = 1000 / sc.perClientRate
  const t0 = performance.now()
  run.windowStart = t0 + WARMUP_MS
  run.windowEnd = run.windowStart + MEASURE_MS
  const endSend = run.windowEnd
  const nextAt = clients.map((_, i) => t0 + (i / clients.length) * intervalMs)
  await new Promise<void>((resolve) => {
    const tick = () => {
      const now = performance.now()
      if (now >= endSend) return resolve()
      for (let i = 0; i < clients.length; i++) {
        while (nextAt[i]! <= now) {
          const c = clients[i]!
          if (!c.synced || c.ws.readyState !== WebSocket.OPEN) {
            nextAt[i]! += intervalMs
            continue
          }
          const n = run.sentAt.length
          c.edit()
          run.expected[n] = perDoc.get(c.docName)! - 1
          nextAt[i]! += intervalMs
        }
      }
      setTimeout(tick, 1)
    }
    tick()
  })
  await sleep(DRAIN_MS)

  let offered = 0
  let complete = 0
  let lost = 0
  for (let n = 0; n < run.sentAt.length; n++) {
    const t = run.sentAt[n]!
    if (t < run.windowStart || t >= run.windowEnd) continue
    offered++
    if (run.deliveries[n]! >= run.expected[n]!) complete++
    else lost++
  }
  const seconds = MEASURE_MS / 1000
  const result: Result = {
    server: kind,
    scenario: sc,
    offeredPerS: offered / seconds,
    deliveredPerS: complete / seconds,
    ackedPerS: kind === 'yishi' ? run.acked / seconds : null,
    fanoutP50: pct(run.fanout, 50),
    fanoutP99: pct(run.fanout, 99),
    ackP50: kind === 'yishi' ? pct(run.ack, 50) : null,
    ackP99: kind === 'yishi' ? pct(run.ack, 99) : null,
    rssPerClientKiB: (rssAfter - rssBefore) / sc.clients / 1024,
    lost,
    held: clients.filter((c) => c.synced && c.ws.readyState === WebSocket.OPEN).length,
  }
  for (const c of clients) c.ws?.terminate()
  await server.stop()
  return result
}

// ---------------------------------------------------------------------------------------------

const f0 = (x: number | null) => (x === null || Number.isNaN(x) ? '–' : x.toFixed(0))
const f1 = (x: number | null) => (x === null || Number.isNaN(x) ? '–' : x.toFixed(1))
const ratio = (a: number, b: number, lowerIsBetter: boolean) =>
  !Number.isFinite(a) || !Number.isFinite(b) || b === 0 ? '–' : `${(a / b).toFixed(2)}×${lowerIsBetter ? '' : ''}`

async function main() {
  const started = Date.now()
  console.log(`# Sync benchmark — ${new Date().toISOString()}`)
  console.log(
    `Node ${process.version}, ${cpus().length} cores (${cpus()[0]?.model ?? '?'}); server in a child process, all clients in this process`,
  )
  console.log(`warmup ${WARMUP_MS} ms, measure ${MEASURE_MS} ms, drain ${DRAIN_MS} ms per run`)
  console.log(
    `ulimit -n ${FD_LIMIT} (each client is one fd in this process and one in the server's); YISHI_MAX_CONNECTIONS_PER_IP=${process.env.YISHI_MAX_CONNECTIONS_PER_IP}`,
  )
  const most = Math.max(...SCENARIOS.map((s) => s.clients))
  if (FD_LIMIT < most + 200)
    console.log(
      `**warning**: ulimit -n ${FD_LIMIT} is below ${most} clients + slack; raise it (ulimit -n 65536) or connections will fail`,
    )
  console.log(
    `load average at start: ${loadavg()
      .map((x) => x.toFixed(1))
      .join(' ')} (other processes on the machine skew every figure)\n`,
  )
  const results: Result[] = []
  for (const sc of SCENARIOS) {
    for (const kind of SERVERS) {
      const r = await measure(kind, sc)
      results.push(r)
      console.error(
        `  ${kind} ${sc.clients}c/${sc.docs}d: ${f0(r.deliveredPerS)} upd/s, fan-out p50 ${f1(r.fanoutP50)} ms p99 ${f1(r.fanoutP99)} ms`,
      )
    }
  }

  console.log(
    '| clients × docs | rate/client | server | updates/s offered | fully fanned-out/s | acked (durable)/s | fan-out p50 ms | fan-out p99 ms | ack p50 ms | ack p99 ms | server RSS/client KiB | not delivered | connections held |',
  )
  console.log('|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|')
  for (const r of results) {
    const s = r.scenario
    console.log(
      `| ${s.clients} × ${s.docs} | ${s.perClientRate}/s | ${r.server}${r.server === 'yishi' ? '' : ' (in-memory, no ACK)'} | ${f0(r.offeredPerS)} | ${f0(r.deliveredPerS)} | ${f0(r.ackedPerS)} | ${f1(r.fanoutP50)} | ${f1(r.fanoutP99)} | ${f1(r.ackP50)} | ${f1(r.ackP99)} | ${f1(r.rssPerClientKiB)} | ${r.lost} | ${r.held}/${s.clients} |`,
    )
  }

  console.log('\nRatios ours / best peer (fan-out latency: lower is better; throughput: higher is better)\n')
  console.log('| clients × docs | best peer (p50) | fan-out p50 | fan-out p99 | fully fanned-out/s | RSS/client |')
  console.log('|---|---|---:|---:|---:|---:|')
  for (const sc of SCENARIOS) {
    const rs = results.filter((r) => r.scenario === sc)
    const ours = rs.find((r) => r.server === 'yishi')
    const peers = rs.filter((r) => r.server !== 'yishi')
    if (!ours || peers.length === 0) continue
    const best = peers.reduce((a, b) => (b.fanoutP50 < a.fanoutP50 ? b : a))
    const bestRate = Math.max(...peers.map((p) => p.deliveredPerS))
    const bestRss = Math.min(...peers.map((p) => p.rssPerClientKiB))
    console.log(
      `| ${sc.clients} × ${sc.docs} | ${best.server} | ${ratio(ours.fanoutP50, best.fanoutP50, true)} | ${ratio(ours.fanoutP99, Math.min(...peers.map((p) => p.fanoutP99)), true)} | ${ratio(ours.deliveredPerS, bestRate, false)} | ${ratio(ours.rssPerClientKiB, bestRss, true)} |`,
    )
  }
  console.log(
    `\ntotal ${((Date.now() - started) / 1000).toFixed(0)} s; load average at end: ${loadavg()
      .map((x) => x.toFixed(1))
      .join(' ')}`,
  )
}

await main()
