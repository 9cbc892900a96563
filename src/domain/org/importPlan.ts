/**
 * What an org CSV import would change, for the preview shown before anything is written: nodes
 * added, nodes whose name, kind or parent changes (same id = replaced, docs/ops.md "Districts"),
 * nodes the file repeats as they are, and councils placed or moved. Pure: the server computes it on
 * a dry run from the parsed file (csv.ts) and the stored tree.
 */
import type { ParsedOrgImport } from './csv'
import type { OrgNode } from './schema'

export type NodeChange = 'name' | 'kind' | 'parent'

export interface OrgImportPlan {
  added: OrgNode[]
  changed: Array<{ node: OrgNode; before: OrgNode; what: NodeChange[] }>
  unchanged: number
  /** council rows whose community differs from the stored one (`from` null: not placed yet) */
  placed: Array<{ councilId: string; from: string | null; to: string }>
  /** council rows already under that community */
  alreadyPlaced: number
}

export function planImport(
  parsed: Pick<ParsedOrgImport, 'nodes' | 'councils'>,
  stored: readonly OrgNode[],
  councilNodeOf: (councilId: string) => string | null,
): OrgImportPlan {
  const before = new Map(stored.map((n) => [n.id, n]))
  const plan: OrgImportPlan = { added: [], changed: [], unchanged: 0, placed: [], alreadyPlaced: 0 }
  for (const node of parsed.nodes) {
    const old = before.get(node.id)
    if (!old) {
      plan.added.push(node)
      continue
    }
    const what: NodeChange[] = []
    if (old.name !== node.name) what.push('name')
    if (old.kind !== node.kind) what.push('kind')
    if (old.parentId !== node.parentId) what.push('parent')
    if (what.length) plan.changed.push({ node, before: old, what })
    else plan.unchanged++
  }
  for (const c of parsed.councils) {
    const from = councilNodeOf(c.councilId)
    if (from === c.nodeId) plan.alreadyPlaced++
    else plan.placed.push({ councilId: c.councilId, from, to: c.nodeId })
  }
  return plan
}
