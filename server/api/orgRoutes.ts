/**
 * Org-node figures from the read-model tables (server/readmodel), never from the docs:
 *
 *  - GET /api/org/<nodeId>/dashboard?period=week|month|quarter|year&at=<epoch ms>
 *      → src/domain/org/dashboard.ts OrgDashboardSchema (docs/protocol.md "Org dashboards")
 *  - GET /api/org/<nodeId>/export.csv?period=…&at=… — the subtree's events of that period, no
 *      personal data (server/readmodel/exportCsv.ts)
 *  - GET /api/org/<nodeId>/open311.json?from=YYYY-MM-DD&to=YYYY-MM-DD — the same rows as Open311
 *      service requests (orgOpen311.ts)
 *
 * Access: admins, and org staff of the node or an ancestor (orgScope.ts); anyone else 403.
 */
import type { IncomingMessage, ServerResponse } from 'node:http'
import { DASHBOARD_PERIODS, type DashboardPeriod } from '../../src/domain/org/dashboard'
import { periodAt } from '../../src/domain/grid/time'
import type { ReadModelStore } from '../readmodel/ReadModelStore'
import { dashboardFor } from '../readmodel/queries'
import { mayViewOrgNode, orgScope, type OrgTreeSource } from '../readmodel/orgScope'
import { orgEventsCsv } from '../readmodel/exportCsv'
import { open311FileName, open311Window, orgOpen311 } from './orgOpen311'
import { ApiError, E, sendJson } from './http'
import { requireUser, type AuthDeps } from './session'

export interface OrgRouteDeps extends AuthDeps {
  org: OrgTreeSource
  readModel: ReadModelStore
}

const PATH = /^\/api\/org\/([A-Za-z0-9_-]{1,64})\/(dashboard|export\.csv|open311\.json)$/

function periodQuery(req: IncomingMessage, now: number): { kind: DashboardPeriod; at: number } {
  const url = new URL(req.url ?? '/', 'http://x')
  const kind = url.searchParams.get('period') ?? 'month'
  const atText = url.searchParams.get('at')
  const at = atText === null ? now : Number(atText)
  if (!(DASHBOARD_PERIODS as readonly string[]).includes(kind) || !Number.isSafeInteger(at) || at < 0)
    throw new ApiError(400, 'bad-request', {
      zh: '统计周期无效（period 须为 week/month/quarter/year，at 为时间戳）',
      en: 'Invalid period (period = week|month|quarter|year, at = epoch ms)',
    })
  return { kind: kind as DashboardPeriod, at }
}

export function orgRoutes(deps: OrgRouteDeps) {
  return async function handle(req: IncomingMessage, res: ServerResponse, path: string): Promise<boolean> {
    const m = PATH.exec(path)
    if (!m) return false
    if (req.method !== 'GET')
      throw new ApiError(405, 'method-not-allowed', { zh: '不支持的请求方法', en: 'Method not allowed' })
    const nodeId = m[1]!
    const user = await requireUser(deps, req)
    if (!(await mayViewOrgNode(deps.org, user, nodeId))) throw E.forbidden()
    const scope = await orgScope(deps.org, nodeId)
    if (!scope) throw E.notFound()
    const now = deps.now?.() ?? Date.now()
    if (m[2] === 'open311.json') {
      const w = open311Window(req, now)
      const rows = await deps.readModel.events(scope.councilIds, w.start, w.end)
      const inScope = new Set(scope.councilIds)
      const councils = new Map(
        (await deps.accounts.compounds()).filter((c) => inScope.has(c.id)).map((c) => [c.id, c] as const),
      )
      res.writeHead(200, {
        'Content-Type': 'application/json; charset=utf-8',
        'Content-Disposition': `attachment; filename="${open311FileName(nodeId, w)}"`,
        'Cache-Control': 'no-store',
      })
      res.end(JSON.stringify(orgOpen311(rows, councils)))
      return true
    }
    const q = periodQuery(req, now)
    if (m[2] === 'dashboard') {
      const d = await dashboardFor(deps.readModel, scope, { ...q, now })
      sendJson(res, 200, { node: scope.node, ...d })
      return true
    }
    const p = periodAt(q.kind, q.at)
    const events = await deps.readModel.events(scope.councilIds, p.start, p.end)
    res.writeHead(200, {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="events-${nodeId}-${p.label}.csv"`,
      'Cache-Control': 'no-store',
    })
    res.end(orgEventsCsv(events, (id) => scope.councilNames.get(id) ?? ''))
    return true
  }
}
