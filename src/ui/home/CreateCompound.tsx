/** Admin: create a compound (its council has the same id), then open it. */
import { FormError, TextField } from '../form/Form'
import { useSubmit } from '../form/useSubmit'
import { useNavigate } from '@solidjs/router'
import { createSignal } from 'solid-js'
import { authedRequest, refreshProfile } from '../../auth/session'
import { t } from '../../i18n'

export function CreateCompound() {
  const navigate = useNavigate()
  const [name, setName] = createSignal('')
  const [address, setAddress] = createSignal('')
  const [grid, setGrid] = createSignal('')
  const { busy, error, run } = useSubmit()
  const submit = async (e: Event) => {
    e.preventDefault()
    if (!name().trim()) return
    await run(async () => {
      const { body } = await authedRequest<{ id: string }>('/api/compounds', {
        method: 'POST',
        body: { name: name().trim(), address: address().trim(), grid: grid().trim() },
      })
      await refreshProfile()
      navigate(`/c/${body.id}`)
    })
  }
  return (
    <section class="card">
      <form class="form" data-testid="create-compound" onSubmit={(e) => void submit(e)}>
        <h2>{t('admin.createTitle')}</h2>
        <TextField label={t('admin.name')} name="name" maxLength={60} required value={name()} onInput={setName} />
        <TextField label={t('admin.address')} name="address" maxLength={200} value={address()} onInput={setAddress} />
        <TextField label={t('admin.grid')} name="grid" maxLength={60} value={grid()} onInput={setGrid} />
        <FormError error={error()} />
        <button type="submit" class="btn btn--primary" disabled={busy()}>
          {t('admin.create')}
        </button>
      </form>
    </section>
  )
}
