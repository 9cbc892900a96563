/** Refusal codes of the canvass commands (src/domain/canvass/commands.ts) → what the visitor reads. */
import type { VisitRefusal } from '../../domain/canvass/commands'
import type { Fail } from '../../domain/result'
import { refusalText, type RefusalTexts } from '../refusalText'

const VISIT_REFUSALS: RefusalTexts<VisitRefusal> = {
  'visit.invalid': 'canvass.refusal.invalid',
}

export const visitRefusalText = (f: Fail<VisitRefusal>): string => refusalText(VISIT_REFUSALS, f)
