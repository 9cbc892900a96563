/**
 * Registers the generated service worker (vite-plugin-pwa, injectRegister: false) with
 * workbox-window. registerType is 'prompt': a new SW waits until the user taps "重新加载".
 */
import { Workbox } from 'workbox-window'
import { Store } from '../sync/observable'

export const swState = new Store<{ needRefresh: boolean; offlineReady: boolean }>({
  needRefresh: false,
  offlineReady: false,
})

let wb: Workbox | null = null
const UPDATE_CHECK_MS = 60 * 60 * 1000

export function registerServiceWorker(): void {
  if (import.meta.env.DEV || !('serviceWorker' in navigator)) return
  wb = new Workbox('/sw.js', { scope: '/' })
  wb.addEventListener('waiting', () => swState.set({ ...swState.get(), needRefresh: true }))
  wb.addEventListener('activated', (e) => {
    if (!e.isUpdate) swState.set({ ...swState.get(), offlineReady: true })
  })
  void wb.register().then((reg) => {
    // Tablets stay open for days during a campaign: look for new versions now and then.
    if (reg) setInterval(() => void reg.update().catch(() => {}), UPDATE_CHECK_MS)
  })
}

/** Activates the waiting SW, then reloads once it controls the page. */
export function applyUpdate(): void {
  if (!wb) return
  wb.addEventListener('controlling', () => window.location.reload())
  wb.messageSkipWaiting()
}
