/** Asks for the name/role shown to others in presence. Stored locally only. */
import { createSignal, For } from 'solid-js'
import { t } from '../i18n'
import { PRESENCE_COLOURS, profileStore, saveProfile, type Role } from '../sync/awareness'

const ROLES: Role[] = ['secretary', 'building-head', 'member', 'resident']

export function ProfileDialog(props: { onClose: () => void }) {
  const current = profileStore.get()
  const [name, setName] = createSignal(current?.name ?? '')
  const [role, setRole] = createSignal<Role>(current?.role ?? 'resident')
  const submit = (e: Event) => {
    e.preventDefault()
    const n = name().trim()
    if (!n) return
    const colour = current?.colour ?? PRESENCE_COLOURS[Math.floor(Math.random() * PRESENCE_COLOURS.length)] ?? '#0f766e'
    saveProfile({ name: n.slice(0, 40), role: role(), colour })
    props.onClose()
  }
  return (
    <div class="dialog-backdrop">
      <form class="dialog" role="dialog" aria-modal="true" aria-labelledby="profile-title" onSubmit={submit}>
        <h2 id="profile-title">{t('profile.title')}</h2>
        <p>{t('profile.prompt')}</p>
        <label class="field">
          <span>{t('profile.name')}</span>
          <input
            name="name"
            autocomplete="name"
            required
            maxLength={40}
            value={name()}
            onInput={(e) => setName(e.currentTarget.value)}
          />
        </label>
        <label class="field">
          <span>{t('profile.role')}</span>
          <select value={role()} onChange={(e) => setRole(e.currentTarget.value as Role)}>
            <For each={ROLES}>{(r) => <option value={r}>{t(`role.${r}`)}</option>}</For>
          </select>
        </label>
        <div class="dialog__actions">
          <button type="button" class="btn btn--ghost" onClick={() => props.onClose()}>
            {t('profile.cancel')}
          </button>
          <button type="submit" class="btn btn--primary">
            {t('profile.save')}
          </button>
        </div>
      </form>
    </div>
  )
}
