/**
 * Invite a member (chair/secretary/admin). New accounts get a 6-digit code to hand over in person.
 * Offers only the roles this person may grant (src/domain/access/grants.ts) and only the scope field
 * the chosen role uses; every field but the role is cleared after each invite, so nothing carries over.
 */
import { FormError, SelectField, TextField } from '../form/Form'
import { useSubmit } from '../form/useSubmit'
import { createMemo, createSignal, For, Show } from 'solid-js'
import { COUNCIL_ROLES, type Role } from '../../domain/access/policy'
import { SCOPE_FIELDS, grantableRoles } from '../../domain/access/grants'
import { authedRequest } from '../../auth/session'
import type { Scope } from '../../auth/types'
import { roleLabel, t } from '../../i18n'
import { useSession } from '../session'

const list = (s: string): string[] | undefined => {
  const items = s
    .split(/[,，、\s]+/)
    .map((x) => x.trim())
    .filter(Boolean)
  return items.length ? items : undefined
}

export function InviteForm(props: { councilId: string; onInvited: () => void }) {
  const session = useSession()
  const invitable = createMemo(() => {
    const s = session()
    if (!s) return []
    const roles = s.memberships.filter((m) => m.councilId === props.councilId).map((m) => m.role)
    return grantableRoles({ id: s.user.id, isAdmin: s.user.isAdmin, roles }, COUNCIL_ROLES)
  })
  const [phone, setPhone] = createSignal('')
  const [name, setName] = createSignal('')
  const [picked, setRole] = createSignal<Role>('building_head')
  const role = () => (invitable().includes(picked()) ? picked() : (invitable()[0] ?? picked()))
  const scopeField = () => SCOPE_FIELDS[role()]
  const [buildings, setBuildings] = createSignal('')
  const [units, setUnits] = createSignal('')
  const [households, setHouseholds] = createSignal('')
  const { busy, error, fail, run } = useSubmit()
  const [result, setResult] = createSignal<{ name: string; phone: string; code?: string } | null>(null)

  const submit = async (e: Event) => {
    e.preventDefault()
    if (busy()) return
    if (!/^1[3-9]\d{9}$/.test(phone().trim())) return fail(t('auth.err.phone'))
    const field = scopeField()
    const value = { buildings: buildings(), units: units(), households: households() }
    const scope: Scope = field ? { [field]: list(value[field]) } : {}
    await run(async () => {
      const { body } = await authedRequest<{ userId: string; inviteCode?: string }>(
        `/api/councils/${props.councilId}/members`,
        {
          method: 'POST',
          body: { phone: phone().trim(), name: name().trim(), role: role(), scope },
        },
      )
      setResult({ name: name().trim(), phone: phone().trim(), code: body.inviteCode })
      setPhone('')
      setName('')
      setBuildings('')
      setUnits('')
      setHouseholds('')
      props.onInvited()
    })
  }
  return (
    <section class="card">
      <form class="form" data-testid="invite-form" onSubmit={(e) => void submit(e)}>
        <h2>{t('invite.title')}</h2>
        <TextField
          label={t('auth.phone')}
          name="phone"
          type="tel"
          inputmode="tel"
          maxLength={11}
          value={phone()}
          onInput={setPhone}
        />
        <TextField label={t('auth.name')} name="name" maxLength={40} value={name()} onInput={setName} />
        <SelectField label={t('invite.role')} name="role" value={role()} onChange={(v) => setRole(v as Role)}>
          <For each={invitable()}>
            {(r) => (
              <option value={r} selected={r === role()}>
                {roleLabel(r)}
              </option>
            )}
          </For>
        </SelectField>
        <Show when={scopeField() === 'buildings'}>
          <TextField label={t('invite.buildings')} name="buildings" value={buildings()} onInput={setBuildings} />
        </Show>
        <Show when={scopeField() === 'units'}>
          <TextField label={t('invite.units')} name="units" value={units()} onInput={setUnits} />
        </Show>
        <Show when={scopeField() === 'households'}>
          <TextField label={t('invite.households')} name="households" value={households()} onInput={setHouseholds} />
        </Show>
        <FormError error={error()} />
        <button type="submit" class="btn btn--primary" disabled={busy()}>
          {t('invite.submit')}
        </button>
      </form>
      <Show when={result()}>
        {(r) => (
          <div class="invite-result" role="status" data-testid="invite-result">
            <Show when={r().code} fallback={<p>{t('invite.added', { name: r().name })}</p>}>
              <p>
                {t('invite.code')}:{' '}
                <strong class="invite-code" data-testid="invite-code">
                  {r().code}
                </strong>
              </p>
              <p>{t('invite.codeHint', { name: r().name, phone: r().phone })}</p>
            </Show>
          </div>
        )}
      </Show>
    </section>
  )
}
