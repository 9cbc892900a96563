/**
 * `npm run bench`: every benchmark in turn, each in its own process so one's heap and timers don't
 * skew the next. Figures are printed, not asserted; see docs/performance.md.
 */
import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'

const BENCHES = [
  ['shell size + offline cold start', 'bench/coldstart.ts'],
  ['tally of 10,000 households', 'bench/tally.ts'],
  ['grid dashboard metrics', 'bench/dashboard.ts'],
  ['district dashboards from the read models (800 councils × 12 events/day × 1 year)', 'bench/districtDashboard.ts'],
  ['read-model folds: event-loop delay on a council-year event doc', 'bench/foldStall.ts'],
  ['sync server vs peers', 'bench/run.ts'],
  ['B4-sized editing trace through the server', 'bench/trace.ts'],
  ['write authority: checks on a 5,000-ballot vote, ACKs under a hostile client', 'bench/writeAuthority.ts'],
] as const

let failed = 0
for (const [what, file] of BENCHES) {
  if (!existsSync(file)) continue
  console.log(`\n=== ${what} (${file}) ===`)
  const r = spawnSync('npx', ['tsx', file], { stdio: 'inherit', env: process.env })
  if (r.status !== 0) failed++
}
process.exit(failed ? 1 : 0)
