/**
 * What the escalation screens need from the account store (the queue docs themselves sync like any
 * doc; docs/ops.md "Escalation bridge"):
 *  - GET /api/escalation/queues — the queues this person may open: every node of the subtrees where
 *    they hold an org staff role ({nodeId, name, kind, role}); admins: every node (read).
 *  - GET /api/escalation/councils/<councilId> — the levels above the council an escalation can go
 *    to ({level, name} for its community, street, district), for the council's own members.
 */
import type { IncomingMessage, ServerResponse } from 'node:http'
import { ancestorIds, subtreeIds } from '../../src/domain/org/tree'
import { councilRolesOf } from '../access/orgRoles'
import { E, sendJson } from './http'
import { requireUser, type AuthDeps } from './session'

const COUNCIL = /^\/api\/escalation\/councils\/([A-Za-z0-9_-]{1,64})$/

export function escalationRoutes(deps: AuthDeps) {
  return async function route(req: IncomingMessage, res: ServerResponse, path: string): Promise<boolean> {
    if (req.method !== 'GET') return false
    if (path === '/api/escalation/queues') {
      const user = await requireUser(deps, req)
      const nodes = await deps.accounts.listOrgNodes()
      const staff = user.isAdmin
        ? nodes.filter((n) => n.parentId === null).map((n) => ({ nodeId: n.id, role: 'org_viewer' as const }))
        : await deps.accounts.orgStaffOfUser(user.id)
      const roleOf = new Map<string, 'org_viewer' | 'org_handler'>()
      for (const s of staff)
        for (const id of subtreeIds(nodes, s.nodeId)) if (roleOf.get(id) !== 'org_handler') roleOf.set(id, s.role)
      const queues = nodes
        .filter((n) => roleOf.has(n.id))
        .map((n) => ({ nodeId: n.id, name: n.name, kind: n.kind, role: roleOf.get(n.id)! }))
      sendJson(res, 200, { queues })
      return true
    }
    const m = COUNCIL.exec(path)
    if (!m) return false
    const user = await requireUser(deps, req)
    const councilId = m[1]!
    if (!user.isAdmin && (await councilRolesOf(deps.accounts, user.id, councilId)).length === 0) throw E.forbidden()
    const council = await deps.accounts.compound(councilId)
    if (!council) throw E.notFound()
    const nodes = await deps.accounts.listOrgNodes()
    const line = council.orgNodeId ? [council.orgNodeId, ...ancestorIds(nodes, council.orgNodeId)] : []
    const levels = line
      .map((id) => nodes.find((n) => n.id === id))
      .filter((n) => n !== undefined)
      .map((n) => ({ level: n.kind, name: n.name }))
    sendJson(res, 200, { levels })
    return true
  }
}
