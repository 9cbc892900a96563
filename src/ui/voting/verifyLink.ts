/**
 * Links printed on a vote notice. Both open the human verify page (VerifyPage.tsx), which asks the
 * JSON endpoint (GET /api/votes/<voteId>/verify) for machines:
 *  - the QR code: the full SHA-256 (64 hex digits);
 *  - the short link printed under it for typing: the first 16 hex digits (64 bits — enough that a
 *    forged notice cannot match by chance), council and vote included, so typing it works.
 */
export const SHORT_HASH_DIGITS = 16

export const verifyPath = (councilId: string, voteId: string, hash: string): string =>
  `/v/${encodeURIComponent(councilId)}/${encodeURIComponent(voteId)}/${hash}`

export const shortVerifyPath = (councilId: string, voteId: string, hash: string): string =>
  verifyPath(councilId, voteId, hash.slice(0, SHORT_HASH_DIGITS))

export const verifyApiUrl = (councilId: string, voteId: string, hash: string): string =>
  `/api/votes/${encodeURIComponent(voteId)}/verify?council=${encodeURIComponent(councilId)}&hash=${encodeURIComponent(hash)}`
