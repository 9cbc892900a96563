/** The signed-in person's councils (from the session, so the list is there offline too). */
import { A } from '@solidjs/router'
import { For, Show } from 'solid-js'
import { t } from '../../i18n'
import { useSession } from '../session'
import { CreateCompound } from './CreateCompound'
import { TodayPanel } from '../today/TodayPanel'
import { OrgHomeLinks } from '../org/OrgHomeLinks'

export default function HomePage() {
  const session = useSession()
  const councils = () => session()?.councils ?? []
  return (
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
        <CreateCompound />
      </Show>
    </div>
  )
}
