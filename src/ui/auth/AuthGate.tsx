/**
 * Shown instead of the app while nobody is signed in: setup (first administrator, when the server
 * says it has none), login, or activation with an invite code.
 */
import { FormError, TextField } from '../form/Form'
import { useSubmit } from '../form/useSubmit'
import { createResource, createSignal, Match, Show, Switch } from 'solid-js'
import { activate, login, setup, setupNeeded } from '../../auth/session'
import { t } from '../../i18n'

type Mode = 'login' | 'activate'
const PHONE = /^1[3-9]\d{9}$/
const MIN_PASSWORD = 8

export default function AuthGate() {
  const [needed] = createResource(setupNeeded)
  const [mode, setMode] = createSignal<Mode>('login')
  return (
    <section class="card auth" data-testid="auth-gate">
      <Show when={!needed.loading} fallback={<p class="muted">{t('common.loading')}</p>}>
        <Switch>
          <Match when={needed() === true}>
            <AuthForm kind="setup" />
          </Match>
          <Match when={mode() === 'login'}>
            <AuthForm kind="login" />
            <button type="button" class="btn btn--link" data-testid="to-activate" onClick={() => setMode('activate')}>
              {t('auth.login.toActivate')}
            </button>
          </Match>
          <Match when={mode() === 'activate'}>
            <AuthForm kind="activate" />
            <button type="button" class="btn btn--link" onClick={() => setMode('login')}>
              {t('auth.login.toLogin')}
            </button>
          </Match>
        </Switch>
      </Show>
    </section>
  )
}

function AuthForm(props: { kind: 'login' | 'setup' | 'activate' }) {
  const [phone, setPhone] = createSignal('')
  const [name, setName] = createSignal('')
  const [code, setCode] = createSignal('')
  const [password, setPassword] = createSignal('')
  const [password2, setPassword2] = createSignal('')
  const { busy, error, fail, run } = useSubmit()
  const creating = () => props.kind !== 'login'

  const validate = (): string => {
    if (!PHONE.test(phone().trim())) return t('auth.err.phone')
    if (props.kind === 'activate' && !/^\d{6}$/.test(code().trim())) return t('auth.err.code')
    if (creating() && password().length < MIN_PASSWORD) return t('auth.err.passwordShort')
    if (creating() && password() !== password2()) return t('auth.err.passwordMismatch')
    return ''
  }
  const submit = async (e: Event) => {
    e.preventDefault()
    const invalid = validate()
    fail(invalid)
    if (invalid) return
    await run(async () => {
      const p = phone().trim()
      if (props.kind === 'login') await login(p, password())
      else if (props.kind === 'setup') await setup(p, name().trim(), password())
      else await activate(p, code().trim(), password())
    })
  }
  const title = () =>
    t(props.kind === 'login' ? 'auth.login.title' : props.kind === 'setup' ? 'auth.setup.title' : 'auth.activate.title')
  const submitLabel = () =>
    t(
      props.kind === 'login'
        ? 'auth.login.submit'
        : props.kind === 'setup'
          ? 'auth.setup.submit'
          : 'auth.activate.submit',
    )
  return (
    <form class="form" data-testid={`${props.kind}-form`} onSubmit={(e) => void submit(e)} novalidate>
      <h1>{title()}</h1>
      <Show when={props.kind === 'setup'}>
        <p>{t('auth.setup.intro')}</p>
      </Show>
      <Show when={props.kind === 'activate'}>
        <p>{t('auth.activate.intro')}</p>
      </Show>
      <TextField
        label={t('auth.phone')}
        name="phone"
        type="tel"
        inputmode="tel"
        autocomplete="username"
        maxLength={11}
        value={phone()}
        onInput={setPhone}
      />
      <Show when={props.kind === 'setup'}>
        <TextField
          label={t('auth.name')}
          name="name"
          autocomplete="name"
          maxLength={40}
          value={name()}
          onInput={setName}
        />
      </Show>
      <Show when={props.kind === 'activate'}>
        <TextField
          label={t('auth.inviteCode')}
          name="inviteCode"
          inputmode="numeric"
          autocomplete="one-time-code"
          maxLength={6}
          value={code()}
          onInput={setCode}
        />
      </Show>
      <TextField
        label={t('auth.password')}
        name="password"
        type="password"
        autocomplete={creating() ? 'new-password' : 'current-password'}
        value={password()}
        onInput={setPassword}
      />
      <Show when={creating()}>
        <TextField
          label={t('auth.password2')}
          name="password2"
          type="password"
          autocomplete="new-password"
          value={password2()}
          onInput={setPassword2}
        />
      </Show>
      <FormError error={error()} testId="auth-error" />
      <button type="submit" class="btn btn--primary btn--wide" disabled={busy()}>
        {busy() ? t('auth.busy') : submitLabel()}
      </button>
    </form>
  )
}
