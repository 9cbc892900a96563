import { describe, expect, it } from 'vitest'
import { checkVerifier, createVerifier, isVerifier, PBKDF2_ITERATIONS } from '../../../src/auth/localVerifier'

describe('offline password verifier', () => {
  it('accepts the same password, refuses others, and never stores the password', async () => {
    const v = await createVerifier('楼长密码-2024')
    expect(isVerifier(v)).toBe(true)
    expect(v.iterations).toBe(PBKDF2_ITERATIONS)
    expect(JSON.stringify(v)).not.toContain('2024')
    expect(await checkVerifier('楼长密码-2024', v)).toBe(true)
    expect(await checkVerifier('楼长密码-2025', v)).toBe(false)
    expect(await checkVerifier('', v)).toBe(false)
  })

  it('salts each verifier', async () => {
    const [a, b] = await Promise.all([createVerifier('same'), createVerifier('same')])
    expect(a.salt).not.toBe(b.salt)
    expect(a.hash).not.toBe(b.hash)
  })

  it('rejects weakened or malformed stored verifiers', () => {
    expect(isVerifier({ v: 1, salt: 'x', hash: 'y', iterations: 1000 })).toBe(false)
    expect(isVerifier(null)).toBe(false)
  })
})
