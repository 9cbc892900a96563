import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import {
  AreaError,
  atLeastFraction,
  formatAreaCenti,
  moreThanFraction,
  parseAreaCenti,
  tryParseAreaCenti,
} from '../../../../src/domain/law/area'
import { countOwnerHeads, groupFlatsByOwner } from '../../../../src/domain/law/heads'

describe('area parsing', () => {
  it.each([
    ['82.50', 8250],
    ['82.5', 8250],
    ['82', 8200],
    ['0.01', 1],
    ['0', 0],
    [' 117.25 ', 11725],
    ['007.10', 710],
    ['9999999.99', 999999999],
  ])('%j → %i centi-m²', (text, centi) => {
    expect(parseAreaCenti(text)).toBe(centi)
  })
  it.each([
    ['', 'area.empty'],
    ['   ', 'area.empty'],
    ['abc', 'area.invalid'],
    ['-1', 'area.negative'],
    ['-0.01', 'area.negative'],
    ['82.505', 'area.too_many_decimals'],
    ['8.25e1', 'area.exponent'],
    ['1E3', 'area.exponent'],
    ['.5', 'area.invalid'],
    ['82.', 'area.invalid'],
    ['+82', 'area.invalid'],
    ['1,000.00', 'area.invalid'],
    ['８２.５０', 'area.invalid'],
    ['NaN', 'area.invalid'],
    ['Infinity', 'area.invalid'],
    ['10000000.00', 'area.too_large'],
  ])('rejects %j with %s', (text, code) => {
    const r = tryParseAreaCenti(text)
    expect(r.ok).toBe(false)
    if (!r.ok) {
      expect(r.error.code).toBe(code)
      expect(r.error.localized.zh).toMatch(/面积/)
      expect(r.error.localized.en).toMatch(/area/)
    }
    expect(() => parseAreaCenti(text)).toThrow(AreaError)
  })
  it('formats centi back to two decimals', () => {
    expect(formatAreaCenti(1234567)).toBe('12345.67')
    expect(formatAreaCenti(8250)).toBe('82.50')
    expect(formatAreaCenti(5)).toBe('0.05')
    expect(formatAreaCenti(0)).toBe('0.00')
    expect(() => formatAreaCenti(-1)).toThrow()
    expect(() => formatAreaCenti(1.5)).toThrow()
  })
  it('format ∘ parse is the identity on centi values', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 999_999_999 }), (c) => parseAreaCenti(formatAreaCenti(c)) === c))
  })
  it('fraction comparisons are exact and honour the boundary', () => {
    expect(atLeastFraction(200, 300, 2, 3)).toBe(true)
    expect(atLeastFraction(199, 300, 2, 3)).toBe(false)
    expect(moreThanFraction(50, 100, 1, 2)).toBe(false)
    expect(moreThanFraction(51, 100, 1, 2)).toBe(true)
    expect(() => atLeastFraction(Number.MAX_SAFE_INTEGER, 1, 2, 3)).toThrow(RangeError)
  })
})

describe('owner heads', () => {
  const flats = [
    { id: 'a', ownerId: 'P1' },
    { id: 'b', ownerId: 'ORG-POST' },
    { id: 'c', ownerId: 'P1' },
    { id: 'd', ownerId: 'ORG-POST' },
    { id: 'e', ownerId: 'P2' },
  ]
  it('groups flats by owner in first-seen order', () => {
    const g = groupFlatsByOwner(flats)
    expect([...g.keys()]).toEqual(['P1', 'ORG-POST', 'P2'])
    expect(g.get('P1')!.map((f) => f.id)).toEqual(['a', 'c'])
  })
  it('counts one head per owner', () => {
    expect(countOwnerHeads(flats)).toBe(3)
    expect(countOwnerHeads([])).toBe(0)
  })
})
