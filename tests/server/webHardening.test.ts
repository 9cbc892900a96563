/**
 * Issue #15, item 5 and the blob quota, against the real server: security headers on every response,
 * websocket upgrades and mutating /api calls checked against the allowed origins, per-user upload quota.
 */
import { createHash } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import { hashPassword } from '../../server/auth/passwords'
import { startTestServer, type TestServer } from '../helpers/server'

let server: TestServer
let strict: TestServer
beforeAll(async () => {
  server = await startTestServer({ realAccess: true, blobQuotaBytesPerDay: 5000 })
  strict = await startTestServer({ realAccess: true, allowedOrigins: ['https://yishi.example.cn'] })
})
afterAll(async () => {
  await server?.stop()
  await strict?.stop()
})

/** Opens a sync socket with the given Origin; resolves 'open' or the HTTP status of the refused upgrade. */
function upgrade(s: TestServer, origin: string | null): Promise<'open' | number> {
  return new Promise((resolve) => {
    const ws = new WebSocket(`${s.wsUrl}/notes:c1`, origin ? { origin } : {})
    ws.on('open', () => {
      resolve('open')
      ws.terminate()
    })
    ws.on('unexpected-response', (_req, res) => {
      resolve(res.statusCode ?? 0)
      ws.terminate()
    })
    ws.on('error', () => {})
  })
}

describe('5. headers and origins', () => {
  it('every response carries a strict CSP, no framing, no referrer, nosniff and a Permissions-Policy', async () => {
    for (const path of ['/', '/index.html', '/api/setup', '/healthz', '/no-such-file.js']) {
      const res = await fetch(server.httpUrl + path)
      const csp = res.headers.get('content-security-policy') ?? ''
      expect(csp, path).toMatch(/frame-ancestors 'none'/)
      expect(csp).toMatch(/script-src 'self'(;|$)/)
      expect(csp).not.toMatch(/unsafe-inline|unsafe-eval/)
      expect(csp).toMatch(/object-src 'none'/)
      expect(res.headers.get('x-frame-options')).toBe('DENY')
      expect(res.headers.get('referrer-policy')).toBe('no-referrer')
      expect(res.headers.get('x-content-type-options')).toBe('nosniff')
      expect(res.headers.get('permissions-policy')).toMatch(/microphone=\(\)/)
    }
  })

  it('refuses websocket upgrades from other origins; same origin and origin-less clients connect', async () => {
    expect(await upgrade(server, 'https://evil.example')).toBe(403)
    expect(await upgrade(server, 'null')).toBe(403)
    expect(await upgrade(server, `http://127.0.0.1:${server.port}`)).toBe('open')
    expect(await upgrade(server, null)).toBe('open')
  })

  it('YISHI_ALLOWED_ORIGINS replaces same-origin: only listed origins may connect', async () => {
    expect(await upgrade(strict, 'https://yishi.example.cn')).toBe('open')
    expect(await upgrade(strict, `http://127.0.0.1:${strict.port}`)).toBe(403)
  })

  it('refuses mutating /api calls from other origins before they do anything', async () => {
    const evil = await fetch(`${server.httpUrl}/api/setup`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Origin: 'https://evil.example' },
      body: JSON.stringify({ phone: '13811112222', name: '坏人', password: 'evil-pass-1' }),
    })
    expect(evil.status).toBe(403)
    expect(((await evil.json()) as any).error.code).toBe('bad-origin')
    expect(await server.accounts.countAdmins()).toBe(0)
    const crossSite = await fetch(`${server.httpUrl}/api/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'Sec-Fetch-Site': 'cross-site' },
      body: JSON.stringify({ phone: '13811112222', password: 'x' }),
    })
    expect(crossSite.status).toBe(403)
    const same = await fetch(`${server.httpUrl}/api/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Origin: `http://127.0.0.1:${server.port}` },
      body: JSON.stringify({ phone: '13811112222', password: 'x' }),
    })
    expect(same.status).toBe(401)
  })
})

describe('per-user blob quota', () => {
  it('counts new photo bytes per person per day and refuses past the quota; re-sends are free', async () => {
    const u = await server.accounts.createUser({
      phone: '13600000001',
      name: '主任',
      passwordHash: await hashPassword('x-pass-123'),
      isAdmin: false,
    })
    const c = await server.accounts.createCompound({ name: 'Q', address: '', grid: '', createdBy: u.id })
    await server.accounts.addMembership({ userId: u.id, councilId: c.id, role: 'chair', scope: {} })
    const token = await server.tokens.issueAccess({ userId: u.id, name: '主任' })
    const jpeg = (seed: string) => {
      const b = Buffer.alloc(2000, seed)
      b.set([0xff, 0xd8, 0xff, 0xe0])
      return b
    }
    const put = async (b: Buffer) => {
      const sha = createHash('sha256').update(b).digest('hex')
      const res = await fetch(`${server.httpUrl}/api/councils/${c.id}/blobs/${sha}`, {
        method: 'PUT',
        headers: { 'Content-Type': 'image/jpeg', Authorization: `Bearer ${token}` },
        body: new Uint8Array(b),
      })
      return { status: res.status, body: (await res.json()) as any }
    }
    expect((await put(jpeg('a'))).status).toBe(201)
    expect((await put(jpeg('b'))).status).toBe(201)
    const third = await put(jpeg('c'))
    expect(third.status).toBe(429)
    expect(third.body.error.code).toBe('quota-exceeded')
    expect(third.body.error.message.zh).toMatch(/上限/)
    expect((await put(jpeg('a'))).status).toBe(200) // already stored: no new bytes
  })
})
