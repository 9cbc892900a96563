/**
 * Serves the built PWA from dist/. Cache policy matters for a PWA: hashed /assets/* never change
 * (immutable, 1 year); the entry points that name them (index.html, the service worker, manifest)
 * must be revalidated on every load or clients get stuck on an old build.
 */
import { createReadStream, existsSync } from 'node:fs'
import { stat } from 'node:fs/promises'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { extname, join, resolve, sep } from 'node:path'

export const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.txt': 'text/plain; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm',
}

const NO_CACHE_FILES = new Set(['/index.html', '/sw.js', '/registerSW.js', '/manifest.webmanifest'])

export function cacheControlFor(urlPath: string): string {
  if (urlPath.startsWith('/assets/')) return 'public, max-age=31536000, immutable'
  if (NO_CACHE_FILES.has(urlPath) || /^\/workbox-[^/]*\.js$/.test(urlPath)) return 'no-cache'
  return 'public, max-age=3600'
}

/** Paths that must never fall back to index.html. */
const NO_FALLBACK = /^\/(api|sync)(\/|$)/

export const NO_BUILD_TEXT =
  'Yishi server is running, but the web app is not built. Run `npm run build` (creates dist/) and reload.\n'

export function createStaticHandler(distDir: string) {
  const root = resolve(distDir)

  /** Resolves a URL path inside root, or null when it escapes root or is malformed. */
  function safePath(urlPath: string): string | null {
    let decoded: string
    try {
      decoded = decodeURIComponent(urlPath)
    } catch {
      return null
    }
    if (decoded.includes('\0')) return null
    const full = resolve(join(root, decoded))
    return full === root || full.startsWith(root + sep) ? full : null
  }

  async function sendFile(req: IncomingMessage, res: ServerResponse, file: string, urlPath: string): Promise<boolean> {
    const st = await stat(file).catch(() => null)
    if (!st?.isFile()) return false
    res.writeHead(200, {
      'Content-Type': CONTENT_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream',
      'Content-Length': st.size,
      'Cache-Control': cacheControlFor(urlPath),
      'X-Content-Type-Options': 'nosniff',
    })
    if (req.method === 'HEAD') res.end()
    else createReadStream(file).pipe(res)
    return true
  }

  /** Handles GET/HEAD for static files; returns false when the request is not ours (→ 404). */
  return async function serveStatic(req: IncomingMessage, res: ServerResponse, urlPath: string): Promise<boolean> {
    if (req.method !== 'GET' && req.method !== 'HEAD') return false
    if (!existsSync(join(root, 'index.html'))) {
      if (urlPath !== '/') return false
      res.writeHead(200, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-cache' })
      res.end(NO_BUILD_TEXT)
      return true
    }
    const file = safePath(urlPath === '/' ? '/index.html' : urlPath)
    if (file === null) {
      res.writeHead(400, { 'Content-Type': 'text/plain; charset=utf-8' })
      res.end('bad path\n')
      return true
    }
    if (await sendFile(req, res, file, urlPath === '/' ? '/index.html' : urlPath)) return true
    // SPA fallback: client-side routes (no file extension) get index.html; missing files 404.
    if (NO_FALLBACK.test(urlPath) || extname(urlPath) !== '') return false
    return sendFile(req, res, join(root, 'index.html'), '/index.html')
  }
}
