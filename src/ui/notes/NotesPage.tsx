/** Council notes `/c/:councilId/notes` (doc `notes:<councilId>`): co-edited, offline-capable. */
import { A, useParams } from '@solidjs/router'
import { createEffect, on, onCleanup, Show } from 'solid-js'
import { t } from '../../i18n'
import { createPresence, type Peer } from '../../sync/awareness'
import { AccessNotice } from '../AccessNotice'
import { useStore } from '../bridge'
import { useCouncilAccess } from '../session'
import { useDoc } from '../useDoc'
import { bindTextarea } from './bindTextarea'
import { PresenceList } from './PresenceList'
import { tryDocName } from '../../domain/docTypes'

export default function NotesPage() {
  const params = useParams<{ councilId: string }>()
  const docName = () => tryDocName('notes', params.councilId)
  const access = useCouncilAccess(() => params.councilId)
  return (
    <Show when={docName() !== null} fallback={<p class="card">{t('notes.invalid')}</p>}>
      <Show when={access().canRead('notes')} fallback={<AccessNotice pending={0} />}>
        {/* keyed on the doc name so navigating between councils re-opens cleanly */}
        <Show when={docName()} keyed>
          {(name) => (
            <NotesEditor docName={name} councilId={params.councilId} readOnly={access().level('notes') === 'read'} />
          )}
        </Show>
      </Show>
    </Show>
  )
}

function NotesEditor(props: { docName: string; councilId: string; readOnly: boolean }) {
  const doc = useDoc(props.docName)
  const presence = createPresence(doc.handle.awareness)
  const others = useStore<Peer[]>(presence.others)
  let textarea: HTMLTextAreaElement | undefined
  let unbind: (() => void) | undefined

  createEffect(
    on(doc.ready, (isReady) => {
      if (isReady && textarea && !unbind) unbind = bindTextarea(textarea, doc.handle.doc.getText('notes'))
    }),
  )
  onCleanup(() => {
    unbind?.()
    presence.destroy()
  })

  return (
    <div class="stack">
      <A href={`/c/${props.councilId}`} class="back-link">
        ← {t('council.back')}
      </A>
      <Show when={doc.access() === 'ok'} fallback={<AccessNotice pending={doc.status().pending} />}>
        <div class="notes-layout">
          <section class="card notes">
            <h1>{t('notes.title')}</h1>
            <Show when={!doc.ready()}>
              <p class="muted">{t('notes.loading')}</p>
            </Show>
            <Show when={props.readOnly}>
              <p class="muted">{t('notes.readonly')}</p>
            </Show>
            <textarea
              ref={textarea}
              class="notes__text"
              data-testid="notes-text"
              data-ready={doc.ready() ? 'true' : 'false'}
              disabled={!doc.ready()}
              readOnly={props.readOnly}
              placeholder={t('notes.placeholder')}
              onFocus={() => presence.setEditing('notes')}
              onBlur={() => presence.setEditing(null)}
            />
          </section>
          <PresenceList others={others()} />
        </div>
      </Show>
    </div>
  )
}
