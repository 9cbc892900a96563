/**
 * The roles of the access policy (./policy.ts): held per council through memberships, or on a node
 * of the organisation tree for every council below it.
 */

/** Roles held per council (memberships; invitations grant only these). */
export const COUNCIL_ROLES = [
  'admin',
  'chair',
  'secretary',
  'member',
  'building_head',
  'unit_head',
  'mediator',
  'grid_worker',
  'resident',
  'observer',
] as const
export type CouncilRole = (typeof COUNCIL_ROLES)[number]
/**
 * Roles held on a node of the organisation tree (district/street/community, src/domain/org/): they
 * apply to every council under that node. org_viewer: street/community staff, read-only;
 * org_handler: staff who handle the node's escalation queue, same reads on the councils.
 */
export const ORG_ROLES = ['org_viewer', 'org_handler'] as const
export type OrgRole = (typeof ORG_ROLES)[number]
export const ROLES = [...COUNCIL_ROLES, ...ORG_ROLES] as const
export type Role = (typeof ROLES)[number]
export const isOrgRole = (r: string): r is OrgRole => (ORG_ROLES as readonly string[]).includes(r)
