/**
 * Offline login. After each successful online login the device keeps a PBKDF2-SHA-256 verifier of
 * the password (random salt, 100,000 iterations) — never the password itself. Someone who logged out
 * can then log in again without network using the same phone + password.
 */
export const PBKDF2_ITERATIONS = 100_000

export interface LocalVerifier {
  v: 1
  salt: string
  iterations: number
  hash: string
}

const enc = new TextEncoder()

function toB64(bytes: Uint8Array): string {
  let s = ''
  for (const b of bytes) s += String.fromCharCode(b)
  return btoa(s)
}

function fromB64(s: string): Uint8Array<ArrayBuffer> {
  const bin = atob(s)
  const out = new Uint8Array(bin.length)
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i)
  return out
}

async function derive(password: string, salt: Uint8Array<ArrayBuffer>, iterations: number): Promise<Uint8Array> {
  const base = await crypto.subtle.importKey('raw', enc.encode(password), 'PBKDF2', false, ['deriveBits'])
  return new Uint8Array(
    await crypto.subtle.deriveBits({ name: 'PBKDF2', hash: 'SHA-256', salt, iterations }, base, 256),
  )
}

/** Constant-time compare: the verifier is local, but there is no reason to leak timing. */
function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false
  let diff = 0
  for (let i = 0; i < a.length; i++) diff |= (a[i] ?? 0) ^ (b[i] ?? 0)
  return diff === 0
}

export async function createVerifier(password: string): Promise<LocalVerifier> {
  const salt = crypto.getRandomValues(new Uint8Array(16))
  const hash = await derive(password, salt, PBKDF2_ITERATIONS)
  return { v: 1, salt: toB64(salt), iterations: PBKDF2_ITERATIONS, hash: toB64(hash) }
}

export async function checkVerifier(password: string, verifier: LocalVerifier): Promise<boolean> {
  const hash = await derive(password, fromB64(verifier.salt), verifier.iterations)
  return sameBytes(hash, fromB64(verifier.hash))
}

export function isVerifier(v: unknown): v is LocalVerifier {
  const o = v as Partial<LocalVerifier> | null
  return (
    !!o &&
    o.v === 1 &&
    typeof o.salt === 'string' &&
    typeof o.hash === 'string' &&
    typeof o.iterations === 'number' &&
    o.iterations >= PBKDF2_ITERATIONS
  )
}
