/**
 * A domain command's refusal (src/domain/result.ts) as the sentence a screen shows. Each feature
 * keeps one table from its command codes to its dictionary keys (src/ui/<feature>/refusals.ts); the
 * table's type lists every code, so a new code without a sentence fails the typecheck instead of
 * reaching a person as a raw code.
 */
import type { Fail } from '../domain/result'
import { t, type MessageKey } from '../i18n'

/** A dictionary key, or a function building the sentence from the refusal's `detail`. */
export type RefusalTexts<C extends string> = Record<C, MessageKey | ((detail: string) => string)>

export function refusalText<C extends string>(table: RefusalTexts<C>, f: Fail<C>): string {
  const entry = table[f.code]
  return typeof entry === 'function' ? entry(f.detail ?? '') : t(entry)
}
