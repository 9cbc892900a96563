/**
 * `/staff`: the home of street/community/district staff — each node they hold a role on with its
 * whole subtree, every node with its figures (/org/:id), its escalation queue (/q/:id) and its
 * report, every council with a link to open it (read-only for them). From the session, so it opens
 * offline too. Accounts whose only roles are org staff land here from `/` (HomePage); admins see
 * every district.
 */
import { A } from '@solidjs/router'
import { createMemo, For, Show } from 'solid-js'
import { staffSections, type OutlineRow } from '../../domain/org/outline'
import { roleLabel, t } from '../../i18n'
import { useSession } from '../session'
import { kindLabel } from './Figures'
import { useOrgSession } from './OrgHomeLinks'
import '../orgAdmin/orgAdmin.css'

export default function StaffHomePage() {
  const session = useSession()
  const org = useOrgSession()
  const isAdmin = () => session()?.user.isAdmin ?? false
  const sections = createMemo(() => {
    const councils = (session()?.councils ?? []).map((c) => ({
      id: c.id,
      name: c.name,
      orgNodeId: c.orgNodeId ?? null,
    }))
    const { nodes, staff } = org()
    // Admins hold no staff entry: they see every district as if they held one there.
    const entries = isAdmin()
      ? nodes.filter((n) => n.parentId === null).map((n) => ({ nodeId: n.id, role: 'org_viewer' as const }))
      : staff.map((s) => ({ nodeId: s.nodeId, role: s.role as 'org_viewer' | 'org_handler' }))
    return staffSections(nodes, entries, councils)
  })
  return (
    <div class="stack" data-testid="staff-home">
      <section class="card stack">
        <h1>{t('staffhome.title')}</h1>
        <Show when={sections().length > 0} fallback={<p class="muted">{t('staffhome.none')}</p>}>
          <p class="muted">{isAdmin() ? t('staffhome.adminIntro') : t('staffhome.intro')}</p>
        </Show>
      </section>
      <For each={sections()}>
        {(s) => (
          <section
            class="card"
            data-testid="staff-section"
            data-node={s.node.id}
            aria-labelledby={`staff-${s.node.id}`}
          >
            <h2 id={`staff-${s.node.id}`}>
              <span translate="no">{s.node.name}</span>（{kindLabel(s.node.kind)}）
            </h2>
            <Show when={!isAdmin() && s.roles.length > 0}>
              <p class="muted" data-testid="staff-roles">
                {t('staffhome.role')}：{s.roles.map(roleLabel).join('、')}
              </p>
            </Show>
            <ul class="org-tree">
              <For each={s.rows}>{(r) => <StaffNode row={r} />}</For>
            </ul>
          </section>
        )}
      </For>
    </div>
  )
}

function StaffNode(props: { row: OutlineRow }) {
  const id = () => encodeURIComponent(props.row.node.id)
  return (
    <li
      class="staff-node"
      style={{ '--depth': props.row.depth }}
      data-testid="staff-node"
      data-node={props.row.node.id}
    >
      <h3 class="staff-node__title">
        <span class="tag">{kindLabel(props.row.node.kind)}</span>
        <span translate="no">{props.row.node.name}</span>
      </h3>
      <div class="staff-node__links">
        <A class="btn btn--primary" href={`/org/${id()}`} data-testid="staff-dashboard">
          {t('staffhome.dashboard')}
        </A>
        <A class="btn" href={`/q/${id()}`} data-testid="staff-queue">
          {t('staffhome.queue')}
        </A>
        <A class="btn" href={`/org/${id()}/report`} data-testid="staff-report">
          {t('staffhome.report')}
        </A>
      </div>
      <Show when={props.row.councils.length > 0}>
        <ul class="staff-node__councils">
          <For each={props.row.councils}>
            {(c) => (
              <li>
                <A
                  class="council-list__item"
                  href={`/c/${encodeURIComponent(c.id)}`}
                  data-testid="staff-council"
                  data-council={c.id}
                >
                  <span class="tag">{kindLabel('council')}</span> <span translate="no">{c.name}</span>
                </A>
              </li>
            )}
          </For>
        </ul>
      </Show>
    </li>
  )
}
