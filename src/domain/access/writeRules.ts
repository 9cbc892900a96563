/**
 * Shared vocabulary of the write rules: who writes (actor + scope), what a refusal looks like, and
 * the small pure checks every feature's rules use. The same predicates run on the server (every
 * incoming update, server/access/writeRules.ts) and on the client before it writes (forms), so a
 * device refuses at entry exactly what the server would refuse later.
 *
 * Keys and values are data: nothing here indexes a plain object with a client-chosen string.
 */
import { z } from 'zod'

/** Buildings / units ("3-2") / households a membership covers (server/accounts Scope). */
export const ScopeSchema = z.object({
  buildings: z.array(z.string()).optional(),
  units: z.array(z.string()).optional(),
  households: z.array(z.string()).optional(),
})
export type WriteScope = z.infer<typeof ScopeSchema>

/** The person writing: account id, roles in the doc's council (plus 'admin'), merged scope. */
export interface WriteActor {
  userId: string
  roles: readonly string[]
  scope: WriteScope
}

/** A refusal: stable machine code (docs/protocol.md codes table) + zh-CN reason for the user. */
export interface WriteProblem {
  code: string
  message: string
}

export const problem = (code: string, message: string): WriteProblem => ({ code, message })

export const hasRole = (actor: Pick<WriteActor, 'roles'>, ...roles: string[]): boolean =>
  roles.some((r) => actor.roles.includes(r))

/** Chair or admin: may do what an assignment otherwise gates. */
export const isBoss = (actor: Pick<WriteActor, 'roles'>): boolean => hasRole(actor, 'chair', 'admin')

/** Is household "b-u-flat" inside the scope (listed, or its building, or its building-unit)? */
export function inScope(householdId: string, scope: WriteScope): boolean {
  const [building, unit] = householdId.split('-')
  return (
    (scope.households ?? []).includes(householdId) ||
    (scope.buildings ?? []).includes(building ?? '') ||
    (scope.units ?? []).includes(`${building}-${unit}`)
  )
}

/** Record keys in ruled maps: ids made by devices (newId / household ids). */
export const RECORD_KEY = /^[A-Za-z0-9_-]{1,64}$/

/**
 * Keys that plain-object code treats specially (`__proto__`, `constructor`, `toString` …). They are
 * valid strings and the server's own bookkeeping never trips on them (Map, hasOwn), but readers on
 * devices turn maps into objects (`toJSON()`), so a record stored under one would vanish or shadow a
 * method there. New records never use them.
 */
export function isReservedKey(key: string): boolean {
  return key === '__proto__' || key in Object.prototype
}

/** A key a new record in a ruled map may have. */
export const isRecordKey = (key: string): boolean => RECORD_KEY.test(key) && !isReservedKey(key)

/**
 * True for JSON-shaped data only: null, booleans, finite numbers, strings, arrays, and objects with
 * the ordinary prototype and no reserved own keys. lib0 decodes an object key `__proto__` by
 * assignment, which sets the prototype instead of adding a key, so a value built that way (or with
 * `undefined`, binary, or absurd nesting) is refused before any schema looks at it.
 */
export function isPlainJson(value: unknown, depth = 0): boolean {
  if (depth > 32) return false
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return true
  if (typeof value === 'number') return Number.isFinite(value)
  if (Array.isArray(value)) return value.every((v) => isPlainJson(v, depth + 1))
  if (typeof value !== 'object') return false
  if (Object.getPrototypeOf(value) !== Object.prototype) return false
  for (const key of Object.keys(value)) {
    if (isReservedKey(key)) return false
    if (!isPlainJson((value as Record<string, unknown>)[key], depth + 1)) return false
  }
  return true
}
