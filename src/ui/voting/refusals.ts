/** Domain refusal codes of the voting commands → what the person reads (never the code). */
import { t } from '../../i18n'

export function refusalText(code: string, detail?: string): string {
  switch (code) {
    case 'vote.open_conflicts': {
      const flats = (detail ?? '').split(' ').filter(Boolean)
      return t('voting.closeConflicts', { n: flats.length, flats: flats.join('、') })
    }
    case 'vote.not_open':
      return t('voting.err.not_open')
    default:
      return t('voting.err.refused')
  }
}
