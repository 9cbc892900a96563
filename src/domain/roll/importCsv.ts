/**
 * Household roll import: CSV bytes → validated records → one Yjs transaction.
 *
 * Validation is all-or-nothing: `importCsv` checks EVERY line and either returns all rows or a list
 * with an error for every bad line (line as in the file, header = line 1; column name; code;
 * zh/en message). Nothing is written unless the whole file is clean — a half-imported roll would
 * silently skew Art. 278 totals. `applyImport` then upserts by household_id in one transaction.
 */
import { maskPhone } from './queries'
import type * as Y from 'yjs'
import { formatAreaCenti, sumCenti, type LocalizedMessage } from '../law/area'
import { countOwnerHeads } from '../law/heads'
import { decodeCsvBytes, parseCsv, type CsvRecord } from './csv'
import { OPTIONAL_COLUMNS, ROLL_COLUMNS, RollCsvRowSchema, columnFor, messageFor, type RollColumn } from './rowSchema'
import { householdsMap, migrateRollDoc, rollMetaMap, type HouseholdRecord, type RollRefusal } from './schema'
import { ok, type Fail, type Result } from '../result'

export interface ImportError {
  /** 1-based line in the file (header = 1); for a multi-line quoted record, its first line */
  line: number
  /** column name, or null when the error concerns the whole line/file */
  column: string | null
  code: string
  message: LocalizedMessage
}

export interface ImportPreview {
  flats: number
  ownerHeads: number
  totalArea: string
  residents: number
  buildings: string[]
  hadBom: boolean
  /** 'gb18030' when the file was saved as GBK/GB18030 (Excel's plain "CSV", WPS) and decoded as such */
  encoding: 'utf-8' | 'gb18030'
  /** first rows, for a "does this look right?" table before confirming */
  sample: HouseholdRecord[]
}

export type ImportResult =
  | { ok: true; rows: HouseholdRecord[]; preview: ImportPreview }
  | { ok: false; errors: ImportError[] }

function error(line: number, column: string | null, code: string, detail?: LocalizedMessage): ImportError {
  const base = messageFor(code)
  const message = detail ? { zh: `${base.zh}（${detail.zh}）`, en: `${base.en} (${detail.en})` } : base
  return { line, column, code, message }
}

interface Header {
  index: Map<RollColumn, number>
  width: number
}

function readHeader(record: CsvRecord | undefined): { header: Header } | { errors: ImportError[] } {
  if (!record) return { errors: [error(1, null, 'file.empty')] }
  const index = new Map<RollColumn, number>()
  const errors: ImportError[] = []
  record.fields.forEach((raw, i) => {
    const name = columnFor(raw.trim().toLowerCase())
    if (!name) return // extra columns (e.g. a council's own remarks) are ignored
    if (index.has(name)) errors.push(error(record.line, name, 'header.duplicate_column'))
    else index.set(name, i)
  })
  for (const col of ROLL_COLUMNS) {
    if (!index.has(col) && !OPTIONAL_COLUMNS.has(col)) errors.push(error(record.line, col, 'header.missing_column'))
  }
  return errors.length ? { errors } : { header: { index, width: record.fields.length } }
}

/** The physical line range each record covers, to attribute bad-encoding lines to records. */
function recordForLine(records: CsvRecord[], line: number): CsvRecord | undefined {
  let found: CsvRecord | undefined
  for (const r of records) {
    if (r.line <= line) found = r
    else break
  }
  return found
}

function validateRow(record: CsvRecord, header: Header): { row: HouseholdRecord } | { errors: ImportError[] } {
  const n = record.fields.length
  if (n !== header.width) {
    const code = n < header.width ? 'row.too_few_fields' : 'row.too_many_fields'
    // name the first column that has no value, so "missing column" points somewhere useful
    const firstMissing = ROLL_COLUMNS.find((c) => (header.index.get(c) ?? -1) >= n) ?? null
    const detail = { zh: `应为 ${header.width} 列，实际 ${n} 列`, en: `expected ${header.width} fields, got ${n}` }
    return { errors: [error(record.line, n < header.width ? firstMissing : null, code, detail)] }
  }
  const raw: Record<string, string> = {}
  for (const col of ROLL_COLUMNS) {
    const i = header.index.get(col)
    raw[col] = i === undefined ? '' : (record.fields[i] ?? '').trim()
  }
  const parsed = RollCsvRowSchema.safeParse(raw)
  if (parsed.success) return { row: parsed.data }
  const errors = parsed.error.issues.map((issue) =>
    error(record.line, typeof issue.path[0] === 'string' ? issue.path[0] : null, issue.message),
  )
  return { errors }
}

/**
 * Validates a whole roll file. Accepts raw bytes (preferred: encoding is checked) or already
 * decoded text. Never throws for bad input; all problems come back as `errors`, sorted by line.
 */
export function importCsv(input: Uint8Array | string): ImportResult {
  const decoded =
    typeof input === 'string'
      ? {
          text: input,
          hadBom: input.startsWith('\uFEFF'),
          encoding: 'utf-8' as const,
          badEncodingLines: [] as number[],
        }
      : decodeCsvBytes(input)
  const { records, unterminatedQuoteLine } = parseCsv(decoded.text)
  const errors: ImportError[] = []

  // Lines with bytes that are not UTF-8: report them, and skip other checks on those records
  // (their content is mojibake, so e.g. a "bad name" error would only confuse).
  const badRecords = new Set<CsvRecord>()
  for (const line of decoded.badEncodingLines) {
    const rec = recordForLine(records, line)
    if (rec) badRecords.add(rec)
    const colIdx = rec ? rec.fields.findIndex((f) => f.includes('\uFFFD')) : -1
    const headerRec = records[0]
    const column =
      colIdx >= 0 && headerRec && rec !== headerRec ? (headerRec.fields[colIdx] ?? '').trim() || null : null
    errors.push(error(line, column, 'file.wrong_encoding'))
  }
  if (unterminatedQuoteLine !== null) errors.push(error(unterminatedQuoteLine, null, 'row.unterminated_quote'))

  const head = readHeader(records[0])
  if ('errors' in head) return { ok: false, errors: sortErrors([...errors, ...head.errors]) }

  const rows: HouseholdRecord[] = []
  const firstLineOf = new Map<string, number>()
  for (const record of records.slice(1)) {
    if (badRecords.has(record)) continue
    const result = validateRow(record, head.header)
    if ('errors' in result) {
      errors.push(...result.errors)
      continue
    }
    const id = result.row.householdId
    const first = firstLineOf.get(id)
    if (first !== undefined) {
      errors.push(
        error(record.line, 'household_id', 'household_id.duplicate', {
          zh: `${id} 已在第 ${first} 行出现`,
          en: `${id} already on line ${first}`,
        }),
      )
      continue
    }
    firstLineOf.set(id, record.line)
    rows.push(result.row)
  }
  if (errors.length) return { ok: false, errors: sortErrors(errors) }
  if (rows.length === 0) return { ok: false, errors: [error(1, null, 'file.empty')] }
  return { ok: true, rows, preview: previewOf(rows, decoded.hadBom, decoded.encoding) }
}

function sortErrors(errors: ImportError[]): ImportError[] {
  return errors.sort((a, b) => a.line - b.line)
}

function previewOf(rows: HouseholdRecord[], hadBom: boolean, encoding: ImportPreview['encoding']): ImportPreview {
  return {
    flats: rows.length,
    ownerHeads: countOwnerHeads(rows),
    totalArea: formatAreaCenti(sumCenti(rows.map((r) => r.areaCenti))),
    residents: rows.reduce((n, r) => n + r.residents, 0),
    buildings: [...new Set(rows.map((r) => r.building))],
    hadBom,
    encoding,
    sample: rows.slice(0, 5),
  }
}

export interface ApplyImportReport {
  added: number
  updated: number
  unchanged: number
  /** households in the doc but not in this file — kept, not deleted (ballots may refer to them) */
  notInFile: string[]
}

/** Key-order independent compare (another client may have written the keys in another order). */
function sameRecord(a: unknown, b: HouseholdRecord): boolean {
  if (typeof a !== 'object' || a === null) return false
  const keys = (v: object) => Object.keys(v).sort()
  return JSON.stringify(a, keys(a)) === JSON.stringify(b, keys(b))
}

/** What the shared doc stores for a validated row: the phone masked (full numbers stay on the server). */
export function toStoredRecord(row: HouseholdRecord): HouseholdRecord {
  return { ...row, coOwners: [...row.coOwners], phone: maskPhone(row.phone) }
}

/** Dry run of applyImport: what would change, without writing. */
export function planImport(doc: Y.Doc, rows: readonly HouseholdRecord[]): ApplyImportReport {
  const households = householdsMap(doc)
  const report: ApplyImportReport = { added: 0, updated: 0, unchanged: 0, notInFile: [] }
  const ids = new Set<string>()
  for (const row of rows.map(toStoredRecord)) {
    ids.add(row.householdId)
    const existing = households.get(row.householdId)
    if (existing === undefined) report.added++
    else if (sameRecord(existing, row)) report.unchanged++
    else report.updated++
  }
  report.notInFile = [...households.keys()].filter((id) => !ids.has(id)).sort()
  return report
}

export interface ApplyImportOptions {
  now?: Date
  compoundId?: string
  /** Yjs transaction origin, so sync/audit layers can tell an import from other edits */
  origin?: unknown
}

/**
 * Writes validated rows into the roll doc in ONE transaction, upserting by household_id: a
 * re-import updates changed flats and adds new ones, never duplicates. Unchanged records are not
 * rewritten (no needless CRDT growth or sync traffic). Households missing from the file are kept
 * and reported in `notInFile`; removing a flat from the roll is a deliberate, separate action.
 */
export function applyImport(
  doc: Y.Doc,
  rows: readonly HouseholdRecord[],
  by: string,
  options: ApplyImportOptions = {},
): Result<ApplyImportReport, RollRefusal> {
  const households = householdsMap(doc)
  let report: ApplyImportReport | undefined
  let refused: Fail<RollRefusal> | undefined
  doc.transact(() => {
    // nested transact calls join this one, so migration + rows + meta are a single update
    const migrated = migrateRollDoc(doc, options.compoundId)
    if (!migrated.ok) {
      refused = migrated // refused before anything was written: the transaction stays empty
      return
    }
    report = planImport(doc, rows)
    for (const row of rows.map(toStoredRecord)) {
      const existing = households.get(row.householdId)
      if (existing === undefined || !sameRecord(existing, row)) households.set(row.householdId, row)
    }
    const meta = rollMetaMap(doc)
    meta.set('importedAt', (options.now ?? new Date()).toISOString())
    meta.set('importedBy', by)
  }, options.origin ?? 'roll-import')
  if (refused) return refused
  if (!report) throw new Error('unreachable: import transaction did not run')
  return ok(report)
}
