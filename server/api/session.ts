/** Issues the session a client keeps (access + refresh token, profile, memberships, councils). */
import type { AccountStore, User } from '../accounts/AccountStore'
import { ACCESS_TOKEN_TTL_S, REFRESH_TOKEN_TTL_S, newRefreshToken, type TokenService } from '../auth/tokens'
import { ApiError, E, bearer } from './http'
import type { IncomingMessage } from 'node:http'

export interface AuthDeps {
  accounts: AccountStore
  tokens: TokenService
  now?: () => number
}

export async function issueSession(deps: AuthDeps, user: User) {
  const now = deps.now?.() ?? Date.now()
  const accessToken = await deps.tokens.issueAccess({ userId: user.id, name: user.name })
  const refresh = newRefreshToken()
  await deps.accounts.putRefreshToken(refresh.hash, user.id, now + REFRESH_TOKEN_TTL_S * 1000)
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
  const mine = new Set(memberships.map((m) => m.councilId))
  return {
    user: { id: user.id, name: user.name, phone: user.phone, isAdmin: user.isAdmin },
    memberships,
    councils: all.filter((c) => user.isAdmin || mine.has(c.id)),
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
  if (!user || !user.active) throw E.unauthenticated()
  return user
}
