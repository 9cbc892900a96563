/**
 * A domain command's refusal (src/domain/result.ts) as the sentence a screen shows. Each feature
 * keeps one table from its command codes to its dictionary keys (src/ui/<feature>/refusals.ts); the
 * table's type lists every code, so a new code without a sentence fails the typecheck instead of
 * reaching a person as a raw code.
 */
import { createSignal } from 'solid-js'
import type { Fail, Result } from '../domain/result'
import { t, type MessageKey } from '../i18n'

/** A dictionary key, or a function building the sentence from the refusal's `detail`. */
export type RefusalTexts<C extends string> = Record<C, MessageKey | ((detail: string) => string)>

export function refusalText<C extends string>(table: RefusalTexts<C>, f: Fail<C>): string {
  const entry = table[f.code]
  return typeof entry === 'function' ? entry(f.detail ?? '') : t(entry)
}

/**
 * A section's last refusal, for `<Refusal text={r.text()} onDismiss={r.clear} />`: `report` takes a
 * command's Result, shows its sentence or clears the previous one, and says whether it went through.
 */
export function createRefusal<C extends string>(toText: (f: Fail<C>) => string) {
  const [text, setText] = createSignal<string | null>(null)
  return {
    text,
    clear: () => setText(null),
    say: (sentence: string) => setText(sentence),
    report: (r: Result<unknown, C>): boolean => {
      setText(r.ok ? null : toText(r))
      return r.ok
    },
  }
}
