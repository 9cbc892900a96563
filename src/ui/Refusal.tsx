/**
 * Why a process check refused an action, said in Chinese with what to do next — shown in the page
 * (role="alert"), never a browser alert() and never a raw code. Used for the local pre-checks (the
 * same predicates the server runs) and for refusals that come back from the server.
 */
import { Show } from 'solid-js'
import { t } from '../i18n'

export function Refusal(props: { text: string | null; onDismiss?: () => void; testId?: string }) {
  return (
    <Show when={props.text}>
      <div class="banner banner--error refusal" role="alert" data-testid={props.testId ?? 'refusal'}>
        <span>{props.text}</span>
        <Show when={props.onDismiss}>
          <button type="button" class="btn btn--ghost" onClick={() => props.onDismiss?.()}>
            {t('refusal.dismiss')}
          </button>
        </Show>
      </div>
    </Show>
  )
}
