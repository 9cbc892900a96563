/**
 * Validation of one CSV line of the roll, as a zod schema over the raw strings.
 *
 * Each check's zod message is a stable error CODE (e.g. 'phone.invalid'); importCsv maps the issue
 * path to the column name and the code to a zh-CN / English message from ROW_ERROR_MESSAGES. That
 * keeps user-facing text in one table and lets the UI translate by code.
 */
import { z } from 'zod'
import { AREA_MESSAGES, tryParseAreaCenti, type AreaErrorCode, type LocalizedMessage } from '../law/area'
import {
  CO_OWNER_SEPARATORS,
  HOUSEHOLD_ID_PATTERN,
  ID_PART_PATTERN,
  MOBILE_PATTERN,
  OWNER_ID_PATTERN,
  type HouseholdRecord,
} from './schema'

export const ROLL_COLUMNS = [
  'household_id',
  'building',
  'unit',
  'floor',
  'flat',
  'owner_id',
  'owner_name',
  'co_owners',
  'area_m2',
  'residents',
  'phone',
  'note',
] as const
export type RollColumn = (typeof ROLL_COLUMNS)[number]
/**
 * What a person calls each column: the Chinese name is shown in import errors (never the internal
 * column name) and accepted in the header, as are a few common variants from councils' own sheets.
 */
export const COLUMN_LABELS: Record<RollColumn, LocalizedMessage> = {
  household_id: { zh: '户号', en: 'Household no.' },
  building: { zh: '楼栋', en: 'Building' },
  unit: { zh: '单元', en: 'Unit' },
  floor: { zh: '楼层', en: 'Floor' },
  flat: { zh: '房号', en: 'Flat' },
  owner_id: { zh: '业主编号', en: 'Owner no.' },
  owner_name: { zh: '业主姓名', en: 'Owner name' },
  co_owners: { zh: '共有人', en: 'Co-owners' },
  area_m2: { zh: '专有面积', en: 'Area (m²)' },
  residents: { zh: '居住人数', en: 'Residents' },
  phone: { zh: '电话', en: 'Phone' },
  note: { zh: '备注', en: 'Note' },
}
const EXTRA_ALIASES: Record<string, RollColumn> = {
  房屋编号: 'household_id',
  楼号: 'building',
  门牌号: 'flat',
  业主: 'owner_name',
  姓名: 'owner_name',
  面积: 'area_m2',
  建筑面积: 'area_m2',
  专有部分面积: 'area_m2',
  人数: 'residents',
  手机: 'phone',
  手机号: 'phone',
  联系电话: 'phone',
}
/** Header cell (already trimmed, lower-cased) → column, for English names and Chinese aliases. */
export function columnFor(headerCell: string): RollColumn | undefined {
  if ((ROLL_COLUMNS as readonly string[]).includes(headerCell)) return headerCell as RollColumn
  const zh = ROLL_COLUMNS.find((c) => COLUMN_LABELS[c].zh === headerCell)
  return zh ?? EXTRA_ALIASES[headerCell]
}
/** The label for an error's column (internal name → 户号 …); unknown names as they are. */
export function columnLabel(column: string): LocalizedMessage {
  return COLUMN_LABELS[column as RollColumn] ?? { zh: column, en: column }
}

/** `note` may be left out of the header; every other column is required. */
export const OPTIONAL_COLUMNS: ReadonlySet<RollColumn> = new Set(['note'])

export type RowErrorCode =
  | AreaErrorCode
  | 'area.zero'
  | 'household_id.pattern'
  | 'household_id.mismatch'
  | 'household_id.duplicate'
  | 'id_part.invalid'
  | 'floor.invalid'
  | 'owner_id.invalid'
  | 'owner_name.empty'
  | 'text.too_long'
  | 'residents.invalid'
  | 'phone.invalid'
  | 'row.too_few_fields'
  | 'row.too_many_fields'
  | 'row.unterminated_quote'
  | 'header.missing_column'
  | 'header.duplicate_column'
  | 'file.empty'
  | 'file.wrong_encoding'

export const ROW_ERROR_MESSAGES: Record<Exclude<RowErrorCode, AreaErrorCode>, LocalizedMessage> = {
  'area.zero': { zh: '面积必须大于 0', en: 'area must be greater than 0' },
  'household_id.pattern': {
    zh: '户号格式应为 楼栋-单元-房号（如 1-1-0101）',
    en: 'household_id must look like building-unit-flat (e.g. 1-1-0101)',
  },
  'household_id.mismatch': {
    zh: '户号与楼栋、单元、房号三列不一致',
    en: 'household_id does not match the building, unit and flat columns',
  },
  'household_id.duplicate': { zh: '户号重复', en: 'duplicate household_id' },
  'id_part.invalid': { zh: '只能填字母或数字（最多 8 位）', en: 'only letters or digits (up to 8)' },
  'floor.invalid': { zh: '楼层应为整数', en: 'floor must be a whole number' },
  'owner_id.invalid': {
    zh: '业主编号为空或含非法字符（只能用字母、数字、- 和 _）',
    en: 'owner_id is empty or has characters other than letters, digits, - and _',
  },
  'owner_name.empty': { zh: '业主姓名为空', en: 'owner_name is empty' },
  'text.too_long': { zh: '内容过长', en: 'text too long' },
  'residents.invalid': { zh: '居住人数应为不小于 0 的整数', en: 'residents must be a whole number ≥ 0' },
  'phone.invalid': {
    zh: '手机号应为 11 位大陆手机号（1 开头，第二位 3–9），或留空',
    en: 'phone must be an 11-digit mainland mobile number (1[3-9]…) or empty',
  },
  'row.too_few_fields': {
    zh: '本行列数少于表头（缺少列）',
    en: 'line has fewer fields than the header (missing column)',
  },
  'row.too_many_fields': {
    zh: '本行列数多于表头（可能有多余的逗号）',
    en: 'line has more fields than the header (stray comma?)',
  },
  'row.unterminated_quote': { zh: '引号未闭合', en: 'unterminated quoted field' },
  'header.missing_column': { zh: '表头缺少必需的列', en: 'header lacks a required column' },
  'header.duplicate_column': { zh: '表头有重复的列', en: 'header has a duplicate column' },
  'file.empty': { zh: '文件为空或没有表头', en: 'file is empty or has no header' },
  'file.wrong_encoding': {
    zh: '此行不是 UTF-8 编码（可能是 GBK/ANSI）。请在 Excel/WPS 中“另存为 CSV UTF-8”后重新导入',
    en: 'this line is not UTF-8 (probably GBK/ANSI). Save as "CSV UTF-8" in Excel/WPS and import again',
  },
}

const idPart = z.string().regex(ID_PART_PATTERN, { error: 'id_part.invalid' })
const text = (max: number) => z.string().max(max, { error: 'text.too_long' })

const areaField = z.string().transform((s, ctx) => {
  const r = tryParseAreaCenti(s)
  if (!r.ok) {
    ctx.addIssue({ code: 'custom', message: r.error.code })
    return z.NEVER
  }
  if (r.centi === 0) {
    ctx.addIssue({ code: 'custom', message: 'area.zero' })
    return z.NEVER
  }
  return r.centi
})

/** Raw CSV line (column → trimmed string) → HouseholdRecord. */
export const RollCsvRowSchema = z
  .object({
    household_id: z.string().regex(HOUSEHOLD_ID_PATTERN, { error: 'household_id.pattern' }),
    building: idPart,
    unit: idPart,
    floor: z.string().regex(/^-?\d{1,3}$/, { error: 'floor.invalid' }),
    flat: idPart,
    owner_id: z.string().regex(OWNER_ID_PATTERN, { error: 'owner_id.invalid' }),
    owner_name: z.string().min(1, { error: 'owner_name.empty' }).max(100, { error: 'text.too_long' }),
    co_owners: text(500),
    area_m2: areaField,
    residents: z.string().regex(/^\d{1,3}$/, { error: 'residents.invalid' }),
    phone: z.string().refine((p) => p === '' || MOBILE_PATTERN.test(p), { error: 'phone.invalid' }),
    note: text(500),
  })
  .superRefine((row, ctx) => {
    if (row.household_id !== `${row.building}-${row.unit}-${row.flat}` && HOUSEHOLD_ID_PATTERN.test(row.household_id)) {
      ctx.addIssue({ code: 'custom', path: ['household_id'], message: 'household_id.mismatch' })
    }
  })
  .transform(
    (row): HouseholdRecord => ({
      householdId: row.household_id,
      building: row.building,
      unit: row.unit,
      floor: Number(row.floor),
      flat: row.flat,
      ownerId: row.owner_id,
      ownerName: row.owner_name,
      coOwners: row.co_owners
        .split(CO_OWNER_SEPARATORS)
        .map((s) => s.trim())
        .filter((s) => s !== ''),
      areaCenti: row.area_m2,
      residents: Number(row.residents),
      phone: row.phone,
      note: row.note,
    }),
  )

export function messageFor(code: string): LocalizedMessage {
  const known =
    (ROW_ERROR_MESSAGES as Record<string, LocalizedMessage>)[code] ??
    (AREA_MESSAGES as Record<string, LocalizedMessage>)[code]
  if (known) return known
  return { zh: `无效（${code}）`, en: `invalid (${code})` }
}
