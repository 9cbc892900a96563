/** Per agenda item: decisions (with a show-of-hands count) and action items (in the council index). */
import { DateTimeField, TextField } from '../form/Form'
import { createSignal, For, Show, type JSX } from 'solid-js'
import type * as Y from 'yjs'
import { t } from '../../i18n'
import { Refusal } from '../Refusal'
import { createMeetingRefusal } from './refusals'
import { formatDate } from '../../i18n/dates'
import { addActionItem, addDecision, setActionDone } from '../../domain/meetings/commands'
import { followUpState, daysOverdue } from '../../domain/meetings/followUps'
import type { ActionItemId, MeetingId } from '../../domain/meetings/ids'
import type { ActionEntry, DecisionEntry } from '../../domain/meetings/queries'

export interface ItemRecordsProps {
  meeting: Y.Doc
  index: Y.Doc
  meetingId: MeetingId
  agendaItemId: string | undefined
  title: string
  decisions: DecisionEntry[]
  actions: ActionEntry[]
  editable: boolean
  userId: string
}

const num = (s: string): number => Math.max(0, Math.floor(Number(s) || 0))

export function ActionLine(props: {
  a: ActionEntry
  index: Y.Doc
  userId: string
  editable: boolean
  children?: JSX.Element
}): JSX.Element {
  const now = Date.now()
  const state = () => followUpState(props.a, now)
  return (
    <li class={`action action--${state()}`} data-testid="action-item" data-state={state()}>
      <span class="action__what">{props.a.what}</span>
      <span class="muted">
        {t('meeting.action.owner')}：{props.a.owner}
      </span>
      <span class="muted">
        {t('meeting.action.due')}：{formatDate(props.a.due)}
      </span>
      <Show when={state() === 'overdue'}>
        <strong class="warn">{t('meeting.action.overdue', { n: daysOverdue(props.a.due, now) })}</strong>
      </Show>
      <Show when={state() === 'due-today'}>
        <strong class="warn">{t('meeting.action.dueToday')}</strong>
      </Show>
      <Show when={state() === 'done'}>
        <span class="ok">{t('meeting.action.done')}</span>
      </Show>
      {props.children}
      <Show when={props.editable}>
        <button
          type="button"
          class="btn btn--small btn--ghost"
          onClick={() =>
            setActionDone(props.index, props.a.id as ActionItemId, !props.a.doneAt, props.userId, new Date())
          }
        >
          {props.a.doneAt ? t('meeting.action.reopen') : t('meeting.action.markDone')}
        </button>
      </Show>
    </li>
  )
}

export function ItemRecords(props: ItemRecordsProps): JSX.Element {
  const [text, setText] = createSignal('')
  const [votes, setVotes] = createSignal({ for: '', against: '', abstain: '' })
  const [what, setWhat] = createSignal('')
  const [owner, setOwner] = createSignal('')
  const [due, setDue] = createSignal('')
  const ref = () => (props.agendaItemId ? { agendaItemId: props.agendaItemId } : {})
  const refusal = createMeetingRefusal()

  const addDec = (e: Event): void => {
    e.preventDefault()
    if (!text().trim()) return
    const v = votes()
    const counted = v.for !== '' || v.against !== '' || v.abstain !== ''
    const r = addDecision(
      props.meeting,
      {
        agendaItemId: props.agendaItemId ?? '',
        text: text().trim(),
        votes: counted ? { for: num(v.for), against: num(v.against), abstain: num(v.abstain) } : null,
        recordedBy: props.userId,
        at: new Date().toISOString(),
      },
      props.userId,
    )
    if (!refusal.report(r)) return
    setText('')
    setVotes({ for: '', against: '', abstain: '' })
  }
  const addAct = (e: Event): void => {
    e.preventDefault()
    if (!what().trim() || !owner().trim() || !/^\d{4}-\d{2}-\d{2}$/.test(due())) return
    const r = addActionItem(
      props.index,
      {
        meetingId: props.meetingId,
        ...ref(),
        what: what().trim(),
        owner: owner().trim(),
        due: due(),
        createdBy: props.userId,
        createdAt: new Date().toISOString(),
      },
      props.userId,
    )
    if (!refusal.report(r)) return
    setWhat('')
    setOwner('')
  }

  return (
    <section class="card item-records" data-testid="item-records">
      <h3>{props.title}</h3>
      <Refusal text={refusal.text()} onDismiss={refusal.clear} testId="item-refusal" />
      <h4>{t('meeting.decisions')}</h4>
      <ul class="decision-list">
        <For each={props.decisions}>
          {(d) => (
            <li data-testid="decision">
              {d.text}
              <Show when={d.votes}>
                {(v) => (
                  <span class="muted">
                    （{t('meeting.decision.votes', { for: v().for, against: v().against, abstain: v().abstain })}）
                  </span>
                )}
              </Show>
            </li>
          )}
        </For>
      </ul>
      <Show when={props.editable}>
        <form class="inline-form" onSubmit={addDec}>
          <TextField
            label={t('meeting.decision.text')}
            class="grow"
            data-testid="decision-text"
            value={text()}
            onInput={setText}
          />
          <TextField
            label={t('meeting.decision.for')}
            class="num"
            type="number"
            min="0"
            inputmode="numeric"
            value={votes().for}
            onInput={(v) => setVotes({ ...votes(), for: v })}
          />
          <TextField
            label={t('meeting.decision.against')}
            class="num"
            type="number"
            min="0"
            inputmode="numeric"
            value={votes().against}
            onInput={(v) => setVotes({ ...votes(), against: v })}
          />
          <TextField
            label={t('meeting.decision.abstain')}
            class="num"
            type="number"
            min="0"
            inputmode="numeric"
            value={votes().abstain}
            onInput={(v) => setVotes({ ...votes(), abstain: v })}
          />
          <button type="submit" class="btn" data-testid="decision-add">
            {t('meeting.decision.add')}
          </button>
        </form>
      </Show>
      <h4>{t('meeting.actions')}</h4>
      <ul class="action-list">
        <For each={props.actions}>
          {(a) => <ActionLine a={a} index={props.index} userId={props.userId} editable={props.editable} />}
        </For>
      </ul>
      <Show when={props.editable}>
        <form class="inline-form" onSubmit={addAct}>
          <TextField
            label={t('meeting.action.what')}
            class="grow"
            data-testid="action-what"
            value={what()}
            onInput={setWhat}
          />
          <TextField label={t('meeting.action.owner')} data-testid="action-owner" value={owner()} onInput={setOwner} />
          <DateTimeField
            label={t('meeting.action.due')}
            kind="date"
            inputTestId="action-due"
            value={due()}
            onInput={setDue}
          />
          <button type="submit" class="btn" data-testid="action-add">
            {t('meeting.action.add')}
          </button>
        </form>
      </Show>
    </section>
  )
}
