/**
 * `/admin/org?node=<id>` (admins): the organisation tree district → street → community → council
 * with counts; the chosen node's panel (name and parent, new child, delete, its councils, its staff);
 * a new district; the CSV/Excel import. Everything goes through /api/org online (it decides access,
 * so nothing is queued offline); after each change the tree is read again.
 */
import { useSearchParams } from '@solidjs/router'
import { createMemo, createResource, createSignal, Match, Show, Switch } from 'solid-js'
import { refreshProfile } from '../../auth/session'
import { type OutlineRow, outlineRows } from '../../domain/org/outline'
import { t } from '../../i18n'
import { useOnline } from '../org/useOnline'
import { useSession } from '../session'
import { NewNodeForm, NodePanel } from './NodePanel'
import { OrgImport } from './OrgImport'
import { loadOrg } from './orgApi'
import { OrgTree } from './OrgTree'
import '../org/org.css'
import './orgAdmin.css'

export default function OrgAdminPage() {
  const session = useSession()
  const online = useOnline()
  return (
    <Switch>
      <Match when={!session()?.user.isAdmin}>
        <p class="card" role="alert" data-testid="org-admin-only">
          {t('orgadmin.adminOnly')}
        </p>
      </Match>
      <Match when={!online()}>
        <p class="card" role="status" data-testid="org-admin-offline">
          {t('orgadmin.offline')}
        </p>
      </Match>
      <Match when={true}>
        <OrgAdmin />
      </Match>
    </Switch>
  )
}

function OrgAdmin() {
  const [view, { refetch }] = createResource(loadOrg)
  const [search, setSearch] = useSearchParams<{ node?: string }>()
  const rows = createMemo(() => outlineRows(view.latest?.nodes ?? [], view.latest?.councils ?? []))
  const selected = createMemo(() => rows().find((r) => r.node.id === search.node))
  // The panel is keyed by the node's id, not its row: a reload after an edit keeps the panel (and
  // its "saved" line); the last row stays while the tree is being read again.
  const panelRow = createMemo<OutlineRow | undefined>((last) => selected() ?? last)
  // Said on the page: the panel that did it is gone (a deleted node).
  const [notice, setNotice] = createSignal('')
  const select = (id: string | undefined) => {
    setNotice('')
    setSearch({ node: id })
  }
  /** After a change: the tree again, and this admin's session (dashboards read the tree from it). */
  const reload = async () => {
    await refetch()
    void refreshProfile().catch(() => {})
  }
  const totals = createMemo(() => {
    const nodes = view.latest?.nodes ?? []
    const count = (k: string) => nodes.filter((n) => n.kind === k).length
    return {
      districts: count('district'),
      streets: count('street'),
      communities: count('community'),
      councils: view.latest?.councils.length ?? 0,
    }
  })
  return (
    <div class="stack org-admin" data-testid="org-admin">
      <h1>{t('orgadmin.title')}</h1>
      <Show when={view.error}>
        <p class="card form__error" role="alert">
          {t('orgadmin.offline')}
        </p>
      </Show>
      <Show when={view.latest} fallback={<p class="card muted">{t('orgadmin.loading')}</p>}>
        {(v) => (
          <div class="org-admin__layout">
            <section class="card stack org-admin__tree" aria-labelledby="org-tree-title">
              <h2 id="org-tree-title">{t('orgadmin.title')}</h2>
              <p class="muted" data-testid="org-totals">
                {t('orgadmin.totals', totals())}
              </p>
              <Show when={v().unplaced.length > 0}>
                <p class="muted">{t('orgadmin.unplacedCount', { n: v().unplaced.length })}</p>
              </Show>
              <Show when={rows().length > 0} fallback={<p class="muted">{t('orgadmin.empty')}</p>}>
                <OrgTree rows={rows()} selectedId={search.node} onSelect={select} />
              </Show>
              <NewNodeForm kind="district" parentId={null} testId="new-district" onCreated={reload} />
            </section>
            <div class="stack org-admin__side">
              <Show when={selected()?.node.id} keyed>
                {(_id) => (
                  <NodePanel
                    row={panelRow()!}
                    view={v()}
                    onChanged={reload}
                    onDeleted={async (name) => {
                      select(undefined)
                      setNotice(t('orgadmin.deleted', { name }))
                      await reload()
                    }}
                    onClose={() => select(undefined)}
                  />
                )}
              </Show>
              <Show when={notice()}>
                <p class="card ok" role="status" data-testid="org-notice">
                  {notice()}
                </p>
              </Show>
              <OrgImport nodes={v().nodes} onImported={reload} />
            </div>
          </div>
        )}
      </Show>
    </div>
  )
}
