/** The session as the server issues it (server/api/session.ts) and as this device keeps it. */
import type { Role } from '../domain/access/policy'

export interface SessionUser {
  id: string
  name: string
  phone: string
  isAdmin: boolean
}

export interface Scope {
  buildings?: string[]
  units?: string[]
  households?: string[]
}

export interface Membership {
  userId: string
  councilId: string
  role: Role
  scope: Scope
}

export interface Council {
  id: string
  name: string
  address: string
  grid: string
}

export interface Profile {
  user: SessionUser
  memberships: Membership[]
  councils: Council[]
}

/** What POST /api/login, /api/setup, /api/activate and /api/refresh return. */
export interface IssuedSession extends Profile {
  accessToken: string
  accessExpiresAt: number
  refreshToken: string
}

/**
 * The session kept in localStorage. Tokens are null after an offline login until renewed online
 * (accessToken) or when the refresh token was refused (refreshToken: then the person logs in again).
 */
export interface Session extends Profile {
  accessToken: string | null
  accessExpiresAt: number
  refreshToken: string | null
}

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null

export function isProfile(v: unknown): v is Profile {
  if (!isObj(v) || !isObj(v.user)) return false
  const u = v.user
  return (
    typeof u.id === 'string' &&
    typeof u.name === 'string' &&
    typeof u.phone === 'string' &&
    typeof u.isAdmin === 'boolean' &&
    Array.isArray(v.memberships) &&
    Array.isArray(v.councils)
  )
}

export function isSession(v: unknown): v is Session {
  if (!isProfile(v)) return false
  const s = v as unknown as Record<string, unknown>
  return (
    (s.accessToken === null || typeof s.accessToken === 'string') &&
    typeof s.accessExpiresAt === 'number' &&
    (s.refreshToken === null || typeof s.refreshToken === 'string')
  )
}

export function isIssuedSession(v: unknown): v is IssuedSession {
  return isSession(v) && typeof v.accessToken === 'string' && typeof v.refreshToken === 'string'
}
