/** Banners about the session: logged in offline, or tokens refused (password needed to sync again). */
import { createSignal, Match, Switch } from 'solid-js'
import { relogin } from '../../auth/session'
import { t } from '../../i18n'
import { TextField } from '../form/Form'
import { useSubmit } from '../form/useSubmit'
import { useAuth } from '../session'

export function SessionBanner() {
  const auth = useAuth()
  const [password, setPassword] = createSignal('')
  const { busy, error, run } = useSubmit()
  const submit = async (e: Event) => {
    e.preventDefault()
    // The last error stays beside the password field until a retry succeeds.
    await run(
      async () => {
        await relogin(password())
        setPassword('')
      },
      { keepErrorWhileBusy: true },
    )
  }
  const state = () => {
    const a = auth()
    return a.kind === 'signed-in' ? a : null
  }
  return (
    <Switch>
      <Match when={state()?.renewal === 'needs-login'}>
        <form class="banner banner--warn" role="alert" data-testid="needs-login" onSubmit={(e) => void submit(e)}>
          <span>{t('auth.needsLogin')}</span>
          <TextField
            label={t('auth.password')}
            type="password"
            autocomplete="current-password"
            value={password()}
            onInput={setPassword}
            error={error() || undefined}
          />
          <button type="submit" class="btn btn--primary" disabled={busy()}>
            {t('auth.relogin')}
          </button>
        </form>
      </Match>
      <Match when={state()?.offlineLogin && state()?.renewal === 'offline'}>
        <div class="banner banner--info" role="status" data-testid="offline-login">
          {t('auth.offlineLogin')}
        </div>
      </Match>
    </Switch>
  )
}
