/**
 * The grid hierarchy as data: district → street → community → compound → building, micro-grids
 * under a building or the compound. Each node has a grid head (name, masked phone) and members.
 * Imported from CSV: every line is validated first; on any error nothing is written.
 */
import type * as Y from 'yjs'
import { decodeCsvBytes, parseCsv } from '../roll/csv'
import { byUser } from '../actor'
import { nextLevel } from './events'
import {
  GRID_LEVELS,
  GridNodeSchema,
  ROOTS,
  SCHEMA_VERSION,
  levelRank,
  maskPhone,
  validEntries,
  type GridLevel,
  type GridNode,
  type Person,
} from './schema'

export function readNodes(doc: Y.Doc): GridNode[] {
  const { items } = validEntries(doc.getMap(ROOTS.nodes), GridNodeSchema)
  return [...items.values()].filter((n) => items.has(n.id))
}

export interface TreeNode extends GridNode {
  children: TreeNode[]
}

/** Roots first; children by level then name (numeric-aware). Nodes whose parent is missing are roots. */
export function buildTree(nodes: readonly GridNode[]): TreeNode[] {
  const map = new Map<string, TreeNode>(nodes.map((n) => [n.id, { ...n, children: [] }]))
  const roots: TreeNode[] = []
  for (const n of map.values()) {
    const parent = n.parentId ? map.get(n.parentId) : undefined
    if (parent) parent.children.push(n)
    else roots.push(n)
  }
  const order = (a: TreeNode, b: TreeNode) =>
    levelRank(a.level) - levelRank(b.level) || a.name.localeCompare(b.name, 'zh-CN', { numeric: true })
  const sortRec = (list: TreeNode[]) => {
    list.sort(order)
    for (const c of list) sortRec(c.children)
  }
  sortRec(roots)
  return roots
}

/** The node and its ancestors up to the top (district), nearest first: the escalation path. */
export function escalationPath(nodes: readonly GridNode[], fromId: string): GridNode[] {
  const byId = new Map(nodes.map((n) => [n.id, n]))
  const out: GridNode[] = []
  const seen = new Set<string>()
  let cur = byId.get(fromId)
  while (cur && !seen.has(cur.id)) {
    out.push(cur)
    seen.add(cur.id)
    cur = cur.parentId ? byId.get(cur.parentId) : undefined
  }
  return out
}

/** Where an escalation from (gridId, level) goes: the parent node if known, else just the next level. */
export function escalationTarget(
  nodes: readonly GridNode[],
  gridId: string | null,
  level: GridLevel,
): { toGridId: string | null; toLevel: GridLevel } | null {
  if (gridId) {
    const path = escalationPath(nodes, gridId)
    const parent = path[1]
    if (parent) return { toGridId: parent.id, toLevel: parent.level }
  }
  const up = nextLevel(level)
  return up ? { toGridId: null, toLevel: up } : null
}

/** The compound node (the council's own grid), if the hierarchy has one. */
export const compoundNode = (nodes: readonly GridNode[]): GridNode | undefined =>
  nodes.find((n) => n.level === 'compound')

/** The grid node that covers a roll building (deepest match), else the compound. */
export function nodeForBuilding(nodes: readonly GridNode[], building: string | undefined): GridNode | undefined {
  if (building) {
    const hits = nodes
      .filter((n) => n.buildings.includes(building))
      .sort((a, b) => levelRank(b.level) - levelRank(a.level))
    if (hits[0]) return hits[0]
  }
  return compoundNode(nodes)
}

// ---- CSV import ----
export const GRID_CSV_COLUMNS = [
  'id',
  'level',
  'name',
  'parent',
  'head_name',
  'head_phone',
  'members',
  'buildings',
] as const
const ALIASES: Record<string, (typeof GRID_CSV_COLUMNS)[number]> = {
  编号: 'id',
  层级: 'level',
  名称: 'name',
  上级: 'parent',
  网格长: 'head_name',
  网格长电话: 'head_phone',
  成员: 'members',
  楼栋: 'buildings',
}
const LEVEL_ALIASES: Record<string, GridLevel> = {
  区: 'district',
  街道: 'street',
  社区: 'community',
  小区: 'compound',
  楼栋: 'building',
  微网格: 'micro',
}

export interface GridCsvError {
  line: number
  column: string
  zh: string
  en: string
}
export type GridImportResult = { ok: true; nodes: GridNode[] } | { ok: false; errors: GridCsvError[] }

function person(name: string, phone: string): Person | 'bad-phone' {
  const masked = maskPhone(phone)
  if (phone.trim() && !masked) return 'bad-phone'
  return { name: name.trim(), phone: masked }
}

/** Parses and validates a hierarchy CSV (UTF-8, BOM allowed; English or Chinese headers). */
export function parseGridCsv(input: Uint8Array | string): GridImportResult {
  const errors: GridCsvError[] = []
  const err = (line: number, column: string, zh: string, en: string) => errors.push({ line, column, zh, en })
  const decoded = typeof input === 'string' ? { text: input, badEncodingLines: [] as number[] } : decodeCsvBytes(input)
  for (const l of decoded.badEncodingLines)
    err(l, '', '不是 UTF-8 编码，请用"CSV UTF-8"格式另存', 'not UTF-8: save as "CSV UTF-8"')
  const { records, unterminatedQuoteLine } = parseCsv(decoded.text)
  if (unterminatedQuoteLine) err(unterminatedQuoteLine, '', '引号未闭合', 'unterminated quote')
  const header = records[0]
  if (!header) return { ok: false, errors: [{ line: 1, column: '', zh: '文件为空', en: 'empty file' }] }
  const cols = header.fields.map((h) => ALIASES[h.trim()] ?? h.trim().toLowerCase())
  for (const need of ['id', 'level', 'name', 'parent'] as const) {
    if (!cols.includes(need)) err(1, need, `缺少列 ${need}`, `missing column ${need}`)
  }
  if (errors.length) return { ok: false, errors }
  const nodes: Array<GridNode & { line: number }> = []
  const seen = new Map<string, number>()
  for (const rec of records.slice(1)) {
    const f = (c: string) => (rec.fields[cols.indexOf(c)] ?? '').trim()
    const line = rec.line
    if (rec.fields.length !== header.fields.length)
      err(
        line,
        '',
        `应有 ${header.fields.length} 列，实际 ${rec.fields.length} 列`,
        `expected ${header.fields.length} columns, got ${rec.fields.length}`,
      )
    const id = f('id')
    if (!/^[A-Za-z0-9_-]{1,40}$/.test(id))
      err(line, 'id', '编号只能用字母、数字、_ 和 -（最多 40 个）', 'id: letters, digits, _ and - only (max 40)')
    else if (seen.has(id))
      err(line, 'id', `编号 ${id} 与第 ${seen.get(id)} 行重复`, `id ${id} repeats line ${seen.get(id)}`)
    else seen.set(id, line)
    const rawLevel = f('level')
    const level = (GRID_LEVELS as readonly string[]).includes(rawLevel)
      ? (rawLevel as GridLevel)
      : LEVEL_ALIASES[rawLevel]
    if (!level)
      err(
        line,
        'level',
        `层级"${rawLevel}"无效（区/街道/社区/小区/楼栋/微网格）`,
        `invalid level "${rawLevel}" (district/street/community/compound/building/micro)`,
      )
    const name = f('name')
    if (!name || name.length > 100)
      err(line, 'name', '名称不能为空（最多 100 字）', 'name is required (max 100 characters)')
    const head = f('head_name') ? person(f('head_name'), f('head_phone')) : null
    if (head === 'bad-phone')
      err(line, 'head_phone', '网格长电话不是有效的手机号', 'head phone is not a valid mobile number')
    else if (!head && f('head_phone'))
      err(line, 'head_name', '填写了电话但没有网格长姓名', 'phone given without a head name')
    const members: Person[] = []
    for (const part of f('members')
      .split(/[;；]/)
      .map((s) => s.trim())
      .filter(Boolean)) {
      const [n = '', p = ''] = part.split(/[:：]/)
      const m = person(n, p)
      if (m === 'bad-phone' || !m.name)
        err(line, 'members', `成员"${part}"格式应为 姓名:手机号`, `member "${part}" should be name:mobile`)
      else members.push(m)
    }
    const buildings = f('buildings')
      .split(/[;；、]/)
      .map((s) => s.trim())
      .filter(Boolean)
    if (buildings.some((b) => !/^[0-9A-Za-z]{1,8}$/.test(b)))
      err(line, 'buildings', '楼栋号只能用字母和数字', 'building numbers: letters and digits only')
    if (level && head !== 'bad-phone') {
      nodes.push({ line, id, level, name, parentId: f('parent') || null, head, members, buildings })
    }
  }
  const byId = new Map(nodes.map((n) => [n.id, n]))
  for (const n of nodes) {
    if (n.parentId === null) {
      if (
        n.level !== GRID_LEVELS[0] &&
        nodes.some((m) => m !== n && m.parentId === null && levelRank(m.level) < levelRank(n.level))
      ) {
        err(n.line, 'parent', '除最上级外，每个网格都要填写上级', 'every grid but the top one needs a parent')
      }
      continue
    }
    const p = byId.get(n.parentId)
    if (!p) err(n.line, 'parent', `上级"${n.parentId}"不在文件中`, `parent "${n.parentId}" is not in the file`)
    else if (
      !(levelRank(p.level) < levelRank(n.level)) ||
      (n.level !== 'micro' && levelRank(n.level) !== levelRank(p.level) + 1)
    ) {
      err(
        n.line,
        'parent',
        `上级层级（${p.level}）与本级（${n.level}）不相邻`,
        `parent level (${p.level}) does not sit directly above ${n.level}`,
      )
    }
    if (p && n.level === 'micro' && p.level !== 'building' && p.level !== 'compound')
      err(n.line, 'parent', '微网格的上级应为楼栋或小区', 'a micro-grid belongs to a building or the compound')
  }
  if (records.length > 1 && !nodes.some((n) => n.level === 'compound'))
    err(1, 'level', '文件中没有小区（compound）这一级', 'the file has no compound-level grid')
  if (records.length <= 1) err(1, '', '没有数据行', 'no data lines')
  if (errors.length) return { ok: false, errors: errors.sort((a, b) => a.line - b.line) }
  return { ok: true, nodes: nodes.map(({ line: _l, ...n }) => GridNodeSchema.parse(n)) }
}

/** Replaces the hierarchy with `nodes` in one transaction (only after a clean parse). */
export function applyGridImport(doc: Y.Doc, nodes: readonly GridNode[], userId: string, now: number): void {
  doc.transact(() => {
    const map = doc.getMap(ROOTS.nodes)
    for (const k of [...map.keys()]) if (!nodes.some((n) => n.id === k)) map.delete(k)
    for (const n of nodes) {
      if (JSON.stringify(map.get(n.id)) !== JSON.stringify(n)) map.set(n.id, n)
    }
    const meta = doc.getMap(ROOTS.meta)
    meta.set('schemaVersion', SCHEMA_VERSION)
    meta.set('importedAt', now)
    meta.set('importedBy', userId)
  }, byUser(userId))
}
