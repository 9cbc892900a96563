/**
 * Plain Node http server: /healthz, static PWA files, and upgrade hand-off to the sync server.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import { readFileSync } from 'node:fs'
import type { Logger } from '../log'
import { errorText } from '../log'
import { createStaticHandler } from './staticFiles'

export interface HealthInfo {
  openDocs: number
  clients: number
}

export interface HttpServerOptions {
  distDir: string
  log: Logger
  health: () => HealthInfo
  onUpgrade: (req: IncomingMessage, socket: import('node:stream').Duplex, head: Buffer) => void
  isUpgradePath: (url: string | undefined) => boolean
  /** Handles /api/* requests; returns false when no route matched. */
  api?: (req: IncomingMessage, res: ServerResponse, path: string) => Promise<boolean>
}

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

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
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
    opts.onUpgrade(req, socket, head)
  })
  server.on('clientError', (_e, socket) => socket.end('HTTP/1.1 400 Bad Request\r\n\r\n'))
  return server
}
