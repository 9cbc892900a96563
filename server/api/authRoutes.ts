/**
 * /api/setup, /api/login, /api/refresh, /api/logout, /api/activate, /api/me, /api/admin/unlock.
 *
 * Login answers take the same time for known and unknown phones (one scrypt either way, against a
 * dummy hash when there is no account) and a locked phone is refused even with the right password
 * (server/auth/lockout.ts). Refresh tokens rotate within a family; presenting a rotated one again
 * means a copy is loose, so the whole family is revoked and the event audit-logged.
 */
import type { IncomingMessage, ServerResponse } from 'node:http'
import { z } from 'zod'
import { hashPassword, verifyPassword, MIN_PASSWORD_LENGTH } from '../auth/passwords'
import { hashRefreshToken } from '../auth/tokens'
import { Lockout } from '../auth/lockout'
import { ApiError, E, readJson, sendJson } from './http'
import { RateLimiter } from './rateLimit'
import {
  REFRESH_COOKIE,
  issueFor,
  profile,
  readCookie,
  refreshCookie,
  requireUser,
  wantsCookie,
  type AuthDeps,
} from './session'
import { acceptInvitation } from './invitations'

export const PHONE = z.string().regex(/^1[3-9]\d{9}$/, 'phone')
const PASSWORD = z.string().min(MIN_PASSWORD_LENGTH, 'password-too-short').max(200)
const NAME = z.string().trim().min(1).max(40)
const TOKEN = z.string().min(10).max(200)

const badLogin = () =>
  new ApiError(401, 'bad-credentials', { zh: '手机号或密码不正确', en: 'Wrong phone number or password' })
const refreshInvalid = () =>
  new ApiError(401, 'refresh-invalid', {
    zh: '登录已失效，请重新登录',
    en: 'Session no longer valid, please log in again',
  })
const badInvite = () =>
  new ApiError(401, 'bad-invite', { zh: '邀请码不正确或已使用', en: 'Invite code is wrong or already used' })

export function authRoutes(deps: AuthDeps) {
  const now = deps.now ?? (() => Date.now())
  // Kept from before the per-phone lockout: 50 attempts per address per 15 minutes.
  const perIp = new RateLimiter(50, 15 * 60_000, deps.now)
  const lockout = new Lockout(deps.accounts, now)
  // Verified when a phone has no usable hash, so unknown phones cost what known ones do.
  const dummyHash = hashPassword(`yishi-dummy-password-${Math.random()}`)

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
  const ipLimit = (req: IncomingMessage) => {
    const wait = perIp.hit(req.socket.remoteAddress ?? '?')
    if (wait) throw limited(wait)
  }
  const send = async (
    res: ServerResponse,
    status: number,
    issued: Promise<{ body: unknown; headers: Record<string, string> }>,
  ) => {
    const { body, headers } = await issued
    sendJson(res, status, body, headers)
  }

  async function login(req: IncomingMessage, res: ServerResponse) {
    ipLimit(req)
    const body = await readJson(req, z.object({ phone: z.string().max(20), password: z.string().max(200) }))
    const lock = await lockout.check(body.phone)
    const stored = await deps.accounts.userByPhone(body.phone)
    const hash = stored?.passwordHash ?? (await dummyHash)
    const ok = (await verifyPassword(body.password, hash)) && !!stored?.passwordHash
    if (!ok || !stored) {
      const locked = await lockout.fail(body.phone, lock)
      if (locked) await audit('login.locked', `login/${body.phone}`, { ip: req.socket.remoteAddress ?? '?' })
      throw badLogin()
    }
    if (lock) await lockout.clear(body.phone)
    await send(res, 200, issueFor(deps, req, stored))
  }

  const audit = (action: string, target: string, detail: Record<string, unknown>, userId = '-') =>
    deps.accounts.audit({ at: Date.now(), userId, action, target, detail })

  /** The refresh token from the cookie (cookie mode) or the body (API clients, and migrating old sessions). */
  async function presentedToken(req: IncomingMessage): Promise<string | null> {
    const body = await readJson(req, z.object({ refreshToken: TOKEN.optional() }).nullable())
    if (body?.refreshToken) return body.refreshToken
    return wantsCookie(req) ? readCookie(req, REFRESH_COOKIE) : null
  }

  async function refresh(req: IncomingMessage, res: ServerResponse) {
    const token = await presentedToken(req)
    if (!token) throw refreshInvalid()
    const taken = await deps.accounts.takeRefreshToken(hashRefreshToken(token), now())
    if (taken.kind === 'reused') {
      // A rotated token came back: one of two copies is a thief's. Revoke the family: both log in again.
      const revoked = await deps.accounts.revokeRefreshFamily(taken.family)
      await audit(
        'refresh.reuse',
        `user/${taken.userId}`,
        { family: taken.family, revoked, ip: req.socket.remoteAddress ?? '?' },
        taken.userId,
      )
    }
    const user = taken.kind === 'ok' ? await deps.accounts.userById(taken.userId) : null
    if (taken.kind !== 'ok' || !user || !user.active) {
      res.setHeader('Set-Cookie', refreshCookie(req, null))
      throw refreshInvalid()
    }
    await send(res, 200, issueFor(deps, req, user, taken.family))
  }

  async function logout(req: IncomingMessage, res: ServerResponse) {
    const token = await presentedToken(req)
    if (token) {
      const taken = await deps.accounts.takeRefreshToken(hashRefreshToken(token), now())
      if (taken.kind !== 'invalid') await deps.accounts.revokeRefreshFamily(taken.family)
    }
    sendJson(res, 200, { ok: true }, { 'Set-Cookie': refreshCookie(req, null) })
  }

  /**
   * Sets the password with a council's invite code and grants that council's invited roles — only
   * those. An account that already has a password is never re-keyed: accepting a further invitation
   * needs the current password too.
   */
  async function activate(req: IncomingMessage, res: ServerResponse) {
    const body = await readJson(
      req,
      z.object({ phone: PHONE, inviteCode: z.string().regex(/^\d{6}$/), password: PASSWORD }),
    )
    const key = `activate:${body.phone}`
    const lock = await lockout.check(key)
    const stored = await deps.accounts.userByPhone(body.phone)
    const invitations = stored ? await deps.accounts.invitationsOfUser(stored.id) : []
    let matched = null
    for (const inv of invitations) if (await verifyPassword(body.inviteCode, inv.codeHash)) matched = inv
    // Accounts invited before per-council invitations: their roles were granted at invite time.
    const legacy =
      !matched && stored?.inviteCodeHash && !stored.passwordHash
        ? await verifyPassword(body.inviteCode, stored.inviteCodeHash)
        : false
    if (!invitations.length && !legacy) await verifyPassword(body.inviteCode, await dummyHash)
    if (!stored || (!matched && !legacy)) {
      await lockout.fail(key, lock)
      throw badInvite()
    }
    if (stored.passwordHash && !(await verifyPassword(body.password, stored.passwordHash))) {
      await lockout.fail(key, lock)
      throw new ApiError(409, 'already-active', {
        zh: '此手机号已设置过密码：请输入原密码以接受邀请；忘记密码请联系管理员',
        en: 'This phone number already has a password: enter it to accept the invitation, or ask an administrator',
      })
    }
    if (!stored.passwordHash) await deps.accounts.setPassword(stored.id, await hashPassword(body.password))
    if (matched) {
      await acceptInvitation(deps.accounts, stored.id, matched)
      await deps.accounts.audit({
        at: Date.now(),
        userId: stored.id,
        action: 'member.activate',
        target: matched.councilId,
        detail: { member: stored.id, roles: matched.grants.map((g) => g.role), invitedBy: matched.createdBy },
      })
    }
    if (lock) await lockout.clear(key)
    const user = await deps.accounts.userById(stored.id)
    await send(res, 200, issueFor(deps, req, user!))
  }

  async function unlock(req: IncomingMessage, res: ServerResponse) {
    const admin = await requireUser(deps, req)
    if (!admin.isAdmin) throw E.forbidden()
    const body = await readJson(req, z.object({ phone: PHONE }))
    await lockout.clear(body.phone)
    await lockout.clear(`activate:${body.phone}`)
    await audit('login.unlock', `login/${body.phone}`, {}, admin.id)
    sendJson(res, 200, { ok: true })
  }

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
      await send(res, 201, issueFor(deps, req, user))
    } else if (m === 'POST' && path === '/api/login') {
      await login(req, res)
    } else if (m === 'POST' && path === '/api/refresh') {
      await refresh(req, res)
    } else if (m === 'POST' && path === '/api/logout') {
      await logout(req, res)
    } else if (m === 'POST' && path === '/api/activate') {
      await activate(req, res)
    } else if (m === 'POST' && path === '/api/admin/unlock') {
      await unlock(req, res)
    } else if (m === 'GET' && path === '/api/me') {
      sendJson(res, 200, await profile(deps, await requireUser(deps, req)))
    } else {
      return false
    }
    return true
  }
}
