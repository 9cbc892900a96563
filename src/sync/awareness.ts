/**
 * Presence: who else has this document open and what they are editing. Built on y-protocols
 * awareness (travels with the document's websocket; never persisted).
 */
import type { Awareness } from 'y-protocols/awareness'
import { Store, type ReadableStore } from './observable'

/** A role name from src/domain/access/policy.ts (shown next to the name in presence). */
export type Role = string

export interface Profile {
  name: string
  colour: string
  role: Role
}

export interface PresenceState extends Profile {
  /** What the person is editing right now (e.g. 'notes'), or null. */
  editing: string | null
}

export interface Peer extends PresenceState {
  clientId: number
}

const PROFILE_KEY = 'yishi:profile'
export const PRESENCE_COLOURS = ['#c2410c', '#0f766e', '#1d4ed8', '#7e22ce', '#be123c', '#4d7c0f'] as const

function isProfile(v: unknown): v is Profile {
  const p = v as Partial<Profile> | null
  return !!p && typeof p.name === 'string' && typeof p.colour === 'string' && typeof p.role === 'string'
}

/** The device user's profile (stored locally only), or null before they have entered a name. */
export const profileStore = new Store<Profile | null>(loadProfile())

function loadProfile(): Profile | null {
  try {
    const v: unknown = JSON.parse(globalThis.localStorage?.getItem(PROFILE_KEY) ?? 'null')
    return isProfile(v) ? v : null
  } catch {
    return null
  }
}

export function saveProfile(p: Profile): void {
  globalThis.localStorage?.setItem(PROFILE_KEY, JSON.stringify(p))
  profileStore.set(p)
}

function isPresence(v: unknown): v is PresenceState {
  return isProfile(v) && 'editing' in (v as object)
}

/**
 * Publishes the local profile into `awareness` and exposes the other peers as a store.
 * `setEditing` marks what the local user is editing.
 */
export function createPresence(awareness: Awareness): {
  others: ReadableStore<Peer[]>
  setEditing: (what: string | null) => void
  destroy: () => void
} {
  const others = new Store<Peer[]>([])
  let editing: string | null = null

  const publish = (): void => {
    const p = profileStore.get()
    const state: PresenceState = p
      ? { ...p, editing }
      : { name: '', colour: PRESENCE_COLOURS[0], role: 'resident', editing }
    // Merged, not replaced: other fields of the local state (e.g. TipTap's caret `user`) must survive.
    awareness.setLocalState({ ...(awareness.getLocalState() ?? {}), ...state })
  }
  const refresh = (): void => {
    const list: Peer[] = []
    awareness.getStates().forEach((s, clientId) => {
      if (clientId !== awareness.clientID && isPresence(s)) list.push({ ...s, clientId })
    })
    list.sort((a, b) => a.clientId - b.clientId)
    others.set(list)
  }

  publish()
  refresh()
  awareness.on('change', refresh)
  const unsubProfile = profileStore.subscribe(publish)
  return {
    others,
    setEditing(what) {
      if (what === editing) return
      editing = what
      publish()
    },
    destroy() {
      awareness.off('change', refresh)
      unsubProfile()
      awareness.setLocalState(null)
    },
  }
}
