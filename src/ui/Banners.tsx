/** App-wide banners: new-version prompt, offline, and changes the server did not accept. */
import { Show } from 'solid-js'
import { t, tCount } from '../i18n'
import { statusHub } from '../sync/connectionStatus'
import { useStore } from './bridge'
import { applyUpdate, swState } from './serviceWorker'
import { refusalReason } from './refused/reason'

export function UpdatePrompt() {
  const sw = useStore(swState)
  return (
    <Show when={sw().needRefresh}>
      <div class="banner banner--info" role="alert" data-testid="update-prompt">
        <span>{t('update.available')}</span>
        <button type="button" class="btn btn--primary" onClick={applyUpdate}>
          {t('update.reload')}
        </button>
      </div>
    </Show>
  )
}

/** A clear, full-width notice while offline (not just a grey dot in the header). */
export function OfflineBanner() {
  const status = useStore(statusHub.total)
  return (
    <Show when={status().state === 'offline'}>
      <div class="banner banner--warn banner--offline" role="status" data-testid="offline-banner">
        <span>
          {status().pending > 0
            ? tCount('sync.offlineBannerPending', 'sync.offlineBannerPending', status().pending)
            : t('sync.offlineBanner')}
        </span>
      </div>
    </Show>
  )
}

export function RefusalBanner() {
  const refusal = useStore(statusHub.lastRefusal)
  return (
    <Show when={refusal()}>
      {(r) => (
        <div class="banner banner--error" role="alert" data-testid="rejection">
          <span>{t('sync.refusedBanner', { n: r().n, reason: refusalReason(r().code, r().flat) })}</span>
          <a class="btn btn--primary" href="/refused" data-testid="rejection-view">
            {t('sync.refusedView')}
          </a>
          <button type="button" class="btn btn--ghost" onClick={() => statusHub.lastRefusal.set(null)}>
            {t('sync.refusedDismiss')}
          </button>
        </div>
      )}
    </Show>
  )
}
