/** Pure queries and validation over the organisation tree (a flat list of nodes with parent ids). */
import type { OrgRole } from '../access/policy'
import { ORG_KIND_LABELS, PARENT_KIND, type OrgNode } from './schema'

/** `rootId` and every node below it (empty when `rootId` is unknown). Cycle-safe. */
export function subtreeIds(nodes: readonly OrgNode[], rootId: string): Set<string> {
  const out = new Set<string>()
  if (!nodes.some((n) => n.id === rootId)) return out
  const children = new Map<string, string[]>()
  for (const n of nodes) {
    if (n.parentId === null) continue
    const list = children.get(n.parentId) ?? []
    list.push(n.id)
    children.set(n.parentId, list)
  }
  const stack = [rootId]
  while (stack.length) {
    const id = stack.pop()!
    if (out.has(id)) continue
    out.add(id)
    stack.push(...(children.get(id) ?? []))
  }
  return out
}

/** The ancestors of `id`, nearest first (not `id` itself). Cycle-safe. */
export function ancestorIds(nodes: readonly OrgNode[], id: string): string[] {
  const byId = new Map(nodes.map((n) => [n.id, n]))
  const out: string[] = []
  const seen = new Set([id])
  let parent = byId.get(id)?.parentId ?? null
  while (parent !== null && !seen.has(parent)) {
    out.push(parent)
    seen.add(parent)
    parent = byId.get(parent)?.parentId ?? null
  }
  return out
}

/** The org roles a person's staff entries give on `nodeId`: those held on it or on any ancestor. */
export function orgRolesAt(
  nodes: readonly OrgNode[],
  staff: ReadonlyArray<{ nodeId: string; role: OrgRole }>,
  nodeId: string,
): OrgRole[] {
  if (!staff.length || !nodes.some((n) => n.id === nodeId)) return []
  const line = new Set([nodeId, ...ancestorIds(nodes, nodeId)])
  return [...new Set(staff.filter((s) => line.has(s.nodeId)).map((s) => s.role))].sort()
}

export interface TreeError {
  nodeId: string
  code: 'duplicate-id' | 'unknown-parent' | 'root-not-district' | 'kind-order' | 'cycle'
  message: { zh: string; en: string }
}

/**
 * Problems of a whole tree: unique ids; every district is a root and every other node has a known
 * parent of the kind right above it (district → street → community), which also rules out cycles
 * (kinds strictly descend) — a cycle is still reported as such for a clear message.
 */
export function validateTree(nodes: readonly OrgNode[]): TreeError[] {
  const errors: TreeError[] = []
  const byId = new Map<string, OrgNode>()
  for (const n of nodes) {
    if (byId.has(n.id))
      errors.push({
        nodeId: n.id,
        code: 'duplicate-id',
        message: { zh: `编号 ${n.id} 重复`, en: `Duplicate id ${n.id}` },
      })
    byId.set(n.id, n)
  }
  for (const n of nodes) {
    const want = PARENT_KIND[n.kind]
    if (n.parentId === null) {
      if (want !== null)
        errors.push({
          nodeId: n.id,
          code: 'root-not-district',
          message: {
            zh: `${n.name}：${ORG_KIND_LABELS[n.kind].zh}必须有上级（${ORG_KIND_LABELS[want].zh}）`,
            en: `${n.name}: a ${ORG_KIND_LABELS[n.kind].en.toLowerCase()} needs a parent (${ORG_KIND_LABELS[want].en.toLowerCase()})`,
          },
        })
      continue
    }
    const parent = byId.get(n.parentId)
    if (!parent) {
      errors.push({
        nodeId: n.id,
        code: 'unknown-parent',
        message: { zh: `${n.name}：找不到上级编号 ${n.parentId}`, en: `${n.name}: unknown parent id ${n.parentId}` },
      })
      continue
    }
    if (isOnCycle(byId, n.id)) {
      errors.push({
        nodeId: n.id,
        code: 'cycle',
        message: { zh: `${n.name}：上下级形成循环`, en: `${n.name}: the parents form a cycle` },
      })
      continue
    }
    if (parent.kind !== want)
      errors.push({
        nodeId: n.id,
        code: 'kind-order',
        message: {
          zh: `${n.name}：${ORG_KIND_LABELS[n.kind].zh}的上级应为${want ? ORG_KIND_LABELS[want].zh : '空'}，而不是${ORG_KIND_LABELS[parent.kind].zh}`,
          en: `${n.name}: a ${n.kind}'s parent must be a ${want ?? 'nothing'}, not a ${parent.kind}`,
        },
      })
  }
  return errors
}

function isOnCycle(byId: ReadonlyMap<string, OrgNode>, id: string): boolean {
  const seen = new Set<string>()
  let cur: string | null = id
  while (cur !== null) {
    if (seen.has(cur)) return cur === id
    seen.add(cur)
    cur = byId.get(cur)?.parentId ?? null
  }
  return false
}

/**
 * What a staff member sees of the tree: the subtree of each node they hold a role on, plus the
 * ancestors of those nodes (names only matter there: a street worker sees which district).
 */
export function visibleNodeIds(nodes: readonly OrgNode[], staffNodeIds: Iterable<string>): Set<string> {
  const out = new Set<string>()
  for (const id of staffNodeIds) {
    for (const x of subtreeIds(nodes, id)) out.add(x)
    for (const x of ancestorIds(nodes, id)) out.add(x)
  }
  return out
}
