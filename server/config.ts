/**
 * Server configuration from environment variables, validated with zod so a typo in a deployment
 * fails at start-up with a readable message instead of misbehaving later.
 */
import { z } from 'zod'
import { parseAllowedOrigins } from './http/allowedOrigins'

const LOG_LEVELS = ['debug', 'info', 'warn', 'error', 'silent'] as const
export type LogLevel = (typeof LOG_LEVELS)[number]
const STORAGE_KINDS = ['sqlite', 'postgres'] as const
export type StorageKind = (typeof STORAGE_KINDS)[number]
/** A PostgreSQL schema name we are willing to interpolate into SQL (search_path). */
export const PG_SCHEMA_RE = /^[a-z_][a-z0-9_]{0,62}$/

const int = (min: number) => z.coerce.number().int().min(min)

const EnvSchema = z
  .object({
    PORT: int(0).max(65535).default(8787),
    HOST: z.string().min(1).default('0.0.0.0'),
    YISHI_DATA_DIR: z.string().min(1).default('./data'),
    YISHI_DIST_DIR: z.string().min(1).default('./dist'),
    YISHI_MAX_FRAME_BYTES: int(1024).default(2 * 1024 * 1024),
    YISHI_MAX_CONNECTIONS_PER_IP: int(1).default(200),
    YISHI_IDLE_UNLOAD_MS: int(0).default(30_000),
    YISHI_COMPACT_AFTER_UPDATES: int(2).default(500),
    YISHI_MAX_BUFFERED_BYTES: int(64 * 1024).default(8 * 1024 * 1024),
    YISHI_HEARTBEAT_MS: int(100).default(30_000),
    YISHI_LOG_LEVEL: z.enum(LOG_LEVELS).default('info'),
    YISHI_STORAGE: z.enum(STORAGE_KINDS).default('sqlite'),
    DATABASE_URL: z
      .string()
      .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL')
      .optional(),
    YISHI_PG_SCHEMA: z.string().regex(PG_SCHEMA_RE, 'must be a lower-case SQL identifier').default('public'),
    YISHI_PG_POOL_SIZE: int(1).max(200).default(10),
    REDIS_URL: z
      .string()
      .regex(/^rediss?:\/\//, 'must be a redis:// or rediss:// URL')
      .optional(),
    YISHI_REDIS_PREFIX: z
      .string()
      .regex(/^[A-Za-z0-9:_-]{1,64}$/, 'letters, digits, ":", "_" or "-"')
      .default('yishi:'),
    YISHI_FRAME_RATE: int(1).default(200),
    YISHI_FRAME_BURST: int(1).default(2000),
    YISHI_USER_FRAME_RATE: int(1).default(1000),
    YISHI_USER_FRAME_BURST: int(1).default(10000),
    YISHI_ALLOWED_ORIGINS: z
      .string()
      .regex(/^\s*https?:\/\/[^,\s]+(\s*,\s*https?:\/\/[^,\s]+)*\s*$/, 'comma-separated http(s):// origins')
      .optional(),
    YISHI_BLOB_QUOTA_MB_PER_DAY: int(1).default(200),
    YISHI_READ_MODEL_INTERVAL_MS: int(10).default(250),
  })
  .superRefine((e, ctx) => {
    if (e.YISHI_STORAGE === 'postgres' && !e.DATABASE_URL) {
      ctx.addIssue({ code: 'custom', path: ['DATABASE_URL'], message: 'required when YISHI_STORAGE=postgres' })
    }
  })

export interface ServerConfig {
  port: number
  host: string
  dataDir: string
  distDir: string
  /** Largest accepted websocket frame; larger frames close the socket with 1009. */
  maxFrameBytes: number
  maxConnectionsPerIp: number
  /** How long a doc without clients stays in memory before it is compacted and dropped. */
  idleUnloadMs: number
  /** Stored update rows per doc before a background compaction folds them into one snapshot. */
  compactAfterUpdates: number
  /** Outgoing bytes a socket may have queued before we drop it as a slow consumer. */
  maxBufferedBytes: number
  heartbeatMs: number
  /** Largest accepted awareness update (presence state); awareness is small by nature. */
  maxAwarenessBytes: number
  logLevel: LogLevel
  /** Where documents live: `<dataDir>/yishi.sqlite` (default) or PostgreSQL (`databaseUrl`). */
  storage: StorageKind
  databaseUrl: string | null
  /** PostgreSQL schema for the document tables (created if missing). */
  pgSchema: string
  pgPoolSize: number
  /** Redis for cross-process fan-out; null = single process, no fan-out. */
  redisUrl: string | null
  /** Prefix of the Redis pub/sub channels (several deployments can share one Redis). */
  redisPrefix: string
  /** Token bucket per connection: frames per second and burst; over → close 4529. */
  frameRate: number
  frameBurst: number
  /** Token bucket per user over all their connections in this process. */
  userFrameRate: number
  userFrameBurst: number
  /** Web origins allowed for websockets and mutating /api calls; null = same origin as the Host. */
  allowedOrigins: string[] | null
  /** New photo bytes one person may upload per UTC day (all councils). */
  blobQuotaBytesPerDay: number
  /** A stored doc is folded into the read-model tables at most this often (server/readmodel). */
  readModelIntervalMs: number
}

export const DEFAULT_CONFIG: ServerConfig = {
  port: 8787,
  host: '0.0.0.0',
  dataDir: './data',
  distDir: './dist',
  maxFrameBytes: 2 * 1024 * 1024,
  maxConnectionsPerIp: 200,
  idleUnloadMs: 30_000,
  compactAfterUpdates: 500,
  maxBufferedBytes: 8 * 1024 * 1024,
  heartbeatMs: 30_000,
  maxAwarenessBytes: 64 * 1024,
  logLevel: 'info',
  storage: 'sqlite',
  databaseUrl: null,
  pgSchema: 'public',
  pgPoolSize: 10,
  redisUrl: null,
  redisPrefix: 'yishi:',
  frameRate: 200,
  frameBurst: 2000,
  userFrameRate: 1000,
  userFrameBurst: 10000,
  allowedOrigins: null,
  blobQuotaBytesPerDay: 200 * 1024 * 1024,
  readModelIntervalMs: 250,
}

export class ConfigError extends Error {}

/** Parses `env` (normally process.env); throws ConfigError listing every invalid variable. */
export function configFromEnv(env: Record<string, string | undefined>): ServerConfig {
  // Empty strings count as "unset" so `PORT= node ...` falls back to the default.
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''))
  const r = EnvSchema.safeParse(cleaned)
  if (!r.success) {
    const lines = r.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`)
    throw new ConfigError(`Invalid environment:\n${lines.join('\n')}`)
  }
  const e = r.data
  return {
    ...DEFAULT_CONFIG,
    port: e.PORT,
    host: e.HOST,
    dataDir: e.YISHI_DATA_DIR,
    distDir: e.YISHI_DIST_DIR,
    maxFrameBytes: e.YISHI_MAX_FRAME_BYTES,
    maxConnectionsPerIp: e.YISHI_MAX_CONNECTIONS_PER_IP,
    idleUnloadMs: e.YISHI_IDLE_UNLOAD_MS,
    compactAfterUpdates: e.YISHI_COMPACT_AFTER_UPDATES,
    maxBufferedBytes: e.YISHI_MAX_BUFFERED_BYTES,
    heartbeatMs: e.YISHI_HEARTBEAT_MS,
    logLevel: e.YISHI_LOG_LEVEL,
    storage: e.YISHI_STORAGE,
    databaseUrl: e.DATABASE_URL ?? null,
    pgSchema: e.YISHI_PG_SCHEMA,
    pgPoolSize: e.YISHI_PG_POOL_SIZE,
    redisUrl: e.REDIS_URL ?? null,
    redisPrefix: e.YISHI_REDIS_PREFIX,
    frameRate: e.YISHI_FRAME_RATE,
    frameBurst: e.YISHI_FRAME_BURST,
    userFrameRate: e.YISHI_USER_FRAME_RATE,
    userFrameBurst: e.YISHI_USER_FRAME_BURST,
    allowedOrigins: parseAllowedOrigins(e.YISHI_ALLOWED_ORIGINS),
    blobQuotaBytesPerDay: e.YISHI_BLOB_QUOTA_MB_PER_DAY * 1024 * 1024,
    readModelIntervalMs: e.YISHI_READ_MODEL_INTERVAL_MS,
  }
}
