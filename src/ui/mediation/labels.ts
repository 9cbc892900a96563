/** Labels for the mediation enums, and small formatting helpers shared by the views. */
import { t, type MessageKey } from '../../i18n'
import { shanghaiDateTime, shanghaiDay } from '../../domain/mediation/time'

export const label = (group: string, value: string | number): string => t(`mediation.${group}.${value}` as MessageKey)
export const dateTime = (ms: number | null): string => (ms === null || ms === 0 ? '' : shanghaiDateTime(ms))
export const day = (ms: number | null): string => (ms === null || ms === 0 ? '' : shanghaiDay(ms))
export const responseMinutes = (reportedAt: number, arrivedAt: number | null): number | null =>
  arrivedAt !== null && arrivedAt >= reportedAt ? Math.round((arrivedAt - reportedAt) / 60_000) : null
