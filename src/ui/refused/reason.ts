/** A refusal code as a sentence a person reads (never the raw code). */
import { t, type MessageKey } from '../../i18n'

const BY_CODE: Record<string, MessageKey> = {
  forbidden: 'refused.code.forbidden',
  sealed: 'refused.code.sealed',
  closed: 'refused.code.closed',
  'not-open': 'refused.code.notOpen',
  'append-only': 'refused.code.appendOnly',
  'read-only': 'refused.code.readOnly',
  invalid: 'refused.code.invalid',
  'invalid-update': 'refused.code.invalid',
  'depends-on-refused': 'refused.code.dependsOnRefused',
  'seal-mismatch': 'refused.code.sealMismatch',
  'not-yet-open': 'refused.code.notOpen',
  'outside-schedule': 'refused.code.outsideSchedule',
  'bad-time': 'refused.code.badTime',
  'no-quorum': 'refused.code.noQuorum',
  'not-own-name': 'refused.code.notOwnName',
  'unresolved-conflicts': 'refused.code.unresolvedConflicts',
}

/** `flat` is given for a household's record refused as outside the person's units. */
export function refusalReason(code: string, flat?: string): string {
  if (flat && (code === 'forbidden' || code === 'out-of-scope')) return t('refused.code.outOfScope', { flat })
  return t(BY_CODE[code] ?? 'refused.code.other')
}
