/**
 * Bridges meeting docs to Solid: a version signal per Y.Doc (bumped on every update) from which
 * views derive read models with createMemo. (Minutes keep their history: their gc flag is in
 * src/domain/docTypes.ts and applied when the doc is constructed.)
 */
import { createSignal, onCleanup, type Accessor } from 'solid-js'
import type * as Y from 'yjs'
import type { UsedDoc } from '../useDoc'
import { useSession } from '../session'
import { profileStore } from '../../sync/awareness'

export function useYVersion(doc: Y.Doc): Accessor<number> {
  const [v, setV] = createSignal(0)
  const bump = (): void => {
    setV((x) => x + 1)
  }
  doc.on('update', bump)
  onCleanup(() => doc.off('update', bump))
  return v
}

export interface Me {
  userId: string
  name: string
  colour: string
}

export function useMe(): Accessor<Me> {
  const session = useSession()
  return () => {
    const s = session()
    return { userId: s?.user.id ?? '', name: s?.user.name ?? '', colour: profileStore.get()?.colour ?? '#0f766e' }
  }
}

/** Synced with the server and nothing pending: safe to seal (the server re-checks the hash). */
export function inSync(d: UsedDoc): boolean {
  const s = d.status()
  return s.connected && s.synced && s.pending === 0
}
