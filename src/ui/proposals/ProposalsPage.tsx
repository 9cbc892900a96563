/** The council's renovation plans `/c/:councilId/proposals` (index doc): list and create. */
import { TextField } from '../form/Form'
import { useNavigate } from '@solidjs/router'
import { createSignal, Show, type JSX } from 'solid-js'
import { t } from '../../i18n'
import { createProposal } from '../../domain/proposals/commands'
import { newProposalId } from '../../domain/proposals/ids'
import { readProposals } from '../../domain/proposals/queries'
import { openDoc } from '../../sync/docRegistry'
import { CouncilGate } from '../CouncilGate'
import { CouncilListPage, CreateForm } from '../list/CouncilListPage'
import { useDoc, useDocValue } from '../useDoc'
import { useMe } from '../meetings/useMeeting'
import './proposals.css'
import { docName } from '../../domain/docTypes'

export default function ProposalsPage(): JSX.Element {
  return (
    <CouncilGate reads="proposal">
      {(c, access) => (
        <ProposalList councilId={c} writable={access().canRead('plandraft') && access().level('proposal') !== 'read'} />
      )}
    </CouncilGate>
  )
}

function ProposalList(props: { councilId: string; writable: boolean }): JSX.Element {
  const me = useMe()
  const navigate = useNavigate()
  const index = useDoc(docName('proposalIndex', props.councilId))
  const list = useDocValue(index.handle.doc, index.handle.ready, readProposals)
  const [title, setTitle] = createSignal('')

  const create = async (e: SubmitEvent): Promise<void> => {
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
    <CouncilListPage
      councilId={props.councilId}
      title={t('proposals.title')}
      items={list()}
      empty={t('proposals.empty')}
      href={(p) => `/c/${props.councilId}/proposals/${p.id}`}
      linkTestId="proposal-link"
      row={(p) => (
        <>
          {p.title}{' '}
          <span class="tag">
            {p.latestVersion > 0 ? t('proposals.latest', { n: p.latestVersion }) : t('proposals.draftOnly')}
          </span>
        </>
      )}
    >
      <Show when={props.writable}>
        <CreateForm
          title={t('proposals.new')}
          testId="proposal-form"
          submitLabel={t('proposals.create')}
          submitTestId="proposal-create"
          disabled={!index.ready()}
          onSubmit={(e) => void create(e)}
        >
          <TextField label={t('proposal.field.title')} name="title" value={title()} onInput={setTitle} required />
        </CreateForm>
      </Show>
    </CouncilListPage>
  )
}
