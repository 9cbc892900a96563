/**
 * The outer part of the canvass pages (walk list and summary): a valid proposal id, then people who
 * may read both the canvass and the roll, then the view, made again (keyed) when the council or
 * proposal in the URL changes.
 */
import { useParams } from '@solidjs/router'
import { Show, type Accessor, type JSX } from 'solid-js'
import type { CouncilAccess } from '../../auth/permissions'
import { isProposalId, type ProposalId } from '../../domain/proposals/ids'
import { t } from '../../i18n'
import { AccessNotice } from '../AccessNotice'
import { useCouncilAccess } from '../session'

export function CanvassGate(props: {
  children: (councilId: string, proposalId: ProposalId, access: Accessor<CouncilAccess>) => JSX.Element
}): JSX.Element {
  const params = useParams<{ councilId: string; proposalId: string }>()
  const access = useCouncilAccess(() => params.councilId)
  return (
    <Show when={isProposalId(params.proposalId)} fallback={<p class="card">{t('proposals.invalid')}</p>}>
      <Show when={access().canRead('canvass') && access().canRead('roll')} fallback={<AccessNotice pending={0} />}>
        <Show when={`${params.councilId}/${params.proposalId}`} keyed>
          {(_k) => props.children(params.councilId, params.proposalId as ProposalId, access)}
        </Show>
      </Show>
    </Show>
  )
}
