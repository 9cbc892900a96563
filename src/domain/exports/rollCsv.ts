/**
 * The household roll as a spreadsheet people read: Chinese headers, no household or owner ids,
 * area as m² with two decimals. Phones are the roll doc's masked ones unless `phoneOf` returns the
 * full number — the server calls it only for households the exporting role may see
 * (maySeePhone, the same rule as the audited single-phone view) and audits the export.
 */
import { formatAreaCenti } from '../law/area'
import type { HouseholdRecord } from '../roll/schema'
import { toCsv } from './csv'

export const ROLL_CSV_HEADER = [
  '楼栋',
  '单元',
  '楼层',
  '房号',
  '业主',
  '共有人',
  '专有部分面积（平方米）',
  '居住人数',
  '电话',
  '备注',
] as const

export function rollCsv(
  households: readonly HouseholdRecord[],
  phoneOf: (householdId: string) => string | null = () => null,
): string {
  return toCsv(
    ROLL_CSV_HEADER,
    households.map((h) => [
      h.building,
      h.unit,
      h.floor,
      h.flat,
      h.ownerName,
      h.coOwners.join('、'),
      formatAreaCenti(h.areaCenti),
      h.residents,
      phoneOf(h.householdId) ?? h.phone,
      h.note,
    ]),
  )
}
