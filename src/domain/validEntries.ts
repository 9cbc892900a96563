import * as Y from 'yjs'
import type { z } from 'zod'

/**
 * Valid records of a map, by key; invalid ones are skipped (and reported to the caller). Any
 * client can write a doc, so readers check every record instead of trusting it.
 */
export function validEntries<T>(
  map: Y.Map<unknown>,
  schema: z.ZodType<T>,
): { items: Map<string, T>; invalid: string[] } {
  const items = new Map<string, T>()
  const invalid: string[] = []
  map.forEach((v, k) => {
    const r = schema.safeParse(v instanceof Y.Map ? v.toJSON() : v)
    if (r.success) items.set(k, r.data)
    else invalid.push(k)
  })
  return { items, invalid }
}
