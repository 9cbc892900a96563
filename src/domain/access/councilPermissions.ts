/**
 * Council actions outside the documents (members, roll import, phone numbers): one definition used
 * by the server's API and by the UI, which only hides what the server would refuse anyway.
 */
import type { Role } from './policy'

/** Who manages members, imports the roll and reads the audit log (besides admins). */
export const MANAGE_ROLES: readonly Role[] = ['chair', 'secretary']
/** Roles whose work needs residents' phone numbers (calling before a visit, mediation contact). */
export const PHONE_ROLES: readonly Role[] = [
  'chair',
  'secretary',
  'building_head',
  'unit_head',
  'grid_worker',
  'mediator',
]
/**
 * Who may pull the council's grid events as Open311 GeoReport v2 (/api/open311/v2/): the street
 * office's account (an observer in the council, or street/community staff on the org tree above it)
 * and the council's own staff — never residents.
 */
export const OPEN311_ROLES: readonly Role[] = [
  'chair',
  'secretary',
  'grid_worker',
  'observer',
  'org_viewer',
  'org_handler',
]
/** Who may export the roll (a spreadsheet of every household): those who manage or canvass it. */
export const ROLL_EXPORT_ROLES: readonly Role[] = ['chair', 'secretary', 'building_head', 'unit_head', 'grid_worker']
/** Phone roles not limited to their own buildings/units. */
const ALL_HOUSEHOLDS: readonly Role[] = ['chair', 'secretary', 'grid_worker', 'mediator']

export interface ScopedRole {
  role: Role
  scope: { buildings?: string[]; units?: string[]; households?: string[] }
}

export function mayManage(isAdmin: boolean, memberships: readonly ScopedRole[]): boolean {
  return isAdmin || memberships.some((m) => MANAGE_ROLES.includes(m.role))
}

/** May this person see household `hid`'s full phone (each view is audit-logged by the server)? */
export function maySeePhone(isAdmin: boolean, memberships: readonly ScopedRole[], hid: string): boolean {
  if (isAdmin) return true
  const [b, u] = hid.split('-')
  return memberships.some(
    (m) =>
      PHONE_ROLES.includes(m.role) &&
      (ALL_HOUSEHOLDS.includes(m.role) ||
        (m.scope.buildings ?? []).includes(b ?? '') ||
        (m.scope.units ?? []).includes(`${b}-${u}`)),
  )
}
