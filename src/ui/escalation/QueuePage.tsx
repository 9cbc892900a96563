/**
 * 上级受理 — `/q` (the queues this person handles or views) and `/q/:nodeId` (one community's or
 * street's queue): items escalated past the compound with their deadline, and the handler's steps
 * (accept, handle with the result, escalate to the level above, return to the compound). Works
 * offline: the queue is a normal Yjs doc on the device; the server mirrors each step into the
 * council's event trail once it syncs (server/escalation/).
 */
import { A, useParams } from '@solidjs/router'
import { createMemo, createSignal, For, Show } from 'solid-js'
import { addQueueStep, setDeadlineDays } from '../../domain/escalation/commands'
import { DEFAULT_DEADLINE_DAYS } from '../../domain/escalation/deadlines'
import { readQueue, type QueueRow } from '../../domain/escalation/queue'
import { DeadlineDaysSchema, migrate, type QueueStepKind } from '../../domain/escalation/schema'
import { queueStepProblem } from '../../domain/escalation/writeRules'
import { docName, tryDocName } from '../../domain/docTypes'
import { t, type MessageKey } from '../../i18n'
import { Refusal } from '../Refusal'
import { formatDateTime } from '../../i18n/dates'
import { PrimaryButton, TextArea, TextField } from '../form/Form'
import { useMe } from '../meetings/useMeeting'
import { useDoc, useDocValue } from '../useDoc'
import { useNow } from '../useNow'
import { categoryLabel } from '../grid/EventsPage'
import { useQueues } from './useQueues'
import '../grid/grid.css'

export function QueuesPage() {
  const queues = useQueues()
  return (
    <div class="stack">
      <h1>{t('escalation.title')}</h1>
      <section class="card">
        <h2>{t('escalation.queues')}</h2>
        <Show when={(queues() ?? []).length > 0} fallback={<p class="muted">{t('escalation.noQueues')}</p>}>
          <ul class="list" data-testid="queue-list">
            <For each={queues()}>
              {(q) => (
                <li>
                  <A href={`/q/${q.nodeId}`} class="btn" data-testid="queue-link">
                    {q.name}（{t(`escalation.level.${q.kind}` as MessageKey)}）
                  </A>
                </li>
              )}
            </For>
          </ul>
        </Show>
      </section>
    </div>
  )
}

export default function QueuePage() {
  const params = useParams<{ nodeId: string }>()
  return (
    <Show when={tryDocName('queue', params.nodeId)} keyed fallback={<p class="card">{t('escalation.noQueues')}</p>}>
      {(_name) => <Queue nodeId={params.nodeId} />}
    </Show>
  )
}

const STEP_KINDS: QueueStepKind[] = ['accept', 'handle', 'escalate', 'return']

function Queue(props: { nodeId: string }) {
  const queues = useQueues()
  const me = useMe()
  const now = useNow()
  const ref = createMemo(() => (queues() ?? []).find((q) => q.nodeId === props.nodeId))
  const handler = () => ref()?.role === 'org_handler'
  const used = useDoc(docName('queue', props.nodeId))
  void used.handle.ready.then(() => {
    if (handler()) migrate(used.handle.doc)
  })
  const snap = useDocValue(used.handle.doc, used.handle.ready, (d) => readQueue(d, Date.now()))
  const rows = () => snap().rows.map((r) => ({ ...r, overdue: !r.closed && now() > r.dueAt }))
  const open = () => rows().filter((r) => !r.closed)
  const level = () => ref()?.kind ?? 'community'

  return (
    <div class="stack">
      <A href="/q" class="back-link">
        {t('escalation.back')}
      </A>
      <h1 data-testid="queue-title">{ref() ? `${ref()!.name}·${t('escalation.title')}` : t('escalation.title')}</h1>
      <p class="card muted" data-testid="queue-summary">
        {t('escalation.open', { n: open().length })} ·{' '}
        {t('escalation.overdueN', { n: open().filter((r) => r.overdue).length })} · {t('escalation.due')}{' '}
        {snap().deadlineDays !== null
          ? t('escalation.days', { n: snap().deadlineDays! })
          : t('escalation.deadlineDefault', { n: DEFAULT_DEADLINE_DAYS[level()] })}
      </p>
      <Show when={handler()}>
        <DeadlineForm
          current={snap().deadlineDays ?? DEFAULT_DEADLINE_DAYS[level()]}
          onSave={(days) => {
            const r = setDeadlineDays(used.handle.doc, days, { userId: me().userId, name: me().name })
            return r.ok ? null : t('escalation.refusal.deadline')
          }}
        />
      </Show>
      <Show
        when={rows().length > 0}
        fallback={<p class="card muted">{used.ready() ? t('escalation.empty') : t('escalation.loading')}</p>}
      >
        <For each={rows()}>
          {(row) => (
            <Item
              row={row}
              mayWrite={handler()}
              onStep={(kind, note) => {
                const d = used.handle.doc
                const actor = { userId: me().userId, roles: ['org_handler'], scope: {} }
                const at = Date.now()
                const step = { kind, itemId: row.itemId, note, at, by: me().userId, byName: me().name, seq: 1 }
                const p = queueStepProblem(actor, step, d.getMap('items').get(row.itemId))
                if (p) return p.code === 'queue-invalid' ? t('escalation.noteRequired') : p.message
                const r = addQueueStep(d, row.itemId, kind, note, { userId: me().userId, name: me().name }, at)
                return r.ok ? null : t('escalation.refusal.step')
              }}
            />
          )}
        </For>
      </Show>
    </div>
  )
}

function Item(props: {
  row: QueueRow & { overdue: boolean }
  mayWrite: boolean
  onStep: (k: QueueStepKind, note: string) => string | null
}) {
  const [note, setNote] = createSignal('')
  const [error, setError] = createSignal('')
  const r = () => props.row
  const act = (kind: QueueStepKind) => {
    const problem = props.onStep(kind, note().trim())
    setError(problem ?? '')
    if (!problem) setNote('')
  }
  return (
    <section class="card" data-testid="queue-item" data-state={r().state} data-overdue={r().overdue ? 'yes' : 'no'}>
      <h2>{r().summary}</h2>
      <dl class="facts">
        <dt>{t('escalation.from')}</dt>
        <dd translate="no">{r().councilName}</dd>
        <dt>{t('escalation.category')}</dt>
        <dd>{categoryLabel(r().category)}</dd>
        <dt>{t('escalation.place')}</dt>
        <dd>{r().place || '—'}</dd>
        <dt>{t('escalation.escalated')}</dt>
        <dd>{formatDateTime(r().escalatedAt)}</dd>
        <dt>{t('escalation.due')}</dt>
        <dd classList={{ overdue: r().overdue }} data-testid="queue-due">
          {formatDateTime(r().dueAt)} {r().overdue ? t('escalation.overdue') : r().late ? t('escalation.late') : ''}
        </dd>
        <dt>{t('grid.event.status')}</dt>
        <dd data-testid="queue-state">{t(`escalation.state.${r().state}` as MessageKey)}</dd>
        <Show when={r().note}>
          <dt>{t('escalation.why')}</dt>
          <dd>{r().note}</dd>
        </Show>
      </dl>
      <Show when={r().steps.length > 0}>
        <h3>{t('escalation.trail')}</h3>
        <ol class="timeline" data-testid="queue-trail">
          <For each={r().steps}>
            {(s) => (
              <li data-kind={s.kind}>
                <strong>{t(`escalation.step.${s.kind}` as MessageKey)}</strong> {formatDateTime(s.at)} · {s.byName}
                {s.note ? ` — ${s.note}` : ''}
              </li>
            )}
          </For>
        </ol>
      </Show>
      <Show when={props.mayWrite && !r().closed}>
        <div class="form" data-testid="queue-form">
          <TextArea label={t('escalation.result')} value={note()} onInput={setNote} data-testid="queue-note" />
          <Show when={error()}>
            <p class="form__error" role="alert" data-testid="queue-error">
              {error()}
            </p>
          </Show>
          <div class="row">
            <For each={STEP_KINDS.filter((k) => k !== 'escalate' || r().level !== 'district')}>
              {(k) => (
                <button
                  type="button"
                  class={k === 'handle' ? 'btn btn--primary' : 'btn'}
                  onClick={() => act(k)}
                  data-testid={`queue-${k}`}
                >
                  {t(`escalation.step.${k}` as MessageKey)}
                </button>
              )}
            </For>
          </div>
        </div>
      </Show>
    </section>
  )
}

/** This level's deadline in days (1–60), for the items escalated here from now on. */
function DeadlineForm(props: { current: number; onSave: (days: number) => string | null }) {
  const [days, setDays] = createSignal('')
  const [saved, setSaved] = createSignal(false)
  const [refusal, setRefusal] = createSignal<string | null>(null)
  const submit = (e: Event) => {
    e.preventDefault()
    const d = DeadlineDaysSchema.safeParse(Number(days()))
    const refused = d.success ? props.onSave(d.data) : t('escalation.refusal.deadline')
    setRefusal(refused)
    if (refused) return
    setDays('')
    setSaved(true)
  }
  return (
    <form class="card form" onSubmit={submit} data-testid="deadline-form">
      <TextField
        label={t('escalation.deadline')}
        name="deadline-days"
        type="number"
        min={1}
        max={60}
        placeholder={String(props.current)}
        value={days()}
        onInput={(v) => {
          setDays(v)
          setSaved(false)
        }}
        required
      />
      <PrimaryButton testId="deadline-save">{t('escalation.deadlineSave')}</PrimaryButton>
      <Refusal text={refusal()} onDismiss={() => setRefusal(null)} testId="deadline-refusal" />
      <Show when={saved()}>
        <p class="muted">{t('escalation.saved')}</p>
      </Show>
    </form>
  )
}
