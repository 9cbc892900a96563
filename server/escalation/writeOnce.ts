/**
 * The bridge's one kind of write: a record under a key derived from the step that caused it, written
 * by the server (system origin, no client rules) only if the key is still absent. The absence is
 * checked again by the doc's serial writer just before the durable append — under the cross-process
 * write lock with PostgreSQL — so two processes (or a catch-up pass racing a live bridge) writing the
 * same record store it once; the second finds it and stores nothing.
 */
import * as Y from 'yjs'
import type { DocManager } from '../docs/DocManager'
import { RefusedUpdateError } from '../docs/SharedDoc'
import { systemOrigin } from '../origins'

const PRESENT = 'already-written'

export type WriteOutcome = 'written' | 'present'

const has = (doc: Y.Doc, root: string, key: string): boolean => doc.getMap(root).has(key)

/**
 * Writes `value` at `root`.`key` of doc `name` unless present. `meta` entries are added in the same
 * update when the doc has none yet (the schema version of a doc the server creates).
 */
export async function writeOnce(
  docs: DocManager,
  name: string,
  root: string,
  key: string,
  value: unknown,
  reason: string,
  meta: Record<string, unknown> = {},
): Promise<WriteOutcome> {
  for (let attempt = 0; ; attempt++) {
    const doc = await docs.get(name)
    // A doc may start unloading between get() and submit(); it then refuses writes: load again.
    if (doc.closed && attempt < 3) continue
    if (has(doc.ydoc, root, key)) return 'present'
    const scratch = new Y.Doc()
    scratch.transact(() => {
      const m = scratch.getMap('meta')
      for (const [k, v] of Object.entries(meta)) if (!doc.ydoc.getMap('meta').has(k)) m.set(k, v)
      scratch.getMap(root).set(key, value)
    })
    const check = (live: Y.Doc) => (has(live, root, key) ? { code: PRESENT, message: 'already written' } : null)
    try {
      await doc.submit(Y.encodeStateAsUpdate(scratch), systemOrigin(reason), false, check)
      return 'written'
    } catch (e) {
      if (e instanceof RefusedUpdateError && e.code === PRESENT) return 'present'
      if (doc.closed && attempt < 3) continue
      throw e
    } finally {
      scratch.destroy()
    }
  }
}
