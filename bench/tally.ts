/**
 * Tally benchmark: a 10,000-household roll (owners with 1–3 flats, like a large compound) and 10,000
 * ballots including duplicates and conflicts; target < 20 ms per tally. Runs on its own:
 *   npx tsx bench/tally.ts
 * Prints the median and worst of 30 runs after warm-up, plus the same for tallyVote (resolutions
 * applied first), and exits 1 if the median misses the target.
 */
import { performance } from 'node:perf_hooks'
import { tally, type RollFlat, type TallyBallot } from '../src/domain/voting/tally'
import { tallyVote } from '../src/domain/voting/resolution'
import type { StoredBallot, StoredResolution } from '../src/domain/voting/read'
import type { FrozenFlat } from '../src/domain/voting/schema'
import { prng } from '../src/domain/random'

const TARGET_MS = 20
const N = 10_000

const rand = prng(278)
const roll: FrozenFlat[] = []
let owner = 0
for (let i = 0; i < N; i++) {
  if (rand() < 0.9 || i === 0) owner++ // ~10 % of flats belong to an owner with several flats
  const building = String(1 + Math.floor(i / 400))
  const unit = String(1 + Math.floor((i % 400) / 100))
  const flat = String(101 + (i % 100)).padStart(4, '0')
  roll.push({
    householdId: `${building}-${unit}-${flat}`,
    ownerId: `P${owner}`,
    areaM2: (40 + rand() * 100).toFixed(2),
    building,
    unit,
    flat,
    floor: 1,
  })
}
const choices: TallyBallot['choice'][] = ['agree', 'agree', 'agree', 'oppose', 'abstain']
const ballots: StoredBallot[] = []
for (let i = 0; i < N; i++) {
  // 10,000 ballots over ~8,500 households: duplicates (same choice) and ~1 % conflicts
  const k = Math.floor(rand() * N * 0.85)
  const h = roll[k]!
  // each household's intended choice is fixed; 2 % of ballots contradict it (a clash of two tablets)
  const choice = rand() < 0.02 ? 'abstain' : choices[k % choices.length]!
  ballots.push({ id: `b${i}`, householdId: h.householdId, choice, channel: 'paper', recordedBy: 'u', at: i })
}
const resolutions: StoredResolution[] = [
  {
    id: 'r1',
    householdIds: [ballots[0]!.householdId],
    keepBallotId: 'b0',
    discardBallotIds: ['b1', 'b2'],
    reason: 'bench',
    resolvedBy: 'u',
    at: 1,
  },
]

const flats: RollFlat[] = roll.map((f) => ({ householdId: f.householdId, ownerId: f.ownerId, areaM2: f.areaM2 }))
const plain: TallyBallot[] = ballots.map((b) => ({ householdId: b.householdId, choice: b.choice }))

function measure(fn: () => unknown): { median: number; worst: number } {
  for (let i = 0; i < 10; i++) fn()
  const times: number[] = []
  for (let i = 0; i < 30; i++) {
    const t0 = performance.now()
    fn()
    times.push(performance.now() - t0)
  }
  times.sort((a, b) => a - b)
  return { median: times[15]!, worst: times[times.length - 1]! }
}

const r = tally(flats, plain, 'special')
const t1 = measure(() => tally(flats, plain, 'special'))
const t2 = measure(() => tallyVote({ roll, ballots, resolutions }, 'special'))
console.log(
  `tally: ${N} households (${r.totalHeads} owner heads), ${plain.length} ballots, ${r.conflicts.length} conflicted flats`,
)
console.log(
  `  tally()      median ${t1.median.toFixed(2)} ms, worst ${t1.worst.toFixed(2)} ms (target < ${TARGET_MS} ms)`,
)
console.log(
  `  tallyVote()  median ${t2.median.toFixed(2)} ms, worst ${t2.worst.toFixed(2)} ms (incl. resolutions + conflict groups)`,
)
if (t1.median >= TARGET_MS) {
  console.error(`tally() median ${t1.median.toFixed(2)} ms misses the ${TARGET_MS} ms target`)
  process.exitCode = 1
}
