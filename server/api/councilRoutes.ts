/**
 * Compounds/councils, members and invitations, household phones (unmasked only for roles that need
 * them, each view audit-logged), roll import and the audit log.
 */
import type { IncomingMessage, ServerResponse } from 'node:http'
import { randomInt } from 'node:crypto'
import { z } from 'zod'
import { ROLES } from '../../src/domain/access/policy'
import { mayManage, maySeePhone } from '../../src/domain/access/councilPermissions'
import type { Membership, User } from '../accounts/AccountStore'
import { hashPassword } from '../auth/passwords'
import { ApiError, E, readJson, sendJson } from './http'
import { PHONE } from './authRoutes'
import { requireUser, type AuthDeps } from './session'

export interface RollImportResult {
  status: number
  body: unknown
}
export interface CouncilDeps extends AuthDeps {
  /** Validates a roll CSV and (unless dryRun) writes it into the council's roll doc and phone table. */
  importRoll(councilId: string, csv: Uint8Array, dryRun: boolean, by: User): Promise<RollImportResult>
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

export const maskPhone = (p: string) => (p.length === 11 ? `${p.slice(0, 3)}****${p.slice(7)}` : '****')

async function rolesIn(deps: AuthDeps, user: User, councilId: string): Promise<Membership[]> {
  const ms = (await deps.accounts.membershipsOfUser(user.id)).filter((m) => m.councilId === councilId)
  return ms
}

const can = (user: User, ms: Membership[]) => mayManage(user.isAdmin, ms)

export function councilRoutes(deps: CouncilDeps) {
  return async function handle(req: IncomingMessage, res: ServerResponse, path: string): Promise<boolean> {
    const m = req.method
    if (path === '/api/compounds' && m === 'POST') {
      const user = await requireUser(deps, req)
      if (!user.isAdmin) throw E.forbidden()
      const body = await readJson(
        req,
        z.object({
          name: z.string().trim().min(1).max(60),
          address: z.string().trim().max(200).default(''),
          grid: z.string().trim().max(60).default(''),
        }),
      )
      const compound = await deps.accounts.createCompound({ ...body, createdBy: user.id })
      await deps.accounts.audit({ at: Date.now(), userId: user.id, action: 'compound.create', target: compound.id })
      sendJson(res, 201, compound)
      return true
    }
    const match = /^\/api\/councils\/([A-Za-z0-9_-]{1,64})(\/.*)?$/.exec(path)
    if (!match) return false
    const councilId = match[1]!
    const rest = match[2] ?? ''
    const user = await requireUser(deps, req)
    const ms = await rolesIn(deps, user, councilId)
    if (!user.isAdmin && ms.length === 0) throw E.forbidden()
    if (!(await deps.accounts.compound(councilId))) throw E.notFound()

    if (rest === '/members' && m === 'GET') {
      const seePhones = can(user, ms)
      const members = (await deps.accounts.membersOfCouncil(councilId)).map((x) => ({
        ...x,
        phone: seePhones ? x.phone : maskPhone(x.phone),
      }))
      sendJson(res, 200, { members })
    } else if (rest === '/members' && m === 'POST') {
      if (!can(user, ms)) throw E.forbidden()
      const body = await readJson(
        req,
        z.object({
          phone: PHONE,
          name: z.string().trim().min(1).max(40),
          role: z.enum(ROLES).exclude(['admin']),
          scope: SCOPE.default({}),
        }),
      )
      let invitee = await deps.accounts.userByPhone(body.phone)
      let inviteCode: string | undefined
      if (!invitee || !invitee.active) {
        // No SMS here: the inviter hands the 6-digit code to the person, who sets a password with it.
        inviteCode = String(randomInt(0, 1_000_000)).padStart(6, '0')
        const codeHash = await hashPassword(inviteCode)
        if (!invitee) {
          const created = await deps.accounts.createUser({
            phone: body.phone,
            name: body.name,
            passwordHash: null,
            isAdmin: false,
            inviteCodeHash: codeHash,
          })
          invitee = { ...created, passwordHash: null, inviteCodeHash: codeHash }
        } else {
          await deps.accounts.setInviteCode(invitee.id, codeHash)
        }
      }
      await deps.accounts.addMembership({ userId: invitee.id, councilId, role: body.role, scope: body.scope })
      await deps.accounts.audit({
        at: Date.now(),
        userId: user.id,
        action: 'member.add',
        target: councilId,
        detail: { member: invitee.id, role: body.role },
      })
      sendJson(res, 201, { userId: invitee.id, ...(inviteCode ? { inviteCode } : {}) })
    } else if (rest.startsWith('/members/') && m === 'DELETE') {
      if (!can(user, ms)) throw E.forbidden()
      const [, , memberId, role] = rest.split('/')
      const parsedRole = z.enum(ROLES).safeParse(role)
      if (!memberId || !parsedRole.success) throw E.notFound()
      await deps.accounts.removeMembership(memberId, councilId, parsedRole.data)
      await deps.accounts.audit({
        at: Date.now(),
        userId: user.id,
        action: 'member.remove',
        target: councilId,
        detail: { member: memberId, role: parsedRole.data },
      })
      sendJson(res, 200, { ok: true })
    } else if (rest === '/roll/import' && m === 'POST') {
      if (!can(user, ms)) throw E.forbidden()
      const body = await readJson(
        req,
        z.object({ csvBase64: z.string().max(4_000_000), dryRun: z.boolean().default(true) }),
      )
      const r = await deps.importRoll(
        councilId,
        new Uint8Array(Buffer.from(body.csvBase64, 'base64')),
        body.dryRun,
        user,
      )
      sendJson(res, r.status, r.body)
    } else if (/^\/households\/[0-9A-Za-z-]{1,30}\/phone$/.test(rest) && m === 'GET') {
      const hid = rest.split('/')[2]!
      if (!maySeePhone(user.isAdmin, ms, hid)) throw E.forbidden()
      const phone = await deps.accounts.phone(councilId, hid)
      if (!phone) throw E.notFound()
      await deps.accounts.audit({
        at: Date.now(),
        userId: user.id,
        action: 'phone.view',
        target: `${councilId}/${hid}`,
      })
      sendJson(res, 200, { householdId: hid, phone })
    } else if (rest === '/audit' && m === 'GET') {
      if (!can(user, ms)) throw E.forbidden()
      sendJson(res, 200, { entries: await deps.accounts.auditLog({ targetPrefix: councilId, limit: 500 }) })
    } else {
      throw new ApiError(404, 'not-found', { zh: '未找到', en: 'Not found' })
    }
    return true
  }
}
