/** `/c/:councilId/grid/events/:eventId`: the event's trail and the next step this person may take. */
import { A, useParams } from '@solidjs/router'
import { createMemo, createResource, createSignal, For, Show } from 'solid-js'
import { addStep, type EventView, readEvents, slaState, type StepInput, stepRecord } from '../../domain/grid/events'
import { levelRank, ROOTS } from '../../domain/grid/schema'
import { escalationTarget, readNodes } from '../../domain/grid/hierarchy'
import { endOfShanghaiDay } from '../../domain/grid/time'
import { t, type MessageKey } from '../../i18n'
import { AccessNotice } from '../AccessNotice'
import { DateTimeField, PrimaryButton, SelectField, TextArea, TextField } from '../form/Form'
import { problemText } from '../form/problemText'
import { useWriter } from '../form/useWriter'
import { FORBIDDEN_STEP, stepEntryProblem } from './eventChecks'
import { useMe } from '../meetings/useMeeting'
import { useCouncilAccess } from '../session'
import { useDoc, useDocValue } from '../useDoc'
import { categoryLabel, statusLabel } from './EventsPage'
import { useNow } from '../useNow'
import { beijingInput, gridCaps, parseBeijing, useGridActor, useGridDoc } from './useGrid'
import './grid.css'
import { docName } from '../../domain/docTypes'
import { formatDateTime } from '../../i18n/dates'
import { councilLevels } from '../escalation/useQueues'
import { gridRefusalText } from './refusals'

/** The flat ("3 号楼 1 单元 0201") or the whole building ("3 号楼") an event is about, as people say it. */
function eventLocation(v: Pick<EventView, 'householdId' | 'building'>): string {
  const [b, u, f] = v.householdId?.split('-') ?? []
  if (b && u && f) return t('flat.name', { b, u, f })
  return v.building ? t('flat.buildingN', { b: v.building }) : ''
}

export default function EventPage() {
  const params = useParams<{ councilId: string; eventId: string }>()
  const access = useCouncilAccess(() => params.councilId)
  return (
    <Show when={access().canRead('event')} fallback={<AccessNotice pending={0} />}>
      <Show when={`${params.councilId}/${params.eventId}`} keyed>
        {(_k) => <Detail councilId={params.councilId} eventId={params.eventId} />}
      </Show>
    </Show>
  )
}

function Detail(props: { councilId: string; eventId: string }) {
  const access = useCouncilAccess(() => props.councilId)
  const caps = () => gridCaps(access())
  const me = useMe()
  const now = useNow()
  const doc = useGridDoc(docName('event', props.councilId), caps().writeEvents)
  const grid = useDoc(docName('grid', props.councilId))
  const nodes = useDocValue(grid.handle.doc, grid.handle.ready, readNodes)
  const snap = useDocValue(doc.handle.doc, doc.handle.ready, (d) => readEvents(d))
  const ev = createMemo(() => snap().events.find((e) => e.eventId === props.eventId))
  const myHouseholds = () => access().memberships.flatMap((m) => m.scope.households ?? [])
  const actor = useGridActor(caps)

  const [assignee, setAssignee] = createSignal('')
  const [kind, setKind] = createSignal<'person' | 'body'>('body')
  const [due, setDue] = createSignal(beijingInput(endOfShanghaiDay(Date.now()) - 59_999))
  const [note, setNote] = createSignal('')
  const [rateNote, setRateNote] = createSignal('')
  const [stepError, setStepError] = createSignal('')
  const writer = useWriter(() => props.councilId, 'event')
  /**
   * Every step goes through here: the server's step predicate and the loop's order run first, over
   * the step as it will be stored; a refusal is shown and nothing is written.
   */
  const step = (v: EventView, input: StepInput): boolean => {
    const d = doc.handle.doc
    const record = stepRecord(d, v.eventId, input, actor(), Date.now())
    const p = stepEntryProblem(writer(), v, record, d.getMap(ROOTS.events).get(v.eventId))
    if (p) {
      setStepError(problemText(p, { forbidden: FORBIDDEN_STEP[input.kind] }))
      return false
    }
    const r = addStep(d, v.eventId, input, actor(), record.at)
    setStepError(r.ok ? '' : gridRefusalText(r))
    return r.ok
  }

  const mayRate = () => {
    const v = ev()
    if (!v || !caps().writeEvents || !v.closed) return false
    return (
      caps().staff ||
      v.reporterId === me().userId ||
      (v.householdId !== undefined && myHouseholds().includes(v.householdId))
    )
  }
  const assign = (e: Event) => {
    e.preventDefault()
    const v = ev()
    if (!v || !assignee().trim()) return
    const input: StepInput = {
      kind: v.assignee ? 'reassign' : 'assign',
      assignee: { name: assignee().trim(), kind: kind() },
      dueAt: parseBeijing(due()),
    }
    if (step(v, input)) setAssignee('')
  }
  const escalate = () => {
    const v = ev()
    const target = v && escalationTarget(nodes(), v.gridId, v.level)
    if (
      !v ||
      !target ||
      !confirm(t('grid.step.escalateConfirm', { level: t(`grid.level.${target.toLevel}` as MessageKey) }))
    )
      return
    step(v, { kind: 'escalate', ...target })
  }
  // Levels above the council (its community, street) when admins placed it in the org tree.
  const [levels] = createResource(() => props.councilId, councilLevels, { initialValue: [] })
  const upperLevels = () => levels().filter((l) => l.level === 'community' || l.level === 'street')
  const escalateTo = (level: string, name: string) => {
    const v = ev()
    if (!v || !confirm(t('escalation.escalateToConfirm', { name }))) return
    step(v, { kind: 'escalate', toGridId: null, toLevel: level as 'community' | 'street' })
  }
  const handle = (e: Event) => {
    e.preventDefault()
    const v = ev()
    if (!v || !note().trim()) return
    if (step(v, { kind: 'handle', note: note().trim() })) setNote('')
  }
  const rate = (n: number) => {
    const v = ev()
    if (v) step(v, { kind: 'rate', satisfaction: n, note: rateNote().trim() })
  }

  return (
    <div class="stack">
      <A href={`/c/${props.councilId}/grid/events`} class="back-link">
        ← {t('grid.events')}
      </A>
      <Show
        when={ev()}
        fallback={
          <p class="card muted" data-testid="event-missing">
            {doc.ready() ? t('grid.event.notFound') : t('grid.loading')}
          </p>
        }
      >
        {(v) => (
          <>
            <section class="card" data-testid="event-detail" data-status={v().status} data-sla={slaState(v(), now())}>
              <h1>{v().title}</h1>
              <dl class="facts">
                <dt>{t('grid.event.category')}</dt>
                <dd>{categoryLabel(v().category)}</dd>
                <dt>{t('grid.event.status')}</dt>
                <dd data-testid="event-status">{statusLabel(v().status)}</dd>
                <dt>{t('grid.event.place')}</dt>
                <dd data-testid="event-place">
                  {v().place} {eventLocation(v())}
                </dd>
                <dt>{t('grid.event.reporter')}</dt>
                <dd>{v().reporterName}</dd>
                <dt>{t('grid.event.found')}</dt>
                <dd>{formatDateTime(v().foundAt)}</dd>
                <dt>{t('grid.event.due')}</dt>
                <dd classList={{ overdue: slaState(v(), now()) === 'overdue' }} data-testid="event-due">
                  {formatDateTime(v().dueAt)} {slaState(v(), now()) === 'overdue' ? t('grid.sla.overdue') : ''}
                </dd>
                <dt>{t('grid.event.level')}</dt>
                <dd>{t(`grid.level.${v().level}` as MessageKey)}</dd>
                <Show when={v().assignee}>
                  {(a) => (
                    <>
                      <dt>{t('grid.event.assignee')}</dt>
                      <dd data-testid="event-assignee">{a().name}</dd>
                    </>
                  )}
                </Show>
                <Show when={v().satisfaction !== null}>
                  <dt>{t('grid.event.satisfaction')}</dt>
                  <dd data-testid="event-satisfaction">{'★'.repeat(v().satisfaction ?? 0)}</dd>
                </Show>
              </dl>
              <Show when={v().description}>
                <p>{v().description}</p>
              </Show>
              <Show when={v().photo}>{(p) => <img class="photo-thumb" src={p()} alt={t('grid.event.photo')} />}</Show>
            </section>
            <section class="card">
              <h2>{t('grid.event.trail')}</h2>
              <ol class="timeline" data-testid="event-trail">
                <For each={v().steps}>
                  {(s) => (
                    <li
                      data-testid="trail-step"
                      data-kind={s.kind}
                      data-action={s.kind === 'upper' ? s.action : undefined}
                    >
                      <strong>
                        {s.kind === 'upper'
                          ? `${t('grid.step.upper')}·${t(`escalation.step.${s.action}` as MessageKey)}`
                          : t(`grid.step.${s.kind}` as MessageKey)}
                      </strong>{' '}
                      {formatDateTime(s.at)} · {s.byName}
                      {s.kind === 'upper'
                        ? `（${t('escalation.upper', { node: s.nodeName, level: t(`escalation.level.${s.level}` as MessageKey) })}）`
                        : ''}
                      {s.kind === 'assign' || s.kind === 'reassign'
                        ? ` → ${s.assignee.name}（${t('grid.event.due')} ${formatDateTime(s.dueAt)}）`
                        : ''}
                      {s.kind === 'escalate' ? ` → ${t(`grid.level.${s.toLevel}` as MessageKey)}` : ''}
                      {s.kind === 'rate' ? ` ${'★'.repeat(s.satisfaction)}` : ''}
                      {s.note ? ` — ${s.note}` : ''}
                    </li>
                  )}
                </For>
              </ol>
            </section>
            <Show when={stepError()}>
              <p class="form__error card" role="alert" data-testid="step-error">
                {stepError()}
              </p>
            </Show>
            <Show when={caps().dispatcher && !v().closed}>
              <form class="card form" onSubmit={assign} data-testid="assign-form">
                <h2>{v().assignee ? t('grid.step.reassign') : t('grid.step.assign')}</h2>
                <TextField
                  label={t('grid.event.assignee')}
                  name="assignee"
                  value={assignee()}
                  onInput={setAssignee}
                  required
                />
                <SelectField
                  label={t('grid.assignee.kind')}
                  name="assignee-kind"
                  value={kind()}
                  onChange={(v) => setKind(v as 'person' | 'body')}
                  options={[
                    { value: 'body', label: t('grid.assignee.body') },
                    { value: 'person', label: t('grid.assignee.person') },
                  ]}
                />
                <DateTimeField label={t('grid.event.dueInput')} name="due" value={due()} onInput={setDue} required />
                <div class="row">
                  <button type="submit" class="btn btn--primary" data-testid="assign-submit">
                    {v().assignee ? t('grid.step.reassign') : t('grid.step.assign')}
                  </button>
                  <button
                    type="button"
                    class="btn"
                    onClick={escalate}
                    data-testid="escalate"
                    disabled={!escalationTarget(nodes(), v().gridId, v().level)}
                  >
                    {t('grid.step.escalate')}
                  </button>
                  <For each={levelRank(v().level) >= levelRank('compound') ? upperLevels() : []}>
                    {(l) => (
                      <button
                        type="button"
                        class="btn"
                        onClick={() => escalateTo(l.level, l.name)}
                        data-testid={`escalate-${l.level}`}
                      >
                        {t('escalation.escalateTo', { level: t(`escalation.level.${l.level}` as MessageKey) })}
                      </button>
                    )}
                  </For>
                </div>
              </form>
            </Show>
            <Show when={caps().staff && caps().writeEvents && !v().closed}>
              <form class="card form" onSubmit={handle} data-testid="handle-form">
                <h2>{t('grid.step.handle')}</h2>
                <TextArea
                  label={t('grid.handle.what')}
                  value={note()}
                  onInput={setNote}
                  required
                  data-testid="handle-note"
                />
                <PrimaryButton testId="handle-submit">{t('grid.handle.submit')}</PrimaryButton>
              </form>
            </Show>
            <Show when={mayRate()}>
              <section class="card form" data-testid="rate-form">
                <h2>{t('grid.step.rate')}</h2>
                <TextField label={t('grid.rate.note')} name="rate-note" value={rateNote()} onInput={setRateNote} />
                <div class="stars">
                  <For each={[1, 2, 3, 4, 5]}>
                    {(n) => (
                      <button
                        type="button"
                        class="btn"
                        onClick={() => rate(n)}
                        data-testid={`rate-${n}`}
                        aria-label={t('grid.rate.stars', { n })}
                      >
                        {'★'.repeat(n)}
                      </button>
                    )}
                  </For>
                </div>
              </section>
            </Show>
          </>
        )}
      </Show>
    </div>
  )
}
