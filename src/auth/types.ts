/** The session as the server issues it (server/api/session.ts) and as this device keeps it. */
import type { Membership } from '../domain/access/membership'
import type { OrgRole } from '../domain/access/policy'
import type { OrgNode } from '../domain/org/schema'

export type { Membership, Scope } from '../domain/access/membership'

export interface SessionUser {
  id: string
  name: string
  phone: string
  isAdmin: boolean
}

export interface Council {
  id: string
  name: string
  address: string
  grid: string
  /** Its community in the organisation tree (absent in sessions stored before the tree). */
  orgNodeId?: string | null
}

/** A role held on a node of the organisation tree (src/domain/org/), over every council below it. */
export interface OrgStaffEntry {
  nodeId: string
  role: OrgRole
}

export interface Profile {
  user: SessionUser
  memberships: Membership[]
  /** Their own councils, plus for org staff every council under their nodes. */
  councils: Council[]
  /** Absent in sessions stored before the organisation tree: treat as none. */
  orgStaff?: OrgStaffEntry[]
  /** The part of the tree they may see (their subtrees and the nodes above them; admins all). */
  orgNodes?: OrgNode[]
}

/**
 * What POST /api/login, /api/setup, /api/activate and /api/refresh return. The app asks for cookie
 * mode (src/auth/api.ts): the refresh token then lives only in an HttpOnly cookie (`refreshCookie`)
 * and never in this object; `refreshToken` is only there for API clients without that header.
 */
export interface IssuedSession extends Profile {
  accessToken: string
  accessExpiresAt: number
  refreshToken?: string
  refreshCookie?: boolean
}

/**
 * The session kept in localStorage: the profile and a short-lived access token (15 min), no
 * long-lived secret. Tokens are null after an offline login until renewed online (accessToken).
 * `refreshToken` is only ever set by sessions stored before cookie mode; the next renewal moves it
 * into the cookie. `refreshCookie`: the server holds a refresh cookie for this browser (false once it
 * was refused: then the person logs in again).
 */
export interface Session extends Profile {
  accessToken: string | null
  accessExpiresAt: number
  refreshToken: string | null
  refreshCookie?: boolean
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
  if (!isProfile(v)) return false
  const s = v as unknown as Record<string, unknown>
  return (
    typeof s.accessToken === 'string' &&
    typeof s.accessExpiresAt === 'number' &&
    (typeof s.refreshToken === 'string' || s.refreshCookie === true)
  )
}
