/** /api/* dispatch: each route module returns false when the path isn't its own. */
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { DocManager } from '../docs/DocManager'
import { errorText, type Logger } from '../log'
import { importRoll, liveRollTarget } from '../roll/importRoll'
import { authRoutes } from './authRoutes'
import { councilRoutes } from './councilRoutes'
import { voteRoutes } from './voteRoutes'
import { caseRoutes } from './caseRoutes'
import { blobRoutes } from './blobRoutes'
import { exportRoutes } from './exportRoutes'
import { escalationRoutes } from './escalationRoutes'
import { orgRoutes } from './orgRoutes'
import { orgTreeRoutes, type OrgAccessChange } from './orgTreeRoutes'
import type { ReadModelStore } from '../readmodel/ReadModelStore'
import { ApiError, sendError } from './http'
import type { AuthDeps } from './session'

export interface ApiDeps extends AuthDeps {
  onAccessChanged?: (userId: string, councilId: string) => void
  /** Org tree and org staff changes (orgTreeRoutes): re-check matching open connections. */
  onOrgAccessChanged?: (change: OrgAccessChange) => void
  docs: DocManager
  log: Logger
  /** Photo blobs live under `<dataDir>/blobs/` (blobRoutes). */
  dataDir: string
  blobQuotaBytesPerDay?: number
  /** Read-model tables (org dashboards). */
  readModel: ReadModelStore
}

export function createApi(deps: ApiDeps) {
  const rollTarget = liveRollTarget(deps.docs)
  const routes = [
    authRoutes(deps),
    voteRoutes(deps),
    blobRoutes(deps), // also before councilRoutes
    escalationRoutes(deps),
    exportRoutes(deps), // roll export (before councilRoutes) and /api/open311/v2/
    orgRoutes({ ...deps, org: deps.accounts }), // /api/org/<nodeId>/dashboard, export.csv
    orgTreeRoutes(deps), // every other /api/org… path: the tree, its import and staff
    caseRoutes(deps), // before councilRoutes, which answers 404 for every other /api/councils/<id>/… path
    councilRoutes({
      ...deps,
      importRoll: (councilId, csv, dryRun, by) => importRoll(rollTarget, deps.accounts, councilId, csv, dryRun, by),
    }),
  ]
  return async function api(req: IncomingMessage, res: ServerResponse, path: string): Promise<boolean> {
    try {
      for (const route of routes) if (await route(req, res, path)) return true
      throw new ApiError(404, 'not-found', { zh: '未找到', en: 'Not found' })
    } catch (e) {
      if (e instanceof ApiError) {
        sendError(res, e)
      } else {
        deps.log.error('api failed', { path, err: errorText(e) })
        sendError(
          res,
          new ApiError(500, 'internal', {
            zh: '服务器内部错误，请稍后再试',
            en: 'Internal server error, please try again later',
          }),
        )
      }
      return true
    }
  }
}
