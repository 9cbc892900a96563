/**
 * Server configuration from environment variables, validated with zod so a typo in a deployment
 * fails at start-up with a readable message instead of misbehaving later.
 */
import { z } from 'zod'

const LOG_LEVELS = ['debug', 'info', 'warn', 'error', 'silent'] as const
export type LogLevel = (typeof LOG_LEVELS)[number]

const int = (min: number) => z.coerce.number().int().min(min)

const EnvSchema = z.object({
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
  }
}
