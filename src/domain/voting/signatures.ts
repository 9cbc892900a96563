/**
 * The signatures of a vote (表决签名), one Y.Doc per vote, named `votesig:<councilId>:<voteId>`
 * (docs/schema.md). Kept apart from the vote doc because residents read the vote doc (they cast their
 * own ballots in it) and every reader of a Yjs doc receives all of it: voters' names and handwritten
 * signatures must only reach the council roles that record or check them (src/domain/access/policy.ts:
 * chair, secretary, admin, members, building/unit heads read and append; observers read; residents,
 * mediators and grid workers cannot open it).
 *
 *   Y.Map 'signatures'  ballotId → SignatureEntry — append-only (server rule 'append-only-signatures' /
 *                       'own-scope-signatures', server/access/rules/voteSignatureRules.ts); the key is
 *                       the id of the tablet ballot in the vote doc, which carries `signed: true`
 *
 * The two docs sync independently, so a signature may arrive before or after its ballot, and the
 * server cannot cross-check them: readers pair them by ballot id and treat an entry whose household or
 * recorder differs from its ballot as a mismatch (the audit export says so), never as the voter's.
 */
import type * as Y from 'yjs'
import { z } from 'zod'
import { HOUSEHOLD_ID_PATTERN } from '../roll/schema'
import { LegacyBallotSchema, ballotsMap } from './schema'

const ID = /^[A-Za-z0-9_-]{1,64}$/
/** SVG path data as SignaturePad writes it: M/L commands with integer coordinates. */
export const SIGNATURE_PATH = /^[ML](?:[ 0-9ML-])*$/

export const SignatureEntrySchema = z
  .object({
    /** the flat the ballot is for (lets the server check a head's scope without the vote doc) */
    householdId: z.string().regex(HOUSEHOLD_ID_PATTERN),
    /** the voter's name as they gave it */
    voterName: z.string().trim().min(1).max(60),
    /** handwritten signature as SVG path data (600×200 canvas) */
    signature: z.string().min(1).max(60_000).regex(SIGNATURE_PATH),
    /** user id of whoever recorded it = the sender (server-checked) */
    recordedBy: z.string().min(1).max(64),
    /** epoch ms on the recording device (the same as the ballot's) */
    at: z.number().int().nonnegative(),
  })
  .strict()
export type SignatureEntry = z.infer<typeof SignatureEntrySchema>

export const signaturesMap = (doc: Y.Doc) => doc.getMap<unknown>('signatures')
/** The only root a votesig doc has (the server refuses updates touching any other). */
export const VOTESIG_ROOTS = ['signatures'] as const

/** Valid entries by ballot id; malformed ones are left out. */
export function readSignatures(doc: Y.Doc): Map<string, SignatureEntry> {
  const out = new Map<string, SignatureEntry>()
  signaturesMap(doc).forEach((value, key) => {
    const parsed = SignatureEntrySchema.safeParse(value)
    if (parsed.success && ID.test(key)) out.set(key, parsed.data)
  })
  return out
}

/** A version 1 tablet ballot's name and signature as an entry (null for anything else). */
function legacySignatureEntry(value: unknown): SignatureEntry | null {
  const p = LegacyBallotSchema.safeParse(value)
  if (!p.success || !p.data.voterName || !p.data.signature) return null
  return {
    householdId: p.data.householdId,
    voterName: p.data.voterName,
    signature: p.data.signature,
    recordedBy: p.data.recordedBy,
    at: p.data.at,
  }
}

/**
 * Signatures for the people who may see them: the votesig doc's entries plus, for version 1 vote docs,
 * the names and signatures still inside old ballots (the votesig entry wins). Only call this where
 * the person may read the votesig doc; residents' views never get signatures.
 */
export function signaturesFor(voteDoc: Y.Doc, sigDoc: Y.Doc | null): Map<string, SignatureEntry> {
  const out = new Map<string, SignatureEntry>()
  ballotsMap(voteDoc).forEach((value, key) => {
    const legacy = legacySignatureEntry(value)
    if (legacy) out.set(key, legacy)
  })
  if (sigDoc) for (const [k, v] of readSignatures(sigDoc)) out.set(k, v)
  return out
}
