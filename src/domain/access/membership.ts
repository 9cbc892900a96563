/**
 * A person's role in one council and the part of the compound it covers. The one definition for the
 * server's account store, the session a device keeps, and the domain rules that read scopes.
 */
import type { Role } from './policy'

/** Where a role applies; absent lists mean "the whole council". */
export interface Scope {
  buildings?: string[]
  units?: string[] // "building-unit", e.g. "3-2"
  households?: string[]
}

export interface Membership {
  userId: string
  councilId: string
  role: Role
  scope: Scope
}
