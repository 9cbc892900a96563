/** The shared form-submit state: one submit at a time, errors cleared on retry, failures turned to text. */
import { createRoot } from 'solid-js'
import { describe, expect, it } from 'vitest'
import { useSubmit } from '../../../src/ui/form/useSubmit'

const inRoot = <T>(fn: () => T): T => createRoot(() => fn())
const toText = (e: unknown) => `failed: ${(e as Error).message}`

describe('useSubmit', () => {
  it('is busy while the work runs and ignores a second submit meanwhile', async () => {
    const s = inRoot(() => useSubmit(toText))
    let release = () => {}
    let calls = 0
    const first = s.run(() => {
      calls++
      return new Promise<void>((r) => {
        release = r
      })
    })
    expect(s.busy()).toBe(true)
    await s.run(async () => {
      calls++
    })
    expect(calls).toBe(1)
    release()
    await first
    expect(s.busy()).toBe(false)
  })

  it('shows a failure as text and clears it when the next submit starts', async () => {
    const s = inRoot(() => useSubmit(toText))
    await s.run(async () => {
      throw new Error('boom')
    })
    expect(s.error()).toBe('failed: boom')
    expect(s.busy()).toBe(false)
    let seen = 'unset'
    await s.run(async () => {
      seen = s.error()
    })
    expect(seen).toBe('')
    expect(s.error()).toBe('')
  })

  it('keepErrorWhileBusy leaves the last error up until the retry succeeds', async () => {
    const s = inRoot(() => useSubmit(toText))
    s.fail('wrong password')
    let seen = 'unset'
    await s.run(
      async () => {
        seen = s.error()
      },
      { keepErrorWhileBusy: true },
    )
    expect(seen).toBe('wrong password')
    expect(s.error()).toBe('')
  })
})
