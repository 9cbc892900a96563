/** Ordered agenda: add, move up/down, remove (while the meeting is open). */
import { TextField } from '../form/Form'
import { createSignal, For, Show, type JSX } from 'solid-js'
import type * as Y from 'yjs'
import { t } from '../../i18n'
import { Refusal } from '../Refusal'
import { createMeetingRefusal } from './refusals'
import { addAgendaItem, moveAgendaItem, removeAgendaItem } from '../../domain/meetings/commands'
import type { AgendaItemId } from '../../domain/meetings/ids'
import type { AgendaEntry } from '../../domain/meetings/queries'

export function AgendaSection(props: {
  doc: Y.Doc
  agenda: AgendaEntry[]
  editable: boolean
  userId: string
}): JSX.Element {
  const [title, setTitle] = createSignal('')
  const [presenter, setPresenter] = createSignal('')
  const [linked, setLinked] = createSignal('')
  const refusal = createMeetingRefusal()
  const add = (e: Event): void => {
    e.preventDefault()
    if (!title().trim()) return
    const linkedId = linked().trim()
    const r = addAgendaItem(
      props.doc,
      { title: title().trim(), presenter: presenter().trim(), ...(linkedId ? { linkedId } : {}) },
      props.userId,
    )
    if (!refusal.report(r)) return
    setTitle('')
    setPresenter('')
    setLinked('')
  }
  return (
    <section class="card" data-testid="agenda">
      <h2>{t('meeting.agenda')}</h2>
      <Refusal text={refusal.text()} onDismiss={refusal.clear} testId="agenda-refusal" />
      <Show when={props.agenda.length > 0} fallback={<p class="muted">{t('meeting.agenda.empty')}</p>}>
        <ol class="agenda-list">
          <For each={props.agenda}>
            {(item, i) => (
              <li data-testid="agenda-item">
                <span class="agenda-list__title">{item.title}</span>
                <Show when={item.presenter}>
                  <span class="muted">（{item.presenter}）</span>
                </Show>
                <Show when={item.linkedId}>
                  <span class="tag">{item.linkedId}</span>
                </Show>
                <Show when={props.editable}>
                  <span class="agenda-list__actions">
                    <button
                      type="button"
                      class="btn btn--small btn--ghost"
                      disabled={i() === 0}
                      onClick={() => moveAgendaItem(props.doc, item.id as AgendaItemId, -1, props.userId)}
                    >
                      {t('meeting.agenda.up')}
                    </button>
                    <button
                      type="button"
                      class="btn btn--small btn--ghost"
                      disabled={i() === props.agenda.length - 1}
                      onClick={() => moveAgendaItem(props.doc, item.id as AgendaItemId, 1, props.userId)}
                    >
                      {t('meeting.agenda.down')}
                    </button>
                    <button
                      type="button"
                      class="btn btn--small btn--ghost"
                      onClick={() => removeAgendaItem(props.doc, item.id as AgendaItemId, props.userId)}
                    >
                      {t('meeting.agenda.remove')}
                    </button>
                  </span>
                </Show>
              </li>
            )}
          </For>
        </ol>
      </Show>
      <Show when={props.editable}>
        <form class="inline-form" onSubmit={add}>
          <TextField label={t('meeting.agenda.title')} data-testid="agenda-title" value={title()} onInput={setTitle} />
          <TextField label={t('meeting.agenda.presenter')} value={presenter()} onInput={setPresenter} />
          <TextField label={t('meeting.agenda.linked')} value={linked()} onInput={setLinked} />
          <button type="submit" class="btn" data-testid="agenda-add">
            {t('meeting.agenda.add')}
          </button>
        </form>
      </Show>
    </section>
  )
}
