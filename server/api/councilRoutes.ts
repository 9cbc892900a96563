/**
 * Compounds/councils, members and invitations, household phones (unmasked only for roles that need
 * them, each view audit-logged), roll import and the audit log.
 */
import type { IncomingMessage, ServerResponse } from 'node:http'
import { z } from 'zod'
import { mayManage, maySeePhone } from '../../src/domain/access/councilPermissions'
import type { Membership, User } from '../accounts/AccountStore'
import { ApiError, E, readJson, sendJson } from './http'
import { memberRoutes, type MemberDeps } from './memberRoutes'
import { requireUser, type AuthDeps } from './session'
import { councilRolesOf } from '../access/orgRoles'

export interface RollImportResult {
  status: number
  body: unknown
}
export interface CouncilDeps extends MemberDeps {
  /** Validates a roll CSV and (unless dryRun) writes it into the council's roll doc and phone table. */
  importRoll(councilId: string, csv: Uint8Array, dryRun: boolean, by: User): Promise<RollImportResult>
}

export { maskPhone } from './memberRoutes'

/** Memberships in the council plus org roles over it (org staff of an ancestor node). */
const rolesIn = (deps: AuthDeps, user: User, councilId: string): Promise<Membership[]> =>
  councilRolesOf(deps.accounts, user.id, councilId)

const can = (user: User, ms: Membership[]) => mayManage(user.isAdmin, ms)

export function councilRoutes(deps: CouncilDeps) {
  const members = memberRoutes(deps)
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

    if (await members(req, res, rest, user, ms, councilId)) {
      // handled
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
