/**
 * `npm run demo`: the 邮政小区 compound from server/demo/youzheng-roll.csv with one demo account per
 * role, and the demo district around it (server/demo/loadDistrict.ts: 32 councils with a year of
 * grid events and a few mediation cases), printed on the console. Idempotent: running it again
 * reuses the compounds, accounts and generated docs. Run it with the server stopped (it writes the
 * data directory directly).
 */
import { readFileSync } from 'node:fs'
import type { Role } from '../../src/domain/access/policy'
import type { Scope } from '../accounts/AccountStore'
import { SqliteAccountStore } from '../accounts/SqliteAccountStore'
import { hashPassword } from '../auth/passwords'
import { importRoll, storeRollTarget } from '../roll/importRoll'
import { SqliteDocStore } from '../storage/SqliteDocStore'
import { SqliteReadModel } from '../readmodel/SqliteReadModel'
import { reindex } from '../readmodel/reindex'
import { DEMO_ORG_ACCOUNTS, loadDistrict, type DistrictLoad } from './loadDistrict'

export const DEMO_PASSWORD = 'yishi-demo'
export const DEMO_COMPOUND = {
  name: '邮政小区',
  address: '河南省周口市川汇区邮政小区',
  grid: '七一路街道-邮政社区-第3网格',
}

export const DEMO_ACCOUNTS: Array<{ phone: string; name: string; role: Role | 'admin'; scope?: Scope }> = [
  { phone: '13800000001', name: '管理员', role: 'admin' },
  { phone: '13800000002', name: '李主任', role: 'chair' },
  { phone: '13800000003', name: '王秘书', role: 'secretary' },
  { phone: '13800000004', name: '赵委员', role: 'member' },
  { phone: '13800000005', name: '孙楼长', role: 'building_head', scope: { buildings: ['1', '2'] } },
  { phone: '13800000006', name: '钱单元长', role: 'unit_head', scope: { units: ['3-1', '3-2'] } },
  { phone: '13800000007', name: '周调解员', role: 'mediator' },
  { phone: '13800000008', name: '吴网格员', role: 'grid_worker' },
  { phone: '13800000009', name: '周勇', role: 'resident', scope: { households: ['1-1-0101'] } },
  { phone: '13800000010', name: '郑科员', role: 'observer' },
]

/** `end`: the demo's "now" (the generated year ends there); tests pass a fixed instant. */
export async function loadDemo(dataDir: string, end = Date.now()): Promise<DistrictLoad> {
  const accounts = new SqliteAccountStore(dataDir)
  const store = new SqliteDocStore(dataDir)
  try {
    const hash = await hashPassword(DEMO_PASSWORD)
    const users = new Map<string, string>()
    for (const a of DEMO_ACCOUNTS) {
      const existing = await accounts.userByPhone(a.phone)
      const user =
        existing ??
        (await accounts.createUser({ phone: a.phone, name: a.name, passwordHash: hash, isAdmin: a.role === 'admin' }))
      users.set(a.phone, user.id)
    }
    const admin = (await accounts.userById(users.get('13800000001')!))!
    const compound =
      (await accounts.compounds()).find((c) => c.name === DEMO_COMPOUND.name) ??
      (await accounts.createCompound({ ...DEMO_COMPOUND, createdBy: admin.id }))
    for (const a of DEMO_ACCOUNTS) {
      if (a.role !== 'admin')
        await accounts.addMembership({
          userId: users.get(a.phone)!,
          councilId: compound.id,
          role: a.role,
          scope: a.scope ?? {},
        })
    }
    const csv = readFileSync(new URL('./youzheng-roll.csv', import.meta.url))
    const result = await importRoll(storeRollTarget(store), accounts, compound.id, new Uint8Array(csv), false, admin)
    if (result.status !== 200) throw new Error(`demo roll failed to import: ${JSON.stringify(result.body)}`)
    const gridWorker = DEMO_ACCOUNTS.find((a) => a.role === 'grid_worker')!
    const started = Date.now()
    const district = await loadDistrict(
      store,
      accounts,
      admin,
      { userId: users.get(gridWorker.phone)!, name: gridWorker.name },
      end,
      hash,
    )
    // The server folds docs as they arrive over sync; these were written behind its back.
    const rm = new SqliteReadModel(dataDir)
    try {
      await reindex(store, rm)
    } finally {
      await rm.close()
    }
    const generated = district.councils.reduce((n, c) => n + (c.facts?.length ?? 0), 0)
    console.log(`演示小区 / demo compound: ${compound.name} (${compound.id}) — 276 户 / flats`)
    console.log(
      `演示区 / demo district: ${district.councils.length} 个小区 / councils, ${generated} 件新生成的网格事件 / new grid events (${Date.now() - started} ms)`,
    )
    console.log(`所有演示账号密码 / password for every demo account: ${DEMO_PASSWORD}`)
    console.table(
      DEMO_ACCOUNTS.map((a) => ({ phone: a.phone, name: a.name, role: a.role, scope: JSON.stringify(a.scope ?? {}) })),
    )
    console.log('演示区工作人员 / district staff (打开 /org/<节点> 看数据 / dashboard at /org/<node>):')
    console.table(
      DEMO_ORG_ACCOUNTS.map((a) => ({
        phone: a.phone,
        name: a.name,
        role: a.role,
        node: a.what,
        url: `/org/${a.nodeId}`,
      })),
    )
    return district
  } finally {
    await store.close()
    await accounts.close()
  }
}
