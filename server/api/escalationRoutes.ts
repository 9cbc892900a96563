/**
 * What the escalation screens need from the account store (the queue docs themselves sync like any
 * doc; docs/ops.md "Escalation bridge"): GET /api/escalation/councils/<councilId> — the levels above
 * the council an escalation can go to ({level, name} for its community, street, district), for the
 * council's own members. The queues a person may open are not asked for: the client derives them
 * from the session's orgStaff and orgNodes (src/domain/escalation/queueRefs.ts).
 */
import type { IncomingMessage, ServerResponse } from 'node:http'
import { ancestorIds } from '../../src/domain/org/tree'
import { councilRolesOf } from '../access/orgRoles'
import { E, sendJson } from './http'
import { requireUser, type AuthDeps } from './session'

const COUNCIL = /^\/api\/escalation\/councils\/([A-Za-z0-9_-]{1,64})$/

export function escalationRoutes(deps: AuthDeps) {
  return async function route(req: IncomingMessage, res: ServerResponse, path: string): Promise<boolean> {
    if (req.method !== 'GET') return false
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
