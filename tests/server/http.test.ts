/**
 * /healthz, static files (cache headers, content types, traversal, SPA fallback), and config parsing.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ConfigError, configFromEnv } from '../../server/config'
import { getHealth, makeTempDir, startTestServer, type TestServer } from '../helpers/server'

describe('http', () => {
  let s: TestServer
  let dist: string
  beforeAll(async () => {
    dist = makeTempDir('yishi-dist-')
    mkdirSync(join(dist, 'assets'))
    writeFileSync(join(dist, 'index.html'), '<!doctype html><title>议事通</title>')
    writeFileSync(join(dist, 'assets', 'index-abc123.js'), 'console.log(1)')
    writeFileSync(join(dist, 'assets', 'index-abc123.css'), 'body{}')
    writeFileSync(join(dist, 'sw.js'), '// sw')
    writeFileSync(join(dist, 'workbox-1234.js'), '// wb')
    writeFileSync(join(dist, 'manifest.webmanifest'), '{}')
    writeFileSync(join(dist, 'icon.svg'), '<svg/>')
    s = await startTestServer({ distDir: dist })
  })
  afterAll(async () => {
    await s.stop()
    rmSync(dist, { recursive: true, force: true })
  })
  const get = (p: string) => fetch(`${s.httpUrl}${p}`)

  it('GET /healthz', async () => {
    const h = await getHealth(s.httpUrl)
    expect(h).toMatchObject({ ok: true, version: '0.1.0', openDocs: 0, clients: 0 })
    expect(typeof h.uptimeS).toBe('number')
  })

  it.each([
    ['/', 'text/html; charset=utf-8', 'no-cache'],
    ['/index.html', 'text/html; charset=utf-8', 'no-cache'],
    ['/sw.js', 'text/javascript; charset=utf-8', 'no-cache'],
    ['/workbox-1234.js', 'text/javascript; charset=utf-8', 'no-cache'],
    ['/manifest.webmanifest', 'application/manifest+json; charset=utf-8', 'no-cache'],
    ['/assets/index-abc123.js', 'text/javascript; charset=utf-8', 'public, max-age=31536000, immutable'],
    ['/assets/index-abc123.css', 'text/css; charset=utf-8', 'public, max-age=31536000, immutable'],
    ['/icon.svg', 'image/svg+xml', 'public, max-age=3600'],
  ])('serves %s', async (path, type, cache) => {
    const r = await get(path)
    expect(r.status).toBe(200)
    expect(r.headers.get('content-type')).toBe(type)
    expect(r.headers.get('cache-control')).toBe(cache)
  })

  it('falls back to index.html for client routes, not for files, /api or /sync', async () => {
    const r = await get('/minutes/m_1')
    expect(r.status).toBe(200)
    expect(await r.text()).toContain('议事通')
    expect(r.headers.get('cache-control')).toBe('no-cache')
    expect((await get('/assets/missing-123.js')).status).toBe(404)
    expect((await get('/api/anything')).status).toBe(404)
    expect((await get('/sync/notes:a')).status).toBe(404)
  })

  it('does not serve files outside dist/', async () => {
    for (const p of ['/../package.json', '/%2e%2e/package.json', '/assets/%2e%2e%2f%2e%2e%2fpackage.json', '/%00']) {
      const r = await get(p)
      expect([400, 404], p).toContain(r.status)
      expect(await r.text()).not.toContain('"name": "yishi"')
    }
  })

  it('explains how to build when dist/ is missing', async () => {
    const bare = await startTestServer()
    try {
      const r = await fetch(`${bare.httpUrl}/`)
      expect(r.status).toBe(200)
      expect(await r.text()).toContain('npm run build')
    } finally {
      await bare.stop()
    }
  })
})

describe('config', () => {
  it('has the documented defaults', () => {
    expect(configFromEnv({})).toMatchObject({
      port: 8787,
      host: '0.0.0.0',
      dataDir: './data',
      distDir: './dist',
      maxFrameBytes: 2 * 1024 * 1024,
      maxConnectionsPerIp: 200,
      idleUnloadMs: 30_000,
      compactAfterUpdates: 500,
      logLevel: 'info',
    })
  })
  it('parses values and rejects invalid ones with a readable message', () => {
    expect(configFromEnv({ PORT: '0', YISHI_LOG_LEVEL: 'debug' })).toMatchObject({ port: 0, logLevel: 'debug' })
    expect(() => configFromEnv({ PORT: 'abc', YISHI_LOG_LEVEL: 'loud' })).toThrow(ConfigError)
    expect(() => configFromEnv({ PORT: '70000' })).toThrow(/PORT/)
  })
})
