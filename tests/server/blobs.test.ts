/** Proposal photo blobs over HTTP: real server, real tokens, real membership checks (server/api/blobRoutes.ts). */
import { createHash } from 'node:crypto'
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { MAX_BLOB_BYTES } from '../../server/api/blobRoutes'
import { startTestServer, type TestServer } from '../helpers/server'

let server: TestServer
beforeAll(async () => {
  server = await startTestServer({ realAccess: true })
})
afterAll(() => server?.stop())

async function api(path: string, body?: unknown, token?: string) {
  const res = await fetch(server.httpUrl + path, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  })
  return { status: res.status, body: (await res.json()) as any }
}

/** A small but real JPEG-looking payload (SOI marker + filler); the server sniffs only the magic. */
function jpeg(seed: string, size = 2000): Buffer {
  const b = Buffer.alloc(size, seed)
  b[0] = 0xff
  b[1] = 0xd8
  b[2] = 0xff
  b[3] = 0xe0
  return b
}
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex')

async function put(councilId: string, hash: string, body: Buffer, token?: string, type = 'image/jpeg') {
  const res = await fetch(`${server.httpUrl}/api/councils/${councilId}/blobs/${hash}`, {
    method: 'PUT',
    headers: { 'Content-Type': type, ...(token ? { Authorization: `Bearer ${token}` } : {}) },
    body: new Uint8Array(body),
  })
  return { status: res.status, body: (await res.json()) as any }
}

const get = (councilId: string, hash: string, token?: string, headers: Record<string, string> = {}) =>
  fetch(`${server.httpUrl}/api/councils/${councilId}/blobs/${hash}`, {
    headers: { ...headers, ...(token ? { Authorization: `Bearer ${token}` } : {}) },
  })

let councilId = ''
let otherCouncil = ''
const tokens: Record<'admin' | 'chair' | 'member' | 'head' | 'resident' | 'stranger', string> = {
  admin: '',
  chair: '',
  member: '',
  head: '',
  resident: '',
  stranger: '',
}

async function invite(council: string, phone: string, name: string, role: string): Promise<string> {
  const inv = await api(
    `/api/councils/${council}/members`,
    { phone, name, role, scope: role === 'building_head' ? { buildings: ['1'] } : {} },
    tokens.admin,
  )
  expect(inv.status, JSON.stringify(inv.body)).toBe(201)
  const act = await api('/api/activate', { phone, inviteCode: inv.body.inviteCode, password: 'member-pass-1' })
  expect(act.status, JSON.stringify(act.body)).toBe(200)
  return act.body.accessToken
}

beforeAll(async () => {
  const setup = await api('/api/setup', { phone: '13811112222', name: '张管理', password: 'admin-pass-1' })
  expect(setup.status).toBe(201)
  tokens.admin = setup.body.accessToken
  councilId = (await api('/api/compounds', { name: '邮政小区', address: '周口', grid: 'G1' }, tokens.admin)).body.id
  otherCouncil = (await api('/api/compounds', { name: '别的小区', address: '周口', grid: 'G2' }, tokens.admin)).body.id
  tokens.chair = await invite(councilId, '13700000001', '周主任', 'chair')
  tokens.member = await invite(councilId, '13700000002', '王委员', 'member')
  tokens.head = await invite(councilId, '13700000003', '孙楼长', 'building_head')
  tokens.resident = await invite(councilId, '13700000004', '刘居民', 'resident')
  tokens.stranger = await invite(otherCouncil, '13700000005', '外人', 'chair')
})

describe('PUT /api/councils/<id>/blobs/<sha256>', () => {
  it('stores a photo under its hash, atomically, with its type beside it; a repeat is a no-op', async () => {
    const body = jpeg('a')
    const hash = sha(body)
    const r = await put(councilId, hash, body, tokens.chair)
    expect(r.status).toBe(201)
    expect(r.body).toEqual({ hash, bytes: body.length, created: true })
    const dir = join(server.dataDir, 'blobs', councilId)
    expect(readFileSync(join(dir, hash)).equals(body)).toBe(true)
    expect(readFileSync(join(dir, `${hash}.type`), 'utf8')).toBe('image/jpeg')
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([])
    const again = await put(councilId, hash, body, tokens.member)
    expect(again.status).toBe(200)
    expect(again.body.created).toBe(false)
  })

  it('rejects a body whose SHA-256 is not its name (400) and stores nothing', async () => {
    const body = jpeg('b')
    const wrong = sha(jpeg('c'))
    const r = await put(councilId, wrong, body, tokens.chair)
    expect(r.status).toBe(400)
    expect(r.body.error.code).toBe('hash-mismatch')
    expect(r.body.error.message.zh).toBeTruthy()
    expect(r.body.error.message.en).toBeTruthy()
    expect(existsSync(join(server.dataDir, 'blobs', councilId, wrong))).toBe(false)
    expect((await put(councilId, 'NOT-A-HASH', body, tokens.chair)).status).toBe(400)
  })

  it('rejects more than 2 MiB with 413, and types other than JPEG/PNG/WebP with 415', async () => {
    const big = jpeg('d', MAX_BLOB_BYTES + 1)
    const r = await put(councilId, sha(big), big, tokens.chair)
    expect(r.status).toBe(413)
    expect(r.body.error.code).toBe('too-large')
    // Streamed without a Content-Length (chunked): counted while reading, still a clean 413.
    const chunks = [big.subarray(0, 1 << 20), big.subarray(1 << 20)]
    const streamed = await fetch(`${server.httpUrl}/api/councils/${councilId}/blobs/${sha(big)}`, {
      method: 'PUT',
      headers: { 'Content-Type': 'image/jpeg', Authorization: `Bearer ${tokens.chair}` },
      body: new ReadableStream({
        pull(c) {
          const n = chunks.shift()
          if (n) c.enqueue(n)
          else c.close()
        },
      }),
      duplex: 'half',
    } as RequestInit)
    expect(streamed.status).toBe(413)
    expect(existsSync(join(server.dataDir, 'blobs', councilId, sha(big)))).toBe(false)
    // Exactly at the limit is fine.
    const max = jpeg('e', MAX_BLOB_BYTES)
    expect((await put(councilId, sha(max), max, tokens.chair)).status).toBe(201)
    const gif = Buffer.from('GIF89a........')
    expect((await put(councilId, sha(gif), gif, tokens.chair, 'image/gif')).status).toBe(415)
    // Declared as JPEG but is not one.
    const html = Buffer.from('<html><script>alert(1)</script></html>')
    const fake = await put(councilId, sha(html), html, tokens.chair)
    expect(fake.status).toBe(400)
    expect(fake.body.error.code).toBe('not-an-image')
  })

  it('accepts uploads only from roles that may write proposals', async () => {
    const body = jpeg('f')
    const hash = sha(body)
    for (const who of ['head', 'resident', 'stranger'] as const) {
      const r = await put(councilId, hash, body, tokens[who])
      expect(r.status, who).toBe(403)
      expect(r.body.error.code).toBe('forbidden')
    }
    expect(existsSync(join(server.dataDir, 'blobs', councilId, hash))).toBe(false)
    expect((await put(councilId, hash, body, tokens.admin)).status).toBe(201)
  })

  it('refuses unauthenticated and forged tokens with 401', async () => {
    const body = jpeg('g')
    expect((await put(councilId, sha(body), body)).status).toBe(401)
    const r = await put(councilId, sha(body), body, `${tokens.chair.slice(0, -4)}AAAA`)
    expect(r.status).toBe(401)
    expect(r.body.error.code).toBe('unauthenticated')
  })
})

describe('GET /api/councils/<id>/blobs/<sha256>', () => {
  it('round-trips the bytes with their type and an immutable private cache policy, for every proposal reader', async () => {
    const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(500, 7)])
    const hash = sha(png)
    expect((await put(councilId, hash, png, tokens.member, 'image/png')).status).toBe(201)
    for (const who of ['chair', 'member', 'head', 'resident', 'admin'] as const) {
      const res = await get(councilId, hash, tokens[who])
      expect(res.status, who).toBe(200)
      expect(res.headers.get('content-type')).toBe('image/png')
      expect(res.headers.get('cache-control')).toBe('private, max-age=31536000, immutable')
      expect(res.headers.get('x-content-type-options')).toBe('nosniff')
      const got = Buffer.from(await res.arrayBuffer())
      expect(got.equals(png)).toBe(true)
      expect(sha(got)).toBe(hash)
    }
    const cached = await get(councilId, hash, tokens.chair, { 'If-None-Match': `"${hash}"` })
    expect(cached.status).toBe(304)
  })

  it('is 401 without a token, 403 outside the council, 404 for a blob not uploaded (yet)', async () => {
    const body = jpeg('a')
    const hash = sha(body)
    const anon = await get(councilId, hash)
    expect(anon.status).toBe(401)
    expect(((await anon.json()) as any).error.message.zh).toBe('请先登录')
    expect((await get(councilId, hash, tokens.stranger)).status).toBe(403)
    // The same bytes in another council are a different blob: councils don't share photos.
    expect((await get(otherCouncil, hash, tokens.stranger)).status).toBe(404)
    const missing = await get(councilId, sha(jpeg('z')), tokens.chair)
    expect(missing.status).toBe(404)
    expect(((await missing.json()) as any).error.code).toBe('not-found')
  })
})
