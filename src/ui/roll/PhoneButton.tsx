/**
 * The shared doc only has masked numbers. "查看号码" asks the server for the full one (online only,
 * for roles whose work needs it; the server writes each view to the audit log).
 */
import { createSignal, Show } from 'solid-js'
import { authedRequest } from '../../auth/session'
import { t } from '../../i18n'
import { errorText } from '../errorText'

export function PhoneButton(props: { councilId: string; householdId: string; masked: string; allowed: boolean }) {
  const [full, setFull] = createSignal<string | null>(null)
  const [error, setError] = createSignal('')
  const [busy, setBusy] = createSignal(false)
  const reveal = async () => {
    setBusy(true)
    setError('')
    try {
      const { body } = await authedRequest<{ phone: string }>(
        `/api/councils/${props.councilId}/households/${props.householdId}/phone`,
      )
      setFull(body.phone)
    } catch (err) {
      setError(errorText(err))
    } finally {
      setBusy(false)
    }
  }
  return (
    <Show
      when={full()}
      fallback={
        <span class="phone">
          <span data-testid="phone-masked">{props.masked}</span>
          <Show when={props.allowed && props.masked}>
            <button
              type="button"
              class="btn btn--small"
              title={t('roll.phoneAudit')}
              disabled={busy()}
              onClick={() => void reveal()}
              data-testid="show-phone"
            >
              {t('roll.showPhone')}
            </button>
          </Show>
          <Show when={error()}>
            <span class="form__error">{error()}</span>
          </Show>
        </span>
      }
    >
      {(p) => (
        <a href={`tel:${p()}`} data-testid="phone-full">
          {p()}
        </a>
      )}
    </Show>
  )
}
