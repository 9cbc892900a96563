/** The council's renovation plans `/c/:councilId/proposals` (index doc): list and create. */
import { TextField } from '../form/Form'
import { A, useNavigate, useParams } from '@solidjs/router'
import { createMemo, createSignal, For, Show, type JSX } from 'solid-js'
import { t } from '../../i18n'
import { createProposal } from '../../domain/proposals/commands'
import { newProposalId } from '../../domain/proposals/ids'
import { readProposals } from '../../domain/proposals/queries'
import { openDoc } from '../../sync/docRegistry'
import { AccessNotice } from '../AccessNotice'
import { useCouncilAccess } from '../session'
import { useDoc } from '../useDoc'
import { useMe, useYVersion } from '../meetings/useMeeting'
import './proposals.css'
import { docName } from '../../domain/docTypes'

export default function ProposalsPage(): JSX.Element {
  const params = useParams<{ councilId: string }>()
  const access = useCouncilAccess(() => params.councilId)
  return (
    <Show when={access().canRead('proposal')} fallback={<AccessNotice pending={0} />}>
      <Show when={params.councilId} keyed>
        {(c) => (
          <ProposalList
            councilId={c}
            writable={access().canRead('plandraft') && access().level('proposal') !== 'read'}
          />
        )}
      </Show>
    </Show>
  )
}

function ProposalList(props: { councilId: string; writable: boolean }): JSX.Element {
  const me = useMe()
  const navigate = useNavigate()
  const index = useDoc(docName('proposalIndex', props.councilId))
  const v = useYVersion(index.handle.doc)
  const list = createMemo(() => (v(), readProposals(index.handle.doc)))
  const [title, setTitle] = createSignal('')

  const create = async (e: Event): Promise<void> => {
    e.preventDefault()
    if (!title().trim()) return
    const id = newProposalId()
    const doc = openDoc(docName('proposal', props.councilId, id))
    const draft = openDoc(docName('plandraft', props.councilId, id))
    await Promise.all([doc.ready, draft.ready])
    createProposal(
      doc.doc,
      index.handle.doc,
      { proposalId: id, councilId: props.councilId, title: title().trim() },
      me().userId,
      new Date(),
      draft.doc,
    )
    navigate(`/c/${props.councilId}/proposals/${id}`)
    // Kept open until the page navigates, so the new docs are saved and sent before release.
    setTimeout(() => {
      doc.release()
      draft.release()
    }, 1000)
  }

  return (
    <div class="stack">
      <A href={`/c/${props.councilId}`} class="back-link">
        ← {t('council.back')}
      </A>
      <section class="card">
        <h1>{t('proposals.title')}</h1>
        <Show when={list().length > 0} fallback={<p class="muted">{t('proposals.empty')}</p>}>
          <ul class="section-list">
            <For each={list()}>
              {(p) => (
                <li>
                  <A
                    class="section-list__item"
                    href={`/c/${props.councilId}/proposals/${p.id}`}
                    data-testid="proposal-link"
                  >
                    {p.title}{' '}
                    <span class="tag">
                      {p.latestVersion > 0 ? t('proposals.latest', { n: p.latestVersion }) : t('proposals.draftOnly')}
                    </span>
                  </A>
                </li>
              )}
            </For>
          </ul>
        </Show>
      </section>
      <Show when={props.writable}>
        <form class="card form" onSubmit={(e) => void create(e)} data-testid="proposal-form">
          <h2>{t('proposals.new')}</h2>
          <TextField label={t('proposal.field.title')} name="title" value={title()} onInput={setTitle} required />
          <button type="submit" class="btn btn--primary" data-testid="proposal-create" disabled={!index.ready()}>
            {t('proposals.create')}
          </button>
        </form>
      </Show>
    </div>
  )
}
