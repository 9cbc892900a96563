/**
 * Who may see an org node's dashboard, and which councils (grouped by the node's children) it
 * covers — from the org tree the account store keeps (src/domain/org/, AccountStore). Access:
 * admins, and org staff (org_viewer or org_handler) of the node or of an ancestor. Street staff of
 * another street: 403.
 */
import type { OrgTree } from './counters'
import type { ChildGroup } from './queries'

/** What this needs of the account store (AccountStore implements it). */
export interface OrgTreeSource {
  listOrgNodes(): Promise<ReadonlyArray<{ id: string; kind: string; name: string; parentId: string | null }>>
  compounds(): Promise<ReadonlyArray<{ id: string; name: string; orgNodeId?: string | null }>>
  orgStaffOfUser(userId: string): Promise<ReadonlyArray<{ nodeId: string; role: string }>>
}

export interface OrgScope {
  node: { id: string; kind: 'district' | 'street' | 'community'; name: string }
  councilIds: string[]
  children: ChildGroup[]
  /** council id → name (exports) */
  councilNames: Map<string, string>
  /** every council of the whole tree → the org nodes above it (the read model's node counters follow it) */
  tree: OrgTree
}

/** null: no such node. */
export async function orgScope(src: OrgTreeSource, nodeId: string): Promise<OrgScope | null> {
  const nodes = await src.listOrgNodes()
  const node = nodes.find((n) => n.id === nodeId)
  if (!node || !isOrgKind(node.kind)) return null
  const kids = new Map<string, string[]>()
  for (const n of nodes) if (n.parentId) kids.set(n.parentId, [...(kids.get(n.parentId) ?? []), n.id])
  const below = (id: string): Set<string> => {
    const out = new Set<string>([id])
    const stack = [id]
    while (stack.length)
      for (const k of kids.get(stack.pop()!) ?? []) {
        if (out.has(k)) continue // a cycle in bad data must not loop forever
        out.add(k)
        stack.push(k)
      }
    return out
  }
  const compounds = await src.compounds()
  const councilsIn = (ids: Set<string>) => compounds.filter((c) => c.orgNodeId && ids.has(c.orgNodeId))
  const mine = councilsIn(below(nodeId))
  const byId = new Map(nodes.map((n) => [n.id, n]))
  const children: ChildGroup[] =
    node.kind === 'community'
      ? mine.map((c) => ({ id: c.id, kind: 'council', name: c.name, councilIds: [c.id] }))
      : (kids.get(nodeId) ?? []).flatMap((id) => {
          const n = byId.get(id)!
          if (n.kind !== 'street' && n.kind !== 'community') return []
          return [{ id, kind: n.kind, name: n.name, councilIds: councilsIn(below(id)).map((c) => c.id) }]
        })
  return {
    node: { id: node.id, kind: node.kind, name: node.name },
    councilIds: mine.map((c) => c.id),
    children,
    councilNames: new Map(mine.map((c) => [c.id, c.name])),
    tree: orgTreeOf(nodes, compounds),
  }
}

/** Each council placed in the tree → its node and that node's ancestors (org kinds only). */
export function orgTreeOf(
  nodes: ReadonlyArray<{ id: string; kind: string; parentId: string | null }>,
  compounds: ReadonlyArray<{ id: string; orgNodeId?: string | null }>,
): Map<string, string[]> {
  const byId = new Map(nodes.map((n) => [n.id, n]))
  const tree = new Map<string, string[]>()
  for (const c of compounds) {
    const path: string[] = []
    for (let n = c.orgNodeId ? byId.get(c.orgNodeId) : undefined; n && !path.includes(n.id); ) {
      if (isOrgKind(n.kind)) path.push(n.id)
      n = n.parentId ? byId.get(n.parentId) : undefined
    }
    if (path.length) tree.set(c.id, path)
  }
  return tree
}

/** Admins, and org staff of the node or an ancestor. */
export async function mayViewOrgNode(
  src: OrgTreeSource,
  user: { id: string; isAdmin: boolean },
  nodeId: string,
): Promise<boolean> {
  if (user.isAdmin) return true
  const staff = await src.orgStaffOfUser(user.id)
  if (staff.length === 0) return false
  const parent = new Map((await src.listOrgNodes()).map((n) => [n.id, n.parentId]))
  const onPath = new Set<string>()
  for (let id: string | null | undefined = nodeId; id && !onPath.has(id); id = parent.get(id)) onPath.add(id)
  return staff.some((s) => onPath.has(s.nodeId) && (s.role === 'org_viewer' || s.role === 'org_handler'))
}

const isOrgKind = (k: string): k is OrgScope['node']['kind'] => k === 'district' || k === 'street' || k === 'community'
