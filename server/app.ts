/**
 * Composition root: store + DocManager + sync server + http server. `createYishiServer` is what
 * index.ts, the tests and the benchmark call.
 */
import type { AddressInfo } from 'node:net'
import { DEFAULT_CONFIG, type ServerConfig } from './config'
import { createLogger, errorText, type Logger } from './log'
import type { DocStore } from './storage/DocStore'
import { SqliteDocStore } from './storage/SqliteDocStore'
import { PostgresDocStore } from './storage/PostgresDocStore'
import type { Fanout } from './fanout/Fanout'
import { RedisFanout } from './fanout/RedisFanout'
import { FrameRateLimiter } from './sync/rateLimit'
import { DocManager } from './docs/DocManager'
import { SyncServer } from './sync/wsServer'
import { createHttpServer } from './http/httpServer'
import { originChecker } from './http/allowedOrigins'
import type { AccountStore } from './accounts/AccountStore'
import { SqliteAccountStore } from './accounts/SqliteAccountStore'
import { PostgresAccountStore } from './accounts/PostgresAccountStore'
import { TokenService, loadSecret } from './auth/tokens'
import { accountAccessControl, type AccessControl } from './access/AccessControl'
import { createApi } from './api/router'
import { AccessChanges } from './access/accessChanges'
import { Revocation, type AccessChange } from './access/revocation'
import type { ReadModelStore } from './readmodel/ReadModelStore'
import { ReadModelFolder } from './readmodel/folder'
import { openReadModel } from './readmodel/open'
import { reindex } from './readmodel/reindex'
import { EscalationBridge } from './escalation/bridge'
import { catchUpEscalations, type CatchUpReport } from './escalation/catchUp'
import type { RetryPolicy } from './escalation/retry'
import { accountOrgDirectory, type OrgDirectory } from './escalation/orgDirectory'

export interface YishiServer {
  port: number
  httpUrl: string
  /** ws://127.0.0.1:<port>/sync — append `/<docName>`. */
  wsUrl: string
  docs: DocManager
  store: DocStore
  accounts: AccountStore
  tokens: TokenService
  /** Fires onAccessChanged(userId, councilId) after grants, revokes and removals (revocation hooks in here). */
  accessChanges: AccessChanges
  /**
   * Revocation (server/access/revocation.ts): open connections matching the change re-check their
   * access, here and on every other process. Call after any account-side change not made through
   * the member routes (those already announce through accessChanges).
   */
  accessChanged(change: AccessChange): void
  config: ServerConfig
  /** Read-model tables (server/readmodel) and the folder keeping them current. */
  readModel: { store: ReadModelStore; folder: ReadModelFolder }
  /** Escalation bridge (server/escalation/); null when turned off (tests of a crash between two writes). */
  escalation: EscalationBridge | null
  /** The start-up catch-up pass of the bridge (resolves with what it wrote; null when off). */
  escalationCatchUp: Promise<CatchUpReport | null>
  /** Stops accepting, closes sockets (1001), flushes and compacts every doc, closes the store. */
  close(): Promise<void>
}

export interface ServerDeps {
  /** Use this store instead of `<dataDir>/yishi.sqlite` (tests wrap it to count loads). */
  store?: DocStore
  log?: Logger
  /** Replaces token + membership checks (transport tests use an unrestricted policy). */
  access?: AccessControl
  /** Clock for tokens (tests of expiry). */
  now?: () => number
  /** false: no escalation bridge (tests simulate a crash between the event write and the queue write). */
  escalationBridge?: boolean
  /** The org tree as the bridge sees it (default: the account store's org methods). */
  orgDirectory?: OrgDirectory
  /** Backoff of failed bridge writes (default DEFAULT_RETRY; tests shorten it). */
  escalationRetry?: RetryPolicy
}

export async function createYishiServer(
  config: Partial<ServerConfig> = {},
  deps: ServerDeps = {},
): Promise<YishiServer> {
  const cfg: ServerConfig = { ...DEFAULT_CONFIG, ...config }
  const log = deps.log ?? createLogger(cfg.logLevel)
  const store = deps.store ?? (await openDocStore(cfg, log))
  const fanout: Fanout | null = cfg.redisUrl
    ? new RedisFanout({ url: cfg.redisUrl, prefix: cfg.redisPrefix, log })
    : null
  const { rm, fresh } = await openReadModel(cfg, log)
  const folder = new ReadModelFolder(rm, { intervalMs: cfg.readModelIntervalMs, log })
  const docs = new DocManager(store, {
    idleUnloadMs: cfg.idleUnloadMs,
    compactAfterUpdates: cfg.compactAfterUpdates,
    log,
    fanout,
    listener: folder,
  })
  // New tables (first start, or a new READ_MODEL_VERSION): fill them from the stored docs.
  const initialIndex = fresh
    ? reindex(store, rm).then(
        (r) => log.info('read models rebuilt', { ...r }),
        (e) => log.error('read model rebuild failed', { err: errorText(e) }),
      )
    : Promise.resolve()
  const accounts = await openAccountStore(cfg, log)
  const escalation =
    deps.escalationBridge === false
      ? null
      : new EscalationBridge(docs, deps.orgDirectory ?? accountOrgDirectory(accounts), log, deps.escalationRetry)
  if (escalation) docs.onLoad((doc) => escalation.attach(doc))
  const tokens = new TokenService(loadSecret(cfg.dataDir), deps.now)
  const access = deps.access ?? accountAccessControl(tokens, accounts)
  const rateLimiter = new FrameRateLimiter(cfg)
  const sync = new SyncServer(docs, { ...cfg, log, access, rateLimiter })
  const accessChanges = new AccessChanges(log)
  const revocation = new Revocation(sync, { redisUrl: cfg.redisUrl, prefix: cfg.redisPrefix, log })
  // Grants, revokes and removals (memberRoutes) re-check open connections on every process.
  accessChanges.on((userId, councilId) => revocation.accessChanged({ userId, councilId }))
  const api = createApi({
    readModel: rm,
    accounts,
    tokens,
    docs,
    log,
    dataDir: cfg.dataDir,
    blobQuotaBytesPerDay: cfg.blobQuotaBytesPerDay,
    onAccessChanged: (userId, councilId) => accessChanges.emit(userId, councilId),
    onOrgAccessChanged: (change) => revocation.accessChanged(change),
    ...(deps.now ? { now: deps.now } : {}),
  })
  const http = createHttpServer({
    distDir: cfg.distDir,
    log,
    health: () => ({
      openDocs: docs.openDocs,
      clients: sync.clientCount,
      ...(escalation ? { escalationBridge: { ...escalation.stats } } : {}),
    }),
    onUpgrade: (req, socket, head) => sync.handleUpgrade(req, socket, head),
    isUpgradePath: (url) => SyncServer.matches(url),
    api,
    originAllowed: originChecker(cfg.allowedOrigins),
  })

  await new Promise<void>((resolve, reject) => {
    http.once('error', reject)
    http.listen(cfg.port, cfg.host, () => {
      http.off('error', reject)
      resolve()
    })
  })
  const port = (http.address() as AddressInfo).port
  log.info('listening', {
    port,
    host: cfg.host,
    dataDir: cfg.dataDir,
    storage: cfg.storage,
    fanout: fanout ? 'redis' : 'none',
  })

  // In the background: the server serves meanwhile; anything the bridge writes live is a no-op here.
  const escalationCatchUp = escalation
    ? catchUpEscalations(store, escalation).then(
        (r) => {
          log.info('escalation catch-up done', { ...r })
          return r
        },
        (e) => {
          log.error('escalation catch-up failed', { err: errorText(e) })
          return null
        },
      )
    : Promise.resolve(null)

  let closing: Promise<void> | null = null
  const close = () =>
    (closing ??= (async () => {
      log.info('shutting down')
      const httpClosed = new Promise<void>((r) => http.close(() => r()))
      http.closeIdleConnections()
      await sync.close()
      http.closeAllConnections()
      await escalationCatchUp
      escalation?.stop()
      await escalation?.idle()
      try {
        await docs.close()
      } catch (e) {
        log.error('flush on shutdown failed', { err: errorText(e) })
      }
      await initialIndex
      await folder.flush().catch((e) => log.error('read model flush failed', { err: errorText(e) }))
      await fanout?.close()
      await revocation.close()
      await rm.close()
      await store.close()
      await accounts.close()
      await httpClosed
      log.info('stopped')
    })())

  return {
    port,
    httpUrl: `http://127.0.0.1:${port}`,
    wsUrl: `ws://127.0.0.1:${port}/sync`,
    docs,
    store,
    accounts,
    tokens,
    accessChanges,
    accessChanged: (change) => revocation.accessChanged(change),
    config: cfg,
    readModel: { store: rm, folder },
    escalation,
    escalationCatchUp,
    close,
  }
}

/** Waits for a PostgreSQL store's migrations; on failure closes its pool and says why. */
async function readyOrClosed<T extends { ready: Promise<unknown>; close(): Promise<void> }>(store: T): Promise<T> {
  try {
    await store.ready
  } catch (e) {
    await store.close().catch(() => {})
    throw new Error(`PostgreSQL not usable (${errorText(e)})`)
  }
  return store
}

/** The configured document store; for PostgreSQL waits until the schema is migrated. */
export async function openDocStore(cfg: ServerConfig, log?: Logger): Promise<DocStore> {
  if (cfg.storage === 'sqlite') return new SqliteDocStore(cfg.dataDir)
  if (!cfg.databaseUrl) throw new Error('YISHI_STORAGE=postgres needs DATABASE_URL')
  const store = new PostgresDocStore({
    connectionString: cfg.databaseUrl,
    schema: cfg.pgSchema,
    poolSize: cfg.pgPoolSize,
    onError: (e) => log?.warn('postgres pool error', { err: e.message }),
  })
  return readyOrClosed(store)
}

/** Accounts live next to the documents: `<dataDir>/yishi.sqlite`, or PostgreSQL with YISHI_STORAGE=postgres. */
export async function openAccountStore(cfg: ServerConfig, log?: Logger): Promise<AccountStore> {
  if (cfg.storage === 'sqlite') return new SqliteAccountStore(cfg.dataDir)
  if (!cfg.databaseUrl) throw new Error('YISHI_STORAGE=postgres needs DATABASE_URL')
  const store = new PostgresAccountStore({
    connectionString: cfg.databaseUrl,
    schema: cfg.pgSchema,
    poolSize: Math.max(2, Math.ceil(cfg.pgPoolSize / 2)),
    onError: (e) => log?.warn('postgres pool error', { err: e.message }),
  })
  return readyOrClosed(store)
}
