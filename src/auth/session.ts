/**
 * The client session: login / setup / activate / logout, offline login, token renewal, and the
 * hand-off of the access token to the sync connections. Local data is never discarded here: when
 * the session can't be renewed the person stays signed in locally and is asked for the password.
 */
import { Store } from '../sync/observable'
import { setSyncAuthHooks, setSyncCredentials } from '../sync/syncAuth'
import { ApiFailure, apiRequest, type RequestOptions } from './api'
import {
  deviceAccount,
  isSessionKey,
  loadSession,
  saveDeviceAccount,
  saveSession,
  updateDeviceProfile,
} from './deviceStore'
import { checkVerifier, createVerifier } from './localVerifier'
import { isIssuedSession, isProfile, type IssuedSession, type Profile, type Session } from './types'

/** 'ok': token valid or being renewed; 'offline': waiting for network; 'needs-login': password needed. */
export type Renewal = 'ok' | 'offline' | 'needs-login'

export type AuthState =
  | { kind: 'signed-out' }
  | { kind: 'signed-in'; session: Session; renewal: Renewal; offlineLogin: boolean }

/** Thrown by login when it can't even try (offline with nothing remembered, wrong password offline). */
export class LocalLoginError extends Error {
  constructor(readonly code: 'offline-no-account' | 'offline-bad-password') {
    super(code)
  }
}

const RENEW_MARGIN_MS = 60_000
/** Used when the device clock disagrees wildly with the server's expiry time. */
const FALLBACK_LIFETIME_MS = 10 * 60_000

export const authState = new Store<AuthState>(initialState())
/** After an offline login: the password, in memory only, to get real tokens once online. */
let offlinePassword: string | null = null
let renewTimer: ReturnType<typeof setTimeout> | null = null
let renewing: Promise<boolean> | null = null

function initialState(): AuthState {
  const s = typeof localStorage === 'undefined' ? null : loadSession()
  return s ? { kind: 'signed-in', session: s, renewal: 'ok', offlineLogin: false } : { kind: 'signed-out' }
}

export function currentSession(): Session | null {
  const s = authState.get()
  return s.kind === 'signed-in' ? s.session : null
}

const online = (): boolean => typeof navigator === 'undefined' || navigator.onLine

function tokenValid(s: Session): boolean {
  return !!s.accessToken && s.accessExpiresAt - Date.now() > RENEW_MARGIN_MS / 2
}

/** Server expiry → this device's clock (trusting the lifetime, not the clocks agreeing). */
function localExpiry(serverExpiresAt: number): number {
  const lifetime = serverExpiresAt - Date.now()
  return Date.now() + (lifetime > 0 && lifetime < 24 * 3600_000 ? lifetime : FALLBACK_LIFETIME_MS)
}

function publish(state: AuthState, persist = true): void {
  if (persist) saveSession(state.kind === 'signed-in' ? state.session : null)
  authState.set(state)
  const s = state.kind === 'signed-in' ? state.session : null
  setSyncCredentials({ token: s && tokenValid(s) ? s.accessToken : null, scope: s?.user.id ?? '' })
  scheduleRenewal()
}

function scheduleRenewal(): void {
  if (renewTimer) clearTimeout(renewTimer)
  renewTimer = null
  const s = currentSession()
  if (!s?.accessToken) return
  const wait = Math.max(5_000, s.accessExpiresAt - Date.now() - RENEW_MARGIN_MS)
  renewTimer = setTimeout(() => void renew(), wait)
}

function adopt(issued: IssuedSession, offlineLogin = false): Session {
  const { refreshToken, refreshCookie, ...rest } = issued
  const session: Session = {
    ...rest,
    accessExpiresAt: localExpiry(issued.accessExpiresAt),
    refreshToken: refreshCookie ? null : (refreshToken ?? null),
    refreshCookie: refreshCookie === true,
  }
  offlinePassword = null
  publish({ kind: 'signed-in', session, renewal: 'ok', offlineLogin })
  updateDeviceProfile(session)
  return session
}

/** Remembers the verifier for offline login (PBKDF2 takes a moment on a cheap tablet: not awaited). */
function rememberForOffline(profile: Profile, password: string): void {
  void createVerifier(password).then((verifier) => {
    saveDeviceAccount(profile.user.phone, {
      profile: { user: profile.user, memberships: profile.memberships, councils: profile.councils },
      verifier,
      lastLogin: Date.now(),
    })
  })
}

async function issue(path: string, body: Record<string, string>, password: string): Promise<Session> {
  const { body: res } = await apiRequest<unknown>(path, { method: 'POST', body })
  if (!isIssuedSession(res)) throw new ApiFailure('bad-response', 200, 'bad-response', null)
  const session = adopt(res)
  rememberForOffline(session, password)
  return session
}

export async function login(phone: string, password: string): Promise<Session> {
  try {
    return await issue('/api/login', { phone, password }, password)
  } catch (e) {
    if (e instanceof ApiFailure && e.kind === 'network') return offlineLogin(phone, password)
    throw e
  }
}

async function offlineLogin(phone: string, password: string): Promise<Session> {
  const acc = deviceAccount(phone)
  if (!acc) throw new LocalLoginError('offline-no-account')
  if (!(await checkVerifier(password, acc.verifier))) throw new LocalLoginError('offline-bad-password')
  // Same person as a still-stored session (e.g. tokens refused earlier): keep its tokens.
  const prev = loadSession()
  const session: Session =
    prev && prev.user.id === acc.profile.user.id
      ? prev
      : // The browser may still hold this person's refresh cookie: renewal tries it before the password.
        { ...acc.profile, accessToken: null, accessExpiresAt: 0, refreshToken: null, refreshCookie: true }
  offlinePassword = password
  publish({ kind: 'signed-in', session, renewal: 'offline', offlineLogin: true })
  return session
}

export const setup = (phone: string, name: string, password: string): Promise<Session> =>
  issue('/api/setup', { phone, name, password }, password)

export const activate = (phone: string, inviteCode: string, password: string): Promise<Session> =>
  issue('/api/activate', { phone, inviteCode, password }, password)

/** Signs out on this device. Documents stay in IndexedDB (unsent edits go out at the next login). */
export function logout(): void {
  offlinePassword = null
  const s = currentSession()
  publish({ kind: 'signed-out' })
  // Revokes the refresh family and clears the cookie; offline, the cookie simply waits for the next login.
  void apiRequest('/api/logout', {
    method: 'POST',
    body: s?.refreshToken ? { refreshToken: s.refreshToken } : {},
  }).catch(() => {})
}

/** After "needs-login": the password again for the signed-in person. */
export async function relogin(password: string): Promise<Session> {
  const s = currentSession()
  if (!s) throw new LocalLoginError('offline-no-account')
  return issue('/api/login', { phone: s.user.phone, password }, password)
}

function setRenewal(renewal: Renewal, session?: Session): void {
  const cur = authState.get()
  if (cur.kind !== 'signed-in') return
  publish({ ...cur, session: session ?? cur.session, renewal })
}

/**
 * Gets a fresh access token: adopts one another tab already got, else rotates the refresh token
 * (each works once — a Web Lock keeps two tabs from spending the same one), else logs in with the
 * password kept from an offline login. Resolves true when a valid token is in place.
 */
export function renew(): Promise<boolean> {
  if (renewing) return renewing
  const run = async (): Promise<boolean> => {
    if (!currentSession()) return false
    if (!online()) {
      setRenewal('offline')
      return false
    }
    const locks = typeof navigator !== 'undefined' ? navigator.locks : undefined
    return locks ? await locks.request('yishi-auth-renew', renewLocked) : await renewLocked()
  }
  // Cleared after assignment: run() may settle synchronously (offline) and must not leave a stale promise.
  const p = run().finally(() => {
    if (renewing === p) renewing = null
  })
  renewing = p
  return p
}

async function renewLocked(): Promise<boolean> {
  const mine = currentSession()
  if (!mine) return false
  const stored = loadSession()
  if (stored && stored.user.id === mine.user.id && stored.accessToken !== mine.accessToken && tokenValid(stored)) {
    publish({ kind: 'signed-in', session: stored, renewal: 'ok', offlineLogin: false }, false)
    return true
  }
  const current = stored?.user.id === mine.user.id ? stored : mine
  // A token kept by an older version is sent once in the body; the answer moves it into the cookie.
  const refreshToken = current.refreshToken
  try {
    if (refreshToken || current.refreshCookie) {
      try {
        const { body } = await apiRequest<unknown>('/api/refresh', {
          method: 'POST',
          body: refreshToken ? { refreshToken } : {},
        })
        if (isIssuedSession(body) && body.user.id === mine.user.id) {
          adopt(body)
          return true
        }
      } catch (e) {
        if (!(e instanceof ApiFailure) || e.kind !== 'api' || e.status !== 401) throw e
      }
    }
    if (offlinePassword) {
      await issue('/api/login', { phone: mine.user.phone, password: offlinePassword }, offlinePassword)
      return true
    }
    // Refused: keep everything local, drop the dead tokens, ask for the password.
    setRenewal('needs-login', { ...mine, accessToken: null, refreshToken: null, refreshCookie: false })
    return false
  } catch (e) {
    if (e instanceof ApiFailure && e.kind === 'network') {
      setRenewal('offline')
      return false
    }
    if (e instanceof ApiFailure && e.kind === 'api' && e.status === 401) {
      offlinePassword = null
      setRenewal('needs-login', { ...mine, accessToken: null, refreshToken: null, refreshCookie: false })
      return false
    }
    throw e
  }
}

/** An authenticated /api call; renews the token first if needed and once more on a 401. */
export async function authedRequest<T>(
  path: string,
  opts: RequestOptions = {},
  acceptStatus: number[] = [],
): Promise<{ status: number; body: T }> {
  let s = currentSession()
  if (!s) throw new ApiFailure('api', 401, 'unauthenticated', null)
  if (!tokenValid(s)) {
    await renew()
    s = currentSession()
  }
  try {
    return await apiRequest<T>(path, { ...opts, token: s?.accessToken ?? null }, acceptStatus)
  } catch (e) {
    if (!(e instanceof ApiFailure) || e.kind !== 'api' || e.status !== 401) throw e
    if (!(await renew())) throw e
    return apiRequest<T>(path, { ...opts, token: currentSession()?.accessToken ?? null }, acceptStatus)
  }
}

/** Re-reads memberships, councils and org roles (after creating a compound, or when access changed). */
export async function refreshProfile(): Promise<void> {
  const { body } = await authedRequest<unknown>('/api/me')
  const cur = authState.get()
  if (!isProfile(body) || cur.kind !== 'signed-in' || body.user.id !== cur.session.user.id) return
  const session: Session = {
    ...cur.session,
    user: body.user,
    memberships: body.memberships,
    councils: body.councils,
    // org staff roles and the visible tree move too (an admin's edits, a new staff entry)
    ...(body.orgStaff ? { orgStaff: body.orgStaff } : {}),
    ...(body.orgNodes ? { orgNodes: body.orgNodes } : {}),
  }
  publish({ ...cur, session })
  updateDeviceProfile(session)
}

export async function setupNeeded(): Promise<boolean | null> {
  try {
    const { body } = await apiRequest<{ needed?: unknown }>('/api/setup')
    return body.needed === true
  } catch {
    return null
  }
}

function start(): void {
  setSyncAuthHooks({
    renew: () => void renew(),
    failed: () => setRenewal('needs-login'),
    denied: () => void refreshProfile().catch(() => {}),
  })
  publish(authState.get(), false)
  const s = currentSession()
  if (s && !tokenValid(s)) void renew()
  window.addEventListener('online', () => {
    const cur = currentSession()
    if (cur && !tokenValid(cur)) void renew()
  })
  // Another tab logged in/out or rotated the tokens: follow it rather than spend a used token.
  window.addEventListener('storage', (e) => {
    if (!isSessionKey(e.key)) return
    const next = loadSession()
    publish(
      next ? { kind: 'signed-in', session: next, renewal: 'ok', offlineLogin: false } : { kind: 'signed-out' },
      false,
    )
  })
}

if (typeof window !== 'undefined') start()
