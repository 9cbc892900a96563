/**
 * Issue #15, item 6, against the real server: the redacted case list's `assignees`/`lead` are account
 * ids; a phone number or an ID number in them is refused (REJECT, not stored, not broadcast).
 */
import { afterAll, beforeAll, expect, it } from 'vitest'
import { isAccountId } from '../../src/domain/mediation/writeRules'
import { connectRawClient } from '../helpers/rawClient'
import { caseSummary } from '../helpers/records'
import { startTestServer, type TestServer } from '../helpers/server'
import { docName } from '../../src/domain/docTypes'

let server: TestServer
let councilId: string
let mediator: { id: string; token: string }
beforeAll(async () => {
  server = await startTestServer({ realAccess: true })
  const u = await server.accounts.createUser({
    phone: '13500000001',
    name: '调解员',
    passwordHash: 'x',
    isAdmin: false,
  })
  councilId = (await server.accounts.createCompound({ name: '清单小区', address: '', grid: '', createdBy: u.id })).id
  await server.accounts.addMembership({ userId: u.id, councilId, role: 'mediator', scope: {} })
  mediator = { id: u.id, token: await server.tokens.issueAccess({ userId: u.id, name: '调解员' }) }
})
afterAll(() => server?.stop())

it('ids are ids: the predicate refuses phones and ID numbers and accepts server-made account ids', () => {
  expect(isAccountId(mediator.id)).toBe(true)
  for (const bad of ['13912345678', '410102195001011234', '41010219500101123X', '王大爷', 'u_13912345678', ''])
    expect(isAccountId(bad), bad).toBe(false)
})

it('refuses a case-list entry whose assignees or lead hold a phone or an ID number; stores a clean one', async () => {
  const c = await connectRawClient(server.wsUrl, docName('caselist', councilId), { token: mediator.token })
  const cases = c.doc.getMap('cases')
  for (const [key, bad] of [
    ['k1', caseSummary('k1', [mediator.id, '13912345678'])],
    ['k2', caseSummary('k2', [mediator.id], { lead: '410102195001011234' })],
  ] as const) {
    const seq = c.sentSeq + 1
    cases.set(key, bad)
    await c.waitFor(() => c.rejects.some((r) => r.seq === seq), `reject of ${key}`)
  }
  await c.close()
  // A fresh device (the refused edits above stay pending on the first one, so its next update would lack them).
  const d = await connectRawClient(server.wsUrl, docName('caselist', councilId), { token: mediator.token })
  const seq = d.sentSeq + 1
  d.doc.getMap('cases').set('k3', caseSummary('k3', [mediator.id], { lead: mediator.id }))
  await d.waitFor(() => d.ackedSeq >= seq, 'ack of the clean entry')
  expect(d.rejects).toEqual([])
  await d.close()
  const stored = JSON.stringify((await server.docs.get(docName('caselist', councilId))).ydoc.getMap('cases').toJSON())
  expect(stored).not.toContain('13912345678')
  expect(stored).not.toContain('410102195001011234')
  expect(stored).toContain('k3')
})
