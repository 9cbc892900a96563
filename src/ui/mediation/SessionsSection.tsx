/** The mediation timeline: sessions (date, attendees, what was said, outcome) and the case log. */
import { DateTimeField, TextArea, TextField } from '../form/Form'
import { For, Show } from 'solid-js'
import { addSession } from '../../domain/mediation/caseCommands'
import { fromShanghaiLocal, toShanghaiLocal } from '../../domain/mediation/time'
import { Refusal } from '../Refusal'
import { createCaseRefusal } from './refusals'
import { t } from '../../i18n'
import { formValues } from './form'
import { dateTime, label } from './labels'
import { uiClock, type UsedCase } from './useCase'

export function SessionsSection(props: { c: UsedCase; me: { userId: string; name: string } }) {
  const refusal = createCaseRefusal()
  const submit = (e: SubmitEvent) => {
    e.preventDefault()
    const form = e.currentTarget as HTMLFormElement
    const f = formValues(form)
    if (!f.said && !f.outcome) return
    const r = addSession(props.c.doc.handle.doc, {
      at: fromShanghaiLocal(f.at ?? '') ?? uiClock(),
      place: f.place ?? '',
      attendees: (f.attendees ?? '')
        .split(/[、,，;；]/)
        .map((s) => s.trim())
        .filter(Boolean),
      said: f.said ?? '',
      outcome: f.outcome ?? '',
      recordedBy: props.me.userId,
    })
    if (refusal.report(r)) form.reset()
  }
  return (
    <section class="card" data-testid="sessions">
      <h2>{t('mediation.sessions')}</h2>
      <Show when={props.c.snap().sessions.length > 0} fallback={<p class="empty">{t('mediation.noSessions')}</p>}>
        <ol class="med-timeline">
          <For each={props.c.snap().sessions}>
            {(s) => (
              <li data-testid="session">
                <strong>{dateTime(s.at)}</strong> <span class="muted">{s.place}</span>
                <div class="muted">{s.attendees.join('、')}</div>
                <div class="med-pre">{s.said}</div>
                <Show when={s.outcome}>
                  <div>
                    <strong>{t('mediation.outcome')}：</strong>
                    {s.outcome}
                  </div>
                </Show>
              </li>
            )}
          </For>
        </ol>
      </Show>
      <form class="form" data-testid="session-form" onSubmit={submit}>
        <div class="med-grid">
          <DateTimeField label={t('mediation.sessionAt')} name="at" value={toShanghaiLocal(uiClock())} />
          <TextField label={t('mediation.sessionPlace')} name="place" maxLength={120} />
        </div>
        <TextField label={t('mediation.attendees')} name="attendees" maxLength={600} />
        <TextArea label={t('mediation.said')} name="said" rows={4} maxLength={4000} />
        <TextField label={t('mediation.outcome')} name="outcome" maxLength={1000} />
        <button type="submit" class="btn btn--primary" data-testid="session-submit">
          {t('mediation.addSession')}
        </button>
        <Refusal text={refusal.text()} onDismiss={refusal.clear} testId="session-refusal" />
      </form>
      <details class="med-events">
        <summary>{t('mediation.events')}</summary>
        <ul class="med-list">
          <For each={props.c.snap().events}>
            {(e) => (
              <li>
                {dateTime(e.at)} · {label('event', e.kind)}
                <Show when={e.note}> · {e.note}</Show>
              </li>
            )}
          </For>
        </ul>
      </details>
    </section>
  )
}
