/**
 * The one invitation flow, for council roles (memberRoutes) and org staff roles (orgRoutes): a person
 * with a password gets the role at once; anyone else gets a pending invitation with a fresh 6-digit
 * code the inviter hands over, which /api/activate turns into the role. Invitations are keyed by
 * (person, target): a council id, or `org:<nodeId>` for a node of the organisation tree (a colon
 * never occurs in a council id, so the two cannot collide).
 */
import { randomInt } from 'node:crypto'
import { isOrgRole, type Role } from '../../src/domain/access/policy'
import type { AccountStore, Invitation, Scope, User } from '../accounts/AccountStore'
import { hashPassword } from '../auth/passwords'

export const orgInvitationKey = (nodeId: string) => `org:${nodeId}`
const orgNodeOf = (key: string): string | null => (key.startsWith('org:') ? key.slice(4) : null)

export type InviteOutcome = { userId: string; pending: false } | { userId: string; pending: true; inviteCode: string }

/**
 * Grants `role` to the person with `phone` (creating the account if needed) for `key`: directly
 * when they have a password (`grantNow`), else by (re)setting the pending invitation for `key`,
 * which keeps its other roles. Callers check who may grant what before, and audit after.
 */
export async function inviteOrGrant(
  accounts: AccountStore,
  by: User,
  person: { phone: string; name: string },
  key: string,
  grant: { role: Role; scope: Scope },
  grantNow: (userId: string) => Promise<void>,
): Promise<InviteOutcome> {
  let invitee = await accounts.userByPhone(person.phone)
  if (invitee?.active) {
    // Has a password: add the role, hand out no code (nobody but the owner may set their password).
    await grantNow(invitee.id)
    return { userId: invitee.id, pending: false }
  }
  if (!invitee) {
    const created = await accounts.createUser({
      phone: person.phone,
      name: person.name,
      passwordHash: null,
      isAdmin: false,
    })
    invitee = { ...created, passwordHash: null, inviteCodeHash: null }
  }
  // No SMS here: the inviter hands the 6-digit code to the person, who sets a password with it.
  // Inviting again resets this target's code; other councils' and nodes' invitations are untouched.
  const held = (await accounts.invitationsOfUser(invitee.id)).find((i) => i.councilId === key)
  const inviteCode = String(randomInt(0, 1_000_000)).padStart(6, '0')
  await accounts.putInvitation({
    userId: invitee.id,
    councilId: key,
    codeHash: await hashPassword(inviteCode),
    grants: [...(held?.grants ?? []).filter((g) => g.role !== grant.role), grant],
    createdBy: by.id,
    createdAt: Date.now(),
  })
  return { userId: invitee.id, pending: true, inviteCode }
}

/** Turns an accepted invitation into memberships (council) or staff entries (org node), then drops it. */
export async function acceptInvitation(accounts: AccountStore, userId: string, inv: Invitation): Promise<void> {
  const nodeId = orgNodeOf(inv.councilId)
  for (const g of inv.grants) {
    if (nodeId !== null) {
      if (isOrgRole(g.role)) await accounts.addOrgStaff(userId, nodeId, g.role)
    } else if (!isOrgRole(g.role)) {
      await accounts.addMembership({ userId, councilId: inv.councilId, role: g.role, scope: g.scope })
    }
  }
  await accounts.deleteInvitation(userId, inv.councilId)
}
