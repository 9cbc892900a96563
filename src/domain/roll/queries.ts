/**
 * Read-side queries over the household roll: totals for Art. 278, the building → unit → flat tree,
 * search, phone masking, and conversion to the tally's RollFlat.
 */
import type * as Y from 'yjs'
import { formatAreaCenti, sumCenti } from '../law/area'
import { countOwnerHeads } from '../law/heads'
import type { RollFlat } from '../voting/tally'
import { householdsMap, parseHouseholdRecord, type HouseholdRecord } from './schema'

export interface RollSnapshot {
  households: HouseholdRecord[]
  /** keys whose value failed validation (e.g. written by a buggy or newer client) — not counted */
  invalidIds: string[]
}

/** Numeric-aware order: building 2 before 10, flat 0201 before 1001. */
const compareIds = (a: string, b: string) => a.localeCompare(b, 'en', { numeric: true })

/** Reads and validates every household record, sorted by household id. */
export function readRoll(doc: Y.Doc): RollSnapshot {
  const households: HouseholdRecord[] = []
  const invalidIds: string[] = []
  householdsMap(doc).forEach((value, key) => {
    const rec = parseHouseholdRecord(value)
    if (rec && rec.householdId === key) households.push(rec)
    else invalidIds.push(key)
  })
  households.sort((a, b) => compareIds(a.householdId, b.householdId))
  return { households, invalidIds: invalidIds.sort(compareIds) }
}

export interface RollTotals {
  flats: number
  /** Art. 278 headcount: one owner = one head however many flats (see law/heads.ts) */
  ownerHeads: number
  /** total exclusive area, "12345.67" */
  totalArea: string
  totalAreaCenti: number
  residents: number
}

export function rollTotals(households: readonly HouseholdRecord[]): RollTotals {
  const totalAreaCenti = sumCenti(households.map((h) => h.areaCenti))
  return {
    flats: households.length,
    ownerHeads: countOwnerHeads(households),
    totalArea: formatAreaCenti(totalAreaCenti),
    totalAreaCenti,
    residents: households.reduce((n, h) => n + h.residents, 0),
  }
}

export interface UnitNode {
  unit: string
  flats: HouseholdRecord[]
}
export interface BuildingNode {
  building: string
  units: UnitNode[]
}

/** Building → unit → flats, each level in numeric-aware order (for the canvass lists). */
export function rollTree(households: readonly HouseholdRecord[]): BuildingNode[] {
  const buildings = new Map<string, Map<string, HouseholdRecord[]>>()
  for (const h of households) {
    const units = buildings.get(h.building) ?? new Map<string, HouseholdRecord[]>()
    buildings.set(h.building, units)
    const flats = units.get(h.unit) ?? []
    units.set(h.unit, flats)
    flats.push(h)
  }
  return [...buildings.entries()]
    .sort(([a], [b]) => compareIds(a, b))
    .map(([building, units]) => ({
      building,
      units: [...units.entries()]
        .sort(([a], [b]) => compareIds(a, b))
        .map(([unit, flats]) => ({ unit, flats: [...flats].sort((a, b) => compareIds(a.flat, b.flat)) })),
    }))
}

/**
 * Search by owner / co-owner name (substring) or by flat: "1-1-0101", "1-1-01" (prefix), "0101"
 * (flat number in any building). Full-width digits and dashes typed on Chinese keyboards are folded.
 */
export function searchRoll(households: readonly HouseholdRecord[], query: string): HouseholdRecord[] {
  const q = foldWidth(query).trim()
  if (q === '') return []
  return households.filter(
    (h) =>
      h.ownerName.includes(q) || h.coOwners.some((c) => c.includes(q)) || h.householdId.startsWith(q) || h.flat === q,
  )
}

function foldWidth(s: string): string {
  return s.replace(/[\uFF10-\uFF19\uFF0D\uFF21-\uFF3A\uFF41-\uFF5A]/g, (c) =>
    String.fromCharCode(c.charCodeAt(0) - 0xfee0),
  )
}

/**
 * '13900531425' → '139****1425'. Personal Information Protection Law: notices and shared screens
 * show masked numbers only. Anything that is not an 11-digit number is fully masked rather than
 * partly leaked; empty stays empty.
 */
export function maskPhone(phone: string): string {
  const p = phone.trim()
  if (p === '') return ''
  if (!/^\d{11}$/.test(p)) return '*'.repeat(Math.min(p.length, 11))
  return `${p.slice(0, 3)}****${p.slice(7)}`
}

/** Household records → the tally's roll input (area back to "82.50"). */
export function toRollFlats(households: readonly HouseholdRecord[]): RollFlat[] {
  return households.map((h) => ({
    householdId: h.householdId,
    ownerId: h.ownerId,
    areaM2: formatAreaCenti(h.areaCenti),
  }))
}
