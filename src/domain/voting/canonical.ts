/**
 * The canonical result of a vote — what the public notice (公示) prints, hashes and puts in its QR
 * code, and what `GET /api/votes/<voteId>/verify` recomputes from the stored doc. Documented in
 * docs/schema.md ("Canonical vote result").
 *
 * Canonical JSON: objects with keys sorted by UTF-16 code units, no whitespace, arrays in the order
 * defined here, strings as JSON.stringify writes them, numbers only as integers. Hash: SHA-256 of
 * the UTF-8 bytes, lower-case hex. The same doc state gives the same bytes on every device and on
 * the server (no locale-dependent sorting, no floats, no clock).
 *
 * Privacy: households are listed by id and area only (never names or phones), and per-household
 * choices are not part of it — the notice says who took part, not how each flat voted. What each
 * ballot counted as is published per RECEIPT (receipt.ts): [hash of the receipt code, status],
 * sorted by hash, with no flat. The hash of this object therefore covers every counted ballot's
 * choice (the verify endpoint recomputes the receipts from the doc, where each ballot carries its
 * flat and receipt hash): changing any flat's choice changes the hash, while nothing printed links a
 * flat to a choice.
 */
import type { VoteSnapshot } from './read'
import { byCodeUnit } from './read'
import { keptChoices, tallyVote } from './resolution'
import { legacyReceiptDigest, type ReceiptStatus } from './receipt'
import type { StoredBallot } from './read'
import { sha256Hex } from '../crypto/sha256'
import type { TallyResult } from './tally'

export const CANONICAL_FORMAT = 'yishi.vote-result/2'

export interface CanonicalResult {
  format: typeof CANONICAL_FORMAT
  councilId: string
  voteId: string
  title: string
  question: string
  proposalId: string | null
  proposalVersionId: string | null
  matter: 'special' | 'ordinary'
  /** thresholds applied: participation ≥ 2/3 area and heads; approval ≥ 3/4 (special) or > 1/2 */
  rule: { participation: 'at-least-2/3'; approval: 'at-least-3/4' | 'more-than-1/2' }
  status: 'draft' | 'open' | 'closed'
  opensAt: string
  closesAt: string
  /** epoch ms the vote was closed (null while open) */
  closedAt: number | null
  flats: number
  tally: TallyResult
  ballots: { recorded: number; counted: number; discarded: number }
  /** households with at least one counted or conflicting ballot: [householdId, areaM2] sorted by id */
  voted: Array<[string, string]>
  /** per ballot the close saw: [receipt hash, what it counted as], sorted by hash (no flat, no time) */
  receipts: Array<[string, ReceiptStatus]>
  resolutions: Array<{
    id: string
    householdIds: string[]
    keepBallotId: string
    discardBallotIds: string[]
    reason: string
    resolvedBy: string
    at: number
  }>
}

export function canonicalResult(snap: VoteSnapshot): CanonicalResult | null {
  const m = snap.meta
  if (!m) return null
  const { result, effective } = tallyVote(snap, m.matter)
  const area = new Map(snap.roll.map((f) => [f.householdId, f.areaM2]))
  const kept = keptChoices(snap.ballots, snap.resolutions)
  const voted = [...new Set([...effective.map((b) => b.householdId), ...kept.keys()])]
    .filter((h) => area.has(h))
    .sort(byCodeUnit)
    .map((h): [string, string] => [h, area.get(h)!])
  return {
    format: CANONICAL_FORMAT,
    councilId: m.councilId,
    voteId: m.voteId,
    title: m.title,
    question: m.question,
    proposalId: m.proposalId ?? null,
    proposalVersionId: m.proposalVersionId ?? null,
    matter: m.matter,
    rule: { participation: 'at-least-2/3', approval: m.matter === 'special' ? 'at-least-3/4' : 'more-than-1/2' },
    status: m.status,
    opensAt: m.opensAt,
    closesAt: m.closesAt,
    closedAt: m.closedAt ?? null,
    flats: snap.roll.length,
    tally: result,
    ballots: {
      recorded: snap.ballots.length,
      counted: effective.length,
      discarded: snap.ballots.length - effective.length,
    },
    voted,
    receipts: receiptLines(snap, m.voteId, effective, result.conflicts),
    resolutions: [...snap.resolutions]
      .sort((a, b) => byCodeUnit(a.id, b.id))
      .map((r) => ({
        id: r.id,
        householdIds: [...r.householdIds].sort(byCodeUnit),
        keepBallotId: r.keepBallotId,
        discardBallotIds: [...r.discardBallotIds].sort(byCodeUnit),
        reason: r.reason,
        resolvedBy: r.resolvedBy,
        at: r.at,
      })),
  }
}

function receiptLines(
  snap: VoteSnapshot,
  voteId: string,
  effective: readonly StoredBallot[],
  conflicts: readonly string[],
): Array<[string, ReceiptStatus]> {
  const onRoll = new Set(snap.roll.map((f) => f.householdId))
  const counted = new Set(effective.map((b) => b.id))
  const inConflict = new Set(conflicts)
  return snap.ballots
    .map((b): [string, ReceiptStatus] => [
      b.receipt ?? legacyReceiptDigest(voteId, b.id),
      !onRoll.has(b.householdId)
        ? 'not-on-roll'
        : !counted.has(b.id)
          ? 'discarded'
          : inConflict.has(b.householdId)
            ? 'conflict'
            : b.choice,
    ])
    .sort((a, b) => byCodeUnit(a[0], b[0]) || byCodeUnit(a[1], b[1]))
}

/** Canonical JSON text (sorted keys, no whitespace). Throws on non-integer numbers. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value === 'boolean' || typeof value === 'string') return JSON.stringify(value)
  if (typeof value === 'number') {
    if (!Number.isSafeInteger(value)) throw new Error(`canonical JSON holds integers only, got ${value}`)
    return String(value)
  }
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => byCodeUnit(a, b))
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`
  }
  throw new Error(`canonical JSON cannot hold ${typeof value}`)
}

export function resultHash(result: CanonicalResult): string {
  return sha256Hex(canonicalJson(result))
}

/** Hash of the doc's current canonical result, or null when the doc has no valid meta. */
export function voteResultHash(snap: VoteSnapshot): string | null {
  const r = canonicalResult(snap)
  return r ? resultHash(r) : null
}
