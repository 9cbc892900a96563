/**
 * The demo district for `npm run demo`: every council of src/domain/org/demoDistrict.ts as a
 * compound, a year of grid events per council and a few mediation cases, written as Yjs updates
 * straight into the DocStore (the server is stopped), one council at a time so memory stays flat.
 * Idempotent: a council whose event doc already holds events is left as it is.
 */
import * as Y from 'yjs'
import { docName } from '../../src/domain/docTypes'
import { readEvents } from '../../src/domain/grid/events'
import type { OrgRole } from '../../src/domain/access/policy'
import { DEMO_COUNCILS, DEMO_DISTRICT_ID, DEMO_ORG_NODES, demoYearPlan } from '../../src/domain/org/demoDistrict'
import { writeDemoYear, type DemoEventFact } from '../../src/domain/org/demoEvents'
import type { AccountStore, Compound, User } from '../accounts/AccountStore'
import type { DocStore } from '../storage/DocStore'
import { writeDemoCases } from './demoCases'

/** Org staff of the demo district (password DEMO_PASSWORD like every demo account). */
export const DEMO_ORG_ACCOUNTS: Array<{ phone: string; name: string; role: OrgRole; nodeId: string; what: string }> = [
  { phone: '13800000011', name: '冯科长', role: 'org_viewer', nodeId: DEMO_DISTRICT_ID, what: '区 川汇区（只读）' },
  { phone: '13800000012', name: '陈干事', role: 'org_handler', nodeId: 'demo-s1', what: '街道 七一路街道' },
  { phone: '13800000013', name: '褚社工', role: 'org_handler', nodeId: 'demo-c11', what: '社区 邮政社区' },
]

export interface DistrictCouncil {
  id: string
  name: string
  communityId: string
  /** what was generated now; null when the council already had events (earlier run) */
  facts: DemoEventFact[] | null
}
export interface DistrictLoad {
  end: number
  councils: DistrictCouncil[]
}

const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '赵', '黄', '周', '吴', '徐', '孙', '胡', '朱', '高', '林']

async function loadDoc(store: DocStore, name: string): Promise<Y.Doc> {
  const doc = new Y.Doc()
  for (const u of (await store.load(name)).updates) Y.applyUpdate(doc, u)
  return doc
}

/**
 * `existing`: councils created before by name (邮政小区 from the per-role demo); `gridWorker` records
 * 邮政小区's events (a real account), the other councils' events are in a named demo worker's name.
 */
export async function loadDistrict(
  store: DocStore,
  accounts: AccountStore,
  admin: User,
  gridWorker: { userId: string; name: string },
  end: number,
  passwordHash: string,
): Promise<DistrictLoad> {
  await accounts.upsertOrgNodes(DEMO_ORG_NODES)
  for (const a of DEMO_ORG_ACCOUNTS) {
    const user =
      (await accounts.userByPhone(a.phone)) ??
      (await accounts.createUser({ phone: a.phone, name: a.name, passwordHash, isAdmin: false }))
    await accounts.addOrgStaff(user.id, a.nodeId, a.role)
  }
  const byName = new Map<string, Compound>((await accounts.compounds()).map((c) => [c.name, c]))
  const out: DistrictLoad = { end, councils: [] }
  for (const [i, c] of DEMO_COUNCILS.entries()) {
    const compound =
      byName.get(c.name) ??
      (await accounts.createCompound({ name: c.name, address: c.address, grid: '', createdBy: admin.id }))
    await accounts.setCouncilOrgNode(compound.id, c.communityId)
    const name = docName('event', compound.id)
    const doc = await loadDoc(store, name)
    let facts: DemoEventFact[] | null = null
    if (readEvents(doc).events.length === 0) {
      const actor =
        c.name === '邮政小区' ? gridWorker : { userId: `demo-gw-${i}`, name: `${SURNAMES[i % SURNAMES.length]}网格员` }
      const before = Y.encodeStateVector(doc)
      facts = writeDemoYear(doc, { ...demoYearPlan(i), end, actor })
      await store.appendUpdates(name, [Y.encodeStateAsUpdate(doc, before)])
      // Cases in every third council: enough for the counts by type and outcome.
      if (i % 3 === 0) await writeDemoCases(store, compound.id, demoYearPlan(i).seed, end, actor)
    }
    doc.destroy()
    out.councils.push({ id: compound.id, name: c.name, communityId: c.communityId, facts })
  }
  return out
}
