/**
 * A community handler records a queue step offline; meanwhile an admin removes them from the node's
 * staff. On reconnect the server refuses the step and the device keeps it where the person can see
 * it (docs/protocol.md "Per-change acceptance and reconcile"): with read access left (a viewer role
 * on the street above) it is answered REJECT, reconciled, and listed in the device's 未被接受的更改
 * (described as a step on the escalated item, reason "read-only"); with no access left the
 * connection is closed 4403 and the step stays in the device's outbox, never dropped. Either way
 * the council trail never receives it.
 */
import { unwrap } from '../../src/domain/result'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { docName } from '../../src/domain/docTypes'
import { addQueueStep } from '../../src/domain/escalation/commands'
import { addStep, readEvents, reportEvent } from '../../src/domain/grid/events'
import type { OrgNode } from '../../src/domain/org/schema'
import { describeRefused } from '../../src/sync/describeRefused'
import { ChangeClient } from '../helpers/changeClient'
import { connectRawClient, openRawSocket } from '../helpers/rawClient'
import { seedOrgCouncil, type SeededPerson } from '../helpers/council'
import { startTestServer, waitUntil, type TestServer } from '../helpers/server'

const TREE: OrgNode[] = [
  { id: 'rh-d', kind: 'district', name: '川汇区', parentId: null },
  { id: 'rh-s', kind: 'street', name: '东大街道', parentId: 'rh-d' },
  { id: 'rh-m', kind: 'community', name: '邮政社区', parentId: 'rh-s' },
]
const QUEUE = docName('queue', 'rh-m')

let server: TestServer
let councilId = ''
let itemId = ''
type Person = SeededPerson
const people: Record<'chair' | 'keepsView' | 'loosesAll', Person> = {} as never

beforeAll(async () => {
  server = await startTestServer({ realAccess: true })
  const a = server.accounts
  const seeded = await seedOrgCouncil(server, {
    tree: TREE,
    community: 'rh-m',
    name: '邮政小区',
    phonePrefix: '1370000',
  })
  councilId = seeded.councilId
  const mk = async (key: keyof typeof people, name: string) => {
    people[key] = await seeded.person(name)
  }
  await mk('chair', '李主任')
  await a.addMembership({ userId: people.chair.id, councilId, role: 'chair', scope: {} })
  await mk('keepsView', '赵社区')
  await a.addOrgStaff(people.keepsView.id, 'rh-m', 'org_handler')
  await a.addOrgStaff(people.keepsView.id, 'rh-s', 'org_viewer')
  await mk('loosesAll', '孙社区')
  await a.addOrgStaff(people.loosesAll.id, 'rh-m', 'org_handler')

  const chair = await connectRawClient(server.wsUrl, docName('event', councilId), { token: people.chair.token })
  const actor = { userId: people.chair.id, name: people.chair.name }
  const now = Date.now()
  const ev = unwrap(
    reportEvent(
      chair.doc,
      {
        category: 'facility',
        title: '路灯成片不亮',
        description: '',
        place: '5号楼前',
        gridId: null,
        source: 'worker',
        foundAt: now,
      },
      actor,
      now,
    ),
  )
  itemId = unwrap(
    addStep(chair.doc, ev, { kind: 'escalate', toGridId: null, toLevel: 'community', note: '' }, actor, now),
  )
  await waitUntil(async () => (await server.docs.get(QUEUE)).ydoc.getMap('items').has(itemId), 'queue item')
  await chair.close()
})
afterAll(() => server?.stop())

async function offlineStep(p: Person): Promise<{ device: ChangeClient; stepId: string }> {
  const device = new ChangeClient(server.wsUrl, QUEUE, p.token)
  await device.connect()
  await waitUntil(() => device.doc.getMap('items').has(itemId), 'item on the handler tablet')
  device.disconnect()
  const stepId = unwrap(
    addQueueStep(device.doc, itemId, 'handle', '已更换线路', { userId: p.id, name: p.name }, Date.now()),
  )
  expect(device.outbox.count).toBe(1)
  return { device, stepId }
}

async function trailHasNoUpperStep(): Promise<void> {
  await new Promise((r) => setTimeout(r, 200))
  const trail = readEvents((await server.docs.get(docName('event', councilId))).ydoc).events[0]!
  expect(trail.steps.filter((s) => s.kind === 'upper')).toEqual([])
}

describe('a handler removed from staff while offline', () => {
  it('still a viewer: the step is refused, listed on the device with what and why; the device equals the server', async () => {
    const { device, stepId } = await offlineStep(people.keepsView)
    const before = device.doc
    await server.accounts.removeOrgStaff(people.keepsView.id, 'rh-m', 'org_handler')

    await device.connect()
    await device.settled()
    expect(device.refused).toHaveLength(1)
    const refused = device.refused[0]!
    expect(refused.refusal.code).toBe('read-only')
    // As the refused-changes page shows it (src/sync/describeRefused.ts → RefusedPage).
    const record = describeRefused(QUEUE, people.keepsView.id, refused, before)
    expect(record).toMatchObject({
      code: 'read-only',
      what: { key: 'refused.what.queueStep', params: { summary: '路灯成片不亮' } },
      action: { kind: 'none' },
    })
    expect(record.update.length).toBeGreaterThan(0)
    expect(device.doc.getMap('steps').has(stepId)).toBe(false)
    expect((await server.docs.get(QUEUE)).ydoc.getMap('steps').has(stepId)).toBe(false)
    expect(device.outbox.count).toBe(0)
    const served = (await server.docs.get(QUEUE)).ydoc
    expect(device.doc.getMap('steps').toJSON()).toEqual(served.getMap('steps').toJSON())
    expect(device.doc.getMap('items').toJSON()).toEqual(served.getMap('items').toJSON())
    await trailHasNoUpperStep()
    device.disconnect()
  })

  it('no access left: the connection is refused 4403 and the step stays on the device, unsent', async () => {
    const { device, stepId } = await offlineStep(people.loosesAll)
    await server.accounts.removeOrgStaff(people.loosesAll.id, 'rh-m', 'org_handler')
    const { closed } = await openRawSocket(
      `${server.wsUrl}/${QUEUE}?token=${encodeURIComponent(people.loosesAll.token)}`,
    )
    expect((await closed).code).toBe(4403)
    await expect(device.connect(1_500)).rejects.toThrow(/timed out/)
    expect(device.outbox.count).toBe(1)
    expect(device.doc.getMap('steps').has(stepId)).toBe(true)
    expect((await server.docs.get(QUEUE)).ydoc.getMap('steps').has(stepId)).toBe(false)
    await trailHasNoUpperStep()
    device.disconnect()
  })
})
