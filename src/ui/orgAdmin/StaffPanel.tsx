/**
 * A node's staff: who holds org_viewer / org_handler here (pending invitations too), phone numbers
 * masked until asked for, removal (the server closes their connections, and ends their sessions when
 * nothing else is left), and the invitation form — the one invitation flow: a person with a password
 * gets the role at once, anyone else a 6-digit code to hand over.
 */
import { createResource, createSignal, For, Show } from 'solid-js'
import { ORG_ROLES, type OrgRole } from '../../domain/access/policy'
import { maskPhone } from '../../domain/mediation/mask'
import type { OrgNode } from '../../domain/org/schema'
import { roleLabel, t, type MessageKey } from '../../i18n'
import { ChoiceField, FormError, PrimaryButton, TextField } from '../form/Form'
import { useSubmit } from '../form/useSubmit'
import { Outcome } from './NodePanel'
import { inviteStaff, loadStaff, orgErrorText, removeStaff, type StaffEntry } from './orgApi'

const PHONE = /^1[3-9]\d{9}$/

export function StaffPanel(props: { node: OrgNode }) {
  const [staff, { refetch }] = createResource(() => props.node.id, loadStaff)
  const [shown, setShown] = createSignal<ReadonlySet<string>>(new Set())
  const [ok, setOk] = createSignal('')
  const [error, setError] = createSignal('')
  const key = (s: StaffEntry) => `${s.userId}/${s.role}`
  const toggle = (s: StaffEntry) => {
    const next = new Set(shown())
    if (!next.delete(key(s))) next.add(key(s))
    setShown(next)
  }
  const remove = async (s: StaffEntry) => {
    if (!confirm(t('orgadmin.removeStaffConfirm', { name: s.name, role: roleLabel(s.role) }))) return
    setOk('')
    setError('')
    try {
      await removeStaff(props.node.id, s.userId, s.role)
      await refetch()
      setOk(t('orgadmin.staffRemoved', { name: s.name }))
    } catch (e) {
      setError(orgErrorText(e))
    }
  }
  return (
    <div class="stack" data-testid="node-staff">
      <h3>{t('orgadmin.staff')}</h3>
      <Show when={!staff.error} fallback={<p class="form__error">{orgErrorText(staff.error)}</p>}>
        <Show when={staff.latest} fallback={<p class="muted">{t('common.loading')}</p>}>
          {(list) => (
            <Show when={list().length > 0} fallback={<p class="muted">{t('orgadmin.noStaff')}</p>}>
              <ul class="member-list">
                <For each={list()}>
                  {(s) => (
                    <li data-testid="staff-entry" data-role={s.role}>
                      <span class="member-list__name">{s.name}</span>
                      <span data-testid="staff-phone">{shown().has(key(s)) ? s.phone : maskPhone(s.phone)}</span>
                      <span class="tag">{roleLabel(s.role)}</span>
                      <Show when={s.pending}>
                        <span class="tag" data-testid="staff-pending">
                          {t('council.pending')}
                        </span>
                      </Show>
                      <button type="button" class="btn btn--ghost btn--small" onClick={() => toggle(s)}>
                        {shown().has(key(s)) ? t('orgadmin.hidePhone') : t('orgadmin.showPhone')}
                      </button>
                      <button
                        type="button"
                        class="btn btn--ghost btn--small"
                        data-testid="staff-remove"
                        onClick={() => void remove(s)}
                      >
                        {t('orgadmin.removeStaff')}
                      </button>
                    </li>
                  )}
                </For>
              </ul>
            </Show>
          )}
        </Show>
      </Show>
      <Outcome ok={ok()} error={error()} testId="staff" />
      <InviteStaff nodeId={props.node.id} onInvited={() => void refetch()} />
    </div>
  )
}

function InviteStaff(props: { nodeId: string; onInvited: () => void }) {
  const [phone, setPhone] = createSignal('')
  const [name, setName] = createSignal('')
  const [role, setRole] = createSignal<OrgRole>('org_viewer')
  const { busy, error, fail, run } = useSubmit(orgErrorText)
  const [result, setResult] = createSignal<{ name: string; phone: string; code?: string } | null>(null)
  const submit = async (e: Event) => {
    e.preventDefault()
    if (busy()) return
    setResult(null)
    if (!PHONE.test(phone().trim())) return fail(t('auth.err.phone'))
    if (!name().trim()) return fail(t('orgadmin.nameNeeded'))
    await run(async () => {
      const person = { phone: phone().trim(), name: name().trim(), role: role() }
      const { body } = await inviteStaff(props.nodeId, person)
      setResult({ name: person.name, phone: maskPhone(person.phone), code: body.inviteCode })
      setPhone('')
      setName('')
      props.onInvited()
    })
  }
  return (
    <form class="form" data-testid="staff-invite" onSubmit={(e) => void submit(e)}>
      <h3>{t('orgadmin.invite')}</h3>
      <TextField
        label={t('auth.phone')}
        name="phone"
        type="tel"
        inputmode="tel"
        autocomplete="off"
        maxLength={11}
        value={phone()}
        onInput={setPhone}
      />
      <TextField label={t('auth.name')} name="name" maxLength={40} value={name()} onInput={setName} />
      <ChoiceField
        legend={t('orgadmin.inviteRole')}
        name="role"
        value={role()}
        options={ORG_ROLES.map((r) => ({
          value: r,
          label: `${roleLabel(r)}：${t(`orgadmin.roleHint.${r}` as MessageKey)}`,
        }))}
        optionTestId={(v) => `staff-role-${v}`}
        onChange={(v) => setRole(v as OrgRole)}
      />
      <PrimaryButton disabled={busy()} testId="staff-invite-submit">
        {t('orgadmin.inviteSubmit')}
      </PrimaryButton>
      <FormError error={error()} testId="staff-invite-error" />
      <Show when={result()}>
        {(r) => (
          <div class="invite-result" role="status" data-testid="staff-invite-result">
            <Show when={r().code} fallback={<p>{t('orgadmin.inviteAdded', { name: r().name })}</p>}>
              <p>
                {t('orgadmin.inviteCode')}:{' '}
                <strong class="invite-code" data-testid="staff-invite-code">
                  {r().code}
                </strong>
              </p>
              <p>{t('orgadmin.inviteCodeHint', { name: r().name, phone: r().phone })}</p>
            </Show>
          </div>
        )}
      </Show>
    </form>
  )
}
