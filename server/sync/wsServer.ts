/**
 * WebSocket transport: accepts upgrades on /sync/<docName> only, enforces the frame size limit
 * (ws closes with 1009), a per-IP connection cap, ping/pong heartbeats for dead sockets, and wires
 * each socket to a Connection. Invalid doc names and over-cap clients are refused AFTER the upgrade
 * with a close code, because browsers cannot see the HTTP status of a failed upgrade.
 */
import type { IncomingMessage } from 'node:http'
import type { Duplex } from 'node:stream'
import { WebSocketServer, type WebSocket, type RawData } from 'ws'
import { isValidDocName } from '../../src/protocol/docName'
import type { DocManager } from '../docs/DocManager'
import type { Logger } from '../log'
import { Connection } from './Connection'
import { framedSocket } from './wsFrames'
import { CLOSE } from './closeCodes'
import type { AccessControl } from '../access/AccessControl'
import type { AccessChange } from '../access/revocation'
import { parseScopedName } from '../access/accessForDoc'
import type { FrameRateLimiter } from './rateLimit'

export const SYNC_PATH_PREFIX = '/sync/'

export interface SyncServerOptions {
  maxFrameBytes: number
  maxConnectionsPerIp: number
  maxBufferedBytes: number
  maxAwarenessBytes: number
  heartbeatMs: number
  log: Logger
  access: AccessControl
  rateLimiter?: FrameRateLimiter
}

export class SyncServer {
  private readonly wss: WebSocketServer
  private readonly perIp = new Map<string, number>()
  private readonly connections = new Map<WebSocket, Connection>()
  private readonly alive = new WeakSet<WebSocket>()
  private readonly heartbeat: NodeJS.Timeout
  /** Set by close(): upgrades that complete afterwards are dropped instead of kept alive. */
  private closing = false

  constructor(
    private readonly docs: DocManager,
    private readonly opts: SyncServerOptions,
  ) {
    this.wss = new WebSocketServer({ noServer: true, maxPayload: opts.maxFrameBytes })
    this.heartbeat = setInterval(() => this.checkAlive(), opts.heartbeatMs)
    this.heartbeat.unref()
  }

  get clientCount(): number {
    return this.connections.size
  }

  /**
   * Revocation: every connection matching all given fields (none = all) re-decides its access
   * (server/access/revocation.ts). Connections still authenticating decide with current data anyway.
   */
  recheck(change: AccessChange): void {
    for (const conn of this.connections.values()) {
      if (change.docName !== undefined && conn.docName !== change.docName) continue
      if (change.councilId !== undefined && parseScopedName(conn.docName)?.councilId !== change.councilId) continue
      if (change.userId !== undefined && conn.userId !== change.userId) continue
      void conn.recheckAccess()
    }
  }

  /** True when the http server should hand this upgrade to us. */
  static matches(url: string | undefined): boolean {
    return (url ?? '').startsWith(SYNC_PATH_PREFIX)
  }

  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    if (this.closing) {
      socket.write('HTTP/1.1 503 Service Unavailable\r\nConnection: close\r\n\r\n')
      socket.destroy()
      return
    }
    this.wss.handleUpgrade(req, socket, head, (ws) => {
      // The handshake may finish after close() began; such a socket would keep shutdown waiting.
      if (this.closing) ws.terminate()
      else this.onSocket(ws, req)
    })
  }

  /**
   * Closes every socket with 1001 and stops the heartbeat. Sockets get `graceMs` to finish the
   * close handshake (so clients see 1001, not 1006) before they are terminated.
   */
  async close(graceMs = 1000): Promise<void> {
    this.closing = true
    clearInterval(this.heartbeat)
    const sockets = [...this.connections.entries()]
    const allClosed = Promise.all(
      sockets.map(
        ([ws]) => new Promise<void>((r) => (ws.readyState === ws.CLOSED ? r() : ws.once('close', () => r()))),
      ),
    )
    for (const [, conn] of sockets) conn.close(CLOSE.GOING_AWAY)
    let timer: NodeJS.Timeout | undefined
    await Promise.race([allClosed, new Promise<void>((r) => (timer = setTimeout(r, graceMs)))])
    clearTimeout(timer)
    for (const [ws] of sockets) ws.terminate()
    this.connections.clear()
    this.wss.close()
  }

  private onSocket(ws: WebSocket, req: IncomingMessage): void {
    const ip = req.socket.remoteAddress ?? 'unknown'
    const docName = docNameFromUrl(req.url)
    if (docName === null) {
      this.opts.log.warn('refused connection', {
        ip,
        url: (req.url ?? '').slice(0, 200),
        reason: CLOSE.INVALID_DOC_NAME.reason,
      })
      ws.close(CLOSE.INVALID_DOC_NAME.code, CLOSE.INVALID_DOC_NAME.reason)
      return
    }
    const count = this.perIp.get(ip) ?? 0
    if (count >= this.opts.maxConnectionsPerIp) {
      this.opts.log.warn('refused connection', { doc: docName, ip, reason: CLOSE.TOO_MANY_CONNECTIONS.reason })
      ws.close(CLOSE.TOO_MANY_CONNECTIONS.code, CLOSE.TOO_MANY_CONNECTIONS.reason)
      return
    }
    this.perIp.set(ip, count + 1)
    ws.binaryType = 'nodebuffer'
    const token = tokenFromUrl(req.url)
    const conn = new Connection(framedSocket(ws), docName, ip, this.docs, this.opts, () =>
      this.opts.access.forConnection(token, docName),
    )
    this.connections.set(ws, conn)
    this.alive.add(ws)
    ws.on('pong', () => this.alive.add(ws))
    ws.on('message', (data: RawData, isBinary: boolean) => {
      if (!isBinary) {
        conn.close(CLOSE.MALFORMED)
        return
      }
      conn.receive(toUint8Array(data))
    })
    ws.on('error', (e) => this.opts.log.warn('socket error', { doc: docName, ip, err: e.message }))
    ws.once('close', () => {
      conn.handleClose()
      this.connections.delete(ws)
      const n = (this.perIp.get(ip) ?? 1) - 1
      if (n <= 0) this.perIp.delete(ip)
      else this.perIp.set(ip, n)
    })
  }

  private checkAlive(): void {
    for (const ws of this.connections.keys()) {
      if (!this.alive.has(ws)) {
        ws.terminate() // no pong since the last ping: dead peer
        continue
      }
      this.alive.delete(ws)
      ws.ping()
    }
  }
}

/** `/sync/<name>` → name if valid, else null. The name is URL-decoded once. */
export function docNameFromUrl(url: string | undefined): string | null {
  if (!url?.startsWith(SYNC_PATH_PREFIX)) return null
  const raw = url.slice(SYNC_PATH_PREFIX.length).split('?')[0] ?? ''
  let name: string
  try {
    name = decodeURIComponent(raw)
  } catch {
    return null
  }
  return isValidDocName(name) ? name : null
}

/** The access token travels as `?token=` (browsers cannot set headers on a WebSocket). */
export function tokenFromUrl(url: string | undefined): string | null {
  const q = (url ?? '').split('?')[1]
  return q ? new URLSearchParams(q).get('token') : null
}

function toUint8Array(data: RawData): Uint8Array {
  if (Array.isArray(data)) return new Uint8Array(Buffer.concat(data))
  if (data instanceof ArrayBuffer) return new Uint8Array(data)
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength)
}
