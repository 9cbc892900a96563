/**
 * Process entry: `tsx server/index.ts`. Reads the environment, starts the server and shuts down
 * gracefully (flush, compact, close the store) on SIGTERM/SIGINT.
 */
import { ConfigError, configFromEnv } from './config'
import { createYishiServer } from './app'

async function main(): Promise<void> {
  let config: ReturnType<typeof configFromEnv>
  try {
    config = configFromEnv(process.env)
  } catch (e) {
    if (e instanceof ConfigError) {
      console.error(e.message)
      process.exit(1)
    }
    throw e
  }
  const server = await createYishiServer(config)
  let stopping = false
  const stop = (signal: string) => {
    if (stopping) return
    stopping = true
    console.log(JSON.stringify({ t: new Date().toISOString(), level: 'info', msg: 'signal', signal }))
    server.close().then(
      () => process.exit(0),
      (e) => {
        console.error('shutdown failed:', e instanceof Error ? e.message : e)
        process.exit(1)
      },
    )
  }
  process.on('SIGTERM', () => stop('SIGTERM'))
  process.on('SIGINT', () => stop('SIGINT'))
}

main().catch((e) => {
  console.error('failed to start:', e instanceof Error ? e.message : e)
  process.exit(1)
})
