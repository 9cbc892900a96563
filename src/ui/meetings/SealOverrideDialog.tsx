/**
 * Sealing minutes of a meeting without quorum: not a confirm() but a dialog that says why (members
 * present / invited, more than half needed) and asks for the reason, which is recorded in the minutes
 * with the seal (domain sealMinutesWithQuorumOverride; the server refuses a seal without quorum and
 * without this reason).
 */
import { createSignal, createUniqueId } from 'solid-js'
import { t } from '../../i18n'
import { TextArea } from '../form/Form'

const MIN_REASON = 2

export function SealOverrideDialog(props: {
  membersPresent: number
  membersTotal: number
  onSeal: (reason: string) => void
  onCancel: () => void
}) {
  const [reason, setReason] = createSignal('')
  const [error, setError] = createSignal('')
  const titleId = createUniqueId()
  const submit = (e: SubmitEvent) => {
    e.preventDefault()
    const r = reason().trim()
    if (r.length < MIN_REASON) {
      setError(t('minutes.override.reasonMissing'))
      return
    }
    props.onSeal(r)
  }
  return (
    <div class="dialog-backdrop">
      <form
        class="dialog"
        role="dialog"
        aria-modal="true"
        aria-labelledby={titleId}
        data-testid="seal-override"
        onSubmit={submit}
      >
        <h2 id={titleId}>{t('minutes.override.title')}</h2>
        <p data-testid="seal-override-why">
          {t('minutes.override.why', { present: props.membersPresent, total: props.membersTotal })}
        </p>
        <TextArea
          label={t('minutes.override.reason')}
          hint={t('minutes.override.hint')}
          name="reason"
          rows={3}
          maxLength={500}
          value={reason()}
          onInput={setReason}
          error={error()}
          testId="seal-override-reason"
        />
        <div class="dialog__actions">
          <button type="button" class="btn btn--ghost" onClick={() => props.onCancel()}>
            {t('minutes.override.cancel')}
          </button>
          <button type="submit" class="btn btn--primary" data-testid="seal-override-confirm">
            {t('minutes.override.confirm')}
          </button>
        </div>
      </form>
    </div>
  )
}
