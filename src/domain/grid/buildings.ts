/**
 * A schematic of the compound drawn from the household roll (no map tiles): one block per
 * building, as wide as its units and as tall as its floors, laid out on a grid in building order.
 */
import type { HouseholdRecord } from '../roll/schema'

export interface BuildingBlock {
  building: string
  units: number
  floors: number
  flats: number
  x: number
  y: number
  w: number
  h: number
}

const numeric = (a: string, b: string) => a.localeCompare(b, 'en', { numeric: true })

/** Blocks in a `cols`-wide grid; coordinates in an abstract box (an SVG viewBox). */
export function buildingBlocks(
  households: readonly Pick<HouseholdRecord, 'building' | 'unit' | 'floor'>[],
  cols = 0,
): { blocks: BuildingBlock[]; width: number; height: number } {
  const by = new Map<string, { units: Set<string>; floors: number; flats: number }>()
  for (const h of households) {
    const b = by.get(h.building) ?? { units: new Set<string>(), floors: 0, flats: 0 }
    b.units.add(h.unit)
    b.floors = Math.max(b.floors, h.floor)
    b.flats++
    by.set(h.building, b)
  }
  const names = [...by.keys()].sort(numeric)
  const c = cols > 0 ? cols : Math.max(1, Math.ceil(Math.sqrt(names.length)))
  const CELL_W = 140,
    CELL_H = 120,
    PAD = 20
  const blocks = names.map((building, i) => {
    const b = by.get(building)!
    const w = Math.min(CELL_W - PAD, 30 + b.units.size * 25)
    const h = Math.min(CELL_H - PAD - 20, 20 + b.floors * 6)
    const x = (i % c) * CELL_W + PAD
    const y = Math.floor(i / c) * CELL_H + PAD + (CELL_H - PAD - 20 - h)
    return { building, units: b.units.size, floors: b.floors, flats: b.flats, x, y, w, h }
  })
  return { blocks, width: c * CELL_W + PAD, height: Math.max(1, Math.ceil(names.length / c)) * CELL_H + PAD }
}
