/**
 * Issue #15, items 1–4, against the real server: role grants (no self-promotion), invitations per
 * (person, council) (no takeover), a lockout that locks (also the right password), equal-time answers
 * for unknown phones, and refresh-token families (reuse revokes the family, audit-logged).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { hashPassword } from '../../server/auth/passwords'
import { connectRawClient } from '../helpers/rawClient'
import { startTestServer, type TestServer } from '../helpers/server'
import { docName } from '../../src/domain/docTypes'

let server: TestServer
let clock = Date.now()
beforeAll(async () => {
  server = await startTestServer({ realAccess: true, now: () => clock })
})
afterAll(() => server?.stop())

interface Res {
  status: number
  body: any
  headers: Headers
}
async function api(path: string, body?: unknown, token?: string, extra: Record<string, string> = {}): Promise<Res> {
  const res = await fetch(server.httpUrl + path, {
    method: extra.method ?? (body === undefined ? 'GET' : 'POST'),
    headers: {
      'Content-Type': 'application/json',
      ...(token ? { Authorization: `Bearer ${token}` } : {}),
      ...Object.fromEntries(Object.entries(extra).filter(([k]) => k !== 'method')),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  })
  return { status: res.status, body: await res.json().catch(() => null), headers: res.headers }
}
const del = (path: string, token: string) => api(path, undefined, token, { method: 'DELETE' })

let phoneN = 0
const newPhone = () => `1350000${String(++phoneN).padStart(4, '0')}`
/** A person with a password and the given roles; returns their id and a fresh access token. */
async function person(roles: Array<[string, string]>, isAdmin = false) {
  const phone = newPhone()
  const u = await server.accounts.createUser({
    phone,
    name: `p${phoneN}`,
    passwordHash: await hashPassword(`pass-${phone}`),
    isAdmin,
  })
  for (const [councilId, role] of roles)
    await server.accounts.addMembership({ userId: u.id, councilId, role: role as any, scope: {} })
  return {
    id: u.id,
    phone,
    password: `pass-${phone}`,
    token: await server.tokens.issueAccess({ userId: u.id, name: u.name }),
  }
}

let A: string
let B: string
let admin: Awaited<ReturnType<typeof person>>
beforeAll(async () => {
  admin = await person([], true)
  A = (await server.accounts.createCompound({ name: 'A', address: '', grid: '', createdBy: admin.id })).id
  B = (await server.accounts.createCompound({ name: 'B', address: '', grid: '', createdBy: admin.id })).id
})

describe('1. role grants', () => {
  it('a secretary cannot promote themself (or anyone) to chair or secretary; chair only by admins', async () => {
    const sec = await person([[A, 'secretary']])
    const chair = await person([[A, 'chair']])
    const self = await api(`/api/councils/${A}/members`, { phone: sec.phone, name: 'x', role: 'chair' }, sec.token)
    expect(self.status).toBe(403)
    expect(self.body.error.message.zh).toMatch(/角色/)
    expect((await server.accounts.membershipsOfUser(sec.id)).map((m) => m.role)).toEqual(['secretary'])
    const other = await person([[A, 'member']])
    for (const role of ['chair', 'secretary', 'admin'])
      expect((await api(`/api/councils/${A}/members`, { phone: other.phone, name: 'x', role }, sec.token)).status).toBe(
        403,
      )
    // own roles: not even a lower one
    expect(
      (await api(`/api/councils/${A}/members`, { phone: sec.phone, name: 'x', role: 'member' }, sec.token)).status,
    ).toBe(403)
    // a chair cannot appoint a chair, and cannot touch the other chair
    expect(
      (await api(`/api/councils/${A}/members`, { phone: other.phone, name: 'x', role: 'chair' }, chair.token)).status,
    ).toBe(403)
    const chair2 = await person([[A, 'chair']])
    expect((await del(`/api/councils/${A}/members/${chair2.id}/chair`, chair.token)).status).toBe(403)
    expect((await del(`/api/councils/${A}/members/${chair.id}/chair`, sec.token)).status).toBe(403)
    // what is allowed: chair → secretary, admin → chair, secretary → unit head
    expect(
      (await api(`/api/councils/${A}/members`, { phone: other.phone, name: 'x', role: 'secretary' }, chair.token))
        .status,
    ).toBe(201)
    expect(
      (await api(`/api/councils/${A}/members`, { phone: other.phone, name: 'x', role: 'chair' }, admin.token)).status,
    ).toBe(201)
    const head = await person([[A, 'member']])
    expect(
      (
        await api(
          `/api/councils/${A}/members`,
          { phone: head.phone, name: 'x', role: 'unit_head', scope: { units: ['3-2'] } },
          sec.token,
        )
      ).status,
    ).toBe(201)
    expect((await del(`/api/councils/${A}/members/${head.id}/unit_head`, sec.token)).status).toBe(200)
  })

  it('every grant and revoke is audit-logged: who, whom, what, when', async () => {
    const chair = await person([[A, 'chair']])
    const m = await person([])
    const before = Date.now()
    expect(
      (await api(`/api/councils/${A}/members`, { phone: m.phone, name: 'x', role: 'mediator' }, chair.token)).status,
    ).toBe(201)
    expect((await del(`/api/councils/${A}/members/${m.id}/mediator`, chair.token)).status).toBe(200)
    const log = (await api(`/api/councils/${A}/audit`, undefined, chair.token)).body.entries
    const mine = log.filter((e: any) => e.detail?.member === m.id)
    expect(mine.map((e: any) => [e.action, e.userId, e.detail.role])).toEqual([
      ['member.revoke', chair.id, 'mediator'],
      ['member.grant', chair.id, 'mediator'],
    ])
    for (const e of mine) expect(e.at).toBeGreaterThanOrEqual(before)
  })

  it('removing a member takes every role, refuses removing a superior, and closes their open connections', async () => {
    const chair = await person([[A, 'chair']])
    const m = await person([
      [A, 'member'],
      [A, 'mediator'],
    ])
    const seen: string[] = []
    const off = server.accessChanges.on((u, c) => seen.push(`${u}@${c}`))
    const open = await connectRawClient(server.wsUrl, docName('notes', A), { token: m.token })
    expect((await del(`/api/councils/${A}/members/${chair.id}`, m.token)).status).toBe(403)
    const r = await del(`/api/councils/${A}/members/${m.id}`, chair.token)
    off()
    expect(r.status).toBe(200)
    expect(await server.accounts.membershipsOfUser(m.id)).toEqual([])
    expect(seen).toEqual([`${m.id}@${A}`])
    // The open connection is re-checked and closed (server/access/revocation.ts hooks into accessChanges).
    expect((await open.closed).code).toBe(4403)
    // no council left: the old session cannot be refreshed into a new one
    expect((await api(`/api/councils/${A}/members`, undefined, m.token)).status).toBe(403)
  })
})

describe('2. invitations per (person, council)', () => {
  it("another council's inviter gets a code for their own council only: no B roles, B's code still works", async () => {
    const chairA = await person([[A, 'chair']])
    const p = newPhone()
    const invB = await api(`/api/councils/${B}/members`, { phone: p, name: '甲', role: 'chair' }, admin.token)
    expect(invB.status).toBe(201)
    const invA = await api(`/api/councils/${A}/members`, { phone: p, name: '甲', role: 'resident' }, chairA.token)
    expect(invA.status).toBe(201)
    // A's chair activates with A's code: gets A:resident, never B:chair
    const take = await api('/api/activate', { phone: p, inviteCode: invA.body.inviteCode, password: 'chosen-by-A' })
    expect(take.status).toBe(200)
    expect(take.body.memberships.map((m: any) => `${m.councilId}:${m.role}`)).toEqual([`${A}:resident`])
    // The account is not re-keyed by B's code with another password…
    const rekey = await api('/api/activate', { phone: p, inviteCode: invB.body.inviteCode, password: 'another-pass' })
    expect(rekey.status).toBe(409)
    expect((await api('/api/login', { phone: p, password: 'another-pass' })).status).toBe(401)
    // …and B's roles stay pending (shown in B's member list) until the password's holder accepts them.
    const listB = (await api(`/api/councils/${B}/members`, undefined, admin.token)).body.members
    expect(listB).toContainEqual(expect.objectContaining({ role: 'chair', pending: true }))
  })

  it("the real invitee's code keeps working after another council invites them", async () => {
    const chairA = await person([[A, 'chair']])
    const p = newPhone()
    const invB = await api(`/api/councils/${B}/members`, { phone: p, name: '乙', role: 'chair' }, admin.token)
    const invA = await api(`/api/councils/${A}/members`, { phone: p, name: '乙', role: 'resident' }, chairA.token)
    const act = await api('/api/activate', { phone: p, inviteCode: invB.body.inviteCode, password: 'real-pass-1' })
    expect(act.status).toBe(200)
    expect(act.body.memberships.map((m: any) => `${m.councilId}:${m.role}`)).toEqual([`${B}:chair`])
    // A's invitation is accepted by the same person with their password (not re-keyed)
    const accept = await api('/api/activate', { phone: p, inviteCode: invA.body.inviteCode, password: 'real-pass-1' })
    expect(accept.status).toBe(200)
    expect(accept.body.memberships).toHaveLength(2)
    // An account with a password is added directly: no code is handed out
    const again = await api(`/api/councils/${A}/members`, { phone: p, name: '乙', role: 'member' }, chairA.token)
    expect(again.status).toBe(201)
    expect(again.body.inviteCode).toBeUndefined()
  })
})

describe('3. login lockout and timing', () => {
  it('locks the phone — also for the right password — with a Chinese message; windows grow; admin unlocks', async () => {
    clock += 20 * 60_000 // a fresh per-IP window
    const p = await person([[A, 'member']])
    for (let i = 0; i < 5; i++)
      expect((await api('/api/login', { phone: p.phone, password: `wrong-${i}` })).status).toBe(401)
    const locked = await api('/api/login', { phone: p.phone, password: p.password })
    expect(locked.status).toBe(429)
    expect(locked.body.error.message.zh).toMatch(/锁定.*分钟后再试/)
    expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(4 * 60)
    clock += 6 * 60_000
    for (let i = 0; i < 5; i++) await api('/api/login', { phone: p.phone, password: `wrong-again-${i}` })
    const second = await api('/api/login', { phone: p.phone, password: p.password })
    expect(second.status).toBe(429)
    expect(Number(second.headers.get('retry-after'))).toBeGreaterThan(9 * 60) // twice as long
    expect((await api('/api/admin/unlock', { phone: p.phone }, p.token)).status).toBe(403)
    const adminToken = await server.tokens.issueAccess({ userId: admin.id, name: 'admin' })
    expect((await api('/api/admin/unlock', { phone: p.phone }, adminToken)).status).toBe(200)
    expect((await api('/api/login', { phone: p.phone, password: p.password })).status).toBe(200)
  })

  it('unknown phones take as long as known ones (one password hash either way)', async () => {
    clock += 20 * 60_000
    const known = await Promise.all([1, 2, 3].map(() => person([])))
    const time = async (phone: string) => {
      const t = performance.now()
      expect((await api('/api/login', { phone, password: 'not-the-password' })).status).toBe(401)
      return performance.now() - t
    }
    const k: number[] = []
    const u: number[] = []
    for (let round = 0; round < 3; round++)
      for (const p of known) {
        k.push(await time(p.phone))
        u.push(await time(newPhone()))
      }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!
    expect(median(u)).toBeGreaterThan(median(k) * 0.5)
  })
})

describe('4. refresh-token families', () => {
  it('reusing a rotated token revokes the whole family and writes an audit entry', async () => {
    clock += 20 * 60_000
    const p = await person([[A, 'member']])
    const login = await api('/api/login', { phone: p.phone, password: p.password })
    const r0 = login.body.refreshToken
    const r1 = await api('/api/refresh', { refreshToken: r0 })
    expect(r1.status).toBe(200)
    expect((await api('/api/refresh', { refreshToken: r0 })).status).toBe(401) // the thief's replay
    expect((await api('/api/refresh', { refreshToken: r1.body.refreshToken })).status).toBe(401) // family gone
    const entries = await server.accounts.auditLog({ action: 'refresh.reuse' })
    expect(entries).toContainEqual(expect.objectContaining({ userId: p.id, target: `user/${p.id}` }))
    // another login (another family) is unaffected
    const other = await api('/api/login', { phone: p.phone, password: p.password })
    expect((await api('/api/refresh', { refreshToken: other.body.refreshToken })).status).toBe(200)
  })

  it('cookie mode: the refresh token is only an HttpOnly SameSite=Strict cookie, rotated by /api/refresh', async () => {
    const p = await person([[A, 'member']])
    const mode = { 'X-Yishi-Session': 'cookie', method: 'POST' }
    const login = await api('/api/login', { phone: p.phone, password: p.password }, undefined, mode)
    expect(login.status).toBe(200)
    expect(login.body.refreshToken).toBeUndefined()
    const cookie = login.headers.get('set-cookie')!
    expect(cookie).toMatch(/^yishi_refresh=[^;]{20,}; HttpOnly; SameSite=Strict; Path=\/api\//)
    const jar = cookie.split(';')[0]!
    expect((await api('/api/refresh', undefined, undefined, { Cookie: jar, method: 'POST' })).status).toBe(401) // header needed
    const r = await api('/api/refresh', undefined, undefined, { ...mode, Cookie: jar })
    expect(r.status).toBe(200)
    expect(r.body.refreshToken).toBeUndefined()
    expect(r.body.accessToken).toEqual(expect.any(String))
    const next = r.headers.get('set-cookie')!.split(';')[0]!
    expect(next).not.toBe(jar)
    const out = await api('/api/logout', undefined, undefined, { ...mode, Cookie: next })
    expect(out.headers.get('set-cookie')).toMatch(/Max-Age=0/)
    expect((await api('/api/refresh', undefined, undefined, { ...mode, Cookie: next })).status).toBe(401)
  })
})
