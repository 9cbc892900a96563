/**
 * One-line JSON logs (`{"t":..,"level":..,"msg":..,...fields}`) on stdout/stderr. One line per event
 * keeps logs greppable and stops a misbehaving client from flooding them with stack traces.
 */
import type { LogLevel } from './config'

export type LogFields = Record<string, unknown>

export interface Logger {
  debug(msg: string, fields?: LogFields): void
  info(msg: string, fields?: LogFields): void
  warn(msg: string, fields?: LogFields): void
  error(msg: string, fields?: LogFields): void
}

const RANK: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 }

export function createLogger(level: LogLevel, write: (line: string, isError: boolean) => void = defaultWrite): Logger {
  const min = RANK[level]
  const emit = (lvl: Exclude<LogLevel, 'silent'>, msg: string, fields?: LogFields) => {
    if (RANK[lvl] < min) return
    write(JSON.stringify({ t: new Date().toISOString(), level: lvl, msg, ...fields }), RANK[lvl] >= RANK.warn)
  }
  return {
    debug: (m, f) => emit('debug', m, f),
    info: (m, f) => emit('info', m, f),
    warn: (m, f) => emit('warn', m, f),
    error: (m, f) => emit('error', m, f),
  }
}

function defaultWrite(line: string, isError: boolean): void {
  ;(isError ? process.stderr : process.stdout).write(`${line}\n`)
}

/** Short one-line description of an unknown thrown value (no stack). */
export function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e)
}
