/** The same roll from every file a community worker might save: UTF-8 with BOM, GBK CSV, .xlsx. */
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import ExcelJS from 'exceljs'
import { describe, expect, it } from 'vitest'
import { importCsv } from '../../../../src/domain/roll/importCsv'
import { looksLikeXlsx, xlsxToCsv } from '../../../../src/domain/roll/xlsx'

const fixture = (name: string) =>
  new Uint8Array(readFileSync(fileURLToPath(new URL(`../../../fixtures/${name}`, import.meta.url))))
const gbk = fixture('roll-gbk.csv')
const text = new TextDecoder('gb18030').decode(gbk)
const withBom = new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode(text)])

function rowsOf(input: Uint8Array | string) {
  const r = importCsv(input)
  if (!r.ok) throw new Error(JSON.stringify(r.errors.slice(0, 3)))
  return r
}

async function workbookBytes(rows: string[][], opts: { numbers?: boolean; gapRow?: boolean } = {}) {
  const wb = new ExcelJS.Workbook()
  const ws = wb.addWorksheet('花名册')
  rows.forEach((r, i) => {
    if (opts.gapRow && i === 2) ws.addRow([])
    // numbers as Excel stores typed-in numbers: area and residents become numeric cells
    ws.addRow(opts.numbers && i > 0 ? r.map((v, j) => (j === 8 || j === 9 ? Number(v) : v)) : r)
  })
  return new Uint8Array(await wb.xlsx.writeBuffer())
}

const table = text
  .trim()
  .split(/\r?\n/)
  .map((l) => l.split(','))

describe('roll import formats', () => {
  it('the GBK fixture really is GBK (not valid UTF-8)', () => {
    expect(() => new TextDecoder('utf-8', { fatal: true }).decode(gbk)).toThrow()
    expect(text).toContain('周勇')
  })

  it('GBK/GB18030 CSV is decoded, not refused, and gives the same roll as UTF-8 with BOM', () => {
    const fromGbk = rowsOf(gbk)
    const fromBom = rowsOf(withBom)
    expect(fromGbk.preview.encoding).toBe('gb18030')
    expect(fromBom.preview.encoding).toBe('utf-8')
    expect(fromBom.preview.hadBom).toBe(true)
    expect(fromGbk.rows).toEqual(fromBom.rows)
    expect(fromGbk.rows[0]!.ownerName).toBe('周勇')
    expect(fromGbk.rows.length).toBe(table.length - 1)
  })

  it('.xlsx written by exceljs (text cells) gives the same roll', async () => {
    const bytes = await workbookBytes(table)
    expect(looksLikeXlsx(bytes)).toBe(true)
    expect(rowsOf(await xlsxToCsv(bytes)).rows).toEqual(rowsOf(withBom).rows)
  })

  it('.xlsx with numeric area/residents cells and a blank row gives the same roll; errors name sheet rows', async () => {
    const bytes = await workbookBytes(table, { numbers: true, gapRow: true })
    expect(rowsOf(await xlsxToCsv(bytes)).rows).toEqual(rowsOf(withBom).rows)
    const bad = table.map((r, i) => (i === 3 ? r.map((v, j) => (j === 10 ? '123' : v)) : r))
    const r = importCsv(await xlsxToCsv(await workbookBytes(bad, { gapRow: true })))
    expect(r.ok).toBe(false)
    // header = row 1, blank row 3, so table row 3 sits on sheet row 5
    if (!r.ok) expect(r.errors.map((e) => [e.line, e.column])).toEqual([[5, 'phone']])
  })

  it('Chinese column headers (户号, 楼栋 … as councils name them) give the same roll', () => {
    const zhHeader = '户号,楼栋,单元,楼层,房号,业主编号,业主姓名,共有人,面积,居住人数,手机,备注'
    const zh = [zhHeader, ...text.trim().split(/\r?\n/).slice(1)].join('\n')
    expect(rowsOf(zh).rows).toEqual(rowsOf(withBom).rows)
  })

  it('a file mixing UTF-8 and GBK lines is damaged: its GBK lines are still reported', () => {
    const enc = new TextEncoder()
    const lines = text.trim().split(/\r?\n/)
    const mixed = new Uint8Array([
      ...enc.encode(`${lines.slice(0, 2).join('\n')}\n`),
      ...gbk.subarray(gbk.indexOf(0x0a, gbk.indexOf(0x0a) + 1) + 1),
    ])
    const r = importCsv(mixed)
    expect(r.ok).toBe(false)
    if (!r.ok) expect(new Set(r.errors.map((e) => e.code))).toEqual(new Set(['file.wrong_encoding']))
  })
})
