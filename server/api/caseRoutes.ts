/**
 * Mediation case API: export of a case's personal data. A case doc holds personal details (parties'
 * names, phones, ID numbers), so taking them out of the app needs a stated reason and leaves an
 * audit entry; only the case's assignees, the chair and admins may do it (the doc's own read gate).
 */
import type { IncomingMessage, ServerResponse } from 'node:http'
import * as Y from 'yjs'
import { z } from 'zod'
import type { DocManager } from '../docs/DocManager'
import { readCase } from '../../src/domain/mediation/caseRead'
import { ApiError, E, readJson, sendJson } from './http'
import { requireUser, type AuthDeps } from './session'
import { docName } from '../../src/domain/docTypes'

export interface CaseDeps extends AuthDeps {
  docs: DocManager
}

const PATH = /^\/api\/councils\/([A-Za-z0-9_-]{1,64})\/cases\/([A-Za-z0-9_-]{1,64})\/export$/

export function caseRoutes(deps: CaseDeps) {
  return async function handle(req: IncomingMessage, res: ServerResponse, path: string): Promise<boolean> {
    const match = PATH.exec(path)
    if (!match) return false
    if (req.method !== 'POST')
      throw new ApiError(405, 'method-not-allowed', { zh: '不支持的请求方法', en: 'Method not allowed' })
    const councilId = match[1]!
    const caseId = match[2]!
    const user = await requireUser(deps, req)
    const roles = (await deps.accounts.membershipsOfUser(user.id))
      .filter((m) => m.councilId === councilId)
      .map((m) => m.role)
    if (!user.isAdmin && roles.length === 0) throw E.forbidden()
    const body = await readJson(req, z.object({ reason: z.string().trim().min(4).max(500) }).strict())
    const name = docName('case', councilId, caseId)
    // Read a copy: the export never changes the live doc.
    const copy = new Y.Doc()
    Y.applyUpdate(copy, Y.encodeStateAsUpdate((await deps.docs.get(name)).ydoc))
    const snap = readCase(copy)
    if (!snap.meta) throw E.notFound()
    const boss = user.isAdmin || roles.includes('chair')
    const assigned =
      (roles.includes('mediator') || roles.includes('grid_worker')) && snap.meta.assignees.includes(user.id)
    if (!boss && !assigned) {
      await deps.accounts.audit({
        at: Date.now(),
        userId: user.id,
        action: 'case.export.refused',
        target: `${councilId}/case/${caseId}`,
      })
      throw E.forbidden()
    }
    await deps.accounts.audit({
      at: Date.now(),
      userId: user.id,
      action: 'case.export',
      target: `${councilId}/case/${caseId}`,
      detail: { reason: body.reason },
    })
    sendJson(res, 200, { exportedAt: Date.now(), exportedBy: user.id, reason: body.reason, case: snap })
    return true
  }
}
