/**
 * The organisation tree over HTTP (docs/ops.md "Districts"): GET /api/org (what the caller may see),
 * and for admins: CSV import, node create/rename/move, delete, placing a council under a community,
 * and the staff of a node (invited through the one invitation flow, server/api/invitations.ts).
 * Every change that can move access re-checks open connections (onOrgAccessChanged → revocation).
 */
import type { IncomingMessage, ServerResponse } from 'node:http'
import { z } from 'zod'
import { ORG_ROLES, type OrgRole } from '../../src/domain/access/policy'
import { checkImport, parseOrgCsv } from '../../src/domain/org/csv'
import { planImport } from '../../src/domain/org/importPlan'
import { ORG_ID_PATTERN, ORG_KINDS, type OrgNode } from '../../src/domain/org/schema'
import { validateTree, visibleNodeIds } from '../../src/domain/org/tree'
import { revokeSessionsIfNoAccessLeft } from '../access/accessLeft'
import type { AccountStore, User } from '../accounts/AccountStore'
import { PHONE } from './authRoutes'
import { ApiError, E, readJson, sendJson } from './http'
import { inviteOrGrant, orgInvitationKey } from './invitations'
import { requireUser, type AuthDeps } from './session'

export interface OrgAccessChange {
  userId?: string
  councilId?: string
}
export interface OrgDeps extends AuthDeps {
  /** Re-checks open connections after a change that can move access (server/access/revocation.ts). */
  onOrgAccessChanged?: (change: OrgAccessChange) => void
}

const NODE_PATH = /^\/api\/org\/nodes\/([A-Za-z0-9_-]{1,64})(\/staff(?:\/([A-Za-z0-9_-]{1,64})\/([a-z_]{1,20}))?)?$/
const COUNCIL_PATH = /^\/api\/org\/councils\/([A-Za-z0-9_-]{1,64})$/
const NodeBody = z.object({
  kind: z.enum(ORG_KINDS),
  name: z.string().trim().min(1).max(60),
  parentId: z.string().regex(ORG_ID_PATTERN).nullable(),
})

const invalidTree = (details: unknown) =>
  new ApiError(
    422,
    'invalid-tree',
    { zh: '组织架构有误，未作任何修改', en: 'The organisation tree would be invalid; nothing was changed' },
    details,
  )

/**
 * The tree and councils `user` may see: admins everything; staff their subtrees and the names above.
 * `orgCouncils` are the placed councils; admins also get the councils not in the tree yet
 * (`unplaced`), which the organisation page offers to place.
 */
export async function orgView(accounts: AccountStore, user: User) {
  const nodes = await accounts.listOrgNodes()
  const compounds = await accounts.compounds()
  const staff = user.isAdmin ? [] : await accounts.orgStaffOfUser(user.id)
  const visible = user.isAdmin ? null : visibleNodeIds(nodes, new Set(staff.map((s) => s.nodeId)))
  const under = user.isAdmin ? null : new Set<string>()
  if (under) for (const s of staff) for (const id of await accounts.councilsUnder(s.nodeId)) under.add(id)
  return {
    orgStaff: staff.map((s) => ({ nodeId: s.nodeId, role: s.role })),
    orgNodes: visible ? nodes.filter((n) => visible.has(n.id)) : nodes,
    orgCouncils: compounds
      .filter((c) => c.orgNodeId !== null && (!under || under.has(c.id)))
      .map((c) => ({ id: c.id, name: c.name, orgNodeId: c.orgNodeId })),
    unplaced: user.isAdmin
      ? compounds.filter((c) => c.orgNodeId === null).map((c) => ({ id: c.id, name: c.name }))
      : [],
  }
}

export function orgTreeRoutes(deps: OrgDeps) {
  const a = deps.accounts
  const changed = (change: OrgAccessChange) => deps.onOrgAccessChanged?.(change)
  const audit = (by: User, action: string, target: string, detail?: Record<string, unknown>) =>
    a.audit({ at: Date.now(), userId: by.id, action, target: `org/${target}`, ...(detail ? { detail } : {}) })

  async function councilIds(): Promise<Set<string>> {
    return new Set((await a.compounds()).map((c) => c.id))
  }

  /** After a staff entry went (removed, or its node deleted): connections re-decide; no access left → no sessions. */
  async function staffGone(userId: string) {
    await revokeSessionsIfNoAccessLeft(a, userId)
    changed({ userId })
  }

  async function importCsv(req: IncomingMessage, res: ServerResponse, admin: User) {
    const body = await readJson(
      req,
      z.object({ csvBase64: z.string().max(4_000_000), dryRun: z.boolean().default(false) }),
    )
    const parsed = parseOrgCsv(new Uint8Array(Buffer.from(body.csvBase64, 'base64')))
    if (!parsed.ok) throw invalidCsv(parsed.errors)
    const compounds = await a.compounds()
    const councils = new Set(compounds.map((c) => c.id))
    // A node id equal to a council id would make queue:<id> ambiguous: refuse it.
    const clash = parsed.nodes.filter((n) => councils.has(n.id))
    const stored = await a.listOrgNodes()
    const checked = checkImport(parsed, stored, (id) => councils.has(id))
    if (!checked.ok || clash.length)
      throw invalidCsv([
        ...(checked.ok ? [] : checked.errors),
        ...clash.map((n) => ({
          line: parsed.lineOf.get(n.id) ?? 1,
          column: 'id' as const,
          code: 'id.is_council',
          message: { zh: `编号 ${n.id} 已被一个小区使用`, en: `Id ${n.id} is a council's id` },
        })),
      ])
    const summary = { nodes: parsed.nodes.length, councils: parsed.councils.length }
    if (body.dryRun) {
      const placedAt = new Map(compounds.map((c) => [c.id, c.orgNodeId]))
      const plan = planImport(parsed, stored, (id) => placedAt.get(id) ?? null)
      return sendJson(res, 200, { ...summary, dryRun: true, plan })
    }
    await a.upsertOrgNodes(parsed.nodes)
    for (const c of parsed.councils) await a.setCouncilOrgNode(c.councilId, c.nodeId)
    await audit(admin, 'org.import', 'tree', summary)
    changed({}) // nodes may have moved: every connection re-decides
    sendJson(res, 200, summary)
  }

  async function putNode(req: IncomingMessage, res: ServerResponse, admin: User, id: string) {
    const body = await readJson(req, NodeBody)
    if ((await councilIds()).has(id))
      throw new ApiError(409, 'id-is-council', { zh: '此编号已被一个小区使用', en: "This id is a council's id" })
    const node: OrgNode = { id, ...body }
    const tree = [...(await a.listOrgNodes()).filter((n) => n.id !== id), node]
    const errors = validateTree(tree)
    if (errors.length) throw invalidTree(errors)
    await a.upsertOrgNodes([node])
    await audit(admin, 'org.node.put', id, { ...body })
    changed({})
    sendJson(res, 200, node)
  }

  async function deleteNode(res: ServerResponse, admin: User, id: string) {
    const staff = await a.orgStaffOfNode(id)
    const why = await a.deleteOrgNode(id)
    if (why === 'not-found') throw E.notFound()
    if (why)
      throw new ApiError(
        409,
        why,
        why === 'has-children'
          ? { zh: '请先删除或移走下级组织', en: 'Delete or move its child nodes first' }
          : { zh: '请先把所属小区移到其他社区', en: 'Move its councils to another community first' },
      )
    // Pending invitations to the node would otherwise turn into staff entries on a node that is gone.
    for (const inv of await a.invitationsOfCouncil(orgInvitationKey(id)))
      await a.deleteInvitation(inv.userId, inv.councilId)
    await audit(admin, 'org.node.delete', id)
    for (const userId of new Set(staff.map((s) => s.userId))) await staffGone(userId)
    sendJson(res, 200, { ok: true })
  }

  async function placeCouncil(req: IncomingMessage, res: ServerResponse, admin: User, councilId: string) {
    const body = await readJson(req, z.object({ nodeId: z.string().regex(ORG_ID_PATTERN).nullable() }))
    if (!(await a.compound(councilId))) throw E.notFound()
    if (body.nodeId !== null && (await a.listOrgNodes()).find((n) => n.id === body.nodeId)?.kind !== 'community')
      throw new ApiError(422, 'not-a-community', {
        zh: '小区只能归属于社区',
        en: 'A council can only be placed under a community',
      })
    await a.setCouncilOrgNode(councilId, body.nodeId)
    await audit(admin, 'org.council.place', councilId, { nodeId: body.nodeId })
    changed({ councilId })
    sendJson(res, 200, { councilId, nodeId: body.nodeId })
  }

  async function staff(req: IncomingMessage, res: ServerResponse, admin: User, nodeId: string, rest: RegExpExecArray) {
    if (!(await a.listOrgNodes()).some((n) => n.id === nodeId)) throw E.notFound()
    const key = orgInvitationKey(nodeId)
    const [, , , userId, role] = rest
    if (req.method === 'GET' && !userId) {
      const granted = (await a.orgStaffOfNode(nodeId)).map((s) => ({ ...s, pending: false }))
      const pending = (await a.invitationsOfCouncil(key)).flatMap((i) =>
        i.grants.map((g) => ({ userId: i.userId, nodeId, role: g.role, name: i.name, phone: i.phone, pending: true })),
      )
      // Admins manage staff: full phones, as for council managers.
      return sendJson(res, 200, { staff: [...granted, ...pending] })
    }
    if (req.method === 'POST' && !userId) {
      const body = await readJson(
        req,
        z.object({ phone: PHONE, name: z.string().trim().min(1).max(40), role: z.enum(ORG_ROLES) }),
      )
      const grant = { role: body.role, scope: {} }
      const r = await inviteOrGrant(a, admin, { phone: body.phone, name: body.name }, key, grant, (id) =>
        a.addOrgStaff(id, nodeId, body.role),
      )
      await audit(admin, r.pending ? 'org.staff.invite' : 'org.staff.grant', nodeId, {
        member: r.userId,
        role: body.role,
      })
      if (!r.pending) changed({ userId: r.userId })
      return sendJson(
        res,
        201,
        r.pending ? { userId: r.userId, inviteCode: r.inviteCode, pending: true } : { userId: r.userId },
      )
    }
    if (req.method === 'DELETE' && userId && role) {
      const parsedRole = z.enum(ORG_ROLES).safeParse(role)
      if (!parsedRole.success) throw E.notFound()
      await removeStaff(res, admin, nodeId, userId, parsedRole.data)
      return
    }
    throw E.notFound()
  }

  async function removeStaff(res: ServerResponse, admin: User, nodeId: string, userId: string, role: OrgRole) {
    const key = orgInvitationKey(nodeId)
    const held = (await a.orgStaffOfNode(nodeId)).some((s) => s.userId === userId && s.role === role)
    const inv = (await a.invitationsOfUser(userId)).find((i) => i.councilId === key)
    if (!held && !inv?.grants.some((g) => g.role === role)) throw E.notFound()
    await a.removeOrgStaff(userId, nodeId, role)
    if (inv) {
      const left = inv.grants.filter((g) => g.role !== role)
      if (left.length) await a.putInvitation({ ...inv, grants: left })
      else await a.deleteInvitation(userId, key)
    }
    await audit(admin, 'org.staff.revoke', nodeId, { member: userId, role })
    await staffGone(userId)
    sendJson(res, 200, { ok: true })
  }

  return async function handle(req: IncomingMessage, res: ServerResponse, path: string): Promise<boolean> {
    if (path !== '/api/org' && !path.startsWith('/api/org/')) return false
    const user = await requireUser(deps, req)
    const m = req.method
    if (path === '/api/org' && m === 'GET') {
      const view = await orgView(a, user)
      const body = { nodes: view.orgNodes, councils: view.orgCouncils, staff: view.orgStaff }
      sendJson(res, 200, user.isAdmin ? { ...body, unplaced: view.unplaced } : body)
      return true
    }
    if (!user.isAdmin) throw E.forbidden()
    const node = NODE_PATH.exec(path)
    const council = COUNCIL_PATH.exec(path)
    if (path === '/api/org/import' && m === 'POST') await importCsv(req, res, user)
    else if (node?.[2]) await staff(req, res, user, node[1]!, node)
    else if (node && m === 'PUT') await putNode(req, res, user, node[1]!)
    else if (node && m === 'DELETE') await deleteNode(res, user, node[1]!)
    else if (council && m === 'PUT') await placeCouncil(req, res, user, council[1]!)
    else throw E.notFound()
    return true
  }
}

const invalidCsv = (errors: unknown) =>
  new ApiError(
    422,
    'invalid-csv',
    { zh: '文件有误，未导入任何内容（见各行错误）', en: 'The file has errors; nothing was imported (see each line)' },
    errors,
  )
