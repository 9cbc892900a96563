/** What the signed-in person may do in a vote — mirrors server/access/rules/voteRules.ts (the server decides). */
import type { CouncilAccess } from '../../auth/permissions'
import type { Channel } from '../../domain/voting/schema'

export interface VotePermissions {
  manage: boolean
  channels: Channel[]
  /** null: any household on the roll */
  allowed: ((householdId: string) => boolean) | null
  ownHouseholds: string[] | undefined
}

export function votePermissions(a: CouncilAccess): VotePermissions {
  const manage = a.isAdmin || a.roles.includes('chair') || a.roles.includes('secretary')
  if (manage || a.roles.includes('member'))
    return { manage, channels: ['tablet', 'paper'], allowed: null, ownHouseholds: undefined }
  const heads = a.memberships.filter((m) => m.role === 'building_head' || m.role === 'unit_head')
  if (heads.length > 0) {
    const allowed = (hid: string) => {
      const [b, u] = hid.split('-')
      return heads.some(
        (m) =>
          (m.scope.buildings ?? []).includes(b ?? '') ||
          (m.scope.units ?? []).includes(`${b}-${u}`) ||
          (m.scope.households ?? []).includes(hid),
      )
    }
    return { manage, channels: ['tablet', 'paper'], allowed, ownHouseholds: undefined }
  }
  const own = a.memberships.filter((m) => m.role === 'resident').flatMap((m) => m.scope.households ?? [])
  if (own.length > 0) return { manage, channels: ['self'], allowed: (h) => own.includes(h), ownHouseholds: own }
  return { manage, channels: [], allowed: () => false, ownHouseholds: undefined }
}
