/**
 * Access tokens: short-lived HS256 JWTs (jose) naming the user; roles are looked up on every
 * connection, so revoking a membership takes effect without waiting for expiry.
 * Refresh tokens: opaque random strings, stored only as SHA-256 hashes, rotated on each use.
 */
import { SignJWT, jwtVerify, errors } from 'jose'
import { createHash, randomBytes } from 'node:crypto'
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

export const ACCESS_TOKEN_TTL_S = 15 * 60
export const REFRESH_TOKEN_TTL_S = 30 * 24 * 3600
const ISSUER = 'yishi'

export interface AccessClaims {
  userId: string
  name: string
}

export type VerifyResult = { ok: true; claims: AccessClaims } | { ok: false; reason: 'missing' | 'expired' | 'invalid' }

/** Secret from YISHI_JWT_SECRET, else generated once into <dataDir>/jwt.secret (mode 0600). */
export function loadSecret(dataDir: string, fromEnv = process.env.YISHI_JWT_SECRET): Uint8Array {
  if (fromEnv && fromEnv.length >= 32) return new TextEncoder().encode(fromEnv)
  mkdirSync(dataDir, { recursive: true })
  const file = join(dataDir, 'jwt.secret')
  if (!existsSync(file)) writeFileSync(file, randomBytes(48).toString('base64'), { mode: 0o600 })
  return new TextEncoder().encode(readFileSync(file, 'utf8').trim())
}

export class TokenService {
  constructor(
    private readonly secret: Uint8Array,
    private readonly now = () => Date.now(),
  ) {}

  async issueAccess(claims: AccessClaims, ttlS = ACCESS_TOKEN_TTL_S): Promise<string> {
    const iat = Math.floor(this.now() / 1000)
    return new SignJWT({ name: claims.name })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(claims.userId)
      .setIssuer(ISSUER)
      .setIssuedAt(iat)
      .setExpirationTime(iat + ttlS)
      .sign(this.secret)
  }

  async verifyAccess(token: string | null | undefined): Promise<VerifyResult> {
    if (!token) return { ok: false, reason: 'missing' }
    try {
      const { payload } = await jwtVerify(token, this.secret, {
        issuer: ISSUER,
        algorithms: ['HS256'],
        currentDate: new Date(this.now()),
      })
      if (typeof payload.sub !== 'string' || typeof payload.name !== 'string') {
        return { ok: false, reason: 'invalid' }
      }
      return { ok: true, claims: { userId: payload.sub, name: payload.name } }
    } catch (e) {
      return { ok: false, reason: e instanceof errors.JWTExpired ? 'expired' : 'invalid' }
    }
  }
}

export function newRefreshToken(): { token: string; hash: string } {
  const token = randomBytes(32).toString('base64url')
  return { token, hash: hashRefreshToken(token) }
}

export function hashRefreshToken(token: string): string {
  return createHash('sha256').update(token).digest('hex')
}
