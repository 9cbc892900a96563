/**
 * Members of a council: list, invite/grant, revoke one role, remove a person. Grants follow
 * src/domain/access/grants.ts (rank rule, no self-changes, only admins appoint a chair) and every
 * grant/revoke is audit-logged (who: userId, whom: detail.member, what: detail.role, when: at).
 *
 * Invitations are per (person, council): a code grants only the roles of the council that issued it,
 * an inviter creates or resets only their own council's invitation, and an account that already has a
 * password is added directly — never re-keyed (see /api/activate).
 */
import type { IncomingMessage, ServerResponse } from 'node:http'
import { z } from 'zod'
import { COUNCIL_ROLES, type Role } from '../../src/domain/access/policy'
import { mayManage } from '../../src/domain/access/councilPermissions'
import { GRANT_REFUSAL_TEXT, SCOPE_FIELDS, grantRefusal, type GrantActor } from '../../src/domain/access/grants'
import type { Invitation, Membership, Scope, User } from '../accounts/AccountStore'
import { revokeSessionsIfNoAccessLeft } from '../access/accessLeft'
import { inviteOrGrant } from './invitations'
import { ApiError, E, readJson, sendJson } from './http'
import { PHONE } from './authRoutes'
import type { AuthDeps } from './session'

export interface MemberDeps extends AuthDeps {
  /** Called after a person's roles in a council changed (the sync server re-checks their connections). */
  onAccessChanged?: (userId: string, councilId: string) => void
}

const SCOPE = z
  .object({
    buildings: z
      .array(z.string().regex(/^[0-9A-Za-z]{1,8}$/))
      .max(200)
      .optional(),
    units: z
      .array(z.string().regex(/^[0-9A-Za-z]{1,8}-[0-9A-Za-z]{1,8}$/))
      .max(500)
      .optional(),
    households: z
      .array(z.string().regex(/^[0-9A-Za-z]{1,8}-[0-9A-Za-z]{1,8}-[0-9A-Za-z]{1,8}$/))
      .max(50)
      .optional(),
  })
  .strict()

const USER_ID = /^[A-Za-z0-9_-]{1,64}$/

export const maskPhone = (p: string) => (p.length === 11 ? `${p.slice(0, 3)}****${p.slice(7)}` : '****')

/** Keeps only the scope field the role uses: a resident never inherits a unit head's units. */
export function scopeFor(role: Role, scope: Scope): Scope {
  const field = SCOPE_FIELDS[role]
  return field && scope[field]?.length ? { [field]: scope[field] } : {}
}

const refused = (why: NonNullable<ReturnType<typeof grantRefusal>>) =>
  new ApiError(403, `grant-${why}`, GRANT_REFUSAL_TEXT[why])

export function memberRoutes(deps: MemberDeps) {
  const changed = (userId: string, councilId: string) => deps.onAccessChanged?.(userId, councilId)
  const audit = (by: User, action: string, councilId: string, detail: Record<string, unknown>) =>
    deps.accounts.audit({ at: Date.now(), userId: by.id, action, target: councilId, detail })

  /** Roles the person holds in the council, granted or still pending in an invitation. */
  async function heldRoles(userId: string, councilId: string): Promise<{ roles: Role[]; inv: Invitation | null }> {
    const granted = (await deps.accounts.membershipsOfUser(userId)).filter((m) => m.councilId === councilId)
    const inv = (await deps.accounts.invitationsOfUser(userId)).find((i) => i.councilId === councilId) ?? null
    return { roles: [...granted.map((m) => m.role), ...(inv?.grants.map((g) => g.role) ?? [])], inv }
  }

  async function list(res: ServerResponse, user: User, ms: Membership[], councilId: string) {
    const seePhones = mayManage(user.isAdmin, ms)
    const phone = (p: string) => (seePhones ? p : maskPhone(p))
    const members = (await deps.accounts.membersOfCouncil(councilId)).map((x) => ({ ...x, phone: phone(x.phone) }))
    const pending = (await deps.accounts.invitationsOfCouncil(councilId)).flatMap((i) =>
      i.grants.map((g) => ({
        userId: i.userId,
        councilId,
        role: g.role,
        scope: g.scope,
        name: i.name,
        phone: phone(i.phone),
        pending: true,
      })),
    )
    sendJson(res, 200, { members: [...members, ...pending] })
  }

  async function invite(req: IncomingMessage, res: ServerResponse, user: User, actor: GrantActor, councilId: string) {
    const body = await readJson(
      req,
      z.object({
        phone: PHONE,
        name: z.string().trim().min(1).max(40),
        role: z.enum(COUNCIL_ROLES),
        scope: SCOPE.default({}),
      }),
    )
    const scope = scopeFor(body.role, body.scope)
    const existing = await deps.accounts.userByPhone(body.phone)
    const held = existing ? await heldRoles(existing.id, councilId) : { roles: [], inv: null }
    const why = grantRefusal(actor, existing?.id ?? null, held.roles, body.role)
    if (why) throw refused(why)
    const grant = { role: body.role, scope }
    const person = { phone: body.phone, name: body.name }
    const r = await inviteOrGrant(deps.accounts, user, person, councilId, grant, (userId) =>
      deps.accounts.addMembership({ userId, councilId, ...grant }),
    )
    await audit(user, r.pending ? 'member.invite' : 'member.grant', councilId, { member: r.userId, ...grant })
    if (!r.pending) changed(r.userId, councilId)
    sendJson(res, 201, r.pending ? { userId: r.userId, inviteCode: r.inviteCode, pending: true } : { userId: r.userId })
  }

  /** Revokes `roles` (all the person's roles when null) after checking each against the grant rule. */
  async function revoke(
    res: ServerResponse,
    user: User,
    actor: GrantActor,
    councilId: string,
    memberId: string,
    only: Role | null,
  ) {
    const held = await heldRoles(memberId, councilId)
    const roles = only ? held.roles.filter((r) => r === only) : [...new Set(held.roles)]
    if (roles.length === 0) throw E.notFound()
    for (const r of roles) {
      const why = grantRefusal(actor, memberId, held.roles, r)
      if (why) throw refused(why)
    }
    for (const r of roles) await deps.accounts.removeMembership(memberId, councilId, r)
    if (held.inv) {
      const left = held.inv.grants.filter((g) => !roles.includes(g.role))
      if (left.length) await deps.accounts.putInvitation({ ...held.inv, grants: left })
      else await deps.accounts.deleteInvitation(memberId, councilId)
    }
    for (const r of roles) await audit(user, 'member.revoke', councilId, { member: memberId, role: r })
    await revokeSessionsIfNoAccessLeft(deps.accounts, memberId)
    changed(memberId, councilId)
    sendJson(res, 200, { ok: true, revoked: roles })
  }

  /** Handles /members[/…] of a council the caller belongs to; false when `rest` is not ours. */
  return async function handle(
    req: IncomingMessage,
    res: ServerResponse,
    rest: string,
    user: User,
    ms: Membership[],
    councilId: string,
  ): Promise<boolean> {
    const m = req.method
    const actor: GrantActor = { id: user.id, isAdmin: user.isAdmin, roles: ms.map((x) => x.role) }
    if (rest === '/members' && m === 'GET') {
      await list(res, user, ms, councilId)
      return true
    }
    if (!rest.startsWith('/members') || (m !== 'POST' && m !== 'DELETE')) return false
    if (!mayManage(user.isAdmin, ms)) throw E.forbidden()
    if (rest === '/members' && m === 'POST') {
      await invite(req, res, user, actor, councilId)
      return true
    }
    const [, , memberId, role, extra] = rest.split('/')
    if (m !== 'DELETE' || !memberId || !USER_ID.test(memberId) || extra !== undefined) throw E.notFound()
    if (role === undefined) {
      await revoke(res, user, actor, councilId, memberId, null)
      return true
    }
    const parsedRole = z.enum(COUNCIL_ROLES).safeParse(role)
    if (!parsedRole.success) throw E.notFound()
    await revoke(res, user, actor, councilId, memberId, parsedRole.data)
    return true
  }
}
