/**
 * What the escalation bridge needs to know about the organisation tree (owned by the org feature:
 * src/domain/org/, AccountStore org methods): the nodes, and each council's community and name.
 * An interface so tests can give the bridge a tree without accounts.
 */
import type { BridgeNode } from '../../src/domain/escalation/bridge'
import type { AccountStore } from '../accounts/AccountStore'

export interface OrgDirectory {
  nodes(): Promise<BridgeNode[]>
  /** The council's community node id and name; null when the council does not exist. */
  council(councilId: string): Promise<{ name: string; nodeId: string | null } | null>
}

export function accountOrgDirectory(accounts: AccountStore): OrgDirectory {
  return {
    nodes: () => accounts.listOrgNodes(),
    async council(councilId) {
      const c = await accounts.compound(councilId)
      return c ? { name: c.name, nodeId: c.orgNodeId } : null
    },
  }
}
