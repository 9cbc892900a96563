/**
 * Small checks on incoming frames used by Connection: awareness payloads and truncated varints.
 */
import * as decoding from 'lib0/decoding'
import { CLOSE, type CloseSpec } from './closeCodes'

/** A protocol violation: close the connection with `spec`. */
export class ProtocolError extends Error {
  constructor(readonly spec: CloseSpec) {
    super(spec.reason)
  }
}

/** True when `update` decodes completely as an awareness update with JSON states. */
export function isWellFormedAwareness(update: Uint8Array): boolean {
  try {
    const d = decoding.createDecoder(update)
    const n = decoding.readVarUint(d)
    for (let i = 0; i < n; i++) {
      decoding.readVarUint(d) // client id
      decoding.readVarUint(d) // clock
      JSON.parse(decoding.readVarString(d))
    }
    return true
  } catch {
    return false
  }
}

/** Runs a decoder read; a truncated frame (lib0 throws) becomes a protocol error. */
export function readOrThrow<T>(read: () => T): T {
  try {
    return read()
  } catch {
    throw new ProtocolError(CLOSE.MALFORMED)
  }
}
