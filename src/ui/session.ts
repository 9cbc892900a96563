/** Solid view of the client session, and the presence name taken from it. */
import { createMemo, type Accessor } from 'solid-js'
import { authState, type AuthState } from '../auth/session'
import { councilAccess, type CouncilAccess } from '../auth/permissions'
import type { Session } from '../auth/types'
import { PRESENCE_COLOURS, profileStore, saveProfile } from '../sync/awareness'
import { useStore } from './bridge'

export function useAuth(): Accessor<AuthState> {
  return useStore(authState)
}

export function useSession(): Accessor<Session | null> {
  const state = useAuth()
  return () => {
    const s = state()
    return s.kind === 'signed-in' ? s.session : null
  }
}

export function useCouncilAccess(councilId: Accessor<string>): Accessor<CouncilAccess> {
  const session = useSession()
  return createMemo(() => councilAccess(session(), councilId()))
}

/** Presence shows the signed-in person's name and main role; the colour is stable per user. */
function syncPresenceProfile(state: AuthState): void {
  if (state.kind !== 'signed-in') return
  const { user, memberships } = state.session
  let h = 0
  for (const ch of user.id) h = (h * 31 + ch.charCodeAt(0)) >>> 0
  const colour = PRESENCE_COLOURS[h % PRESENCE_COLOURS.length] ?? '#0f766e'
  const role = user.isAdmin ? 'admin' : (memberships[0]?.role ?? 'member')
  const cur = profileStore.get()
  if (cur?.name !== user.name || cur.role !== role || cur.colour !== colour)
    saveProfile({ name: user.name, role, colour })
}

syncPresenceProfile(authState.get())
authState.subscribe(syncPresenceProfile)
