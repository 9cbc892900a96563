import { describe, expect, it } from 'vitest'
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { importCsv } from '../../../../src/domain/roll/importCsv'
import { maskPhone, rollTree, searchRoll, toRollFlats } from '../../../../src/domain/roll/queries'

const bytes = new Uint8Array(
  readFileSync(fileURLToPath(new URL('../../../fixtures/youzheng-roll.csv', import.meta.url))),
)
const imported = importCsv(bytes)
if (!imported.ok) throw new Error('sample roll must import')
const rows = imported.rows

describe('maskPhone', () => {
  it('keeps the first 3 and last 4 digits', () => {
    expect(maskPhone('13900531425')).toBe('139****1425')
  })
  it('never leaks a malformed number and keeps empty empty', () => {
    expect(maskPhone('')).toBe('')
    expect(maskPhone('12345')).toBe('*****')
  })
})

describe('rollTree', () => {
  it('groups building → unit → flats in numeric order', () => {
    const tree = rollTree(rows)
    expect(tree.map((b) => b.building)).toEqual(['1', '2', '3', '4', '5', '6', '7', '8', '9'])
    expect(tree[0]!.units.map((u) => u.unit)).toEqual(['1', '2'])
    expect(tree[0]!.units[0]!.flats.slice(0, 3).map((f) => f.flat)).toEqual(['0101', '0102', '0201'])
    const count = tree.flatMap((b) => b.units).reduce((n, u) => n + u.flats.length, 0)
    expect(count).toBe(276)
  })
})

describe('searchRoll', () => {
  it('finds by owner name (all flats of a multi-flat owner)', () => {
    expect(searchRoll(rows, '方强').map((h) => h.householdId)).toEqual(['3-1-0102', '4-3-0302', '7-2-0602'])
  })
  it('finds by co-owner name', () => {
    expect(searchRoll(rows, '阎珍').map((h) => h.householdId)).toContain('1-1-0202')
  })
  it('finds by household id, id prefix, flat number; folds full-width input', () => {
    expect(searchRoll(rows, '1-1-0101').map((h) => h.householdId)).toEqual(['1-1-0101'])
    expect(searchRoll(rows, '１－１－０１０１').map((h) => h.householdId)).toEqual(['1-1-0101'])
    expect(searchRoll(rows, '1-2-').length).toBe(12)
    expect(searchRoll(rows, '0101').every((h) => h.flat === '0101')).toBe(true)
    expect(searchRoll(rows, '  ')).toEqual([])
  })
})

describe('toRollFlats', () => {
  it('formats area back to two decimals', () => {
    expect(toRollFlats(rows)[0]).toEqual({ householdId: '1-1-0101', ownerId: 'P0001', areaM2: '82.50' })
  })
})
