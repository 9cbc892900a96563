/**
 * One sync server for the benchmark, run as a child process of bench/run.ts so that the server and
 * the load generator each get their own core (the bench machine has 2).
 *
 *   node --import tsx bench/syncServer.ts <yishi|y-websocket-server|hocuspocus>
 *
 * Talks to the parent over IPC: sends {port, rss} once listening, answers 'rss' with {rss} and
 * {users: n} with {councilId, tokens} (ours: n members with real access tokens), exits on 'stop'.
 *
 *  - yishi: our server (createYishiServer via the test helper: temp SQLite data dir, synchronous=FULL,
 *    ACK after the durable append) with the real token + membership access control: every client is
 *    its own member of one council (role 'member': write on notes docs, the structural check on
 *    every update) and connects with its own access token.
 *  - y-websocket-server: @y/websocket-server 0.1.1 `setupWSConnection`, in-memory only (no
 *    YPERSISTENCE): nothing is stored, nothing is acknowledged.
 *  - hocuspocus: @hocuspocus/server without extensions: in-memory only.
 */
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { WebSocketServer } from 'ws'
import { setupWSConnection } from '@y/websocket-server/utils'
import { Server as HocuspocusServer } from '@hocuspocus/server'
import { Session } from 'node:inspector/promises'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { startTestServer } from '../tests/helpers/server'

export type ServerKind = 'yishi' | 'y-websocket-server' | 'hocuspocus'

const kind = process.argv[2] as ServerKind
const send = (m: unknown) => process.send!(m)
const rss = () => process.memoryUsage().rss

interface Started {
  port: number
  stop: () => Promise<void>
  /** Ours: `n` members of one council and an access token each. */
  users?: (n: number) => Promise<{ councilId: string; tokens: string[] }>
}

async function start(): Promise<Started> {
  if (kind === 'yishi') {
    const s = await startTestServer({
      realAccess: true,
      // Every bench client connects from 127.0.0.1: bench/run.ts sets the cap above its client count.
      maxConnectionsPerIp: Number(process.env.YISHI_MAX_CONNECTIONS_PER_IP) || 200,
      idleUnloadMs: 600_000,
      heartbeatMs: 600_000,
      maxBufferedBytes: 64 * 1024 * 1024,
    })
    const users = async (n: number) => {
      const admin = await s.accounts.createUser({
        phone: '13800000000',
        name: 'admin',
        passwordHash: 'x',
        isAdmin: true,
      })
      const council = await s.accounts.createCompound({ name: 'bench', address: '', grid: '', createdBy: admin.id })
      const tokens: string[] = []
      for (let i = 0; i < n; i++) {
        const u = await s.accounts.createUser({
          phone: `139${String(i).padStart(8, '0')}`,
          name: `m${i}`,
          passwordHash: 'x',
          isAdmin: false,
        })
        await s.accounts.addMembership({ userId: u.id, councilId: council.id, role: 'member', scope: {} })
        tokens.push(await s.tokens.issueAccess({ userId: u.id, name: u.name }, 3600))
      }
      return { councilId: council.id, tokens }
    }
    return { port: s.port, stop: () => s.stop(), users }
  }
  if (kind === 'y-websocket-server') {
    const wss = new WebSocketServer({ noServer: true })
    const http = createServer((_req, res) => res.end('ok'))
    http.on('upgrade', (req, socket, head) => wss.handleUpgrade(req, socket, head, (ws) => setupWSConnection(ws, req)))
    await new Promise<void>((r) => http.listen(0, '127.0.0.1', r))
    return {
      port: (http.address() as AddressInfo).port,
      stop: async () => {
        for (const c of wss.clients) c.terminate()
        http.closeAllConnections()
        await new Promise((r) => http.close(r))
      },
    }
  }
  if (kind === 'hocuspocus') {
    const s = new HocuspocusServer({ port: 0, address: '127.0.0.1', quiet: true, stopOnSignals: false })
    await s.listen()
    return { port: s.address.port, stop: () => s.destroy() }
  }
  throw new Error(`unknown server kind ${kind}`)
}

const server = await start()
send({ port: server.port, rss: rss() })
process.on('message', (m) => {
  if (m === 'rss') send({ rss: rss() })
  // Profile of the measured window only (PROFILE_DIR, bench/sync/loadDriver.ts): V8 CPU profiler.
  if (m === 'profile-start') void profileStart()
  if (m === 'profile-stop') void profileStop()
  if (typeof m === 'object' && m !== null && 'users' in m)
    void (server.users?.((m as { users: number }).users) ?? Promise.resolve(null)).then((r) => send({ users: r }))
  if (m === 'stop') {
    // Hard exit after a grace period: the peers do not all shut down promptly with 1000 sockets.
    setTimeout(() => process.exit(0), 2_000).unref()
    void server.stop().then(
      () => process.exit(0),
      () => process.exit(0),
    )
  }
})

let profiler: Session | null = null
async function profileStart(): Promise<void> {
  profiler = new Session()
  profiler.connect()
  await profiler.post('Profiler.enable')
  await profiler.post('Profiler.setSamplingInterval', { interval: 200 })
  await profiler.post('Profiler.start')
}
async function profileStop(): Promise<void> {
  if (!profiler) return
  const { profile } = await profiler.post('Profiler.stop')
  writeFileSync(join(process.env.PROFILE_DIR ?? '.', `${kind}-${Date.now()}.cpuprofile`), JSON.stringify(profile))
  profiler.disconnect()
  profiler = null
}
