/** `/c/:councilId/votes/:voteId/board`: the live tally in large type for the meeting-room screen. */
import { A, useParams } from '@solidjs/router'
import { Show } from 'solid-js'
import { t } from '../../i18n'
import { AccessNotice } from '../AccessNotice'
import { useCouncilAccess } from '../session'
import { Board } from './Board'
import { DriveTargetView, useDriveTarget } from './DriveTarget'
import { useVote } from './useVote'
import './voting.css'

export default function BoardPage() {
  const params = useParams<{ councilId: string; voteId: string }>()
  const access = useCouncilAccess(() => params.councilId)
  return (
    <Show when={access().canRead('vote')} fallback={<AccessNotice pending={0} />}>
      <BoardView councilId={params.councilId} voteId={params.voteId} />
    </Show>
  )
}

function BoardView(props: { councilId: string; voteId: string }) {
  const vote = useVote(props.councilId, props.voteId)
  const target = useDriveTarget(
    () => vote.snap(),
    () => vote.tally(),
  )
  return (
    <div class="stack">
      <A href={`/c/${props.councilId}/votes/${props.voteId}`} class="back-link">
        ← {t('voting.title')}
      </A>
      <Show when={vote.snap().meta && vote.tally()}>
        <h1 class="board-title">{vote.snap().meta!.title}</h1>
        <Board result={vote.tally()!.result} matter={vote.snap().meta!.matter} big />
        <div data-testid="board-missing">
          <Show when={target()}>{(tg) => <DriveTargetView target={tg()} big />}</Show>
        </div>
      </Show>
    </div>
  )
}
