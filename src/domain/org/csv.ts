/**
 * Organisation tree import: CSV bytes → nodes and council placements, or an error for every bad
 * line. Decoding (UTF-8 with or without BOM, GBK/GB18030 from Excel/WPS) and CSV parsing are the
 * roll import's (src/domain/roll/csv.ts).
 *
 * Columns (Chinese or English header, any order; extra columns ignored):
 *   编号/id, 类型/kind (区/街道/社区/小区 or district/street/community/council), 名称/name,
 *   上级编号/parent (empty for a district).
 * A 小区/council row places an EXISTING council (its id) under a community (parent); its name is
 * only a reminder for the person editing the sheet. Whether the ids exist and the whole tree holds
 * is checked against the stored tree by the caller (checkImport) — all or nothing.
 */
import type { LocalizedMessage } from '../law/area'
import { decodeCsvBytes, parseCsv, type CsvRecord } from '../roll/csv'
import { ORG_ID_PATTERN, type OrgKind, type OrgNode } from './schema'
import { validateTree } from './tree'

export interface OrgImportError {
  /** 1-based line in the file (header = 1) */
  line: number
  column: OrgColumn | null
  code: string
  message: LocalizedMessage
}

export const ORG_COLUMNS = ['id', 'kind', 'name', 'parent'] as const
export type OrgColumn = (typeof ORG_COLUMNS)[number]
const HEADER_NAMES: Record<string, OrgColumn> = {
  id: 'id',
  编号: 'id',
  kind: 'kind',
  type: 'kind',
  类型: 'kind',
  级别: 'kind',
  name: 'name',
  名称: 'name',
  parent: 'parent',
  parent_id: 'parent',
  上级编号: 'parent',
  上级: 'parent',
}
export const ORG_COLUMN_LABELS: Record<OrgColumn, LocalizedMessage> = {
  id: { zh: '编号', en: 'id' },
  kind: { zh: '类型', en: 'kind' },
  name: { zh: '名称', en: 'name' },
  parent: { zh: '上级编号', en: 'parent' },
}
type RowKind = OrgKind | 'council'
const KIND_NAMES: Record<string, RowKind> = {
  区: 'district',
  district: 'district',
  街道: 'street',
  street: 'street',
  社区: 'community',
  community: 'community',
  小区: 'council',
  council: 'council',
}

export interface CouncilPlacement {
  councilId: string
  nodeId: string
  line: number
}
export interface ParsedOrgImport {
  nodes: OrgNode[]
  councils: CouncilPlacement[]
  /** line of each node row, for errors found later against the stored tree */
  lineOf: Map<string, number>
}
export type OrgImportResult = ({ ok: true } & ParsedOrgImport) | { ok: false; errors: OrgImportError[] }

const err = (line: number, column: OrgColumn | null, code: string, message: LocalizedMessage): OrgImportError => ({
  line,
  column,
  code,
  message,
})

function readHeader(rec: CsvRecord | undefined): Map<OrgColumn, number> | OrgImportError[] {
  if (!rec) return [err(1, null, 'file.empty', { zh: '文件是空的', en: 'The file is empty' })]
  const index = new Map<OrgColumn, number>()
  rec.fields.forEach((raw, i) => {
    const col = HEADER_NAMES[raw.trim().toLowerCase()]
    if (col && !index.has(col)) index.set(col, i)
  })
  const missing = ORG_COLUMNS.filter((c) => c !== 'parent' && !index.has(c))
  return missing.length
    ? missing.map((c) =>
        err(1, c, 'header.missing_column', {
          zh: `表头缺少“${ORG_COLUMN_LABELS[c].zh}”列`,
          en: `The header has no "${ORG_COLUMN_LABELS[c].en}" column`,
        }),
      )
    : index
}

function readRow(rec: CsvRecord, index: Map<OrgColumn, number>) {
  const cell = (c: OrgColumn) => {
    const i = index.get(c)
    return i === undefined ? '' : (rec.fields[i] ?? '').trim()
  }
  const errors: OrgImportError[] = []
  const id = cell('id')
  const kindText = cell('kind')
  const kind = KIND_NAMES[kindText.toLowerCase()]
  const name = cell('name')
  const parent = cell('parent')
  if (!ORG_ID_PATTERN.test(id))
    errors.push(
      err(rec.line, 'id', 'id.invalid', {
        zh: '编号只能由字母、数字、- 和 _ 组成（1–64 个字符）',
        en: 'The id may only hold letters, digits, - and _ (1–64 characters)',
      }),
    )
  if (!kind)
    errors.push(
      err(rec.line, 'kind', 'kind.invalid', {
        zh: `类型“${kindText}”无效：应为 区、街道、社区 或 小区`,
        en: `Kind "${kindText}" is not one of district, street, community, council`,
      }),
    )
  if (kind !== 'council' && (name.length < 1 || name.length > 60))
    errors.push(
      err(rec.line, 'name', 'name.invalid', { zh: '名称不能为空，最多 60 个字', en: 'Name: 1–60 characters' }),
    )
  if (parent && !ORG_ID_PATTERN.test(parent))
    errors.push(
      err(rec.line, 'parent', 'parent.invalid', {
        zh: '上级编号只能由字母、数字、- 和 _ 组成',
        en: 'The parent id may only hold letters, digits, - and _',
      }),
    )
  if (kind === 'council' && !parent)
    errors.push(
      err(rec.line, 'parent', 'council.no_community', {
        zh: '小区行须填写所属社区的编号',
        en: 'A council row needs its community id as parent',
      }),
    )
  return { id, kind, name, parent: parent || null, errors }
}

/** Parses and checks a file on its own (no stored tree yet). Never throws for bad input. */
export function parseOrgCsv(input: Uint8Array | string): OrgImportResult {
  const decoded =
    typeof input === 'string' ? { text: input.replace(/^\uFEFF/, ''), badEncodingLines: [] } : decodeCsvBytes(input)
  const { records, unterminatedQuoteLine } = parseCsv(decoded.text)
  const errors: OrgImportError[] = decoded.badEncodingLines.map((line) =>
    err(line, null, 'file.wrong_encoding', {
      zh: '此行不是有效的 UTF-8 或 GBK 文本，请另存为“CSV UTF-8”后重试',
      en: 'This line is not valid UTF-8 or GBK text; save as "CSV UTF-8" and try again',
    }),
  )
  if (unterminatedQuoteLine !== null)
    errors.push(
      err(unterminatedQuoteLine, null, 'row.unterminated_quote', { zh: '引号没有闭合', en: 'Unclosed quote' }),
    )
  const index = readHeader(records[0])
  if (Array.isArray(index)) return { ok: false, errors: [...errors, ...index] }
  const nodes: OrgNode[] = []
  const councils: CouncilPlacement[] = []
  const lineOf = new Map<string, number>()
  const seenCouncil = new Map<string, number>()
  for (const rec of records.slice(1)) {
    if (rec.fields.every((f) => f.trim() === '')) continue // blank lines Excel leaves at the end
    const row = readRow(rec, index)
    if (row.errors.length || !row.kind) {
      errors.push(...row.errors)
      continue
    }
    const seen = row.kind === 'council' ? seenCouncil : lineOf
    const first = seen.get(row.id)
    if (first !== undefined) {
      errors.push(
        err(rec.line, 'id', 'id.duplicate', {
          zh: `编号 ${row.id} 已在第 ${first} 行出现`,
          en: `Id ${row.id} already on line ${first}`,
        }),
      )
      continue
    }
    seen.set(row.id, rec.line)
    if (row.kind === 'council') councils.push({ councilId: row.id, nodeId: row.parent!, line: rec.line })
    else nodes.push({ id: row.id, kind: row.kind, name: row.name, parentId: row.parent })
  }
  if (!errors.length && !nodes.length && !councils.length)
    errors.push(err(1, null, 'file.empty', { zh: '文件里没有数据行', en: 'The file has no data rows' }))
  if (errors.length) return { ok: false, errors: errors.sort((a, b) => a.line - b.line) }
  return { ok: true, nodes, councils, lineOf }
}

/**
 * Checks a parsed file against what is stored: the stored tree with the file's nodes applied
 * (same id = replaced) must be a valid tree, and every council row must name an existing council
 * and a community of that tree. Returns the merged tree, or every problem with its line.
 */
export function checkImport(
  parsed: ParsedOrgImport,
  stored: readonly OrgNode[],
  councilExists: (id: string) => boolean,
): { ok: true; tree: OrgNode[] } | { ok: false; errors: OrgImportError[] } {
  const byId = new Map(stored.map((n) => [n.id, n]))
  for (const n of parsed.nodes) byId.set(n.id, n)
  const tree = [...byId.values()]
  const errors: OrgImportError[] = []
  for (const e of validateTree(tree)) {
    const line = parsed.lineOf.get(e.nodeId)
    // A stored node the file broke (e.g. its parent changed kind) is reported on line 1.
    errors.push(err(line ?? 1, e.code === 'unknown-parent' ? 'parent' : null, e.code, e.message))
  }
  for (const c of parsed.councils) {
    if (!councilExists(c.councilId))
      errors.push(
        err(c.line, 'id', 'council.unknown', {
          zh: `找不到编号为 ${c.councilId} 的小区`,
          en: `No council with id ${c.councilId}`,
        }),
      )
    if (byId.get(c.nodeId)?.kind !== 'community')
      errors.push(
        err(c.line, 'parent', 'council.parent_not_community', {
          zh: `上级 ${c.nodeId} 不是社区`,
          en: `Parent ${c.nodeId} is not a community`,
        }),
      )
  }
  return errors.length ? { ok: false, errors: errors.sort((a, b) => a.line - b.line) } : { ok: true, tree }
}
