/** Opens a shared document for the lifetime of a component (ref-counted by the registry). */
import './changeChecks'
import { createSignal, onCleanup, type Accessor } from 'solid-js'
import type * as Y from 'yjs'
import { openDoc, type DocAccess, type DocHandle } from '../sync/docRegistry'
import type { DocSyncStatus } from '../sync/connectionStatus'
import { useStore } from './bridge'

export interface UsedDoc {
  handle: DocHandle
  ready: Accessor<boolean>
  access: Accessor<DocAccess>
  status: Accessor<DocSyncStatus>
}

export function useDoc(name: string): UsedDoc {
  const handle = openDoc(name)
  const [ready, setReady] = createSignal(false)
  let disposed = false
  void handle.ready.then(() => {
    if (!disposed) setReady(true)
  })
  onCleanup(() => {
    disposed = true
    handle.release()
  })
  return { handle, ready, access: useStore(handle.access), status: useStore(handle.status) }
}

/**
 * `read(doc)` as a signal, re-read once per burst of updates (an import arrives as one update,
 * sync as a few) and once the doc is loaded. `initial` stands until then, else `read(doc)` now.
 */
export function useDocValue<T>(
  doc: Y.Doc,
  ready: Promise<void>,
  read: (d: Y.Doc) => T,
  initial?: { value: T },
): Accessor<T> {
  const [value, setValue] = createSignal<T>(initial ? initial.value : read(doc), { equals: false })
  let scheduled = false
  const reread = () => {
    if (scheduled) return
    scheduled = true
    queueMicrotask(() => {
      scheduled = false
      setValue(() => read(doc))
    })
  }
  doc.on('update', reread)
  void ready.then(reread)
  onCleanup(() => doc.off('update', reread))
  return value
}
