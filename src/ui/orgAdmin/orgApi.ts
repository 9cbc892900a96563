/**
 * The admin organisation page's calls to /api/org (docs/ops.md "Districts") and how their refusals
 * read: known codes in the device's language (strings orgadmin.err.*), the tree errors the server
 * lists under them, anything else as errorText does.
 */
import { ApiFailure } from '../../auth/api'
import { authedRequest } from '../../auth/session'
import type { OrgRole } from '../../domain/access/policy'
import type { PlacedCouncil } from '../../domain/org/outline'
import type { OrgKind, OrgNode } from '../../domain/org/schema'
import { localized, t, type MessageKey } from '../../i18n'
import { errorText } from '../errorText'

export interface OrgAdminView {
  nodes: OrgNode[]
  councils: PlacedCouncil[]
  unplaced: Array<{ id: string; name: string }>
}

export interface StaffEntry {
  userId: string
  nodeId: string
  role: OrgRole
  name: string
  phone: string
  pending: boolean
}

export const loadOrg = async (): Promise<OrgAdminView> => {
  const { body } = await authedRequest<Partial<OrgAdminView>>('/api/org')
  return { nodes: body.nodes ?? [], councils: body.councils ?? [], unplaced: body.unplaced ?? [] }
}

const nodePath = (id: string) => `/api/org/nodes/${encodeURIComponent(id)}`

export const putNode = (id: string, node: { kind: OrgKind; name: string; parentId: string | null }) =>
  authedRequest<OrgNode>(nodePath(id), { method: 'PUT', body: node })

export const deleteNode = (id: string) => authedRequest(nodePath(id), { method: 'DELETE' })

export const placeCouncil = (councilId: string, nodeId: string | null) =>
  authedRequest(`/api/org/councils/${encodeURIComponent(councilId)}`, { method: 'PUT', body: { nodeId } })

export const loadStaff = async (nodeId: string): Promise<StaffEntry[]> =>
  (await authedRequest<{ staff: StaffEntry[] }>(`${nodePath(nodeId)}/staff`)).body.staff

export const inviteStaff = (nodeId: string, person: { phone: string; name: string; role: OrgRole }) =>
  authedRequest<{ userId: string; inviteCode?: string; pending?: boolean }>(`${nodePath(nodeId)}/staff`, {
    method: 'POST',
    body: person,
  })

export const removeStaff = (nodeId: string, userId: string, role: OrgRole) =>
  authedRequest(`${nodePath(nodeId)}/staff/${encodeURIComponent(userId)}/${role}`, { method: 'DELETE' })

const KNOWN = new Set([
  'has-children',
  'has-councils',
  'not-a-community',
  'id-is-council',
  'invalid-tree',
  'not-found',
  'forbidden',
  'invalid-input',
])

/** One message for a refused change: the code in this device's language, plus the tree's own problems. */
export function orgErrorText(e: unknown): string {
  if (!(e instanceof ApiFailure) || e.kind !== 'api' || !KNOWN.has(e.code)) return errorText(e)
  const head = t(`orgadmin.err.${e.code}` as MessageKey)
  if (e.code !== 'invalid-tree' || !Array.isArray(e.details)) return head
  const lines = e.details
    .map((d: { message?: { zh: string; en: string } }) => (d.message ? localized(d.message) : ''))
    .filter(Boolean)
  return [head, ...lines].join(' ')
}

/** A fresh node id (the same alphabet as council ids); admins may type their own for CSV round trips. */
export function newNodeId(kind: OrgKind): string {
  const bytes = crypto.getRandomValues(new Uint8Array(6))
  return `${kind[0]}${[...bytes].map((b) => b.toString(36).padStart(2, '0')).join('')}`
}
