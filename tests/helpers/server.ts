/**
 * Test servers. Two flavours:
 *  - startTestServer(opts): in-process createYishiServer on port 0 with a fresh temp data dir;
 *    `stop()` closes it and (unless keepDataDir) deletes the dir.
 *  - spawnServerProcess({dataDir}): a real child process (`node --import tsx server/index.ts`),
 *    for crash tests (SIGKILL) and shutdown tests (SIGTERM). Waits until /healthz answers.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { createYishiServer, type ServerDeps, type YishiServer } from '../../server/app'
import type { ServerConfig } from '../../server/config'
import { unrestrictedAccess } from './access'

export const REPO_ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)))

export function makeTempDir(prefix = 'yishi-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix))
}

export interface TestServerOptions extends Partial<ServerConfig>, ServerDeps {
  /** Keep the data dir after stop() (e.g. to restart on it). Default false when the dir was created here. */
  keepDataDir?: boolean
  /** Use the real token + membership access control instead of the unrestricted test policy. */
  realAccess?: boolean
}

export interface TestServer extends YishiServer {
  dataDir: string
  /** close() + delete the temp data dir (unless keepDataDir or a dataDir was passed in). */
  stop(): Promise<void>
}

export async function startTestServer(opts: TestServerOptions = {}): Promise<TestServer> {
  const {
    store,
    log,
    keepDataDir,
    realAccess,
    access,
    now,
    escalationBridge,
    orgDirectory,
    escalationRetry,
    ...config
  } = opts
  const ownDir = config.dataDir === undefined
  const dataDir = config.dataDir ?? makeTempDir()
  const server = await createYishiServer(
    { host: '127.0.0.1', port: 0, logLevel: 'silent', distDir: join(dataDir, 'no-dist'), ...config, dataDir },
    {
      ...(store ? { store } : {}),
      ...(log ? { log } : {}),
      ...(now ? { now } : {}),
      ...(escalationBridge === false ? { escalationBridge } : {}),
      ...(orgDirectory ? { orgDirectory } : {}),
      ...(escalationRetry ? { escalationRetry } : {}),
      ...(realAccess ? {} : { access: access ?? unrestrictedAccess }),
    },
  )
  let stopped = false
  return {
    ...server,
    close: server.close,
    dataDir,
    async stop() {
      if (stopped) return
      stopped = true
      await server.close()
      if (ownDir && !keepDataDir) rmSync(dataDir, { recursive: true, force: true })
    },
  }
}

export interface HealthResponse {
  ok: boolean
  version: string
  uptimeS: number
  openDocs: number
  clients: number
  escalationBridge?: { waiting: number; retried: number; recovered: number; gaveUp: number }
}

export async function getHealth(httpUrl: string): Promise<HealthResponse> {
  const res = await fetch(`${httpUrl}/healthz`)
  if (!res.ok) throw new Error(`/healthz: HTTP ${res.status}`)
  return (await res.json()) as HealthResponse
}

/** Polls `check` every 20 ms until it returns true or `timeoutMs` passes. */
export async function waitUntil(
  check: () => boolean | Promise<boolean>,
  what: string,
  timeoutMs = 10_000,
): Promise<void> {
  const end = Date.now() + timeoutMs
  for (;;) {
    if (await check()) return
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 20))
  }
}

export interface SpawnOptions {
  dataDir: string
  /** Default 0: the child picks a free port and reports it in its "listening" log line. */
  port?: number
  /** Extra environment (e.g. YISHI_COMPACT_AFTER_UPDATES). */
  env?: Record<string, string>
  startTimeoutMs?: number
}

export interface ServerProcess {
  port: number
  httpUrl: string
  wsUrl: string
  child: ChildProcess
  /** Everything the child wrote to stdout/stderr so far (for assertions and debugging). */
  output(): string
  kill(signal?: NodeJS.Signals): void
  waitExit(): Promise<{ code: number | null; signal: NodeJS.Signals | null }>
}

export async function spawnServerProcess(opts: SpawnOptions): Promise<ServerProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/index.ts'], {
    cwd: REPO_ROOT,
    env: {
      ...process.env,
      PORT: String(opts.port ?? 0),
      HOST: '127.0.0.1',
      YISHI_DATA_DIR: opts.dataDir,
      YISHI_DIST_DIR: join(opts.dataDir, 'no-dist'),
      YISHI_LOG_LEVEL: 'info',
      // DATABASE_URL / REDIS_URL exported for the scale-out tests must not turn every spawned
      // server into a PostgreSQL + Redis one (empty = unset); tests that want them pass them in env.
      YISHI_STORAGE: '',
      REDIS_URL: '',
      ...opts.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let out = ''
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((r) =>
    child.once('exit', (code, signal) => r({ code, signal })),
  )
  const port = await new Promise<number>((resolvePort, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${out}`)), opts.startTimeoutMs ?? 20_000)
    const onData = (b: Buffer) => {
      out += b.toString()
      const m = /"msg":"listening","port":(\d+)/.exec(out)
      if (m) {
        clearTimeout(timer)
        resolvePort(Number(m[1]))
      }
    }
    child.stdout!.on('data', onData)
    child.stderr!.on('data', (b: Buffer) => (out += b.toString()))
    void exited.then(({ code, signal }) => {
      clearTimeout(timer)
      reject(new Error(`server exited early (code ${code}, signal ${signal}):\n${out}`))
    })
  })
  const httpUrl = `http://127.0.0.1:${port}`
  await waitUntil(
    () =>
      getHealth(httpUrl).then(
        (h) => h.ok,
        () => false,
      ),
    '/healthz of spawned server',
  )
  return {
    port,
    httpUrl,
    wsUrl: `ws://127.0.0.1:${port}/sync`,
    child,
    output: () => out,
    kill: (signal = 'SIGTERM') => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal)
    },
    waitExit: () => exited,
  }
}

/** Kills every spawned server process (SIGKILL: tests crash them on purpose anyway) and waits for each. */
export async function killAll(procs: readonly ServerProcess[]): Promise<void> {
  for (const p of procs) {
    p.kill('SIGKILL')
    await p.waitExit()
  }
}
