/** Refusal codes of the proposal commands (src/domain/proposals/commands.ts) → what the editor reads. */
import type { ProposalRefusal } from '../../domain/proposals/commands'
import type { Fail } from '../../domain/result'
import { createRefusal, refusalText, type RefusalTexts } from '../refusalText'

const PROPOSAL_REFUSALS: RefusalTexts<ProposalRefusal> = {
  'proposal.invalid_item': 'proposals.refusal.invalidItem',
  'proposal.invalid_photo': 'proposals.refusal.invalidPhoto',
  'proposal.invalid_comment': 'proposals.refusal.invalidComment',
  'proposal.invalid_adoption': 'proposals.refusal.invalidAdoption',
}

export const proposalRefusalText = (f: Fail<ProposalRefusal>): string => refusalText(PROPOSAL_REFUSALS, f)

/** The refusal shown in one proposal section (see createRefusal). */
export const createProposalRefusal = () => createRefusal(proposalRefusalText)
