/**
 * Participation drive (动员): which households have not voted yet, per building and unit, who is
 * responsible for them, and how far the vote still is from the Art. 278 participation threshold.
 *
 * "还差 N 户 / X m² 达到三分之二": the smallest number of additional owner heads and the smallest
 * additional exclusive area such that participating·3 ≥ total·2 holds for heads and for area (the
 * tally's inclusive "三分之二以上"). Heads are owners (one owner = one head however many flats), so N
 * counts owners who have not voted yet — in the common case one owner = one 户. Conflicted households
 * do not participate until resolved (they are counted in neither figure), exactly like tally().
 * Pure and exact (integer centi-m²), so it runs live on an offline tablet.
 */
import type { Scope } from '../access/membership'
import { formatAreaCenti, parseAreaCenti } from '../law/area'
import { byCodeUnit } from './read'
import type { FrozenFlat } from './schema'
import type { TallyResult } from './tally'

/** Smallest integer n with n·3 ≥ total·2, i.e. ⌈2·total/3⌉. */
export const twoThirdsOf = (total: number): number => Math.floor((2 * total + 2) / 3)

export interface MissingToTwoThirds {
  heads: number
  areaCenti: number
  area: string
  met: boolean
}

export function missingToTwoThirds(
  totalHeads: number,
  participatingHeads: number,
  totalCenti: number,
  participatingCenti: number,
): MissingToTwoThirds {
  const heads = Math.max(0, twoThirdsOf(totalHeads) - participatingHeads)
  const areaCenti = Math.max(0, twoThirdsOf(totalCenti) - participatingCenti)
  return { heads, areaCenti, area: formatAreaCenti(areaCenti), met: totalHeads > 0 && heads === 0 && areaCenti === 0 }
}

/** From a tally result (which carries the figures as strings). */
export function missingFromResult(r: TallyResult): MissingToTwoThirds {
  return missingToTwoThirds(
    r.totalHeads,
    r.participatingHeads,
    parseAreaCenti(r.totalArea),
    parseAreaCenti(r.participatingArea),
  )
}

export interface HeadAssignment {
  name: string
  role: string
  scope: Scope
}

export interface DriveUnit {
  building: string
  unit: string
  /** heads responsible: unit heads of this unit, then building heads of the building */
  heads: string[]
  flats: number
  notVoted: FrozenFlat[]
  notVotedArea: string
}
export interface DriveBuilding {
  building: string
  heads: string[]
  flats: number
  notVotedCount: number
  notVotedArea: string
  units: DriveUnit[]
}

const natural = (a: string, b: string) => {
  const na = Number(a)
  const nb = Number(b)
  return Number.isInteger(na) && Number.isInteger(nb) && na !== nb ? na - nb : byCodeUnit(a, b)
}

/**
 * Households of the frozen roll with no ballot at all (a household with ballots — even conflicting
 * ones — has been visited; conflicts are listed separately), grouped by building → unit.
 */
export function participationDrive(
  roll: readonly FrozenFlat[],
  votedHouseholds: ReadonlySet<string>,
  heads: readonly HeadAssignment[] = [],
): DriveBuilding[] {
  const buildings = new Map<string, Map<string, FrozenFlat[]>>()
  for (const f of roll) {
    const units = buildings.get(f.building) ?? new Map<string, FrozenFlat[]>()
    buildings.set(f.building, units)
    const list = units.get(f.unit) ?? []
    units.set(f.unit, list)
    list.push(f)
  }
  const headsOf = (building: string, unit?: string) =>
    heads
      .filter((h) =>
        unit !== undefined
          ? (h.scope.units ?? []).includes(`${building}-${unit}`)
          : (h.scope.buildings ?? []).includes(building),
      )
      .map((h) => h.name)
  return [...buildings.entries()]
    .sort(([a], [b]) => natural(a, b))
    .map(([building, units]) => {
      const buildingHeads = headsOf(building)
      const unitNodes: DriveUnit[] = [...units.entries()]
        .sort(([a], [b]) => natural(a, b))
        .map(([unit, flats]) => {
          const notVoted = flats
            .filter((f) => !votedHouseholds.has(f.householdId))
            .sort((a, b) => natural(a.flat, b.flat))
          const centi = notVoted.reduce((s, f) => s + parseAreaCenti(f.areaM2), 0)
          return {
            building,
            unit,
            flats: flats.length,
            notVoted,
            notVotedArea: formatAreaCenti(centi),
            heads: [...new Set([...headsOf(building, unit), ...buildingHeads])],
          }
        })
      const centi = unitNodes.reduce((s, u) => s + parseAreaCenti(u.notVotedArea), 0)
      return {
        building,
        heads: buildingHeads,
        units: unitNodes,
        flats: unitNodes.reduce((s, u) => s + u.flats, 0),
        notVotedCount: unitNodes.reduce((s, u) => s + u.notVoted.length, 0),
        notVotedArea: formatAreaCenti(centi),
      }
    })
}
