/** Profile: name, masked phone, roles per council, language, logout. */
import { useNavigate } from '@solidjs/router'
import { For, Show } from 'solid-js'
import { logout } from '../../auth/session'
import { locale, roleLabel, setLocale, t, type Locale } from '../../i18n'
import { storedPendingTotal } from '../../sync/syncAuth'
import { scopeText } from '../council/scopeText'
import { useSession } from '../session'

export default function ProfilePage() {
  const session = useSession()
  const navigate = useNavigate()
  const pending = () => storedPendingTotal(session()?.user.id ?? '')
  const councilName = (id: string) => session()?.councils.find((c) => c.id === id)?.name ?? id
  const doLogout = () => {
    logout()
    navigate('/')
  }
  return (
    <Show when={session()}>
      {(s) => (
        <section class="card stack" data-testid="profile">
          <h1>{t('profile.title')}</h1>
          <dl class="facts">
            <dt>{t('profile.name')}</dt>
            <dd data-testid="profile-name">{s().user.name}</dd>
            <dt>{t('profile.phone')}</dt>
            <dd data-testid="profile-phone">{s().user.phone.replace(/^(\d{3})\d{4}(\d{4})$/, '$1****$2')}</dd>
          </dl>
          <h2>{t('profile.roles')}</h2>
          <ul class="member-list">
            <Show when={s().user.isAdmin}>
              <li>{roleLabel('admin')}</li>
            </Show>
            <For
              each={s().memberships}
              fallback={
                <Show when={!s().user.isAdmin}>
                  <li class="muted">{t('profile.noRoles')}</li>
                </Show>
              }
            >
              {(m) => (
                <li>
                  <span class="member-list__name">{councilName(m.councilId)}</span>
                  <span>{roleLabel(m.role)}</span>
                  <Show when={scopeText(m.scope)}>
                    <span class="tag">{scopeText(m.scope)}</span>
                  </Show>
                </li>
              )}
            </For>
          </ul>
          <label class="field">
            <span>{t('profile.language')}</span>
            <select value={locale()} onChange={(e) => setLocale(e.currentTarget.value as Locale)}>
              <option value="zh-CN">中文（简体）</option>
              <option value="en">English</option>
            </select>
          </label>
          <Show when={pending() > 0}>
            <p class="banner banner--warn">{t('profile.logoutPending', { n: pending() })}</p>
          </Show>
          <button type="button" class="btn btn--wide" data-testid="logout" onClick={doLogout}>
            {t('header.logout')}
          </button>
        </section>
      )}
    </Show>
  )
}
