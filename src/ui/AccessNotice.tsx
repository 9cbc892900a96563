/** Shown in place of a document the server refused (4403): says whether unsent edits were kept. */
import { t } from '../i18n'

export function AccessNotice(props: { pending: number }) {
  return (
    <p class="card banner--error" role="alert" data-testid="access-denied">
      {props.pending > 0 ? t('access.deniedPending', { n: props.pending }) : t('access.denied')}
    </p>
  )
}
