/**
 * Conflicts and their resolutions. A resolution names the ballot the chair/secretary keeps and the
 * ballots of the conflict group that stop counting; the tally then runs over
 * `effectiveBallots` = all ballots minus every discarded one. Nothing is ever deleted: discarded
 * ballots stay in the doc and in the audit log.
 *
 * Conflict groups follow tally() (rules 2 and 5): an owner whose ballots disagree, within one flat or
 * across flats, is one group holding every flat of the owner.
 *
 * DECISION — what a resolution means: the council has established the owner's one will, so EVERY
 * flat of the group counts with the kept ballot's choice, including a flat whose only ballot was
 * discarded or that had none (an owner is one head with the flats' areas summed; dropping the
 * discarded flat's area would count the owner with part of their property). This is `keptChoices`:
 * one tally ballot per flat of the group, from the latest resolution naming that flat. A later ballot
 * with another choice on any of those flats is a new conflict.
 */
import { groupFlatsByOwner } from '../law/heads'
import type { StoredBallot, StoredResolution, VoteSnapshot } from './read'
import { byCodeUnit } from './read'
import type { Choice, FrozenFlat } from './schema'
import { tally, type Matter, type RollFlat, type TallyResult } from './tally'

/** Ballots that count: every ballot not discarded by a resolution (recording order kept). */
export function effectiveBallots(
  ballots: readonly StoredBallot[],
  resolutions: readonly StoredResolution[],
): StoredBallot[] {
  const discarded = new Set(resolutions.flatMap((r) => r.discardBallotIds))
  return ballots.filter((b) => !discarded.has(b.id))
}

/** Household → the choice of the kept ballot of the latest resolution naming it (resolutions in (at, id) order). */
export function keptChoices(
  ballots: readonly StoredBallot[],
  resolutions: readonly StoredResolution[],
): Map<string, Choice> {
  const byId = new Map(ballots.map((b) => [b.id, b]))
  const kept = new Map<string, Choice>()
  for (const r of resolutions) {
    const keep = byId.get(r.keepBallotId)
    if (!keep) continue // a resolution keeping a ballot this snapshot does not count (e.g. late) keeps nothing
    for (const h of r.householdIds) kept.set(h, keep.choice)
  }
  return kept
}

/** Ballots as the tally sees them: the effective ballots plus one ballot per resolved flat. */
export function tallyBallots(
  effective: readonly StoredBallot[],
  kept: ReadonlyMap<string, Choice>,
): Array<{ householdId: string; choice: Choice }> {
  return [
    ...effective.map((b) => ({ householdId: b.householdId, choice: b.choice })),
    ...[...kept].map(([householdId, choice]) => ({ householdId, choice })),
  ]
}

export function toRollFlats(roll: readonly FrozenFlat[]): RollFlat[] {
  return roll.map((f) => ({ householdId: f.householdId, ownerId: f.ownerId, areaM2: f.areaM2 }))
}

export interface ConflictGroup {
  ownerId: string
  /** flats of the owner in conflict (tally's `conflicts` ∩ this owner), sorted */
  householdIds: string[]
  /** effective ballots on any of those flats, in recording order */
  ballots: StoredBallot[]
  choices: Choice[]
}

export function conflictGroups(
  roll: readonly FrozenFlat[],
  effective: readonly StoredBallot[],
  conflicts: readonly string[],
): ConflictGroup[] {
  if (conflicts.length === 0) return []
  const inConflict = new Set(conflicts)
  const byOwner = groupFlatsByOwner(roll.filter((f) => inConflict.has(f.householdId)))
  const ballotsOf = new Map<string, StoredBallot[]>()
  for (const b of effective) {
    if (!inConflict.has(b.householdId)) continue
    const list = ballotsOf.get(b.householdId)
    if (list) list.push(b)
    else ballotsOf.set(b.householdId, [b])
  }
  const order = new Map(effective.map((b, i) => [b.id, i]))
  return [...byOwner.entries()]
    .map(([ownerId, flats]) => {
      const ids = flats.map((f) => f.householdId).sort(byCodeUnit)
      const ballots = ids.flatMap((h) => ballotsOf.get(h) ?? []).sort((a, b) => order.get(a.id)! - order.get(b.id)!)
      return { ownerId, householdIds: ids, ballots, choices: [...new Set(ballots.map((b) => b.choice))] }
    })
    .sort((a, b) => byCodeUnit(a.householdIds[0] ?? '', b.householdIds[0] ?? ''))
}

/**
 * The ballots a resolution keeping `keep` discards: every effective ballot of the group whose choice
 * differs from the kept one (same-choice duplicates may stay: the tally counts them once).
 */
export function discardsFor(group: ConflictGroup, keep: StoredBallot): string[] {
  return group.ballots
    .filter((b) => b.id !== keep.id && b.choice !== keep.choice)
    .map((b) => b.id)
    .sort(byCodeUnit)
}

export interface VoteTally {
  result: TallyResult
  effective: StoredBallot[]
  groups: ConflictGroup[]
  /** ballots for households not on the frozen roll (ignored by the tally) */
  unknownHouseholds: string[]
}

/**
 * The vote's current result: tally() over the frozen roll, the effective ballots and the resolved
 * flats' kept choices. Ballots that reached the doc after the close are not in `snap.ballots`
 * (read.ts), so they never count here either.
 */
export function tallyVote(snap: Pick<VoteSnapshot, 'roll' | 'ballots' | 'resolutions'>, matter: Matter): VoteTally {
  const effective = effectiveBallots(snap.ballots, snap.resolutions)
  const roll = toRollFlats(snap.roll)
  const result = tally(roll, tallyBallots(effective, keptChoices(snap.ballots, snap.resolutions)), matter)
  const known = new Set(snap.roll.map((f) => f.householdId))
  const unknownHouseholds = [
    ...new Set(effective.filter((b) => !known.has(b.householdId)).map((b) => b.householdId)),
  ].sort(byCodeUnit)
  return { result, effective, groups: conflictGroups(snap.roll, effective, result.conflicts), unknownHouseholds }
}

/**
 * Flats in unresolved conflict (sorted) — what makes a result provisional and what the server's
 * "no close with open conflicts" guard checks. Same as `tallyVote(snap, m).result.conflicts`
 * (conflicts do not depend on the matter).
 */
export function openConflicts(snap: Pick<VoteSnapshot, 'roll' | 'ballots' | 'resolutions'>): string[] {
  return tallyVote(snap, 'ordinary').result.conflicts
}
