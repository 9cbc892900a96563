import { prng as mulberry32 } from '../../src/domain/random'

/** The app's seeded PRNG with test conveniences, so a failing seed can be rerun (fuzz and read-model tests). */
export function prng(seed: number) {
  const next = mulberry32(seed)
  return {
    next,
    int: (n: number) => Math.floor(next() * n),
    bytes: (n: number) => Uint8Array.from({ length: n }, () => Math.floor(next() * 256)),
    pick: <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)]!,
  }
}
export type Rng = ReturnType<typeof prng>
