/**
 * Coverage and opinion summary of a canvass for one proposal version: per building → unit the
 * households reached / total and who to revisit, and per item the support/oppose counts and the
 * suggestions grouped. Pure over the roll and the visits.
 *
 * Counting rule: a household counts once; per item, with the opinion of its latest `visited` record
 * that states one (causal order, see visitOrder: a later visit silent on an item keeps the earlier
 * opinion). Every record stays listed; a household whose records disagree is flagged.
 */
import type { HouseholdRecord } from '../roll/schema'
import { visitOrder, type Opinion, type Stance, type VisitEntry } from './schema'

export type HouseholdStatus = 'visited' | 'refused' | 'not_home' | 'unvisited'

export interface HouseholdCanvass {
  household: HouseholdRecord
  status: HouseholdStatus
  /** Every record for this household, oldest first (two heads → two records). */
  visits: VisitEntry[]
  /**
   * The latest `visited` record, with `opinions` = per item the latest opinion any `visited`
   * record gave (what counts), or null.
   */
  counted: VisitEntry | null
  /** Two `visited` records with a different stance on some item. */
  disagreeing: boolean
}

export interface Coverage {
  total: number
  /** visited or refused: the door was answered. */
  reached: number
  visited: number
  refused: number
  notHome: number
  unvisited: number
}

export interface UnitCoverage extends Coverage {
  unit: string
  revisit: HouseholdRecord[]
}
export interface BuildingCoverage extends Coverage {
  building: string
  units: UnitCoverage[]
}

export interface ItemTally {
  itemId: string
  support: number
  oppose: number
  none: number
  /** visited households that said nothing on this item */
  missing: number
  suggestions: SuggestionGroup[]
}

export interface SuggestionRef {
  visitId: string
  householdId: string
  visitorName: string
  at: string
}
export interface SuggestionGroup {
  text: string
  refs: SuggestionRef[]
}

export interface CanvassSummary {
  households: HouseholdCanvass[]
  overall: Coverage
  buildings: BuildingCoverage[]
  items: ItemTally[]
  /** visits for households not on the roll (kept, shown, not counted) */
  unknown: VisitEntry[]
}

const compareIds = (a: string, b: string): number => a.localeCompare(b, 'en', { numeric: true })

/** Latest `visited` record with every item's latest known opinion (visits sorted oldest first). */
function countedOf(visited: readonly VisitEntry[]): VisitEntry | null {
  const last = visited.at(-1)
  if (!last) return null
  const opinions: Record<string, Opinion> = {}
  for (const v of visited) Object.assign(opinions, v.opinions)
  return { ...last, opinions }
}

function statusOf(visits: readonly VisitEntry[]): HouseholdStatus {
  if (visits.some((v) => v.outcome === 'visited')) return 'visited'
  if (visits.some((v) => v.outcome === 'refused')) return 'refused'
  if (visits.length > 0) return 'not_home'
  return 'unvisited'
}

function emptyCoverage(): Coverage {
  return { total: 0, reached: 0, visited: 0, refused: 0, notHome: 0, unvisited: 0 }
}

function add(c: Coverage, s: HouseholdStatus): void {
  c.total++
  if (s === 'visited') c.visited++
  else if (s === 'refused') c.refused++
  else if (s === 'not_home') c.notHome++
  else c.unvisited++
  c.reached = c.visited + c.refused
}

/** Suggestions are grouped by their text after trimming and collapsing runs of whitespace. */
const normalise = (s: string): string => s.trim().replace(/\s+/g, ' ')

export function householdCanvass(
  households: readonly HouseholdRecord[],
  visits: readonly VisitEntry[],
): { list: HouseholdCanvass[]; unknown: VisitEntry[] } {
  const byHousehold = new Map<string, VisitEntry[]>()
  for (const v of visits) {
    const list = byHousehold.get(v.householdId) ?? []
    list.push(v)
    byHousehold.set(v.householdId, list)
  }
  const known = new Set(households.map((h) => h.householdId))
  const unknown = visits.filter((v) => !known.has(v.householdId))
  const list = [...households]
    .sort((a, b) => compareIds(a.householdId, b.householdId))
    .map((household) => {
      const vs = (byHousehold.get(household.householdId) ?? []).slice().sort(visitOrder)
      const visited = vs.filter((v) => v.outcome === 'visited')
      const counted = countedOf(visited)
      const disagreeing = visited.some((v) =>
        visited.some((w) =>
          Object.entries(v.opinions).some(([item, o]) => w.opinions[item] && w.opinions[item].stance !== o.stance),
        ),
      )
      return { household, status: statusOf(vs), visits: vs, counted, disagreeing }
    })
  return { list, unknown }
}

export function summarise(
  households: readonly HouseholdRecord[],
  visits: readonly VisitEntry[],
  itemIds: readonly string[],
): CanvassSummary {
  const { list, unknown } = householdCanvass(households, visits)
  const overall = emptyCoverage()
  const buildings = new Map<string, Map<string, UnitCoverage>>()
  for (const hc of list) {
    add(overall, hc.status)
    const { building, unit } = hc.household
    const units = buildings.get(building) ?? new Map<string, UnitCoverage>()
    buildings.set(building, units)
    const u = units.get(unit) ?? { unit, ...emptyCoverage(), revisit: [] }
    units.set(unit, u)
    add(u, hc.status)
    if (hc.status === 'not_home') u.revisit.push(hc.household)
  }
  const buildingList: BuildingCoverage[] = [...buildings]
    .sort(([a], [b]) => compareIds(a, b))
    .map(([building, units]) => {
      const b: BuildingCoverage = {
        building,
        ...emptyCoverage(),
        units: [...units.values()].sort((x, y) => compareIds(x.unit, y.unit)),
      }
      for (const u of b.units) {
        for (const k of ['total', 'visited', 'refused', 'notHome', 'unvisited'] as const) b[k] += u[k]
      }
      b.reached = b.visited + b.refused
      return b
    })

  const items: ItemTally[] = itemIds.map((itemId) => {
    const t: ItemTally = { itemId, support: 0, oppose: 0, none: 0, missing: 0, suggestions: [] }
    for (const hc of list) {
      if (!hc.counted) continue
      const stance: Stance | undefined = hc.counted.opinions[itemId]?.stance
      if (stance === 'support') t.support++
      else if (stance === 'oppose') t.oppose++
      else if (stance === 'none') t.none++
      else t.missing++
    }
    // Suggestions from every record (not only the counted one): nothing a resident said is dropped.
    const groups = new Map<string, SuggestionGroup>()
    for (const hc of list) {
      for (const v of hc.visits) {
        const text = normalise(v.opinions[itemId]?.suggestion ?? '')
        if (!text) continue
        const g = groups.get(text) ?? { text, refs: [] }
        groups.set(text, g)
        g.refs.push({ visitId: v.id, householdId: v.householdId, visitorName: v.visitorName, at: v.at })
      }
    }
    t.suggestions = [...groups.values()].sort(
      (a, b) => b.refs.length - a.refs.length || a.text.localeCompare(b.text, 'zh-CN'),
    )
    return t
  })
  return { households: list, overall, buildings: buildingList, items, unknown }
}

/** Coverage as a whole percentage for the heat map (reached / total, rounded down). */
export const coveragePercent = (c: Coverage): number => (c.total === 0 ? 0 : Math.floor((c.reached * 100) / c.total))
