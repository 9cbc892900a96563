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

// Inclusive time: samples whose stack passes through a function (by name), top 25.
const parent = new Map<number, number>()
for (const n of prof.nodes as Array<ProfileNode & { children?: number[] }>)
  for (const c of n.children ?? []) parent.set(c, n.id)
const incl = new Map<string, number>()
prof.samples.forEach((id, i) => {
  const dt = prof.timeDeltas[i] ?? 0
  const seen = new Set<string>()
  for (let n: number | undefined = id; n !== undefined; n = parent.get(n)) {
    const f = byId.get(n)!.callFrame
    const key =
      `${f.functionName || '(anonymous)'} ${f.url.replace(/^.*node_modules\//, '').replace(/^file:\/\/.*?\/(server|src|bench)\//, '$1/')}`.trim()
    if (seen.has(key)) continue
    seen.add(key)
    incl.set(key, (incl.get(key) ?? 0) + dt)
  }
})
console.log('\n| inclusive ms | % of busy | function |\n|---:|---:|---|')
for (const [k, v] of [...incl]
  .filter(([k]) => !k.startsWith('('))
  .sort((a, b) => b[1] - a[1])
  .slice(0, Number(process.argv[4]) || 0))
  console.log(`| ${(v / 1e3).toFixed(0)} | ${((100 * v) / busy).toFixed(1)} | \`${k}\` |`)
