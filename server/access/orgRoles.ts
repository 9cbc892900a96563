/**
 * Roles a person holds on a council (or an org node) through the organisation tree: org staff
 * entries on the node or any ancestor (src/domain/org/tree.ts orgRolesAt). Added to their council
 * memberships by every access decision — sync connections (AccessControl) and HTTP routes alike.
 */
import type { OrgRole } from '../../src/domain/access/policy'
import { orgRolesAt } from '../../src/domain/org/tree'
import type { AccountStore, Membership } from '../accounts/AccountStore'

/**
 * `scopeId` is the second segment of a doc name: a council id, or an org node id for docs whose
 * kind has scope 'orgNode' (escalation queues, docTypes scopeOf). Most people hold no org staff
 * role: one query, done.
 */
export async function orgRolesIn(
  accounts: AccountStore,
  userId: string,
  scopeId: string,
  kind: 'council' | 'orgNode' = 'council',
): Promise<OrgRole[]> {
  const staff = await accounts.orgStaffOfUser(userId)
  if (!staff.length) return []
  const nodeId = kind === 'orgNode' ? scopeId : ((await accounts.compound(scopeId))?.orgNodeId ?? null)
  return nodeId ? orgRolesAt(await accounts.listOrgNodes(), staff, nodeId) : []
}

/**
 * A person's roles in one council as membership records: their own memberships there plus one
 * scope-less record per org role (what the HTTP routes' permission checks take).
 */
export async function councilRolesOf(accounts: AccountStore, userId: string, councilId: string): Promise<Membership[]> {
  const own = (await accounts.membershipsOfUser(userId)).filter((m) => m.councilId === councilId)
  const org = await orgRolesIn(accounts, userId, councilId)
  return [...own, ...org.map((role) => ({ userId, councilId, role, scope: {} }))]
}
