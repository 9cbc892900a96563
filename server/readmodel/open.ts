/** The configured read-model store: SQLite next to the docs, or PostgreSQL with YISHI_STORAGE=postgres. */
import type { ServerConfig } from '../config'
import { errorText, type Logger } from '../log'
import type { ReadModelStore } from './ReadModelStore'
import { SqliteReadModel } from './SqliteReadModel'
import { PostgresReadModel } from './PostgresReadModel'

/** `fresh`: the tables were just created (new install or READ_MODEL_VERSION changed) — reindex. */
export async function openReadModel(cfg: ServerConfig, log?: Logger): Promise<{ rm: ReadModelStore; fresh: boolean }> {
  if (cfg.storage === 'sqlite') {
    const rm = new SqliteReadModel(cfg.dataDir)
    return { rm, fresh: rm.fresh }
  }
  if (!cfg.databaseUrl) throw new Error('YISHI_STORAGE=postgres needs DATABASE_URL')
  const rm = new PostgresReadModel({
    connectionString: cfg.databaseUrl,
    schema: cfg.pgSchema,
    poolSize: Math.max(2, Math.ceil(cfg.pgPoolSize / 4)),
    onError: (e) => log?.warn('postgres pool error (read model)', { err: e.message }),
  })
  try {
    await rm.ready
  } catch (e) {
    await rm.close().catch(() => {})
    throw new Error(`PostgreSQL not usable for read models (${errorText(e)})`)
  }
  return { rm, fresh: rm.fresh }
}
