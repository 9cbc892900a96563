/** Shared notes `/notes/:id` (doc `notes:<id>`): proves offline edit + merge end to end. */
import { useParams } from '@solidjs/router'
import { createEffect, createSignal, on, onCleanup, Show } from 'solid-js'
import { t } from '../../i18n'
import { isValidDocName } from '../../sync/protocol/docName'
import { openDoc } from '../../sync/docRegistry'
import { createPresence, profileStore, type Peer } from '../../sync/awareness'
import { openProfileDialog } from '../profilePrompt'
import { bindTextarea } from './bindTextarea'
import { PresenceList } from './PresenceList'

export default function NotesPage() {
  const params = useParams<{ id: string }>()
  const docName = () => `notes:${params.id}`
  return (
    <Show when={isValidDocName(docName())} fallback={<p class="card">{t('notes.invalid')}</p>}>
      {/* keyed on the doc name so navigating between notes re-opens cleanly */}
      <Show when={docName()} keyed>
        {(name) => <NotesEditor docName={name} />}
      </Show>
    </Show>
  )
}

function NotesEditor(props: { docName: string }) {
  const handle = openDoc(props.docName)
  const presence = createPresence(handle.awareness)
  const [ready, setReady] = createSignal(false)
  const [others, setOthers] = createSignal<Peer[]>(presence.others.get())
  const unsubOthers = presence.others.subscribe(setOthers)
  let textarea: HTMLTextAreaElement | undefined
  let unbind: (() => void) | undefined
  let disposed = false

  void handle.ready.then(() => {
    if (!disposed) setReady(true)
  })
  createEffect(
    on(ready, (isReady) => {
      if (isReady && textarea && !unbind) unbind = bindTextarea(textarea, handle.doc.getText('notes'))
    }),
  )
  if (!profileStore.get()) openProfileDialog()

  onCleanup(() => {
    disposed = true
    unbind?.()
    unsubOthers()
    presence.destroy()
    handle.release()
  })

  return (
    <div class="notes-layout">
      <section class="card notes">
        <h1>{t('notes.title')}</h1>
        <Show when={!ready()}>
          <p class="muted">{t('notes.loading')}</p>
        </Show>
        <textarea
          ref={textarea}
          class="notes__text"
          data-testid="notes-text"
          data-ready={ready() ? 'true' : 'false'}
          disabled={!ready()}
          placeholder={t('notes.placeholder')}
          onFocus={() => presence.setEditing('notes')}
          onBlur={() => presence.setEditing(null)}
        />
      </section>
      <PresenceList others={others()} />
    </div>
  )
}
