/**
 * The access matrix, generated from the policy table (src/domain/access/policy.ts, rendered into
 * docs/security.md): every role × every doc type × {read, allowed write, forbidden write kinds},
 * run against the real server over real websockets with real tokens.
 */
import { readFileSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import {
  DOC_TYPES,
  POLICY,
  ROLES,
  effectiveRule,
  isOrgRole,
  type Condition,
  type OrgRole,
  type DocType,
  type Role,
} from '../../src/domain/access/policy'
import { renderSecurityDoc } from '../../server/access/securityDoc'
import { systemOrigin } from '../../server/origins'
import type { Scope } from '../../server/accounts/AccountStore'
import { sealMinutes } from '../../src/domain/meetings/minutes'
import { connectRawClient, type RawClient } from '../helpers/rawClient'
import {
  ballot,
  caseSummary,
  gridEvent,
  gridStep,
  order,
  orderStep,
  queueItem,
  queueStep,
  signature,
  versionComment,
  visit,
} from '../helpers/records'
import { startTestServer, type TestServer } from '../helpers/server'
import { docName, scopeOf } from '../../src/domain/docTypes'

const SCOPES: Partial<Record<Role, Scope>> = {
  building_head: { buildings: ['1'] },
  unit_head: { units: ['3-1'] },
  resident: { households: ['1-1-0101'] },
}
/** A household each role may legitimately write about. */
const OWN_HOUSEHOLD: Partial<Record<Role, string>> = {
  building_head: '1-2-0301',
  unit_head: '3-1-0201',
  resident: '1-1-0101',
}
const OTHER_HOUSEHOLD = '9-1-0101'
const MATRIX_TREE = [
  { id: 'mx-district', kind: 'district' as const, name: '矩阵区', parentId: null },
  { id: 'mx-street', kind: 'street' as const, name: '矩阵街道', parentId: 'mx-district' },
  { id: 'mx-community', kind: 'community' as const, name: '矩阵社区', parentId: 'mx-street' },
]
/** The id a doc of `type` is named with: the council, or (queue docs) the council's community. */
const scopeIn = (type: DocType) => (scopeOf(type) === 'orgNode' ? 'mx-community' : councilId)
/** Street staff hold their role on the street, community staff on the community: both reach the council. */
const ORG_NODE_OF: Record<OrgRole, string> = { org_viewer: 'mx-street', org_handler: 'mx-community' }

let server: TestServer
let councilId: string
const tokens = new Map<string, string>()
const userIds = new Map<string, string>()

beforeAll(async () => {
  server = await startTestServer({ realAccess: true })
  const admin = await server.accounts.createUser({
    phone: '13700000000',
    name: 'admin',
    passwordHash: 'x',
    isAdmin: true,
  })
  councilId = (await server.accounts.createCompound({ name: '矩阵小区', address: '', grid: '', createdBy: admin.id }))
    .id
  // Org roles come from staff entries on an ancestor of the council's community, not memberships.
  await server.accounts.upsertOrgNodes(MATRIX_TREE)
  await server.accounts.setCouncilOrgNode(councilId, 'mx-community')
  const people: Array<[string, Role | null]> = [
    ...ROLES.map((r) => [r, r] as [string, Role]),
    ['mediator-unassigned', 'mediator'],
    ['stranger', null],
  ]
  let n = 1
  for (const [key, role] of people) {
    const user =
      role === 'admin'
        ? admin
        : await server.accounts.createUser({
            phone: `1370000${String(n++).padStart(4, '0')}`,
            name: key,
            passwordHash: 'x',
            isAdmin: false,
          })
    if (role && isOrgRole(role)) await server.accounts.addOrgStaff(user.id, ORG_NODE_OF[role], role)
    else if (role && role !== 'admin')
      await server.accounts.addMembership({ userId: user.id, councilId, role, scope: SCOPES[role] ?? {} })
    userIds.set(key, user.id)
    tokens.set(key, await server.tokens.issueAccess({ userId: user.id, name: key }))
  }
})
afterAll(() => server?.stop())

/** Seeds a fresh doc with server-side (system) content, bypassing access rules. */
async function seed(name: string, fill: (d: Y.Doc) => void): Promise<void> {
  const d = new Y.Doc()
  fill(d)
  await (await server.docs.get(name)).submit(Y.encodeStateAsUpdate(d), systemOrigin('test seed'))
}
/**
 * Full content as JSON. Y.Doc#toJSON only shows root types someone has asked for by type, so every
 * root in the state is materialised here ('default' is the minutes' rich text, the rest are maps).
 */
function contentJson(doc: Y.Doc): string {
  const copy = new Y.Doc()
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc))
  const out: Record<string, unknown> = {}
  for (const key of [...copy.share.keys()].sort()) {
    out[key] = key === 'default' ? copy.getXmlFragment(key).toString() : copy.getMap(key).toJSON()
  }
  return JSON.stringify(out)
}
const serverJson = async (name: string) => contentJson((await server.docs.get(name)).ydoc)

function baseContent(type: DocType, d: Y.Doc): void {
  d.getMap('meta').set('title', type)
  if (type === 'vote') {
    d.getMap('meta').set('status', 'open')
    d.getMap('ballots').set('seed', ballot('2-2-0202'))
  }
  if (type === 'votesig') d.getMap('signatures').set('seed', signature('2-2-0202'))
  if (type === 'canvass') d.getMap('visits').set('seed', visit('2-2-0202'))
  if (type === 'case') d.getMap('meta').set('assignees', [userIds.get('mediator'), userIds.get('grid_worker')])
  if (type === 'caselist')
    d.getMap('cases').set('seed', caseSummary('seed', [userIds.get('mediator'), userIds.get('grid_worker')]))
  if (type === 'minutes') d.getXmlFragment('default').insert(0, [new Y.XmlText('纪要')])
  if (type === 'proposal') d.getMap('versions').set('v1', { version: 1, title: '方案', items: [] })
  if (type === 'event') {
    d.getMap('events').set('e_seed', gridEvent('e_seed', userIds.get('grid_worker')!, { householdId: '1-1-0101' }))
    d.getMap('events').set('e_far', gridEvent('e_far', userIds.get('grid_worker')!, { householdId: OTHER_HOUSEHOLD }))
    d.getMap('steps').set('s_seed', gridStep('e_seed', userIds.get('grid_worker')!, { kind: 'report' }))
  }
  if (type === 'queue') d.getMap('items').set('s_seed', queueItem('s_seed'))
  if (type === 'lists') {
    d.getMap('needs').set('n_seed', { title: '老人助餐', detail: '', status: 'open', createdBy: 'x', createdAt: 1 })
    d.getMap('orders').set('o_other', order('o_other', 'someone-else'))
    d.getMap('orderSteps').set(
      's_dispatch',
      orderStep('o_other', 'x', {
        kind: 'dispatch',
        resourceId: 'r_vol',
        volunteerName: '志愿者',
        volunteerUserId: 'vol-x',
      }),
    )
  }
}

function allowedEdit(type: DocType, role: Role): (d: Y.Doc) => void {
  const hh = OWN_HOUSEHOLD[role] ?? '5-1-0101'
  switch (type) {
    case 'minutes':
      return (d) => d.getXmlFragment('default').insert(0, [new Y.XmlText('x')])
    case 'vote':
      return (d) => d.getMap('ballots').set(`b-${role}`, ballot(hh, userIds.get(role)))
    case 'votesig':
      return (d) => d.getMap('signatures').set(`b-${role}`, signature(hh, userIds.get(role)))
    case 'canvass':
      return (d) => d.getMap('visits').set(`v-${role}`, visit(hh, userIds.get(role)))
    case 'caselist':
      return (d) => d.getMap('cases').set(`k-${role}`, caseSummary(`k-${role}`, [userIds.get(role)]))
    case 'event':
      return (d) =>
        d.transact(() => {
          d.getMap('events').set(
            `e_${role}`,
            gridEvent(`e_${role}`, userIds.get(role)!, { source: role === 'resident' ? 'resident' : 'worker' }),
          )
          d.getMap('steps').set(`s_${role}`, gridStep(`e_${role}`, userIds.get(role)!, { kind: 'report' }))
        })
    case 'lists':
      return (d) => d.getMap('orders').set(`o_${role}`, order(`o_${role}`, userIds.get(role)!))
    case 'queue':
      return (d) => d.getMap('steps').set(`q_${role}`, queueStep('s_seed', userIds.get(role)!, 'accept'))
    case 'proposal':
      return effectiveRule([role], 'proposal').conditions?.includes('own-comments')
        ? (d) => d.getMap('comments').set(`c_${role}`, versionComment(userIds.get(role)!))
        : (d) => d.getMap('meta').set(`by-${role}`, 1)
    default:
      return (d) => d.getMap('meta').set(`by-${role}`, 1)
  }
}

/** `edit` gets the role so a fixture can write in the connection's own name (grid rules check it). */
interface ForbiddenKind {
  kind: string
  seed?: (d: Y.Doc) => void
  edit: (d: Y.Doc, role: Role) => void
  roles?: (r: Role) => boolean
}

/** Who wrote a resolution: the server compares `resolvedBy` with the connection's user. */
const resolution = (reason: string) => ({
  householdIds: ['2-2-0202'],
  keepBallotId: 'seed',
  discardBallotIds: [],
  reason,
  resolvedBy: 'x',
  at: 1,
})
/** Forbidden for everyone who may write a vote doc. */
const BALLOT_EDITS: ForbiddenKind[] = [
  {
    kind: 'overwrite a ballot',
    edit: (d) => d.getMap('ballots').set('seed', ballot('2-2-0202', 'x', { choice: 'oppose' })),
  },
  { kind: 'delete a ballot', edit: (d) => d.getMap('ballots').delete('seed') },
  {
    kind: 'ballot after close',
    seed: (d) => d.getMap('meta').set('status', 'closed'),
    edit: (d) => d.getMap('ballots').set('late', ballot('5-1-0102')),
  },
]
/** Forbidden for everyone but chair/secretary/admin. */
const NOT_MANAGER: ForbiddenKind[] = [
  { kind: 'close the vote', edit: (d) => d.getMap('meta').set('status', 'closed') },
  { kind: 'write a resolution', edit: (d) => d.getMap('resolutions').set('r', resolution('我说了算')) },
  { kind: 'edit the frozen roll', edit: (d) => d.getMap('frozenRoll').set('9-9-0909', { householdId: '9-9-0909' }) },
]
/** Forbidden for everyone who may add signatures (managers included). */
const SIGNATURE_EDITS: ForbiddenKind[] = [
  {
    kind: 'edit a signature',
    edit: (d) => d.getMap('signatures').set('seed', signature('2-2-0202', 'x', { voterName: '别人' })),
  },
  { kind: 'delete a signature', edit: (d) => d.getMap('signatures').delete('seed') },
  {
    kind: "signature in someone else's name",
    edit: (d, r) => d.getMap('signatures').set('forged', signature(OWN_HOUSEHOLD[r] ?? '5-1-0101', 'someone-else')),
  },
  {
    kind: 'malformed signature',
    edit: (d, r) =>
      d
        .getMap('signatures')
        .set('bad', { ...signature(OWN_HOUSEHOLD[r] ?? '5-1-0101', userIds.get(r)), phone: '13912341234' }),
  },
  { kind: 'write outside the signatures', edit: (d) => d.getMap('meta').set('note', '李四') },
]
const FORBIDDEN: Record<Condition, ForbiddenKind[]> = {
  'published-only': [
    { kind: 'write the draft into the plan doc', edit: (d) => d.getMap('draft').set('title', '拆除3号楼违建（内部）') },
    {
      kind: 'comment on no published version',
      edit: (d, r) => d.getMap('comments').set('c_nov', versionComment(userIds.get(r)!, { versionNo: undefined })),
    },
  ],
  'own-comments': [
    { kind: 'write outside the comments', edit: (d) => d.getMap('meta').set('title', '改过') },
    { kind: "comment in someone else's name", edit: (d) => d.getMap('comments').set('c_x', versionComment('someone')) },
    {
      kind: 'comment on the draft (no version)',
      edit: (d, r) => d.getMap('comments').set('c_nov', versionComment(userIds.get(r)!, { versionNo: undefined })),
    },
  ],
  'frozen-versions': [
    {
      kind: 'edit a published version',
      edit: (d) => d.getMap('versions').set('v1', { version: 1, title: '改过', items: [] }),
    },
    { kind: 'delete a published version', edit: (d) => d.getMap('versions').delete('v1') },
  ],
  'sealed-readonly': [
    {
      kind: 'edit sealed minutes',
      seed: (d) => d.getMap('seal').set('hash', 'h'),
      edit: (d) => d.getXmlFragment('default').insert(0, [new Y.XmlText('late')]),
    },
    {
      kind: 'seal without being chair/secretary',
      edit: (d) => d.getMap('seal').set('hash', 'h'),
      roles: (r) => r !== 'chair' && r !== 'secretary',
    },
    // A complete seal in the chair's name whose hash does not match the content (chair: seal-mismatch; others: forbidden).
    {
      kind: 'seal with a hash that does not match the content',
      edit: (d) =>
        d.transact(() => {
          sealMinutes(d, null, { userId: userIds.get('chair')!, name: 'chair', at: new Date() })
          d.getMap('seal').set('hash', '0'.repeat(64))
        }),
    },
  ],
  'vote-manage': [
    ...BALLOT_EDITS,
    {
      kind: 'ballot in the name of someone else',
      edit: (d) => d.getMap('ballots').set('forged', ballot('5-1-0102', 'someone-else')),
    },
    {
      kind: 're-open a closed vote',
      seed: (d) => d.getMap('meta').set('status', 'closed'),
      edit: (d) => d.getMap('meta').set('status', 'open'),
    },
    {
      kind: 'change the frozen roll after opening',
      seed: (d) => d.getMap('frozenRoll').set('2-2-0202', { householdId: '2-2-0202' }),
      edit: (d) => d.getMap('frozenRoll').delete('2-2-0202'),
    },
    { kind: 'resolution without a reason', edit: (d) => d.getMap('resolutions').set('r', resolution('')) },
    {
      kind: 'resolution after close',
      seed: (d) => d.getMap('meta').set('status', 'closed'),
      edit: (d) => d.getMap('resolutions').set('r', resolution('复核纸质选票')),
    },
  ],
  'append-only-ballots': [...BALLOT_EDITS, ...NOT_MANAGER],
  'own-scope-ballots': [
    {
      kind: 'ballot outside own buildings/units',
      edit: (d) => d.getMap('ballots').set('far', ballot(OTHER_HOUSEHOLD)),
    },
    ...BALLOT_EDITS,
    ...NOT_MANAGER,
  ],
  'own-household-ballot': [
    { kind: "ballot for another's household", edit: (d) => d.getMap('ballots').set('other', ballot(OTHER_HOUSEHOLD)) },
    ...BALLOT_EDITS,
    ...NOT_MANAGER,
  ],
  'append-only-signatures': SIGNATURE_EDITS,
  'own-scope-signatures': [
    {
      kind: 'signature outside own buildings/units',
      edit: (d, r) => d.getMap('signatures').set('far', signature(OTHER_HOUSEHOLD, userIds.get(r))),
    },
    ...SIGNATURE_EDITS,
  ],
  'append-only-visits': [
    { kind: 'overwrite a visit', edit: (d) => d.getMap('visits').set('seed', visit('2-2-0203')) },
    { kind: 'delete a visit', edit: (d) => d.getMap('visits').delete('seed') },
  ],
  'own-scope-visits': [
    { kind: 'visit outside own buildings/units', edit: (d) => d.getMap('visits').set('far', visit(OTHER_HOUSEHOLD)) },
    { kind: 'overwrite a visit', edit: (d) => d.getMap('visits').set('seed', visit('2-2-0203')) },
  ],
  'assigned-only': [{ kind: 'remove own assignment', edit: (d) => d.getMap('meta').set('assignees', []) }],
  'event-steps': [
    {
      kind: 'overwrite an event',
      edit: (d) =>
        d.getMap('events').set('e_seed', gridEvent('e_seed', userIds.get('grid_worker')!, { title: '改过的标题' })),
    },
    { kind: 'delete a step', edit: (d) => d.getMap('steps').delete('s_seed') },
    {
      kind: "event in someone else's name",
      edit: (d) => d.getMap('events').set('e_forged', gridEvent('e_forged', 'someone-else', { source: 'resident' })),
    },
    {
      kind: "step in someone else's name",
      edit: (d) => d.getMap('steps').set('s_forged', gridStep('e_seed', 'someone-else', { kind: 'handle' })),
    },
    { kind: 'write outside events and steps', edit: (d) => d.getMap('other').set('x', 1) },
    {
      kind: "forge the upper level's step (server-only)",
      edit: (d, r) =>
        d.getMap('steps').set(
          's_upper',
          gridStep('e_seed', userIds.get(r)!, {
            kind: 'upper',
            seq: 2,
            action: 'handle',
            viaNode: 'n_x',
            nodeName: '某社区',
            level: 'community',
            queueStepId: 'q_x',
          }),
        ),
    },
    {
      kind: 'step under the mirrored-step key prefix',
      edit: (d, r) => d.getMap('steps').set('up_q_taken', gridStep('e_seed', userIds.get(r)!, { kind: 'handle' })),
      roles: (r) => r !== 'resident',
    },
    {
      kind: 'step for an unknown event',
      edit: (d, r) => d.getMap('steps').set('s_ghost', gridStep('e_ghost', userIds.get(r)!, { kind: 'handle' })),
    },
    {
      kind: 'assign without being chair/secretary',
      edit: (d, r) =>
        d
          .getMap('steps')
          .set(
            's_assign',
            gridStep('e_seed', userIds.get(r)!, { kind: 'assign', assignee: { name: '物业', kind: 'body' }, dueAt: 9 }),
          ),
      roles: (r) => !['chair', 'secretary', 'admin'].includes(r),
    },
    {
      kind: 'escalate without being chair/secretary',
      edit: (d, r) =>
        d
          .getMap('steps')
          .set('s_up', gridStep('e_seed', userIds.get(r)!, { kind: 'escalate', toGridId: null, toLevel: 'community' })),
      roles: (r) => !['chair', 'secretary', 'admin'].includes(r),
    },
    {
      kind: 'resident records a handling',
      edit: (d, r) => d.getMap('steps').set('s_h', gridStep('e_seed', userIds.get(r)!, { kind: 'handle' })),
      roles: (r) => r === 'resident',
    },
    {
      kind: "resident rates another household's event",
      edit: (d, r) =>
        d.getMap('steps').set('s_r', gridStep('e_far', userIds.get(r)!, { kind: 'rate', satisfaction: 1 })),
      roles: (r) => r === 'resident',
    },
    {
      kind: 'resident reports as a grid worker',
      edit: (d, r) => d.getMap('events').set('e_w', gridEvent('e_w', userIds.get(r)!)),
      roles: (r) => r === 'resident',
    },
  ],
  'queue-steps': [
    { kind: 'write a queue item', edit: (d) => d.getMap('items').set('s_forged', queueItem('s_forged')) },
    {
      kind: 'overwrite a queue item',
      edit: (d) => d.getMap('items').set('s_seed', { ...queueItem('s_seed'), dueAt: 9 }),
    },
    {
      kind: "queue step in someone else's name",
      edit: (d) => d.getMap('steps').set('q_forged', queueStep('s_seed', 'someone-else', 'handle')),
    },
    {
      kind: 'queue step for an unknown item',
      edit: (d, r) => d.getMap('steps').set('q_ghost', queueStep('s_ghost', userIds.get(r)!, 'handle')),
    },
    { kind: 'write outside the queue', edit: (d) => d.getMap('events').set('e_x', 1) },
  ],
  'lists-manage': [
    { kind: 'delete an order', edit: (d) => d.getMap('orders').delete('o_other') },
    {
      kind: 'overwrite an order step',
      edit: (d) =>
        d
          .getMap('orderSteps')
          .set(
            's_dispatch',
            orderStep('o_other', 'x', { kind: 'dispatch', resourceId: 'r_other', volunteerName: '别人' }),
          ),
    },
    {
      kind: "order step in someone else's name",
      edit: (d) => d.getMap('orderSteps').set('s_forged', orderStep('o_other', 'someone-else', { kind: 'accept' })),
    },
  ],
  'lists-own-orders': [
    {
      kind: 'edit the needs list',
      edit: (d) =>
        d.getMap('needs').set('n_x', { title: '改', detail: '', status: 'met', createdBy: 'x', createdAt: 1 }),
    },
    {
      kind: 'dispatch an order',
      edit: (d, r) =>
        d.getMap('orderSteps').set(
          's_d',
          orderStep('o_other', userIds.get(r)!, {
            kind: 'dispatch',
            resourceId: 'r_vol',
            volunteerName: '我',
            volunteerUserId: userIds.get(r),
          }),
        ),
    },
    {
      kind: 'accept an order dispatched to someone else',
      edit: (d, r) => d.getMap('orderSteps').set('s_a', orderStep('o_other', userIds.get(r)!, { kind: 'accept' })),
    },
    {
      kind: "rate someone else's order",
      edit: (d, r) =>
        d.getMap('orderSteps').set('s_r', orderStep('o_other', userIds.get(r)!, { kind: 'rate', rating: 1 })),
    },
    { kind: "order in someone else's name", edit: (d) => d.getMap('orders').set('o_f', order('o_f', 'someone-else')) },
    { kind: 'delete an order', edit: (d) => d.getMap('orders').delete('o_other') },
    {
      kind: 'record points',
      edit: (d, r) =>
        d
          .getMap('points')
          .set('k', { resourceId: 'r_vol', points: 100, reason: '自己加分', by: userIds.get(r), at: 1 }),
    },
  ],
  'redacted-case-list': [
    {
      kind: 'personal details in a list entry',
      edit: (d) =>
        d
          .getMap('cases')
          .set('p', caseSummary('p', [...userIds.values()], { partyName: '张三', phone: '13912341234' })),
    },
    { kind: 'write outside the case entries', edit: (d) => d.getMap('meta').set('note', '李四 139…') },
    {
      kind: 'entry key differs from its case id',
      edit: (d) => d.getMap('cases').set('x', caseSummary('y', [...userIds.values()])),
    },
    {
      kind: "change an entry of a case one isn't assigned to",
      seed: (d) => d.getMap('cases').set('other', caseSummary('other', ['nobody'])),
      edit: (d) => d.getMap('cases').set('other', caseSummary('other', [...userIds.values()])),
      roles: (r) => r !== 'chair' && r !== 'admin',
    },
    {
      kind: 'delete an entry',
      edit: (d) => d.getMap('cases').delete('seed'),
      roles: (r) => r !== 'chair' && r !== 'admin',
    },
  ],
}

type Outcome = { result: 'acked' } | { result: 'rejected'; code: string } | { result: 'refused'; code: number }

let docSeq = 0
/** Connects `who` to a freshly seeded doc of `type`, applies `edit`, reports what the server did. */
async function attempt(who: string, type: DocType, edit: (d: Y.Doc) => void, extraSeed?: (d: Y.Doc) => void) {
  const name = `${type}:${scopeIn(type)}:t${docSeq++}`
  await seed(name, (d) => {
    baseContent(type, d)
    extraSeed?.(d)
  })
  const before = await serverJson(name)
  let client: RawClient
  try {
    client = await connectRawClient(server.wsUrl, name, { token: tokens.get(who)! })
  } catch {
    return { name, before, outcome: { result: 'refused', code: -1 } as Outcome, received: false }
  }
  const seq = client.sentSeq + 1
  edit(client.doc)
  await client.waitFor(
    () => client.ackedSeq >= seq || client.rejects.some((r) => r.seq === seq) || client.closeInfo !== null,
    'answer',
  )
  const rej = client.rejects.find((r) => r.seq === seq)
  const outcome: Outcome = rej ? { result: 'rejected', code: rej.code } : { result: 'acked' }
  await client.close()
  return { name, before, outcome, received: true }
}

async function refusedCode(who: string, name: string): Promise<{ code: number; gotContent: boolean }> {
  const { openRawSocket } = await import('../helpers/rawClient')
  const { ws, closed } = await openRawSocket(
    `${server.wsUrl}/${name}?token=${encodeURIComponent(tokens.get(who) ?? '')}`,
  )
  let gotContent = false
  ws.on('message', () => {
    gotContent = true
  })
  return { code: (await closed).code, gotContent }
}

describe('docs/security.md', () => {
  it('is generated from the policy table', () => {
    expect(readFileSync(new URL('../../docs/security.md', import.meta.url), 'utf8')).toBe(renderSecurityDoc())
  })
})

for (const role of ROLES) {
  describe(`role ${role}`, () => {
    for (const type of DOC_TYPES) {
      const rule = effectiveRule([role], type)
      const conditions = rule.conditions ?? []
      if (rule.level === 'none') {
        it(`${type}: cannot read (4403, no content)`, async () => {
          const name = `${type}:${scopeIn(type)}:n${docSeq++}`
          await seed(name, (d) => baseContent(type, d))
          expect(await refusedCode(role, name)).toEqual({ code: 4403, gotContent: false })
        })
        continue
      }
      it(`${type}: reads the doc`, async () => {
        const name = `${type}:${scopeIn(type)}:r${docSeq++}`
        await seed(name, (d) => baseContent(type, d))
        const c = await connectRawClient(server.wsUrl, name, { token: tokens.get(role)! })
        const received = contentJson(c.doc)
        expect(received).toContain('"title"')
        expect(received).toBe(await serverJson(name))
        await c.close()
      })
      if (rule.level === 'read') {
        it(`${type}: a write is rejected (read-only) and not stored`, async () => {
          const r = await attempt(role, type, allowedEdit(type, role))
          expect(r.outcome).toEqual({ result: 'rejected', code: 'read-only' })
          expect(await serverJson(r.name)).toBe(r.before)
        })
        continue
      }
      it(`${type}: an allowed write is stored`, async () => {
        const r = await attempt(role, type, allowedEdit(type, role))
        expect(r.outcome).toEqual({ result: 'acked' })
        expect(await serverJson(r.name)).not.toBe(r.before)
      })
      for (const cond of conditions) {
        for (const f of FORBIDDEN[cond].filter((k) => !k.roles || k.roles(role))) {
          it(`${type}: refuses "${f.kind}" (${cond})`, async () => {
            const r = await attempt(role, type, (d) => f.edit(d, role), f.seed)
            expect(r.outcome.result).toBe('rejected')
            expect(await serverJson(r.name)).toBe(r.before)
          })
        }
      }
    }
  })
}

describe('people outside the rules', () => {
  it('an unassigned mediator cannot read a case; the assigned one can', async () => {
    const name = docName('case', councilId, `assign${docSeq++}`)
    await seed(name, (d) => baseContent('case', d))
    expect((await refusedCode('mediator-unassigned', name)).code).toBe(4403)
    const c = await connectRawClient(server.wsUrl, name, { token: tokens.get('mediator')! })
    expect(c.doc.getMap('meta').get('title')).toBe('case')
    await c.close()
  })

  it('someone with no role in the council is refused every doc type', async () => {
    for (const type of DOC_TYPES) expect((await refusedCode('stranger', `${type}:${scopeIn(type)}:s`)).code).toBe(4403)
  })

  it('POLICY covers every role × doc type', () => {
    for (const role of ROLES) for (const type of DOC_TYPES) expect(POLICY[role][type]).toBeDefined()
  })
})
