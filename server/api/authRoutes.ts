/** /api/setup, /api/login, /api/refresh, /api/activate, /api/me */
import type { IncomingMessage, ServerResponse } from 'node:http'
import { z } from 'zod'
import { hashPassword, verifyPassword, MIN_PASSWORD_LENGTH } from '../auth/passwords'
import { hashRefreshToken } from '../auth/tokens'
import { ApiError, readJson, sendJson } from './http'
import { RateLimiter } from './rateLimit'
import { issueSession, profile, requireUser, type AuthDeps } from './session'

export const PHONE = z.string().regex(/^1[3-9]\d{9}$/, 'phone')
const PASSWORD = z.string().min(MIN_PASSWORD_LENGTH, 'password-too-short').max(200)
const NAME = z.string().trim().min(1).max(40)

const badLogin = () =>
  new ApiError(401, 'bad-credentials', { zh: '手机号或密码不正确', en: 'Wrong phone number or password' })

export function authRoutes(deps: AuthDeps) {
  // 10 failures per phone and 50 attempts per address per 15 minutes.
  const perPhone = new RateLimiter(10, 15 * 60_000, deps.now)
  const perIp = new RateLimiter(50, 15 * 60_000, deps.now)

  const limited = (wait: number) =>
    new ApiError(
      429,
      'rate-limited',
      {
        zh: `尝试次数过多，请 ${Math.ceil(wait / 60)} 分钟后再试`,
        en: `Too many attempts, try again in ${Math.ceil(wait / 60)} min`,
      },
      wait,
    )

  return async function handle(req: IncomingMessage, res: ServerResponse, path: string): Promise<boolean> {
    const m = req.method
    if (m === 'GET' && path === '/api/setup') {
      sendJson(res, 200, { needed: (await deps.accounts.countAdmins()) === 0 })
    } else if (m === 'POST' && path === '/api/setup') {
      const body = await readJson(req, z.object({ phone: PHONE, name: NAME, password: PASSWORD }))
      if ((await deps.accounts.countAdmins()) > 0) {
        throw new ApiError(409, 'setup-done', {
          zh: '系统已有管理员，请直接登录',
          en: 'An administrator already exists; please log in',
        })
      }
      const user = await deps.accounts.createUser({
        ...body,
        passwordHash: await hashPassword(body.password),
        isAdmin: true,
      })
      sendJson(res, 201, await issueSession(deps, user))
    } else if (m === 'POST' && path === '/api/login') {
      const ipWait = perIp.hit(req.socket.remoteAddress ?? '?')
      if (ipWait) throw limited(ipWait)
      const body = await readJson(req, z.object({ phone: z.string().max(20), password: z.string().max(200) }))
      const stored = await deps.accounts.userByPhone(body.phone)
      const ok = stored?.passwordHash ? await verifyPassword(body.password, stored.passwordHash) : false
      if (!ok || !stored) {
        const wait = perPhone.hit(body.phone)
        if (wait) throw limited(wait)
        throw badLogin()
      }
      perPhone.reset(body.phone)
      sendJson(res, 200, await issueSession(deps, stored))
    } else if (m === 'POST' && path === '/api/refresh') {
      const body = await readJson(req, z.object({ refreshToken: z.string().min(10).max(200) }))
      const userId = await deps.accounts.takeRefreshToken(
        hashRefreshToken(body.refreshToken),
        deps.now?.() ?? Date.now(),
      )
      const user = userId ? await deps.accounts.userById(userId) : null
      if (!user || !user.active)
        throw new ApiError(401, 'refresh-invalid', {
          zh: '登录已失效，请重新登录',
          en: 'Session no longer valid, please log in again',
        })
      sendJson(res, 200, await issueSession(deps, user))
    } else if (m === 'POST' && path === '/api/activate') {
      const body = await readJson(
        req,
        z.object({ phone: PHONE, inviteCode: z.string().regex(/^\d{6}$/), password: PASSWORD }),
      )
      const wait = perPhone.hit('activate:' + body.phone)
      if (wait) throw limited(wait)
      const stored = await deps.accounts.userByPhone(body.phone)
      const ok = stored?.inviteCodeHash ? await verifyPassword(body.inviteCode, stored.inviteCodeHash) : false
      if (!ok || !stored)
        throw new ApiError(401, 'bad-invite', {
          zh: '邀请码不正确或已使用',
          en: 'Invite code is wrong or already used',
        })
      await deps.accounts.setPassword(stored.id, await hashPassword(body.password))
      const user = await deps.accounts.userById(stored.id)
      sendJson(res, 200, await issueSession(deps, user!))
    } else if (m === 'GET' && path === '/api/me') {
      sendJson(res, 200, await profile(deps, await requireUser(deps, req)))
    } else {
      return false
    }
    return true
  }
}
