/** Refusal codes of the voting commands → what the person reads (never the code). */
import type { VoteCommandError } from '../../domain/voting/commands'
import type { Fail } from '../../domain/result'
import { t } from '../../i18n'
import { refusalText, type RefusalTexts } from '../refusalText'

const VOTE_REFUSALS: RefusalTexts<VoteCommandError> = {
  'vote.newer_schema': 'voting.err.newerSchema',
  'vote.not_draft': 'voting.err.notDraft',
  'vote.not_open': 'voting.err.not_open',
  'vote.open_conflicts': (detail) => {
    const flats = detail.split(' ').filter(Boolean)
    return t('voting.closeConflicts', { n: flats.length, flats: flats.join('、') })
  },
  'vote.empty_roll': 'voting.err.emptyRoll',
  'vote.invalid': 'voting.err.voteInvalid',
  'ballot.unknown_household': (household) => t('voting.err.unknown_household', { household }),
  'ballot.invalid': 'voting.err.invalid',
  'ballot.no_signature_doc': 'voting.err.noSignatureDoc',
  'resolution.invalid': 'voting.err.resolutionInvalid',
  'resolution.not_in_group': 'voting.err.refused',
}

export const voteRefusalText = (f: Fail<VoteCommandError>): string => refusalText(VOTE_REFUSALS, f)
