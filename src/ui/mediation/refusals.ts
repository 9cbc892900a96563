/** Refusal codes of the case commands (src/domain/mediation/caseWrite.ts) → what the mediator reads. */
import type { CaseRefusal } from '../../domain/mediation/caseWrite'
import type { Fail } from '../../domain/result'
import { t, type MessageKey } from '../../i18n'
import { createRefusal, refusalText, type RefusalTexts } from '../refusalText'

const CASE_REFUSALS: RefusalTexts<CaseRefusal> = {
  'case.newer_schema': 'mediation.refusal.newerSchema',
  'case.invalid': 'mediation.refusal.invalid',
  'case.bad_start_day': 'mediation.refusal.badStartDay',
  'case.reason_required': 'mediation.needReason',
  'case.not_closed': 'mediation.refusal.notClosed',
  // detail is viewCase's reason ('terms' | 'plan' | 'no-outcome'), the same sentences as the hint under the button
  'case.not_closable': (reason) => t(`mediation.closeBlocked.${reason}` as MessageKey),
}

export const caseRefusalText = (f: Fail<CaseRefusal>): string => refusalText(CASE_REFUSALS, f)

/** The refusal shown in one case section (see createRefusal). */
export const createCaseRefusal = () => createRefusal(caseRefusalText)
