/** `/c/:councilId/votes`: the council's votes (server list + those this device knows) and, for chair/secretary, a new-vote form. */
import { useNavigate, useParams } from '@solidjs/router'
import { createResource, createSignal, Show } from 'solid-js'
import { authedRequest } from '../../auth/session'
import { createVote } from '../../domain/voting/commands'
import { newId } from '../../domain/ids'
import { t } from '../../i18n'
import { voteRefusalText } from './refusals'
import { openDoc } from '../../sync/docRegistry'
import { useCouncilAccess, useSession } from '../session'
import { actorOf, knownVotes, rememberVote } from './useVote'
import { CouncilListPage } from '../list/CouncilListPage'
import { ChoiceField, DateTimeField, PrimaryButton, TextArea, TextField } from '../form/Form'
import './voting.css'
import { docName } from '../../domain/docTypes'

interface Listed {
  voteId: string
  title: string
  status?: string
}

export default function VoteListPage() {
  const params = useParams<{ councilId: string }>()
  const access = useCouncilAccess(() => params.councilId)
  const session = useSession()
  const navigate = useNavigate()
  const [server] = createResource(
    () => params.councilId,
    async (id) => {
      try {
        return (await authedRequest<{ votes: Listed[] }>(`/api/votes?council=${id}`)).body.votes
      } catch {
        return [] as Listed[] // offline: the locally known votes below
      }
    },
  )
  const votes = () => {
    const list: Listed[] = [...(server.latest ?? [])]
    for (const k of knownVotes(params.councilId)) if (!list.some((v) => v.voteId === k.voteId)) list.push(k)
    return list
  }
  const canManage = () =>
    access().level('vote') === 'cond' &&
    (access().isAdmin || access().roles.some((r) => r === 'chair' || r === 'secretary'))
  const [error, setError] = createSignal('')

  const create = async (e: SubmitEvent) => {
    e.preventDefault()
    const f = new FormData(e.currentTarget as HTMLFormElement)
    const actor = actorOf(session())
    if (!actor) return
    const voteId = newId('v')
    const handle = openDoc(docName('vote', params.councilId, voteId))
    await handle.ready
    const r = createVote(
      handle.doc,
      {
        councilId: params.councilId,
        voteId,
        title: String(f.get('title') ?? ''),
        question: String(f.get('question') ?? ''),
        proposalVersionId: String(f.get('proposal') ?? '').trim() || undefined,
        matter: f.get('matter') === 'ordinary' ? 'ordinary' : 'special',
        opensAt: String(f.get('opensAt') ?? ''),
        closesAt: String(f.get('closesAt') ?? ''),
      },
      actor,
    )
    if (!r.ok) {
      handle.release()
      setError(voteRefusalText(r))
      return
    }
    rememberVote(params.councilId, { voteId, title: String(f.get('title')) })
    // keep the doc open until the page that shows it takes over (the registry is ref-counted)
    setTimeout(() => handle.release(), 5000)
    navigate(`/c/${params.councilId}/votes/${voteId}`)
  }

  return (
    <CouncilListPage
      councilId={params.councilId}
      title={t('voting.list')}
      testId="vote-list"
      items={votes()}
      empty={t('voting.none')}
      emptyClass="empty"
      href={(v) => `/c/${params.councilId}/votes/${v.voteId}`}
      linkTestId="vote-link"
      row={(v) => (
        <>
          {v.title}{' '}
          <Show when={v.status}>
            <span class="muted">（{t(`voting.status.${v.status as 'open'}`)}）</span>
          </Show>
        </>
      )}
    >
      <Show when={canManage()}>
        <form class="card stack" data-testid="vote-create" onSubmit={create}>
          <h2>{t('voting.create')}</h2>
          <TextField label={t('voting.f.title')} name="title" required maxLength={200} />
          <TextArea label={t('voting.f.question')} name="question" rows={3} maxLength={2000} />
          <TextField label={t('voting.f.proposal')} name="proposal" maxLength={64} />
          <ChoiceField
            legend={t('voting.f.matter')}
            name="matter"
            value="special"
            options={[
              { value: 'special', label: t('voting.matter.special') },
              { value: 'ordinary', label: t('voting.matter.ordinary') },
            ]}
          />
          <DateTimeField label={t('voting.f.opensAt')} name="opensAt" />
          <DateTimeField label={t('voting.f.closesAt')} name="closesAt" />
          <Show when={error()}>
            <p class="error" role="alert">
              {error()}
            </p>
          </Show>
          <PrimaryButton>{t('voting.create')}</PrimaryButton>
        </form>
      </Show>
    </CouncilListPage>
  )
}
