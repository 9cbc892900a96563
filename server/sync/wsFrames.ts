/**
 * Sends over a ws socket without ws's per-send framing: a binary message is framed once (header +
 * payload in ONE buffer, cached per payload, so a broadcast to N peers frames once) and written
 * straight to the TCP socket: one write per send instead of ws's cork + two writes + uncork.
 * Safe because our WebSocketServer has no permessage-deflate (ws then writes every frame
 * synchronously, in call order, so our writes interleave correctly with its pings and close frames).
 */
import type { Duplex } from 'node:stream'
import type { WebSocket } from 'ws'
import type { WebSocketLike } from './Connection'

const framed = new WeakMap<Uint8Array, Buffer>()

/** An unmasked, final, binary WebSocket frame (RFC 6455 §5.2) carrying `payload`. */
export function binaryFrame(payload: Uint8Array): Buffer {
  const n = payload.byteLength
  const head = n < 126 ? 2 : n < 65_536 ? 4 : 10
  const buf = Buffer.allocUnsafe(head + n)
  buf[0] = 0x82
  if (n < 126) buf[1] = n
  else if (n < 65_536) {
    buf[1] = 126
    buf.writeUInt16BE(n, 2)
  } else {
    buf[1] = 127
    buf.writeUInt32BE(Math.floor(n / 2 ** 32), 2)
    buf.writeUInt32BE(n >>> 0, 6)
  }
  buf.set(payload, head)
  return buf
}

/** The frame of `payload`, built on first use and shared by every later send of the same bytes. */
export function frameOnce(payload: Uint8Array): Buffer {
  let f = framed.get(payload)
  if (!f) {
    f = binaryFrame(payload)
    framed.set(payload, f)
  }
  return f
}

/** The WebSocketLike a Connection talks to, sending pre-framed buffers on an open socket. */
export function framedSocket(ws: WebSocket): WebSocketLike {
  const raw = (ws as unknown as { _socket?: Duplex })._socket
  const direct = raw !== undefined && ws.extensions === ''
  return {
    send(data) {
      if (direct && ws.readyState === ws.OPEN) raw.write(frameOnce(data))
      else ws.send(data) // not open: ws drops it as it always did
    },
    close: (code, reason) => ws.close(code, reason),
    get bufferedAmount() {
      return ws.bufferedAmount
    },
  }
}
