/**
 * Self-time table of a V8 CPU profile (`node --cpu-prof`), top functions first:
 *
 *   npx tsx bench/sync/profileSummary.ts <file.cpuprofile> [top=25]
 */
import { readFileSync } from 'node:fs'

interface ProfileNode {
  id: number
  callFrame: { functionName: string; url: string; lineNumber: number }
  hitCount?: number
}
interface Profile {
  nodes: ProfileNode[]
  samples: number[]
  timeDeltas: number[]
}

const [file, topArg] = process.argv.slice(2)
if (!file) throw new Error('usage: profileSummary.ts <file.cpuprofile> [top]')
const prof = JSON.parse(readFileSync(file, 'utf8')) as Profile
const byId = new Map(prof.nodes.map((n) => [n.id, n]))
const self = new Map<string, number>()
let total = 0
prof.samples.forEach((id, i) => {
  const dt = prof.timeDeltas[i] ?? 0
  const n = byId.get(id)!
  const f = n.callFrame
  const where = f.url
    ? `${f.url.replace(/^.*node_modules\//, '').replace(/^file:\/\/.*?\/(server|src|bench)\//, '$1/')}:${f.lineNumber + 1}`
    : ''
  const key = `${f.functionName || '(anonymous)'} ${where}`.trim()
  self.set(key, (self.get(key) ?? 0) + dt)
  total += dt
})
const idle = ['(idle)', '(program)', '(garbage collector)'].map((k) => self.get(k) ?? 0)
const busy = total - idle[0]!
console.log(
  `total ${(total / 1e3).toFixed(0)} ms, idle ${(idle[0]! / 1e3).toFixed(0)} ms, busy ${(busy / 1e3).toFixed(0)} ms`,
)
console.log('| self ms | % of busy | function |\n|---:|---:|---|')
for (const [k, v] of [...self]
  .filter(([k]) => k !== '(idle)')
  .sort((a, b) => b[1] - a[1])
  .slice(0, Number(topArg) || 25))
  console.log(`| ${(v / 1e3).toFixed(0)} | ${((100 * v) / busy).toFixed(1)} | \`${k}\` |`)
