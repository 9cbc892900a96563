/**
 * The Today count outside the page: the app badge (Badging API, where the browser has it) and an
 * optional local reminder once a day at an hour the person picks — shown through the service
 * worker registration (no push service: it fires while the app is open or resumed on that day).
 * The text is a count only (notifyText): nothing personal on a lock screen.
 */
import { notifyText, type TodayItem } from '../../domain/today/today'
import { shanghaiDay } from '../../domain/mediation/time'

type BadgeNavigator = Navigator & {
  setAppBadge?: (n?: number) => Promise<void>
  clearAppBadge?: () => Promise<void>
}

export function setBadge(count: number): void {
  const nav = navigator as BadgeNavigator
  try {
    if (count > 0) void nav.setAppBadge?.(count)?.catch(() => {})
    else void nav.clearAppBadge?.()?.catch(() => {})
  } catch {
    // not supported or not installed: the number on the page is enough
  }
}

const HOUR_KEY = 'yishi:today:notifyHour'
const LAST_KEY = 'yishi:today:notifiedDay'

/** The chosen hour (0–23, Beijing time) or null when reminders are off. */
export function reminderHour(): number | null {
  const v = localStorage.getItem(HOUR_KEY)
  const n = v === null ? Number.NaN : Number(v)
  return Number.isInteger(n) && n >= 0 && n <= 23 ? n : null
}

export async function setReminderHour(hour: number | null): Promise<boolean> {
  if (hour === null) {
    localStorage.removeItem(HOUR_KEY)
    return true
  }
  if (!('Notification' in globalThis)) return false
  const perm = Notification.permission === 'default' ? await Notification.requestPermission() : Notification.permission
  if (perm !== 'granted') return false
  localStorage.setItem(HOUR_KEY, String(hour))
  return true
}

/** Beijing hour of an instant. */
const beijingHour = (ms: number): number => new Date(ms + 8 * 3_600_000).getUTCHours()

/** Shows today's reminder once, when the chosen hour has come and there is something to do. */
export async function maybeRemind(items: readonly TodayItem[], now: number): Promise<void> {
  const hour = reminderHour()
  const text = notifyText(items)
  if (hour === null || !text || beijingHour(now) < hour) return
  const day = shanghaiDay(now)
  if (localStorage.getItem(LAST_KEY) === day) return
  if (!('Notification' in globalThis) || Notification.permission !== 'granted') return
  const reg = await navigator.serviceWorker?.getRegistration()
  if (!reg) return
  localStorage.setItem(LAST_KEY, day)
  await reg.showNotification(text.title, { body: text.body, tag: 'yishi-today', icon: '/icons/icon-192.png' })
}
