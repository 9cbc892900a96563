/**
 * Id helpers shared by the feature id modules (meetings, proposals, grid, mediation, voting…).
 * Ids are made on the device so they work offline; each feature keeps its own branded types,
 * prefixes and formats, and only the random part is made here.
 */
declare const brand: unique symbol
/** A string (or other base type) tagged with a feature's id kind, so ids of kinds do not mix. */
export type Brand<T, B extends string> = T & { readonly [brand]: B }

const ALPHANUMERIC = 'abcdefghijklmnopqrstuvwxyz0123456789'

/** `length` random characters of `alphabet` (one random byte each; crypto.getRandomValues). */
export function randomChars(length: number, alphabet: string = ALPHANUMERIC): string {
  const bytes = new Uint8Array(length)
  globalThis.crypto.getRandomValues(bytes)
  let s = ''
  for (const b of bytes) s += alphabet[b % alphabet.length]
  return s
}

/** Random, URL-safe, generated on the device (works offline). `prefix_` + 12 characters. */
export const randomId = (prefix: string): string => `${prefix}_${randomChars(12)}`
