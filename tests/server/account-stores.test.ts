/**
 * AccountStore contract, run against SqliteAccountStore and PostgresAccountStore (the latter needs
 * PostgreSQL: skipped locally without it, failed with CI=true).
 */
import { rmSync } from 'node:fs'
import { afterAll, describe, expect, it } from 'vitest'
import type { AccountStore } from '../../server/accounts/AccountStore'
import { SqliteAccountStore } from '../../server/accounts/SqliteAccountStore'
import { PostgresAccountStore } from '../../server/accounts/PostgresAccountStore'
import { makeTempDir } from '../helpers/server'
import { DATABASE_URL, dropSchema, servicesGate, uniqueSchema } from '../helpers/services'

const skipPg = await servicesGate('postgres')
const cleanups: Array<() => unknown> = []
afterAll(async () => {
  for (const c of cleanups) await c()
})

const byNode = <T extends { nodeId: string }>(xs: T[]) => [...xs].sort((a, b) => a.nodeId.localeCompare(b.nodeId))

function contract(name: string, open: () => Promise<AccountStore>) {
  describe(`AccountStore: ${name}`, () => {
    it('users, admins, passwords and invite codes', async () => {
      const s = await open()
      expect(await s.countAdmins()).toBe(0)
      const u = await s.createUser({ phone: '13800000001', name: '张主任', passwordHash: 'h1', isAdmin: true })
      expect(u).toMatchObject({ phone: '13800000001', name: '张主任', isAdmin: true, active: true })
      expect(typeof u.createdAt).toBe('number')
      const invited = await s.createUser({
        phone: '13800000002',
        name: '李',
        passwordHash: null,
        isAdmin: false,
        inviteCodeHash: 'ic',
      })
      expect(invited.active).toBe(false)
      expect(await s.countAdmins()).toBe(1)
      expect(await s.userByPhone('13800000002')).toMatchObject({
        id: invited.id,
        passwordHash: null,
        inviteCodeHash: 'ic',
      })
      await s.setPassword(invited.id, 'h2')
      expect(await s.userByPhone('13800000002')).toMatchObject({
        active: true,
        passwordHash: 'h2',
        inviteCodeHash: null,
      })
      await s.setInviteCode(invited.id, 'ic2')
      expect((await s.userByPhone('13800000002'))?.inviteCodeHash).toBe('ic2')
      expect(await s.userById('nobody')).toBeNull()
      await expect(
        s.createUser({ phone: '13800000001', name: 'dup', passwordHash: null, isAdmin: false }),
      ).rejects.toThrow()
      await s.close()
    })

    it('compounds, memberships, members of a council', async () => {
      const s = await open()
      const u = await s.createUser({ phone: '13900000001', name: '王', passwordHash: 'h', isAdmin: false })
      const c = await s.createCompound({ name: '邮政小区', address: '路 1 号', grid: 'g1', createdBy: u.id })
      expect(await s.compound(c.id)).toEqual(c)
      expect((await s.compounds()).map((x) => x.id)).toContain(c.id)
      await s.addMembership({ userId: u.id, councilId: c.id, role: 'member', scope: { buildings: ['3'] } })
      await s.addMembership({ userId: u.id, councilId: c.id, role: 'member', scope: { units: ['3-2'] } }) // upsert
      expect(await s.membershipsOfUser(u.id)).toEqual([
        { userId: u.id, councilId: c.id, role: 'member', scope: { units: ['3-2'] } },
      ])
      expect(await s.membersOfCouncil(c.id)).toEqual([
        { userId: u.id, councilId: c.id, role: 'member', scope: { units: ['3-2'] }, name: '王', phone: '13900000001' },
      ])
      await s.removeMembership(u.id, c.id, 'member')
      expect(await s.membershipsOfUser(u.id)).toEqual([])
      const inv = {
        userId: u.id,
        councilId: c.id,
        codeHash: 'h1',
        grants: [{ role: 'unit_head' as const, scope: { units: ['3-2'] } }],
        createdBy: u.id,
        createdAt: 5,
      }
      await s.putInvitation(inv)
      await s.putInvitation({ ...inv, codeHash: 'h2' })
      expect(await s.invitationsOfUser(u.id)).toEqual([{ ...inv, codeHash: 'h2' }])
      expect(await s.invitationsOfCouncil(c.id)).toEqual([{ ...inv, codeHash: 'h2', name: '王', phone: '13900000001' }])
      await s.deleteInvitation(u.id, c.id)
      expect(await s.invitationsOfUser(u.id)).toEqual([])
      await s.close()
    })

    it('organisation tree: nodes, councils under a node, deletion refusals, staff', async () => {
      const s = await open()
      const u = await s.createUser({ phone: '13900000101', name: '街道干部', passwordHash: 'h', isAdmin: false })
      const tree = [
        { id: 'd1', kind: 'district' as const, name: '某区', parentId: null },
        { id: 's1', kind: 'street' as const, name: '一街道', parentId: 'd1' },
        { id: 's2', kind: 'street' as const, name: '二街道', parentId: 'd1' },
        { id: 'm1', kind: 'community' as const, name: '一社区', parentId: 's1' },
        { id: 'm2', kind: 'community' as const, name: '二社区', parentId: 's2' },
      ]
      await s.upsertOrgNodes(tree)
      await s.upsertOrgNodes([{ id: 'm1', kind: 'community', name: '一社区（新）', parentId: 's1' }]) // rename
      const byId = (xs: Array<{ id: string }>) => [...xs].sort((a, b) => a.id.localeCompare(b.id))
      expect(byId(await s.listOrgNodes())).toEqual(
        byId(tree.map((n) => (n.id === 'm1' ? { ...n, name: '一社区（新）' } : n))),
      )
      const a = await s.createCompound({ name: 'A', address: '', grid: '', createdBy: u.id })
      expect(a.orgNodeId).toBeNull()
      const b = await s.createCompound({ name: 'B', address: '', grid: '', createdBy: u.id, orgNodeId: 'm2' })
      const c = await s.createCompound({ name: 'C', address: '', grid: '', createdBy: u.id })
      await s.setCouncilOrgNode(a.id, 'm1')
      expect((await s.compound(a.id))?.orgNodeId).toBe('m1')
      expect((await s.compound(b.id))?.orgNodeId).toBe('m2')
      expect((await s.councilsUnder('d1')).sort()).toEqual([a.id, b.id].sort())
      expect(await s.councilsUnder('s1')).toEqual([a.id])
      expect(await s.councilsUnder('m2')).toEqual([b.id])
      expect(await s.councilsUnder('nowhere')).toEqual([])
      expect(await s.deleteOrgNode('nowhere')).toBe('not-found')
      expect(await s.deleteOrgNode('s1')).toBe('has-children')
      expect(await s.deleteOrgNode('m1')).toBe('has-councils')
      await s.setCouncilOrgNode(a.id, null)
      expect(await s.councilsUnder('d1')).toEqual([b.id])
      expect((await s.compounds()).find((x) => x.id === c.id)?.orgNodeId).toBeNull()

      await s.addOrgStaff(u.id, 's1', 'org_viewer')
      await s.addOrgStaff(u.id, 's1', 'org_viewer') // idempotent
      await s.addOrgStaff(u.id, 'm2', 'org_handler')
      expect(byNode(await s.orgStaffOfUser(u.id))).toEqual([
        { userId: u.id, nodeId: 'm2', role: 'org_handler' },
        { userId: u.id, nodeId: 's1', role: 'org_viewer' },
      ])
      expect(await s.orgStaffOfNode('s1')).toEqual([
        { userId: u.id, nodeId: 's1', role: 'org_viewer', name: '街道干部', phone: '13900000101' },
      ])
      await s.removeOrgStaff(u.id, 'm2', 'org_handler')
      expect(await s.orgStaffOfNode('m2')).toEqual([])
      // Deleting a leaf takes its staff entries with it.
      await s.addOrgStaff(u.id, 'm1', 'org_viewer')
      expect(await s.deleteOrgNode('m1')).toBeNull()
      expect((await s.listOrgNodes()).map((n) => n.id)).not.toContain('m1')
      expect(await s.orgStaffOfUser(u.id)).toEqual([{ userId: u.id, nodeId: 's1', role: 'org_viewer' }])
      await s.close()
    })

    it('refresh tokens work once and expire; phones; audit log filters', async () => {
      const s = await open()
      const later = Date.now() + 60_000
      await s.putRefreshToken('t1', 'u1', later, 'f1')
      await s.putRefreshToken('t1b', 'u1', later, 'f1')
      await s.putRefreshToken('t9', 'u1', later, 'f9')
      expect(await s.takeRefreshToken('t1', 1000)).toEqual({ kind: 'ok', userId: 'u1', family: 'f1' })
      expect(await s.takeRefreshToken('t1', 1000)).toEqual({ kind: 'reused', userId: 'u1', family: 'f1' })
      expect(await s.takeRefreshToken('nope', 1000)).toEqual({ kind: 'invalid' })
      expect(await s.revokeRefreshFamily('f1')).toBe(1) // t1b was still live; t1 was spent
      expect(await s.takeRefreshToken('t1b', 1000)).toEqual({ kind: 'invalid' })
      expect(await s.takeRefreshToken('t9', later + 1)).toEqual({ kind: 'invalid' })
      await s.revokeUserRefreshTokens('u1')
      await s.putRefreshToken('t2', 'u1', later, 'f2')
      await s.revokeUserRefreshTokens('u1')
      expect(await s.takeRefreshToken('t2', 1000)).toEqual({ kind: 'invalid' })
      expect(await s.loginLock('13800000009')).toBeNull()
      await s.putLoginLock('13800000009', { failures: 3, level: 1, lockedUntil: 5 })
      await s.putLoginLock('13800000009', { failures: 4, level: 2, lockedUntil: 6 })
      expect(await s.loginLock('13800000009')).toEqual({ failures: 4, level: 2, lockedUntil: 6 })
      await s.putLoginLock('13800000009', null)
      expect(await s.loginLock('13800000009')).toBeNull()
      await s.putPhones('c1', [
        { householdId: 'h1', phone: '1' },
        { householdId: 'h2', phone: '2' },
      ])
      await s.putPhones('c1', [{ householdId: 'h1', phone: '3' }])
      expect(await s.phone('c1', 'h1')).toBe('3')
      expect(await s.phone('c1', 'none')).toBeNull()
      await s.audit({ at: 1, userId: 'u1', action: 'vote.close', target: 'c1/v1', detail: { n: 1 } })
      await s.audit({ at: 2, userId: 'u1', action: 'member.add', target: 'c1' })
      await s.audit({ at: 3, userId: 'u2', action: 'member.add', target: 'c2' })
      expect((await s.auditLog({ targetPrefix: 'c1' })).map((e) => e.at)).toEqual([2, 1])
      expect(await s.auditLog({ action: 'vote.close' })).toEqual([
        { at: 1, userId: 'u1', action: 'vote.close', target: 'c1/v1', detail: { n: 1 } },
      ])
      expect((await s.auditLog({ limit: 1 })).map((e) => e.at)).toEqual([3])
      await s.close()
    })

    it('a failed batch writes none of its rows; a write made while it ran is kept', async () => {
      const s = await open()
      const bad = { householdId: 'h2', phone: null as unknown as string } // NOT NULL: fails mid-batch
      const batch = s.putPhones('c1', [{ householdId: 'h1', phone: '1' }, bad])
      const meanwhile = s.audit({ at: 7, userId: 'u1', action: 'member.add', target: 'c1' })
      await expect(batch).rejects.toThrow()
      await meanwhile
      expect(await s.phone('c1', 'h1')).toBeNull()
      expect((await s.auditLog({})).map((e) => e.at)).toEqual([7])
      await s.close()
    })
  })
}

contract('SqliteAccountStore', async () => {
  const dir = makeTempDir('yishi-accounts-')
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }))
  return new SqliteAccountStore(dir)
})

describe.skipIf(skipPg)('PostgreSQL', () => {
  contract('PostgresAccountStore', async () => {
    const schema = uniqueSchema('yishi_acc')
    cleanups.push(() => dropSchema(schema))
    const s = new PostgresAccountStore({ connectionString: DATABASE_URL, schema })
    await s.ready
    return s
  })
})
