/**
 * Which web origins may send mutating /api calls and open sync websockets. Browsers attach `Origin`
 * to cross-origin requests, to every websocket handshake and to same-origin POST/PUT/DELETE, so a
 * page on another site cannot use a signed-in person's browser against us (CSRF, cross-site
 * websocket hijacking). Requests without Origin (scripts, the CLI, server-to-server) carry no
 * ambient browser credentials and are judged by their token alone.
 *
 * YISHI_ALLOWED_ORIGINS: comma-separated origins (`https://yishi.example.cn`). Unset: same origin,
 * i.e. the Origin's host:port equals the request's Host header (the scheme is not compared, because a
 * TLS-terminating proxy may forward plain http).
 */
import type { IncomingMessage } from 'node:http'

export type OriginCheck = (req: IncomingMessage) => boolean

export function parseAllowedOrigins(value: string | undefined): string[] | null {
  const list = (value ?? '')
    .split(',')
    .map((s) => s.trim().replace(/\/+$/, '').toLowerCase())
    .filter(Boolean)
  return list.length ? list : null
}

export function originChecker(allowed: readonly string[] | null): OriginCheck {
  return (req) => {
    const origin = req.headers.origin
    if (origin === undefined) return req.headers['sec-fetch-site'] !== 'cross-site'
    const o = origin.toLowerCase()
    if (allowed) return allowed.includes(o)
    let host: string
    try {
      host = new URL(o).host
    } catch {
      return false // "null" (sandboxed frames, file://) and junk
    }
    return host !== '' && host === (req.headers.host ?? '').toLowerCase()
  }
}

export const isMutating = (method: string | undefined): boolean =>
  method !== 'GET' && method !== 'HEAD' && method !== 'OPTIONS'
