/**
 * The outer part of a page under /c/:councilId: the access notice for people whose roles may not
 * read `reads`, else the view, made again (keyed) when the council in the URL changes, so its docs
 * are opened for the right council.
 */
import { useParams } from '@solidjs/router'
import { Show, type Accessor, type JSX } from 'solid-js'
import type { CouncilAccess } from '../auth/permissions'
import type { DocType } from '../domain/access/policy'
import { AccessNotice } from './AccessNotice'
import { useCouncilAccess } from './session'

export function CouncilGate(props: {
  reads: DocType
  children: (councilId: string, access: Accessor<CouncilAccess>) => JSX.Element
}): JSX.Element {
  const params = useParams<{ councilId: string }>()
  const access = useCouncilAccess(() => params.councilId)
  return (
    <Show when={access().canRead(props.reads)} fallback={<AccessNotice pending={0} />}>
      <Show when={params.councilId} keyed>
        {(c) => props.children(c, access)}
      </Show>
    </Show>
  )
}
