/** The UI clock for views whose rules depend on "now" (due steps, overdue follow-ups, report periods). */
import { createSignal, onCleanup, type Accessor } from 'solid-js'

/** Date.now, re-read every 30 s. Tests fix it with Playwright's `page.clock` (setFixedTime). */
export function useNow(): Accessor<number> {
  const [now, setNow] = createSignal(Date.now())
  const timer = setInterval(() => setNow(Date.now()), 30_000)
  onCleanup(() => clearInterval(timer))
  return now
}
