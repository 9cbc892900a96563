/**
 * A domain command's refusal (src/domain/result.ts): it comes back as data with the expected code and
 * leaves every doc it could have touched exactly as it was (same state vector, same content).
 */
import { expect } from 'vitest'
import * as Y from 'yjs'
import type { Result } from '../../src/domain/result'

export function expectRefused<T>(docs: Y.Doc | readonly Y.Doc[], command: () => Result<T>, code: string): void {
  const all = Array.isArray(docs) ? docs : [docs as Y.Doc]
  const before = all.map((d) => [Y.encodeStateVector(d), Y.encodeStateAsUpdate(d)] as const)
  const r = command()
  expect(r).toMatchObject({ ok: false, code })
  all.forEach((d, i) => {
    expect(Y.encodeStateVector(d), `doc ${i}: state vector changed by a refused command`).toEqual(before[i]![0])
    expect(Y.encodeStateAsUpdate(d)).toEqual(before[i]![1])
  })
}
