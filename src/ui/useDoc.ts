/** Opens a shared document for the lifetime of a component (ref-counted by the registry). */
import { createSignal, onCleanup, type Accessor } from 'solid-js'
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
