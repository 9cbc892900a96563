/** Members grouped by role (online: the list comes from the server), invite form and removal. */
import { createMemo, createResource, For, Show } from 'solid-js'
import { COUNCIL_ROLES, type Role } from '../../domain/access/policy'
import { authedRequest } from '../../auth/session'
import type { Scope } from '../../auth/types'
import { roleLabel, t } from '../../i18n'
import { errorText } from '../errorText'
import { grantRefusal } from '../../domain/access/grants'
import { useSession } from '../session'
import { InviteForm } from './InviteForm'
import { scopeText } from './scopeText'

export interface Member {
  userId: string
  councilId: string
  role: Role
  scope: Scope
  name: string
  phone: string
  /** Invited, code not used yet. */
  pending?: boolean
}

export function MembersPanel(props: { councilId: string; canManage: boolean }) {
  const [members, { refetch }] = createResource(
    () => props.councilId,
    async (id) => (await authedRequest<{ members: Member[] }>(`/api/councils/${id}/members`)).body.members,
  )
  const grouped = createMemo(() => {
    const list = members.latest ?? []
    return COUNCIL_ROLES.map((role) => ({ role, people: list.filter((m) => m.role === role) })).filter(
      (g) => g.people.length > 0,
    )
  })
  const session = useSession()
  /** Hide what the server would refuse (own roles, roles at or above one's rank). */
  const mayChange = (m: Member) => {
    const s = session()
    if (!s) return false
    const roles = s.memberships.filter((x) => x.councilId === props.councilId).map((x) => x.role)
    const held = (members.latest ?? []).filter((x) => x.userId === m.userId).map((x) => x.role)
    return grantRefusal({ id: s.user.id, isAdmin: s.user.isAdmin, roles }, m.userId, held, m.role) === null
  }
  const call = async (question: string, path: string) => {
    if (!confirm(question)) return
    try {
      await authedRequest(path, { method: 'DELETE' })
      await refetch()
    } catch (err) {
      alert(errorText(err))
    }
  }
  const base = () => `/api/councils/${props.councilId}/members`
  const remove = (m: Member) =>
    call(t('council.removeConfirm', { name: m.name, role: roleLabel(m.role) }), `${base()}/${m.userId}/${m.role}`)
  const removeMember = (m: Member) => call(t('council.removeMemberConfirm', { name: m.name }), `${base()}/${m.userId}`)
  return (
    <>
      <section class="card" data-testid="members">
        <h2>{t('council.members')}</h2>
        <Show when={!members.error} fallback={<p class="muted">{t('council.membersOffline')}</p>}>
          <Show when={members.latest} fallback={<p class="muted">{t('common.loading')}</p>}>
            <For each={grouped()}>
              {(g) => (
                <div class="member-group">
                  <h3>{roleLabel(g.role)}</h3>
                  <ul class="member-list">
                    <For each={g.people}>
                      {(m) => (
                        <li data-testid="member">
                          <span class="member-list__name">{m.name}</span>
                          <span class="muted">{m.phone}</span>
                          <Show when={scopeText(m.scope)}>
                            <span class="tag">{scopeText(m.scope)}</span>
                          </Show>
                          <Show when={m.pending}>
                            <span class="tag" data-testid="member-pending">
                              {t('council.pending')}
                            </span>
                          </Show>
                          <Show when={props.canManage && mayChange(m)}>
                            <button type="button" class="btn btn--ghost btn--small" onClick={() => void remove(m)}>
                              {t('council.remove')}
                            </button>
                            <button
                              type="button"
                              class="btn btn--ghost btn--small"
                              data-testid="member-remove-all"
                              onClick={() => void removeMember(m)}
                            >
                              {t('council.removeMember')}
                            </button>
                          </Show>
                        </li>
                      )}
                    </For>
                  </ul>
                </div>
              )}
            </For>
          </Show>
        </Show>
      </section>
      <Show when={props.canManage}>
        <InviteForm councilId={props.councilId} onInvited={() => void refetch()} />
      </Show>
    </>
  )
}
