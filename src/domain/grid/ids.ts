/** Branded ids and doc names of the grid feature (docs/schema.md "grid", "event", "lists"). */
declare const brand: unique symbol
type Brand<T, B extends string> = T & { readonly [brand]: B }

export type EventId = Brand<string, 'EventId'>
export type StepId = Brand<string, 'StepId'>
export type OrderId = Brand<string, 'OrderId'>

const ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789'

/** Random, URL-safe, generated on the device (works offline). `prefix_` + 12 characters. */
export function randomId(prefix: string): string {
  const bytes = new Uint8Array(12)
  globalThis.crypto.getRandomValues(bytes)
  let s = ''
  for (const b of bytes) s += ALPHABET[b % ALPHABET.length]
  return `${prefix}_${s}`
}

export const newEventId = (): EventId => randomId('e') as EventId
export const newStepId = (): StepId => randomId('s') as StepId
export const newOrderId = (): OrderId => randomId('o') as OrderId
export const newListItemId = (kind: 'n' | 'r' | 'p' | 'x' | 'k'): string => randomId(kind)

export const ID_RE = /^[A-Za-z0-9_-]{1,40}$/

/** The compound's grid hierarchy (one doc per council). */
export const gridDocName = (councilId: string): string => `grid:${councilId}`
/** Every event of the compound and every step taken on it (append-only maps). */
export const eventDocName = (councilId: string): string => `event:${councilId}`
/** The four lists and the volunteer service orders. */
export const listsDocName = (councilId: string): string => `lists:${councilId}`
