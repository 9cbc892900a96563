/**
 * Which variant of a feature's write predicate applies to a writer: the server picks it from the
 * conditions of the writer's effective rule (server/access/rules/*.ts), the form does the same.
 * The most permissive matching condition wins, as the server accepts a change any alternative allows.
 */
import type { Condition } from '../../domain/access/policy'

export function scopeFor<T>(
  conditions: 'write' | readonly Condition[],
  table: readonly (readonly [Condition, T])[],
  unconditioned: T,
): T | null {
  if (conditions === 'write') return unconditioned
  for (const [c, v] of table) if (conditions.includes(c)) return v
  return null
}
