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

/** The id of a record: random, URL-safe, made on the device (works offline). `prefix_` + 12 characters;
 * `prefix` keeps kinds apart in logs. */
export const newId = (prefix: string): string => `${prefix}_${randomChars(12)}`

/** Alphabet of ids a person reads aloud or types (case numbers): no l, o, 0 or 1. */
export const READABLE_ALPHABET = 'abcdefghijkmnpqrstuvwxyz23456789'
/** `prefix` + 9 characters of READABLE_ALPHABET: an id a person may read as a serial number. */
export const newReadableId = (prefix: string): string => `${prefix}${randomChars(9, READABLE_ALPHABET)}`
