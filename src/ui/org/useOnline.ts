/** The browser's online flag as a signal (a dashboard re-reads its figures when the connection returns). */
import { createSignal, onCleanup, type Accessor } from 'solid-js'

export function useOnline(): Accessor<boolean> {
  const [online, setOnline] = createSignal(navigator.onLine)
  const on = () => setOnline(true)
  const off = () => setOnline(false)
  window.addEventListener('online', on)
  window.addEventListener('offline', off)
  onCleanup(() => {
    window.removeEventListener('online', on)
    window.removeEventListener('offline', off)
  })
  return online
}
