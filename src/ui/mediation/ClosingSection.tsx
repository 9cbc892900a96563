/** Close (only when terms are performed and the plan is done/ended), mark failed, reopen, export. */
import { TextField } from '../form/Form'
import { createSignal, Show } from 'solid-js'
import { authedRequest } from '../../auth/session'
import { closeCase, markFailed, reopenCase } from '../../domain/mediation/caseCommands'
import { Refusal } from '../Refusal'
import { createCaseRefusal } from './refusals'
import { t, type MessageKey } from '../../i18n'
import { download } from '../download'
import { errorText } from '../errorText'
import { day } from './labels'
import { uiClock, type UsedCase } from './useCase'

export function ClosingSection(props: { c: UsedCase; councilId: string; caseId: string; me: { userId: string } }) {
  const doc = () => props.c.doc.handle.doc
  const meta = () => props.c.snap().meta!
  const closable = () => props.c.view().closable
  const [reason, setReason] = createSignal('')
  const [exportReason, setExportReason] = createSignal('')
  const [msg, setMsg] = createSignal('')
  const refusal = createCaseRefusal()
  const by = () => props.me.userId
  const doExport = async () => {
    if (exportReason().trim().length < 4) return alert(t('mediation.needReason'))
    try {
      const r = await authedRequest<unknown>(`/api/councils/${props.councilId}/cases/${props.caseId}/export`, {
        method: 'POST',
        body: { reason: exportReason().trim() },
      })
      download(`case-${props.caseId}.json`, JSON.stringify(r.body, null, 2), 'application/json')
      setMsg(t('mediation.exportDone'))
    } catch (e) {
      setMsg(errorText(e))
    }
  }
  return (
    <section class="card" data-testid="closing">
      <h2>{t('mediation.closing')}</h2>
      <Show when={meta().status === 'closed'}>
        <p data-testid="closed-note">
          {t('mediation.closedAt', { day: day(meta().closedAt), reason: meta().closeReason })}
        </p>
      </Show>
      <TextField
        label={t('mediation.reason')}
        data-testid="closing-reason"
        value={reason()}
        onInput={setReason}
        maxLength={500}
      />
      <div class="med-row">
        <Show when={meta().status !== 'closed'}>
          <button
            type="button"
            class="btn btn--primary"
            data-testid="case-close"
            disabled={!closable().ok}
            onClick={() => {
              // closing needs a reason on record here (the command itself would close without one)
              if (!reason().trim()) return refusal.say(t('mediation.needReason'))
              refusal.report(closeCase(doc(), reason().trim(), by(), uiClock))
            }}
          >
            {t('mediation.close')}
          </button>
        </Show>
        <Show when={meta().status === 'open' || meta().status === 'mediating'}>
          <button
            type="button"
            class="btn"
            data-testid="case-fail"
            onClick={() => refusal.report(markFailed(doc(), reason(), by(), uiClock))}
          >
            {t('mediation.fail')}
          </button>
        </Show>
        {/* only a closed case is reopened (reopenCase refuses others) */}
        <Show when={meta().status === 'closed'}>
          <button
            type="button"
            class="btn"
            data-testid="case-reopen"
            onClick={() => refusal.report(reopenCase(doc(), reason(), by(), uiClock))}
          >
            {t('mediation.reopen')}
          </button>
        </Show>
      </div>
      <Refusal text={refusal.text()} onDismiss={refusal.clear} testId="closing-refusal" />
      <Show when={!closable().ok && meta().status !== 'closed'}>
        <p class="muted" data-testid="close-blocked">
          {t(`mediation.closeBlocked.${closable().reason}` as MessageKey)}
        </p>
      </Show>
      <details class="med-export">
        <summary>{t('mediation.export')}</summary>
        <TextField
          label={t('mediation.exportReason')}
          data-testid="export-reason"
          value={exportReason()}
          onInput={setExportReason}
          maxLength={500}
        />
        <button type="button" class="btn" data-testid="export" onClick={() => void doExport()}>
          {t('mediation.export')}
        </button>
      </details>
      <Show when={msg()}>
        <p role="status">{msg()}</p>
      </Show>
    </section>
  )
}
