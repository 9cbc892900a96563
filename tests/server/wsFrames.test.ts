import { describe, expect, it } from 'vitest'
import { Sender } from 'ws'
import { binaryFrame, frameOnce } from '../../server/sync/wsFrames'

/** ws's own framing of an unmasked binary message, as one buffer. */
const wsFrame = (payload: Uint8Array) =>
  Buffer.concat(
    Sender.frame(Buffer.from(payload), {
      fin: true,
      opcode: 2,
      mask: false,
      readOnly: false,
      rsv1: false,
    } as Parameters<typeof Sender.frame>[1]),
  )

describe('pre-framed sends', () => {
  it('frames exactly like ws for every length class (7-bit, 16-bit, 64-bit lengths)', () => {
    for (const n of [0, 1, 125, 126, 127, 65_535, 65_536, 200_000]) {
      const payload = Uint8Array.from({ length: n }, (_, i) => i % 251)
      expect(binaryFrame(payload).equals(wsFrame(payload)), `length ${n}`).toBe(true)
    }
  })

  it('frames a payload once and shares the buffer between sends', () => {
    const payload = new Uint8Array([0, 2, 1, 7])
    expect(frameOnce(payload)).toBe(frameOnce(payload))
    expect(frameOnce(new Uint8Array([0, 2, 1, 7]))).not.toBe(frameOnce(payload))
  })
})
