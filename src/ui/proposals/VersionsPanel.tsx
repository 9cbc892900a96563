/** Publishing the draft as the next frozen version; the versions and the suggestions they answer. */
import { TextField } from '../form/Form'
import { createSignal, For, Show, type JSX } from 'solid-js'
import type * as Y from 'yjs'
import { t } from '../../i18n'
import { publishVersion, unadoptSuggestion } from '../../domain/proposals/commands'
import { formatYuan } from '../../domain/proposals/money'
import { commentCount, readComments, type AdoptionEntry, type VersionEntry } from '../../domain/proposals/queries'
import { Comments } from './Comments'
import type { Me } from '../meetings/useMeeting'
import { categoryLabel, locationLabel } from './ItemEditor'
import { formatDateTime } from '../../i18n/dates'

export function PublishBox(props: {
  doc: Y.Doc
  draftDoc: Y.Doc
  index: Y.Doc
  next: number
  inSync: boolean
  me: Me
}): JSX.Element {
  const [note, setNote] = createSignal('')
  const publish = (): void => {
    if (!confirm(t('proposal.publishConfirm', { n: props.next }))) return
    publishVersion(
      props.doc,
      props.index,
      { userId: props.me.userId, name: props.me.name },
      new Date(),
      note().trim(),
      props.draftDoc,
    )
    setNote('')
  }
  return (
    <section class="card" data-testid="publish">
      <TextField
        label={t('proposal.publishNote')}
        value={note()}
        onInput={setNote}
        maxLength={2000}
        data-testid="publish-note"
      />
      <button
        type="button"
        class="btn btn--primary"
        disabled={!props.inSync}
        onClick={publish}
        data-testid="publish-version"
      >
        {t('proposal.publish', { n: props.next })}
      </button>
      <Show when={!props.inSync}>
        <p class="muted">{t('proposal.publishOffline')}</p>
      </Show>
    </section>
  )
}

export function VersionsList(props: {
  versions: VersionEntry[]
  /** the proposal doc: comments on published versions live there */
  doc: Y.Doc
  version: number
  canComment: boolean
  maskName: boolean
  me: Me
}): JSX.Element {
  return (
    <section class="card" data-testid="versions">
      <h2>{t('proposal.versions')}</h2>
      <p class="muted">{t('proposal.version.frozen')}</p>
      <Show when={props.versions.length > 0} fallback={<p class="muted">{t('proposal.versions.empty')}</p>}>
        <ul class="version-list">
          <For each={props.versions}>
            {(v) => (
              <li data-testid="version" data-no={v.no}>
                <details>
                  <summary>
                    <strong>{t('proposal.version', { n: v.no })}</strong> {v.title}{' '}
                    <span class="muted">
                      {t('proposal.version.by', { name: v.publishedByName, at: formatDateTime(v.publishedAt) })}
                    </span>
                    <Show when={v.answers.length > 0}>
                      {' '}
                      <span class="tag" data-testid="version-answers">
                        {t('proposal.version.answers', { n: v.answers.length })}
                      </span>
                    </Show>
                    <Show when={v.duplicate}>
                      {' '}
                      <span class="warn">{t('proposal.version.duplicate', { n: v.no })}</span>
                    </Show>
                  </summary>
                  <Show when={v.note}>
                    <p>{v.note}</p>
                  </Show>
                  <p class="muted">
                    {t('proposal.field.budget')}：{formatYuan(v.budgetFen)}
                  </p>
                  <ol>
                    <For each={v.items}>
                      {(it) => (
                        <li data-testid="version-item">
                          {it.title || categoryLabel(it.category)} · {categoryLabel(it.category)} ·{' '}
                          {locationLabel(it.building)} · {formatYuan(it.costFen)}
                          <Comments
                            doc={props.doc}
                            itemId={it.id}
                            threads={(props.version, readComments(props.doc, it.id, v.no))}
                            count={(props.version, commentCount(props.doc, v.no).get(it.id) ?? 0)}
                            canWrite={props.canComment}
                            me={props.me}
                            versionNo={v.no}
                            maskName={props.maskName}
                          />
                        </li>
                      )}
                    </For>
                  </ol>
                  <Show when={v.answers.length > 0}>
                    <ul class="answers">
                      <For each={v.answers}>
                        {(a) => (
                          <li>
                            {a.householdId}：{a.text}
                          </li>
                        )}
                      </For>
                    </ul>
                  </Show>
                </details>
              </li>
            )}
          </For>
        </ul>
      </Show>
    </section>
  )
}

export function AdoptionsPanel(props: {
  doc: Y.Doc
  versionsDoc: Y.Doc
  adoptions: AdoptionEntry[]
  titles: Map<string, string>
  editable: boolean
  me: Me
}): JSX.Element {
  return (
    <section class="card" data-testid="adoptions">
      <h2>{t('proposal.adopted')}</h2>
      <Show when={props.adoptions.length > 0} fallback={<p class="muted">{t('proposal.adopted.empty')}</p>}>
        <ul class="adoption-list">
          <For each={props.adoptions}>
            {(a) => (
              <li data-testid="adoption">
                <span class="tag">{props.titles.get(a.itemId) ?? a.itemId}</span> {a.text}{' '}
                <span class="muted">
                  （{a.householdId} · {a.adoptedByName}）
                </span>{' '}
                <Show
                  when={a.answeredIn !== null}
                  fallback={
                    <>
                      <span class="tag">{t('proposal.adopted.pending')}</span>
                      <Show when={props.editable}>
                        <button
                          type="button"
                          class="btn--link"
                          onClick={() => unadoptSuggestion(props.doc, a.key, props.me.userId, props.versionsDoc)}
                        >
                          {t('proposal.adopted.undo')}
                        </button>
                      </Show>
                    </>
                  }
                >
                  <span class="tag">{t('proposal.adopted.in', { n: a.answeredIn ?? 0 })}</span>
                </Show>
              </li>
            )}
          </For>
        </ul>
      </Show>
    </section>
  )
}
