/** App-wide banners: new-version prompt and server rejections. */
import { Show } from 'solid-js'
import { t } from '../i18n'
import { statusHub } from '../sync/connectionStatus'
import { useStore } from './bridge'
import { applyUpdate, swState } from './serviceWorker'

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

export function RejectionBanner() {
  const rejection = useStore(statusHub.lastRejection)
  return (
    <Show when={rejection()}>
      {(r) => (
        <div class="banner banner--error" role="alert" data-testid="rejection">
          <span>
            {t('reject.title', { n: Math.max(1, r().changes) })}: {r().message} ({r().code})
          </span>
          <button type="button" class="btn btn--ghost" onClick={() => statusHub.lastRejection.set(null)}>
            {t('reject.dismiss')}
          </button>
        </div>
      )}
    </Show>
  )
}
