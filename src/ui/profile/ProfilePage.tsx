/** Profile: name, masked phone, roles per council, language, logout. */
import { useNavigate } from '@solidjs/router'
import { createResource, For, Show } from 'solid-js'
import { logout } from '../../auth/session'
import { locale, roleLabel, setLocale, t, type Locale } from '../../i18n'
import { storedPendingTotal } from '../../sync/syncAuth'
import { scopeText } from '../council/scopeText'
import { useSession } from '../session'
import { ChoiceField, SelectField } from '../form/Form'
import { setTypeScale, TYPE_SCALES, typeScale, type TypeScale } from '../typeScale'
import { listRefused, refusedVersion } from '../../sync/changeStore'
import { useStore } from '../bridge'

export default function ProfilePage() {
  const session = useSession()
  const navigate = useNavigate()
  const pending = () => storedPendingTotal(session()?.user.id ?? '')
  const refusedV = useStore(refusedVersion)
  const [refused] = createResource(
    () => ({ scope: session()?.user.id ?? '', v: refusedV() }),
    ({ scope }) => listRefused(scope),
  )
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
          <a class="btn btn--ghost" href="/refused" data-testid="profile-refused">
            {t('refused.entry', { n: refused.latest?.length ?? 0 })}
          </a>
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
          <SelectField
            label={t('profile.language')}
            value={locale()}
            options={[
              { value: 'zh-CN', label: '中文（简体）' },
              { value: 'en', label: 'English' },
            ]}
            onChange={(v) => setLocale(v as Locale)}
          />
          <ChoiceField
            legend={t('profile.typeScale')}
            name="typeScale"
            testId="type-scale"
            hint={t('profile.typeScaleHint')}
            value={typeScale()}
            options={TYPE_SCALES.map((v) => ({ value: v, label: t(`profile.typeScale.${v}`) }))}
            onChange={(v) => setTypeScale(v as TypeScale)}
          />
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
