/**
 * The signed-in person's councils (from the session, so the list is there offline too). An account
 * whose only roles are org staff has no council of its own: it goes to its staff home (/staff)
 * instead of a council list. Admins get the entry to the organisation page here.
 */
import { A, Navigate } from '@solidjs/router'
import { For, Match, Show, Switch } from 'solid-js'
import { t } from '../../i18n'
import { useSession } from '../session'
import { CreateCompound } from './CreateCompound'
import { TodayPanel } from '../today/TodayPanel'
import { OrgHomeLinks } from '../org/OrgHomeLinks'

export default function HomePage() {
  const session = useSession()
  const councils = () => session()?.councils ?? []
  const staffOnly = () => {
    const s = session()
    return !!s && !s.user.isAdmin && s.memberships.length === 0 && (s.orgStaff?.length ?? 0) > 0
  }
  return (
    <Switch>
      <Match when={staffOnly()}>
        <Navigate href="/staff" />
      </Match>
      <Match when={true}>
        <div class="stack">
          <OrgHomeLinks />
          <Show when={councils().length > 0}>
            <TodayPanel />
          </Show>
          <section class="card">
            <h1>{t('home.title')}</h1>
            <Show
              when={councils().length > 0}
              fallback={
                <p class="empty" data-testid="home-empty">
                  {t('home.empty')}
                </p>
              }
            >
              <ul class="council-list" data-testid="council-list">
                <For each={councils()}>
                  {(c) => (
                    <li>
                      <A class="council-list__item" href={`/c/${c.id}`}>
                        <span translate="no">{c.name}</span>
                        <Show when={c.address}>
                          <span class="muted council-list__sub">{c.address}</span>
                        </Show>
                      </A>
                    </li>
                  )}
                </For>
              </ul>
            </Show>
          </section>
          <Show when={session()?.user.isAdmin}>
            <section class="card stack" data-testid="admin-links">
              <A class="btn" href="/admin/org" data-testid="admin-org-link">
                {t('orgadmin.entry')}
              </A>
              <A class="btn" href="/staff">
                {t('staffhome.entry')}
              </A>
            </section>
            <CreateCompound />
          </Show>
        </div>
      </Match>
    </Switch>
  )
}
