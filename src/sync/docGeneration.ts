/**
 * Bumped whenever an open doc was rebuilt after a refusal (docRegistry.ts): pages bound to the old
 * Y.Doc re-mount onto the new one. Its own module so the shell can watch it without loading Yjs.
 */
import { Store } from './observable'

export const docGeneration = new Store(0)
