/**
 * Roll import from Excel (.xlsx): the first worksheet → CSV text, which then goes through the one
 * CSV validator (importCsv), so a sheet and its "CSV UTF-8" export give the same roll and the same
 * errors. exceljs is large (~900 KB), so it is imported only when someone actually picks a .xlsx.
 */
type CellLike = { text?: string; value?: unknown }

/** A cell as the person sees it: formulas → result, rich text → plain, dates → YYYY-MM-DD. */
function cellText(cell: CellLike): string {
  const v = cell.value
  if (v === null || v === undefined) return ''
  if (v instanceof Date) return v.toISOString().slice(0, 10)
  if (typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean') return String(v)
  return cell.text ?? ''
}

function csvField(s: string): string {
  return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s
}

/** True for the zip signature every .xlsx starts with (so a renamed CSV is not fed to exceljs). */
export function looksLikeXlsx(bytes: Uint8Array): boolean {
  return bytes.length > 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04
}

/** Converts the first worksheet to CSV text; throws if the bytes are not a readable workbook. */
export async function xlsxToCsv(bytes: Uint8Array): Promise<string> {
  const { default: ExcelJS } = await import('exceljs')
  const workbook = new ExcelJS.Workbook()
  // exceljs wants an ArrayBuffer-backed buffer; copy so a view into a larger buffer reads right
  await workbook.xlsx.load(bytes.slice().buffer as ArrayBuffer)
  const sheet = workbook.worksheets[0]
  if (!sheet) return ''
  const width = sheet.columnCount
  const lines: string[] = []
  sheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    // blank lines for skipped rows, so "第 N 行" in an error is the row number Excel shows
    while (lines.length < rowNumber - 1) lines.push('')
    const fields: string[] = []
    for (let c = 1; c <= width; c++) fields.push(csvField(cellText(row.getCell(c) as CellLike).trim()))
    lines.push(fields.join(','))
  })
  return `${lines.join('\n')}\n`
}
