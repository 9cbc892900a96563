import { unwrap } from '../../../../src/domain/result'
import { expectRefused } from '../../../helpers/refusal'
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { applyImport, importCsv, planImport } from '../../../../src/domain/roll/importCsv'
import { readRoll, rollTotals } from '../../../../src/domain/roll/queries'
import {
  householdsMap,
  migrateRollDoc,
  readRollMeta,
  rollMetaMap,
  ROLL_SCHEMA_VERSION,
} from '../../../../src/domain/roll/schema'
import { docName } from '../../../../src/domain/docTypes'

const fixture = (name: string) =>
  new Uint8Array(readFileSync(fileURLToPath(new URL(`../../../fixtures/${name}`, import.meta.url))))
const sample = fixture('youzheng-roll.csv')
const sampleText = new TextDecoder().decode(sample)

/** Expected total area computed straight from the text, independent of law/area.ts. */
function expectedTotalCenti(text: string): number {
  const lines = text.split(/\r?\n/).filter((l) => l !== '')
  const areaIdx = lines[0]!.split(',').indexOf('area_m2')
  let total = 0
  for (const line of lines.slice(1)) {
    const [whole, frac = ''] = line.split(',')[areaIdx]!.split('.')
    total += Number(whole) * 100 + Number(frac.padEnd(2, '0'))
  }
  return total
}

function importSample() {
  const r = importCsv(sample)
  if (!r.ok) throw new Error(JSON.stringify(r.errors.slice(0, 3)))
  return r
}

describe('importing the 邮政小区 roll', () => {
  it('validates 276 flats, 271 owner heads and the file’s exact total area', () => {
    const r = importSample()
    const expected = expectedTotalCenti(sampleText)
    expect(r.preview.flats).toBe(276)
    expect(r.preview.ownerHeads).toBe(271)
    expect(r.preview.residents).toBe(828)
    expect(r.preview.buildings).toHaveLength(9)
    expect(r.preview.totalArea).toBe(`${Math.floor(expected / 100)}.${String(expected % 100).padStart(2, '0')}`)
  })
  it('writes everything in one transaction and the doc totals match', () => {
    const doc = new Y.Doc()
    let updates = 0
    doc.on('update', () => updates++)
    const report = unwrap(
      applyImport(doc, importSample().rows, 'user:chair', {
        compoundId: 'youzheng',
        now: new Date('2025-03-01T08:00:00Z'),
      }),
    )
    expect(updates).toBe(1)
    expect(report).toEqual({ added: 276, updated: 0, unchanged: 0, notInFile: [] })
    const { households, invalidIds } = readRoll(doc)
    expect(invalidIds).toEqual([])
    const totals = rollTotals(households)
    expect(totals.flats).toBe(276)
    expect(totals.ownerHeads).toBe(271)
    expect(totals.totalAreaCenti).toBe(expectedTotalCenti(sampleText))
    expect(readRollMeta(doc)).toEqual({
      schemaVersion: ROLL_SCHEMA_VERSION,
      compoundId: 'youzheng',
      importedAt: '2025-03-01T08:00:00.000Z',
      importedBy: 'user:chair',
    })
    const first = householdsMap(doc).get('1-1-0202') as Record<string, unknown>
    expect(first).toMatchObject({ ownerName: '张艳', coOwners: ['阎珍'], areaCenti: 4820, floor: 2 })
  })
  it('re-import updates changed flats without duplicates', () => {
    const doc = new Y.Doc()
    unwrap(applyImport(doc, importSample().rows, 'a'))
    const edited = sampleText
      .replace('1-1-0101,1,1,1,0101,P0001,周勇,,82.50', '1-1-0101,1,1,1,0101,P0001,周勇,,82.60')
      .replace(/\n$/, '\n9-3-0701,9,3,7,0701,P0999,新户,,70.00,2,,\n')
    const again = importCsv(edited)
    if (!again.ok) throw new Error(JSON.stringify(again.errors))
    expect(planImport(doc, again.rows)).toEqual({ added: 1, updated: 1, unchanged: 275, notInFile: [] })
    expect(unwrap(applyImport(doc, again.rows, 'b'))).toEqual({ added: 1, updated: 1, unchanged: 275, notInFile: [] })
    expect(householdsMap(doc).size).toBe(277)
    expect(unwrap(applyImport(doc, importSample().rows, 'c'))).toEqual({
      added: 0,
      updated: 1,
      unchanged: 275,
      notInFile: ['9-3-0701'],
    })
    expect(householdsMap(doc).size).toBe(277) // households missing from a file are kept, not deleted
  })
})

describe('bad lines', () => {
  const r = importCsv(fixture('roll-bad-lines.csv'))
  it('reports every bad line with line, column and a bilingual message; the BOM is accepted', () => {
    expect(r.ok).toBe(false)
    if (r.ok) return
    expect(r.errors.map((e) => [e.line, e.column, e.code])).toEqual([
      [3, 'note', 'row.too_few_fields'],
      [4, 'area_m2', 'area.negative'],
      [6, 'household_id', 'household_id.duplicate'],
      [7, 'phone', 'phone.invalid'],
      [8, 'owner_name', 'file.wrong_encoding'],
    ])
    for (const e of r.errors) {
      expect(e.message.zh.length).toBeGreaterThan(0)
      expect(e.message.en.length).toBeGreaterThan(0)
    }
    expect(r.errors[2]!.message.zh).toContain('第 2 行')
  })
  it('writes nothing: the caller has no rows to apply and the doc stays empty', () => {
    const doc = new Y.Doc()
    const before = Y.encodeStateAsUpdate(doc)
    expect('rows' in r).toBe(false)
    expect(Y.encodeStateAsUpdate(doc)).toEqual(before)
  })
  it('a file saved as GBK is decoded as GB18030 (see importFormats.test.ts)', () => {
    const g = importCsv(fixture('roll-gbk.csv'))
    expect(g.ok).toBe(true)
    if (g.ok) expect(g.preview.encoding).toBe('gb18030')
  })
  it('a header lacking a required column is reported on line 1', () => {
    const text = sampleText.replace('owner_id,', 'owner,')
    const h = importCsv(text)
    expect(h.ok).toBe(false)
    if (!h.ok)
      expect(h.errors).toEqual([
        expect.objectContaining({ line: 1, column: 'owner_id', code: 'header.missing_column' }),
      ])
  })
  it.each([
    ['1-1-0101,1,1,1,0101,P0001,周勇,,82.50,3,13900531425,,extra', 'row.too_many_fields', null],
    ['1-1-0101,1,1,1,0101,P0001,周勇,,82.505,3,13900531425,', 'area.too_many_decimals', 'area_m2'],
    ['1-1-0101,1,1,1,0101,P0001,周勇,,abc,3,13900531425,', 'area.invalid', 'area_m2'],
    ['1-1-0101,1,1,1,0101,P0001,周勇,,0.00,3,13900531425,', 'area.zero', 'area_m2'],
    ['1-1-0101,1,1,1,0101,P0001,周勇,,,3,13900531425,', 'area.empty', 'area_m2'],
    ['1-1-0101,1,2,1,0101,P0001,周勇,,82.50,3,13900531425,', 'household_id.mismatch', 'household_id'],
    ['1-1,1,1,1,0101,P0001,周勇,,82.50,3,13900531425,', 'household_id.pattern', 'household_id'],
    ['1-1-0101,1,1,1,0101,P0001,周勇,,82.50,-1,13900531425,', 'residents.invalid', 'residents'],
    ['1-1-0101,1,1,1,0101,P0001,周勇,,82.50,3,1390053142,', 'phone.invalid', 'phone'],
    ['1-1-0101,1,1,1,0101,,周勇,,82.50,3,13900531425,', 'owner_id.invalid', 'owner_id'],
    ['1-1-0101,1,1,1,0101,P0001,,,82.50,3,13900531425,', 'owner_name.empty', 'owner_name'],
  ])('%s → %s', (line, code, column) => {
    const header = sampleText.split('\n')[0]!
    const res = importCsv(`${header}\n${line}\n`)
    expect(res.ok).toBe(false)
    if (!res.ok) expect(res.errors).toEqual([expect.objectContaining({ line: 2, column, code })])
  })
  it('accepts co-owners separated by 、 or ; and an empty phone', () => {
    const header = sampleText.split('\n')[0]!
    const res = importCsv(`${header}\n1-1-0101,1,1,1,0101,P0001,周勇,阎珍、吕英;袁强,82.50,3,,\n`)
    expect(res.ok && res.rows[0]!.coOwners).toEqual(['阎珍', '吕英', '袁强'])
  })
})

describe('roll doc schema', () => {
  it('names docs roll:<compoundId>', () => {
    expect(docName('roll', 'youzheng')).toBe('roll:youzheng')
    expect(() => docName('roll', '邮政')).toThrow()
  })
  it('migrates an empty doc to the current version and refuses a newer one', () => {
    const doc = new Y.Doc()
    migrateRollDoc(doc, 'youzheng')
    expect(rollMetaMap(doc).get('schemaVersion')).toBe(ROLL_SCHEMA_VERSION)
    expectRefused(doc, () => migrateRollDoc(doc, 'other'), 'roll.compound_mismatch')
    rollMetaMap(doc).set('schemaVersion', ROLL_SCHEMA_VERSION + 1)
    expectRefused(doc, () => applyImport(doc, importSample().rows, 'x'), 'roll.newer_schema')
    expect(householdsMap(doc).size).toBe(0)
  })
  it('readRoll skips records from other clients that fail validation', () => {
    const doc = new Y.Doc()
    unwrap(applyImport(doc, importSample().rows.slice(0, 2), 'a'))
    householdsMap(doc).set('9-9-0101', { householdId: '9-9-0101', areaCenti: -5 })
    const snap = readRoll(doc)
    expect(snap.households).toHaveLength(2)
    expect(snap.invalidIds).toEqual(['9-9-0101'])
  })
})
