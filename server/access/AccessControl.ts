/**
 * Per-connection access: who is connecting (token) and what they may do with the named doc.
 * Decided once when the socket opens; writes are then checked frame by frame (Connection +
 * contentRules: every frame on its own, against the doc with every earlier frame applied). Membership
 * changes re-check open connections (server/access/revocation.ts).
 */
import type * as Y from 'yjs'
import type { Condition, Level } from '../../src/domain/access/policy'
import type { AccountStore } from '../accounts/AccountStore'
import type { TokenService } from '../auth/tokens'
import { updateChecker, type RuleContext, type RuleRejection } from './contentRules'
import { decideAccess, mayRead, parseScopedName } from './accessForDoc'
import { orgRolesIn } from './orgRoles'
import { scopeOf } from '../../src/domain/docTypes'

export interface ConnectionAccess {
  userId: string
  level: Exclude<Level, 'none'>
  /** May this person read the doc as it is now (content-dependent gates, e.g. case assignees)? */
  mayRead(doc: Y.Doc): boolean
  /**
   * Checks one incoming update against the current doc; null = allowed. Every write level gets
   * the structural check (decodable, no missing dependencies); level 'cond' also its conditions.
   */
  checkUpdate(doc: Y.Doc, update: Uint8Array): RuleRejection | null
  /**
   * Decides again from the current accounts (revocation: memberships changed while connected).
   * The token is not re-verified (it was at connect). Absent = access never changes (tests).
   */
  recheck?(): Promise<AccessResult>
}

export type AccessResult = { ok: true; access: ConnectionAccess } | { ok: false; code: number; reason: string }

export interface AccessControl {
  forConnection(token: string | null, docName: string): Promise<AccessResult>
}

export const REFUSED = {
  unauthenticated: { code: 4401, reason: 'unauthenticated' },
  expired: { code: 4401, reason: 'token expired' },
  forbidden: { code: 4403, reason: 'forbidden' },
  unknownType: { code: 4404, reason: 'unknown doc type' },
} as const

/**
 * The checker for a connection: structure always, the conditions only at level 'cond'. With
 * several alternatives (a person with several roles, see effectiveRule) a write passes when it
 * meets one of them; otherwise the first alternative's refusal is reported.
 */
export function conditionChecker(alternatives: readonly (readonly Condition[])[], ctx: RuleContext) {
  const checks = alternatives.map((conditions) => updateChecker(conditions, ctx))
  const [only] = checks
  if (checks.length <= 1) return only ?? updateChecker([], ctx)
  const check = (...args: Parameters<ReturnType<typeof updateChecker>>): RuleRejection | null => {
    let first: RuleRejection | null = null
    for (const c of checks) {
      const p = c(...args)
      if (!p) return null
      first ??= p
    }
    return first
  }
  return Object.assign(check, { batchable: false })
}

export function accountAccessControl(tokens: TokenService, accounts: AccountStore): AccessControl {
  /** Access of `userId` to `docName` from the accounts as they are now. */
  async function decide(userId: string, docName: string): Promise<AccessResult> {
    const user = await accounts.userById(userId)
    if (!user?.active) return { ok: false, ...REFUSED.unauthenticated }
    const scope = parseScopedName(docName)
    const orgRoles = scope ? await orgRolesIn(accounts, user.id, scope.councilId, scopeOf(scope.docType)) : []
    const d = decideAccess(user, await accounts.membershipsOfUser(user.id), docName, orgRoles)
    if (!d.ok) return { ok: false, ...(d.code === 4404 ? REFUSED.unknownType : REFUSED.forbidden) }
    const ctx: RuleContext = { userId: user.id, roles: d.roles, scope: d.scope }
    const level = d.level as Exclude<Level, 'none'>
    return {
      ok: true,
      access: {
        userId: user.id,
        level,
        mayRead: (doc) => mayRead(d, user.id, doc),
        checkUpdate: conditionChecker(level === 'cond' ? d.alternatives : [], ctx),
        recheck: () => decide(user.id, docName),
      },
    }
  }
  return {
    async forConnection(token, docName) {
      const v = await tokens.verifyAccess(token)
      if (!v.ok) return { ok: false, ...(v.reason === 'expired' ? REFUSED.expired : REFUSED.unauthenticated) }
      return decide(v.claims.userId, docName)
    },
  }
}
