/**
 * Yishi's additions to the y-websocket wire protocol (see docs/protocol.md).
 *
 * y-websocket uses message types 0 (sync), 1 (awareness), 2 (auth), 3 (query awareness).
 * We add two server → client messages so a client knows which of its changes are durably stored:
 *   100 ACK    varUint(seq)                          all update-bearing frames 1..seq of this
 *                                                    connection are stored (or were refused)
 *   101 REJECT varUint(seq) varString(code) varString(message)
 *                                                    frame `seq` was refused and not stored
 * "Update-bearing" = a sync frame of sub-type step2 (1) or update (2) sent by the client. Both sides
 * count them per connection starting at 1, so no sequence number travels client → server and the
 * stock y-websocket client frames stay unchanged.
 * Each message kind is a pair of pure write/read functions over lib0 encoders (as y-protocols does).
 */
import * as encoding from 'lib0/encoding'
import * as decoding from 'lib0/decoding'

export const MESSAGE_SYNC = 0
export const MESSAGE_AWARENESS = 1
export const MESSAGE_AUTH = 2
export const MESSAGE_QUERY_AWARENESS = 3
export const MESSAGE_ACK = 100
export const MESSAGE_REJECT = 101

export const SYNC_STEP1 = 0
export const SYNC_STEP2 = 1
export const SYNC_UPDATE = 2

export function writeAck(encoder: encoding.Encoder, seq: number): void {
  encoding.writeVarUint(encoder, MESSAGE_ACK)
  encoding.writeVarUint(encoder, seq)
}

/** Reads the body of an ACK (after the message type). */
export function readAck(decoder: decoding.Decoder): number {
  return decoding.readVarUint(decoder)
}

export interface Rejection {
  seq: number
  code: string
  message: string
}

export function writeReject(encoder: encoding.Encoder, r: Rejection): void {
  encoding.writeVarUint(encoder, MESSAGE_REJECT)
  encoding.writeVarUint(encoder, r.seq)
  encoding.writeVarString(encoder, r.code)
  encoding.writeVarString(encoder, r.message)
}

/** Reads the body of a REJECT (after the message type). */
export function readReject(decoder: decoding.Decoder): Rejection {
  const seq = decoding.readVarUint(decoder)
  const code = decoding.readVarString(decoder)
  const message = decoding.readVarString(decoder)
  return { seq, code, message }
}

/** Same bytes as writeAck, without an encoder: one ACK goes out per stored frame (hot path). */
export function encodeAck(seq: number): Uint8Array {
  let len = 2
  for (let v = seq; v > 0x7f; v = Math.floor(v / 128)) len++
  const out = new Uint8Array(len)
  out[0] = MESSAGE_ACK
  let v = seq
  for (let i = 1; i < len; i++, v = Math.floor(v / 128)) out[i] = (v % 128) | (i < len - 1 ? 0x80 : 0)
  return out
}

export function encodeReject(r: Rejection): Uint8Array {
  const e = encoding.createEncoder()
  writeReject(e, r)
  return encoding.toUint8Array(e)
}

/**
 * True when a client → server frame carries document content (sync step2 or update) and therefore
 * takes the next sequence number. Never throws: a frame too short to classify is not update-bearing.
 */
export function isUpdateBearing(frame: Uint8Array): boolean {
  if (frame.length < 2) return false
  try {
    const d = decoding.createDecoder(frame)
    if (decoding.readVarUint(d) !== MESSAGE_SYNC) return false
    const sub = decoding.readVarUint(d)
    return sub === SYNC_STEP2 || sub === SYNC_UPDATE
  } catch {
    return false
  }
}
