/** One sentence for any failure a screen can hit, in the user's language. */
import { ApiFailure } from '../auth/api'
import { LocalLoginError } from '../auth/session'
import { t } from '../i18n'

export function errorText(e: unknown): string {
  if (e instanceof LocalLoginError) {
    return t(e.code === 'offline-no-account' ? 'auth.err.offlineNoAccount' : 'auth.err.offlineBadPassword')
  }
  if (e instanceof ApiFailure) {
    if (e.kind === 'network') return t('auth.err.network')
    return e.localized() ?? t('auth.err.generic')
  }
  return t('auth.err.generic')
}
