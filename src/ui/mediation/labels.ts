/** Labels for the mediation enums, and small formatting helpers shared by the views. */
import { t, type MessageKey } from '../../i18n'
import { formatDate, formatDateTime } from '../../i18n/dates'
import { READABLE_ALPHABET } from '../../domain/ids'

export const label = (group: string, value: string | number): string => t(`mediation.${group}.${value}` as MessageKey)
export const dateTime = (ms: number | null): string => (ms === null || ms === 0 ? '' : formatDateTime(ms))
export const day = (ms: number | null): string => (ms === null || ms === 0 ? '' : formatDate(ms))
export const responseMinutes = (reportedAt: number, arrivedAt: number | null): number | null =>
  arrivedAt !== null && arrivedAt >= reportedAt ? Math.round((arrivedAt - reportedAt) / 60_000) : null

/**
 * The case number a person reads, says on the phone and sees on the printed agreement: the random
 * part of the case id read as a base-32 number, in decimal groups of four ("3518 0042 7731 09").
 * One-to-one with the id, so a number read back over the phone finds the case.
 */
export function caseSerial(caseId: string): string {
  const random = caseId.slice(-9)
  let n = 0n
  for (const ch of random) {
    const d = READABLE_ALPHABET.indexOf(ch)
    if (d < 0) return caseId
    n = n * 32n + BigInt(d)
  }
  return n
    .toString()
    .padStart(14, '0')
    .replace(/(\d{4})(?=\d)/g, '$1 ')
}
