import { A } from '@solidjs/router'
import { Show } from 'solid-js'
import { locale, setLocale, t } from '../i18n'
import { SyncStatus } from './SyncStatus'

export function Header(props: { signedIn: boolean }) {
  return (
    <header class="app-header">
      <A href="/" class="app-header__brand" aria-label={t('app.name')}>
        <img src="/icons/icon-192.png" alt="" width="36" height="36" />
        <span class="app-header__name">{t('app.name')}</span>
      </A>
      <SyncStatus />
      <div class="app-header__actions">
        <Show when={props.signedIn}>
          <A href="/profile" class="btn btn--ghost" data-testid="nav-profile">
            {t('nav.profile')}
          </A>
        </Show>
        {/* The visible text IS the accessible name (axe: label-content-name-mismatch); its purpose is in title. */}
        <button
          type="button"
          class="btn btn--ghost"
          title={t('lang.switchLabel')}
          lang={locale() === 'zh-CN' ? 'en' : 'zh-CN'}
          data-testid="lang-switch"
          onClick={() => setLocale(locale() === 'zh-CN' ? 'en' : 'zh-CN')}
        >
          <span class="lang-long">{t('lang.switch')}</span>
          <span class="lang-short">{t('lang.switchShort')}</span>
        </button>
      </div>
    </header>
  )
}
