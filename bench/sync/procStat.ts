/**
 * CPU time and memory of a process from /proc (Linux): utime + stime of the whole thread group
 * (every thread, including worker threads and SQLite's), so it holds whatever else shares the machine.
 */
import { readFileSync, readdirSync } from 'node:fs'
import { spawnSync } from 'node:child_process'

const TICK_US = 1e6 / (Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout.trim()) || 100)

/** CPU time (user + system) of `pid` so far, in µs (resolution one clock tick, usually 10 ms). */
export function cpuMicros(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
  // Fields after the command name (which may contain spaces): state is field 3, utime 14, stime 15.
  const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
  return (Number(rest[11]) + Number(rest[12])) * TICK_US
}

/** CPU µs so far per thread of `pid` (user, system), keyed by `name/tid` (THREADS=1 in the bench prints the split). */
export function threadMicros(pid: number): Map<string, { user: number; sys: number }> {
  const out = new Map<string, { user: number; sys: number }>()
  for (const tid of readdirSync(`/proc/${pid}/task`)) {
    try {
      const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8')
      const name = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'))
      const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
      out.set(`${name}/${tid}`, { user: Number(rest[11]) * TICK_US, sys: Number(rest[12]) * TICK_US })
    } catch {
      // the thread ended
    }
  }
  return out
}

/** Resident set size of `pid` in bytes. */
export function rssBytes(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))
  return m ? Number(m[1]) * 1024 : Number.NaN
}

/** 1-minute load average as `uptime` shows it. */
export function loadNow(): string {
  return readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')
}
