/**
 * Server exports over HTTP with real tokens: the roll export (full phones only where the role may
 * see them, audited; refused to residents) and the Open311 GeoReport v2 endpoint (council-scoped,
 * for staff and the street office's observer account, never residents), validated field by field.
 */
import { readFileSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { reportEvent } from '../../src/domain/grid/events'
import {
  GEOREPORT_REQUEST_FIELDS,
  GEOREPORT_SERVICE_FIELDS,
  Open311ListSchema,
  Open311ServiceSchema,
} from '../../src/domain/grid/exports'
import { systemOrigin } from '../../server/origins'
import { startTestServer, type TestServer } from '../helpers/server'
import { docName } from '../../src/domain/docTypes'
import { unwrap } from '../../src/domain/result'

let server: TestServer
let councilId = ''
const tokens: Record<string, string> = {}
let eventId = ''

async function api(path: string, body?: unknown, token?: string) {
  const res = await fetch(server.httpUrl + path, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  })
  return { status: res.status, body: (await res.json()) as any }
}
const get = (path: string, token?: string) =>
  fetch(server.httpUrl + path, { headers: token ? { Authorization: `Bearer ${token}` } : {} })

async function invite(phone: string, name: string, role: string, scope: Record<string, string[]> = {}) {
  const inv = await api(`/api/councils/${councilId}/members`, { phone, name, role, scope }, tokens.admin)
  expect(inv.status, JSON.stringify(inv.body)).toBe(201)
  const act = await api('/api/activate', { phone, inviteCode: inv.body.inviteCode, password: 'member-pass-1' })
  expect(act.status, JSON.stringify(act.body)).toBe(200)
  return act.body.accessToken as string
}

beforeAll(async () => {
  server = await startTestServer({ realAccess: true })
  const setup = await api('/api/setup', { phone: '13811113333', name: '张管理', password: 'admin-pass-1' })
  tokens.admin = setup.body.accessToken
  councilId = (
    await api('/api/compounds', { name: '邮政小区', address: '河南省周口市川汇区', grid: 'G1' }, tokens.admin)
  ).body.id
  const csv = readFileSync('tests/fixtures/youzheng-roll.csv').toString('base64')
  const imp = await api(`/api/councils/${councilId}/roll/import`, { csvBase64: csv, dryRun: false }, tokens.admin)
  expect(imp.status, JSON.stringify(imp.body)).toBe(200)
  tokens.chair = await invite('13700005001', '周主任', 'chair')
  tokens.head = await invite('13700005002', '孙楼长', 'building_head', { buildings: ['1'] })
  tokens.street = await invite('13700005003', '街道办', 'observer')
  tokens.resident = await invite('13700005004', '冯秀英', 'resident', { households: ['1-1-0101'] })
  const d = new Y.Doc()
  eventId = unwrap(
    reportEvent(
      d,
      {
        category: 'facility',
        title: '路灯不亮',
        description: '',
        place: '东侧',
        building: '3',
        gridId: null,
        source: 'worker',
        foundAt: Date.now(),
        photo: `data:image/jpeg;base64,${Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3]).toString('base64')}`,
      },
      { userId: 'u_w', name: '网格员' },
      Date.now(),
    ),
  )
  await (await server.docs.get(docName('event', councilId))).submit(Y.encodeStateAsUpdate(d), systemOrigin('test seed'))
})
afterAll(() => server?.stop())

describe('roll export', () => {
  it('full phones for the chair, audited; no ids; Chinese header', async () => {
    const res = await get(`/api/councils/${councilId}/roll/export.csv`, tokens.chair)
    expect(res.status).toBe(200)
    const text = await res.text()
    expect(text.split('\r\n')[0]).toBe('楼栋,单元,楼层,房号,业主,共有人,专有部分面积（平方米）,居住人数,电话,备注')
    expect(text).toContain('1,1,1,0101,周勇,,82.50,3,13900531425,')
    expect(text).not.toContain('1-1-0101')
    expect(text).not.toContain('P0001')
    const log = await server.accounts.auditLog({ action: 'roll.export' })
    expect(log.some((e) => e.target === `${councilId}/roll`)).toBe(true)
  })

  it('a building head sees full phones for their building only; residents are refused', async () => {
    const text = await (await get(`/api/councils/${councilId}/roll/export.csv`, tokens.head)).text()
    expect(text).toContain('13900531425')
    const building2 = text.split('\r\n').filter((l) => l.startsWith('2,'))
    expect(building2.length).toBeGreaterThan(0)
    for (const l of building2) expect(l).toMatch(/1\d\d\*\*\*\*\d{4}/)
    expect((await get(`/api/councils/${councilId}/roll/export.csv`, tokens.resident)).status).toBe(403)
    expect((await get(`/api/councils/${councilId}/roll/export.csv`)).status).toBe(401)
  })
})

describe('Open311 GeoReport v2', () => {
  const q = () => `jurisdiction_id=${councilId}`

  it('services.json: every service with GeoReport v2 fields only', async () => {
    const res = await get(`/api/open311/v2/services.json?${q()}`, tokens.street)
    expect(res.status).toBe(200)
    const list = (await res.json()) as Array<Record<string, unknown>>
    expect(list.length).toBe(8)
    for (const s of list) {
      Open311ServiceSchema.parse(s)
      for (const k of Object.keys(s)) expect(GEOREPORT_SERVICE_FIELDS).toContain(k)
    }
  })

  it('requests.json: fields, address with compound and building, media URL serving the photo', async () => {
    const res = await get(`/api/open311/v2/requests.json?${q()}&status=open`, tokens.street)
    expect(res.status).toBe(200)
    const list = Open311ListSchema.parse(await res.json())
    expect(list).toHaveLength(1)
    const r = list[0]!
    for (const k of Object.keys(r)) expect(GEOREPORT_REQUEST_FIELDS).toContain(k)
    expect(r.service_request_id).toBe(eventId)
    expect(r.address).toBe('河南省周口市川汇区 邮政小区 3号楼 东侧')
    expect(r.media_url).toBe(`${server.httpUrl}/api/open311/v2/media/${councilId}/${eventId}`)
    const media = await get(new URL(r.media_url!).pathname, tokens.street)
    expect(media.headers.get('content-type')).toBe('image/jpeg')
    expect([...new Uint8Array(await media.arrayBuffer())].slice(0, 2)).toEqual([0xff, 0xd8])
    const one = await get(`/api/open311/v2/requests/${eventId}.json?${q()}`, tokens.street)
    expect(Open311ListSchema.parse(await one.json())[0]!.service_request_id).toBe(eventId)
    const closed = await get(`/api/open311/v2/requests.json?${q()}&status=closed`, tokens.street)
    expect(await closed.json()).toEqual([])
  })

  it('is scoped to the council: residents and heads are refused, a jurisdiction is required', async () => {
    expect((await get(`/api/open311/v2/requests.json?${q()}`, tokens.resident)).status).toBe(403)
    expect((await get(`/api/open311/v2/requests.json?${q()}`, tokens.head)).status).toBe(403)
    expect((await get(`/api/open311/v2/requests.json?${q()}`)).status).toBe(401)
    expect((await get('/api/open311/v2/requests.json', tokens.street)).status).toBe(400)
    const other = (await api('/api/compounds', { name: '别的小区', address: '', grid: '' }, tokens.admin)).body.id
    expect((await get(`/api/open311/v2/requests.json?jurisdiction_id=${other}`, tokens.street)).status).toBe(403)
  })
})
