/** Accounts over HTTP and tokens on the websocket, against the real server with real access control. */
import { readFileSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { TokenService } from '../../server/auth/tokens'
import { openRawSocket, connectRawClient } from '../helpers/rawClient'
import { startTestServer, type TestServer } from '../helpers/server'
import { docName } from '../../src/domain/docTypes'

let server: TestServer
beforeAll(async () => {
  server = await startTestServer({ realAccess: true })
})
afterAll(() => server?.stop())

async function api(path: string, body?: unknown, token?: string, method = body === undefined ? 'GET' : 'POST') {
  const res = await fetch(server.httpUrl + path, {
    method,
    headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  })
  return { status: res.status, body: (await res.json()) as any }
}

const ADMIN = { phone: '13811112222', name: '张管理', password: 'admin-pass-1' }
let admin: { accessToken: string; refreshToken: string; user: { id: string } }
let councilId: string

describe('setup and login', () => {
  it('offers one-time setup on a fresh install, then refuses a second one', async () => {
    expect((await api('/api/setup')).body).toEqual({ needed: true })
    const r = await api('/api/setup', ADMIN)
    expect(r.status).toBe(201)
    admin = r.body
    expect((await api('/api/setup')).body).toEqual({ needed: false })
    expect((await api('/api/setup', { ...ADMIN, phone: '13811113333' })).status).toBe(409)
  })

  it('rejects bad input with a message in both languages and changes nothing', async () => {
    const r = await api('/api/compounds', { name: '' }, admin.accessToken)
    expect(r.status).toBe(400)
    expect(r.body.error.message.zh).toMatch(/输入有误/)
    expect(r.body.error.message.en).toMatch(/Invalid input/)
    const garbage = await fetch(`${server.httpUrl}/api/login`, { method: 'POST', body: '{nope' })
    expect(garbage.status).toBe(400)
  })

  it('logs in, refreshes once per refresh token, and never stores the password in clear', async () => {
    expect((await api('/api/login', { phone: ADMIN.phone, password: 'wrong-pass' })).status).toBe(401)
    const ok = await api('/api/login', { phone: ADMIN.phone, password: ADMIN.password })
    expect(ok.status).toBe(200)
    expect(ok.body.user.isAdmin).toBe(true)
    const stored = await server.accounts.userByPhone(ADMIN.phone)
    expect(stored?.passwordHash).toMatch(/^scrypt\$/)
    expect(stored?.passwordHash).not.toContain(ADMIN.password)
    const r1 = await api('/api/refresh', { refreshToken: ok.body.refreshToken })
    expect(r1.status).toBe(200)
    expect((await api('/api/refresh', { refreshToken: ok.body.refreshToken })).status).toBe(401)
    expect((await api('/api/me', undefined, r1.body.accessToken)).body.user.phone).toBe(ADMIN.phone)
  })

  it('rate-limits repeated wrong passwords with 429 and Retry-After', async () => {
    let last = 0
    for (let i = 0; i < 12; i++)
      last = (await api('/api/login', { phone: '13899990000', password: `guess-${i}` })).status
    expect(last).toBe(429)
  })
})

describe('tokens on the websocket', () => {
  const doc = () => docName('notes', councilId)
  const closeCode = async (token: string | null) => {
    const q = token === null ? '' : `?token=${encodeURIComponent(token)}`
    const { ws, closed } = await openRawSocket(`${server.wsUrl}/${doc()}${q}`)
    let gotData = false
    ws.on('message', () => {
      gotData = true
    })
    const c = await closed
    return { code: c.code, gotData }
  }

  beforeAll(async () => {
    councilId = (await api('/api/compounds', { name: '邮政小区', address: '周口', grid: 'G1' }, admin.accessToken)).body
      .id
  })

  it('accepts a valid token', async () => {
    const c = await connectRawClient(server.wsUrl, doc(), { token: admin.accessToken })
    c.doc.getText('t').insert(0, 'ok')
    await c.waitAcked()
    await c.close()
  })

  it('refuses missing, expired, forged and tampered tokens with 4401 and sends nothing', async () => {
    const expired = await new TokenService(new TextEncoder().encode('x'.repeat(64)), () => 0).issueAccess({
      userId: admin.user.id,
      name: 'a',
    })
    const realExpired = await new TokenService((server.tokens as any).secret, () => Date.now() - 3600_000).issueAccess(
      { userId: admin.user.id, name: 'a' },
      60,
    )
    const forged = await new TokenService(new TextEncoder().encode('another-secret-another-secret-123456')).issueAccess(
      { userId: admin.user.id, name: 'a' },
    )
    const [h, p, sig] = admin.accessToken.split('.')
    const payload = JSON.parse(Buffer.from(p!, 'base64url').toString())
    const tampered = [
      h,
      Buffer.from(JSON.stringify({ ...payload, sub: 'u_someoneelse' })).toString('base64url'),
      sig,
    ].join('.')
    for (const t of [null, '', realExpired, expired, forged, tampered, 'not-a-jwt']) {
      expect(await closeCode(t), String(t).slice(0, 20)).toEqual({ code: 4401, gotData: false })
    }
    expect((await api('/api/me', undefined, tampered)).status).toBe(401)
    expect((await api('/api/me', undefined, realExpired)).body.error.code).toBe('token-expired')
  })
})

describe('members and the roll', () => {
  const csv = readFileSync(new URL('../fixtures/youzheng-roll.csv', import.meta.url))
  const csvBase64 = csv.toString('base64')
  let headToken: string

  it('imports the sample roll: dry run preview, then the doc holds masked phones only', async () => {
    const dry = await api(`/api/councils/${councilId}/roll/import`, { csvBase64, dryRun: true }, admin.accessToken)
    expect(dry.status).toBe(200)
    expect(dry.body.preview).toMatchObject({ flats: 276, ownerHeads: 271 })
    expect((await server.docs.get(docName('roll', councilId))).ydoc.getMap('households').size).toBe(0)
    const real = await api(`/api/councils/${councilId}/roll/import`, { csvBase64, dryRun: false }, admin.accessToken)
    expect(real.body.report.added).toBe(276)
    const again = await api(`/api/councils/${councilId}/roll/import`, { csvBase64, dryRun: false }, admin.accessToken)
    expect(again.body.report).toMatchObject({ added: 0, unchanged: 276 })
    const c = await connectRawClient(server.wsUrl, docName('roll', councilId), { token: admin.accessToken })
    const hh = c.doc.getMap<any>('households')
    expect(hh.size).toBe(276)
    expect(hh.get('1-1-0101').phone).toBe('139****1425')
    expect(JSON.stringify(hh.toJSON())).not.toMatch(/1\d{10}/)
    await c.close()
  })

  it('a bad CSV reports every bad line and writes nothing', async () => {
    const bad = readFileSync(new URL('../fixtures/roll-bad-lines.csv', import.meta.url)).toString('base64')
    const before = Y.encodeStateVector((await server.docs.get(docName('roll', councilId))).ydoc)
    const r = await api(`/api/councils/${councilId}/roll/import`, { csvBase64: bad, dryRun: false }, admin.accessToken)
    expect(r.status).toBe(422)
    expect(r.body.errors.map((e: { line: number }) => e.line)).toEqual([3, 4, 6, 7, 8])
    expect(Y.encodeStateVector((await server.docs.get(docName('roll', councilId))).ydoc)).toEqual(before)
  })

  it('invites a building head who activates with the code; phones are unmasked only in scope, with an audit entry', async () => {
    const inv = await api(
      `/api/councils/${councilId}/members`,
      { phone: '13822223333', name: '孙楼长', role: 'building_head', scope: { buildings: ['1'] } },
      admin.accessToken,
    )
    expect(inv.status).toBe(201)
    expect(inv.body.inviteCode).toMatch(/^\d{6}$/)
    expect(
      (
        await api('/api/activate', {
          phone: '13822223333',
          inviteCode: '000000' === inv.body.inviteCode ? '111111' : '000000',
          password: 'head-pass-1',
        })
      ).status,
    ).toBe(401)
    const act = await api('/api/activate', {
      phone: '13822223333',
      inviteCode: inv.body.inviteCode,
      password: 'head-pass-1',
    })
    expect(act.status).toBe(200)
    headToken = act.body.accessToken
    expect(act.body.memberships).toEqual([expect.objectContaining({ councilId, role: 'building_head' })])

    expect((await api(`/api/councils/${councilId}/households/1-1-0101/phone`, undefined, headToken)).body.phone).toBe(
      '13900531425',
    )
    expect((await api(`/api/councils/${councilId}/households/2-1-0101/phone`, undefined, headToken)).status).toBe(403)
    const audit = await api(`/api/councils/${councilId}/audit`, undefined, admin.accessToken)
    expect(audit.body.entries).toContainEqual(
      expect.objectContaining({ action: 'phone.view', target: `${councilId}/1-1-0101` }),
    )

    const members = await api(`/api/councils/${councilId}/members`, undefined, headToken)
    expect(members.body.members.every((m: { phone: string }) => m.phone.includes('****'))).toBe(true)
    expect(
      (await api(`/api/councils/${councilId}/members`, { phone: '13822224444', name: 'x', role: 'member' }, headToken))
        .status,
    ).toBe(403)
    expect((await api(`/api/councils/${councilId}/roll/import`, { csvBase64, dryRun: true }, headToken)).status).toBe(
      403,
    )
    expect((await api('/api/compounds', { name: 'x' }, headToken)).status).toBe(403)
  })
})
