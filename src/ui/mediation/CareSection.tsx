/**
 * Follow-up care: the plan (editable phases), its slots with done / missed / today / upcoming, the
 * overdue warning, recording visits, and Art. 31 checks of each agreed term.
 */
import { DateTimeField, SelectField, TextArea, TextField } from '../form/Form'
import { createSignal, For, Index, Show } from 'solid-js'
import { DEFAULT_PHASES } from '../../domain/mediation/carePlan'
import { addVisit, checkTerm, endPlan, setPlan } from '../../domain/mediation/careCommands'
import { VISIT_HOWS, VISIT_STATES, type Phase, type Visit } from '../../domain/mediation/schema'
import { isDay, shanghaiDay } from '../../domain/mediation/time'
import { Refusal } from '../Refusal'
import { createCaseRefusal } from './refusals'
import { t } from '../../i18n'
import { formValues } from './form'
import { label } from './labels'
import { uiClock, type UsedCase } from './useCase'
import { formatDate } from '../../i18n/dates'

export function CareSection(props: { c: UsedCase; me: { userId: string; name: string } }) {
  const doc = () => props.c.doc.handle.doc
  const view = () => props.c.view()
  const care = () => view().care
  const plan = () => props.c.snap().plan
  const today = () => shanghaiDay(props.c.now())
  const [phases, setPhases] = createSignal<Phase[]>(plan()?.phases ?? DEFAULT_PHASES)
  const refusal = createCaseRefusal()

  const savePlan = (e: SubmitEvent) => {
    e.preventDefault()
    const f = formValues(e.currentTarget as HTMLFormElement)
    const start = isDay(f.startDay) ? f.startDay : today()
    const next = phases().map((p, i) => ({ unit: p.unit, count: Math.max(0, Math.min(60, Number(f[`ph${i}`]) || 0)) }))
    if (refusal.report(setPlan(doc(), { startDay: start, phases: next }))) setPhases(next)
  }
  const saveVisit = (e: SubmitEvent) => {
    e.preventDefault()
    const form = e.currentTarget as HTMLFormElement
    const f = formValues(form)
    const r = addVisit(doc(), {
      day: isDay(f.day) ? f.day : today(),
      at: uiClock(),
      by: props.me.userId,
      byName: props.me.name,
      how: (f.how ?? 'visit') as Visit['how'],
      state: (f.state ?? 'stable') as Visit['state'],
      notes: f.notes ?? '',
      satisfaction: Number(f.satisfaction) || 0,
    })
    if (refusal.report(r)) form.reset()
  }
  const end = (e: SubmitEvent) => {
    e.preventDefault()
    const f = formValues(e.currentTarget as HTMLFormElement)
    refusal.report(endPlan(doc(), today(), f.reason ?? '', props.me.userId, uiClock))
  }

  return (
    <section class="card" data-testid="care">
      <h2>{t('mediation.care')}</h2>
      <Show when={care().overdueSince}>
        <p class="banner banner--error" role="alert" data-testid="care-overdue" data-days={care().overdueDays}>
          {t('mediation.overdue', { n: care().overdueDays, day: formatDate(care().overdueSince!) })}
        </p>
      </Show>
      <Show when={!care().overdueSince && care().dueToday}>
        <p class="banner banner--warn" data-testid="care-due-today">
          {t('mediation.dueTodayBanner')}
        </p>
      </Show>
      <form class="inline-form" data-testid="plan-form" onSubmit={savePlan}>
        <DateTimeField
          label={t('mediation.planStart')}
          name="startDay"
          kind="date"
          value={plan()?.startDay ?? view().effect.effectiveDay ?? today()}
        />
        <Index each={phases()}>
          {(p, i) => (
            <TextField
              class="med-narrow"
              label={`${label('phase', p().unit)}（${t('mediation.phaseCount')}）`}
              name={`ph${i}`}
              type="number"
              inputmode="numeric"
              min="0"
              max="60"
              value={String(p().count)}
            />
          )}
        </Index>
        <button type="submit" class="btn" data-testid="plan-save">
          {plan() ? t('mediation.savePlan') : t('mediation.createPlan')}
        </button>
      </form>
      <Show when={plan()} fallback={<p class="muted">{t('mediation.noPlan')}</p>}>
        <Show when={plan()!.endedDay}>
          <p class="muted" data-testid="plan-ended">
            {t('mediation.planEnded', { day: formatDate(plan()!.endedDay!), reason: props.c.snap().planEndReason })}
          </p>
        </Show>
        <p class="muted">{t('mediation.onTime', { done: care().done, all: care().done + care().missed })}</p>
        <ol class="med-slots" data-testid="slots">
          <For each={care().slots}>
            {(s) => (
              <li class={`med-slot med-slot--${s.state}`} data-testid="slot" data-state={s.state} data-due={s.due}>
                {s.due.slice(5)} {label('slot', s.state)}
              </li>
            )}
          </For>
        </ol>
      </Show>
      <h3>{t('mediation.visit')}</h3>
      <form class="form" data-testid="visit-form" onSubmit={saveVisit}>
        <div class="med-grid">
          <DateTimeField label={t('mediation.visitDay')} name="day" kind="date" value={today()} />
          <SelectField label={t('mediation.how')} name="how">
            <For each={[...VISIT_HOWS]}>{(h) => <option value={h}>{label('how', h)}</option>}</For>
          </SelectField>
          <SelectField label={t('mediation.state')} name="state">
            <For each={[...VISIT_STATES]}>{(s) => <option value={s}>{label('state', s)}</option>}</For>
          </SelectField>
          <SelectField label={t('mediation.satisfaction')} name="satisfaction">
            <option value="0">{t('mediation.satisfaction.0')}</option>
            <For each={[5, 4, 3, 2, 1]}>{(n) => <option value={n}>{'★'.repeat(n)}</option>}</For>
          </SelectField>
        </div>
        <TextArea label={t('mediation.notes')} name="notes" rows={2} maxLength={2000} />
        <button type="submit" class="btn btn--primary" data-testid="visit-submit">
          {t('mediation.addVisit')}
        </button>
      </form>
      <h3>{t('mediation.visits')}</h3>
      <ul class="med-list" data-testid="visits">
        <For each={[...props.c.snap().visits].reverse()}>
          {(v) => (
            <li data-testid="visit">
              {formatDate(v.day)} · {label('how', v.how)} · {label('state', v.state)} · {v.byName}
              <Show when={v.notes}> · {v.notes}</Show>
            </li>
          )}
        </For>
      </ul>
      <Show when={view().terms.length > 0}>
        <h3>{t('mediation.performance')}</h3>
        <ul class="med-list" data-testid="term-status">
          <For each={view().terms}>
            {(s) => (
              <li data-testid="term-state" data-state={s.state}>
                {s.term.text} · {s.due ?? '—'} ·{' '}
                <span class={`med-badge med-term--${s.state}`}>{label('term', s.state)}</span>
                <Show when={s.state !== 'performed' && s.state !== 'not-yet-effective'}>
                  <button
                    type="button"
                    class="btn btn--small"
                    data-testid="term-performed"
                    onClick={() =>
                      refusal.report(
                        checkTerm(doc(), {
                          termId: s.term.id,
                          performed: true,
                          day: today(),
                          by: props.me.userId,
                          note: '',
                        }),
                      )
                    }
                  >
                    {t('mediation.markPerformed')}
                  </button>
                </Show>
              </li>
            )}
          </For>
        </ul>
      </Show>
      <Show when={plan() && !plan()!.endedDay}>
        <form class="inline-form" data-testid="plan-end-form" onSubmit={end}>
          <TextField label={t('mediation.endReason')} name="reason" maxLength={500} />
          <button type="submit" class="btn">
            {t('mediation.endPlan')}
          </button>
        </form>
      </Show>
      <Refusal text={refusal.text()} onDismiss={refusal.clear} testId="care-refusal" />
    </section>
  )
}
