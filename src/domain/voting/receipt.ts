/**
 * Ballot receipts (回执码): every ballot gets a short random code that only its voter keeps (shown on
 * screen, or on a paper slip left at the door). The vote doc stores only `receipt` = a hash of the
 * code; the notice publishes, per receipt, that hash and what was counted — never the flat or a name.
 * An owner types their code on the verify page, which hashes it on the device and finds their line
 * ("已计入：同意").
 *
 * Why this does not let anyone else learn a household's choice:
 *   - the code is random (12 characters of a 32-letter alphabet = 60 bits) and stored nowhere except
 *     with the voter; the doc holds only SHA-256("yishi.receipt/1:" + voteId + ":" + code);
 *   - the public list is sorted by hash, so its order says nothing about flats or recording time, and
 *     the notice's list of flats that voted is separate (sorted by flat);
 *   - a hash cannot be turned back into a code, and the code is never sent to the server (the page
 *     hashes it locally against the published list).
 * What it does not hide: whoever recorded the ballot (the head at the door, the clerk typing a paper
 * ballot) saw the code; and anyone who can read the vote doc itself already sees each flat's ballot
 * (docs/schema.md "Privacy"). A receipt proves how one voted to whoever the voter shows it to — the
 * slip therefore does not print the choice.
 */
import { sha256Hex } from '../crypto/sha256'
import { randomChars } from '../ids'

/** Crockford base32: no I, L, O, U — nothing to misread on a slip. 256 % 32 = 0: no modulo bias. */
export const RECEIPT_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ'
export const RECEIPT_LENGTH = 12
export const RECEIPT_DIGEST = /^[0-9a-f]{64}$/

/** A fresh code, grouped for reading aloud: "7KQ2-M9XD-4TBW". */
export function newReceiptCode(): string {
  const raw = randomChars(RECEIPT_LENGTH, RECEIPT_ALPHABET)
  return `${raw.slice(0, 4)}-${raw.slice(4, 8)}-${raw.slice(8)}`
}

/**
 * The code as typed by a person → canonical form, or null if it cannot be one: case and separators
 * ignored, full-width letters/digits folded, O→0 and I/L→1 (Crockford), U is never valid.
 */
export function normalizeReceiptCode(input: string): string | null {
  const folded = input
    .normalize('NFKC')
    .toUpperCase()
    .replace(/[\s\-_.·—–]/g, '')
    .replace(/O/g, '0')
    .replace(/[IL]/g, '1')
  if (folded.length !== RECEIPT_LENGTH) return null
  for (const ch of folded) if (!RECEIPT_ALPHABET.includes(ch)) return null
  return folded
}

/** The value stored in the ballot and published on the notice (null for an invalid code). */
export function receiptDigest(voteId: string, code: string): string | null {
  const norm = normalizeReceiptCode(code)
  return norm === null ? null : sha256Hex(`yishi.receipt/1:${voteId}:${norm}`)
}

/** A ballot recorded before receipts existed has no code: its line is keyed by its ballot id instead. */
export const legacyReceiptDigest = (voteId: string, ballotId: string): string =>
  sha256Hex(`yishi.ballot/1:${voteId}:${ballotId}`)

/** What the notice says about one receipt. */
export type ReceiptStatus = 'agree' | 'oppose' | 'abstain' | 'discarded' | 'conflict' | 'not-on-roll'

export interface ReceiptLookup {
  found: boolean
  status?: ReceiptStatus
}

/** Finds a typed code in a published list (the canonical result's `receipts`). */
export function lookupReceipt(
  voteId: string,
  code: string,
  receipts: ReadonlyArray<readonly [string, ReceiptStatus]>,
): ReceiptLookup | null {
  const digest = receiptDigest(voteId, code)
  if (digest === null) return null
  const line = receipts.find(([d]) => d === digest)
  return line ? { found: true, status: line[1] } : { found: false }
}
