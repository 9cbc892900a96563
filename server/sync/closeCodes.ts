/**
 * WebSocket close codes the sync server uses; they follow docs/protocol.md "Close codes".
 * 4400-4499 = "don't retry this data blindly" (y-websocket stops), 4529/1001/1011 = "reconnect with backoff and resync".
 */
export const CLOSE = {
  /** Server shutting down; reconnect later. */
  GOING_AWAY: { code: 1001, reason: 'server shutting down' },
  /** Frame above YISHI_MAX_FRAME_BYTES (sent by `ws` itself) or awareness update too large. */
  TOO_BIG: { code: 1009, reason: 'message too big' },
  /** Storage failed; the update was REJECTed with code "storage-failed". Reconnect and resend. */
  INTERNAL: { code: 1011, reason: 'internal error' },
  /** Path is not /sync/<valid doc name>. */
  INVALID_DOC_NAME: { code: 4400, reason: 'invalid doc name' },
  /** Frame truncated/undecodable (malformed varints, truncated payload) or a text frame. */
  MALFORMED: { code: 4400, reason: 'malformed frame' },
  /** Unknown message type or sync sub-type. */
  UNSUPPORTED: { code: 4400, reason: 'unknown message type' },
  /** Update frame carried bytes that are not a valid Yjs update (sent after REJECT invalid-update). */
  INVALID_UPDATE: { code: 4400, reason: 'invalid update' },
  /** No (more) read access: role or council membership removed, or not (no longer) assigned to the case. */
  FORBIDDEN: { code: 4403, reason: 'forbidden' },
  /** Per-IP connection cap reached. */
  TOO_MANY_CONNECTIONS: { code: 4529, reason: 'too many connections' },
  /** Outgoing buffer above YISHI_MAX_BUFFERED_BYTES; reconnect and resync instead of buffering. */
  // 45xx: y-websocket clients reconnect on 4500-4599 but give up on 4400-4499.
  SLOW_CONSUMER: { code: 4529, reason: 'slow consumer' },
  /** Frame rate above YISHI_FRAME_RATE/_BURST (connection) or YISHI_USER_FRAME_RATE/_BURST (user). */
  RATE_LIMITED: { code: 4529, reason: 'rate limited' },
  /** More unprocessed incoming bytes queued than we buffer per connection (a flood). */
  INBOUND_FLOOD: { code: 4529, reason: 'too many queued frames' },
} as const

export type CloseSpec = { code: number; reason: string }
