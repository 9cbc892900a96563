/**
 * The escalation queues a person may open, derived from the org part of their session (`orgStaff`,
 * `orgNodes`, docs/protocol.md "Session"): every node of the subtrees where they hold an org staff
 * role, with the strongest role that reaches it (a handler above a viewer); admins read every queue.
 * The session is the one source: the server grants queue:<node> access from the same staff rows
 * (server/access/orgRoles.ts), so the list and the access cannot disagree.
 */
import type { OrgRole } from '../access/policy'
import type { OrgKind, OrgNode } from '../org/schema'
import { subtreeIds } from '../org/tree'

export interface QueueRef {
  nodeId: string
  name: string
  kind: OrgKind
  role: 'org_viewer' | 'org_handler'
}

export function queuesOf(
  nodes: readonly OrgNode[],
  staff: ReadonlyArray<{ nodeId: string; role: OrgRole }>,
  isAdmin: boolean,
): QueueRef[] {
  const held = isAdmin
    ? nodes.filter((n) => n.parentId === null).map((n) => ({ nodeId: n.id, role: 'org_viewer' as const }))
    : staff
  const roleOf = new Map<string, QueueRef['role']>()
  for (const s of held)
    for (const id of subtreeIds(nodes, s.nodeId)) if (roleOf.get(id) !== 'org_handler') roleOf.set(id, s.role)
  return nodes
    .filter((n) => roleOf.has(n.id))
    .map((n) => ({ nodeId: n.id, name: n.name, kind: n.kind, role: roleOf.get(n.id)! }))
}
