/**
 * Who may grant or revoke which council role — one pure rule the server enforces on
 * POST/DELETE /api/councils/<id>/members and the invite form uses to offer only what would pass.
 *
 * Ranks: admin (global flag) > chair > secretary > every other role. Nobody grants, changes or revokes
 * a role at or above their own rank, nor touches a person who already holds such a role in the council
 * (a secretary cannot demote the chair); only admins grant chair; nobody changes their own roles.
 */
import { MANAGE_ROLES } from './councilPermissions'
import type { Role } from './policy'

const RANK: Partial<Record<Role, number>> = { admin: 4, chair: 3, secretary: 2 }
export const roleRank = (r: Role): number => RANK[r] ?? 1

/** The actor's rank in one council: 4 for admins, else the highest rank of their roles there (0: none). */
export function actorRank(isAdmin: boolean, roles: readonly Role[]): number {
  if (isAdmin) return RANK.admin!
  return roles.reduce((best, r) => Math.max(best, roleRank(r)), 0)
}

export type GrantRefusal = 'not-manager' | 'self' | 'rank' | 'target-rank'

export interface GrantActor {
  id: string
  isAdmin: boolean
  /** The actor's roles in this council. */
  roles: readonly Role[]
}

/**
 * Why `actor` may not grant or revoke `role` for `targetId` (who holds `targetRoles` in this council),
 * or null when they may. `targetId` null: a new person (no account yet).
 */
export function grantRefusal(
  actor: GrantActor,
  targetId: string | null,
  targetRoles: readonly Role[],
  role: Role,
): GrantRefusal | null {
  if (!actor.isAdmin && !actor.roles.some((r) => MANAGE_ROLES.includes(r))) return 'not-manager'
  if (targetId !== null && targetId === actor.id) return 'self'
  const mine = actorRank(actor.isAdmin, actor.roles)
  if (role === 'admin' || roleRank(role) >= mine) return 'rank'
  if (targetRoles.some((r) => roleRank(r) >= mine)) return 'target-rank'
  return null
}

/** Roles this actor may grant to someone new (the invite form's choices). */
export function grantableRoles(actor: GrantActor, all: readonly Role[]): Role[] {
  return all.filter((r) => grantRefusal(actor, null, [], r) === null)
}

export const GRANT_REFUSAL_TEXT: Record<GrantRefusal, { zh: string; en: string }> = {
  'not-manager': {
    zh: '只有主任、秘书和管理员可以管理成员',
    en: 'Only the chair, secretary and admins manage members',
  },
  self: { zh: '不能修改自己的角色', en: 'You cannot change your own roles' },
  rank: {
    zh: '不能授予或撤销与自己同级或更高的角色（主任只能由管理员任命）',
    en: 'You cannot grant or revoke a role at or above your own rank (only admins appoint a chair)',
  },
  'target-rank': {
    zh: '此人在本会担任与您同级或更高的角色，您不能修改其角色',
    en: 'This person holds a role at or above your rank in this council; you cannot change their roles',
  },
}

/** Which scope fields a role uses (the invite form shows only these; the server drops the others). */
export const SCOPE_FIELDS: Partial<Record<Role, 'buildings' | 'units' | 'households'>> = {
  building_head: 'buildings',
  unit_head: 'units',
  resident: 'households',
}
