/**
 * Votes over HTTP (the votes themselves are Yjs docs, synced like any other):
 *  - GET /api/votes?council=<id> — the council's votes (title, status, matter, times) for anyone
 *    who may read vote docs there; the client merges it with the votes it knows offline.
 *  - GET /api/votes/<voteId>/verify?council=<id>&hash=<hex> — public, no login (the QR code on a
 *    printed notice is scanned by anyone): recomputes the canonical result (src/domain/voting/
 *    canonical.ts) from the stored doc and answers {valid, hash, status, result}. `hash` is the full
 *    64 hex digits (QR) or at least its first 16 (the short link printed for typing); `result` holds
 *    only what the notice itself prints: title, matter, status, times, tally figures, ballot counts
 *    and the receipt list (hash → what counted, no flats) that the human verify page
 *    (/v/<councilId>/<voteId>/<hash>) looks a typed receipt code up in. Only votes that exist in the
 *    store are loaded; answers are rate-limited per address.
 */
import type { IncomingMessage, ServerResponse } from 'node:http'
import { effectiveRule, type Role } from '../../src/domain/access/policy'
import { canonicalResult, resultHash } from '../../src/domain/voting/canonical'
import { readVote } from '../../src/domain/voting/read'
import type { DocManager } from '../docs/DocManager'
import { ApiError, E, sendJson } from './http'
import { RateLimiter } from './rateLimit'
import { requireUser, type AuthDeps } from './session'
import { docName, parseDocName } from '../../src/domain/docTypes'
import { councilRolesOf } from '../access/orgRoles'

export interface VoteDeps extends AuthDeps {
  docs: DocManager
}

const ID = /^[A-Za-z0-9_-]{1,64}$/
/** the full SHA-256 or a prefix of at least 16 hex digits (64 bits: the short printed link) */
const HEX = /^[0-9a-fA-F]{16,64}$/

async function voteNames(docs: DocManager, councilId: string): Promise<string[]> {
  return (await docs.store.list()).filter((n) => {
    const parsed = parseDocName(n)
    return parsed?.kind === 'vote' && parsed.councilId === councilId
  })
}

export function voteRoutes(deps: VoteDeps) {
  const verifyLimit = new RateLimiter(120, 60_000)
  return async function handle(req: IncomingMessage, res: ServerResponse, path: string): Promise<boolean> {
    if (req.method !== 'GET' || (path !== '/api/votes' && !path.startsWith('/api/votes/'))) return false
    const url = new URL(req.url ?? path, 'http://x')
    const councilId = url.searchParams.get('council') ?? ''
    if (!ID.test(councilId))
      throw new ApiError(400, 'invalid-input', { zh: '缺少或错误的小区编号', en: 'Missing or invalid council id' })

    if (path === '/api/votes') {
      const user = await requireUser(deps, req)
      const roles: Role[] = (await councilRolesOf(deps.accounts, user.id, councilId)).map((m) => m.role)
      if (user.isAdmin) roles.push('admin')
      if (effectiveRule(roles, 'vote').level === 'none') throw E.forbidden()
      const votes = []
      for (const name of await voteNames(deps.docs, councilId)) {
        const meta = readVote((await deps.docs.get(name)).ydoc).meta
        if (meta)
          votes.push({
            voteId: meta.voteId,
            title: meta.title,
            status: meta.status,
            matter: meta.matter,
            opensAt: meta.opensAt,
            closesAt: meta.closesAt,
            createdAt: meta.createdAt,
          })
      }
      votes.sort((a, b) => b.createdAt - a.createdAt)
      sendJson(res, 200, { votes })
      return true
    }

    const m = /^\/api\/votes\/([A-Za-z0-9_-]{1,64})\/verify$/.exec(path)
    if (!m) throw E.notFound()
    const wait = verifyLimit.hit(req.socket.remoteAddress ?? '?')
    if (wait > 0)
      throw new ApiError(
        429,
        'rate-limited',
        { zh: '请求过于频繁，请稍后再试', en: 'Too many requests, try again later' },
        wait,
      )
    const hash = (url.searchParams.get('hash') ?? '').toLowerCase()
    if (!HEX.test(hash))
      throw new ApiError(400, 'invalid-input', {
        zh: '校验值应为 16 至 64 位十六进制',
        en: 'hash must be 16 to 64 hex digits',
      })
    const name = docName('vote', councilId, m[1] ?? '')
    if (!deps.docs.isLoaded(name) && !(await voteNames(deps.docs, councilId)).includes(name)) throw E.notFound()
    const snap = readVote((await deps.docs.get(name)).ydoc)
    const r = canonicalResult(snap)
    if (!r) throw E.notFound()
    const current = resultHash(r)
    sendJson(res, 200, {
      valid: current.startsWith(hash),
      hash: current,
      status: r.status,
      result: {
        format: r.format,
        title: r.title,
        matter: r.matter,
        opensAt: r.opensAt,
        closesAt: r.closesAt,
        closedAt: r.closedAt,
        flats: r.flats,
        tally: r.tally,
        ballots: r.ballots,
        receipts: r.receipts,
      },
    })
    return true
  }
}
