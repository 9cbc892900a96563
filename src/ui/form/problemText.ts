/**
 * A write predicate's refusal (src/domain/<feature>/writeRules.ts) as the sentence a form shows —
 * from the dictionaries, never the predicate's own zh-CN text or its code, so English readers get
 * English. `forbidden` lets a form name what exactly it may not do (e.g. 派单) where the predicate's
 * code alone ('forbidden') would be vague.
 */
import type { WriteProblem } from '../../domain/access/writeRules'
import { t, type MessageKey } from '../../i18n'
import { refusalReason } from '../refused/reason'

const FORM_CODES: Record<string, MessageKey> = {
  'event-invalid': 'forms.problem.eventInvalid',
  'step-invalid': 'forms.problem.stepInvalid',
  'list-invalid': 'forms.problem.listInvalid',
  'case-list-personal': 'forms.problem.caseListPersonal',
  'case-list-delete': 'forms.problem.caseListDelete',
  'invalid-comment': 'forms.problem.invalidComment',
  'unmasked-name': 'forms.problem.unmaskedName',
}

export function problemText(p: WriteProblem, opts: { flat?: string; forbidden?: MessageKey } = {}): string {
  if (p.code === 'out-of-scope') return t('refused.code.outOfScope', { flat: opts.flat ?? '' })
  if (p.code === 'forbidden' && opts.forbidden) return t(opts.forbidden)
  if (p.code === 'step-order') return t(`forms.stepOrder.${p.message}` as MessageKey)
  const own = FORM_CODES[p.code]
  return own ? t(own) : refusalReason(p.code, opts.flat)
}
