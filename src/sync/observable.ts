/**
 * A minimal observable value. The sync core exposes its state through these so it stays free of
 * any UI framework; src/ui/bridge.ts turns them into Solid signals in one place.
 */
export type Listener<T> = (value: T) => void

export interface ReadableStore<T> {
  get(): T
  /** Calls `fn` on every change (not immediately). Returns an unsubscribe function. */
  subscribe(fn: Listener<T>): () => void
}

export class Store<T> implements ReadableStore<T> {
  private listeners = new Set<Listener<T>>()
  constructor(private value: T) {}

  get(): T {
    return this.value
  }

  set(value: T): void {
    if (Object.is(value, this.value)) return
    this.value = value
    for (const fn of [...this.listeners]) fn(value)
  }

  subscribe(fn: Listener<T>): () => void {
    this.listeners.add(fn)
    return () => {
      this.listeners.delete(fn)
    }
  }
}
