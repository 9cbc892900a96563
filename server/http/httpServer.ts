/**
 * Plain Node http server: /healthz, static PWA files, and upgrade hand-off to the sync server.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import { readFileSync } from 'node:fs'
import type { Logger } from '../log'
import { errorText } from '../log'
import { createStaticHandler } from './staticFiles'
import { setSecurityHeaders } from './securityHeaders'
import { isMutating, originChecker, type OriginCheck } from './allowedOrigins'

export interface HealthInfo {
  openDocs: number
  clients: number
  /** Escalation bridge retry counters (server/escalation/retry.ts); absent when the bridge is off. */
  escalationBridge?: { waiting: number; retried: number; recovered: number; gaveUp: number }
}

export interface HttpServerOptions {
  distDir: string
  log: Logger
  health: () => HealthInfo
  onUpgrade: (req: IncomingMessage, socket: import('node:stream').Duplex, head: Buffer) => void
  isUpgradePath: (url: string | undefined) => boolean
  /** Handles /api/* requests; returns false when no route matched. */
  api?: (req: IncomingMessage, res: ServerResponse, path: string) => Promise<boolean>
  /** Origins allowed for websocket upgrades and mutating /api calls (default: same origin). */
  originAllowed?: OriginCheck
}

const BAD_ORIGIN_BODY = JSON.stringify({
  error: {
    code: 'bad-origin',
    message: { zh: '请求来自不受信任的网站，已拒绝', en: 'Request from an origin that is not allowed' },
  },
})

export const VERSION: string = (() => {
  try {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version?: string }
    return pkg.version ?? '0.0.0'
  } catch {
    return '0.0.0'
  }
})()

export function createHttpServer(opts: HttpServerOptions): Server {
  const started = Date.now()
  const serveStatic = createStaticHandler(opts.distDir)
  const originAllowed = opts.originAllowed ?? originChecker(null)

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    setSecurityHeaders(res)
    const urlPath = (req.url ?? '/').split('?')[0] ?? '/'
    if (urlPath === '/healthz') {
      const body = JSON.stringify({
        ok: true,
        version: VERSION,
        uptimeS: Math.round((Date.now() - started) / 1000),
        ...opts.health(),
      })
      res.writeHead(200, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' })
      res.end(body)
      return
    }
    if (urlPath.startsWith('/api/') && isMutating(req.method) && !originAllowed(req)) {
      opts.log.warn('refused cross-origin request', { url: urlPath, origin: req.headers.origin ?? null })
      res.writeHead(403, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' })
      res.end(BAD_ORIGIN_BODY)
      return
    }
    if (urlPath.startsWith('/api/') && opts.api && (await opts.api(req, res, urlPath))) return
    if (await serveStatic(req, res, urlPath)) return
    res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' })
    res.end('not found\n')
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((e) => {
      opts.log.error('http handler failed', { url: req.url, err: errorText(e) })
      if (!res.headersSent) res.writeHead(500)
      res.end()
    })
  })
  server.on('upgrade', (req, socket, head) => {
    if (!opts.isUpgradePath(req.url)) {
      socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\n\r\n')
      return
    }
    // Cross-site websocket hijacking: a page elsewhere must not open a sync socket as this browser.
    if (!originAllowed(req)) {
      opts.log.warn('refused cross-origin websocket', { origin: req.headers.origin ?? null })
      socket.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\n\r\n')
      return
    }
    opts.onUpgrade(req, socket, head)
  })
  server.on('clientError', (_e, socket) => socket.end('HTTP/1.1 400 Bad Request\r\n\r\n'))
  return server
}
