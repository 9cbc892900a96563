/**
 * WebSocket close codes the sync server uses. Clients (the provider) should treat 4400/1003/1007
 * as "do not retry this exact data" and everything else as "reconnect with backoff and resync".
 */
export const CLOSE = {
  /** Server shutting down (standard "going away"); reconnect later. */
  GOING_AWAY: { code: 1001, reason: 'server shutting down' },
  /** Frame could not be decoded at all or has an unknown message type. */
  UNSUPPORTED: { code: 1003, reason: 'unknown message type' },
  /** Update frame carried bytes that are not a valid Yjs update (sent after a REJECT). */
  INVALID_UPDATE: { code: 1007, reason: 'invalid update' },
  /** Frame above YISHI_MAX_FRAME_BYTES (sent by `ws` itself) or awareness state too large. */
  TOO_BIG: { code: 1009, reason: 'message too big' },
  /** Storage failed; the update was REJECTed with code "storage-failed". Reconnect and resend. */
  INTERNAL: { code: 1011, reason: 'internal error' },
  /** Per-IP connection cap reached. */
  TRY_AGAIN_LATER: { code: 1013, reason: 'too many connections' },
  /** Path is not /sync/<valid doc name>. */
  INVALID_DOC_NAME: { code: 4400, reason: 'invalid doc name' },
  /** Frame truncated/undecodable (malformed varints, truncated payload). */
  MALFORMED: { code: 4400, reason: 'malformed frame' },
  /** Outgoing buffer above YISHI_MAX_BUFFERED_BYTES; reconnect and resync instead of buffering. */
  SLOW_CONSUMER: { code: 4429, reason: 'slow consumer' },
} as const

export type CloseSpec = { code: number; reason: string }
