import { For, Show } from 'solid-js'
import { roleLabel, t } from '../../i18n'
import type { Peer } from '../../sync/awareness'

export function PresenceList(props: { others: Peer[] }) {
  return (
    <aside class="presence" aria-label={t('presence.here')} data-testid="presence">
      <h2>{t('presence.here')}</h2>
      <Show when={props.others.length > 0} fallback={<p class="muted">{t('presence.alone')}</p>}>
        <ul>
          <For each={props.others}>
            {(p) => (
              <li data-testid="presence-peer">
                <span class="presence__dot" style={{ background: p.colour }} aria-hidden="true" />
                <span class="presence__name">{p.name || '…'}</span>
                <span class="muted">{roleLabel(p.role)}</span>
                <Show when={p.editing}>
                  <span class="presence__editing">{t('presence.editing')}</span>
                </Show>
              </li>
            )}
          </For>
        </ul>
      </Show>
    </aside>
  )
}
