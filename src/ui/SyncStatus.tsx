/** Header connection indicator: 在线 / 离线 / 同步中 and "N 项更改待同步". Always visible. */
import { Show } from 'solid-js'
import { statusHub } from '../sync/connectionStatus'
import { t, tCount } from '../i18n'
import { useStore } from './bridge'

export function SyncStatus() {
  const status = useStore(statusHub.total)
  return (
    <div
      class={`sync-status sync-status--${status().state}`}
      data-testid="sync-status"
      data-state={status().state}
      data-pending={String(status().pending)}
      data-local-unsaved={String(status().localUnsaved)}
      role="status"
      aria-live="polite"
      aria-label={t('status.label')}
    >
      <span class="sync-status__dot" aria-hidden="true" />
      <span class="sync-status__state">{t(`status.${status().state}`)}</span>
      <Show when={status().pending > 0}>
        <span class="sync-status__pending">{tCount('status.pendingOne', 'status.pending', status().pending)}</span>
      </Show>
    </div>
  )
}
