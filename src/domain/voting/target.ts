/**
 * The participation drive's target (还差 N 户 / X m²) as ONE set of owners that exists: the fewest
 * owners who have not voted yet whose participation would meet BOTH Art. 278 lines (≥ 2/3 of the
 * area and ≥ 2/3 of the heads) together — not two separate gaps that no single group of owners
 * may be able to close (e.g. "还差 1 户 / 300 m²" when no single not-yet-voted owner has 300 m²).
 *
 * Candidates are owners none of whose flats has a ballot; an owner's area is the sum of all their
 * flats (the developer's unsold flats are one owner with their summed area — in the roll they share
 * one ownerId). Owners in conflict are not candidates (they need a resolution, not a visit), nor
 * are owners who already voted on some of their flats (they add no head).
 *
 * Why the largest areas first is optimal: any m owners hold at most the area of the m largest, so
 * the fewest owners meeting the area line is the smallest k whose k largest reach it; the heads line
 * needs at least `missing heads` owners; N = max(missing heads, k) and the N largest meet both.
 * Exact integer arithmetic (centi-m²), the same inclusive 2/3 as tally().
 */
import { formatAreaCenti, parseAreaCenti } from '../law/area'
import { twoThirdsOf } from './drive'
import { byCodeUnit } from './read'
import type { FrozenFlat } from './schema'
import type { TallyResult } from './tally'

export interface TargetOwner {
  ownerId: string
  /** the owner's flats, sorted */
  households: string[]
  areaCenti: number
  area: string
}

export interface DriveTarget {
  /** participation already meets both lines */
  met: boolean
  /** whether the not-yet-voted owners can meet both lines at all */
  reachable: boolean
  /** N: the fewest owners (0 when met; all candidates when unreachable) */
  heads: number
  /** their summed area */
  areaCenti: number
  area: string
  /** who: largest areas first (ties by owner id) */
  owners: TargetOwner[]
  /** the two gaps the target closes (for the explanation) */
  missingHeads: number
  missingAreaCenti: number
}

export function driveTarget(
  roll: readonly FrozenFlat[],
  result: Pick<TallyResult, 'totalArea' | 'totalHeads' | 'participatingArea' | 'participatingHeads' | 'conflicts'>,
  /** households with any ballot (counted, conflicting or not on the roll are all fine to include) */
  withBallot: ReadonlySet<string>,
): DriveTarget {
  const missingHeads = Math.max(0, twoThirdsOf(result.totalHeads) - result.participatingHeads)
  const missingAreaCenti = Math.max(
    0,
    twoThirdsOf(parseAreaCenti(result.totalArea)) - parseAreaCenti(result.participatingArea),
  )
  const conflicts = new Set(result.conflicts)
  const byOwner = new Map<string, { households: string[]; areaCenti: number; touched: boolean }>()
  for (const f of roll) {
    const o = byOwner.get(f.ownerId) ?? { households: [], areaCenti: 0, touched: false }
    byOwner.set(f.ownerId, o)
    o.households.push(f.householdId)
    o.areaCenti += parseAreaCenti(f.areaM2)
    if (withBallot.has(f.householdId) || conflicts.has(f.householdId)) o.touched = true
  }
  const candidates: TargetOwner[] = [...byOwner.entries()]
    .filter(([, o]) => !o.touched)
    .map(([ownerId, o]) => ({
      ownerId,
      households: o.households.sort(byCodeUnit),
      areaCenti: o.areaCenti,
      area: formatAreaCenti(o.areaCenti),
    }))
    .sort((a, b) => b.areaCenti - a.areaCenti || byCodeUnit(a.ownerId, b.ownerId))

  const met = result.totalHeads > 0 && missingHeads === 0 && missingAreaCenti === 0
  let k = 0
  let prefix = 0
  while (prefix < missingAreaCenti && k < candidates.length) prefix += candidates[k++]!.areaCenti
  const areaReachable = prefix >= missingAreaCenti
  const n = Math.max(missingHeads, k)
  const reachable = result.totalHeads > 0 && areaReachable && n <= candidates.length
  const owners = reachable ? candidates.slice(0, n) : candidates
  const areaCenti = owners.reduce((s, o) => s + o.areaCenti, 0)
  return {
    met,
    reachable,
    heads: owners.length,
    areaCenti,
    area: formatAreaCenti(areaCenti),
    owners,
    missingHeads,
    missingAreaCenti,
  }
}
