/**
 * When a period in days ends (民事诉讼法 Civil Procedure Law Art. 85, 民法典 Civil Code Art. 201–203):
 * counted from the day after the start; if the last day is a statutory holiday or a rest day
 * (法定休假日, which includes weekends), the period ends on the first WORKING day after it. China moves
 * working days every year (调休: e.g. Saturday 2026-02-28 was a working day after the Spring Festival,
 * so a period ending that Saturday ends that Saturday), announced by the State Council each winter —
 * so the calendar comes from the maintained `chinese-days` package, never a hand-typed list.
 *
 * We read the package's data file (holidays and 调休 working days by date) rather than its functions:
 * those parse dates in the device's time zone and shift weekdays by one west of UTC (measured with
 * TZ=America/Los_Angeles), while this module must give the same day on every device and the server.
 * Weekdays are computed here in UTC from the 'YYYY-MM-DD' string.
 *
 * The package only knows the years whose arrangement has been published. For a later year we fall
 * back to plain weekends; `calendarKnown: false` says so, and the UI shows it next to the date.
 */
import calendar from 'chinese-days/dist/chinese-days.json'

/** 'YYYY-MM-DD' (the same calendar-day strings as src/domain/mediation/time.ts) */
type Day = string

const HOLIDAYS: Readonly<Record<string, string>> = calendar.holidays
const WORKDAYS: Readonly<Record<string, string>> = calendar.workdays
const DAY_MS = 86_400_000
const utc = (day: Day) => Date.UTC(+day.slice(0, 4), +day.slice(5, 7) - 1, +day.slice(8, 10))
const nextDay = (day: Day): Day => new Date(utc(day) + DAY_MS).toISOString().slice(0, 10)

/** Working day: a 调休 working day, or a Monday–Friday that is not a statutory holiday. */
export function isWorkingDay(day: Day): boolean {
  if (WORKDAYS[day] !== undefined) return true
  if (HOLIDAYS[day] !== undefined) return false
  const weekday = new Date(utc(day)).getUTCDay()
  return weekday !== 0 && weekday !== 6
}

/** The holiday's Chinese name ("春节", "国庆节") if `day` is a statutory holiday, else null. */
export function holidayName(day: Day): string | null {
  const entry = HOLIDAYS[day]
  return entry === undefined ? null : (entry.split(',')[1] ?? null)
}

const KNOWN_YEARS = new Set(Object.keys(HOLIDAYS).map((d) => d.slice(0, 4)))
/** Whether the package holds the State Council's arrangement for the year. */
export const holidayCalendarKnown = (year: string): boolean => KNOWN_YEARS.has(year)

export interface PeriodEnd {
  /** the day the period ends (the nominal last day, or the first working day after it) */
  day: Day
  /** the nominal last day (start + n) */
  nominal: Day
  /** why it moved: the nominal day is a statutory holiday, or a weekend rest day; null if it did not */
  movedBecause: 'holiday' | 'rest-day' | null
  /** the holiday's Chinese name when movedBecause is 'holiday' (e.g. 春节, 国庆节) */
  holidayName: string | null
  /** false when a year involved has no published arrangement in the package (weekends only) */
  calendarKnown: boolean
}

/** The end of a period whose nominal last day is `nominal`. */
export function periodEnd(nominal: Day): PeriodEnd {
  let day = nominal
  for (let guard = 0; !isWorkingDay(day); guard++) {
    if (guard > 60) throw new Error(`no working day within 60 days after ${nominal}`)
    day = nextDay(day)
  }
  const name = day === nominal ? null : holidayName(nominal)
  return {
    day,
    nominal,
    movedBecause: day === nominal ? null : name ? 'holiday' : 'rest-day',
    holidayName: name,
    calendarKnown: holidayCalendarKnown(nominal.slice(0, 4)) && holidayCalendarKnown(day.slice(0, 4)),
  }
}
