/**
 * Home screen of staff who are also council members (staff-only accounts open on /staff instead):
 * their staff home, and a link to each of their nodes' dashboards.
 */
import { A } from '@solidjs/router'
import { For, Show } from 'solid-js'
import { t } from '../../i18n'
import { useSession } from '../session'
import { kindLabel } from './Figures'

interface OrgFields {
  orgStaff?: Array<{ nodeId: string; role: string }>
  orgNodes?: Array<{ id: string; kind: string; name: string; parentId: string | null }>
}

/** The org part of the session (absent in sessions stored before the org tree). */
export function useOrgSession() {
  const session = useSession()
  return () => {
    const s = session() as (ReturnType<typeof session> & OrgFields) | null
    return { staff: s?.orgStaff ?? [], nodes: s?.orgNodes ?? [] }
  }
}

export function OrgHomeLinks() {
  const org = useOrgSession()
  const nodes = () => {
    const ids = [...new Set(org().staff.map((x) => x.nodeId))]
    return ids.flatMap((id) => org().nodes.filter((n) => n.id === id))
  }
  return (
    <Show when={nodes().length > 0}>
      <section class="card stack" data-testid="org-home">
        <h2>{t('orgdash.home')}</h2>
        <A class="btn" href="/staff">
          {t('staffhome.entry')}
        </A>
        <For each={nodes()}>
          {(n) => (
            <A class="btn btn--primary" href={`/org/${encodeURIComponent(n.id)}`} data-testid="org-home-link">
              <span translate="no">{n.name}</span>（{kindLabel(n.kind)}）
            </A>
          )}
        </For>
      </section>
    </Show>
  )
}
