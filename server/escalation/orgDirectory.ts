/**
 * What the escalation bridge needs to know about the organisation tree (owned by the org feature:
 * src/domain/org/, AccountStore org methods): the nodes, and each council's community and name.
 */
import type { BridgeNode } from '../../src/domain/escalation/bridge'
import type { AccountStore } from '../accounts/AccountStore'

export interface OrgDirectory {
  nodes(): Promise<BridgeNode[]>
  /** The council's community node id and name; null when the council is not placed in the tree. */
  council(councilId: string): Promise<{ name: string; nodeId: string | null } | null>
}

/** The org methods of the account store (optional until every store has them). */
interface OrgAccountMethods {
  listOrgNodes(): Promise<BridgeNode[]>
}

export function accountOrgDirectory(accounts: AccountStore): OrgDirectory {
  const org = accounts as AccountStore & Partial<OrgAccountMethods>
  return {
    nodes: async () => (org.listOrgNodes ? await org.listOrgNodes() : []),
    async council(councilId) {
      const c = (await accounts.compound(councilId)) as { name: string; orgNodeId?: string | null } | null
      return c ? { name: c.name, nodeId: c.orgNodeId ?? null } : null
    },
  }
}
