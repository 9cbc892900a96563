/**
 * The domain write rules the device re-runs on its own changes after a refusal (reconcile.ts): the
 * same pure predicates the server runs and the forms run before writing
 * (src/domain/<feature>/writeRules.ts). Installed for the sync core, which does not know who is
 * signed in. Loaded with the first page that opens a doc (useDoc.ts), not with the shell.
 */
import type * as Y from 'yjs'
import { authState } from '../auth/session'
import { councilAccess } from '../auth/permissions'
import { effectiveRule } from '../domain/access/policy'
import { problem, type WriteActor, type WriteScope } from '../domain/access/writeRules'
import { isSealed } from '../domain/meetings/minutes'
import { ballotsMap, voteMeta } from '../domain/voting/schema'
import { BALLOT_SCOPE_OF_CONDITION, ballotProblem, type BallotScope } from '../domain/voting/writeRules'
import { setChangeCheckProvider } from '../sync/changeChecks'
import type { ChangeCheck } from '../sync/reconcile'
import { parseDocScope } from '../domain/docTypes'

function writer(councilId: string): { actor: WriteActor; ballotScope: BallotScope | null } | null {
  const s = authState.get()
  if (s.kind !== 'signed-in') return null
  const access = councilAccess(s.session, councilId)
  const roles = access.isAdmin ? [...access.roles, 'admin' as const] : access.roles
  const scope: WriteScope = { buildings: [], units: [], households: [] }
  for (const m of access.memberships) {
    scope.buildings?.push(...(m.scope.buildings ?? []))
    scope.units?.push(...(m.scope.units ?? []))
    scope.households?.push(...(m.scope.households ?? []))
  }
  const cond = effectiveRule(roles, 'vote').conditions?.[0]
  const ballotScope =
    cond && cond in BALLOT_SCOPE_OF_CONDITION
      ? BALLOT_SCOPE_OF_CONDITION[cond as keyof typeof BALLOT_SCOPE_OF_CONDITION]
      : effectiveRule(roles, 'vote').level === 'write'
        ? 'any'
        : null
  return { actor: { userId: s.session.user.id, roles, scope }, ballotScope }
}

/** New ballots in `after` must pass ballotProblem against the vote as it is in `before`. */
function voteCheck(councilId: string): ChangeCheck {
  return (before: Y.Doc, after: Y.Doc) => {
    const w = writer(councilId)
    if (!w) return null
    const meta = voteMeta(before).toJSON() as { status?: unknown; opensAt?: unknown; closesAt?: unknown }
    const had = ballotsMap(before)
    for (const [key, value] of ballotsMap(after).entries()) {
      if (had.has(key)) continue
      if (!w.ballotScope) return problem('forbidden', '您不能记录选票')
      const p = ballotProblem(w.actor, w.ballotScope, { status: meta.status, ...meta }, value, Date.now())
      if (p) return p
    }
    return null
  }
}

/** Nothing changes in sealed minutes (the addendum doc is never sealed). */
const minutesCheck: ChangeCheck = (before) =>
  isSealed(before) ? problem('sealed', '纪要已定稿，不能再修改；更正请写入补充说明') : null

setChangeCheckProvider((docName) => {
  const { type, councilId } = parseDocScope(docName) ?? { type: '', councilId: '' }
  if (type === 'vote') return voteCheck(councilId)
  if (type === 'minutes') return minutesCheck
  return undefined
})
