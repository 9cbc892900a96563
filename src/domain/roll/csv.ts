/**
 * A small RFC 4180 CSV reader for household rolls exported from Excel / WPS.
 *
 * - fields may be quoted; "" inside quotes is one quote; quoted fields may hold commas and newlines
 * - records end with CRLF or LF (a lone CR is also accepted: old Mac exports)
 * - a leading UTF-8 BOM (Excel's "CSV UTF-8") is stripped
 * - bytes are decoded as strict UTF-8. Excel's plain "CSV" and WPS in a Chinese locale write
 *   GBK/GB18030: when NO line with non-ASCII bytes is valid UTF-8 and the whole file is valid
 *   GB18030, it is decoded as GB18030 (what community workers actually save). A file that mixes
 *   UTF-8 and non-UTF-8 lines is damaged, not GBK: decoded leniently it would turn 周勇 into
 *   mojibake imported as a name, so those lines are reported instead (`badEncodingLines`).
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
  /** which decoder produced `text` */
  encoding: 'utf-8' | 'gb18030'
  /** 1-based physical lines whose bytes are not valid UTF-8 (empty when the file is fine) */
  badEncodingLines: number[]
}

const BOM = '\uFEFF'
const LF = 0x0a

/**
 * Decodes bytes as strict UTF-8, else as GB18030 (a superset of GBK), else leniently with the
 * non-UTF-8 lines reported. Lines are split at LF, which never occurs inside a UTF-8 or GBK
 * multi-byte sequence, so each line can be checked on its own.
 */
export function decodeCsvBytes(bytes: Uint8Array): DecodedCsv {
  let text: string
  let encoding: DecodedCsv['encoding'] = 'utf-8'
  const badEncodingLines: number[] = []
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes)
  } catch {
    const strict = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true })
    let utf8NonAsciiLines = 0
    let start = 0
    let line = 1
    for (let i = 0; i <= bytes.length; i++) {
      if (i === bytes.length || bytes[i] === LF) {
        const part = bytes.subarray(start, i)
        try {
          strict.decode(part)
          if (part.some((b) => b >= 0x80)) utf8NonAsciiLines++
        } catch {
          badEncodingLines.push(line)
        }
        start = i + 1
        line++
      }
    }
    const gb = utf8NonAsciiLines === 0 ? decodeGb18030(bytes) : null
    if (gb !== null) {
      text = gb
      encoding = 'gb18030'
      badEncodingLines.length = 0
    } else {
      text = new TextDecoder('utf-8', { fatal: false, ignoreBOM: true }).decode(bytes)
    }
  }
  const hadBom = text.startsWith(BOM)
  return { text: hadBom ? text.slice(1) : text, hadBom, encoding, badEncodingLines }
}

/** Strict GB18030, or null when the bytes are not valid GB18030 either (or the runtime lacks it). */
function decodeGb18030(bytes: Uint8Array): string | null {
  try {
    return new TextDecoder('gb18030', { fatal: true }).decode(bytes)
  } catch {
    return null
  }
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
