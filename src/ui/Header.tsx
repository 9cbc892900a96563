import { A } from '@solidjs/router'
import { locale, setLocale, t } from '../i18n'
import { SyncStatus } from './SyncStatus'

export function Header(props: { onEditProfile: () => void }) {
  return (
    <header class="app-header">
      <A href="/" class="app-header__brand">
        <img src="/icons/icon-192.png" alt="" width="36" height="36" />
        <span>{t('app.name')}</span>
      </A>
      <SyncStatus />
      <div class="app-header__actions">
        <button type="button" class="btn btn--ghost" onClick={() => props.onEditProfile()}>
          {t('profile.edit')}
        </button>
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
