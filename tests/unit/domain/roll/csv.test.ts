import { describe, expect, it } from 'vitest'
import { decodeCsvBytes, parseCsv } from '../../../../src/domain/roll/csv'

describe('parseCsv (RFC 4180)', () => {
  it('handles quotes, escaped quotes, commas and newlines in quotes, CRLF and LF', () => {
    const r = parseCsv('a,b,c\r\n"x, y","say ""hi""","multi\nline"\n1,,3\n')
    expect(r.records).toEqual([
      { line: 1, fields: ['a', 'b', 'c'] },
      { line: 2, fields: ['x, y', 'say "hi"', 'multi\nline'] },
      { line: 4, fields: ['1', '', '3'] },
    ])
    expect(r.unterminatedQuoteLine).toBeNull()
  })
  it('strips a BOM, skips blank lines, keeps a last line without newline', () => {
    const r = parseCsv('\uFEFFh1,h2\n\n1,2\r\n\r\n3,4')
    expect(r.records).toEqual([
      { line: 1, fields: ['h1', 'h2'] },
      { line: 3, fields: ['1', '2'] },
      { line: 5, fields: ['3', '4'] },
    ])
  })
  it('keeps trailing empty fields', () => {
    expect(parseCsv('a,,\n').records[0]!.fields).toEqual(['a', '', ''])
  })
  it('reports an unterminated quote', () => {
    expect(parseCsv('a,b\n1,"open\n2,3\n').unterminatedQuoteLine).toBe(2)
  })
})

describe('decodeCsvBytes', () => {
  it('decodes UTF-8 and reports the BOM', () => {
    const bytes = new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode('户号\n周勇')])
    expect(decodeCsvBytes(bytes)).toEqual({ text: '户号\n周勇', hadBom: true, encoding: 'utf-8', badEncodingLines: [] })
  })
  it('reports each line that is not UTF-8 when other lines are UTF-8 Chinese (GBK 周勇 = D6 DC D3 C2)', () => {
    const enc = new TextEncoder()
    const bytes = new Uint8Array([
      ...enc.encode('h\n周勇\n'),
      0xd6,
      0xdc,
      0xd3,
      0xc2,
      0x0a,
      ...enc.encode('ok\n'),
      0xd6,
      0xdc,
    ])
    expect(decodeCsvBytes(bytes).badEncodingLines).toEqual([3, 5])
  })
  it('decodes a file with no UTF-8 Chinese as GB18030', () => {
    const bytes = new Uint8Array([0x68, 0x0a, 0xd6, 0xdc, 0xd3, 0xc2, 0x0a])
    expect(decodeCsvBytes(bytes)).toEqual({
      text: 'h\n周勇\n',
      hadBom: false,
      encoding: 'gb18030',
      badEncodingLines: [],
    })
  })
})
