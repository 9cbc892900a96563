/**
 * Credentials for the sync connections, pushed in by the client session (src/auth/) so the sync core
 * never imports the auth module. `scope` (the signed-in user's id) separates local copies on a shared
 * tablet: each person's IndexedDB copies and pending counts are their own, and edits made while one
 * person is signed in are only ever sent with that person's token.
 */
import { Store } from './observable'

export interface SyncCredentials {
  /** Access token for `?token=`; null while signed out or while only a local (offline) login exists. */
  token: string | null
  /** Storage scope (user id); '' when nobody is signed in. */
  scope: string
}

export const syncCredentials = new Store<SyncCredentials>({ token: null, scope: '' })

/** What the registry reports back to the session. */
export interface SyncAuthHooks {
  /** The server closed a connection with 4401: renew the access token (when online). */
  renew(): void
  /** Renewal kept being refused: the person has to log in again (local data stays). */
  failed(): void
  /** The server closed a connection with 4403: memberships may have changed. */
  denied(docName: string): void
}

let hooks: SyncAuthHooks | null = null

export function setSyncAuthHooks(h: SyncAuthHooks | null): void {
  hooks = h
}

export function syncAuthHooks(): SyncAuthHooks | null {
  return hooks
}

export function setSyncCredentials(next: SyncCredentials): void {
  const cur = syncCredentials.get()
  if (cur.token !== next.token || cur.scope !== next.scope) syncCredentials.set(next)
}

/** Close codes from the server (docs/protocol.md). */
export const CLOSE_UNAUTHENTICATED = 4401
export const CLOSE_FORBIDDEN = 4403
export const CLOSE_UNKNOWN_DOC = 4404

/** Changes not yet stored on the server, over all of one person's documents (open or not). */
export function storedPendingTotal(scope: string): number {
  const prefix = `yishi:pending:${scope}:`
  let n = 0
  for (let i = 0; i < localStorage.length; i++) {
    const k = localStorage.key(i)
    if (k?.startsWith(prefix)) n += Math.max(0, Number(localStorage.getItem(k)) || 0)
  }
  return n
}
