/**
 * The organisation tree above councils: district (区) → street (街道) → community (社区); each
 * council (compound) belongs to at most one community. Kept on the server (account store), not in a
 * Yjs doc: it decides access, like memberships. Node ids look like council ids.
 */
import { z } from 'zod'

export const ORG_KINDS = ['district', 'street', 'community'] as const
export type OrgKind = (typeof ORG_KINDS)[number]

/** Same shape as council ids and doc-name segments (src/protocol). */
export const ORG_ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/

export const OrgNodeSchema = z
  .object({
    id: z.string().regex(ORG_ID_PATTERN),
    kind: z.enum(ORG_KINDS),
    name: z.string().trim().min(1).max(60),
    parentId: z.string().regex(ORG_ID_PATTERN).nullable(),
  })
  .strict()
export type OrgNode = z.infer<typeof OrgNodeSchema>

/** The parent kind each kind needs (a district is a root). */
export const PARENT_KIND: Record<OrgKind, OrgKind | null> = {
  district: null,
  street: 'district',
  community: 'street',
}

export const ORG_KIND_LABELS: Record<OrgKind, { zh: string; en: string }> = {
  district: { zh: '区', en: 'District' },
  street: { zh: '街道', en: 'Street' },
  community: { zh: '社区', en: 'Community' },
}

/** One staff assignment: a person holds an org role on a node (and so over its whole subtree). */
export interface OrgStaff {
  userId: string
  nodeId: string
  role: 'org_viewer' | 'org_handler'
}
