/** Members grouped by role (online: the list comes from the server), invite form and removal. */
import { createMemo, createResource, For, Show } from 'solid-js'
import { ROLES, type Role } from '../../domain/access/policy'
import { authedRequest } from '../../auth/session'
import type { Scope } from '../../auth/types'
import { roleLabel, t } from '../../i18n'
import { errorText } from '../errorText'
import { InviteForm } from './InviteForm'
import { scopeText } from './scopeText'

export interface Member {
  userId: string
  councilId: string
  role: Role
  scope: Scope
  name: string
  phone: string
}

export function MembersPanel(props: { councilId: string; canManage: boolean }) {
  const [members, { refetch }] = createResource(
    () => props.councilId,
    async (id) => (await authedRequest<{ members: Member[] }>(`/api/councils/${id}/members`)).body.members,
  )
  const grouped = createMemo(() => {
    const list = members.latest ?? []
    return ROLES.map((role) => ({ role, people: list.filter((m) => m.role === role) })).filter(
      (g) => g.people.length > 0,
    )
  })
  const remove = async (m: Member) => {
    if (!confirm(t('council.removeConfirm', { name: m.name, role: roleLabel(m.role) }))) return
    try {
      await authedRequest(`/api/councils/${props.councilId}/members/${m.userId}/${m.role}`, { method: 'DELETE' })
      await refetch()
    } catch (err) {
      alert(errorText(err))
    }
  }
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
                          <Show when={props.canManage}>
                            <button type="button" class="btn btn--ghost btn--small" onClick={() => void remove(m)}>
                              {t('council.remove')}
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
