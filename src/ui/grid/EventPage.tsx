/** `/c/:councilId/grid/events/:eventId`: the event's trail and the next step this person may take. */
import { A, useParams } from '@solidjs/router'
import { createMemo, createSignal, For, Show } from 'solid-js'
import { addStep, readEvents, slaState } from '../../domain/grid/events'
import { escalationTarget, readNodes } from '../../domain/grid/hierarchy'
import { maskName } from '../../domain/grid/schema'
import { endOfShanghaiDay } from '../../domain/grid/time'
import { t, type MessageKey } from '../../i18n'
import { AccessNotice } from '../AccessNotice'
import { Field } from '../Field'
import { useMe } from '../meetings/useMeeting'
import { useCouncilAccess, useSession } from '../session'
import { useDoc, useDocValue } from '../useDoc'
import { categoryLabel, statusLabel } from './EventsPage'
import { useNow } from '../useNow'
import { beijingInput, gridCaps, parseBeijing, useGridDoc } from './useGrid'
import './grid.css'
import { docName } from '../../domain/docTypes'
import { formatDateTime } from '../../i18n/dates'

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
  const session = useSession()
  const me = useMe()
  const now = useNow()
  const doc = useGridDoc(docName('event', props.councilId), caps().writeEvents)
  const grid = useDoc(docName('grid', props.councilId))
  const nodes = useDocValue(grid.handle.doc, grid.handle.ready, readNodes)
  const snap = useDocValue(doc.handle.doc, doc.handle.ready, (d) => readEvents(d))
  const ev = createMemo(() => snap().events.find((e) => e.eventId === props.eventId))
  const myHouseholds = () => access().memberships.flatMap((m) => m.scope.households ?? [])
  const actor = () => ({ userId: me().userId, name: caps().staff ? me().name : maskName(session()?.user.name ?? '') })

  const [assignee, setAssignee] = createSignal('')
  const [kind, setKind] = createSignal<'person' | 'body'>('body')
  const [due, setDue] = createSignal(beijingInput(endOfShanghaiDay(Date.now()) - 59_999))
  const [note, setNote] = createSignal('')
  const [rateNote, setRateNote] = createSignal('')

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
    addStep(
      doc.handle.doc,
      v.eventId,
      {
        kind: v.assignee ? 'reassign' : 'assign',
        assignee: { name: assignee().trim(), kind: kind() },
        dueAt: parseBeijing(due()),
      },
      actor(),
      Date.now(),
    )
    setAssignee('')
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
    addStep(doc.handle.doc, v.eventId, { kind: 'escalate', ...target }, actor(), Date.now())
  }
  const handle = (e: Event) => {
    e.preventDefault()
    const v = ev()
    if (!v || !note().trim()) return
    addStep(doc.handle.doc, v.eventId, { kind: 'handle', note: note().trim() }, actor(), Date.now())
    setNote('')
  }
  const rate = (n: number) => {
    const v = ev()
    if (v)
      addStep(
        doc.handle.doc,
        v.eventId,
        { kind: 'rate', satisfaction: n, note: rateNote().trim() },
        actor(),
        Date.now(),
      )
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
                <dd>
                  {v().place} {v().householdId ?? ''}
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
                    <li data-testid="trail-step" data-kind={s.kind}>
                      <strong>{t(`grid.step.${s.kind}` as MessageKey)}</strong> {formatDateTime(s.at)} · {s.byName}
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
            <Show when={caps().dispatcher && !v().closed}>
              <form class="card form" onSubmit={assign} data-testid="assign-form">
                <h2>{v().assignee ? t('grid.step.reassign') : t('grid.step.assign')}</h2>
                <Field
                  label={t('grid.event.assignee')}
                  name="assignee"
                  value={assignee()}
                  onInput={setAssignee}
                  required
                />
                <label class="field">
                  <span>{t('grid.assignee.kind')}</span>
                  <select
                    class="grow"
                    value={kind()}
                    onChange={(e) => setKind(e.currentTarget.value as 'person' | 'body')}
                  >
                    <option value="body">{t('grid.assignee.body')}</option>
                    <option value="person">{t('grid.assignee.person')}</option>
                  </select>
                </label>
                <Field
                  label={t('grid.event.dueInput')}
                  name="due"
                  type="datetime-local"
                  value={due()}
                  onInput={setDue}
                  required
                />
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
                </div>
              </form>
            </Show>
            <Show when={caps().staff && caps().writeEvents && !v().closed}>
              <form class="card form" onSubmit={handle} data-testid="handle-form">
                <h2>{t('grid.step.handle')}</h2>
                <label class="field">
                  <span>{t('grid.handle.what')}</span>
                  <textarea
                    class="grow"
                    rows={3}
                    value={note()}
                    onInput={(e) => setNote(e.currentTarget.value)}
                    required
                    data-testid="handle-note"
                  />
                </label>
                <button type="submit" class="btn btn--primary" data-testid="handle-submit">
                  {t('grid.handle.submit')}
                </button>
              </form>
            </Show>
            <Show when={mayRate()}>
              <section class="card form" data-testid="rate-form">
                <h2>{t('grid.step.rate')}</h2>
                <Field label={t('grid.rate.note')} name="rate-note" value={rateNote()} onInput={setRateNote} />
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
