/**
 * Exports served by the server (they need what only the server holds, or go to other systems):
 *
 *  - GET /api/councils/<id>/roll/export.csv — the roll for people (src/domain/exports/rollCsv.ts):
 *    full phones only for households the role may see (maySeePhone), masked otherwise; every
 *    export is audited (`roll.export`, with how many full phones it held).
 *  - GET /api/open311/v2/services.json?jurisdiction_id=<councilId>
 *  - GET /api/open311/v2/requests.json?jurisdiction_id=<councilId>[&status=open|closed]
 *      [&service_code=<code>][&start_date=<iso>][&end_date=<iso>][&service_request_id=<id,id>]
 *  - GET /api/open311/v2/requests/<eventId>.json?jurisdiction_id=<councilId>
 *  - GET /api/open311/v2/media/<councilId>/<eventId> — the event's photo (the requests' media_url)
 *    GeoReport v2 for the street office, scoped by the bearer token to councils where the account
 *    holds an OPEN311_ROLES role (an observer account for the street office); residents get 403.
 */
import type { IncomingMessage, ServerResponse } from 'node:http'
import * as Y from 'yjs'
import type { DocManager } from '../docs/DocManager'
import { maySeePhone, OPEN311_ROLES, ROLL_EXPORT_ROLES } from '../../src/domain/access/councilPermissions'
import type { Role } from '../../src/domain/access/policy'
import { rollCsv } from '../../src/domain/exports/rollCsv'
import { open311Services, toOpen311 } from '../../src/domain/grid/exports'
import { readEvents } from '../../src/domain/grid/events'
import { readRoll } from '../../src/domain/roll/queries'
import { ApiError, E, sendJson } from './http'
import { requireUser, type AuthDeps } from './session'
import { docName } from '../../src/domain/docTypes'
import { councilRolesOf } from '../access/orgRoles'

export interface ExportDeps extends AuthDeps {
  docs: DocManager
}

const ID = '[A-Za-z0-9_-]{1,64}'
const ROLL = new RegExp(`^/api/councils/(${ID})/roll/export\\.csv$`)
const O311 =
  /^\/api\/open311\/v2\/(services\.json|requests\.json|requests\/([A-Za-z0-9_-]{1,40})\.json|media\/([A-Za-z0-9_-]{1,64})\/([A-Za-z0-9_-]{1,40}))$/

const badRequest = (zh: string, en: string) => new ApiError(400, 'bad-request', { zh, en })

/** A read-only copy of a live doc (an export never changes it). */
async function snapshot(docs: DocManager, name: string): Promise<Y.Doc> {
  const copy = new Y.Doc()
  Y.applyUpdate(copy, Y.encodeStateAsUpdate((await docs.get(name)).ydoc))
  return copy
}

export function exportRoutes(deps: ExportDeps) {
  async function rolesIn(userId: string, isAdmin: boolean, councilId: string) {
    const ms = await councilRolesOf(deps.accounts, userId, councilId)
    const roles: Role[] = ms.map((m) => m.role)
    if (isAdmin) roles.push('admin')
    return { ms, roles }
  }

  async function rollExport(req: IncomingMessage, res: ServerResponse, councilId: string): Promise<void> {
    const user = await requireUser(deps, req)
    const { ms, roles } = await rolesIn(user.id, user.isAdmin, councilId)
    if (!roles.some((r) => r === 'admin' || ROLL_EXPORT_ROLES.includes(r))) throw E.forbidden()
    if (!(await deps.accounts.compound(councilId))) throw E.notFound()
    const { households } = readRoll(await snapshot(deps.docs, docName('roll', councilId)))
    const full = new Map<string, string>()
    for (const h of households)
      if (h.phone && maySeePhone(user.isAdmin, ms, h.householdId)) {
        const p = await deps.accounts.phone(councilId, h.householdId)
        if (p) full.set(h.householdId, p)
      }
    await deps.accounts.audit({
      at: Date.now(),
      userId: user.id,
      action: 'roll.export',
      target: `${councilId}/roll`,
      detail: { households: households.length, fullPhones: full.size },
    })
    const body = rollCsv(households, (hid) => full.get(hid) ?? null)
    res.writeHead(200, {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="roll-${councilId}.csv"`,
      'Cache-Control': 'no-store',
    })
    res.end(body)
  }

  async function open311(req: IncomingMessage, res: ServerResponse, m: RegExpExecArray): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://x')
    const mediaCouncil = m[3]
    const councilId = mediaCouncil ?? url.searchParams.get('jurisdiction_id') ?? ''
    if (!new RegExp(`^${ID}$`).test(councilId))
      throw badRequest('缺少或无效的 jurisdiction_id（议事会编号）', 'jurisdiction_id (council id) missing or invalid')
    const user = await requireUser(deps, req)
    const { roles } = await rolesIn(user.id, user.isAdmin, councilId)
    if (!roles.some((r) => r === 'admin' || OPEN311_ROLES.includes(r))) throw E.forbidden()
    const compound = await deps.accounts.compound(councilId)
    if (!compound) throw E.notFound()
    if (m[1] === 'services.json') {
      sendJson(res, 200, open311Services())
      return
    }
    const events = readEvents(await snapshot(deps.docs, docName('event', councilId))).events
    if (mediaCouncil) {
      const ev = events.find((e) => e.eventId === m[4])
      const data = ev?.photo ? /^data:(image\/(?:jpeg|png|webp));base64,(.*)$/.exec(ev.photo) : null
      if (!data) throw E.notFound()
      res.writeHead(200, {
        'Content-Type': data[1]!,
        'Cache-Control': 'private, max-age=3600',
        'X-Content-Type-Options': 'nosniff',
      })
      res.end(Buffer.from(data[2]!, 'base64'))
      return
    }
    const origin = `${(req.headers['x-forwarded-proto'] as string) ?? 'http'}://${req.headers.host ?? 'localhost'}`
    const where = { address: compound.address, compound: compound.name }
    const mediaUrl = (eventId: string) => `${origin}/api/open311/v2/media/${councilId}/${eventId}`
    let list = events.map((v) => ({ v, r: toOpen311(v, where, { mediaUrl }) }))
    if (m[2]) {
      const one = list.find((x) => x.v.eventId === m[2])
      if (!one) throw E.notFound()
      sendJson(res, 200, [one.r])
      return
    }
    const status = url.searchParams.get('status')
    if (status === 'open' || status === 'closed') list = list.filter((x) => x.r.status === status)
    const codes = url.searchParams.get('service_code')?.split(',').filter(Boolean)
    if (codes?.length) list = list.filter((x) => codes.includes(x.r.service_code))
    const ids = url.searchParams.get('service_request_id')?.split(',').filter(Boolean)
    if (ids?.length) list = list.filter((x) => ids.includes(x.r.service_request_id))
    const start = Date.parse(url.searchParams.get('start_date') ?? '')
    const end = Date.parse(url.searchParams.get('end_date') ?? '')
    if (Number.isFinite(start)) list = list.filter((x) => x.v.reportedAt >= start)
    if (Number.isFinite(end)) list = list.filter((x) => x.v.reportedAt <= end)
    // GeoReport v2: default window is the last 90 days, at most 1000 requests.
    if (!Number.isFinite(start) && !Number.isFinite(end) && !ids?.length)
      list = list.filter((x) => x.v.reportedAt >= Date.now() - 90 * 86_400_000)
    sendJson(
      res,
      200,
      list.slice(0, 1000).map((x) => x.r),
    )
  }

  return async function handle(req: IncomingMessage, res: ServerResponse, path: string): Promise<boolean> {
    const roll = ROLL.exec(path)
    const o = roll ? null : O311.exec(path)
    if (!roll && !o) return false
    if (req.method !== 'GET')
      throw new ApiError(405, 'method-not-allowed', { zh: '不支持的请求方法', en: 'Method not allowed' })
    if (roll) await rollExport(req, res, roll[1]!)
    else await open311(req, res, o!)
    return true
  }
}
