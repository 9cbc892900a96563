import { describe, expect, it } from 'vitest'
import { binaryFrame, frameOnce } from '../../server/sync/wsFrames'

describe('pre-framed sends', () => {
  it('writes the RFC 6455 header for every length class (7-bit, 16-bit, 64-bit lengths), payload after it', () => {
    const headers: Array<[number, number[]]> = [
      [0, [0x82, 0]],
      [125, [0x82, 125]],
      [126, [0x82, 126, 0, 126]],
      [65_535, [0x82, 126, 0xff, 0xff]],
      [65_536, [0x82, 127, 0, 0, 0, 0, 0, 1, 0, 0]],
      [200_000, [0x82, 127, 0, 0, 0, 0, 0, 3, 0x0d, 0x40]],
    ]
    for (const [n, header] of headers) {
      const payload = Uint8Array.from({ length: n }, (_, i) => i % 251)
      const frame = binaryFrame(payload)
      expect([...frame.subarray(0, header.length)], `length ${n}`).toEqual(header)
      expect(frame.subarray(header.length).equals(payload), `payload of length ${n}`).toBe(true)
    }
  })

  it('frames a payload once and shares the buffer between sends', () => {
    const payload = new Uint8Array([0, 2, 1, 7])
    expect(frameOnce(payload)).toBe(frameOnce(payload))
    expect(frameOnce(new Uint8Array([0, 2, 1, 7]))).not.toBe(frameOnce(payload))
  })
})
