/**
 * Issues the session a client keeps (access token, refresh token, profile, memberships, councils).
 *
 * Two ways to hold the refresh token (docs/security.md, "Sessions"): the browser app asks for cookie
 * mode (`X-Yishi-Session: cookie`) and gets it only as an HttpOnly, SameSite=Strict cookie scoped to
 * /api/ — page scripts never see it; API clients without the header get it in the JSON body.
 */
import { randomBytes } from 'node:crypto'
import type { AccountStore, User } from '../accounts/AccountStore'
import { ACCESS_TOKEN_TTL_S, REFRESH_TOKEN_TTL_S, newRefreshToken, type TokenService } from '../auth/tokens'
import { ApiError, E, bearer } from './http'
import type { IncomingMessage } from 'node:http'
import { orgView } from './orgTreeRoutes'

export const REFRESH_COOKIE = 'yishi_refresh'
export const SESSION_MODE_HEADER = 'x-yishi-session'

/** True when the client asked for the refresh token as an HttpOnly cookie. */
export const wantsCookie = (req: IncomingMessage): boolean => req.headers[SESSION_MODE_HEADER] === 'cookie'

export function readCookie(req: IncomingMessage, name: string): string | null {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const i = part.indexOf('=')
    if (i > 0 && part.slice(0, i).trim() === name) return decodeURIComponent(part.slice(i + 1).trim())
  }
  return null
}

/** Behind a TLS-terminating proxy the request says so; plain http (tests, LAN without TLS) can't use Secure. */
const isHttps = (req: IncomingMessage): boolean =>
  (req.socket as { encrypted?: boolean }).encrypted === true || req.headers['x-forwarded-proto'] === 'https'

export function refreshCookie(req: IncomingMessage, token: string | null): string {
  const attrs = ['HttpOnly', 'SameSite=Strict', 'Path=/api/', `Max-Age=${token ? REFRESH_TOKEN_TTL_S : 0}`]
  if (isHttps(req)) attrs.push('Secure')
  return [`${REFRESH_COOKIE}=${token ? encodeURIComponent(token) : ''}`, ...attrs].join('; ')
}

export interface Issued {
  body: Record<string, unknown>
  headers: Record<string, string>
}

/**
 * A new access token and a new refresh token. `family`: the family of the refresh token just spent
 * (rotation keeps it), or none for a fresh login (a new family). Cookie mode puts the refresh token
 * in a Set-Cookie header instead of the body.
 */
export async function issueFor(
  deps: AuthDeps,
  req: IncomingMessage,
  user: User,
  family: string | null = null,
): Promise<Issued> {
  const s = await issueSession(deps, user, family)
  if (!wantsCookie(req)) return { body: s, headers: {} }
  const { refreshToken, ...body } = s
  return { body: { ...body, refreshCookie: true }, headers: { 'Set-Cookie': refreshCookie(req, refreshToken) } }
}

export interface AuthDeps {
  accounts: AccountStore
  tokens: TokenService
  now?: () => number
}

export async function issueSession(deps: AuthDeps, user: User, family: string | null = null) {
  const now = deps.now?.() ?? Date.now()
  const accessToken = await deps.tokens.issueAccess({ userId: user.id, name: user.name })
  const refresh = newRefreshToken()
  const fam = family ?? randomBytes(12).toString('base64url')
  await deps.accounts.putRefreshToken(refresh.hash, user.id, now + REFRESH_TOKEN_TTL_S * 1000, fam)
  return {
    accessToken,
    accessExpiresAt: now + ACCESS_TOKEN_TTL_S * 1000,
    refreshToken: refresh.token,
    ...(await profile(deps, user)),
  }
}

export async function profile(deps: AuthDeps, user: User) {
  const memberships = await deps.accounts.membershipsOfUser(user.id)
  const all = await deps.accounts.compounds()
  const org = await orgView(deps.accounts, user)
  // Councils of their own plus, for org staff, every council under their nodes (read-only there).
  const mine = new Set([...memberships.map((m) => m.councilId), ...org.orgCouncils.map((c) => c.id)])
  return {
    user: { id: user.id, name: user.name, phone: user.phone, isAdmin: user.isAdmin },
    memberships,
    councils: all.filter((c) => user.isAdmin || mine.has(c.id)),
    orgStaff: org.orgStaff,
    orgNodes: org.orgNodes,
  }
}

/** The signed-in user of a request, or a 401 (missing, expired, forged and tampered tokens alike). */
export async function requireUser(deps: AuthDeps, req: IncomingMessage): Promise<User> {
  const v = await deps.tokens.verifyAccess(bearer(req))
  if (!v.ok) {
    if (v.reason === 'expired')
      throw new ApiError(401, 'token-expired', {
        zh: '登录已过期，请重新登录',
        en: 'Session expired, please log in again',
      })
    throw E.unauthenticated()
  }
  const user = await deps.accounts.userById(v.claims.userId)
  if (!user?.active) throw E.unauthenticated()
  return user
}
