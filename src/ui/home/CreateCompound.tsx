/** Admin: create a compound (its council has the same id), then open it. */
import { TextField } from '../form/Form'
import { useNavigate } from '@solidjs/router'
import { createSignal, Show } from 'solid-js'
import { authedRequest, refreshProfile } from '../../auth/session'
import { t } from '../../i18n'
import { errorText } from '../errorText'

export function CreateCompound() {
  const navigate = useNavigate()
  const [name, setName] = createSignal('')
  const [address, setAddress] = createSignal('')
  const [grid, setGrid] = createSignal('')
  const [error, setError] = createSignal('')
  const [busy, setBusy] = createSignal(false)
  const submit = async (e: Event) => {
    e.preventDefault()
    if (!name().trim() || busy()) return
    setBusy(true)
    setError('')
    try {
      const { body } = await authedRequest<{ id: string }>('/api/compounds', {
        method: 'POST',
        body: { name: name().trim(), address: address().trim(), grid: grid().trim() },
      })
      await refreshProfile()
      navigate(`/c/${body.id}`)
    } catch (err) {
      setError(errorText(err))
    } finally {
      setBusy(false)
    }
  }
  return (
    <section class="card">
      <form class="form" data-testid="create-compound" onSubmit={(e) => void submit(e)}>
        <h2>{t('admin.createTitle')}</h2>
        <TextField label={t('admin.name')} name="name" maxLength={60} required value={name()} onInput={setName} />
        <TextField label={t('admin.address')} name="address" maxLength={200} value={address()} onInput={setAddress} />
        <TextField label={t('admin.grid')} name="grid" maxLength={60} value={grid()} onInput={setGrid} />
        <Show when={error()}>
          <p class="form__error" role="alert">
            {error()}
          </p>
        </Show>
        <button type="submit" class="btn btn--primary" disabled={busy()}>
          {t('admin.create')}
        </button>
      </form>
    </section>
  )
}
