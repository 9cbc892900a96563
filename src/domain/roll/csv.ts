/**
 * A small RFC 4180 CSV reader for household rolls exported from Excel / WPS.
 *
 * - fields may be quoted; "" inside quotes is one quote; quoted fields may hold commas and newlines
 * - records end with CRLF or LF (a lone CR is also accepted: old Mac exports)
 * - a leading UTF-8 BOM (Excel's "CSV UTF-8") is stripped
 * - bytes are decoded as strict UTF-8. Excel's plain "CSV" in a Chinese locale writes GBK/ANSI,
 *   which decoded leniently turns 周勇 into mojibake that would then be imported as a name. With
 *   `fatal: true` the bad lines are reported instead (`badEncodingLines`), so the user can re-save.
 *
 * Every record carries the physical line it starts on (header = line 1), so errors can point at the
 * line the user sees in a text editor even when a quoted field spans several lines.
 */

export interface CsvRecord {
  /** 1-based physical line where the record starts */
  line: number
  fields: string[]
}

export interface CsvParseResult {
  records: CsvRecord[]
  /** a quoted field was still open at end of input (its record is still returned) */
  unterminatedQuoteLine: number | null
}

export interface DecodedCsv {
  text: string
  hadBom: boolean
  /** 1-based physical lines whose bytes are not valid UTF-8 (empty when the file is fine) */
  badEncodingLines: number[]
}

const BOM = '\uFEFF'
const LF = 0x0a

/**
 * Decodes bytes as strict UTF-8. When the file is not valid UTF-8 as a whole, every LF-separated
 * line is checked on its own (LF never occurs inside a UTF-8 or GBK multi-byte sequence), and the
 * text is decoded leniently so the other lines can still be validated and reported.
 */
export function decodeCsvBytes(bytes: Uint8Array): DecodedCsv {
  let text: string
  const badEncodingLines: number[] = []
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes)
  } catch {
    const strict = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true })
    let start = 0
    let line = 1
    for (let i = 0; i <= bytes.length; i++) {
      if (i === bytes.length || bytes[i] === LF) {
        try {
          strict.decode(bytes.subarray(start, i))
        } catch {
          badEncodingLines.push(line)
        }
        start = i + 1
        line++
      }
    }
    text = new TextDecoder('utf-8', { fatal: false, ignoreBOM: true }).decode(bytes)
  }
  const hadBom = text.startsWith(BOM)
  return { text: hadBom ? text.slice(1) : text, hadBom, badEncodingLines }
}

/** Parses CSV text (a BOM, if still present, is stripped). Blank lines are skipped. */
export function parseCsv(input: string): CsvParseResult {
  const text = input.startsWith(BOM) ? input.slice(1) : input
  const records: CsvRecord[] = []
  let fields: string[] = []
  let field = ''
  let inQuotes = false
  let line = 1
  let recordLine = 1
  let quoteOpenedAt = 0
  // a record made of a single empty, unquoted field is a blank line — skipped
  let fieldWasQuoted = false

  const endField = () => {
    fields.push(field)
    field = ''
  }
  const endRecord = () => {
    endField()
    const blank = fields.length === 1 && fields[0] === '' && !fieldWasQuoted
    if (!blank) records.push({ line: recordLine, fields })
    fields = []
    fieldWasQuoted = false
  }

  for (let i = 0; i < text.length; i++) {
    const ch = text[i]
    if (inQuotes) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          field += '"'
          i++
        } else {
          inQuotes = false
        }
      } else {
        if (ch === '\n' || (ch === '\r' && text[i + 1] !== '\n')) line++
        field += ch
      }
      continue
    }
    if (ch === '"' && field === '') {
      // RFC 4180: quotes open a field only at its start; elsewhere a quote is literal text
      inQuotes = true
      fieldWasQuoted = true
      quoteOpenedAt = line
    } else if (ch === ',') {
      endField()
    } else if (ch === '\r' || ch === '\n') {
      if (ch === '\r' && text[i + 1] === '\n') i++
      endRecord()
      line++
      recordLine = line
    } else {
      field += ch
    }
  }
  const pending = field !== '' || fields.length > 0 || fieldWasQuoted
  if (pending) endRecord()
  return { records, unterminatedQuoteLine: inQuotes ? quoteOpenedAt : null }
}
