import { createHash } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { sha256, sha256Hex } from '../../../../src/domain/crypto/sha256'

const node = (b: Uint8Array) => createHash('sha256').update(b).digest('hex')
const hex = (b: Uint8Array) => [...b].map((x) => x.toString(16).padStart(2, '0')).join('')

describe('sha256', () => {
  it('matches the FIPS 180-4 test vectors', () => {
    expect(sha256Hex('')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855')
    expect(sha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad')
    expect(sha256Hex('abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq')).toBe(
      '248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1',
    )
  })

  it('agrees with node:crypto on Chinese text and on every length around block boundaries', () => {
    expect(sha256Hex('议事会纪要：同意加装电梯。')).toBe(node(new TextEncoder().encode('议事会纪要：同意加装电梯。')))
    for (let n = 0; n < 200; n++) {
      const b = new Uint8Array(n).map((_, i) => (i * 31 + n) & 0xff)
      expect(hex(sha256(b))).toBe(node(b))
    }
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 3000 }), (b) => hex(sha256(b)) === node(b)),
      { numRuns: 100 },
    )
  })
})
