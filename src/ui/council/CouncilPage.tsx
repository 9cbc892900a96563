/** Council overview `/c/:councilId`: profile, the sections this person may open, members. */
import { A, useParams } from '@solidjs/router'
import { For, Show } from 'solid-js'
import type { DocType } from '../../domain/access/policy'
import { roleLabel, t, type MessageKey } from '../../i18n'
import { useCouncilAccess, useSession } from '../session'
import { MembersPanel } from './MembersPanel'

/** Sections not built yet are listed (greyed) only when the person's roles could read them. */
const FUTURE: Array<{ type: DocType; label: MessageKey }> = []

export default function CouncilPage() {
  const params = useParams<{ councilId: string }>()
  const session = useSession()
  const council = () => session()?.councils.find((c) => c.id === params.councilId)
  const access = useCouncilAccess(() => params.councilId)
  return (
    <Show
      when={council()}
      fallback={
        <p class="card" data-testid="council-missing">
          {t('council.notFound')}
        </p>
      }
    >
      {(c) => (
        <div class="stack">
          <section class="card" data-testid="council-overview">
            <h1>{c().name}</h1>
            <dl class="facts">
              <Show when={c().address}>
                <dt>{t('council.address')}</dt>
                <dd>{c().address}</dd>
              </Show>
              <Show when={c().grid}>
                <dt>{t('council.grid')}</dt>
                <dd>{c().grid}</dd>
              </Show>
              <dt>{t('council.yourRoles')}</dt>
              <dd data-testid="my-roles">
                {[...(access().isAdmin ? ['admin'] : []), ...access().roles].map(roleLabel).join('、')}
              </dd>
            </dl>
          </section>
          <nav class="card" aria-label={t('council.sections')}>
            <h2>{t('council.sections')}</h2>
            <ul class="section-list">
              <Show when={access().canRead('roll')}>
                <li>
                  <A class="section-list__item" href={`/c/${c().id}/roll`} data-testid="open-roll">
                    {t('council.roll')}
                  </A>
                </li>
              </Show>
              <Show when={access().canRead('notes')}>
                <li>
                  <A class="section-list__item" href={`/c/${c().id}/notes`} data-testid="open-notes">
                    {t('council.notes')}
                  </A>
                </li>
              </Show>
              <Show when={access().canRead('proposal')}>
                <li>
                  <A class="section-list__item" href={`/c/${c().id}/proposals`} data-testid="open-proposals">
                    {t('council.proposals')}
                  </A>
                </li>
              </Show>
              <Show when={access().canRead('caselist')}>
                <li>
                  <A class="section-list__item" href={`/c/${c().id}/cases`} data-testid="open-cases">
                    {t('council.cases')}
                  </A>
                </li>
              </Show>
              <Show when={access().canRead('grid')}>
                <li>
                  <A class="section-list__item" href={`/c/${c().id}/grid`} data-testid="open-grid">
                    {t('grid.title')}
                  </A>
                </li>
              </Show>
              <Show when={access().canRead('meeting')}>
                <li>
                  <A class="section-list__item" href={`/c/${c().id}/meetings`} data-testid="open-meetings">
                    {t('council.meetings')}
                  </A>
                </li>
              </Show>
              <Show when={access().canRead('vote')}>
                <li>
                  <A class="section-list__item" href={`/c/${c().id}/votes`} data-testid="open-votes">
                    {t('council.votes')}
                  </A>
                </li>
              </Show>
              <For each={FUTURE.filter((f) => access().canRead(f.type))}>
                {(f) => (
                  <li>
                    <span class="section-list__item section-list__item--soon" aria-disabled="true">
                      {t(f.label)} <span class="muted">（{t('council.soon')}）</span>
                    </span>
                  </li>
                )}
              </For>
            </ul>
          </nav>
          <MembersPanel councilId={c().id} canManage={access().canManage} />
        </div>
      )}
    </Show>
  )
}
