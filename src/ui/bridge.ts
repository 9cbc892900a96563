/** The one place where sync-core stores become Solid signals. */
import { createSignal, onCleanup, type Accessor } from 'solid-js'
import type { ReadableStore } from '../sync/observable'

/** Must be called inside a reactive owner (component); unsubscribes on cleanup. */
export function useStore<T>(store: ReadableStore<T>): Accessor<T> {
  const [value, setValue] = createSignal<T>(store.get(), { equals: false })
  const unsub = store.subscribe((v) => setValue(() => v))
  onCleanup(unsub)
  return value
}
