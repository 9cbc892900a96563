import { A } from '@solidjs/router'
import { Show } from 'solid-js'
import { locale, setLocale, t } from '../i18n'
import { SyncStatus } from './SyncStatus'

export function Header(props: { signedIn: boolean }) {
  return (
    <header class="app-header">
      <A href="/" class="app-header__brand">
        <img src="/icons/icon-192.png" alt="" width="36" height="36" />
        <span>{t('app.name')}</span>
      </A>
      <SyncStatus />
      <div class="app-header__actions">
        <Show when={props.signedIn}>
          <A href="/profile" class="btn btn--ghost" data-testid="nav-profile">
            {t('nav.profile')}
          </A>
        </Show>
        <button
          type="button"
          class="btn btn--ghost"
          aria-label={t('lang.switchLabel')}
          lang={locale() === 'zh-CN' ? 'en' : 'zh-CN'}
          onClick={() => setLocale(locale() === 'zh-CN' ? 'en' : 'zh-CN')}
        >
          {t('lang.switch')}
        </button>
      </div>
    </header>
  )
}
