/**
 * When someone loses their last way into the app — no council role and no org staff entry left, and
 * not an admin — their refresh tokens go too, so no device can renew a session that opens nothing
 * (an access token lapses within 15 minutes; open connections are closed by revocation.ts). Called
 * after every removal: council roles (memberRoutes), org staff entries and deleted org nodes
 * (orgTreeRoutes).
 */
import type { AccountStore } from '../accounts/AccountStore'

/** Returns true when the person had nothing left and their refresh tokens were deleted. */
export async function revokeSessionsIfNoAccessLeft(accounts: AccountStore, userId: string): Promise<boolean> {
  const user = await accounts.userById(userId)
  if (!user || user.isAdmin) return false
  if ((await accounts.membershipsOfUser(userId)).length > 0) return false
  if ((await accounts.orgStaffOfUser(userId)).length > 0) return false
  await accounts.revokeUserRefreshTokens(userId)
  return true
}
