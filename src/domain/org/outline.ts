/**
 * The organisation tree as the screens draw it: depth-first rows (children by name, Chinese
 * collation) with each node's counts below it, the councils placed under each community, the
 * parents a node may move to, and a staff member's own part of the tree (their home page). Pure,
 * over the flat node list and council placements the server sends (/api/org, the session).
 */
import type { OrgRole } from '../access/policy'
import { ORG_KINDS, PARENT_KIND, type OrgKind, type OrgNode } from './schema'
import { ancestorIds, orgRolesAt, subtreeIds } from './tree'

export interface PlacedCouncil {
  id: string
  name: string
  orgNodeId: string | null
}

export interface SubtreeCounts {
  streets: number
  communities: number
  councils: number
}

export interface OutlineRow {
  node: OrgNode
  /** 0 for the rows' roots */
  depth: number
  /** direct child nodes (a node with any cannot be deleted) */
  children: number
  /** below the node, itself excluded */
  counts: SubtreeCounts
  /** councils placed directly under it (communities only), by name */
  councils: PlacedCouncil[]
}

const byName = (a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name, 'zh-CN')

/**
 * Rows of the subtrees under `rootIds` (default: every node whose parent is not in `nodes` —
 * districts, or the top of a partial view). Cycle-safe: a node is drawn once.
 */
export function outlineRows(
  nodes: readonly OrgNode[],
  councils: readonly PlacedCouncil[],
  rootIds?: readonly string[],
): OutlineRow[] {
  const ids = new Set(nodes.map((n) => n.id))
  const kids = new Map<string, OrgNode[]>()
  for (const n of nodes)
    if (n.parentId !== null && ids.has(n.parentId)) kids.set(n.parentId, [...(kids.get(n.parentId) ?? []), n])
  const placed = new Map<string, PlacedCouncil[]>()
  for (const c of councils) if (c.orgNodeId !== null) placed.set(c.orgNodeId, [...(placed.get(c.orgNodeId) ?? []), c])
  const roots = rootIds
    ? rootIds.flatMap((id) => nodes.filter((n) => n.id === id))
    : nodes.filter((n) => n.parentId === null || !ids.has(n.parentId))
  const rows: OutlineRow[] = []
  const seen = new Set<string>()
  const visit = (node: OrgNode, depth: number): SubtreeCounts => {
    seen.add(node.id)
    const own = [...(placed.get(node.id) ?? [])].sort(byName)
    const row: OutlineRow = {
      node,
      depth,
      children: 0,
      counts: { streets: 0, communities: 0, councils: own.length },
      councils: own,
    }
    rows.push(row)
    for (const child of [...(kids.get(node.id) ?? [])].sort(byName)) {
      if (seen.has(child.id)) continue
      row.children++
      const below = visit(child, depth + 1)
      row.counts.streets += below.streets + (child.kind === 'street' ? 1 : 0)
      row.counts.communities += below.communities + (child.kind === 'community' ? 1 : 0)
      row.counts.councils += below.councils
    }
    return row.counts
  }
  for (const r of [...roots].sort(byName)) if (!seen.has(r.id)) visit(r, 0)
  return rows
}

/** Where a node of `kind` may hang: the nodes of the kind right above it (none for a district). */
export function parentChoices(nodes: readonly OrgNode[], kind: OrgKind): OrgNode[] {
  const want = PARENT_KIND[kind]
  return want === null ? [] : nodes.filter((n) => n.kind === want).sort(byName)
}

/** "川汇区 › 陈州街道 › 七一社区": a node with the names above it, for pickers and headings. */
export function pathName(nodes: readonly OrgNode[], id: string): string {
  const byId = new Map(nodes.map((n) => [n.id, n]))
  return [...ancestorIds(nodes, id).reverse(), id]
    .map((x) => byId.get(x)?.name)
    .filter((x) => x !== undefined)
    .join(' › ')
}

export interface StaffSection {
  node: OrgNode
  roles: OrgRole[]
  rows: OutlineRow[]
}

/**
 * A staff member's home: one section per node they hold a role on, unless it lies under another
 * such node (then it is already in that section), each with its whole subtree. Roles include those
 * inherited from above. Higher levels first (a street before a community), then by name.
 */
export function staffSections(
  nodes: readonly OrgNode[],
  staff: ReadonlyArray<{ nodeId: string; role: OrgRole }>,
  councils: readonly PlacedCouncil[],
): StaffSection[] {
  const held = new Set(staff.map((s) => s.nodeId))
  const rank = (n: OrgNode) => ORG_KINDS.indexOf(n.kind)
  const tops = nodes
    .filter((n) => held.has(n.id) && !ancestorIds(nodes, n.id).some((a) => held.has(a)))
    .sort((a, b) => rank(a) - rank(b) || byName(a, b))
  return tops.map((node) => {
    const inside = subtreeIds(nodes, node.id)
    return {
      node,
      roles: orgRolesAt(nodes, staff, node.id),
      rows: outlineRows(
        nodes.filter((n) => inside.has(n.id)),
        councils.filter((c) => c.orgNodeId !== null && inside.has(c.orgNodeId)),
        [node.id],
      ),
    }
  })
}
