/**
 * One server under load: forks the server (bench/syncServer.ts) and `procs` load processes
 * (loadWorker.ts, clients dealt round-robin), connects every client, then runs steps at a given
 * rate. Each step reads the CPU time of the server process (all its threads) and of the load
 * processes from /proc over the measured window, so the figures hold on a shared machine.
 */
import { fork, spawn, type ChildProcess } from 'node:child_process'
import { readdirSync } from 'node:fs'
import { setPriority } from 'node:os'
import { fileURLToPath } from 'node:url'
import { docName } from '../../src/domain/docTypes'
import type { ServerKind } from '../syncServer'
import type { ClientSpec, WorkerCommand, WorkerStats } from './loadWorker'
import { cpuMicros, loadNow, rssBytes, threadMicros } from './procStat'
import { nowUs } from './marker'

export interface Topology {
  clients: number
  docs: number
}

export interface StepTiming {
  warmupMs: number
  measureMs: number
  drainMs: number
}

export interface StepResult {
  server: ServerKind
  topology: Topology
  ratePerClient: number
  /** Updates sent per second inside the window. */
  offeredPerS: number
  /** Deliveries of in-window updates (one per update per other client of its doc). */
  deliveries: number
  /** Deliveries received ÷ deliveries due. */
  deliveredRatio: number
  /** In-window updates not seen by every other client of the doc by the end of the drain. */
  late: number
  /** Server process CPU (user + system, all threads) over the window per delivery. */
  serverUsPerDelivery: number
  /** The same for the load processes (this one included). */
  generatorUsPerDelivery: number
  serverCpuShare: number
  fanoutP50: number
  fanoutP99: number
  ackP50: number
  ackP99: number
  rejects: number
  rssPerClientKiB: number
  held: number
  load: string
}

/**
 * Scheduling priority of every bench process (server, load processes, this one): PRIORITY, default
 * -10 where allowed (root), so the other load on a shared machine disturbs all servers less.
 */
export function raisePriority(pid: number): void {
  // Every thread: on Linux a nice value is per thread (the SQLite append thread, GC helpers).
  for (const tid of readdirSync(`/proc/${pid}/task`)) {
    try {
      setPriority(Number(tid), Number(process.env.PRIORITY ?? -10))
    } catch {
      // not permitted (or the thread ended): normal priority
    }
  }
}

const here = (f: string) => fileURLToPath(new URL(f, import.meta.url))
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

export function percentile(xs: Float64Array, p: number): number {
  if (xs.length === 0) return Number.NaN
  const s = Float64Array.from(xs).sort()
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!
}

/** Resolves with the next IPC message of `child` that satisfies `is`. */
function nextMessage<T>(child: ChildProcess, is: (m: unknown) => boolean): Promise<T> {
  return new Promise((resolve) => {
    const on = (m: unknown) => {
      if (!is(m)) return
      child.off('message', on)
      resolve(m as T)
    }
    child.on('message', on)
  })
}
const tagged =
  (t: string) =>
  (m: unknown): boolean =>
    typeof m === 'object' && m !== null && (m as { t?: string }).t === t

export class LoadSession {
  private constructor(
    readonly kind: ServerKind,
    readonly topology: Topology,
    private readonly server: ChildProcess,
    private readonly workers: ChildProcess[],
    private readonly rssPerClientKiB: number,
    readonly failed: number,
  ) {}

  static async open(kind: ServerKind, topology: Topology, procs: number): Promise<LoadSession> {
    const server = fork(here('../syncServer.ts'), [kind], {
      execArgv: [
        '--import',
        'tsx',
        // JIT symbols for perf (/tmp/perf-<pid>.map); V8's code log goes to PERF_DIR, not the cwd.
        ...(process.env.PERF_DIR ? ['--perf-basic-prof', `--logfile=${process.env.PERF_DIR}/v8-%p.log`] : []),
        ...(process.env.SERVER_NODE_ARGS?.split(' ').filter(Boolean) ?? []),
      ],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    })
    const { port } = await nextMessage<{ port: number }>(server, (m) => (m as { port?: number }).port !== undefined)
    raisePriority(server.pid!) // once listening: its threads exist
    let councilId = 'c1'
    let tokens: string[] = []
    if (kind === 'yishi') {
      const p = nextMessage<{ users: { councilId: string; tokens: string[] } }>(server, (m) => 'users' in (m as object))
      server.send({ users: topology.clients })
      ;({ councilId, tokens } = (await p).users)
    }
    const stamp = Date.now().toString(36)
    const docs = Array.from({ length: topology.docs }, (_, d) => docName('notesPage', councilId, `bench-${stamp}-${d}`))
    const url = (idx: number, doc: string) =>
      kind === 'yishi'
        ? `ws://127.0.0.1:${port}/sync/${doc}?token=${tokens[idx]}`
        : kind === 'y-websocket-server'
          ? `ws://127.0.0.1:${port}/${doc}`
          : `ws://127.0.0.1:${port}/`
    const workers = Array.from({ length: procs }, () =>
      fork(here('./loadWorker.ts'), [], {
        execArgv: ['--import', 'tsx'],
        stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
        serialization: 'advanced',
      }),
    )
    await Promise.all(workers.map((w) => nextMessage(w, tagged('ready'))))
    for (const w of workers) raisePriority(w.pid!)
    const rssBefore = rssBytes(server.pid!)
    const replies = workers.map((w, wi) => {
      const clients: ClientSpec[] = []
      for (let idx = wi; idx < topology.clients; idx += procs) {
        const doc = docs[idx % topology.docs]!
        clients.push({ idx, doc, url: url(idx, doc) })
      }
      const reply = nextMessage<{ failed: number }>(w, tagged('connected'))
      command(w, { t: 'connect', clients, framing: kind === 'hocuspocus' ? 'hocus' : 'yws' })
      return reply
    })
    const failed = (await Promise.all(replies)).reduce((a, r) => a + r.failed, 0)
    await sleep(300)
    const rssPerClientKiB = (rssBytes(server.pid!) - rssBefore) / topology.clients / 1024
    return new LoadSession(kind, topology, server, workers, rssPerClientKiB, failed)
  }

  /** Every client sends `ratePerClient` updates/s for warm-up + window; figures cover the window. */
  async step(ratePerClient: number, timing: StepTiming): Promise<StepResult> {
    const { clients, docs } = this.topology
    const perClient = Math.ceil((ratePerClient * (timing.warmupMs + timing.measureMs)) / 1000) + 2
    await Promise.all(
      this.workers.map((w) => {
        const r = nextMessage(w, tagged('prepared'))
        command(w, { t: 'prepare', perClient })
        return r
      }),
    )
    const startUs = nowUs() + 200_000
    const windowStartUs = startUs + timing.warmupMs * 1000
    const windowEndUs = windowStartUs + timing.measureMs * 1000
    const pids = [process.pid, ...this.workers.map((w) => w.pid!)]
    const cpu = () => ({
      server: cpuMicros(this.server.pid!),
      gen: pids.reduce((a, p) => a + cpuMicros(p), 0),
      threads: process.env.THREADS ? threadMicros(this.server.pid!) : null,
    })
    // PROFILE_DIR=dir: the server writes a V8 CPU profile of the window there.
    // PERF_DIR=dir: `perf record` of the server process (kernel + user) over the window.
    const profile = (m: string) => () => {
      if (process.env.PROFILE_DIR) this.server.send(m)
      if (process.env.PERF_DIR && m === 'profile-start')
        spawn(
          'perf',
          [
            'record',
            '-F',
            process.env.PERF_FREQ ?? '999',
            '-g',
            '-p',
            String(this.server.pid),
            '-o',
            `${process.env.PERF_DIR}/${this.kind}-${Date.now()}.perf`,
            '--',
            'sleep',
            String(timing.measureMs / 1000),
          ],
          { stdio: 'ignore' },
        )
    }
    const at = (us: number, then: () => void) =>
      sleep(Math.max(0, (us - nowUs()) / 1000)).then(() => {
        const c = cpu()
        then()
        return c
      })
    const sent = Promise.all(
      this.workers.map((w) => {
        const r = nextMessage(w, tagged('sent'))
        command(w, { t: 'go', startUs, ratePerClient, windowStartUs, windowEndUs, endUs: windowEndUs })
        return r
      }),
    )
    const [c0, c1] = await Promise.all([
      at(windowStartUs, profile('profile-start')),
      at(windowEndUs, profile('profile-stop')),
    ])
    await sent
    const load = loadNow()
    await sleep(timing.drainMs)
    const stats = await Promise.all(
      this.workers.map((w) => {
        const r = nextMessage<WorkerStats>(w, tagged('stats'))
        command(w, { t: 'collect' })
        return r
      }),
    )
    const perDoc = new Array<number>(docs).fill(0)
    for (let i = 0; i < clients; i++) perDoc[i % docs]!++
    const got = new Map<number, number>()
    for (const s of stats)
      for (let i = 0; i < s.deliveries.length; i += 2)
        got.set(s.deliveries[i]!, (got.get(s.deliveries[i]!) ?? 0) + s.deliveries[i + 1]!)
    let due = 0
    let delivered = 0
    let late = 0
    let offered = 0
    for (const s of stats)
      for (const id of s.sent) {
        offered++
        const expected = perDoc[Math.floor(id / 1e6) % docs]! - 1
        const n = Math.min(expected, got.get(id) ?? 0)
        due += expected
        delivered += n
        if (n < expected) late++
      }
    const concat = (pick: (s: WorkerStats) => Float64Array) => {
      const all = new Float64Array(stats.reduce((a, s) => a + pick(s).length, 0))
      let o = 0
      for (const s of stats) {
        all.set(pick(s), o)
        o += pick(s).length
      }
      return all
    }
    const fan = concat((s) => s.fanout)
    const ack = concat((s) => s.ack)
    const serverUs = c1.server - c0.server
    if (c0.threads && c1.threads) {
      // user + system ms per thread in the window (system: socket writes, fsync, futex wake-ups)
      const parts: string[] = []
      for (const [k, v] of c1.threads) {
        const b = c0.threads.get(k) ?? { user: 0, sys: 0 }
        const u = (v.user - b.user) / 1000
        const sy = (v.sys - b.sys) / 1000
        if (u + sy > 0) parts.push(`${k} ${(u + sy).toFixed(0)} (sys ${sy.toFixed(0)})`)
      }
      console.error(`  ${this.kind} threads (ms CPU in window): ${parts.join(', ')}`)
    }
    const windowUs = windowEndUs - windowStartUs
    return {
      server: this.kind,
      topology: this.topology,
      ratePerClient,
      offeredPerS: offered / (timing.measureMs / 1000),
      deliveries: delivered,
      deliveredRatio: due ? delivered / due : Number.NaN,
      late,
      serverUsPerDelivery: serverUs / delivered,
      generatorUsPerDelivery: (c1.gen - c0.gen) / delivered,
      serverCpuShare: serverUs / windowUs,
      fanoutP50: percentile(fan, 50),
      fanoutP99: percentile(fan, 99),
      ackP50: percentile(ack, 50),
      ackP99: percentile(ack, 99),
      rejects: stats.reduce((a, s) => a + s.rejects, 0),
      rssPerClientKiB: this.rssPerClientKiB,
      held: stats.reduce((a, s) => a + s.held, 0),
      load,
    }
  }

  async close(): Promise<void> {
    const exits = [this.server, ...this.workers].map((c) => new Promise((r) => c.once('exit', r)))
    for (const w of this.workers) command(w, { t: 'close' })
    this.server.send('stop')
    await Promise.all(exits)
  }
}

function command(w: ChildProcess, cmd: WorkerCommand): void {
  w.send(cmd)
}
