/**
 * Vote tally for owners' joint decisions — PUBLIC API (acceptance tests import `tally`).
 *
 * Law (民法典 Civil Code Art. 278, para. 2):
 *   - 参与表决: owners holding ≥ 2/3 of the total exclusive area AND ≥ 2/3 of the owner headcount
 *     must take part ("三分之二以上").
 *   - Items (6)–(8) (raise the maintenance fund; rebuild/alter buildings and facilities; change the
 *     use of common parts) — matter 'special' — need ≥ 3/4 of the participating area AND ≥ 3/4 of
 *     the participating heads to agree ("四分之三以上").
 *   - All other items — matter 'ordinary' — need MORE than 1/2 of the participating area AND heads
 *     ("过半数").
 *   - Art. 1259: "以上" includes the number itself, "过半数/超过" does not. So exactly 2/3
 *     participation counts, exactly 3/4 agreement passes, exactly 1/2 fails.
 * Counting (最高人民法院《关于审理建筑物区分所有权纠纷案件适用法律若干问题的解释》Art. 8–9):
 *   area = registered exclusive area of each flat; heads = flats, but one owner with several flats
 *   is one head, the developer's unsold flats are one head, co-owners of a flat are one head.
 *   In the roll all of these share one `ownerId`, so heads = distinct owner ids (see law/heads.ts).
 *
 * Arithmetic is exact: area in integer centi-m², thresholds as a·den ≥ b·num (law/area.ts).
 *
 * Ballot rules and the decisions taken where the law is silent:
 *   1. A ballot for a household not on the roll is ignored (see `unknownBallotHouseholds`).
 *   2. Several ballots for one household with the SAME choice count once (a paper ballot typed in
 *      twice). Different choices make the household — and so its OWNER — a conflict: none of the
 *      owner's ballots count, on any of their flats, and every flat of the owner is listed in
 *      `conflicts` (an owner holds one vote; counting their other flats would count a person whose
 *      will is unclear — it could turn a provisional result into "通过").
 *   3. An owner participates if any of their flats has a counted ballot; the participating area is
 *      the area of the flats that have a counted ballot (an owner of two flats who voted for one
 *      adds that flat's area only — each flat is confirmed separately, as in official e-voting).
 *   4. An owner agrees as a head only if every counted ballot of theirs agrees.
 *   5. DECISION — cross-flat conflict: if an owner's ballots on different flats disagree
 *      (e.g. 3-1-0102 agree, 4-3-0302 oppose), the owner is a conflict like rule 2: all their flats
 *      are listed in `conflicts` and NONE of their ballots count — neither their area nor their
 *      head takes part, until a council member resolves it. This mirrors the domain rule
 *      "a conflict: neither counts until resolved" and avoids guessing which ballot the owner
 *      meant; one owner holds one vote, so contradictory ballots are a data-entry clash, not two
 *      opinions. Rule 4 therefore only matters for owners without a cross-flat conflict.
 *   6. While any conflict exists the result is `provisional` (pass/fail may still change).
 *   7. An empty roll (no flats) never meets participation and never passes.
 */
import { assertSafeCenti, formatAreaCenti, tryParseAreaCenti, atLeastFraction, moreThanFraction } from '../law/area'

export type Matter = 'special' | 'ordinary'
export interface RollFlat {
  householdId: string
  ownerId: string
  areaM2: string
}
export interface TallyBallot {
  householdId: string
  choice: 'agree' | 'oppose' | 'abstain'
}
export interface TallyResult {
  totalArea: string
  totalHeads: number
  participatingArea: string
  participatingHeads: number
  agreeArea: string
  agreeHeads: number
  participationMet: boolean
  passed: boolean
  conflicts: string[]
  provisional: boolean
}

export type TallyInputErrorCode =
  | 'roll.bad_area'
  | 'roll.missing_household_id'
  | 'roll.missing_owner_id'
  | 'roll.duplicate_household'
  | 'ballot.bad_choice'
  | 'matter.unknown'

export class TallyInputError extends Error {
  readonly code: TallyInputErrorCode
  readonly householdId: string | undefined
  constructor(code: TallyInputErrorCode, message: string, householdId?: string) {
    super(`${code}: ${message}`)
    this.name = 'TallyInputError'
    this.code = code
    this.householdId = householdId
  }
}

const CHOICES: ReadonlySet<string> = new Set(['agree', 'oppose', 'abstain'])

interface CheckedFlat {
  householdId: string
  ownerId: string
  centi: number
}

const CANONICAL_AREA = /^(\d{1,7})\.(\d\d)$/

function checkRoll(roll: readonly RollFlat[]): Map<string, CheckedFlat> {
  const flats = new Map<string, CheckedFlat>()
  for (const flat of roll) {
    const id = flat.householdId
    if (typeof id !== 'string' || id === '') {
      throw new TallyInputError('roll.missing_household_id', 'a roll flat has no householdId')
    }
    if (typeof flat.ownerId !== 'string' || flat.ownerId === '') {
      throw new TallyInputError('roll.missing_owner_id', `flat ${id} has no ownerId`, id)
    }
    // Fast path for the canonical "82.50" form (what rolls and frozen rolls hold); identical result
    // to tryParseAreaCenti, which handles every other spelling and the errors.
    const fast = typeof flat.areaM2 === 'string' ? CANONICAL_AREA.exec(flat.areaM2) : null
    if (fast) {
      if (flats.has(id))
        throw new TallyInputError('roll.duplicate_household', `flat ${id} appears twice in the roll`, id)
      flats.set(id, { householdId: id, ownerId: flat.ownerId, centi: Number(fast[1]) * 100 + Number(fast[2]) })
      continue
    }
    const parsed = tryParseAreaCenti(typeof flat.areaM2 === 'string' ? flat.areaM2 : String(flat.areaM2))
    if (!parsed.ok) {
      throw new TallyInputError('roll.bad_area', `flat ${id}: ${parsed.error.message}`, id)
    }
    if (flats.has(id)) {
      throw new TallyInputError('roll.duplicate_household', `flat ${id} appears twice in the roll`, id)
    }
    flats.set(id, { householdId: id, ownerId: flat.ownerId, centi: parsed.centi })
  }
  return flats
}

/** Choice → bit, so a household's distinct choices are one small integer (no Set per household). */
const CHOICE_BIT: Record<TallyBallot['choice'], number> = { agree: 1, oppose: 2, abstain: 4 }
const BIT_CHOICE: Record<number, TallyBallot['choice']> = { 1: 'agree', 2: 'oppose', 4: 'abstain' }

/** Distinct choices per household on the roll as a bit set; ballots for unknown households are dropped. */
function choicesByHousehold(
  flats: ReadonlyMap<string, CheckedFlat>,
  ballots: readonly TallyBallot[],
): Map<string, number> {
  const byHousehold = new Map<string, number>()
  for (const b of ballots) {
    if (!CHOICES.has(b.choice)) {
      throw new TallyInputError(
        'ballot.bad_choice',
        `ballot for ${b.householdId} has choice ${String(b.choice)}`,
        b.householdId,
      )
    }
    if (!flats.has(b.householdId)) continue
    byHousehold.set(b.householdId, (byHousehold.get(b.householdId) ?? 0) | CHOICE_BIT[b.choice])
  }
  return byHousehold
}

/** A single choice bit (exactly one distinct choice), or 0 for a conflict. */
const single = (bits: number) => (bits === 1 || bits === 2 || bits === 4 ? bits : 0)

export function tally(roll: RollFlat[], ballots: TallyBallot[], matter: Matter): TallyResult {
  if (matter !== 'special' && matter !== 'ordinary') {
    throw new TallyInputError('matter.unknown', `matter must be 'special' or 'ordinary', got ${String(matter)}`)
  }
  const flats = checkRoll(roll)
  const choices = choicesByHousehold(flats, ballots)

  // Per owner: area of the flats with a ballot and the OR of every choice on them. An owner whose
  // ballots hold more than one distinct choice — within one flat or across flats — is a conflict as
  // a whole (rules 2 and 5): none of their flats count and all of them are listed.
  const counted = new Map<string, { centi: number; bits: number }>()
  let totalCenti = 0
  const owners = new Set<string>()
  for (const flat of flats.values()) {
    totalCenti += flat.centi // each ≤ 10^9 centi: the running sum stays exact; checked below
    owners.add(flat.ownerId)
    const bits = choices.get(flat.householdId)
    if (bits === undefined) continue
    const c = counted.get(flat.ownerId)
    if (c) {
      c.centi += flat.centi
      c.bits |= bits
    } else counted.set(flat.ownerId, { centi: flat.centi, bits })
  }
  assertSafeCenti(totalCenti)

  let participatingCenti = 0
  let agreeCenti = 0
  let participatingHeads = 0
  let agreeHeads = 0
  const conflictOwners = new Set<string>()
  for (const [ownerId, c] of counted) {
    const choice = BIT_CHOICE[single(c.bits)]
    if (!choice) {
      conflictOwners.add(ownerId)
      continue
    }
    participatingHeads += 1
    participatingCenti += c.centi
    if (choice === 'agree') {
      agreeHeads += 1 // rule 4: all counted ballots of this owner agree
      agreeCenti += c.centi
    }
  }
  const conflicts: string[] = []
  if (conflictOwners.size > 0)
    for (const flat of flats.values()) if (conflictOwners.has(flat.ownerId)) conflicts.push(flat.householdId)
  assertSafeCenti(participatingCenti)

  const totalHeads = owners.size // Art. 278 heads: distinct owners (law/heads.ts)
  const participationMet =
    totalHeads > 0 &&
    atLeastFraction(participatingCenti, totalCenti, 2, 3) &&
    atLeastFraction(participatingHeads, totalHeads, 2, 3)
  const approved =
    participatingHeads > 0 &&
    (matter === 'special'
      ? atLeastFraction(agreeCenti, participatingCenti, 3, 4) && atLeastFraction(agreeHeads, participatingHeads, 3, 4)
      : moreThanFraction(agreeCenti, participatingCenti, 1, 2) &&
        moreThanFraction(agreeHeads, participatingHeads, 1, 2))

  return {
    totalArea: formatAreaCenti(totalCenti),
    totalHeads,
    participatingArea: formatAreaCenti(participatingCenti),
    participatingHeads,
    agreeArea: formatAreaCenti(agreeCenti),
    agreeHeads,
    participationMet,
    passed: participationMet && approved,
    conflicts: conflicts.sort(),
    provisional: conflicts.length > 0,
  }
}

/**
 * Household ids of ballots that `tally` ignored because the household is not on the roll
 * (distinct, sorted) — for a warning next to the result, e.g. a typo in a paper ballot's flat.
 */
export function unknownBallotHouseholds(roll: RollFlat[], ballots: TallyBallot[]): string[] {
  const known = new Set(roll.map((f) => f.householdId))
  return [...new Set(ballots.filter((b) => !known.has(b.householdId)).map((b) => b.householdId))].sort()
}
